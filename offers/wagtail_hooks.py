from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import CreateView, InspectView

from home.models import MunicipalityPage
from home.roles import is_national_editor, municipalities_of

from .models import Language, LifeSituation, OfferKind, Organisation, ProviderType, TargetGroup


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


register_snippet(VocabularyGroup)


def organisations_for(user):
    """National editors see every organisation; a local administrator those added in their
    municipality or with offers there."""
    organisations = Organisation.objects.all()
    if is_national_editor(user):
        return organisations
    municipalities = [m.pk for m in municipalities_of(user)]
    return organisations.filter(
        Q(municipality__in=municipalities) | Q(offers__municipality__in=municipalities)
    ).distinct()


class OrganisationPermissionHelper(PermissionHelper):
    def _in_scope(self, user, obj):
        return organisations_for(user).filter(pk=obj.pk).exists()

    def user_can_inspect_obj(self, user, obj):
        return super().user_can_inspect_obj(user, obj) and self._in_scope(user, obj)

    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and self._in_scope(user, obj)

    def user_can_delete_obj(self, user, obj):
        return super().user_can_delete_obj(user, obj) and self._in_scope(user, obj)


class MunicipalityFilter(admin.SimpleListFilter):
    title = _("kommune")
    parameter_name = "kommune"

    def lookups(self, request, model_admin):
        if is_national_editor(request.user):
            municipalities = MunicipalityPage.objects.filter(admin_group__isnull=False)
        else:
            municipalities = municipalities_of(request.user)
        return [(m.pk, m.title) for m in municipalities] + [("national", _("Landsdækkende"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "national":
            return queryset.filter(municipality__isnull=True)
        if value:
            return queryset.filter(Q(municipality=value) | Q(offers__municipality=value)).distinct()
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


class OrganisationAdmin(ModelAdmin):
    model = Organisation
    menu_label = _("Organisationer")
    menu_icon = "group"
    menu_order = 250
    list_display = ("name", "provider_type", "municipality", "offer_count")
    list_filter = ("provider_type", MunicipalityFilter)
    search_fields = ("name", "cvr")
    permission_helper_class = OrganisationPermissionHelper
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
