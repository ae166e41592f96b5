"""The language switcher, hreflang links and the machine-translation notice.

Danish is the source language; translations of pages are made with wagtail-localize and live
in the same tree under their locale (``/en/kolding/`` is the English translation of
``/kolding/``).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation

from home.localization import default_locale_id
from home.page_cache import TIMEOUT as PAGE_CACHE_TIMEOUT
from home.page_cache import generation

register = template.Library()


@dataclass
class Alternate:
    """One language version of what the reader is looking at."""

    code: str
    #: The language's own name (Dansk, English, Українська, العربية).
    name: str
    url: str
    absolute_url: str
    #: The page the reader is on, in this language (False: a translated ancestor instead).
    exact: bool
    current: bool
    bidi: bool

    @property
    def direction(self):
        return "rtl" if self.bidi else "ltr"


def _languages():
    return list(getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", settings.LANGUAGES))


def _bidi(code):
    try:
        return bool(get_language_info(code)["bidi"])
    except KeyError:
        return False


def _path_of(url):
    return urlsplit(url).path if url else ""


def page_alternates(request, page):
    """The versions of ``page`` (or, when a language lacks it, of its nearest translated
    ancestor), one per configured language, in settings order.

    A route below the page (``soeg/``) and the query string are kept, so a search stays the
    same search in the other language. A language in which neither the page nor any of its
    ancestors is live is left out.
    """
    query = request.META.get("QUERY_STRING", "")
    page_url, versions, current_code = _page_versions(request, page)
    page_path = _path_of(page_url)
    suffix = ""
    if page_path and request.path.startswith(page_path):
        suffix = request.path[len(page_path) :]
    alternates = []
    for code, name, url, exact in versions:
        if exact:
            url += suffix
            if query:
                url += "?" + query
        alternates.append(_alternate(request, code, name, url, exact, current_code))
    return alternates


def _page_versions(request, page):
    """(the page's url, [(code, name, url, exact)], the page's language code): read with one
    query and kept in the cache until the next change to any page (the page cache's
    generation), per site and page."""
    key = f"language-versions:{generation()}:{request.get_host()}:{page.pk}"
    found = cache.get(key)
    if found is None:
        found = _read_page_versions(request, page)
        cache.set(key, found, PAGE_CACHE_TIMEOUT)
    return found


def _read_page_versions(request, page):
    # One IN over the page's and its ancestors' keys (an index lookup), not ORs of them,
    # which PostgreSQL answers by reading every page.
    keys = page.get_ancestors(inclusive=True).filter(depth__gte=2).values("translation_key")
    candidates = (
        Page.objects.filter(translation_key__in=keys)
        .filter(Q(live=True) | Q(pk=page.pk))
        .select_related("locale")
        .order_by("depth")
    )
    translations, fallbacks = {}, {}
    current_code = None
    for candidate in candidates:
        code = candidate.locale.language_code
        if candidate.pk == page.pk:
            current_code = code
        if candidate.translation_key == page.translation_key:
            translations[code] = candidate
        else:
            # Deeper ancestors come later and win: the nearest translated one.
            fallbacks[code] = candidate
    versions = []
    for code, name in _languages():
        if code in translations:
            url, exact = translations[code].get_url(request), True
        elif code in fallbacks:
            url, exact = fallbacks[code].get_url(request), False
        else:
            continue
        if url:
            versions.append((code, str(name), url, exact))
    return page.get_url(request) or "", versions, current_code


def _alternate(request, code, name, url, exact, current_code):
    return Alternate(
        code=code,
        name=name,
        url=url,
        absolute_url=request.build_absolute_uri(url),
        exact=exact,
        current=code == current_code,
        bidi=_bidi(code),
    )


def view_alternates(request):
    """For pages that are not Wagtail pages: the same address with the other prefix."""
    current_code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    full_path = request.get_full_path()
    alternates = []
    for code, name in _languages():
        url = translate_url(full_path, code)
        alternates.append(_alternate(request, code, name, url, True, current_code))
    return alternates


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """The language versions of the current page, for the switcher and the hreflang links.

    Computed once per request (both the <head> and the header use it).
    """
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    if not isinstance(page, Page) or page.pk is None:
        page = None
    key = (page.pk if page else None, get_language())
    cache = request.__dict__.setdefault("_socialkompas_language_alternates", {})
    if key not in cache:
        cache[key] = page_alternates(request, page) if page else view_alternates(request)
    return cache[key]


@register.simple_tag(takes_context=True)
def hreflang_links(context):
    """(hreflang, absolute url) pairs: every language the page exists in, and x-default (the
    Danish source). Empty when the page exists in one language only."""
    exact = [a for a in language_alternates(context) if a.exact]
    if len(exact) < 2:
        return []
    links = [(a.code, a.absolute_url) for a in exact]
    default = next((a for a in exact if a.code == settings.LANGUAGE_CODE), None)
    if default is not None:
        links.append(("x-default", default.absolute_url))
    return links


@register.filter
def is_machine_translated(page):
    """True when text on ``page`` (a translation) comes from machine translation that is still
    in use: a StringTranslation of type "machine" for a string of the page's current source."""
    if not isinstance(page, Page) or page.pk is None:
        return False
    if page.locale_id == default_locale_id():
        return False  # the source: nothing on it is a translation

    in_use = StringSegment.objects.filter(
        context_id=OuterRef("context_id"), string_id=OuterRef("translation_of_id")
    )
    return (
        StringTranslation.objects.filter(
            locale_id=page.locale_id,
            context__object_id=page.translation_key,
            translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
        )
        .filter(Exists(in_use))
        .exists()
    )


@register.simple_tag(takes_context=True)
def source_language_version(context):
    """The Danish original of the current page, if it has one (for the notice's link)."""
    for alternate in language_alternates(context):
        if alternate.code == settings.LANGUAGE_CODE and alternate.exact:
            return alternate
    return None


@register.simple_tag
def content_lang(page):
    """`` lang="da"`` on a page's content shown untranslated inside a page in another language
    (an offer card on an English page with no English version yet), else nothing. No query:
    the source language's id is cached."""
    if not isinstance(page, Page) or page.locale_id != default_locale_id():
        return ""
    if (get_language() or settings.LANGUAGE_CODE).split("-")[0] == settings.LANGUAGE_CODE:
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)


@register.simple_tag
def in_content_lang(page, text):
    """``text``, from ``page``, in a ``<span lang="da">`` where ``content_lang`` would mark the
    page's content (an untranslated offer on a page in another language), else as it is: for
    content inside a sentence of the interface ("Læg på min liste: <title>")."""
    marked = content_lang(page)
    return format_html("<span{}>{}</span>", marked, text) if marked else text
