"""Keep the search lexicon (search.lexicon) in step with what is published."""

from django.dispatch import receiver
from wagtail.signals import page_published

from offers.bulk_pages import pages_published_in_bulk
from offers.models import OfferPage

from . import lexicon


@receiver(page_published, sender=OfferPage)
def add_published_offer_words(sender, instance, **kwargs):
    # Words are only added: a word that left every offer costs nothing but a possible
    # correction towards it; the nightly ``rebuild_search_lexicon`` clears those.
    lexicon.add_words(lexicon.offer_words(instance), lexicon.offer_ordinary_words(instance))


@receiver(pages_published_in_bulk, sender=OfferPage)
def add_bulk_published_offer_words(sender, instances, **kwargs):
    words, ordinary = set(), set()
    for offer in instances:
        words |= lexicon.offer_words(offer)
        ordinary |= lexicon.offer_ordinary_words(offer)
    lexicon.add_words(words, ordinary)
