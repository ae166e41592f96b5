"""Embedding (issue 17): /<kommune>/indlejr/ may be framed by the municipality's own websites
only (home.embedding, search.embed), and the snippet to copy is shown in the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from home.embedding import validate_embed_origins
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db


def frame_ancestors(response):
    policy = response["Content-Security-Policy"]
    [directive] = [d.strip() for d in policy.split(";") if d.strip().startswith("frame-ancestors")]
    return directive.split()[1:]


@pytest.fixture
def kolding_embedded(kolding):
    kolding.embed_origins = "https://www.kolding.dk\nhttps://intra.kolding.dk:8443/\n"
    kolding.save_revision().publish()
    OfferPageFactory(parent=kolding, title="Sorggruppe", life_situations=["sorg"])
    return kolding


def test_embed_page_is_framed_by_the_configured_hosts_only(client, kolding_embedded, mariagerfjord):
    response = client.get("/kolding/indlejr/")
    assert response.status_code == 200
    assert frame_ancestors(response) == [
        "'self'",
        "https://www.kolding.dk",
        "https://intra.kolding.dk:8443",
    ]
    assert "X-Frame-Options" not in response
    assert not response.cookies
    html = response.content.decode()
    assert '<base target="_top">' in html
    assert 'action="/kolding/soeg/"' in html
    assert "/kolding/soeg/?life_situation=sorg" in html
    # Every other page still refuses every other site, and so does another municipality's.
    for path in ("/kolding/", "/kolding/soeg/?q=sorg", "/mariagerfjord/indlejr/"):
        other = client.get(path)
        assert frame_ancestors(other) == ["'self'"], path


def test_the_embed_page_records_no_search(client, kolding_embedded):
    from search.models import SearchTerm

    client.get("/kolding/indlejr/")
    assert not SearchTerm.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        "http://www.kolding.dk",
        "https://www.kolding.dk/borger/",
        "https://*.kolding.dk",
        "www.kolding.dk",
        "https://kolding.dk'; script-src *",
        "\n".join(f"https://s{n}.kolding.dk" for n in range(11)),
    ],
)
def test_bad_origins_are_refused_in_danish(text):
    with pytest.raises(ValidationError) as error:
        validate_embed_origins(text)
    assert "https://" in str(error.value) or "Højst" in str(error.value)


def test_the_admin_shows_the_snippet_to_copy(kolding_embedded, kolding_admin):
    client = Client()
    client.force_login(kolding_admin)
    html = client.get(
        reverse("wagtailadmin_pages:edit", args=[kolding_embedded.pk])
    ).content.decode()
    assert "Indlejring på kommunens hjemmeside" in html
    assert "&lt;iframe src=&quot;http://localhost/kolding/indlejr/&quot;" in html or (
        '&lt;iframe src="http://localhost/kolding/indlejr/"' in html
    )


def test_a_local_administrator_saves_the_hosts_through_the_editor(kolding_embedded, kolding_admin):
    """A bad line is refused in Danish with the rest of the form kept; a good one is saved and
    takes effect on the embed page."""
    client = Client()
    client.force_login(kolding_admin)
    url = reverse("wagtailadmin_pages:edit", args=[kolding_embedded.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    for key, value in nested_form_data({"body": streamfield([])}).items():
        data[key] = value
    data["action-publish"] = "action-publish"
    data["embed_origins"] = "kolding.dk"
    data["promotion_text"] = "Kig forbi"
    refused = client.post(url, data)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Skriv hver hjemmeside som https://" in html
    assert "Kig forbi" in html
    data["embed_origins"] = "https://www.kolding.dk\r\nhttps://borger.kolding.dk"
    assert client.post(url, data).status_code == 302
    assert "https://borger.kolding.dk" in frame_ancestors(Client().get("/kolding/indlejr/"))
