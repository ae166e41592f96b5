"""Admin hooks of the search app: the report "Søgninger" (``search.admin_views``)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import REPORT_URL_NAME, SearchStatisticsView, may_see_statistics


class SearchStatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_statistics(request.user)


@hooks.register("register_admin_urls")
def register_search_statistics_urls():
    return [
        path("reports/soegninger/", SearchStatisticsView.as_view(), name=REPORT_URL_NAME),
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
