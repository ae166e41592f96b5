"""Query budgets (issue 7): every public page costs the same number of queries with a few
offers and municipalities as with many more. Each URL is measured at two data sizes; the
figures are printed for the record and must be equal. (The exact pins per page live with
each feature's tests: test_public_pages, test_search_facets, test_shortlist, test_dashboard.)
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.municipalities import create_municipality
from home.page_cache import invalidate
from tests.home.factories import ContentPageFactory
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db


def _queries(client, url, method="get", data=None):
    invalidate()  # the cost of rendering, not of a page-cache hit
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def _grow(home, municipalities, offers_each):
    """Add municipalities and offers; returns the first offer of each municipality."""
    firsts = []
    for n in range(municipalities):
        municipality = create_municipality(f"Vækstby {len(firsts)}-{n}-{offers_each}")
        for i in range(offers_each):
            offer = OfferPageFactory(
                parent=municipality, life_situations=["sorg", "angst"], title=f"Tilbud {i}"
            )
            if i == 0:
                firsts.append(offer)
        OfferPageFactory(parent=home, life_situations=["ensomhed"])
    return firsts


def _urls(kolding, offer, national_offer):
    ids = f"tilbud={offer.pk}&tilbud={national_offer.pk}"
    return [
        "/",
        "/kolding/",
        offer.url,
        national_offer.url,
        "/om/",
        "/kolding/soeg/",
        "/kolding/soeg/?q=sorg&life_situation=sorg&format=fysisk",
        "/soeg/?q=angst",
        "/soeg/?life_situation=sorg&municipality=kolding",
        "/api/search/?municipality=kolding&q=sorg&life_situation=angst",
        "/api/search/?q=sorg&page_size=50",
        "/api/search/suggest/?q=tilb&municipality=kolding",
        f"/kolding/min-liste/?{ids}",
        "/kolding/plakat/",
        "/kolding/opret-tilbud/",
        f"{offer.url}fejl/",
    ]


def test_public_pages_do_not_cost_more_with_more_offers_and_municipalities(client, home):
    kolding = create_municipality("Kolding")
    ContentPageFactory(parent=home, title="Om", slug="om")
    offer = OfferPageFactory(parent=kolding, life_situations=["sorg", "angst"], title="Sorg")
    national_offer = OfferPageFactory(parent=home, life_situations=["sorg"], title="Sorglinjen")
    # Enough strong matches for "sorg" that neither size lists partial matches after them (3
    # more offers fetched: the same cost at any size, but another shape of page).
    for n in range(3):
        OfferPageFactory(parent=kolding, life_situations=["sorg"], title=f"Sorg i Kolding {n}")
    urls = _urls(kolding, offer, national_offer)
    _grow(home, municipalities=1, offers_each=2)
    for url in urls:
        client.get(url)  # warm per-process caches (site root paths, settings, renditions)
    small = {url: _queries(client, url) for url in urls}

    _grow(home, municipalities=5, offers_each=8)
    for n in range(8):
        OfferPageFactory(parent=kolding, life_situations=["sorg"], title=f"Sorg {n}")
    for url in urls:
        # New municipalities were published: the search's cached vocabulary and municipality
        # list were forgotten (search/vocabulary.py) and are read once again here.
        client.get(url)
    large = {url: _queries(client, url) for url in urls}

    report = "\n".join(f"{small[u]:4} {large[u]:4}  {u}" for u in urls)
    print("\nqueries: small large  url\n" + report)
    grew = {u: (small[u], large[u]) for u in urls if small[u] != large[u]}
    assert not grew, f"query counts grew with the data:\n{report}"
