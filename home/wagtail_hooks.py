"""Admin scoping (local administrators see their own municipality only), the routes of the
municipality pages that home serves, the page cache's hook."""

from functools import partial

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from .admin_access import HOOK_NAME as LOCAL_ADMIN_AREAS
from .admin_access import may_open
from .admin_areas import wagtail_areas
from .models import MunicipalityPage
from .page_cache import mark_cacheable
from .promotion import promotion_page
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


# The page cache (home/page_cache.py) stores only pages this hook marks.
hooks.register("before_serve_page", mark_cacheable)
