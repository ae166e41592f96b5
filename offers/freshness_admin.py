"""Admin: the report "Tilbud der skal bekræftes" and the administrators' own confirmation.

The report lists the offers hidden for want of confirmation and those with reminders out,
scoped like the rest of the admin: national editors see every offer, local administrators
those of their own municipalities. Whoever may moderate an offer can confirm it from the list.

Registered through ``offers/wagtail_hooks.py``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale

from home.roles import (
    is_national_editor,
    municipalities_of,
    municipality_paths_of,
    user_can_moderate_page,
)

from .freshness import LOG_CONFIRMED, LOG_HIDDEN, confirm_offer, stage_months, stale_or_reminded
from .models import OfferPage

REPORT_URL_NAME = "socialkompas_freshness_report"


def may_see_report(user):
    return is_national_editor(user) or bool(municipalities_of(user))


def offers_for(user):
    """The offers of the report that ``user`` answers for."""
    offers = stale_or_reminded(OfferPage.objects.live().filter(locale=Locale.get_default()))
    if is_national_editor(user):
        return offers
    return offers.filter(municipality__path__in=municipality_paths_of(user))


class StaleOffersReportView(ReportView):
    page_title = _("Tilbud der skal bekræftes")
    header_icon = "time"
    results_template_name = "offers/admin/freshness_report_results.html"
    index_url_name = REPORT_URL_NAME
    index_results_url_name = f"{REPORT_URL_NAME}_results"
    model = OfferPage
    context_object_name = "offers"
    no_results_message = _("Alle tilbud er bekræftet inden for det seneste år.")
    export_filename = "tilbud-der-skal-bekraeftes"
    list_export = [
        "title",
        "organisation.name",
        "municipality",
        "email",
        "organisation.email",
        "last_confirmed_at",
        "review_reminders_sent",
        "stale_since",
    ]
    export_headings = {
        "title": _("Tilbud"),
        "organisation.name": _("Organisation"),
        "municipality": _("Kommune"),
        "email": _("Tilbuddets e-mail"),
        "organisation.email": _("Organisationens e-mail"),
        "last_confirmed_at": _("Sidst bekræftet"),
        "review_reminders_sent": _("Påmindelser sendt"),
        "stale_since": _("Skjult siden"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not may_see_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        # Hidden ones first, then the longest unconfirmed.
        self.queryset = (
            offers_for(self.request.user)
            .select_related("organisation", "municipality")
            .order_by(F("stale_since").asc(nulls_last=True), "last_confirmed_at", "pk")
        )
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        user = self.request.user
        everywhere = is_national_editor(user)
        own = {m.pk for m in municipalities_of(user)}
        offers = list(object_list)
        for offer in offers:
            # The same answer as user_can_moderate_page, without a query per row.
            offer.can_confirm = everywhere or offer.municipality_id in own
        return offers

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["confirm_url_name"] = f"{REPORT_URL_NAME}_confirm"
        months = stage_months()
        context["reminder_months"] = " og ".join(str(m) for m in months[:-1])
        context["hide_months"] = months[-1]
        return context


@require_POST
def confirm_offer_as_administrator(request, offer_id):
    offer = get_object_or_404(OfferPage.objects.select_related("organisation"), pk=offer_id)
    if not user_can_moderate_page(request.user, offer):
        # A plain 403: Wagtail would turn PermissionDenied into a redirect to the dashboard.
        return HttpResponseForbidden(_("Du kan ikke bekræfte dette tilbud."))
    was_hidden = confirm_offer(offer, user=request.user, via="admin")
    if was_hidden:
        message = _('"%(title)s" er bekræftet og vises igen.')
    else:
        message = _('"%(title)s" er bekræftet.')
    messages.success(request, message % {"title": offer.get_admin_display_title()})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse(REPORT_URL_NAME)
    return redirect(next_url)


class StaleOffersMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_report(request.user)


@hooks.register("register_admin_urls")
def register_freshness_urls():
    return [
        path(
            "reports/tilbud-der-skal-bekraeftes/",
            StaleOffersReportView.as_view(),
            name=REPORT_URL_NAME,
        ),
        path(
            "reports/tilbud-der-skal-bekraeftes/results/",
            StaleOffersReportView.as_view(results_only=True),
            name=f"{REPORT_URL_NAME}_results",
        ),
        path(
            "reports/tilbud-der-skal-bekraeftes/<int:offer_id>/bekraeft/",
            confirm_offer_as_administrator,
            name=f"{REPORT_URL_NAME}_confirm",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_freshness_report_menu_item():
    return StaleOffersMenuItem(
        _("Tilbud der skal bekræftes"),
        reverse(REPORT_URL_NAME),
        name="tilbud-der-skal-bekraeftes",
        icon_name="time",
        order=650,
    )


@hooks.register("register_log_actions")
def register_freshness_log_actions(actions):
    actions.register_action(
        LOG_CONFIRMED, _("Bekræft oplysninger"), _("Oplysningerne er bekræftet som rigtige")
    )
    actions.register_action(
        LOG_HIDDEN, _("Skjul som forældet"), _("Skjult, fordi oplysningerne ikke er bekræftet")
    )
