"""Orientation in the header (issue 16): the municipality's name links to its front page, with
"Skift kommune" (the national front page's list of municipalities, found without a query) and
"Opret tilbud" (its form) on every page of a municipality; "Vælg kommune" on the national
pages. The municipality's front page starts with "Hvad står du i?", before the welcome text."""

import re

import pytest
from wagtail.models import Site

from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db


def header(html):
    return html.split('<header class="header site-header">', 1)[1].split("</header>", 1)[0]


def links(html):
    return dict(
        (text, href) for href, text in re.findall(r'<a href="([^"]*)">([^<]+)</a>', header(html))
    )


def test_header_of_a_municipality(client, kolding):
    offer = OfferPageFactory(parent=kolding)
    for url in ("/kolding/", offer.url, "/kolding/soeg/?q=sorg", "/kolding/min-liste/"):
        html = client.get(url).content.decode()
        found = links(html)
        assert found["Skift kommune"] == "/#municipalities-heading", url
        assert found["Opret tilbud"] == "/kolding/opret-tilbud/", url
        assert "Vælg kommune" not in found, url
        assert 'href="/kolding/" class="site-header__brand"' in header(html), url
        assert '<span class="site-header__place">Kolding</span>' in header(html), url
    # The list the link leads to.
    assert 'id="municipalities-heading"' in client.get("/").content.decode()
    assert client.get("/kolding/opret-tilbud/").status_code == 200


def test_header_of_the_national_pages(client, home):
    offer = OfferPageFactory(parent=home)
    for url in ("/", offer.url, "/soeg/?q=sorg"):
        found = links(client.get(url).content.decode())
        assert found["Vælg kommune"] == "/#municipalities-heading", url
        assert "Skift kommune" not in found and "Opret tilbud" not in found, url


def test_skift_kommune_from_a_municipality_on_its_own_host(client, kolding):
    Site.objects.create(hostname="kolding.example.org", port=80, root_page=kolding)
    html = client.get("/", HTTP_HOST="kolding.example.org").content.decode()
    found = links(html)
    assert found["Skift kommune"] == "http://localhost/#municipalities-heading"
    assert found["Opret tilbud"] == "/opret-tilbud/"


def test_the_front_page_starts_with_the_life_situations(client, kolding):
    kolding.intro = "<p>Velkommen til Kolding.</p>"
    kolding.save_revision().publish()
    OfferPageFactory(parent=kolding, life_situations=["sorg"])
    html = client.get("/kolding/").content.decode()
    assert html.index("Hvad står du i?") < html.index("Velkommen til Kolding.")
    assert "?life_situation=sorg" in html
    assert 'class="breadcrumbs"' not in html  # the subsite's root: the header orients
