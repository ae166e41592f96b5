"""Factories of offers' models."""

import factory
import wagtail_factories
from django.utils import timezone

from offers.models import LifeSituation, OfferKind, OfferPage, Organisation, ProviderType


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Forening nr. {n}")
    provider_type = factory.LazyFunction(lambda: ProviderType.objects.get(slug="forening"))

    class Meta:
        model = Organisation


class OfferPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Tilbud {n}")
    slug = factory.Sequence(lambda n: f"tilbud-{n}")
    summary = "Et gratis tilbud til dig, der har brug for nogen at tale med."
    organisation = factory.SubFactory(OrganisationFactory)
    is_physical = True
    last_confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = OfferPage
        skip_postgeneration_save = True

    @factory.post_generation
    def life_situations(self, create, extracted, **kwargs):
        slugs = extracted or ["ensomhed"]
        self.life_situations.set(LifeSituation.objects.filter(slug__in=slugs))
        if create:
            self.save()

    @factory.post_generation
    def offer_kinds(self, create, extracted, **kwargs):
        slugs = extracted or ["faellesskab"]
        self.offer_kinds.set(OfferKind.objects.filter(slug__in=slugs))
        if create:
            self.save()
