from django.dispatch import receiver
from wagtail.signals import post_page_move

from home import page_cache

from .bulk_pages import pages_published_in_bulk
from .models import (
    Language,
    LifeSituation,
    OfferKind,
    OfferPage,
    Organisation,
    ProviderType,
    TargetGroup,
)

# The page cache (home.page_cache): offers are stored; the front pages show offers, their
# organisations and terms, so a change to any of them makes the stored pages stale.
page_cache.store_pages_of(OfferPage)
page_cache.invalidate_on_change(
    OfferPage, Organisation, LifeSituation, TargetGroup, OfferKind, ProviderType, Language
)
pages_published_in_bulk.connect(page_cache.invalidate, dispatch_uid="page-cache-published-in-bulk")


@receiver(post_page_move)
def keep_offer_municipality_in_step(sender, instance, **kwargs):
    """A moved offer belongs to the municipality it was moved to."""
    if issubclass(sender, OfferPage):
        offer = OfferPage.objects.get(pk=instance.pk)
        municipality = offer.municipality_from_tree()
        if offer.municipality_id != (municipality.pk if municipality else None):
            OfferPage.objects.filter(pk=offer.pk).update(municipality=municipality)
