"""Far away (search/place.py): a postcode or a position far from every offer of the
municipality whose search page it is given on, and the municipality whose offers are nearest."""

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import MunicipalityPage
from offers.models import OfferPage
from search import geo, place, vocabulary

pytestmark = pytest.mark.django_db

HOBRO = "56.6425,9.7918"
NOTICE = re.compile(r'<div class="alert alert-info notice place-notice">(.*?)</div>\s*</div>', re.S)


def _notice(response):
    """The far-away notice's HTML, or None."""
    assert response.status_code == 200
    found = NOTICE.findall(response.content.decode())
    assert len(found) <= 1
    return found[0] if found else None


def _link(notice):
    """(text, path, [(name, value)]) of the notice's one link."""
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', notice)
    assert len(links) == 1
    href, text = links[0]
    url = urlsplit(unescape(href))
    return text, url.path, parse_qsl(url.query)


def _text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _nearest_kolding_offer_km(latitude, longitude):
    kolding = MunicipalityPage.objects.get(slug="kolding")
    return min(
        geo.distance_km(latitude, longitude, float(o.latitude), float(o.longitude))
        for o in OfferPage.objects.public().filter(
            municipality=kolding, is_physical=True, latitude__isnull=False
        )
    )


def test_a_postcode_far_from_kolding_links_the_same_search_in_mariagerfjord(client, demo):
    response = client.get(
        "/kolding/soeg/", {"q": "sorg", "life_situation": "sorg", "free": "1", "postcode": "9500"}
    )
    notice = _notice(response)
    assert notice is not None
    hobro = geo.place_of_postcode("9500")
    km = round(_nearest_kolding_offer_km(hobro.latitude, hobro.longitude))
    assert 100 < km < 140
    assert (
        f"Postnummer 9500 Hobro ligger {km} km fra det nærmeste tilbud i Kolding Kommune."
        in _text(notice)
    )
    text, path, query = _link(notice)
    assert text == "Se tilbud i Mariagerfjord Kommune"
    assert path == "/mariagerfjord/soeg/"
    assert query == [("q", "sorg"), ("life_situation", "sorg"), ("free", "1"), ("postcode", "9500")]

    # The link is a real search page, with what was typed, and no notice there: 9500 is home.
    there = client.get(path, dict(query))
    assert _notice(there) is None
    assert there.context["query"] == "sorg"
    assert there.context["postcode"] == "9500"
    assert there.context["paginator"].count > 0


def test_a_postcode_in_kolding_gets_no_notice(client, demo):
    response = client.get("/kolding/soeg/", {"postcode": "6000"})
    assert _notice(response) is None
    assert response.context["place_notice"] is None
    # A town at the edge of the municipality is not far either.
    assert _notice(client.get("/kolding/soeg/", {"postcode": "6070"})) is None


def test_a_position_far_from_kolding(client, demo):
    notice = _notice(client.get("/kolding/soeg/", {"near": HOBRO, "format": "fysisk"}))
    assert notice is not None
    assert "Din placering ligger" in _text(notice)
    assert "km fra det nærmeste tilbud i Kolding Kommune." in _text(notice)
    text, path, query = _link(notice)
    assert (text, path) == ("Se tilbud i Mariagerfjord Kommune", "/mariagerfjord/soeg/")
    assert query == [("format", "fysisk"), ("near", HOBRO)]


def test_far_from_every_municipality_says_so_without_a_link(client, demo):
    # Madrid: Kolding's own offers are the nearest there are; nowhere better to send anyone.
    response = client.get("/kolding/soeg/", {"near": "40.4168,-3.7038"})
    notice = _notice(response)
    assert "km fra det nærmeste tilbud i Kolding Kommune." in _text(notice)
    assert "<a " not in notice
    assert response.context["place_notice"]["nearness"].nearest[1] == "kolding"


def test_the_national_search_page_has_no_notice(client, demo):
    response = client.get("/soeg/", {"postcode": "9500"})
    assert _notice(response) is None
    assert "place_notice" not in response.context or response.context["place_notice"] is None


def test_a_bad_postcode_keeps_its_message_and_what_was_typed(client, demo):
    response = client.get("/kolding/soeg/", {"q": "sorg", "postcode": "95OO"})
    assert _notice(response) is None
    html = response.content.decode()
    assert 'value="95OO"' in html
    assert response.context["notices"]  # the postcode validation's own message
    assert response.context["query"] == "sorg"


def test_the_api_says_how_far_and_whose_offers_are_nearest(client, demo):
    far = client.get("/api/search/", {"municipality": "kolding", "postcode": "9500"}).json()
    hobro = geo.place_of_postcode("9500")
    assert far["place"] == {
        "far": True,
        "distance_km": round(_nearest_kolding_offer_km(hobro.latitude, hobro.longitude), 1),
        "nearest_municipality": "mariagerfjord",
        "nearest_distance_km": far["place"]["nearest_distance_km"],
    }
    assert far["place"]["nearest_distance_km"] < 5
    near = client.get("/api/search/", {"municipality": "kolding", "near": "55.4904,9.4722"})
    assert near.json()["place"]["far"] is False
    assert near.json()["place"]["nearest_municipality"] == "kolding"
    # Only with a place, and only for a municipality.
    assert "place" not in client.get("/api/search/", {"municipality": "kolding"}).json()
    assert "place" not in client.get("/api/search/", {"postcode": "9500"}).json()
    national = client.get("/api/search/", {"municipality": "national", "postcode": "9500"})
    assert "place" not in national.json()


def test_the_nearest_offer_is_the_nearest_of_all_wherever_the_place(demo):
    """The bounding box (widened when needed) finds what comparing every offer finds."""
    offers = list(
        OfferPage.objects.public()
        .filter(municipality__isnull=False, is_physical=True, latitude__isnull=False)
        .values_list("municipality_id", "latitude", "longitude")
    )
    places = [
        geo.place_of_postcode(code) for code in ("6000", "9500", "9560", "2100", "3700", "6720")
    ] + [
        geo.Place(56.0, 7.0),  # the North Sea
        geo.Place(52.52, 13.405),  # Berlin
        geo.Place(59.91, 10.75),  # Oslo
        geo.Place(-33.87, 151.21),  # Sydney
    ]
    every_offer = OfferPage.objects.public().filter(
        municipality__isnull=False, is_physical=True, latitude__isnull=False
    )
    for where in places:
        expected = min(
            (geo.distance_km(where.latitude, where.longitude, float(lat), float(lon)), m)
            for m, lat, lon in offers
        )
        found = place.nearest_offer(where, every_offer)
        assert found[0] == expected[1], where
        assert found[1] == pytest.approx(expected[0], abs=0.01), where


def test_nearness_costs_two_queries_at_most(demo):
    kolding = MunicipalityPage.objects.get(slug="kolding")
    vocabulary.municipalities()  # cached, as after the first search
    hobro = geo.place_of_postcode("9500")
    with CaptureQueriesContext(connection) as far:
        seen = place.nearness(hobro, kolding)
    assert seen.far and seen.elsewhere[1] == "mariagerfjord"
    assert len(far) == 2
    with CaptureQueriesContext(connection) as home:
        seen = place.nearness(geo.place_of_postcode("6000"), kolding)
    assert not seen.far and seen.elsewhere is None
    assert len(home) == 1  # Kolding's own offers are the nearest: no second query
    assert place.FAR_KM == 40
