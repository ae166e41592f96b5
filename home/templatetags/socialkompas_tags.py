from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

from home.localization import default_locale_id
from home.models import HomePage, MunicipalityPage, SiteSettings
from home.page_cache import TIMEOUT as PAGE_CACHE_TIMEOUT
from home.page_cache import generation

register = template.Library()


@register.simple_tag(takes_context=True)
def subsite(context):
    """The page whose scope the current page belongs to: its municipality, else the national
    front page. Its name heads the page and its search box searches that scope."""
    if "_subsite" in context:
        return context["_subsite"]
    page = context.get("page")
    found = None
    if isinstance(page, MunicipalityPage | HomePage):
        found = page
    elif isinstance(page, Page):
        municipality_id = getattr(page, "municipality_id", None)
        if municipality_id is not None:
            found = page.municipality
        else:
            found = (
                Page.objects.ancestor_of(page)
                .type(MunicipalityPage, HomePage)
                .order_by("-depth")
                .specific()
                .first()
            )
    if found is None:
        request = context.get("request")
        site = Site.find_for_request(request) if request else None
        found = site.root_page.specific if site else HomePage.objects.first()
    context["_subsite"] = found
    return found


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """Ancestors of ``page`` below the current site's root, for the breadcrumb trail."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    root_depth = site.root_page.depth if site else 2
    return list(page.get_ancestors().filter(depth__gte=root_depth).order_by("depth"))


@register.simple_tag(takes_context=True)
def national_front_page_url(context, scope):
    """The address of the national front page above ``scope`` (a municipality's page), for
    "Skift kommune" in the header on every page: no query. The front page is the page's parent
    (``MunicipalityPage.parent_page_types``), so its ``url_path`` is the municipality's without
    the last segment, and Wagtail finds its site (another host when the municipality has its
    own) and language from the site root paths it keeps for the request."""
    parent_path = scope.url_path.rstrip("/").rsplit("/", 1)[0] + "/"
    front_page = HomePage(url_path=parent_path, locale_id=scope.locale_id)
    return front_page.get_url(request=context.get("request")) or ""


@register.simple_tag(takes_context=True)
def site_pages(context):
    """What the footer shows from the site settings: the addresses of the pages they choose
    (``SiteSettings.PAGES``: about, privacy, accessibility), each in the reader's language
    where it has a live translation, else as chosen ({"about": {"url": url, "hreflang": ""},
    ...}, see ``_link``), and the contact details ("contact_email", "contact_phone").

    Kept in the cache until the next change to a page or the settings (the page cache's
    generation), per site and language: a page served from there reads neither the settings
    nor their pages (they cost a query and four model instances, 4 ms of a search page); on a
    change, the settings with their pages are one query and finding the translations one
    more."""
    request = context.get("request")
    if request is None:
        return {}
    found = request.__dict__.get("_socialkompas_site_pages")
    if found is None:
        language = _content_language()
        key = f"site-pages:{generation()}:{request.get_host()}:{language}"
        found = cache.get(key)
        if found is None:
            site_settings = SiteSettings.load(request)
            found = _site_page_urls(request, site_settings, language)
            found["contact_email"] = site_settings.contact_email
            found["contact_phone"] = site_settings.contact_phone
            cache.set(key, found, PAGE_CACHE_TIMEOUT)
        request._socialkompas_site_pages = found
    return found


def _content_language():
    try:
        return get_supported_content_language_variant(get_language())
    except LookupError:
        return settings.LANGUAGE_CODE


def _site_page_urls(request, site_settings, language):
    chosen = {name: getattr(site_settings, field) for name, field in SiteSettings.PAGES.items()}
    pages = [page for page in chosen.values() if page is not None]
    if language != settings.LANGUAGE_CODE or any(
        page.locale_id != default_locale_id() for page in pages
    ):
        translations = {
            page.translation_key: page
            for page in Page.objects.live()
            .select_related("locale")
            .filter(
                locale__language_code=language,
                translation_key__in=[page.translation_key for page in pages],
            )
        }
        chosen = {
            name: translations.get(page.translation_key, page) if page else None
            for name, page in chosen.items()
        }
    return {name: _link(request, page, language) for name, page in chosen.items()}


def _link(request, page, language):
    """A chosen page as ``{"url": ..., "hreflang": ...}``: hreflang names the page's language
    where it is not the reader's (a Danish page linked from the English site, WCAG 3.1.2), ""
    otherwise; an empty dict for a page not chosen (or without an address), so
    ``{% if pages.about %}`` reads false."""
    url = page.get_url(request) if page is not None else None
    if not url:
        return {}
    if page.locale_id == default_locale_id():
        page_language = settings.LANGUAGE_CODE  # the usual fallback: no query for its locale
    else:
        page_language = page.locale.language_code
    return {
        "url": url,
        "hreflang": page_language if page_language != language else "",
    }
