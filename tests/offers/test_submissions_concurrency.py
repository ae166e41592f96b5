"""Submissions arriving at the same moment (PostgreSQL; a module of its own, as transactional
tests must be, see test_search_statistics_concurrency)."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from offers.models import OfferPage, ProviderType
from tests.offers.test_submissions import URL, valid_data


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_offers_with_the_same_title_sent_at_once_are_both_saved(kolding):
    """Both picked the same free slug and the second failed with a 500 (found by make bench)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with real concurrency")
    forening = str(ProviderType.objects.get(slug="forening").pk)
    barrier = threading.Barrier(2)
    statuses = []

    def send(number):
        try:
            data = valid_data(
                new_organisation_name=f"Læselysten {number}",
                new_organisation_type=forening,
                confirm_duplicate="on",
            )
            client = Client()
            barrier.wait()
            statuses.append(client.post(URL, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    slugs = set(
        OfferPage.objects.filter(title=valid_data()["title"]).values_list("slug", flat=True)
    )
    assert slugs == {"laesekreds-for-nye-danskere", "laesekreds-for-nye-danskere-2"}
