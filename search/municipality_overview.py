"""Admin: the report "Overblik" — what a municipality needs to act on its Socialkompas and to
evaluate it (municipalities decide after two years whether to continue).

Per municipality: its offers and organisations per life situation, the share of its offers
confirmed within 12 months, the submissions per month with their handling time, and the
searches per month with the share that found nothing. On the page and as CSV
(``?format=csv``). Built from counts only: the offers, the submissions' dates (their senders
are not read) and the anonymous search statistics (``search.statistics``); nobody is tracked.

Local administrators see their own municipalities, national editors every one. The report
accepts only its own GET parameters with the values its form offers: anything else is a 400.
"""

import datetime

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from home.models import MunicipalityPage
from home.roles import is_national_editor, municipalities_of
from offers.models import OfferPage, Submission

from .admin_views import (
    CSV,
    ReportView,
)
from .csv_export import csv_response
from .models import SearchTerm

OVERVIEW_URL_NAME = "socialkompas_municipality_overview"
#: How far back the monthly tables go: the two years a municipality evaluates.
MONTHS = 24
#: An offer counts as confirmed when its provider confirmed it this recently.
CONFIRMED_WITHIN = datetime.timedelta(days=365)


def municipality_choices(user):
    """The municipalities ``user`` may see the overview of."""
    if is_national_editor(user):
        return list(MunicipalityPage.objects.filter(admin_group__isnull=False).order_by("title"))
    return municipalities_of(user)


def _months_back(today, months):
    first = today.replace(day=1)
    for _i in range(months - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return first


def overview(municipality, today=None):
    """The figures of the overview of ``municipality`` (a dict of lists and numbers)."""
    now = timezone.now()
    today = today or timezone.localdate()
    since = _months_back(today, MONTHS)
    offers = OfferPage.objects.filter(municipality=municipality, locale=Locale.get_default())
    public = offers.public()
    situations = list(
        public.filter(life_situations__isnull=False)
        .values(name=F("life_situations__name"), order=F("life_situations__sort_order"))
        .annotate(
            offers=Count("pk", distinct=True),
            organisations=Count("organisation", distinct=True),
        )
        .order_by("order", "name")
    )
    live = offers.live().aggregate(
        total=Count("pk"),
        confirmed=Count("pk", filter=Q(last_confirmed_at__gte=now - CONFIRMED_WITHIN)),
        hidden=Count("pk", filter=Q(stale_since__isnull=False)),
    )
    totals = public.aggregate(
        offers=Count("pk", distinct=True), organisations=Count("organisation", distinct=True)
    )
    submissions = list(
        Submission.objects.filter(offer__municipality=municipality, created_at__date__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            received=Count("pk"),
            handled=Count("pk", filter=Q(closed_at__isnull=False)),
            handling=Avg(F("closed_at") - F("created_at"), filter=Q(closed_at__isnull=False)),
        )
        .order_by("month")
    )
    for row in submissions:
        handling = row.pop("handling")
        if isinstance(handling, int | float):  # SQLite averages durations as microseconds
            handling = datetime.timedelta(microseconds=handling)
        row["days"] = round(handling.total_seconds() / 86400, 1) if handling else None
    searches = list(
        SearchTerm.objects.filter(municipality=municipality, day__gte=since)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(searches=Sum("searches"), zero=Sum("zero_results"))
        .order_by("month")
    )
    for row in searches:
        row["zero_share"] = row["zero"] / row["searches"] if row["searches"] else None
    return {
        "since": since,
        "situations": situations,
        "totals": totals,
        "live": live,
        "confirmed_share": live["confirmed"] / live["total"] if live["total"] else None,
        "submissions": submissions,
        "searches": searches,
    }


class MunicipalityOverviewView(ReportView):
    page_title = gettext_lazy("Overblik")
    header_icon = "table"
    template_name = "search/admin/municipality_overview.html"

    refusal = gettext_lazy("Du har ikke adgang til kommunernes overblik.")

    def get_choices(self):
        return municipality_choices(self.request.user)

    def allowed_parameters(self):
        return {"municipality": {str(m.pk) for m in self.choices}, "format": {CSV}}

    def has_scope(self):
        return bool(self.choices)

    @property
    def municipality(self):
        """The chosen municipality, else the first the user may see."""
        chosen = self.request.GET.get("municipality")
        return next((m for m in self.choices if str(m.pk) == chosen), self.choices[0])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(overview(self.municipality))
        context.update(
            municipality=self.municipality,
            choices=self.choices if len(self.choices) > 1 else [],
            csv_query=f"municipality={self.municipality.pk}&format={CSV}",
        )
        return context

    def csv(self, context):
        month = "%Y-%m"
        live = context["live"]
        return csv_response(
            f"overblik-{self.municipality.slug}-{timezone.localdate():%Y-%m-%d}.csv",
            [
                (
                    _("Tilbud og organisationer pr. livssituation"),
                    [_("Livssituation"), _("Tilbud"), _("Organisationer")],
                    [(r["name"], r["offers"], r["organisations"]) for r in context["situations"]]
                    + [
                        (
                            _("I alt"),
                            context["totals"]["offers"],
                            context["totals"]["organisations"],
                        )
                    ],
                ),
                (
                    _("Bekræftet inden for 12 måneder"),
                    [_("Offentliggjorte tilbud"), _("Bekræftet"), _("Andel"), _("Skjult")],
                    [
                        (
                            live["total"],
                            live["confirmed"],
                            context["confirmed_share"],
                            live["hidden"],
                        )
                    ],
                ),
                (
                    _("Indsendelser pr. måned"),
                    [_("Måned"), _("Modtaget"), _("Behandlet"), _("Behandlingstid (dage)")],
                    [
                        (r["month"].strftime(month), r["received"], r["handled"], r["days"])
                        for r in context["submissions"]
                    ],
                ),
                (
                    _("Søgninger pr. måned"),
                    [_("Måned"), _("Søgninger"), _("Uden resultat"), _("Andel uden resultat")],
                    [
                        (r["month"].strftime(month), r["searches"], r["zero"], r["zero_share"])
                        for r in context["searches"]
                    ],
                ),
            ],
        )
