"""The recurring times (``OfferSchedule``) on the public offer form, without JavaScript.

The form has a fixed number of rows (``SCHEDULE_ROWS``), each a few plain fields: how often,
which week of the month, the weekdays, from and to, valid from and until, a note. A row is
left out while nothing but how often is filled in, so emptying a row of the update form
removes its times. A row that has something in it is checked by the model's own rules
(``OfferSchedule.clean``, as the admin's editor and the HSDS import check it) and becomes one
``OfferSchedule`` per weekday ticked, as an administrator would have entered it.

The update form shows the offer's times with the rows that differ only by their weekday as one
row, and never fewer rows than the offer has: an update does not drop a time it cannot show.
"""

from collections import Counter
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .form_messages import SCHEDULE_MISSING
from .models import OfferSchedule
from .models.schedules import Frequency, Weekday, WeekOfMonth
from .rules import length_limit
from .schedules import ROW_FIELDS, WEEKLY

#: How many recurring times a sender can give on the form (an offer with more, entered by an
#: administrator, shows them all).
SCHEDULE_ROWS = 3
#: The fields of a row, in the order of the form; ``weekdays`` is the model's ``weekday``.
ROW_NAMES = (
    "frequency", "week_of_month", "weekdays", "start_time", "end_time", "valid_from",
    "valid_until", "note",
)  # fmt: skip
#: FIELDSETS' marker for the section of the rows (``OfferSubmissionForm.fieldsets``).
SCHEDULES = "schedules"

TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]
TIME_INVALID = _("Skriv et klokkeslæt, fx 17:00.")
DATE_INVALID = _("Skriv en dato, fx 31.12.2026.")


class TimeInput(forms.TimeInput):
    """The phone's own time picker; "17:00" also where there is none."""

    input_type = "time"


class DateInput(forms.DateInput):
    input_type = "date"


def field_name(number, name):
    """The form's name of a row's field: ``recurring_2_start_time``."""
    return f"recurring_{number}_{name}"


def _time_field(label):
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=TIME_FORMATS,
        widget=TimeInput(format="%H:%M"),
        error_messages={"invalid": TIME_INVALID},
    )


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        widget=DateInput(format="%Y-%m-%d"),
        error_messages={"invalid": DATE_INVALID},
    )


def _row_fields():
    """A row's fields, new for each row (a form's fields are its own)."""
    return {
        "frequency": forms.ChoiceField(
            label=_("Hvor tit?"),
            choices=Frequency.choices,
            initial=WEEKLY,
            required=False,
            widget=forms.RadioSelect,
        ),
        "week_of_month": forms.TypedChoiceField(
            label=_("Hvilken uge i måneden?"),
            choices=[("", _("– Vælg uge –")), *WeekOfMonth.choices],
            coerce=int,
            empty_value=None,
            required=False,
            help_text=_("Kun hver måned: fx første tirsdag i måneden."),
        ),
        "weekdays": forms.TypedMultipleChoiceField(
            label=_("Ugedag"),
            choices=Weekday.choices,
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Vælg flere, hvis det er samme tid på flere dage."),
        ),
        "start_time": _time_field(_("Fra kl.")),
        "end_time": _time_field(_("Til kl.")),
        "valid_from": _date_field(_("Gælder fra (valgfri)")),
        "valid_until": _date_field(_("Gælder til (valgfri)")),
        "note": forms.CharField(
            label=_("Bemærkning (valgfri)"),
            max_length=length_limit(OfferSchedule, "note"),
            required=False,
            help_text=_("Fx “ikke i skolernes ferier”."),
        ),
    }


def row_legend(number):
    return _("Fast tidspunkt %(number)s") % {"number": number}


@dataclass(frozen=True)
class ScheduleRow:
    """One row as the template shows it: its legend and its bound fields by name."""

    legend: str
    fields: dict


def _filled(value):
    values = value if isinstance(value, list | tuple) else [value]
    return any(str(each).strip() for each in values if each is not None)


def model_values(values, weekday):
    """A row's cleaned values as the fields of one ``OfferSchedule`` on ``weekday`` (without
    how often, as the form shows it to begin with: every week)."""
    return {
        "frequency": values.get("frequency") or WEEKLY,
        "week_of_month": values.get("week_of_month"),
        "weekday": weekday,
        "start_time": values.get("start_time"),
        "end_time": values.get("end_time"),
        "valid_from": values.get("valid_from"),
        "valid_until": values.get("valid_until"),
        "note": values.get("note") or "",
    }


def model_errors(values):
    """What ``OfferSchedule.clean`` says about a row: {model field: [ValidationError]}."""
    weekday = (values.get("weekdays") or [Weekday.MONDAY])[0]
    try:
        OfferSchedule(**model_values(values, weekday)).clean()
    except ValidationError as exc:
        return exc.error_dict
    return {}


def _key(values):
    return tuple(values[name] for name in ROW_FIELDS)


def row_key(row):
    return _key({name: getattr(row, name) for name in ROW_FIELDS})


def grouped(offer):
    """The offer's times as the form's rows: those that differ only by weekday together,
    in the order they first appear. [{row name: value}]"""
    groups = {}
    for row in offer.schedules.all():
        rest = tuple((name, getattr(row, name)) for name in ROW_FIELDS if name != "weekday")
        groups.setdefault(rest, set()).add(row.weekday)
    return [{**dict(rest), "weekdays": sorted(days)} for rest, days in groups.items()]


def schedule_rows_needed(offer):
    """How many rows the update form of ``offer`` has: enough for all its times."""
    return max(SCHEDULE_ROWS, len(grouped(offer)))


def schedule_initial(offer):
    """The update form's initial values of the rows: the offer's times."""
    return {
        field_name(number, name): value
        for number, values in enumerate(grouped(offer), start=1)
        for name, value in values.items()
    }


class ScheduleRowsMixin(forms.Form):
    """The rows of an offer form: ``schedule_row_count`` (at least ``SCHEDULE_ROWS``), their
    fields in the form's order, and its sections, where its ``FIELDSETS`` has ``SCHEDULES``."""

    def __init__(self, *args, schedule_row_count=SCHEDULE_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.schedule_numbers = range(1, max(schedule_row_count, SCHEDULE_ROWS) + 1)
        for number in self.schedule_numbers:
            legend = row_legend(number)
            for name, field in _row_fields().items():
                # The error summary's link names the row too (components/form_errors.html).
                field.summary_label = f"{legend} – {field.label}"
                self.fields[field_name(number, name)] = field
        self.order_fields(
            [
                name
                for _legend, names in self.FIELDSETS
                for name in (self._row_field_names() if names == SCHEDULES else names)
            ]
        )
        #: After cleaning: the times the form gives, as ``OfferSchedule`` fields.
        self.schedules = []

    def _row_field_names(self):
        return [field_name(n, name) for n in self.schedule_numbers for name in ROW_NAMES]

    def fieldsets(self):
        """(legend, fields, rows of recurring times) of each section of ``FIELDSETS``."""
        for legend, names in self.FIELDSETS:
            if names == SCHEDULES:
                yield legend, [], self.schedule_rows()
            else:
                yield legend, [self[name] for name in names], []

    def schedule_rows(self):
        return [
            ScheduleRow(
                row_legend(number), {name: self[field_name(number, name)] for name in ROW_NAMES}
            )
            for number in self.schedule_numbers
        ]

    def clean_schedules(self):
        """Check each row with something in it; collect the times of the rows without errors.
        Called from the form's ``clean``."""
        self.schedules = []
        for number in self.schedule_numbers:
            names = {name: field_name(number, name) for name in ROW_NAMES}
            if not any(_filled(self[f].data) for n, f in names.items() if n != "frequency"):
                continue
            values = {name: self.cleaned_data.get(f) for name, f in names.items()}
            for name, message in SCHEDULE_MISSING.items():
                if not values[name] and names[name] not in self.errors:
                    self.add_error(names[name], message)
            for model_field, errors in model_errors(values).items():
                name = "weekdays" if model_field == "weekday" else model_field
                target = names.get(name, names["frequency"])  # a rule on the whole row
                if target not in self.errors:
                    self.add_error(target, errors)
            if not any(f in self.errors for f in names.values()):
                days = sorted(set(values["weekdays"]))
                self.schedules += [model_values(values, day) for day in days]

    def apply_schedules(self, offer):
        """Give ``offer`` (a new page or the latest revision) the form's times. Unchanged, the
        offer's rows stay as they are; a row that stays keeps its identity (its calendar
        event's UID); the new ones are in the form's order."""
        current = list(offer.schedules.all())
        if Counter(map(row_key, current)) == Counter(map(_key, self.schedules)):
            return
        pool = {}
        for row in current:
            pool.setdefault(row_key(row), []).append(row)
        rows = []
        for values in self.schedules:
            kept = pool.get(_key(values))
            rows.append(kept.pop(0) if kept else OfferSchedule(**values))
        for order, row in enumerate(rows):
            row.sort_order = order
        offer.schedules = rows
