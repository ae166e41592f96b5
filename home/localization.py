"""Lists of pages in the reader's language, falling back to Danish where a page has no live
translation yet, so that an untranslated municipality or offer is still reachable."""

from django.core.cache import cache
from wagtail.models import Locale, Page


def source_version(page):
    """``page`` in the source language (Danish), or ``page`` itself if it has none. Read once
    per page object (a front page asks for it for each of its lists)."""
    default_id = default_locale_id()
    if page.locale_id == default_id:
        return page
    found = page.__dict__.get("_source_version")
    if found is None:
        found = page.get_translation_or_none(default_id) or page
        page.__dict__["_source_version"] = found
    return found


def localized_pages(pages, locale_id, select_related=()):
    """``pages`` (a list or queryset, order kept), each replaced by its live translation in
    ``locale_id`` where there is one. One query; ``select_related`` applies to it."""
    pages = list(pages)
    if not pages:
        return pages
    keys = [p.translation_key for p in pages if p.locale_id != locale_id]
    if not keys:
        return pages
    model = type(pages[0]) if isinstance(pages[0], Page) else Page
    translated = {
        p.translation_key: p
        for p in model.objects.live()
        .filter(locale_id=locale_id, translation_key__in=keys)
        .select_related(*select_related)
    }
    return [translated.get(p.translation_key, p) for p in pages]


def default_locale_id():
    """The primary key of the source language's Locale, cached (it never changes)."""
    key = "socialkompas:default-locale-id"
    pk = cache.get(key)
    if pk is None:
        pk = Locale.get_default().pk
        cache.set(key, pk, 3600)
    return pk
