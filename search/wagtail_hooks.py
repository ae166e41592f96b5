"""Hooks of the search app: the search page under every front page (``soeg/``), the reports
"Søgninger" (``search.admin_views``) and "Overblik" (``search.municipality_overview``)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from home.admin_access import HOOK_NAME as LOCAL_ADMIN_AREAS
from home.admin_access import AdminArea
from home.embedding import EMBED_ROUTE_NAME
from home.routes import HOOK_NAME as PAGE_ROUTES
from home.routes import MUNICIPALITY, PageRoute
from offers.wagtail_hooks import VOCABULARY_HOOK

from .admin_views import REPORT_URL_NAME, SearchStatisticsView, may_see_statistics
from .embed import embed_page
from .models import LifeSituationPhrase
from .municipality_overview import OVERVIEW_URL_NAME, MunicipalityOverviewView
from .views import search_offers_page


@hooks.register(PAGE_ROUTES)
def page_routes():
    """``soeg/``: the offers in the scope of a municipality or of the national front page;
    ``indlejr/``: a municipality's search made to be framed on its own website."""
    return [
        PageRoute("soeg/", search_offers_page, "search"),
        PageRoute("indlejr/", embed_page, EMBED_ROUTE_NAME, (MUNICIPALITY,)),
    ]


class SearchStatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_statistics(request.user)


@hooks.register("register_admin_urls")
def register_search_statistics_urls():
    return [
        path("reports/soegninger/", SearchStatisticsView.as_view(), name=REPORT_URL_NAME),
        path("reports/overblik/", MunicipalityOverviewView.as_view(), name=OVERVIEW_URL_NAME),
    ]


@hooks.register("register_reports_menu_item")
def register_search_statistics_menu_item():
    return SearchStatisticsMenuItem(
        _("Søgninger"),
        reverse(REPORT_URL_NAME),
        name="soegninger",
        icon_name="search",
        order=660,
    )


@hooks.register("register_reports_menu_item")
def register_municipality_overview_menu_item():
    return SearchStatisticsMenuItem(
        _("Overblik"),
        reverse(OVERVIEW_URL_NAME),
        name="overblik",
        icon_name="table",
        order=650,
    )


@hooks.register(LOCAL_ADMIN_AREAS)
def local_admin_areas():
    """Deny by default (home.admin_access): the report of the municipality's searches and the
    overview (each checks its own parameters: only its municipalities are accepted)."""
    return [AdminArea(REPORT_URL_NAME), AdminArea(OVERVIEW_URL_NAME)]


class LifeSituationPhraseViewSet(SnippetViewSet):
    """Synonyms: everyday words that make a search find a life situation's offers, in the
    language they are written in (Danish, English, ...); filtered by language and life
    situation."""

    model = LifeSituationPhrase
    icon = "search"
    menu_label = _("Synonymer")
    menu_name = "synonymer"
    add_to_settings_menu = False
    list_display = ["text", "language", "life_situation"]
    list_filter = ["language", "life_situation"]
    search_fields = ["text"]
    ordering = ["life_situation__sort_order", "text"]
    panels = [FieldPanel("text"), FieldPanel("language"), FieldPanel("life_situation")]


@hooks.register(VOCABULARY_HOOK)
def vocabulary_viewsets():
    """The synonyms are vocabulary: under *Ordforråd* (offers' menu), not *Snippets*."""
    return [LifeSituationPhraseViewSet]
