"""Public pages show what a citizen needs, with a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.offers.factories import OfferPageFactory

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
    [
        "/",
        "/kolding/",
        "/kolding/soeg/",
        "/kolding/soeg/?q=samtalecafe",
        "/soeg/?life_situation=sorg",
    ],
)
def test_listing_query_counts_do_not_grow_with_offers(client, home, kolding, url):
    add_offers(kolding, home, 2)
    client.get(url)  # warm per-process caches (site root paths, settings)
    small = count_queries(client, url)
    add_offers(kolding, home, 10)
    large = count_queries(client, url)
    assert small == large == PINNED[url], f"{url}: {small} then {large} queries"


#: A search page finds, ranks, pages and counts every facet in 1 statement (search/ranking.py)
#: and fetches the page's offers (1, plus 1 prefetch); the vocabulary and the synonym phrases
#: come from the cache (search/vocabulary.py). A query also costs 1 for the editors'
#: recommended offers, 1 for how common its words are and, for a content word no offer has
#: ("samtalecafe": the factory's offers are not published through a revision, so not in the
#: lexicon), 1 for the lexicon and 1 for the closest word; a search with a query or a life
#: situation is recorded (one INSERT ... ON CONFLICT, in a savepoint inside the test's
#: transaction: 3, plus 1 for the words of the query outside the vocabulary:
#: search/statistics.py). A page's language versions (the switcher and hreflang links) cost 1
#: until the next change to a page, then come from the cache.
PINNED = {
    "/": 9,
    # +1: life situation counts in two queries (fast at 50,000 offers); -1: no breadcrumb trail
    # on the subsite's root (the header names the municipality and offers "Skift kommune").
    "/kolding/": 15,
    "/kolding/soeg/": 12,
    "/kolding/soeg/?q=samtalecafe": 18,  # no result: the suggestions are counted once (cached)
    "/soeg/?life_situation=sorg": 13,
}


def test_offer_page_query_count(client, home, kolding):
    offer = OfferPageFactory(parent=kolding, life_situations=["sorg", "angst", "ensomhed"])
    client.get(offer.url)
    # 1 of them for the language versions; +1: the recurring times (OfferPage.schedule_list,
    # read once for "Næste gang" and the calendar link; Wagtail's routing fetches the page
    # itself, so they cannot be prefetched with it).
    assert count_queries(client, offer.url) == 20
