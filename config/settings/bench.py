"""Benchmark settings (``make bench``): production, plus a hello-world view and raised limits.

Everything else is exactly ``config.settings.production`` (DEBUG off, manifest static files,
the same middleware and page cache), so the figures are those of a production server.
The environment must provide what production needs (``bench/server.py:production_env``).
"""

import os

from .production import *  # noqa: F403

# /__bench__/hello/ (the ceiling) in front of the site's own URLs.
ROOT_URLCONF = "config.urls_bench"

# The load generator posts the submission form from one address many times a second.
SOCIALKOMPAS_FORM_RATE_LIMITS = {
    "submit_offer": os.environ.get("SOCIALKOMPAS_SUBMIT_RATE", "1000000/s"),
    "error_report": os.environ.get("SOCIALKOMPAS_REPORT_RATE", "1000000/s"),
    "new_link": os.environ.get("SOCIALKOMPAS_NEW_LINK_RATE", "3/h"),
}

# No mail server on the benchmark machine: the receipts and moderation mails of the
# submissions are rendered as usual but not sent (an SMTP relay on localhost costs about the
# same). Set BENCH_EMAIL_BACKEND to measure with a real one.
EMAIL_BACKEND = os.environ.get(
    "BENCH_EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend"
)
