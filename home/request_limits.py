"""Request bodies have a size limit before anything reads them.

``RequestBodyLimitMiddleware`` answers 413 (a short Danish page) to a request whose declared
``Content-Length`` is over its limit, before any view, form or middleware (CSRF reads the
posted form) parses the body:

- ``SOCIALKOMPAS_MAX_FORM_BYTES`` for everything public (the two public forms are text only);
- ``SOCIALKOMPAS_MAX_ADMIN_BODY_BYTES`` for logged-in users in the admin (``/admin/``,
  ``/django-admin/``), whose image and document uploads may be as large as Wagtail allows
  (``WAGTAILIMAGES_MAX_UPLOAD_SIZE``, ``WAGTAILDOCS_MAX_UPLOAD_SIZE``) plus the form around
  them. The admin's login page is public: the small limit.

A body without ``Content-Length`` (chunked) is read as empty by Django under WSGI, and what
is read is bounded by Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` and
``DATA_UPLOAD_MAX_NUMBER_FIELDS`` (config/settings/base.py). The proxy in front has its own
limit, ``client_max_body_size`` (README, "Deployment").
"""

from django.conf import settings
from django.template.response import TemplateResponse

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
TOO_LARGE_TEMPLATE = "request_too_large.html"


def declared_length(request):
    """The body's declared length in bytes (0 when none is declared), or None when the
    header is no length at all."""
    raw = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(raw)
    except ValueError:
        return None
    return length if length >= 0 else None


def max_body_bytes(request) -> int:
    if request.path_info.startswith(ADMIN_PREFIXES) and request.user.is_authenticated:
        return settings.SOCIALKOMPAS_MAX_ADMIN_BODY_BYTES
    return settings.SOCIALKOMPAS_MAX_FORM_BYTES


def body_too_large(request) -> bool:
    length = declared_length(request)
    if length is None:
        return True
    # The small limit first: most requests never need the user (a session lookup).
    return length > settings.SOCIALKOMPAS_MAX_FORM_BYTES and length > max_body_bytes(request)


class RequestBodyLimitMiddleware:
    """After AuthenticationMiddleware (the admin's limit is for logged-in users)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if body_too_large(request):
            response = TemplateResponse(
                request, TOO_LARGE_TEMPLATE, {"max_bytes": max_body_bytes(request)}, status=413
            )
            response["X-Robots-Tag"] = "noindex"
            return response.render()
        return self.get_response(request)
