from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

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


class OrganisationAdmin(ModelAdmin):
    model = Organisation
    menu_label = _("Organisationer")
    menu_icon = "group"
    menu_order = 250
    list_display = ("name", "provider_type", "cvr")
    list_filter = ("provider_type",)
    search_fields = ("name", "cvr")
    list_select_related = ("provider_type",)


modeladmin_register(OrganisationAdmin)
