"""Editors pin recommended offers for a query (wagtail.contrib.search_promotions)."""

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from offers.models import OfferPage

pytestmark = pytest.mark.django_db


def _pin(query, *offers):
    q = Query.get(query)
    for i, offer in enumerate(offers):
        SearchPromotion.objects.create(query=q, page=offer, sort_order=i)


def _ids(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 200
    return [o.pk for o in response.context["paginator"].object_list[:]], response


def test_a_pinned_offer_comes_first_and_is_marked_even_without_matching_words(client, demo):
    helpline = OfferPage.objects.get(external_id="national-008")  # Ringevennen: no "sorg"
    kolding_offer = OfferPage.objects.get(external_id="kol-001")
    mariagerfjord_offer = OfferPage.objects.get(external_id="mar-002")
    _pin("Sorg", mariagerfjord_offer, helpline, kolding_offer)

    ids, response = _ids(client, "/kolding/soeg/", {"q": "  SORG "})
    # Out of Kolding's scope: not shown; the others in the editors' order, first.
    assert ids[:2] == [helpline.pk, kolding_offer.pk]
    assert mariagerfjord_offer.pk not in ids
    assert "Anbefalet til din søgning" in response.content.decode()
    data = client.get("/api/search/", {"municipality": "kolding", "q": "sorg"}).json()
    assert [r["id"] for r in data["results"][:2]] == ["national-008", "kol-001"]
    assert [r["recommended"] for r in data["results"][:3]] == [True, True, False]

    # A filter the pinned offer does not pass still applies.
    ids, _response = _ids(client, "/kolding/soeg/", {"q": "sorg", "format": "fysisk"})
    assert helpline.pk not in ids  # a telephone line, not a place to go
    # Another query is not affected.
    ids, _response = _ids(client, "/kolding/soeg/", {"q": "ensom"})
    assert ids[0] != kolding_offer.pk


def test_national_editors_pin_offers_in_the_admin(client, demo):
    from django.contrib.auth.models import User

    national_editor = User.objects.get(username="redaktoer")  # the demo's users
    kolding_admin = User.objects.get(username="kolding")
    offer = OfferPage.objects.get(external_id="kol-001")
    client.force_login(national_editor)
    response = client.post(
        "/admin/searchpicks/add/",
        {
            "query_string": "begravelse",
            "editors_picks-TOTAL_FORMS": "1",
            "editors_picks-INITIAL_FORMS": "0",
            "editors_picks-MIN_NUM_FORMS": "0",
            "editors_picks-MAX_NUM_FORMS": "1000",
            "editors_picks-0-page": str(offer.pk),
            "editors_picks-0-external_link_url": "",
            "editors_picks-0-external_link_text": "",
            "editors_picks-0-description": "Sorggruppen mødes hver anden tirsdag.",
            "editors_picks-0-ORDER": "1",
            "editors_picks-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SearchPromotion.objects.filter(query__query_string="begravelse", page=offer).exists()
    client.logout()
    ids, _response = _ids(client, "/kolding/soeg/", {"q": "begravelse"})
    assert ids[0] == offer.pk

    # Local administrators do not set the country's recommendations.
    client.force_login(kolding_admin)
    assert client.get("/admin/searchpicks/").status_code in (302, 403)
