"""Near me: ``near=<lat>,<lon>`` and ``postcode=6000`` sort physical offers by distance."""

import pytest

from home.models import MunicipalityPage
from offers.models import OfferPage
from search import geo

pytestmark = pytest.mark.django_db

KOLDING_CENTRE = "55.4904,9.4722"


def test_postcodes_and_points_are_read_without_any_outside_service():
    kolding = geo.place_of_postcode("6000")
    assert kolding.name == "6000 Kolding"
    assert geo.place_of_postcode(" 9500 Hobro").name == "9500 Hobro"
    assert geo.place_of_postcode("0000") is None
    assert geo.place_of_postcode("abc") is None
    assert len(geo.postcodes()) > 1000
    assert geo.parse_near("55.4904, 9.4722") == geo.Place(55.4904, 9.4722)
    for bad in ("", "55.49", "abc,def", "95,9", "55,200", "55.4;9.4"):
        assert geo.parse_near(bad) is None
    hobro = geo.place_of_postcode("9500")
    distance = geo.distance_km(kolding.latitude, kolding.longitude, hobro.latitude, hobro.longitude)
    assert 120 < distance < 140


def _page_offers(client, params):
    response = client.get("/kolding/soeg/", params)
    assert response.status_code == 200
    return list(response.context["results"].object_list), response


def test_physical_offers_nearest_first_and_the_others_stay(client, demo):
    _first_page, response = _page_offers(client, {"postcode": "6000"})
    offers = response.context["paginator"].object_list[:]  # every page
    everything = client.get("/kolding/soeg/").context["paginator"].count
    assert response.context["paginator"].count == everything  # nothing is left out
    distances = [o.distance_km for o in offers if o.distance_km is not None]
    assert len(distances) >= 5
    assert distances == sorted(distances)
    # The offers with a distance come first; online/telephone offers follow.
    first_without = next(i for i, o in enumerate(offers) if o.distance_km is None)
    assert all(o.distance_km is None for o in offers[first_without:])
    assert all(o.is_physical for o in offers[:first_without])
    body = response.content.decode()
    assert "Nær 6000 Kolding" in body
    assert "km" in body


def test_near_me_with_a_query_keeps_the_query_matches(client, demo):
    plain = client.get("/kolding/soeg/", {"q": "sorg"}).context["paginator"].count
    offers, response = _page_offers(client, {"q": "sorg", "near": KOLDING_CENTRE})
    assert response.context["paginator"].count == plain
    distances = [o.distance_km for o in offers if o.distance_km is not None]
    assert distances == sorted(distances)
    assert "Nær din placering" in response.content.decode()


def test_the_api_gives_the_same_order_with_distances(client, demo):
    offers, _response = _page_offers(client, {"q": "ensom", "near": KOLDING_CENTRE})
    data = client.get(
        "/api/search/",
        {"municipality": "kolding", "q": "ensom", "near": KOLDING_CENTRE, "page_size": 20},
    ).json()
    assert [r["id"] for r in data["results"]] == [o.external_id or str(o.pk) for o in offers]
    assert [r["distance_km"] for r in data["results"]] == [o.distance_km for o in offers]


def test_a_distance_is_measured_from_the_offers_place(client, kolding):
    from tests.offers.factories import OfferPageFactory

    near = OfferPageFactory(
        parent=kolding, title="Tæt på", is_physical=True, latitude="55.4910", longitude="9.4730"
    )
    far = OfferPageFactory(
        parent=kolding, title="Langt væk", is_physical=True, latitude="55.3549", longitude="9.4475"
    )
    online = OfferPageFactory(parent=kolding, title="Online", is_physical=False, is_online=True)
    offers, _response = _page_offers(client, {"near": KOLDING_CENTRE})
    assert [o.pk for o in offers] == [near.pk, far.pk, online.pk]
    assert offers[0].distance_km < 1
    assert 14 < offers[1].distance_km < 17
    assert offers[2].distance_km is None


def test_bad_places_get_danish_messages_and_keep_what_was_typed(client, demo):
    offers, response = _page_offers(client, {"q": "sorg", "postcode": "0000"})
    body = response.content.decode()
    assert "Vi kender ikke postnummeret &quot;0000&quot;" in body
    assert 'value="0000"' in body  # still in the field, to correct
    assert offers  # the search itself still answers
    for params, name in (({"postcode": "12"}, "postcode"), ({"near": "her"}, "near")):
        response = client.get("/api/search/", params)
        assert response.status_code == 400
        assert response.json()["error"]["parameter"] == name


def test_the_searches_statistics_store_no_place(client, demo):
    from search.models import SearchTerm

    client.get("/kolding/soeg/", {"q": "sorg", "near": KOLDING_CENTRE})
    row = SearchTerm.objects.get(
        query="sorg", municipality=MunicipalityPage.objects.get(slug="kolding")
    )
    assert "55" not in row.query and "9.47" not in row.query
    assert OfferPage.objects.exists()
