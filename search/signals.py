"""Keep the search lexicon (search.lexicon) in step with what citizens can see: every change
to an offer's text or visibility counts its words again (``lexicon.sync_offers``)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from home.models import MunicipalityPage
from offers.bulk_pages import pages_published_in_bulk
from offers.models import Language, LifeSituation, OfferKind, OfferPage, ProviderType, TargetGroup
from offers.models.offer import public_offers_changed

from . import lexicon, vocabulary
from .models import LifeSituationPhrase, OfferWords


@receiver(page_published, sender=OfferPage)
@receiver(page_unpublished, sender=OfferPage)
def count_offer_words(sender, instance, **kwargs):
    lexicon.sync_offers([instance.pk])


@receiver(pages_published_in_bulk, sender=OfferPage)
def count_bulk_published_offer_words(sender, instances, **kwargs):
    lexicon.sync_offers([offer.pk for offer in instances])


@receiver(public_offers_changed, sender=OfferPage)
def count_words_of_hidden_or_shown_offers(sender, ids, **kwargs):
    lexicon.sync_offers(ids)


@receiver(post_delete, sender=OfferWords)
def count_down_words_of_a_gone_offer(sender, instance, **kwargs):
    """Whether the offer stopped being public or was deleted (the row goes with it)."""
    lexicon.count_words(dict.fromkeys(instance.word_set(), -1))


def _forget_cached_vocabulary(sender, **kwargs):
    vocabulary.invalidate()


# What search.vocabulary caches: the terms, the synonym phrases, the municipalities.
for _model in (LifeSituation, TargetGroup, OfferKind, ProviderType, Language, LifeSituationPhrase):
    post_save.connect(_forget_cached_vocabulary, sender=_model, dispatch_uid=f"vocab-{_model}")
    post_delete.connect(_forget_cached_vocabulary, sender=_model, dispatch_uid=f"vocab-d-{_model}")
page_published.connect(_forget_cached_vocabulary, sender=MunicipalityPage, dispatch_uid="vocab-mp")
page_unpublished.connect(
    _forget_cached_vocabulary, sender=MunicipalityPage, dispatch_uid="vocab-mu"
)
post_delete.connect(_forget_cached_vocabulary, sender=MunicipalityPage, dispatch_uid="vocab-md")
