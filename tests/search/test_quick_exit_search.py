"""Quick exit on the search pages about violence (offers/quick_exit.py, search/views.py): the
life situation's entry page (``soeg/?life_situation=vold``), a query naming it, a query whose
results hold an offer about violence; not on other searches."""

import pytest

from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db

NEUTRAL = "https://vejret.example.org/"


@pytest.fixture(autouse=True)
def neutral_site(settings):
    settings.SOCIALKOMPAS_QUICK_EXIT_URL = NEUTRAL


def has_quick_exit(client, url, data=None):
    response = client.get(url, data or {})
    assert response.status_code == 200
    html = response.content.decode()
    shown = f'href="{NEUTRAL}" rel="noreferrer"' in html and "Forlad siden" in html
    assert shown == (response.context["quick_exit"] is not None)
    return shown


def test_search_pages_about_violence(client, demo):
    assert has_quick_exit(client, "/kolding/soeg/", {"life_situation": "vold"})
    assert has_quick_exit(client, "/soeg/", {"life_situation": "vold"})
    assert has_quick_exit(client, "/kolding/soeg/", {"life_situation": ["sorg", "vold"]})
    assert has_quick_exit(client, "/kolding/soeg/", {"q": "vold"})
    # The word names no life situation, but the results are about violence.
    assert has_quick_exit(client, "/kolding/soeg/", {"q": "krisecenter"})


def test_other_searches_have_no_quick_exit(client, demo):
    assert not has_quick_exit(client, "/kolding/soeg/")
    assert not has_quick_exit(client, "/kolding/soeg/", {"q": "sorg"})
    assert not has_quick_exit(client, "/kolding/soeg/", {"life_situation": "sorg"})
    assert not has_quick_exit(client, "/soeg/", {"q": "xqzvw"})


def test_a_violence_offer_among_the_results(client, kolding):
    OfferPageFactory(parent=kolding, title="Samtalegruppe", life_situations=["vold"])
    OfferPageFactory(parent=kolding, title="Samtalegruppe om sorg", life_situations=["sorg"])
    assert has_quick_exit(client, "/kolding/soeg/", {"q": "samtalegruppe"})
