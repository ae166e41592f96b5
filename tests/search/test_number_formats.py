"""Numbers shown to people in the reader's language (issue 16, home/templatetags/number_tags.py):
"1.234 tilbud" and "2,5 km" on Danish pages, "1,234 offers" and "2.5 km" on English ones. Ids
and coordinates in addresses and form fields stay as they are."""

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from offers.models import OfferPage
from offers.models.taxonomy import TermQuerySet
from search import geo
from search.results import RankedResults
from tests.home.test_languages import translate
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db

KOLDING_CENTRE = (55.4904, 9.4722)
#: More offers than a test makes, so that the counts need a thousands separator.
MANY = 1234


def render(language, source, **context):
    with translation.override(language):
        return Template("{% load number_tags %}" + source).render(Context(context))


def test_counts_and_decimals_in_the_readers_language():
    source = (
        '{% offer_count n %} · {% offer_count 1 %} · {{ n|grouped }} · {{ km|floatformat:"1g" }}'
    )
    assert render("da", source, n=MANY, km=2.5) == "1.234 tilbud · 1 tilbud · 1.234 · 2,5"
    assert render("en", source, n=MANY, km=2.5) == "1,234 offers · 1 offer · 1,234 · 2.5"
    # Small numbers and ids printed as they are: no separator anywhere else.
    assert render("da", "{{ n|grouped }} {{ n }}", n=999) == "999 999"
    assert render("en", "{{ n }}", n=MANY) == "1234"


@pytest.fixture
def many_per_life_situation(monkeypatch):
    """Every life situation on the front pages counts MANY offers."""
    counted = TermQuerySet.with_offer_counts

    def with_many(self, offers):
        terms = counted(self, offers)
        for term in terms:
            term.offer_count = MANY
        return terms

    monkeypatch.setattr(TermQuerySet, "with_offer_counts", with_many)


def test_front_page_counts(client, kolding, many_per_life_situation):
    OfferPageFactory(parent=kolding, life_situations=["sorg"])
    translate(kolding, "en")
    danish = client.get("/kolding/").content.decode()
    assert '<span class="count">(1.234 tilbud)</span>' in danish
    assert '?life_situation=sorg"' in danish
    english = client.get("/en/kolding/").content.decode()
    assert '<span class="count">(1,234 offers)</span>' in english
    embed = client.get("/en/kolding/indlejr/").content.decode()
    assert '<span class="count">(1,234 offers)</span>' in embed


@pytest.fixture
def far_offer(kolding):
    """A physical offer some 15 km from Kolding's centre."""
    return OfferPageFactory(
        parent=kolding,
        title="Langt væk",
        life_situations=["sorg"],
        is_physical=True,
        latitude="55.3549",
        longitude="9.4475",
    )


@pytest.fixture
def many_results(monkeypatch):
    """Every search finds MANY offers (the few the test made, and more pages of them)."""
    monkeypatch.setattr(RankedResults, "count", lambda self: MANY)
    monkeypatch.setattr(RankedResults, "__len__", lambda self: MANY)


def _expected_km(offer):
    km = geo.distance_km(*KOLDING_CENTRE, float(offer.latitude), float(offer.longitude))
    return f"{round(km, 1):.1f}"


def test_search_counts_and_distances(client, kolding, far_offer, many_results):
    translate(kolding, "en")
    near = "{:.4f},{:.4f}".format(*KOLDING_CENTRE)
    km = _expected_km(far_offer)
    assert 14 < float(km) < 17

    danish = client.get("/kolding/soeg/", {"near": near}).content.decode()
    assert '<p class="result-count" role="status">1.234 tilbud</p>' in danish
    assert f"ca. {km.replace('.', ',')} km væk" in danish
    assert "Side 1 af 62" in danish

    english = client.get("/en/kolding/soeg/", {"near": near}).content.decode()
    assert '<p class="result-count" role="status">1,234 offers</p>' in english
    assert f"about {km} km away" in english
    assert "Page 1 of 62" in english

    for html in (danish, english):
        # The place searched near goes back to the search as it came: "55,4904,9,4722" in a
        # Danish page was no place at all.
        assert f'<input type="hidden" name="near" value="{near}">' in html


@pytest.mark.parametrize("language", ["da", "en"])
def test_ids_are_not_numbers_for_people(rf, kolding, language):
    """An offer's id in the shortlist button's address and data attribute, as it is."""
    offer = OfferPage(id=12345, page_ptr_id=12345, title="Sorggruppe", locale_id=kolding.locale_id)
    with translation.override(language):
        html = render_to_string(
            "components/shortlist_button.html",
            {"offer": offer, "_subsite": kolding, "request": rf.get("/kolding/soeg/")},
        )
    assert '?tilbud=12345"' in html and 'data-shortlist-toggle="12345"' in html


def test_facet_counts(client, kolding, far_offer, monkeypatch):
    from search import engine

    counted = engine.build_facets

    def with_many(*args, **kwargs):
        facets = counted(*args, **kwargs)
        for options in facets.values():
            for option in options:
                option.count = option.count and MANY
        return facets

    monkeypatch.setattr(engine, "build_facets", with_many)
    translate(kolding, "en")
    danish = client.get("/kolding/soeg/").content.decode()
    assert ">Sorg og tab (1.234)</label>" in danish
    english = client.get("/en/kolding/soeg/").content.decode()
    assert ">Grief and loss (1,234)</label>" in english


def test_more_related_results():
    context = {"more_url": "?more=1", "related_count": MANY, "related_heading": "Andre tilbud"}
    with translation.override("da"):
        danish = render_to_string("search/related_results.html", context)
    assert "Vis flere: 1.234 tilbud, der passer på en del af søgningen" in danish
    with translation.override("en"):
        english = render_to_string("search/related_results.html", context)
    assert "1,234" in english and "1.234" not in english
