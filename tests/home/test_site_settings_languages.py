"""The site settings in the reader's language (issue 16): the footer and the forms link the
English version of the pages the settings choose where there is one (the Danish one where not),
the footer costs no query until the settings or a page change, and the settings hold no free
text that would stay Danish."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import SiteSettings
from tests.home.factories import ContentPageFactory
from tests.home.test_languages import translate
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db


def footer_links(html):
    """(url, text) of the footer's links, the url followed by " hreflang=xx" where the link
    names the language of the page it leads to."""
    links = re.search(r'<ul class="[^"]*site-footer__links">(.*?)</ul>', html, re.S).group(1)
    return [
        (url + (f" hreflang={language}" if language else ""), text)
        for url, language, text in re.findall(
            r'<a href="([^"]+)"(?: hreflang="([^"]+)")?>([^<]+)</a>', links
        )
    ]


@pytest.fixture
def chosen_pages(home):
    pages = {
        "about": ContentPageFactory(parent=home, title="Om Socialkompas", slug="om"),
        "privacy": ContentPageFactory(parent=home, title="Privatlivspolitik", slug="privatliv"),
        "accessibility": ContentPageFactory(
            parent=home, title="Tilgængelighedserklæring", slug="tilgaengelighed"
        ),
    }
    site_settings = SiteSettings.load()
    for name, field in SiteSettings.PAGES.items():
        setattr(site_settings, field, pages[name])
    site_settings.save()
    return pages


@pytest.fixture
def english(home, kolding, chosen_pages):
    """English front pages, about and privacy pages; the accessibility statement only in
    Danish."""
    translate(kolding, "en")
    return {
        name: translate(chosen_pages[name], "en", {chosen_pages[name].title: title})
        for name, title in (("about", "About Socialkompas"), ("privacy", "Privacy policy"))
    }


def test_the_footer_links_the_pages_in_the_readers_language(client, english):
    assert footer_links(client.get("/en/kolding/").content.decode()) == [
        (english["about"].url, "About Socialkompas"),
        (english["privacy"].url, "Privacy policy"),
        # Not translated: the Danish statement rather than no link, marked as Danish.
        ("/tilgaengelighed/ hreflang=da", "Accessibility statement"),
    ]
    assert english["about"].url.startswith("/en/")
    assert footer_links(client.get("/kolding/").content.decode()) == [
        ("/om/", "Om Socialkompas"),
        ("/privatliv/", "Privatlivspolitik"),
        ("/tilgaengelighed/", "Tilgængelighedserklæring"),
    ]


def test_the_forms_link_the_privacy_policy_in_the_readers_language(client, english, kolding):
    offer = OfferPageFactory(parent=kolding, title="Sorggruppe")
    english_offer = translate(offer, "en", {"Sorggruppe": "Grief group"})
    privacy = english["privacy"].url
    submission = client.get("/en/kolding/opret-tilbud/").content.decode()
    assert f'<a href="{privacy}">Read the privacy policy</a>' in submission
    report = client.get(english_offer.url + "fejl/").content.decode()
    assert f'<a href="{privacy}">Read how we handle personal data</a>' in report
    danish = client.get("/kolding/opret-tilbud/").content.decode()
    assert '<a href="/privatliv/">Læs privatlivspolitikken</a>' in danish


def test_the_forms_mark_a_danish_privacy_policy_on_the_english_site(client, home, kolding):
    """Where the policy has no English version, the English form links the Danish one and
    says so with hreflang (WCAG 3.1.2): a screen reader user knows the language changes."""
    privacy = ContentPageFactory(parent=home, title="Privatlivspolitik", slug="privatliv")
    site_settings = SiteSettings.load()
    site_settings.privacy_page = privacy
    site_settings.save()
    translate(kolding, "en")
    submission = client.get("/en/kolding/opret-tilbud/").content.decode()
    assert '<a href="/privatliv/" hreflang="da">Read the privacy policy</a>' in submission
    danish = client.get("/kolding/opret-tilbud/").content.decode()
    assert '<a href="/privatliv/">Læs privatlivspolitikken</a>' in danish


def test_a_new_translation_is_linked_at_once(client, home, kolding, chosen_pages):
    translate(kolding, "en")
    assert ("/tilgaengelighed/ hreflang=da", "Accessibility statement") in footer_links(
        client.get("/en/kolding/soeg/").content.decode()
    )
    statement = translate(chosen_pages["accessibility"], "en")
    links = footer_links(client.get("/en/kolding/soeg/").content.decode())
    assert (statement.url, "Accessibility statement") in links


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_footer_reads_the_settings_only_after_a_change(client, english):
    """The contact details and the chosen pages come from the cache; a change to the settings
    shows at once (it makes the cache's generation stale)."""
    url = "/kolding/soeg/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert not [q for q in queries if "home_sitesettings" in q["sql"]]
    assert "mailto:" not in html
    site_settings = SiteSettings.load()
    site_settings.contact_email = "kontakt@socialkompas.dk"
    site_settings.contact_phone = "70 20 30 40"
    site_settings.save()
    html = client.get(url).content.decode()
    assert '<a href="mailto:kontakt@socialkompas.dk">kontakt@socialkompas.dk</a>' in html
    assert '<a href="tel:70203040">70 20 30 40</a>' in html
    assert footer_links(html)[0] == ("/om/", "Om Socialkompas")


@pytest.mark.parametrize("url", ["/kolding/soeg/", "/en/kolding/soeg/"])
def test_the_chosen_pages_cost_no_query_in_any_language(client, english, url):
    """As many queries with pages chosen as without: the settings, their pages and the
    versions in the reader's language come from the cache (until the next change)."""
    client.get(url)  # warm per-process caches
    with_pages = _queries(client, url)
    site_settings = SiteSettings.load()
    for field in SiteSettings.PAGES.values():
        setattr(site_settings, field, None)
    site_settings.save()
    client.get(url)
    without_pages = _queries(client, url)
    assert footer_links(client.get(url).content.decode()) == []
    assert with_pages == without_pages


def test_the_settings_hold_no_free_text():
    """Wagtail keeps one set of settings, not one per language: a text written here would be
    Danish on every page. Texts go on pages (translated with wagtail-localize), chosen here,
    or in the catalogs; the contact details are the same in every language."""
    fields = {
        field.name: field.get_internal_type()
        for field in SiteSettings._meta.concrete_fields
        if not field.primary_key
    }
    texts = {
        name for name, kind in fields.items() if kind in ("CharField", "TextField", "JSONField")
    }
    assert texts == {"contact_email", "contact_phone"}
    assert set(SiteSettings.PAGES.values()) == {
        name for name, kind in fields.items() if kind == "ForeignKey"
    }
