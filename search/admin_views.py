"""Admin: the report "Søgninger" — what citizens search for, and what they do not find.

Scoped like the rest of the admin: local administrators see their own municipalities'
statistics, national editors every municipality and the national portal, with a filter.
Every table is one aggregate query, however many rows the statistics hold.

A query is shown only once it was searched ``MIN_SHOWN_SEARCHES`` times in one municipality
in the period (``search.statistics.shown_rows``); the rest are one line "Andre søgninger".
The report accepts only its own GET parameters with the values its form offers: anything
else is a 400, never applied.
"""

import datetime

from django.db.models import Q, Sum
from django.http import HttpResponseBadRequest, HttpResponseForbidden
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home.models import MunicipalityPage
from home.roles import is_national_editor, municipalities_of

from .csv_export import csv_response
from .models import SearchTerm
from .statistics import MIN_SHOWN_SEARCHES, shown, shown_rows, with_query_totals

REPORT_URL_NAME = "socialkompas_search_statistics"
PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
TABLE_LENGTH = 25
#: Filter value for the national portal's own searches.
NATIONAL = "landsdaekkende"
CSV = "csv"
BAD_PARAMETERS = _(
    "Adressen har en ukendt eller ugyldig parameter. Vælg periode og kommune i formularen."
)


def may_see_statistics(user):
    return is_national_editor(user) or bool(municipalities_of(user))


def only_declared_parameters(params, allowed):
    """Whether the query ``params`` hold only the names of ``allowed`` ({name: values}), each
    at most once and with one of its values."""
    return all(
        name in allowed and len(params.getlist(name)) == 1 and params[name] in allowed[name]
        for name in params
    )


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    """An admin report of the search app: a page under Reports, for those who may see the
    statistics, that accepts only the parameters ``allowed_parameters`` declares (anything
    else is a 400, never applied) and downloads as CSV with ``?format=csv``."""

    #: The plain 403 for someone who may not see it (Wagtail would turn PermissionDenied into
    #: a redirect to the dashboard).
    refusal = _("Du har ikke adgang til søgestatistikken.")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not may_see_statistics(request.user):
            return HttpResponseForbidden(self.refusal)
        self.choices = self.get_choices()
        if not only_declared_parameters(request.GET, self.allowed_parameters()):
            # The message names neither the parameter nor its value.
            return HttpResponseBadRequest(BAD_PARAMETERS)
        if not self.has_scope():
            return HttpResponseForbidden(self.refusal)
        return super().dispatch(request, *args, **kwargs)

    def get_choices(self):
        raise NotImplementedError

    def has_scope(self):
        """Whether the user has anything to see in the report."""
        return True

    def allowed_parameters(self):
        """{parameter: the values its form offers}; ``format`` is the CSV download."""
        raise NotImplementedError

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get("format") == CSV:
            return self.csv(context)
        return super().render_to_response(context, **kwargs)

    def csv(self, context):
        raise NotImplementedError


class SearchStatisticsView(ReportView):
    page_title = _("Søgninger")
    header_icon = "search"
    template_name = "search/admin/search_statistics.html"

    def allowed_parameters(self):
        """The form's fields ('' is the default) and the CSV download."""
        return {
            "period": {"", *(str(days) for days in PERIODS)},
            "municipality": {"", *(value for value, _label in self.choices)},
            "format": {CSV},
        }

    def get_period(self):
        period = self.request.GET.get("period", "")
        return int(period) if period else DEFAULT_PERIOD

    def get_choices(self):
        """(value, label) pairs of the municipality filter; '' is everything the user may see."""
        user = self.request.user
        if is_national_editor(user):
            municipalities = MunicipalityPage.objects.filter(admin_group__isnull=False).order_by(
                "title"
            )
            return [("", _("Alle")), (NATIONAL, _("Landsdækkende"))] + [
                (str(m.pk), m.title) for m in municipalities
            ]
        own = municipalities_of(user)
        if len(own) == 1:
            return []
        return [("", _("Alle mine kommuner"))] + [(str(m.pk), m.title) for m in own]

    def get_rows(self, choices, selected):
        user = self.request.user
        rows = SearchTerm.objects.all()
        if not is_national_editor(user):
            rows = rows.filter(municipality__in=[m.pk for m in municipalities_of(user)])
        if selected == NATIONAL:
            rows = rows.filter(municipality__isnull=True)
        elif selected:
            rows = rows.filter(municipality=int(selected))
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = self.get_period()
        choices = self.choices
        selected = self.request.GET.get("municipality", "")
        since = timezone.localdate() - datetime.timedelta(days=period - 1)
        rows = self.get_rows(choices, selected).filter(day__gte=since)

        by_query = shown_rows(rows, since).values("query")
        top_queries = by_query.annotate(total=Sum("searches"), zero=Sum("zero_results")).order_by(
            "-total", "query"
        )[:TABLE_LENGTH]
        zero_queries = (
            by_query.annotate(zero=Sum("zero_results"), total=Sum("searches"))
            .filter(zero__gt=0)
            .order_by("-zero", "query")[:TABLE_LENGTH]
        )
        life_situations = (
            rows.filter(life_situation__isnull=False)
            .values("life_situation__name")
            .annotate(total=Sum("searches"), zero=Sum("zero_results"))
            .order_by("-total", "life_situation__name")[:TABLE_LENGTH]
        )
        # One aggregate: the totals, and what the query lines leave out ("Andre søgninger").
        with_query = ~Q(query="")
        totals = with_query_totals(rows, since).aggregate(
            total=Sum("searches"),
            zero=Sum("zero_results"),
            with_query=Sum("searches", filter=with_query),
            with_query_zero=Sum("zero_results", filter=with_query),
            shown=Sum("searches", filter=shown()),
            shown_zero=Sum("zero_results", filter=shown()),
        )
        other = {
            "total": (totals["with_query"] or 0) - (totals["shown"] or 0),
            "zero": (totals["with_query_zero"] or 0) - (totals["shown_zero"] or 0),
        }
        context.update(
            period=period,
            periods=PERIODS,
            since=since,
            choices=choices,
            selected=selected,
            top_queries=list(top_queries),
            zero_queries=list(zero_queries),
            life_situations=list(life_situations),
            totals=totals,
            other=other,
            min_shown=MIN_SHOWN_SEARCHES,
            own_municipalities=(
                []
                if is_national_editor(self.request.user)
                else municipalities_of(self.request.user)
            ),
        )
        context["csv_query"] = self.request.GET.copy()
        context["csv_query"]["format"] = CSV
        return context

    def csv(self, context):
        """The same tables as the page, under the same rules (a query searched fewer than
        MIN_SHOWN_SEARCHES times is in "Andre søgninger"), as a spreadsheet."""
        other = context["other"]
        top = [(r["query"], r["total"], r["zero"]) for r in context["top_queries"]]
        zero = [(r["query"], r["zero"], r["total"]) for r in context["zero_queries"]]
        if other["total"]:
            top.append((_("Andre søgninger"), other["total"], other["zero"]))
        if other["zero"]:
            zero.append((_("Andre søgninger"), other["zero"], other["total"]))
        situations = [
            (r["life_situation__name"], r["total"], r["zero"]) for r in context["life_situations"]
        ]
        searches, without = _("Søgninger"), _("Uden resultat")
        return csv_response(
            f"soegninger-{context['since']:%Y-%m-%d}-{context['period']}-dage.csv",
            [
                (_("Mest søgte ord"), [_("Søgning"), searches, without], top),
                (_("Søgninger uden resultat"), [_("Søgning"), without, _("Søgninger i alt")], zero),
                (
                    _("Mest søgte livssituationer"),
                    [_("Livssituation"), searches, without],
                    situations,
                ),
            ],
        )
