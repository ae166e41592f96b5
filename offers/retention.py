"""Personal data is kept only as long as it is needed.

A submission's sender (name, e-mail, phone) is erased ``SOCIALKOMPAS_RETENTION_DAYS`` after
moderation ended; the submission itself stays, anonymous (its kind, offer and dates: the
municipality's overview counts submissions and their handling time over two years). An error
report (with its optional contact) is deleted that long after it was resolved. Run
``manage.py purge_personal_data`` daily.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import ErrorReport, Submission


def purge_personal_data(now=None):
    cutoff = (now or timezone.now()) - timedelta(days=settings.SOCIALKOMPAS_RETENTION_DAYS)
    submissions = (
        Submission.objects.filter(closed_at__lt=cutoff)
        .exclude(submitter_name="", submitter_email="", submitter_phone="")
        .update(submitter_name="", submitter_email="", submitter_phone="")
    )
    reports, _ = ErrorReport.objects.filter(
        status=ErrorReport.Status.RESOLVED, resolved_at__lt=cutoff
    ).delete()
    return {"submissions": submissions, "error_reports": reports}
