"""Postcodes are four ASCII digits (issue 12, item 8): a fullwidth "６０００" or Arabic-Indic
"٦٠٠٠" is refused with a Danish message wherever a postcode comes in, and the search's
``postcode=`` answers it without an error page."""

import importlib
import json

import pytest
from django.apps import apps
from django.core.cache import cache

from offers.importing import OfferImporter
from offers.models import OfferPage, Submission
from offers.postcodes import POSTCODE_MESSAGE, is_postcode, postcode_validator
from tests.admin_helpers import edit_url, offer_form_data
from tests.offers.factories import OfferPageFactory
from tests.offers.test_import import csv_text, read_rows
from tests.offers.test_submissions import valid_data as submission_data

pytestmark = pytest.mark.django_db

FULLWIDTH = "６０００"
ARABIC_INDIC = "٦٠٠٠"
NOT_POSTCODES = [FULLWIDTH, ARABIC_INDIC, "6０00", "600", "60000", "6000\n", " 6000", "abcd", ""]
MESSAGE = "Et postnummer består af 4 cifre (0-9), fx 6000."


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.mark.parametrize("text", NOT_POSTCODES)
def test_only_four_ascii_digits_are_a_postcode(text):
    assert not is_postcode(text)


def test_a_postcode():
    assert is_postcode("6000") and is_postcode("0800")
    assert str(POSTCODE_MESSAGE) == MESSAGE


@pytest.mark.parametrize("postcode", [FULLWIDTH, ARABIC_INDIC])
def test_the_admin_refuses_it(client, kolding, kolding_admin, postcode):
    offer = OfferPageFactory(parent=kolding, postcode="6000")
    client.force_login(kolding_admin)

    response = client.post(edit_url(offer), offer_form_data(offer, postcode=postcode))

    assert response.status_code == 200
    assert response.context["form"].errors["postcode"] == [MESSAGE]
    assert OfferPage.objects.get(pk=offer.pk).postcode == "6000"
    assert not OfferPage.objects.filter(postcode=postcode).exists()


@pytest.mark.parametrize("postcode", [FULLWIDTH, ARABIC_INDIC])
def test_the_model_refuses_it(kolding, postcode):
    offer = OfferPageFactory(parent=kolding)
    offer.postcode = postcode
    with pytest.raises(Exception) as raised:
        offer.full_clean()
    assert MESSAGE in str(raised.value)


@pytest.mark.parametrize("postcode", [FULLWIDTH, ARABIC_INDIC])
def test_the_public_form_refuses_it(client, kolding, postcode):
    from offers.models import ProviderType

    forening = str(ProviderType.objects.get(slug="forening").pk)
    response = client.post(
        "/kolding/opret-tilbud/",
        submission_data(postcode=postcode, new_organisation_type=forening),
    )

    assert response.status_code == 400
    assert response.context["form"].errors["postcode"] == [MESSAGE]
    assert not Submission.objects.exists()
    assert not OfferPage.objects.filter(postcode=postcode).exists()


@pytest.mark.parametrize("postcode", [FULLWIDTH, ARABIC_INDIC])
def test_the_import_refuses_it(home, example_csv, postcode):
    rows = read_rows(example_csv)
    rows[0]["postcode"] = postcode

    result = OfferImporter().import_text(csv_text(rows))

    assert (result.created, result.failed) == (1, 1)
    [error] = result.errors
    assert error.column == "postcode"
    assert error.message == f'"{postcode}" er ikke et postnummer (4 cifre, 0-9).'
    assert not OfferPage.objects.filter(postcode=postcode).exists()


@pytest.mark.parametrize("postcode", [FULLWIDTH, ARABIC_INDIC, "6０00"])
def test_the_search_api_answers_400_naming_the_parameter(client, kolding, postcode):
    response = client.get("/api/search/", {"postcode": postcode})

    assert response.status_code == 400
    assert json.loads(response.content)["error"] == {"parameter": "postcode", "message": MESSAGE}


@pytest.mark.parametrize("postcode", [FULLWIDTH, ARABIC_INDIC])
def test_the_search_page_says_what_a_postcode_is(client, kolding, postcode):
    OfferPageFactory(parent=kolding, title="Sorggruppe", postcode="6000")

    response = client.get("/kolding/soeg/", {"q": "sorg", "postcode": postcode})

    assert response.status_code == 200
    body = response.content.decode()
    assert MESSAGE in body
    assert "Nær 6000" not in body  # not read as Kolding's postcode


def test_an_ascii_postcode_still_finds_its_place(client, kolding):
    response = client.get("/api/search/", {"postcode": "6000"})
    assert response.status_code == 200
    response = client.get("/api/search/", {"postcode": "9500 Hobro"})
    assert response.status_code == 200


def test_near_takes_ascii_digits_only(client, kolding):
    response = client.get("/api/search/", {"near": "５５.４９,９.４７"})
    assert response.status_code == 400
    assert json.loads(response.content)["error"]["parameter"] == "near"
    assert client.get("/api/search/", {"near": "55.49,9.47"}).status_code == 200


def test_the_migration_turns_stored_digits_into_ascii(kolding):
    migration = importlib.import_module("offers.migrations.0008_postcodes_ascii_digits")
    fullwidth = OfferPageFactory(parent=kolding, slug="a")
    arabic = OfferPageFactory(parent=kolding, slug="b")
    fine = OfferPageFactory(parent=kolding, slug="c", postcode="9500")
    empty = OfferPageFactory(parent=kolding, slug="d", postcode="")
    OfferPage.objects.filter(pk=fullwidth.pk).update(postcode=FULLWIDTH)
    OfferPage.objects.filter(pk=arabic.pk).update(postcode=ARABIC_INDIC)

    migration.ascii_postcodes(apps, None)

    stored = dict(OfferPage.objects.values_list("slug", "postcode"))
    assert [stored[p.slug] for p in (fullwidth, arabic, fine, empty)] == [
        "6000",
        "6000",
        "9500",
        "",
    ]


def test_one_validator_everywhere():
    from offers import submission_forms

    model_validators = OfferPage._meta.get_field("postcode").validators
    form_validators = submission_forms.OfferSubmissionForm.base_fields["postcode"].validators
    assert postcode_validator in model_validators
    assert postcode_validator in form_validators
