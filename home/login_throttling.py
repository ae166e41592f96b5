"""Login throttling for the Wagtail admin and the Django admin (django-axes).

The settings (``AXES_*`` in config/settings/base.py) lock out one username from one client
after a few wrong passwords in a row, for a while; this module gives axes the project's own
pieces: the backend that checks the lockout and the answer a locked-out login gets, the
login page again with the username filled in and a Danish message, status 429.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

LOCKED_OUT_STATUS = 429


class LoginThrottlingBackend(AxesStandaloneBackend):
    """Refuses a login, right or wrong password, while its username is locked out from this
    client; logs nobody in itself (ModelBackend, next in AUTHENTICATION_BACKENDS, does).

    ``authenticate()`` without a request (code, e.g. the test client's ``login()``; never a
    login form) has no client to count: it is let through to the next backend instead of
    failing, as axes' own backend would."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_minutes():
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def lockout_message():
    minutes = lockout_minutes()
    return ngettext(
        "Der er skrevet forkert adgangskode for mange gange. Af sikkerhedshensyn kan denne "
        "bruger ikke logge ind herfra det næste minut. Prøv igen om %(minutes)s minut, eller "
        "bed en administrator om hjælp.",
        "Der er skrevet forkert adgangskode for mange gange. Af sikkerhedshensyn kan denne "
        "bruger ikke logge ind herfra de næste %(minutes)s minutter. Prøv igen om "
        "%(minutes)s minutter, eller bed en administrator om hjælp.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the login page that was about to be shown (Wagtail's or the
    Django admin's, with the typed username), its errors replaced by the lockout message."""
    message = lockout_message()
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    template = getattr(original_response, "template_name", None)
    if form is None or not template or not hasattr(form, "add_error"):
        return HttpResponse(
            message, status=LOCKED_OUT_STATUS, content_type="text/plain; charset=utf-8"
        )
    form.errors.clear()  # not "wrong username or password": that is not what happened
    form.add_error(None, message)
    # Rendered here: the middleware that asks for it runs after the response was rendered.
    return TemplateResponse(request, template, context, status=LOCKED_OUT_STATUS).render()
