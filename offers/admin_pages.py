"""The page admin as the offers shape it: a local administrator's page chooser (their
municipality and the national offers) and the dashboard panel counting the municipalities'
offers. Registered through ``offers/wagtail_hooks.py``."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from home.models import MunicipalityPage
from home.roles import is_national_editor, municipalities_of, municipality_paths_of

from .models import OfferPage


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser_to_own_municipality(pages, request):
    """In choosers a local administrator sees their municipality and the national offers (which
    every municipality shows), plus the pages above them to navigate by."""
    user = request.user
    if is_national_editor(user):
        return pages
    own = Q()
    for path in municipality_paths_of(user):
        own |= Q(path__startswith=path)
    if not own:
        return pages.none()
    national_offers = Q(pk__in=OfferPage.objects.filter(municipality__isnull=True).values("pk"))
    return pages.filter(own | national_offers | Q(depth__lte=2))


class MunicipalitySummaryPanel(Component):
    """Dashboard: the offers of the user's municipalities (all municipalities for national
    editors), in one query however many municipalities there are."""

    name = "municipality_summary"
    order = 90
    template_name = "offers/admin/municipality_summary_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        if is_national_editor(self.user):
            municipalities = MunicipalityPage.objects.filter(admin_group__isnull=False)
            title = _("Tilbud i kommunerne")
        else:
            municipalities = MunicipalityPage.objects.filter(
                pk__in=[m.pk for m in municipalities_of(self.user)]
            )
            title = _("Din kommunes tilbud")
        rows = (
            municipalities.order_by("title")
            .annotate(
                live_offers=Count(
                    "own_offers",
                    filter=Q(own_offers__live=True, own_offers__stale_since__isnull=True),
                ),
                hidden_offers=Count("own_offers", filter=Q(own_offers__stale_since__isnull=False)),
                draft_offers=Count("own_offers", filter=Q(own_offers__live=False)),
            )
            .values("pk", "title", "live_offers", "hidden_offers", "draft_offers")
        )
        national = None
        if is_national_editor(self.user):
            national = OfferPage.objects.filter(municipality__isnull=True).public().count()
        return {"title": title, "rows": list(rows), "national_offers": national}


@hooks.register("construct_homepage_panels")
def add_municipality_summary(request, panels):
    if is_national_editor(request.user) or municipalities_of(request.user):
        panels.append(MunicipalitySummaryPanel(request.user))
