"""“Fejl i opslaget?”: a citizen tells those who answer for an offer that something is wrong.

``<offer url>fejl/`` (the ``report_error`` route of ``OfferPage``) shows a short form. A valid
report is saved as an ``ErrorReport`` and e-mailed to the offer's approvers
(``offers.mail_to_approvers``): that municipality's local administrators, or the national
editors for a national offer, and nobody else. They handle it under *Fejlmeldinger* in the
admin (``offers.wagtail_hooks``).

Responses:

- GET: the form (200); ``?sendt=1``: the thank-you page (200).
- POST, saved: 303 to ``?sendt=1`` (post/redirect/get, so reloading does not send it twice).
- POST, invalid: 400, an error summary at the top and a message at each field.
- POST, honeypot filled: 400 with a neutral message; the honeypot is emptied so a person
  whose browser filled it in can simply send again.
- POST, over the rate limit: 429.
- POST, body over ``SOCIALKOMPAS_MAX_FORM_BYTES``: 413 before this view is reached
  (home/request_limits.py).

In the 400 and 429 cases nothing is saved and everything typed is shown again. Only a report
that would be saved counts against the client's rate limit, so correcting a typo costs nothing.
"""

import logging

from django import forms
from django.conf import settings
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import AdminURLHelper

from .antispam import HONEYPOT_FIELD, HoneypotMixin, client_is_over_limit
from .mail import absolute_url, send_templated_mail
from .mail_to_approvers import approver_addresses
from .models import ErrorReport

logger = logging.getLogger(__name__)

FORM_TEMPLATE = "offers/error_report_form.html"
THANKS_TEMPLATE = "offers/error_report_thanks.html"

MESSAGE_MAX_LENGTH = ErrorReport._meta.get_field("message").max_length
NAME_MAX_LENGTH = ErrorReport._meta.get_field("contact_name").max_length
EMAIL_MAX_LENGTH = ErrorReport._meta.get_field("contact_email").max_length

HONEYPOT_MESSAGE = _("Vi kunne ikke modtage din besked. Prøv at sende den igen.")
RATE_LIMIT_MESSAGE = _(
    "Der er sendt mange fejlmeldinger fra din forbindelse på kort tid. Vent lidt, og prøv igen "
    "senere. Det, du har skrevet, står her stadig."
)


def _format(text, **values):
    return text % values


#: ``text % values`` when it is shown, in the language active then.
lazy_format = lazy(_format, str)


class MessageField(forms.CharField):
    """Free text where a line break counts as one character, as for the person typing it."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class ErrorReportForm(HoneypotMixin, forms.Form):
    message = MessageField(
        label=_("Hvad er forkert?"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 60}),
        # Lazy to the end: ``_(...) % ...`` here would be Danish on every page, for it runs once,
        # when the module is imported.
        help_text=lazy_format(
            _(
                "Fx en forkert adresse eller tid, et telefonnummer der ikke virker, eller at "
                "tilbuddet er lukket. Skriv ikke om dit helbred eller andre personlige forhold. "
                "Højst %(max)d tegn."
            ),
            max=MESSAGE_MAX_LENGTH,
        ),
        error_messages={
            "required": _("Skriv, hvad der er forkert i opslaget."),
            "max_length": _(
                "Beskeden må højst være på %(limit_value)d tegn. Du har skrevet %(show_value)d "
                "tegn – gør den lidt kortere."
            ),
        },
    )
    contact_name = forms.CharField(
        label=_("Navn (valgfrit)"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "max_length": _("Navnet må højst være på %(limit_value)d tegn."),
        },
    )
    contact_email = forms.EmailField(
        label=_("E-mail (valgfrit)"),
        max_length=EMAIL_MAX_LENGTH,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _(
                "Skriv en gyldig e-mailadresse, fx navn@eksempel.dk – eller lad feltet stå tomt."
            ),
            "max_length": _("E-mailadressen må højst være på %(limit_value)d tegn."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No maxlength in the browser: it would cut off pasted text without a word. The
        # server says how long the text is and keeps all of it.
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)


def report_error_view(request, offer):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    context = {
        "page": offer,
        "self": offer,
        "offer": offer,
        "message_max_length": MESSAGE_MAX_LENGTH,
    }
    if request.method != "POST":
        if request.GET.get("sendt"):
            return _render(request, THANKS_TEMPLATE, context)
        return _render(request, FORM_TEMPLATE, {**context, "form": ErrorReportForm()})

    form = ErrorReportForm(request.POST)
    if form.honeypot_filled():
        data = request.POST.copy()
        data[HONEYPOT_FIELD] = ""
        context.update(form=ErrorReportForm(data), form_error=HONEYPOT_MESSAGE)
        return _render(request, FORM_TEMPLATE, context, status=400)
    if not form.is_valid():
        return _render(request, FORM_TEMPLATE, {**context, "form": form}, status=400)
    if client_is_over_limit(request, "error_report"):
        context.update(form=form, form_error=RATE_LIMIT_MESSAGE)
        return _render(request, FORM_TEMPLATE, context, status=429)

    report = ErrorReport.objects.create(
        offer=offer,
        message=form.cleaned_data["message"],
        contact_name=form.cleaned_data["contact_name"],
        contact_email=form.cleaned_data["contact_email"],
    )
    _notify(request, offer, report)
    return HttpResponseRedirect(request.path + "?sendt=1", status=303)


def _render(request, template, context, status=200):
    response = TemplateResponse(request, template, context, status=status)
    # The form and its answers are no content for search engines.
    response["X-Robots-Tag"] = "noindex"
    return response


def _notify(request, offer, report):
    """Mail those who answer for the offer. The report is saved and listed in the admin
    whatever happens here, so a mail server failure must not cost the citizen their report."""
    admin_path = AdminURLHelper(ErrorReport).get_action_url("edit", report.pk)
    context = {
        "offer": offer,
        "report": report,
        "municipality": offer.municipality,
        "offer_url": absolute_url(request, offer.get_url(request)),
        # The admin's own address when it is configured: a municipality may be served on its
        # own hostname, but its administrators log in at the admin's address.
        "admin_url": absolute_url(
            None if getattr(settings, "WAGTAILADMIN_BASE_URL", "") else request, admin_path
        ),
    }
    try:
        send_templated_mail("error_report", context, approver_addresses(offer))
    except Exception:  # logged; the report itself is saved and listed in the admin
        logger.exception("Fejlmelding %s om tilbud %s kunne ikke mailes", report.pk, offer.pk)
