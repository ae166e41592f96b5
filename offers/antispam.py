"""Protection for the public forms: a honeypot field, a rate limit per client, a size cap."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

HONEYPOT_FIELD = "hjemmeside_url"


class HoneypotMixin(forms.Form):
    """A field people never see (hidden with CSS, skipped by keyboard and screen readers);
    bots that fill every field fill it too."""

    hjemmeside_url = forms.CharField(
        required=False,
        label=_("Lad dette felt være tomt"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def honeypot_filled(self):
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())


def client_is_over_limit(request, group: str) -> bool:
    """Count this POST against the client's budget for ``group``; True when it is spent."""
    rate = settings.SOCIALKOMPAS_FORM_RATE_LIMITS[group]
    return is_ratelimited(
        request, group=f"socialkompas:{group}", key="ip", rate=rate, method="POST", increment=True
    )


def body_too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.SOCIALKOMPAS_MAX_FORM_BYTES
