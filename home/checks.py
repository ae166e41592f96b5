"""The portal's own system checks (``manage.py check``), registered when the app is ready."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Settings that read ``REDIS_URL`` (production) and got none: the cache is per process."""
    if getattr(settings, "REDIS_URL", None) != "":
        return []
    return [
        checks.Warning(
            "REDIS_URL is not set: the cache is local memory in each process.",
            hint=(
                "With more than one gunicorn worker or app server, a publish only clears the "
                "page cache of one process and the form rate limits count per process. "
                "Set REDIS_URL (redis://host:6379/0)."
            ),
            id="socialkompas.W001",
        )
    ]


@checks.register()
def check_quick_exit_url(app_configs, **kwargs):
    """ "Forlad siden" (offers/quick_exit.py) must lead somewhere real: an absolute web address."""
    url = getattr(settings, "SOCIALKOMPAS_QUICK_EXIT_URL", "")
    parts = urlsplit(url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return []
    return [
        checks.Error(
            f"SOCIALKOMPAS_QUICK_EXIT_URL={url!r} is not an absolute web address.",
            hint='Set it to a neutral site, e.g. "https://www.dmi.dk/" (the default).',
            id="socialkompas.E001",
        )
    ]
