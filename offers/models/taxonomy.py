"""The shared vocabulary every offer is classified with (see offer-format.md)."""

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class TermQuerySet(models.QuerySet):
    def with_offer_counts(self, offers):
        """Terms used by ``offers`` (a queryset of OfferPage), each with ``offer_count``."""
        relation = self.model.offer_relation
        return (
            self.annotate(
                offer_count=Count(relation, filter=Q(**{f"{relation}__in": offers}), distinct=True)
            )
            .filter(offer_count__gt=0)
            .order_by("sort_order", "name")
        )


class TaxonomyTerm(index.Indexed, models.Model):
    """A term with a stable slug: imports, links and the API refer to terms by slug."""

    name = models.CharField(_("navn"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        help_text=_(
            "Fast kode brugt i import, links og API. Ændr den ikke, når den er taget i brug."
        ),
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    objects = TermQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("slug"),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class LifeSituation(TaxonomyTerm):
    offer_relation = "offers"

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("livssituation")
        verbose_name_plural = _("livssituationer")


class TargetGroup(TaxonomyTerm):
    offer_relation = "offers"

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")


class OfferKind(TaxonomyTerm):
    offer_relation = "offers"

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("tilbudstype")
        verbose_name_plural = _("tilbudstyper")


class ProviderType(TaxonomyTerm):
    offer_relation = "organisations__offers"

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("udbydertype")
        verbose_name_plural = _("udbydertyper")


class Language(models.Model):
    """A language an offer is given in, by its ISO 639-1 code."""

    code = models.CharField(_("sprogkode"), max_length=2, unique=True)
    name = models.CharField(_("navn"), max_length=60)

    panels = [FieldPanel("code"), FieldPanel("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("sprog")
        verbose_name_plural = _("sprog")

    def __str__(self):
        return self.name
