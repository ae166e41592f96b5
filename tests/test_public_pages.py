"""Public pages show what a citizen needs, with a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import OfferPageFactory

pytestmark = pytest.mark.django_db


def test_offer_page_shows_what_a_citizen_needs(client, home, kolding, example_csv):
    from django.core.management import call_command

    call_command("import_offers", str(example_csv), stdout=None)
    html = client.get("/kolding/sorggruppe-for-voksne/").content.decode()
    for text in [
        "Sorggruppe for voksne",
        "Sorgforeningen Kolding",
        "Sorg og tab",
        "Selvhjælps- og samtalegruppe",
        "Voksne (30-64 år)",
        "Fra 18 år",
        "Fysisk fremmøde",
        "Eksempelvej 4",
        "6000 Kolding",
        "Hver anden tirsdag kl. 19-21",
        "Gratis",
        "Kræver tilmelding",
        "Du kan ikke være anonym",
        "Dansk",
        "Ja, der er niveaufri adgang",
        'href="tel:+4500000001"',
        'href="mailto:sorg@example.org"',
        "Sidst bekræftet",
        "Der er plads til otte deltagere.",
    ]:
        assert text in html, text


def count_queries(client, url):
    from home.page_cache import invalidate

    invalidate()  # what rendering the page costs, not the page cache's hit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_offers(kolding, home, n):
    for _ in range(n):
        OfferPageFactory(parent=kolding, life_situations=["sorg", "angst"])
        OfferPageFactory(parent=home, life_situations=["ensomhed"])


@pytest.mark.parametrize(
    "url",
    ["/", "/kolding/", "/kolding/soeg/", "/kolding/soeg/?q=tilbud", "/soeg/?life_situation=sorg"],
)
def test_listing_query_counts_do_not_grow_with_offers(client, home, kolding, url):
    add_offers(kolding, home, 2)
    client.get(url)  # warm per-process caches (site root paths, settings)
    small = count_queries(client, url)
    add_offers(kolding, home, 10)
    large = count_queries(client, url)
    assert small == large == PINNED[url], f"{url}: {small} then {large} queries"


#: The search pages count facets (search/engine.py): 5 vocabulary facets and 1 aggregate (plus
#: the municipality facet on the national portal); with a query, 1 text search for the facets'
#: ids; with a life situation, 1 slug check; and a search with a query or a life situation
#: is recorded (4, search/statistics.py). See also tests/test_search_facets.py.
#: With a query also 1 for the synonym phrases (was 22 before synonyms; the count query became
#: the ranked ids query, so the rest is unchanged).
#: Every page also costs 1 for its language versions (the switcher and hreflang links).
#: A query also costs 1 for the editors' recommended offers and, for a word that is not a
#: synonym, 1 for the lexicon and 1 more for the closest word when no offer has it (here
#: "tilbud": the factory's offers are not published through a revision, so not in the lexicon).
#: Search pages +1 for the facet counts' own query (search.engine._term_counts).
#: A query +1 for the words the search statistics may keep (search.statistics.known_words).
PINNED = {
    "/": 9,
    "/kolding/": 16,  # +1: life situation counts in two queries (fast at 50,000 offers)
    "/kolding/soeg/": 19,
    "/kolding/soeg/?q=tilbud": 29,
    "/soeg/?life_situation=sorg": 23,
}


def test_offer_page_query_count(client, home, kolding):
    offer = OfferPageFactory(parent=kolding, life_situations=["sorg", "angst", "ensomhed"])
    client.get(offer.url)
    assert count_queries(client, offer.url) == 19  # 1 of them for the language versions
