"""Autocomplete: /api/search/suggest/ finishes what a person has typed."""

import pytest

from search.models import SearchTerm

pytestmark = pytest.mark.django_db


def _suggest(client, **params):
    response = client.get("/api/search/suggest/", params)
    assert response.status_code == 200
    return response.json()["suggestions"]


def test_life_situations_phrases_and_offer_titles_are_suggested(client, demo):
    assert "Angst" in _suggest(client, q="ang")
    assert "angst" not in _suggest(client, q="ang")  # no case-only duplicates
    assert any(s.startswith("begravelse") for s in _suggest(client, q="begrav"))
    titles = _suggest(client, q="sorggr", municipality="kolding")
    assert "Sorggruppe for voksne" in titles
    assert len(_suggest(client, q="s")) == 0  # too short to mean anything
    assert len(_suggest(client, q="e")) == 0


def test_suggestions_keep_to_the_scope(client, demo):
    from offers.models import OfferPage

    mariagerfjord_title = OfferPage.objects.get(external_id="mar-005").title
    word = mariagerfjord_title.split()[0][:6]
    assert mariagerfjord_title not in _suggest(client, q=word, municipality="kolding")
    assert mariagerfjord_title in _suggest(client, q=word, municipality="mariagerfjord")


def test_bad_parameters_and_no_statistics(client, demo):
    assert client.get("/api/search/suggest/", {"q": "ang", "x": "1"}).status_code == 400
    response = client.get("/api/search/suggest/", {"q": "ang", "municipality": "atlantis"})
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "municipality"
    before = SearchTerm.objects.count()
    _suggest(client, q="angst")
    assert SearchTerm.objects.count() == before
