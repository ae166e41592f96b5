"""Admin scoping (local administrators see their own municipality only), the routes of the
municipality pages that home serves, the page cache's hook."""

from functools import partial

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.widgets import Button

from .admin_access import HOOK_NAME as LOCAL_ADMIN_AREAS
from .admin_access import may_open
from .admin_areas import wagtail_areas
from .co_administrators import (
    LIST_URL_NAME,
    REMOVE_URL_NAME,
    CoAdministratorsView,
    RemoveCoAdministratorView,
    co_administrator_areas,
)
from .models import MunicipalityPage
from .page_cache import mark_cacheable
from .promotion import promotion_page
from .roles import is_national_editor, municipalities_of
from .routes import HOOK_NAME as PAGE_ROUTES
from .routes import MUNICIPALITY, PageRoute

hooks.register(LOCAL_ADMIN_AREAS, wagtail_areas)
hooks.register(LOCAL_ADMIN_AREAS, co_administrator_areas)


@hooks.register("register_admin_urls")
def co_administrator_urls():
    """A municipality's administrators invite and remove each other (home.co_administrators)."""
    return [
        path(
            "kommune/<int:municipality_id>/administratorer/",
            CoAdministratorsView.as_view(),
            name=LIST_URL_NAME,
        ),
        path(
            "kommune/<int:municipality_id>/administratorer/<int:user_id>/fjern/",
            RemoveCoAdministratorView.as_view(),
            name=REMOVE_URL_NAME,
        ),
    ]


class CoAdministratorsMenuItem(MenuItem):
    """ "Administratorer" for a local administrator: their (first) municipality's list.
    National editors manage every user under Settings -> Users."""

    def is_shown(self, request):
        user = request.user
        return not is_national_editor(user) and bool(municipalities_of(user))

    def render_component(self, request):
        # Menu items are shared by every request: the URL is the user's, not the item's.
        own = municipalities_of(request.user)
        url = reverse(LIST_URL_NAME, kwargs={"municipality_id": own[0].pk}) if own else "#"
        return LinkMenuItemComponent(self.name, self.label, url, icon_name=self.icon_name)


@hooks.register("register_admin_menu_item")
def co_administrators_menu_item():
    return CoAdministratorsMenuItem(
        _("Administratorer"), "#", name="administratorer", icon_name="group", order=9000
    )


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
