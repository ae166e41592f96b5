"""Factories of home's pages."""

import factory
import wagtail_factories

from home.models import ContentPage, HomePage, MunicipalityPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Socialkompas"
    slug = "socialkompas"

    class Meta:
        model = HomePage


class MunicipalityPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Kommune {n}")
    slug = factory.Sequence(lambda n: f"kommune-{n}")

    class Meta:
        model = MunicipalityPage


class ContentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Side {n}")
    slug = factory.Sequence(lambda n: f"side-{n}")

    class Meta:
        model = ContentPage
