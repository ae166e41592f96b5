"""The page cache (home/page_cache.py): fast for anonymous readers, never stale after a change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from offers.models import OfferPage

pytestmark = pytest.mark.django_db


def _get(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


def test_front_offer_and_content_pages_come_from_the_cache_the_second_time(client, demo):
    offer = OfferPage.objects.get(external_id="kol-001")
    for url in ("/", "/kolding/", offer.url, "/om-socialkompas/"):
        first, _queries = _get(client, url)
        assert first.status_code == 200, url
        assert first["X-Page-Cache"] == "miss"
        assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
        second, queries = _get(client, url)
        assert second["X-Page-Cache"] == "hit"
        assert queries == 0, url
        assert second.content == first.content
        assert "Content-Security-Policy" in second  # the other middleware still add headers
        assert not second.cookies


def test_a_publish_is_visible_on_the_next_request(client, demo):
    offer = OfferPage.objects.get(external_id="kol-001")
    client.get(offer.url)
    client.get("/kolding/")
    offer.title = "Sorggruppe for voksne – nu også om aftenen"
    offer.save_revision().publish()
    response = client.get(offer.url)
    assert response["X-Page-Cache"] == "miss"
    assert "nu også om aftenen" in response.content.decode()
    # The municipality's front page lists its newest offers: not stale either.
    assert client.get("/kolding/")["X-Page-Cache"] == "miss"


def test_unpublished_and_hidden_offers_are_gone_at_once(client, demo):
    offer = OfferPage.objects.get(external_id="kol-002")
    url = offer.url
    assert client.get(url).status_code == 200
    offer.unpublish()
    assert client.get(url).status_code == 404
    other = OfferPage.objects.get(external_id="kol-003")
    assert client.get(other.url).status_code == 200
    from django.utils import timezone

    other.stale_since = timezone.now()  # as the freshness job hides it
    other.save(update_fields=["stale_since"])
    assert client.get(other.url).status_code == 404


def test_a_moved_offer_is_not_served_from_its_old_address(client, demo):
    from home.models import HomePage

    offer = OfferPage.objects.get(external_id="kol-004")
    old_url = offer.url
    assert client.get(old_url).status_code == 200
    offer.move(HomePage.objects.get(), pos="last-child")
    response = client.get(old_url)  # Wagtail's automatic redirect, not the stored old page
    assert response.status_code == 301
    assert response["Location"] == OfferPage.objects.get(pk=offer.pk).url


def test_editors_queries_and_searches_are_never_cached(client, demo):
    from django.contrib.auth.models import User

    client.get("/kolding/")
    client.force_login(User.objects.get(username="kolding"))
    response = client.get("/kolding/")
    assert "X-Page-Cache" not in response  # logged in: rendered for them, not stored
    client.logout()
    for url in ("/kolding/soeg/?q=sorg", "/kolding/soeg/", "/kolding/?utm=x"):
        client.get(url)
        response = client.get(url)
        assert "X-Page-Cache" not in response, url
    assert client.get("/kolding/soeg/?q=sorg")["Cache-Control"] == "no-store"
    # Pages with a form (and its CSRF cookie) are not stored either.
    client.get("/kolding/opret-tilbud/")
    assert "X-Page-Cache" not in client.get("/kolding/opret-tilbud/")


def test_the_freshness_job_hiding_and_confirming_reaches_cached_pages(client, demo):
    """Regression: the job hides with a queryset update (no signal), which left the cached
    offer page up."""
    import datetime

    from django.utils import timezone

    from offers.freshness import confirm_offer
    from offers.review_reminders import send_review_reminders

    offer = OfferPage.objects.get(external_id="kol-005")
    long_ago = timezone.now() - datetime.timedelta(days=400)
    OfferPage.objects.filter(pk=offer.pk).update(last_confirmed_at=long_ago)
    assert client.get(offer.url).status_code == 200  # now cached
    send_review_reminders()
    assert OfferPage.objects.get(pk=offer.pk).stale_since is not None
    assert client.get(offer.url).status_code == 404
    confirm_offer(OfferPage.objects.get(pk=offer.pk))
    assert client.get(offer.url).status_code == 200
