"""sitemap.xml and robots.txt per site: only public, visible pages, on the right hostname."""

import re

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from tests.home.factories import ContentPageFactory
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db


def locations(client, **host):
    index = client.get("/sitemap.xml", **host)
    assert index.status_code == 200
    sections = re.findall(r"<loc>([^<]+)</loc>", index.content.decode())
    assert len(sections) == 1 and sections[0].endswith("/sitemap-pages.xml")
    response = client.get("/sitemap-pages.xml", **host)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


@pytest.fixture
def offers(home, kolding):
    visible = OfferPageFactory(parent=kolding, title="Sorggruppe", slug="sorggruppe")
    hidden = OfferPageFactory(parent=kolding, title="Skjult", slug="skjult")
    hidden.stale_since = timezone.now()
    hidden.save(update_fields=["stale_since"])
    draft = OfferPageFactory(parent=kolding, title="Kladde", slug="kladde", live=False)
    unpublished = OfferPageFactory(parent=kolding, title="Trukket", slug="trukket")
    unpublished.unpublish()
    private = OfferPageFactory(parent=kolding, title="Privat", slug="privat")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    national = OfferPageFactory(parent=home, title="Chat for unge", slug="chat-for-unge")
    about = ContentPageFactory(parent=home, title="Om", slug="om")
    return locals()


def test_path_mode_lists_the_public_visible_pages_only(client, offers):
    found = locations(client)
    assert found == [
        "http://localhost/",
        "http://localhost/kolding/",
        "http://localhost/kolding/sorggruppe/",
        "http://localhost/chat-for-unge/",
        "http://localhost/om/",
    ]


def test_the_hidden_offer_comes_back_when_confirmed(client, offers):
    offers["hidden"].mark_confirmed()
    assert "http://localhost/kolding/skjult/" in locations(client)


def test_hostname_mode_each_site_lists_its_own_pages_on_its_own_host(client, offers, kolding):
    Site.objects.create(hostname="kolding.example.org", port=80, root_page=kolding)
    assert locations(client, HTTP_HOST="kolding.example.org") == [
        "http://kolding.example.org/",
        "http://kolding.example.org/sorggruppe/",
    ]
    assert locations(client, HTTP_HOST="localhost") == [
        "http://localhost/",
        "http://localhost/chat-for-unge/",
        "http://localhost/om/",
    ]


def test_https_site_on_its_standard_port(client, offers, home):
    Site.objects.filter(root_page=home).update(hostname="socialkompas.example.org", port=443)
    found = locations(client, HTTP_HOST="socialkompas.example.org")
    assert found[0] == "https://socialkompas.example.org/"


def test_translations_are_listed(client, offers, kolding):
    from tests.home.test_languages import translate

    translate(offers["visible"], "en", {"Sorggruppe": "Grief group"})
    assert "http://localhost/en/kolding/sorggruppe/" in locations(client)


def test_robots_txt_points_to_the_sites_sitemap_and_keeps_crawlers_out(client, home, kolding):
    Site.objects.create(hostname="kolding.example.org", port=80, root_page=kolding)
    response = client.get("/robots.txt", HTTP_HOST="kolding.example.org")
    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://kolding.example.org/sitemap.xml" in text
    lines = set(text.splitlines())
    for rule in ["/admin/", "/django-admin/", "/soeg/?", "/*/soeg/?", "/*/opret-tilbud/"]:
        assert f"Disallow: {rule}" in lines
    # The search page itself and the offers may be crawled.
    assert "Disallow: /soeg/" not in lines and "Disallow: /" not in lines
