"""An offer page's actions near the top (issue 16): call (a normalised tel: number), e-mail,
website, "Vis på kort" (a plain link to OpenStreetMap, for the point or the address), share
and Min liste; nothing on the page is loaded from another site."""

import re
from decimal import Decimal

import pytest

from offers.contact_links import map_url, tel_uri
from offers.models import OfferPage
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "phone, uri",
    [
        ("+45 12 34 56 78", "tel:+4512345678"),
        ("12 34 56 78", "tel:+4512345678"),
        ("1234-5678", "tel:+4512345678"),
        ("0045 1234 5678", "tel:+4512345678"),
        ("+46 8 123 456 78", "tel:+46812345678"),
        ("114", "tel:114"),
        ("  ", ""),
        ("ring til kontoret", ""),
    ],
)
def test_tel_uri(phone, uri):
    assert tel_uri(phone) == uri


def place(**fields):
    values = {"is_physical": True, "address": "", "postcode": "", "city": ""}
    values.update(fields)
    return OfferPage(
        latitude=values.pop("latitude", None), longitude=values.pop("longitude", None), **values
    )


def test_map_url():
    point = place(latitude=Decimal("55.4904"), longitude=Decimal("9.4722"), address="Eksempelvej 4")
    assert map_url(point) == (
        "https://www.openstreetmap.org/?mlat=55.490400&mlon=9.472200#map=17/55.490400/9.472200"
    )
    address = place(address="Eksempelvej 4", postcode="6000", city="Kolding")
    assert map_url(address) == (
        "https://www.openstreetmap.org/search?query=Eksempelvej%204%2C%206000%20Kolding"
    )
    assert map_url(place(city="Kolding")) == ""  # a town is no meeting place
    assert map_url(place()) == ""
    assert map_url(place(is_physical=False, address="Eksempelvej 4")) == ""


def actions(html):
    block = html.split('<ul class="offer-actions"', 1)[1].split("</ul>", 1)[0]
    return {
        re.sub(
            r"<[^>]+>", "", re.sub(r'<span class="visually-hidden">.*?</span>', "", text)
        ).strip(): href.replace("&amp;", "&")
        for href, text in re.findall(r'<a class="[^"]*" href="([^"]*)"[^>]*>(.*?)</a>', block)
    }


def test_offer_page_actions(client, kolding):
    offer = OfferPageFactory(
        parent=kolding,
        title="Sorg & samtale",
        phone="12 34 56 78",
        email="sorg@example.org",
        website="https://example.org/sorg",
        address="Eksempelvej 4",
        postcode="6000",
        city="Kolding",
        latitude=Decimal("55.4904"),
        longitude=Decimal("9.4722"),
    )
    html = client.get(offer.url).content.decode()
    found = actions(html)
    assert found["Ring"] == "tel:+4512345678"
    assert found["Send e-mail"] == "mailto:sorg@example.org"
    assert found["Hjemmeside"] == "https://example.org/sorg"
    assert found["Vis på kort"].startswith("https://www.openstreetmap.org/?mlat=55.490400&")
    assert found["Del"] == (
        "mailto:?subject=Sorg%20%26%20samtale&body=http%3A//localhost/kolding/" + offer.slug + "/"
    )
    assert f'data-share-url="http://localhost/kolding/{offer.slug}/"' in html
    assert found["Læg på min liste"] == f"/kolding/min-liste/?tilbud={offer.pk}"
    # Near the top: before the summary.
    assert html.index('class="offer-actions"') < html.index(offer.summary)
    assert "/static/js/share.js" in html
    # Nothing is loaded from another site (the map is a link, not an embedded map or image).
    loaded = re.findall(r'<(?:script|img|iframe|link)\b[^>]*(?:src|href)="([^"]+)"', html)
    assert loaded and all(url.startswith("/") for url in loaded), loaded


def test_offer_without_contact_details(client, kolding):
    offer = OfferPageFactory(parent=kolding, is_physical=False, is_online=True)
    found = actions(client.get(offer.url).content.decode())
    assert set(found) == {"Del", "Læg på min liste"}
