"""The offers on the front pages, for home's templates (``{% load front_page_offers %}``)::

    {% newest_offers page as newest_offers %}

Each list is read once, by the ``{% if %}`` and ``{% for %}`` that show it.
"""

from django import template
from django.db.models import F

from home.localization import localized_pages, source_version

from ..models import LifeSituation, OfferPage

register = template.Library()

#: How many of a municipality's newest offers, and of the national ones, its front page shows.
MUNICIPALITY_LIST_LENGTH = 6


#: A front page in another language than Danish counts and lists every offer, translated or
#: not: read from the Danish source (every offer has one), then each shown in the page's
#: language where it is translated (the untranslated ones are marked lang="da" by the cards).
LISTING_RELATED = ["organisation", "municipality"]


@register.simple_tag
def life_situations_in_scope(page):
    """The life situations of the offers in ``page``'s scope, each with its ``offer_count``
    (every offer, translated or not: the search from the link finds them all)."""
    return LifeSituation.objects.with_offer_counts(
        OfferPage.objects.public().in_scope_of(source_version(page))
    )


@register.simple_tag
def newest_offers(municipality):
    """The municipality's own newest offers, in the page's language where translated."""
    newest = (
        OfferPage.objects.public()
        .filter(municipality=source_version(municipality))
        .for_listing()
        # NULLS LAST (no offer lacks the date) also keeps PostgreSQL from walking the
        # date index of every page in the country to find this municipality's newest.
        .order_by(F("first_published_at").desc(nulls_last=True))[:MUNICIPALITY_LIST_LENGTH]
    )
    return localized_pages(newest, municipality.locale_id, select_related=LISTING_RELATED)


@register.simple_tag
def municipality_national_offers(municipality):
    """The first national offers by title (telephone and online), in the page's language
    where translated."""
    national = (
        OfferPage.objects.public()
        .filter(municipality__isnull=True, locale_id=source_version(municipality).locale_id)
        .for_listing()
        .order_by("title")[:MUNICIPALITY_LIST_LENGTH]
    )
    return localized_pages(national, municipality.locale_id, select_related=LISTING_RELATED)


@register.simple_tag
def national_offers(front_page):
    """Every national offer, for the national front page: in another language than Danish,
    each translated where it is."""
    return localized_pages(
        OfferPage.objects.public()
        .child_of(source_version(front_page))
        # Always true of a child of the front page; lets PostgreSQL find these few by
        # index instead of reading every offer below the front page for the depth.
        .filter(municipality__isnull=True)
        .select_related("organisation")
        .order_by("title"),
        front_page.locale_id,
        select_related=["organisation"],
    )
