"""What a search needs on every request but editors change rarely, cached: the vocabulary's
terms, the synonym phrases, the municipalities and the place names.

Everything is kept in Django's cache (Redis in production, shared by every worker) under a
version number; any edit of a term, a phrase, a municipality or an offer's place bumps the
version (``search.signals``), so the next search loads afresh. Nothing here depends on the
query, the reader or the request.
"""

import secrets
import time

from django.core.cache import cache
from wagtail.models import Page

from home.localization import default_locale_id
from home.models import MunicipalityPage
from offers.models import OfferPage

from .models import LifeSituationPhrase

VERSION_KEY = "search:vocabulary:version"
#: A safety net: even without an edit signal (a raw SQL change), reload after this long.
TIMEOUT = 60 * 60
#: This process keeps at most this many values (about twenty per vocabulary version).
LOCAL_MAX = 200


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        # A new token, not a counter from 1: after the cache is emptied, this process's
        # copies (``_local``) of the values of an earlier version must not match.
        cache.add(VERSION_KEY, secrets.token_hex(8), None)
        version = cache.get(VERSION_KEY)
    return version


def invalidate(**kwargs):
    """Forget everything cached here (a signal receiver: takes any signal arguments)."""
    cache.set(VERSION_KEY, secrets.token_hex(8), None)


def cached(name, build):
    """``build()``, kept under ``name`` until the next edit (see ``invalidate``)."""
    return _cached(name, build)


#: This process's copies of what it read from the shared cache, by key (the key holds the
#: version): {key: (monotonic time it is kept until, value)}. A search reads about twenty
#: values; unpickling them from the cache on every request cost more than the lookups.
_local = {}


def _cached(name, build):
    """The value is shared read-only between requests: callers must not change it."""
    version = _version()
    if version is None:  # a cache that keeps nothing (DummyCache)
        return build()
    key = f"search:{name}:{version}"
    now = time.monotonic()
    kept = _local.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    if kept is None and len(_local) > LOCAL_MAX:
        _local.clear()  # old versions' keys
    _local[key] = (now + TIMEOUT, value)
    return value


def terms(model):
    """Every term of a vocabulary model, in its order (model instances)."""
    return _cached(f"terms:{model._meta.label_lower}", lambda: list(model.objects.all()))


def phrases(language=None):
    """Every synonym phrase in every language (or in ``language``): [(words tuple, life
    situation id)]."""

    def build():
        found = LifeSituationPhrase.objects.order_by("pk")
        if language is not None:
            found = found.filter(language=language)
        # Stored normalised (LifeSituationPhrase.save): lower case, words, single spaces.
        return [
            (tuple(text.split()), situation_id)
            for text, situation_id in found.values_list("text", "life_situation_id")
        ]

    return _cached("phrases" if language is None else f"phrases:{language}", build)


def danish_words():
    """The one-word synonym phrases written in Danish (the offers' language): frozenset."""

    def build():
        return frozenset(words[0] for words, _id in phrases(language="da") if len(words) == 1)

    return _cached("danish-words", build)


def municipalities():
    """The live Danish municipality pages: [(id, slug, title)] by title."""

    def build():
        return list(
            MunicipalityPage.objects.live()
            .filter(locale_id=default_locale_id())
            .order_by("title")
            .values_list("id", "slug", "title")
        )

    return _cached("municipalities", build)


def place_names():
    """Lower-case names of places people add to a query ("angst kolding", "budget hobro"):
    the municipalities and the towns of the public offers."""

    def build():
        towns = OfferPage.objects.public().exclude(city="").values_list("city", flat=True)
        names = {title.lower() for _id, _slug, title in municipalities()}
        names |= {slug.lower() for _id, slug, _title in municipalities()}
        names |= {town.strip().lower() for town in towns.distinct()}
        return frozenset(name for name in names if name)

    return _cached("places", build)


def other_locale_ids(locale_id):
    """The ids of the locales other than ``locale_id`` that have live offer pages (their
    translations' words count for the Danish offers)."""

    def build():
        return sorted(set(OfferPage.objects.live().values_list("locale_id", flat=True).distinct()))

    return tuple(pk for pk in _cached("offer-locales", build) if pk != locale_id)


def translations_of(page):
    """The ids of ``page`` in every language (a municipality page and its translations)."""

    def build():
        return list(
            Page.objects.filter(translation_key=page.translation_key).values_list("id", flat=True)
        )

    return _cached(f"translations:{page.translation_key}", build)


def public_offer_count():
    """How many offers citizens can see (to tell how common a word is); within ten minutes."""
    key = "search:public-offers"
    count = cache.get(key)
    if count is None:
        count = OfferPage.objects.public().count()
        cache.set(key, count, 600)
    return count


def situations_in_scope(scope_page, count):
    """The life situations with offers in a scope, with their counts (``count()`` builds
    them), for the suggestions of a search that found nothing: counting them across 50,000
    offers took most of such a search. Kept ten minutes; they only order the suggestions."""
    key = f"search:situations-in-scope:{_version()}:{scope_page.pk}"
    situations = cache.get(key)
    if situations is None:
        situations = count()
        cache.set(key, situations, 600)
    return situations
