from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import CreateView, InspectView

from home.admin_access import HOOK_NAME as LOCAL_ADMIN_AREAS
from home.admin_access import AdminArea, page_in_scope
from home.admin_listing import StrictIndexView
from home.admin_panels import ReadOnlyFieldPanel
from home.models import MunicipalityPage
from home.municipalities import WORKFLOW_HOOK
from home.redaction import CONFIRM_LINK_ROUTE, EDIT_LINK_ROUTE
from home.roles import is_national_editor, municipalities_of
from home.routes import HOOK_NAME as PAGE_ROUTES
from home.routes import PageRoute

# Their hooks: the page chooser and dashboard panel (admin_pages), the report "Tilbud der skal
# bekræftes" (freshness_admin), the routes of "Jeres tilbud på Socialkompas" (organisation_page),
# the approver's message after moderating an offer (moderation_views).
from . import admin_pages, moderation_views, organisation_page  # noqa: F401
from .calendar import FILE_NAME as CALENDAR_FILE
from .calendar import calendar_view
from .confirmation_views import confirm_offer_view
from .error_reports import report_error_view
from .freshness_admin import REPORT_URL_NAME
from .models import (
    ErrorReport,
    Language,
    LifeSituation,
    OfferKind,
    Organisation,
    ProviderType,
    TargetGroup,
    municipal_workflow,
)
from .models.offer import OFFER_PAGE_ROUTES
from .rules import NATIONAL
from .shortlist import shortlist_page
from .submission_views import edit_offer, submit_offer

# Every page, in a municipality or national, is approved in the municipal workflow.
hooks.register(WORKFLOW_HOOK, municipal_workflow)


@hooks.register(PAGE_ROUTES)
def page_routes():
    """Under every front page: the associations' form to add an offer (not found under the
    national front page), their private links as mailed (with the token) and once the token
    is exchanged for a grant in the session (without it), and the shortlist given in the
    address (``offers.shortlist``)."""
    return [
        PageRoute("opret-tilbud/", submit_offer, "submit_offer"),
        PageRoute(EDIT_LINK_ROUTE, edit_offer, "edit_offer"),
        PageRoute("opret-tilbud/ret/<int:offer_id>/", edit_offer, "edit_offer_granted"),
        PageRoute(CONFIRM_LINK_ROUTE, confirm_offer_view, "confirm_offer"),
        PageRoute(
            "opret-tilbud/bekraeft/<int:offer_id>/", confirm_offer_view, "confirm_offer_granted"
        ),
        PageRoute("min-liste/", shortlist_page, "shortlist"),
        # Below an offer's own address: "Fejl i opslaget?"
        PageRoute("fejl/", report_error_view, "report_error", pages=(OFFER_PAGE_ROUTES,)),
        # Its recurring times as a calendar file: "Tilføj til kalender" (offers.calendar).
        PageRoute(f"{CALENDAR_FILE}/", calendar_view, "calendar", pages=(OFFER_PAGE_ROUTES,)),
    ]


class TermViewSet(SnippetViewSet):
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name", "slug"]
    ordering = ["sort_order", "name"]


class LifeSituationViewSet(TermViewSet):
    model = LifeSituation
    icon = "help"


class TargetGroupViewSet(TermViewSet):
    model = TargetGroup
    icon = "group"


class OfferKindViewSet(TermViewSet):
    model = OfferKind
    icon = "tag"


class ProviderTypeViewSet(TermViewSet):
    model = ProviderType
    icon = "site"


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "globe"
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


#: Apps above offers add their vocabulary to the menu *Ordforråd* with this hook (search: the
#: synonyms): a function returning a list of SnippetViewSet classes.
VOCABULARY_HOOK = "register_vocabulary_viewsets"


class VocabularyGroup(SnippetViewSetGroup):
    menu_label = _("Ordforråd")
    menu_icon = "list-ul"
    menu_order = 300
    items = (
        LifeSituationViewSet,
        TargetGroupViewSet,
        OfferKindViewSet,
        ProviderTypeViewSet,
        LanguageViewSet,
    )

    def __init__(self):
        added = [item for hook in hooks.get_hooks(VOCABULARY_HOOK) for item in hook()]
        self.items = (*type(self).items, *added)
        super().__init__()


register_snippet(VocabularyGroup)


def organisations_for(user):
    """National editors reach every organisation; a local administrator exactly those of
    their municipalities. Never through an offer: a draft sent in through the public form
    grants nothing."""
    organisations = Organisation.objects.all()
    if is_national_editor(user):
        return organisations
    return organisations.filter(municipality__in=[m.pk for m in municipalities_of(user)])


class ScopedPermissionHelper(PermissionHelper):
    """Model permissions as usual, and the object must be in the user's scope, given by
    ``scope(user)``: a queryset of what that user may reach."""

    scope = None

    def _in_scope(self, user, obj):
        return type(self).scope(user).filter(pk=obj.pk).exists()

    def user_can_inspect_obj(self, user, obj):
        return super().user_can_inspect_obj(user, obj) and self._in_scope(user, obj)

    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and self._in_scope(user, obj)

    def user_can_delete_obj(self, user, obj):
        return super().user_can_delete_obj(user, obj) and self._in_scope(user, obj)


class ScopedObjectViewsMixin:
    """A ModelAdmin whose views of one object (edit, inspect, delete, history) answer 404 for
    an object outside the user's scope (its permission helper's ``scope``), as if it did not
    exist: nothing of it is shown, and not even that it exists."""

    def _in_scope_or_404(self, request, instance_pk):
        scope = type(self.permission_helper).scope
        try:
            found = scope(request.user).filter(pk=unquote(str(instance_pk))).exists()
        except (ValueError, ValidationError):
            found = False
        if not found:
            raise Http404

    def edit_view(self, request, instance_pk):
        self._in_scope_or_404(request, instance_pk)
        return super().edit_view(request, instance_pk)

    def inspect_view(self, request, instance_pk):
        self._in_scope_or_404(request, instance_pk)
        return super().inspect_view(request, instance_pk)

    def delete_view(self, request, instance_pk):
        self._in_scope_or_404(request, instance_pk)
        return super().delete_view(request, instance_pk)

    def history_view(self, request, instance_pk):
        self._in_scope_or_404(request, instance_pk)
        return super().history_view(request, instance_pk)


class OrganisationPermissionHelper(ScopedPermissionHelper):
    scope = staticmethod(organisations_for)


class MunicipalityFilter(admin.SimpleListFilter):
    title = _("kommune")
    parameter_name = "kommune"

    def lookups(self, request, model_admin):
        if is_national_editor(request.user):
            municipalities = MunicipalityPage.objects.filter(admin_group__isnull=False)
        else:
            municipalities = municipalities_of(request.user)
        return [(m.pk, m.title) for m in municipalities] + [(NATIONAL, _("Landsdækkende"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == NATIONAL:
            return queryset.filter(municipality__isnull=True)
        if value:
            return queryset.filter(municipality=value)
        return queryset


class OrganisationCreateView(CreateView):
    def get_instance(self):
        instance = super().get_instance()
        own = municipalities_of(self.request.user)
        if own and not is_national_editor(self.request.user):
            instance.municipality = own[0]
        return instance


class OrganisationInspectView(InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offers = self.instance.offers.select_related("municipality").order_by("title")
        user = self.request.user
        if not is_national_editor(user):
            offers = offers.filter(
                Q(municipality__in=[m.pk for m in municipalities_of(user)])
                | Q(municipality__isnull=True)
            )
        context["offers"] = offers
        return context


class OrganisationAdmin(ScopedObjectViewsMixin, ModelAdmin):
    model = Organisation
    menu_label = _("Organisationer")
    menu_icon = "group"
    menu_order = 250
    list_display = ("name", "provider_type", "municipality", "offer_count")
    list_filter = ("provider_type", MunicipalityFilter)
    search_fields = ("name", "cvr")
    permission_helper_class = OrganisationPermissionHelper
    index_view_class = StrictIndexView
    create_view_class = OrganisationCreateView
    inspect_view_enabled = True
    inspect_view_class = OrganisationInspectView
    inspect_template_name = "offers/admin/organisation_inspect.html"

    def get_queryset(self, request):
        return (
            organisations_for(request.user)
            .select_related("provider_type", "municipality")
            .annotate(live_offer_count=Count("offers", filter=Q(offers__live=True), distinct=True))
        )

    @admin.display(description=_("Udgivne tilbud"), ordering="live_offer_count")
    def offer_count(self, obj):
        return obj.live_offer_count


modeladmin_register(OrganisationAdmin)


# "Fejl i opslaget?": error reports from citizens (offers/error_reports.py)


def error_reports_for(user):
    """National editors see every error report; a local administrator those about offers in
    their municipalities (in any language: a report on a translation reaches the same
    administrators by mail, see ``home.roles.approver_users``)."""
    reports = ErrorReport.objects.all()
    if is_national_editor(user):
        return reports
    keys = [m.translation_key for m in municipalities_of(user)]
    if not keys:
        return reports.none()
    return reports.filter(offer__municipality__translation_key__in=keys)


class ErrorReportPermissionHelper(ScopedPermissionHelper):
    """Reports come from citizens only, so nobody adds one in the admin."""

    scope = staticmethod(error_reports_for)

    def user_can_create(self, user):
        return False


class ErrorReportMunicipalityFilter(MunicipalityFilter):
    def queryset(self, request, queryset):
        value = self.value()
        if value == NATIONAL:
            return queryset.filter(offer__municipality__isnull=True)
        if value and value.isdigit():
            keys = MunicipalityPage.objects.filter(pk=value).values("translation_key")
            return queryset.filter(offer__municipality__translation_key__in=keys)
        return queryset


class ErrorReportStatusForm(WagtailAdminModelForm):
    """Only the status is edited; when the report is solved is recorded here."""

    def save(self, commit=True):
        report = super().save(commit=False)
        if report.status == ErrorReport.Status.RESOLVED:
            if report.resolved_at is None or "status" in self.changed_data:
                report.resolved_at = timezone.now()
        else:
            report.resolved_at = None
        if commit:
            report.save()
        return report


class ErrorReportAdmin(ModelAdmin):
    model = ErrorReport
    menu_label = _("Fejlmeldinger")
    menu_icon = "warning"
    menu_order = 260
    list_display = ("offer_title", "offer_municipality", "created_at", "status")
    search_fields = ("message", "offer__title")
    permission_helper_class = ErrorReportPermissionHelper
    index_view_class = StrictIndexView
    inspect_view_enabled = True
    inspect_view_fields = (
        "offer",
        "message",
        "contact_name",
        "contact_email",
        "created_at",
        "status",
        "resolved_at",
    )
    edit_template_name = "offers/admin/error_report_edit.html"
    edit_handler = ObjectList(
        [
            FieldPanel("offer", read_only=True),
            FieldPanel("message", read_only=True),
            FieldRowPanel(
                [
                    FieldPanel("contact_name", read_only=True),
                    FieldPanel("contact_email", read_only=True),
                ],
                heading=_("Kontakt"),
            ),
            FieldPanel("created_at", read_only=True),
            FieldPanel(
                "status",
                widget=forms.RadioSelect,
                help_text=_("Marker fejlmeldingen som løst, når opslaget er rettet."),
            ),
            ReadOnlyFieldPanel("resolved_at"),
        ],
        base_form_class=ErrorReportStatusForm,
    )

    def get_queryset(self, request):
        return error_reports_for(request.user).select_related("offer", "offer__municipality")

    def get_list_filter(self, request):
        user = request.user
        if is_national_editor(user) or len(municipalities_of(user)) > 1:
            return ("status", ErrorReportMunicipalityFilter)
        return ("status",)

    @admin.display(description=_("tilbud"), ordering="offer__title")
    def offer_title(self, obj):
        return obj.offer.title

    @admin.display(description=_("kommune"), ordering="offer__municipality__title")
    def offer_municipality(self, obj):
        municipality = obj.offer.municipality
        return municipality.title if municipality else _("Landsdækkende")


modeladmin_register(ErrorReportAdmin)


# Deny by default (home.admin_access): what of the offers' admin a local administrator reaches.


def _in(scope):
    def check(request, value, kwargs):
        return str(value).isdigit() and scope(request.user).filter(pk=int(value)).exists()

    return check


@hooks.register(LOCAL_ADMIN_AREAS)
def local_admin_areas():
    organisation = {"instance_pk": _in(organisations_for)}
    report = {"instance_pk": _in(error_reports_for)}
    return [
        AdminArea("offers_organisation_modeladmin_index"),
        AdminArea("offers_organisation_modeladmin_create"),
        AdminArea("offers_organisation_modeladmin_edit", kwargs=organisation),
        AdminArea("offers_organisation_modeladmin_inspect", kwargs=organisation),
        AdminArea("offers_organisation_modeladmin_history", kwargs=organisation),
        AdminArea("offers_errorreport_modeladmin_index"),
        AdminArea("offers_errorreport_modeladmin_edit", kwargs=report),
        AdminArea("offers_errorreport_modeladmin_inspect", kwargs=report),
        AdminArea("offers_errorreport_modeladmin_history", kwargs=report),
        AdminArea(f"{REPORT_URL_NAME}"),
        AdminArea(f"{REPORT_URL_NAME}_results"),
        AdminArea(f"{REPORT_URL_NAME}_confirm", kwargs={"offer_id": page_in_scope}),
    ]
