"""Quick exit ("Forlad siden", offers/quick_exit.py): on the offers about violence, not on others;
a plain link to the neutral site from the settings; the offer page costs no more queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.page_cache import invalidate
from offers.quick_exit import QUICK_EXIT_SITUATIONS, names_violence, offer_is_about_violence
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db

NEUTRAL = "https://vejret.example.org/"
BUTTON = 'class="quick-exit__button" href="https://vejret.example.org/" rel="noreferrer"'


@pytest.fixture(autouse=True)
def neutral_site(settings):
    settings.SOCIALKOMPAS_QUICK_EXIT_URL = NEUTRAL


def test_violence_is_the_life_situation_vold():
    assert QUICK_EXIT_SITUATIONS == {"vold"}
    assert names_violence(["sorg", "vold"])
    assert not names_violence(["sorg", "angst"])
    assert not names_violence([])


def test_offer_about_violence_has_the_quick_exit(client, kolding):
    offer = OfferPageFactory(parent=kolding, life_situations=["vold", "familie"])
    assert offer_is_about_violence(offer)
    html = client.get(offer.url).content.decode()
    assert BUTTON in html
    assert ">Forlad siden</a>" in html
    assert "/static/js/quick-exit.js" in html
    # First in the page after the skip link, before the header.
    assert html.index("skipnav") < html.index("quick-exit__button") < html.index("site-header")


def test_national_offer_about_violence_has_the_quick_exit(client, home):
    offer = OfferPageFactory(parent=home, life_situations=["vold"])
    assert BUTTON in client.get(offer.url).content.decode()


def test_other_offers_have_no_quick_exit(client, kolding):
    offer = OfferPageFactory(parent=kolding, life_situations=["sorg", "angst"])
    assert not offer_is_about_violence(offer)
    html = client.get(offer.url).content.decode()
    assert "Forlad siden" not in html
    assert "quick-exit" not in html
    assert "quick-exit" not in client.get("/kolding/").content.decode()


def test_the_quick_exit_costs_the_offer_page_no_query(client, kolding):
    """The life situations are read once, for the decision and the facts alike."""
    calm = OfferPageFactory(parent=kolding, life_situations=["sorg", "angst", "ensomhed"])
    violent = OfferPageFactory(parent=kolding, life_situations=["sorg", "vold", "ensomhed"])
    counts = []
    for offer in (calm, violent):
        client.get(offer.url)
        invalidate()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(offer.url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert "Vold og overgreb" in response.content.decode()  # the facts still list them


@pytest.mark.parametrize("url", ["", "www.dmi.dk", "javascript:alert(1)", "/lokal/"])
def test_a_bad_quick_exit_url_is_refused_by_the_checks(settings, url):
    from home.checks import check_quick_exit_url

    settings.SOCIALKOMPAS_QUICK_EXIT_URL = url
    assert [error.id for error in check_quick_exit_url(None)] == ["socialkompas.E001"]
    settings.SOCIALKOMPAS_QUICK_EXIT_URL = "https://www.dmi.dk/"
    assert check_quick_exit_url(None) == []
