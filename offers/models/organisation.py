from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

cvr_validator = RegexValidator(r"^\d{8}$", _("Et CVR-nummer består af 8 cifre."))


class Organisation(index.Indexed, models.Model):
    """The provider of offers: an association, a municipal unit, a region ..."""

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
    #: Where the organisation was first added; local administrators see the organisations of
    #: their municipality and those with offers there. Empty for national organisations.
    municipality = models.ForeignKey(
        "home.MunicipalityPage",
        verbose_name=_("kommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )

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
                name="organisation_name_unique_ci",
                violation_error_message=_("Der findes allerede en organisation med dette navn."),
            ),
        ]

    def __str__(self):
        return self.name
