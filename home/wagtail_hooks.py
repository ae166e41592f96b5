"""Admin scoping (local administrators see their own municipality only), the routes of the
municipality pages that home serves, the page cache's hook."""

from functools import partial

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button

from .admin_access import HOOK_NAME as LOCAL_ADMIN_AREAS
from .admin_access import may_open
from .admin_areas import wagtail_areas
from .models import MunicipalityPage
from .page_cache import mark_cacheable
from .promotion import promotion_page
from .roles import is_national_editor, municipalities_of, municipality_paths_of
from .routes import HOOK_NAME as PAGE_ROUTES
from .routes import MUNICIPALITY, PageRoute

hooks.register(LOCAL_ADMIN_AREAS, wagtail_areas)


@hooks.register(PAGE_ROUTES)
def page_routes():
    """A municipality's printable promotion material (home.promotion)."""
    municipality = (MUNICIPALITY,)
    return [
        PageRoute("plakat/", partial(promotion_page, kind="poster"), "poster", municipality),
        PageRoute("postkort/", partial(promotion_page, kind="postcard"), "postcard", municipality),
    ]


@hooks.register("construct_main_menu")
@hooks.register("construct_reports_menu")
@hooks.register("construct_settings_menu")
def hide_menu_items_the_user_may_not_open(request, menu_items):
    """Deny by default shows in the menus too: no item leads to a 403."""
    menu_items[:] = [
        item
        for item in menu_items
        if not item.url or item.url == "#" or may_open(request, item.url)
    ]


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser_to_own_municipality(pages, request):
    """In choosers a local administrator sees their municipality and the national offers (which
    every municipality shows), plus the pages above them to navigate by."""
    user = request.user
    if is_national_editor(user):
        return pages
    from offers.models import OfferPage

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
    template_name = "home/admin/municipality_summary_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        from offers.models import OfferPage

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


@hooks.register("register_page_header_buttons")
def promotion_material_buttons(page, user, view_name, next_url=None):
    """ "Plakat" and "Postkort" in a municipality page's menu (…) in the admin: the printable
    material with the text of the page's live version and a QR code to the subsite."""
    if not issubclass(page.specific_class or object, MunicipalityPage) or not page.live:
        return
    url = page.get_url()
    if not url or not page.permissions_for_user(user).can_edit():
        return
    municipality = page.specific_deferred
    for name, label, priority in (
        ("poster", _("Plakat (A4)"), 80),
        ("postcard", _("Postkort (A6)"), 81),
    ):
        yield Button(
            label,
            url + municipality.reverse_subpage(name),
            icon_name="doc-full",
            attrs={"target": "_blank", "rel": "noopener"},
            priority=priority,
        )


# Freshness: the report "Tilbud der skal bekræftes" and its hooks live with the offers.
from offers import freshness_admin  # noqa: E402, F401

# The page cache (home/page_cache.py) stores only pages this hook marks.
hooks.register("before_serve_page", mark_cacheable)
