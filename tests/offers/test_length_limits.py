"""One limit, one place: the public form and the import check the lengths the model declares."""

import pytest

from offers.import_rows import RowCleaner
from offers.models import OfferPage, Organisation, Submission
from offers.submission_forms import OfferSubmissionForm

FORM_FIELDS = {
    "title": (OfferPage, "title"),
    "summary": (OfferPage, "summary"),
    "description": (OfferPage, "description"),
    "address": (OfferPage, "address"),
    "postcode": (OfferPage, "postcode"),
    "city": (OfferPage, "city"),
    "schedule": (OfferPage, "schedule"),
    "price_note": (OfferPage, "price_note"),
    "phone": (OfferPage, "phone"),
    "new_organisation_name": (Organisation, "name"),
    "new_organisation_cvr": (Organisation, "cvr"),
    "submitter_name": (Submission, "submitter_name"),
    "submitter_phone": (Submission, "submitter_phone"),
}


@pytest.mark.parametrize(("form_field", "model_field"), FORM_FIELDS.items())
def test_the_form_checks_the_models_limit(form_field, model_field):
    model, name = model_field
    limit = model._meta.get_field(name).max_length
    assert limit
    assert OfferSubmissionForm.base_fields[form_field].max_length == limit


@pytest.mark.django_db
@pytest.mark.parametrize("column", ["description", "summary", "organisation", "website"])
def test_the_import_checks_the_models_limit(column):
    model, name = {
        "description": (OfferPage, "description"),
        "summary": (OfferPage, "summary"),
        "organisation": (Organisation, "name"),
        "website": (OfferPage, "website"),
    }[column]
    limit = model._meta.get_field(name).max_length
    text = "https://example.org/" + "a" * limit if column == "website" else "a" * (limit + 1)
    errors = []
    try:
        RowCleaner().clean({column: text}, 2)
    except Exception as exc:  # RowInvalid with every problem of the row
        errors = exc.errors
    assert any(e.column == column and f"Højst {limit} tegn" in e.message for e in errors)
