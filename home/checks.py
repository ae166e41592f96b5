"""The portal's own system checks (``manage.py check``), registered when the app is ready."""

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
