"""Personal data is kept only as long as it is needed.

A submission's sender (name, e-mail, phone) is deleted ``SOCIALKOMPAS_RETENTION_DAYS`` after
moderation ended; an error report (with its optional contact) that long after it was
resolved. Run ``manage.py purge_personal_data`` daily.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import ErrorReport, Submission


def purge_personal_data(now=None):
    cutoff = (now or timezone.now()) - timedelta(days=settings.SOCIALKOMPAS_RETENTION_DAYS)
    submissions, _ = Submission.objects.filter(closed_at__lt=cutoff).delete()
    reports, _ = ErrorReport.objects.filter(
        status=ErrorReport.Status.RESOLVED, resolved_at__lt=cutoff
    ).delete()
    return {"submissions": submissions, "error_reports": reports}
