"""Factories of offers' models."""

from datetime import date, time

import factory
import wagtail_factories
from django.utils import timezone

from offers.models import (
    LifeSituation,
    OfferKind,
    OfferPage,
    OfferSchedule,
    Organisation,
    ProviderType,
)


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


def tuesday_and_last_thursday(**monthly):
    """Two recurring times for an offer: every Tuesday 17-19 ("ikke i ferier") and the last
    Thursday of every month 10.30-12 until mid-2099 (``monthly`` changes that one)."""
    return [
        OfferSchedule(weekday=1, start_time=time(17), end_time=time(19), note="ikke i ferier"),
        OfferSchedule(
            **{
                "frequency": "monthly",
                "week_of_month": -1,
                "weekday": 3,
                "start_time": time(10, 30),
                "end_time": time(12),
                "valid_until": date(2099, 6, 30),
                **monthly,
            }
        ),
    ]
