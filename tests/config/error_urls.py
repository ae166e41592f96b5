"""The site's URLconf plus views that fail, for the error page tests."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.urls import path

from config import urls as site_urls
from config.urls import handler403, handler404, handler500  # noqa: F401


def boom(request):
    raise RuntimeError("boom")


def database_down(request):
    raise OperationalError("could not connect to server")


def forbidden(request):
    raise PermissionDenied


# Before the site's own patterns: its last one (Wagtail's pages) takes every address.
urlpatterns = [
    *i18n_patterns(
        path("test-boom/", boom),
        path("test-database-down/", database_down),
        path("test-forbidden/", forbidden),
        prefix_default_language=False,
    ),
    *site_urls.urlpatterns,
]
