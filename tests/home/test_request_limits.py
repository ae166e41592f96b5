"""Request bodies have a size limit before parsing (issue 12, item 8): a body over its limit is
a 413 with a Danish page before any view (or CSRF check) reads it; the admin's uploads keep
working within theirs."""

import io
import random

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images.models import Image

from offers.models import ErrorReport, Submission
from tests.admin_helpers import edit_url, offer_form_data
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db

SUBMIT = "/kolding/opret-tilbud/"
DANISH = "Det, du sendte, var for stort"
FORM = "application/x-www-form-urlencoded"


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body was read")

    readline = read


def post_declaring(client, path, length, **extra):
    """A POST that declares ``length`` bytes; its body must not be read."""
    return client.generic(
        "POST",
        path,
        b"",
        content_type=FORM,
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableBody()},
        **extra,
    )


@pytest.fixture
def kolding_offer(kolding):
    return OfferPageFactory(parent=kolding, title="Sorggruppe i Kolding")


def test_the_limits():
    assert settings.SOCIALKOMPAS_MAX_FORM_BYTES == 64 * 1024
    assert settings.SOCIALKOMPAS_MAX_ADMIN_BODY_BYTES == 11 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 10_000


def test_an_oversized_submission_is_refused_before_it_is_read(client, kolding):
    response = post_declaring(client, SUBMIT, settings.SOCIALKOMPAS_MAX_FORM_BYTES + 1)

    assert response.status_code == 413
    html = response.content.decode()
    assert DANISH in html and '<html lang="da"' in html
    assert "Vi kan tage imod højst 64,0\xa0KB ad gangen" in html
    assert not Submission.objects.exists()


def test_an_oversized_error_report_is_refused_before_it_is_read(client, kolding_offer):
    response = post_declaring(
        client, kolding_offer.url + "fejl/", settings.SOCIALKOMPAS_MAX_FORM_BYTES + 1
    )
    assert response.status_code == 413
    assert DANISH in response.content.decode()
    assert not ErrorReport.objects.exists()


def test_a_really_oversized_body_is_refused_too(client, kolding_offer):
    response = client.post(kolding_offer.url + "fejl/", {"message": "x" * 70_000})
    assert response.status_code == 413
    assert not ErrorReport.objects.exists()


def test_a_body_at_the_limit_reaches_the_view(client, kolding_offer):
    body = b"message=" + b"x" * (settings.SOCIALKOMPAS_MAX_FORM_BYTES - len(b"message="))
    assert len(body) == settings.SOCIALKOMPAS_MAX_FORM_BYTES
    response = client.generic("POST", kolding_offer.url + "fejl/", body, content_type=FORM)
    assert response.status_code == 400  # the form's answer: the message is too long
    assert "message" in response.context["form"].errors


@pytest.mark.parametrize("length", ["abc", "-1", "1e9"])
def test_a_length_that_is_no_length_is_refused(client, kolding, length):
    response = post_declaring(client, SUBMIT, length)
    assert response.status_code == 413


def test_a_body_without_a_length_is_read_as_empty(client, kolding_offer):
    """Chunked, no Content-Length: Django reads nothing of it (the form is empty)."""
    response = client.generic(
        "POST",
        kolding_offer.url + "fejl/",
        b"",
        content_type=FORM,
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 400
    assert not ErrorReport.objects.exists()


def test_the_admin_login_page_has_the_small_limit(client, kolding_admin):
    response = post_declaring(client, "/admin/login/", settings.SOCIALKOMPAS_MAX_FORM_BYTES + 1)
    assert response.status_code == 413
    response = post_declaring(
        client, "/django-admin/login/", settings.SOCIALKOMPAS_MAX_FORM_BYTES + 1
    )
    assert response.status_code == 413


def test_the_admin_refuses_more_than_its_limit(client, kolding_admin):
    client.force_login(kolding_admin)
    response = post_declaring(
        client, "/admin/images/add/", settings.SOCIALKOMPAS_MAX_ADMIN_BODY_BYTES + 1
    )
    assert response.status_code == 413
    assert DANISH in response.content.decode()
    assert "11,0\xa0MB" in response.content.decode()


def noise_png(width=200, height=200):
    """A PNG that does not compress: about 120 KB, nearly twice the public forms' limit."""
    rng = random.Random(12)
    image = PILImage.frombytes(
        "RGB", (width, height), bytes(rng.randrange(256) for _ in range(width * height * 3))
    )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_an_image_upload_in_the_admin_within_the_limit_still_works(client, kolding, kolding_admin):
    from wagtail.models import Collection

    data = noise_png()
    assert len(data) > 1.5 * settings.SOCIALKOMPAS_MAX_FORM_BYTES
    client.force_login(kolding_admin)
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Kaffe i haven",
            "file": SimpleUploadedFile("kaffe.png", data, content_type="image/png"),
            "collection": Collection.objects.get(name="Kolding").pk,
            "tags": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get(title="Kaffe i haven")
    assert image.collection.name == "Kolding"
    assert image.file_size == len(data)


def test_form_fields_beyond_djangos_limit_are_refused_in_the_admin(client, kolding, kolding_admin):
    """Within the admin's 11 MB but over DATA_UPLOAD_MAX_MEMORY_SIZE without files: 400."""
    offer = OfferPageFactory(parent=kolding, title="Sorggruppe")
    client.force_login(kolding_admin)
    data = offer_form_data(offer, description="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    response = client.post(edit_url(offer), data)
    assert response.status_code == 400
    offer.refresh_from_db()
    assert offer.description != data["description"]
