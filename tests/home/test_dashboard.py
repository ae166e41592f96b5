"""The admin dashboard of a local administrator: what awaits them, counts, a fixed query cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from home.municipalities import create_municipality
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db


def pending_offer(parent, title, user):
    offer = OfferPageFactory(parent=parent, title=title, live=False)
    offer.save_revision(user=user)
    offer.get_workflow().start(offer, user)
    return offer


@pytest.fixture
def busy_kolding(kolding, mariagerfjord, national_editor):
    OfferPageFactory(parent=kolding, title="Udgivet i Kolding")
    OfferPageFactory(parent=mariagerfjord, title="Udgivet i Mariagerfjord")
    pending_offer(kolding, "Venter i Kolding", national_editor)
    pending_offer(mariagerfjord, "Venter i Mariagerfjord", national_editor)
    return kolding


def test_local_admin_dashboard(client, busy_kolding, kolding_admin):
    client.force_login(kolding_admin)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Din kommunes tilbud" in html
    assert "Venter i Kolding" in html  # awaiting their approval
    assert "Venter i Mariagerfjord" not in html
    assert "Mariagerfjord" not in html


def test_national_editor_dashboard_lists_every_municipality(client, busy_kolding, national_editor):
    client.force_login(national_editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Tilbud i kommunerne" in html
    assert "Venter i Kolding" in html and "Venter i Mariagerfjord" in html


def dashboard_queries(client):
    client.get(reverse("wagtailadmin_home"))  # warm-up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return len(queries)


#: A local administrator's dashboard, whatever the number of municipalities. (A national
#: editor's grows by one query per item awaiting review: Wagtail's own "awaiting your review"
#: panel asks for each item's workflow tasks.)
DASHBOARD_QUERIES = 31


def test_dashboard_query_count_does_not_grow_with_municipalities(
    client, busy_kolding, national_editor, kolding_admin, django_assert_max_num_queries
):
    client.force_login(kolding_admin)
    with_two = dashboard_queries(client)
    for number in range(18):
        municipality = create_municipality(f"Kommune {number}")
        OfferPageFactory(parent=municipality)
        pending_offer(municipality, f"Venter i kommune {number}", national_editor)
    with_twenty = dashboard_queries(client)
    assert with_twenty == with_two, (with_two, with_twenty)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        client.get(reverse("wagtailadmin_home"))
