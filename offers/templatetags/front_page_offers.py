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


@register.simple_tag
def life_situations_in_scope(page):
    """The life situations of the offers in ``page``'s scope, each with its ``offer_count``."""
    return LifeSituation.objects.with_offer_counts(OfferPage.objects.public().in_scope_of(page))


@register.simple_tag
def newest_offers(municipality):
    """The municipality's own newest offers."""
    return (
        OfferPage.objects.public()
        .filter(municipality=municipality)
        .for_listing()
        # NULLS LAST (no offer lacks the date) also keeps PostgreSQL from walking the
        # date index of every page in the country to find this municipality's newest.
        .order_by(F("first_published_at").desc(nulls_last=True))[:MUNICIPALITY_LIST_LENGTH]
    )


@register.simple_tag
def municipality_national_offers(municipality):
    """The first national offers by title (telephone and online), in the page's language."""
    return (
        OfferPage.objects.public()
        .filter(municipality__isnull=True, locale_id=municipality.locale_id)
        .for_listing()
        .order_by("title")[:MUNICIPALITY_LIST_LENGTH]
    )


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
