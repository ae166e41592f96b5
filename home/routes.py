"""The routes below the front pages: ``soeg/``, ``opret-tilbud/``, ``min-liste/``, ``plakat/`` ….

Each app registers the routes it serves in its ``wagtail_hooks.py``, with the Wagtail hook
``HOOK_NAME``: a function returning ``PageRoute`` objects::

    @hooks.register(PAGE_ROUTES)
    def page_routes():
        return [PageRoute("soeg/", search_offers_page, name="search")]

``MunicipalityPage`` and ``HomePage`` (the national front page) serve them through Wagtail's
``RoutablePageMixin`` (``RegisteredRoutesMixin`` in ``home.models``), so
``page.reverse_subpage(name)`` and ``{% routablepageurl page name %}`` work as for a route
declared on the page. A route's view is called as ``view(request, page, **url_arguments)``.

No child page may take a slug that is the first segment of a route (``reserved_child_slugs``):
the page would be hidden behind the route.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.urls import path
from wagtail import hooks

HOOK_NAME = "register_page_routes"

#: The pages a route is served under: a municipality's front page, the national front page
#: (an app may name a kind of its own for its page type: offers' OFFER_PAGE_ROUTES).
MUNICIPALITY = "municipality"
NATIONAL = "national"
BOTH = (MUNICIPALITY, NATIONAL)

#: First segments of the site's own addresses next to the page tree (config/urls.py: /api/,
#: home.health: /healthz).
URLCONF_SLUGS = frozenset({"api", "healthz"})


@dataclass(frozen=True)
class PageRoute:
    pattern: str  # as for django.urls.path, relative to the page: "soeg/"
    view: Callable
    name: str
    pages: tuple = BOTH

    @property
    def slug(self):
        return self.pattern.split("/", 1)[0]


def page_routes(kind):
    """The registered routes served under pages of ``kind`` (``MUNICIPALITY`` or ``NATIONAL``)."""
    return [route for hook in hooks.get_hooks(HOOK_NAME) for route in hook() if kind in route.pages]


def url_patterns(kind):
    """The routes of ``kind`` as the URL patterns ``RoutablePageMixin`` resolves and reverses."""
    return [
        path(route.pattern, _page_method(route.view), name=route.name)
        for route in page_routes(kind)
    ]


def _page_method(view):
    """``view(request, page, ...)`` as the method ``RoutablePageMixin`` binds to the page."""

    @wraps(view)
    def serve_route(page, request, *args, **kwargs):
        return view(request, page, *args, **kwargs)

    return serve_route


def reserved_child_slugs():
    """The slugs no child page may use: the first segment of every route, and ``api``."""
    return URLCONF_SLUGS | {route.slug for kind in BOTH for route in page_routes(kind)}
