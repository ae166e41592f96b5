"""The shared vocabulary every offer is classified with (see offer-format.md)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Count
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from ..rules import AGE_ORDER_MESSAGE, MAX_AGE, ages_in_order
from ..widgets import TranslatedNamesWidget


class TermQuerySet(models.QuerySet):
    def with_offer_counts(self, offers):
        """Terms used by ``offers`` (a queryset of OfferPage), each with ``offer_count``; a
        list, in the vocabulary's order. Two queries.

        Counted from the offers' side (the offers in scope, then their tags through the tag
        table's index), not by joining each term to every offer of the country and filtering:
        at 50,000 offers that made a municipality's front page slow.
        """
        path = self.model.offer_path
        counts = dict(
            offers.order_by()
            .filter(**{f"{path}__isnull": False})
            .values_list(path)
            .annotate(n=Count("pk", distinct=True))
        )
        terms = list(self.filter(pk__in=counts).order_by("sort_order", "name"))
        for term in terms:
            term.offer_count = counts[term.pk]
        return terms


TRANSLATED_NAMES_HELP = _(
    "Navnet, som det skal stå for dem, der læser Socialkompas på et andet sprog end dansk. "
    "Står et felt tomt, vises det danske navn."
)


class TranslatedNameMixin(models.Model):
    """A vocabulary term's name in the portal's other languages; Danish ``name`` is the source.

    The slug (or code) stays the same in every language, so filters, links and the API keep
    working; only what people read changes.
    """

    translated_names = models.JSONField(
        _("navn på andre sprog"), default=dict, blank=True, help_text=TRANSLATED_NAMES_HELP
    )

    class Meta:
        abstract = True

    @property
    def display_name(self):
        """The name in the active language, else the Danish name."""
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language != settings.LANGUAGE_CODE and isinstance(self.translated_names, dict):
            translated = self.translated_names.get(language)
            if translated:
                return translated
            return self.fallback_name(language)
        return self.name

    def fallback_name(self, language):
        return self.name


class TaxonomyTerm(TranslatedNameMixin, index.Indexed, models.Model):
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
        FieldPanel("translated_names", widget=TranslatedNamesWidget),
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
    #: From an offer to this vocabulary.
    offer_path = "life_situations"

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("livssituation")
        verbose_name_plural = _("livssituationer")


AGE_SPAN_HELP = _(
    "Bruges, når et tilbud ikke selv har en aldersgrænse: så findes tilbuddet ved søgning på "
    "en alder inden for en af dets målgruppers spænd. Tom på begge: gruppen har ingen alder "
    "(fx Forældre), og tilbuddet findes ved alle aldre."
)


class TargetGroup(TaxonomyTerm):
    """A target group, some with an age span ("Ældre (65+ år)": 65 to none).

    The span is what a search by age (``age=12``) reads for an offer without an age range of
    its own; see ``search.parameters.age_condition``.
    """

    #: From an offer to this vocabulary.
    offer_path = "target_groups"

    age_min = models.PositiveSmallIntegerField(
        _("alder fra"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE)],
        help_text=AGE_SPAN_HELP,
    )
    age_max = models.PositiveSmallIntegerField(
        _("alder til"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE)],
        help_text=_("Tom: ingen øvre grænse (fx 65+ år)."),
    )

    panels = [
        *TaxonomyTerm.panels,
        FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")], heading=_("Alder")),
    ]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")

    @property
    def has_age_span(self):
        return self.age_min is not None or self.age_max is not None

    def covers_age(self, age):
        """Whether ``age`` is within the span (a group without a span covers every age)."""
        return (self.age_min is None or self.age_min <= age) and (
            self.age_max is None or age <= self.age_max
        )

    def clean(self):
        super().clean()
        if not ages_in_order(self.age_min, self.age_max):
            raise ValidationError({"age_max": AGE_ORDER_MESSAGE})


class OfferKind(TaxonomyTerm):
    #: From an offer to this vocabulary.
    offer_path = "offer_kinds"

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("tilbudstype")
        verbose_name_plural = _("tilbudstyper")


class ProviderType(TaxonomyTerm):
    #: From an offer to this vocabulary.
    offer_path = "organisation__provider_type"

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("udbydertype")
        verbose_name_plural = _("udbydertyper")


class Language(TranslatedNameMixin, models.Model):
    """A language an offer is given in, by its ISO 639-1 code."""

    code = models.CharField(_("sprogkode"), max_length=2, unique=True)
    name = models.CharField(_("navn"), max_length=60)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("translated_names", widget=TranslatedNamesWidget),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("sprog")
        verbose_name_plural = _("sprog")

    def __str__(self):
        return self.name

    def fallback_name(self, language):
        """Without a name of its own in ``language``: Django's name for the code, translated."""
        try:
            return str(get_language_info(self.code)["name_translated"])
        except KeyError:
            return self.name
