from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

cvr_validator = RegexValidator(r"^\d{8}$", _("Et CVR-nummer består af 8 cifre."))
DUPLICATE_NAME = _("Der findes allerede en organisation med dette navn.")


class OrganisationQuerySet(models.QuerySet):
    def visible_in(self, municipality):
        """The organisations an offer of ``municipality`` may name: the municipality's own and
        the national ones (``municipality`` None: the national ones only). The one rule of
        which organisation goes with which offer; a municipality page in another language
        stands for its Danish source page."""
        national = Q(municipality__isnull=True)
        if municipality is None:
            return self.filter(national)
        return self.filter(national | Q(municipality__translation_key=municipality.translation_key))


class Organisation(index.Indexed, models.Model):
    """The provider of offers: an association, a municipal unit, a region ...

    Every organisation belongs to one municipality (its local administrators edit it, and only
    that municipality's offers name it) or, with no municipality, is national (edited by the
    national editors, named by offers anywhere). Names are unique, ignoring case, within a
    municipality and among the national organisations: two municipalities can each have a
    "Foreningen Mod" of their own.
    """

    name = models.CharField(_("navn"), max_length=200)
    provider_type = models.ForeignKey(
        "offers.ProviderType",
        verbose_name=_("udbydertype"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True, validators=[cvr_validator])
    website = models.URLField(_("hjemmeside"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    #: The municipality (its Danish page) the organisation belongs to; empty for national ones.
    municipality = models.ForeignKey(
        "home.MunicipalityPage",
        verbose_name=_("kommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )

    objects = OrganisationQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("provider_type"),
        FieldPanel("cvr"),
        # Local administrators' organisations belong to their municipality without asking.
        FieldPanel("municipality", permission="offers.delete_organisation"),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")], _("Kontakt")
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("provider_type"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "municipality",
                condition=Q(municipality__isnull=False),
                name="organisation_name_unique_in_municipality",
                violation_error_message=DUPLICATE_NAME,
            ),
            models.UniqueConstraint(
                Lower("name"),
                condition=Q(municipality__isnull=True),
                name="organisation_name_unique_national",
                violation_error_message=DUPLICATE_NAME,
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.pk is None:
            return
        offers = self.offers.all()
        if self.municipality_id is not None:
            offers = offers.exclude(municipality__translation_key=self.municipality.translation_key)
            if offers.exists():
                raise ValidationError(
                    {
                        "municipality": _(
                            "Organisationen har tilbud i en anden kommune eller landsdækkende "
                            "tilbud. Vælg en anden organisation på dem først."
                        )
                    }
                )

    def validate_constraints(self, exclude=None):
        # A local administrator's form has no municipality field (the view sets it): the name
        # must still be unique within the municipality, so never leave it out of the check.
        if exclude:
            exclude = set(exclude) - {"municipality"}
        super().validate_constraints(exclude=exclude)

    def fits(self, municipality):
        """May an offer of ``municipality`` (None: a national offer) name this organisation?"""
        if self.municipality_id is None:
            return True
        return Organisation.objects.visible_in(municipality).filter(pk=self.pk).exists()
