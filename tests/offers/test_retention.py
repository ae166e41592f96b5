import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from offers.models import ErrorReport, Submission
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db


def test_personal_data_is_deleted_after_the_retention_period(kolding, settings):
    settings.SOCIALKOMPAS_RETENTION_DAYS = 183
    offer = OfferPageFactory(parent=kolding)
    now = timezone.now()
    old = now - timedelta(days=184)
    recent = now - timedelta(days=10)

    def submission(closed_at):
        return Submission.objects.create(
            offer=offer,
            submitter_name="Birthe",
            submitter_email="b@example.org",
            closed_at=closed_at,
        )

    def report(status, resolved_at):
        return ErrorReport.objects.create(
            offer=offer, message="Forkert tid", status=status, resolved_at=resolved_at
        )

    gone = [submission(old), report("resolved", old)]
    kept = [submission(recent), submission(None), report("resolved", recent), report("open", None)]
    # An open report is kept however old it is.
    ErrorReport.objects.filter(status="open").update(created_at=old)

    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)

    assert "Slettet: 1 indsendelser og 1 fejlmeldinger" in out.getvalue()
    # The sender is erased; the anonymous submission stays for the overview's counts.
    erased = Submission.objects.get(pk=gone[0].pk)
    assert (erased.submitter_name, erased.submitter_email, erased.submitter_phone) == ("", "", "")
    assert erased.created_at and erased.closed_at and erased.offer_id == offer.pk
    assert Submission.objects.filter(submitter_email="b@example.org").count() == 2
    call_command("purge_personal_data", stdout=io.StringIO())  # nothing more to erase
    assert "Slettet: 0 indsendelser" in _purge_output()
    assert not ErrorReport.objects.filter(pk=gone[1].pk).exists()
    for obj in kept:
        assert type(obj).objects.filter(pk=obj.pk).exists()


def _purge_output():
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    return out.getvalue()


def test_privacy_page_states_the_retention(client, demo):
    html = client.get("/privatlivspolitik/").content.decode()
    assert "6 måneder" in html
