"""The demo content of `make run`: every public page renders."""

import pytest
from wagtail.models import Page

from home.models import MunicipalityPage
from offers.models import OfferPage

pytestmark = pytest.mark.django_db


def test_every_live_page_renders(client, demo):
    pages = Page.objects.live().filter(depth__gte=2).specific()
    assert len(pages) >= 60 + 2 + 1 + 3
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode() or page.depth == 3


def test_demo_has_realistic_spread(demo):
    assert OfferPage.objects.live().count() >= 60
    assert set(MunicipalityPage.objects.values_list("slug", flat=True)) == {
        "kolding",
        "mariagerfjord",
    }
    assert OfferPage.objects.filter(municipality__isnull=True).count() >= 5


def test_municipality_front_page(client, demo):
    response = client.get("/kolding/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="da">' in html
    assert "Socialkompas Kolding" in html
    assert "Hvad står du i?" in html
    assert 'href="/kolding/soeg/?life_situation=sorg"' in html
    assert "Nyeste tilbud" in html
    assert "Landsdækkende telefon- og onlinetilbud" in html
    assert "Tilgængelighedserklæring" in html
