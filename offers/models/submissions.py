"""What associations send us without an account, and the personal data that comes with it.

Personal data is kept only as long as it is needed: see ``offers.retention``.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    """An offer sent in (or updated) through the public form, with the sender's contact data."""

    class Kind(models.TextChoices):
        NEW = "new", _("Nyt tilbud")
        UPDATE = "update", _("Opdatering")

    offer = models.ForeignKey(
        "offers.OfferPage",
        verbose_name=_("tilbud"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.NEW)
    submitter_name = models.CharField(_("afsenderens navn"), max_length=200)
    submitter_email = models.EmailField(_("afsenderens e-mail"))
    submitter_phone = models.CharField(_("afsenderens telefon"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("modtaget"), default=timezone.now)
    #: When moderation ended (approved or rejected); personal data is deleted a while after.
    closed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("indsendelse")
        verbose_name_plural = _("indsendelser")

    def __str__(self):
        return f"{self.offer.title} ({self.get_kind_display()})"


class ErrorReport(models.Model):
    """ "Fejl i opslaget?": a citizen tells the municipality that an offer is wrong."""

    class Status(models.TextChoices):
        OPEN = "open", _("Åben")
        RESOLVED = "resolved", _("Løst")

    offer = models.ForeignKey(
        "offers.OfferPage",
        verbose_name=_("tilbud"),
        on_delete=models.CASCADE,
        related_name="error_reports",
    )
    message = models.TextField(_("hvad er forkert"), max_length=2000)
    contact_name = models.CharField(_("navn"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("modtaget"), default=timezone.now)
    resolved_at = models.DateTimeField(_("løst"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("fejlmelding")
        verbose_name_plural = _("fejlmeldinger")

    def __str__(self):
        return f"{self.offer.title}: {self.message[:60]}"
