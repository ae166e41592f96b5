"""English pages (issue 16): dates as English writes them ("12 March 2026", config/formats), the
English front page of a municipality counts and lists every offer, translated or not, the
untranslated ones marked lang="da" (also inside the interface's sentences), and the forms name
the vocabulary and explain in English."""

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


def test_english_forms_name_the_vocabulary_in_english(client, kolding):
    translate(kolding, "en")
    html = client.get("/en/kolding/opret-tilbud/").content.decode()
    for english, danish in (
        ("Anxiety", "Angst"),  # life situation
        ("Danish", "Dansk"),  # language
        ("Voluntary association", "Frivillig forening"),  # kind of organisation
    ):
        assert f">{english}</label>" in html, english
        assert f">{danish}</label>" not in html, danish
    assert ">Angst</label>" in client.get("/kolding/opret-tilbud/").content.decode()


def test_english_error_report_form_explains_in_english(client, kolding):
    offer = OfferPageFactory(parent=kolding, title="Sorggruppe")
    english = translate(offer, "en", {"Sorggruppe": "Grief group"})
    html = client.get(english.url + "fejl/").content.decode()
    assert "E.g. a wrong address or time" in html and "At most 2000 characters." in html
    assert "Fx en forkert adresse" not in html
    assert "Fx en forkert adresse" in client.get(offer.url + "fejl/").content.decode()


def test_untranslated_content_in_english_sentences_is_marked(client, kolding):
    translate(kolding, "en")
    offer = OfferPageFactory(
        parent=kolding,
        title="Sorggruppe",
        schedule="Hver tirsdag",
        price_note="20 kr. for kaffe",
        latitude="55.4910",
        longitude="9.4730",
    )
    marked = '<span lang="da">Sorggruppe</span>'
    search = client.get("/en/kolding/soeg/", {"near": "55.4904,9.4722"}).content.decode()
    assert f'<span class="visually-hidden">{marked}: </span>about 0.1 km away' in search
    assert f'<span class="visually-hidden">: {marked}</span></a>' in search  # "Add to my list"
    shortlist = client.get("/en/kolding/min-liste/", {"tilbud": offer.pk}).content.decode()
    assert '<dd><span lang="da">Hver tirsdag</span></dd>' in shortlist
    assert '– <span lang="da">20 kr. for kaffe</span>' in shortlist
    assert f'Remove from the list<span class="visually-hidden">: {marked}</span>' in shortlist
    # The Danish pages mark nothing.
    danish = client.get("/kolding/min-liste/", {"tilbud": offer.pk}).content.decode()
    assert '<span lang="da">' not in danish
