"""Recurring times of an offer (``OfferPage.schedules``): "tirsdage kl. 17-19", "første
tirsdag i måneden kl. 10-12".

One row per weekday; the same in every language (copied from the Danish source by
wagtail-localize, see ``OfferPage.translatable_fields``). The date arithmetic is in
``offers.schedules``, which needs no models.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

END_BEFORE_START = _("Sluttidspunktet skal ligge efter starttidspunktet.")
UNTIL_BEFORE_FROM = _("Datoen “gælder til” må ikke ligge før “gælder fra”.")
WEEK_NEEDED = _("Vælg hvilken uge i måneden, fx første eller sidste.")
WEEK_NOT_WEEKLY = _("Uge i måneden bruges kun, når det er hver måned.")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Hver uge")
    MONTHLY = "monthly", _("Hver måned")


class Weekday(models.IntegerChoices):
    """As ``date.weekday()``: Monday is 0."""

    MONDAY = 0, _("mandag")
    TUESDAY = 1, _("tirsdag")
    WEDNESDAY = 2, _("onsdag")
    THURSDAY = 3, _("torsdag")
    FRIDAY = 4, _("fredag")
    SATURDAY = 5, _("lørdag")
    SUNDAY = 6, _("søndag")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, _("første")
    SECOND = 2, _("anden")
    THIRD = 3, _("tredje")
    FOURTH = 4, _("fjerde")
    LAST = -1, _("sidste")


class OfferSchedule(Orderable):
    page = ParentalKey("offers.OfferPage", on_delete=models.CASCADE, related_name="schedules")
    frequency = models.CharField(
        _("hvor tit"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    week_of_month = models.SmallIntegerField(
        _("uge i måneden"),
        choices=WeekOfMonth.choices,
        null=True,
        blank=True,
        help_text=_("Kun hver måned: fx første tirsdag i måneden."),
    )
    weekday = models.PositiveSmallIntegerField(_("ugedag"), choices=Weekday.choices)
    start_time = models.TimeField(_("fra kl."))
    end_time = models.TimeField(_("til kl."))
    valid_from = models.DateField(_("gælder fra"), null=True, blank=True)
    valid_until = models.DateField(_("gælder til"), null=True, blank=True)
    note = models.CharField(
        _("bemærkning"),
        max_length=200,
        blank=True,
        help_text=_("Fx “ikke i skolernes ferier”."),
    )

    panels = [
        FieldRowPanel([FieldPanel("frequency"), FieldPanel("week_of_month")]),
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("fast tidspunkt")
        verbose_name_plural = _("faste tidspunkter")

    def clean(self):
        super().clean()
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = END_BEFORE_START
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = UNTIL_BEFORE_FROM
        if self.frequency == Frequency.MONTHLY and self.week_of_month is None:
            errors["week_of_month"] = WEEK_NEEDED
        if self.frequency == Frequency.WEEKLY and self.week_of_month is not None:
            errors["week_of_month"] = WEEK_NOT_WEEKLY
        if errors:
            raise ValidationError(errors)
