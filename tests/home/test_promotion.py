"""Promotion material of a municipality: an A4 poster and an A6 postcard with a QR code."""

import re

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from home.models import MunicipalityPage

pytestmark = pytest.mark.django_db

KINDS = [("/kolding/plakat/", "promotion-a4.css"), ("/kolding/postkort/", "promotion-a6.css")]


def qr_codes(html):
    return re.findall(r'<svg role="img" viewBox="0 0 \d+ \d+" class="qr qr--promotion">', html)


@pytest.mark.parametrize("url,stylesheet", KINDS)
def test_poster_and_postcard_show_name_default_text_and_qr(client, kolding, url, stylesheet):
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    html = response.content.decode()
    assert "Kolding" in html
    assert "gratis tilbud fra foreninger og kommunen i Kolding" in html  # the default text
    assert len(qr_codes(html)) == 1
    assert "<title>QR-kode til Socialkompas Kolding</title>" in html
    assert "testserver/kolding" in html  # the address under the code
    assert f'href="/static/css/{stylesheet}"' in html
    assert "style=" not in html
    assert "<script>" not in html


@pytest.mark.parametrize("url,stylesheet", KINDS)
def test_own_text_replaces_the_default(client, kolding, url, stylesheet):
    kolding.promotion_text = "Kom og vær med!\nVi har plads til dig."
    kolding.save_revision().publish()
    html = client.get(url).content.decode()
    assert "Kom og vær med!<br>Vi har plads til dig." in html
    assert "gratis tilbud fra foreninger og kommunen i Kolding" not in html


def test_paper_sizes():
    from django.conf import settings

    static = settings.BASE_DIR / "static" / "css"
    assert "@page { size: A4 portrait" in (static / "promotion-a4.css").read_text()
    assert "@page { size: 105mm 148mm" in (static / "promotion-a6.css").read_text()


def test_only_municipalities_have_promotion_material(client, home, kolding):
    assert client.get("/plakat/").status_code == 404
    assert client.get("/postkort/").status_code == 404


def test_local_administrator_edits_the_text_in_the_admin(client, kolding_admin, kolding):
    client.force_login(kolding_admin)
    url = reverse("wagtailadmin_pages:edit", args=[kolding.pk])
    page = client.get(url).content.decode()
    assert 'name="promotion_text"' in page
    # The material is one click away, in the page's menu.
    assert 'href="/kolding/plakat/"' in page
    assert 'href="/kolding/postkort/"' in page

    data = querydict_from_html(page, form_id="page-edit-form")
    # The front page's blocks are drawn by JavaScript: post them as the browser would (none).
    for key, value in nested_form_data({"body": streamfield([])}).items():
        data[key] = value
    data["promotion_text"] = "Kig forbi frivilligcentret – kaffen er altid klar."
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors

    kolding = MunicipalityPage.objects.get(pk=kolding.pk)
    assert kolding.promotion_text == "Kig forbi frivilligcentret – kaffen er altid klar."
    client.logout()
    assert "kaffen er altid klar" in client.get("/kolding/plakat/").content.decode()


def test_text_is_short(kolding):
    from django.core.exceptions import ValidationError

    kolding.promotion_text = "x" * 301
    with pytest.raises(ValidationError):
        kolding.full_clean()
