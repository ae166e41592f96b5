"""The public form's errors say what to do, each about its own field."""

import pytest
from django.core.cache import cache

from offers.form_messages import CONDITION_MISSING
from offers.submission_forms import OfferSubmissionForm
from tests.offers.test_submissions import valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def errors(kolding, **changes):
    form = OfferSubmissionForm(valid_data(**changes), municipality=kolding)
    assert not form.is_valid()
    return {name: [str(e) for e in errs] for name, errs in form.errors.items()}


def test_a_short_postcode_with_an_address_says_the_postcode_must_be_four_digits(kolding):
    found = errors(kolding, postcode="12", new_organisation_type="1")
    assert found["postcode"] == ["Et postnummer består af 4 cifre (0-9), fx 6000."]
    assert "address" not in found and "city" not in found


def test_each_missing_part_of_the_place_has_its_own_message(kolding):
    found = errors(kolding, address="", postcode="", city="", new_organisation_type="1")
    assert found["address"] == [
        "Skriv adressen, hvor man mødes, når tilbuddet foregår ved fysisk fremmøde."
    ]
    assert found["postcode"] == [
        "Skriv postnummeret (4 cifre), når tilbuddet foregår ved fysisk fremmøde."
    ]
    assert found["city"] == ["Skriv byen, når tilbuddet foregår ved fysisk fremmøde."]


def test_unticked_conditions_are_instructions(kolding):
    unticked = dict.fromkeys(CONDITION_MISSING, None)
    found = errors(kolding, new_organisation_type="1", **unticked)
    for name in CONDITION_MISSING:
        [message] = found[name]
        assert message.startswith("Sæt kryds for at bekræfte, at "), name
