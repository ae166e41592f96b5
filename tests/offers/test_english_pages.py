"""English pages (issue 16): dates as English writes them ("12 March 2026", config/formats), and
the English front page of a municipality counts and lists every offer, translated or not, the
untranslated ones marked lang="da"."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from tests.home.test_languages import translate
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db


def render_date(language, value):
    with translation.override(language):
        return Template('{{ value|date:"DATE_FORMAT" }}').render(Context({"value": value}))


def test_dates_in_the_readers_language():
    day = dt.date(2026, 3, 12)
    assert render_date("da", day) == "12. marts 2026"
    assert render_date("en", day) == "12 March 2026"


def test_offer_page_dates(client, kolding):
    confirmed = timezone.make_aware(dt.datetime(2026, 12, 1, 12, 0))
    offer = OfferPageFactory(parent=kolding, title="Sorggruppe", last_confirmed_at=confirmed)
    english = translate(offer, "en", {"Sorggruppe": "Grief group"})
    danish_html = client.get(offer.url).content.decode()
    assert ">1. december 2026</time>" in danish_html
    english_html = client.get(english.url).content.decode()
    assert ">1 December 2026</time>" in english_html
    assert "1. December" not in english_html


def test_english_front_page_counts_and_shows_untranslated_offers(client, kolding):
    translated = OfferPageFactory(parent=kolding, title="Sorggruppe", life_situations=["sorg"])
    danish_only = OfferPageFactory(parent=kolding, title="Kun på dansk", life_situations=["sorg"])
    translate(translated, "en", {"Sorggruppe": "Grief group"})
    html = client.get("/en/kolding/").content.decode()
    situations = html.split('class="situation-list"', 1)[1].split("</ul>", 1)[0]
    assert "?life_situation=sorg" in situations
    assert "(2 " in situations  # both offers, translated or not
    newest = html.split('id="newest-heading"', 1)[1].split("</section>", 1)[0]
    assert '<h3 class="card-heading offer-card__title"><a href="/en/kolding/' in newest
    assert f'lang="da"><a href="/kolding/{danish_only.slug}/">Kun på dansk</a>' in newest
    assert "Grief group" in newest
    # The Danish page marks nothing.
    assert 'lang="da"><a' not in client.get("/kolding/").content.decode()
