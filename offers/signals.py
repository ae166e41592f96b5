from django.dispatch import receiver
from wagtail.signals import post_page_move

from .models import OfferPage


@receiver(post_page_move)
def keep_offer_municipality_in_step(sender, instance, **kwargs):
    """A moved offer belongs to the municipality it was moved to."""
    if issubclass(sender, OfferPage):
        offer = OfferPage.objects.get(pk=instance.pk)
        municipality = offer.municipality_from_tree()
        if offer.municipality_id != (municipality.pk if municipality else None):
            OfferPage.objects.filter(pk=offer.pk).update(municipality=municipality)
