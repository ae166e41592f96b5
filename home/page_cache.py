"""A page cache for what anonymous citizens read most: the front pages, offers and content pages.

``PageCacheMiddleware`` answers an anonymous ``GET`` of such a page (no query string, no
session) from Django's cache framework — local memory by default, Redis in production
(``REDIS_URL``), so every app server shares it — and stores the page the first time.
Which responses may be stored is decided by the ``before_serve_page`` hook in
``home/wagtail_hooks.py`` (``mark_cacheable``): only the page types their apps name with
``store_pages_of`` (in their ``signals.py``), only their own page (not routes under them such
as ``soeg/`` or ``fejl/``), never previews.

Invalidation is by generation: every key carries a number that any change to what these pages
show increases (a page published, unpublished, saved, moved or deleted; an offer confirmed
or hidden, which saves it; the vocabulary or the site settings changed: each app names the
models whose changes these pages show with ``invalidate_on_change``). The next request
then misses and renders afresh, so a publish is visible at once on every server. Changes are
rare next to reads, so throwing the whole cache away on each is cheap and never wrong.

Search pages are never stored here (each query is its own page, and what people search for is
nobody else's business): they send ``Cache-Control: no-store``.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

GENERATION_KEY = "page-cache:generation"
#: How long a stored page lives at most (the generation makes it stale sooner on a change).
TIMEOUT = 60 * 60
#: What browsers and proxies may keep without asking (they cannot be told about a publish).
BROWSER_MAX_AGE = 60
SKIP_PREFIXES = ("/admin/", "/django-admin/", "/api/", "/static/", "/media/", "/documents/")
#: The page types whose own page may be stored (``store_pages_of``).
_page_types = set()


def store_pages_of(*page_models):
    """Let the page cache store the pages of these types (their own page, not their routes)."""
    _page_types.update(page_models)


def invalidate_on_change(*models):
    """Make the stored pages stale whenever an object of one of these models is saved or
    deleted (they show it)."""
    for model in models:
        post_save.connect(invalidate, sender=model, dispatch_uid=f"page-cache-save-{model}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"page-cache-delete-{model}")


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def invalidate(*args, **kwargs):
    """Make every stored page stale (signal receiver: accepts and ignores any arguments)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (evicted or never set): any new number will do
        cache.set(GENERATION_KEY, 2, timeout=None)


def _key(request):
    return f"page-cache:{generation()}:{request.get_host()}:{get_language()}:{request.path}"


def _anonymous_plain_get(request):
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(SKIP_PREFIXES)
    )


def mark_cacheable(page, request, serve_args, serve_kwargs):
    """``before_serve_page`` hook: the page itself (not a route under it) may be stored."""
    if type(page) not in _page_types or getattr(request, "is_preview", False):
        return
    view = serve_args[0] if serve_args else None
    if view is None or getattr(view, "__name__", "") == "index_route":
        request.page_cacheable = True


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _anonymous_plain_get(request):
            return self.get_response(request)
        key = _key(request)
        response = cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            getattr(request, "page_cacheable", False)
            and response.status_code == 200
            and not response.cookies
            and not response.has_header("Set-Cookie")
        ):
            patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, response, TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return response
