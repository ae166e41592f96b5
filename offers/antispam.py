"""Protection for the public forms: a honeypot field and a rate limit per client. (Their size
cap is for every request, before the body is read: home/request_limits.py.)"""

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
