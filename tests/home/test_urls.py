"""Links are right whether a municipality is served at /<slug>/ or on its own hostname."""

import pytest
from wagtail.models import Site

from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(home, kolding):
    return {
        "local": OfferPageFactory(parent=kolding, title="Sorggruppe", slug="sorggruppe"),
        "national": OfferPageFactory(parent=home, title="Chat for unge", slug="chat-for-unge"),
    }


def test_path_mode(client, kolding, offers):
    assert kolding.url == "/kolding/"
    assert offers["local"].url == "/kolding/sorggruppe/"
    assert offers["national"].url == "/chat-for-unge/"

    response = client.get("/kolding/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/kolding/sorggruppe/"' in html
    assert 'action="/kolding/soeg/"' in html
    assert client.get("/kolding/sorggruppe/").status_code == 200
    assert client.get("/kolding/soeg/?q=sorg").status_code == 200


@pytest.fixture
def kolding_site(kolding):
    return Site.objects.create(hostname="kolding.example.org", port=80, root_page=kolding)


def test_hostname_mode(client, home, kolding, kolding_site, offers):
    host = {"HTTP_HOST": "kolding.example.org"}
    response = client.get("/", **host)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["page"].specific == kolding
    # Links within the municipality's own site are relative to its root ...
    assert 'href="/sorggruppe/"' in html
    assert 'action="/soeg/"' in html
    # ... and a national offer links to the national site, where it lives.
    assert 'href="http://localhost/chat-for-unge/"' in html

    assert client.get("/sorggruppe/", **host).status_code == 200
    search = client.get("/soeg/?q=sorggruppe", **host)
    assert search.status_code == 200
    assert 'href="/sorggruppe/"' in search.content.decode()

    # The national site still serves the municipality under its path.
    national = client.get("/kolding/", HTTP_HOST="localhost")
    assert national.status_code == 200
    assert 'href="/kolding/sorggruppe/"' in national.content.decode()


def test_breadcrumbs_stop_at_the_site_root(client, kolding, kolding_site, offers):
    html = client.get("/sorggruppe/", HTTP_HOST="kolding.example.org").content.decode()
    assert 'aria-label="Brødkrumme"' in html
    assert 'href="/"' in html
    assert "http://localhost/" not in html.split('aria-label="Brødkrumme"')[1].split("</nav>")[0]
