"""An offer's recurring times (``OfferPage.schedules``) as HSDS 3.0 *schedules* and back.

A row is one schedule: ``freq`` WEEKLY or MONTHLY, ``byday`` "TU" (every Tuesday) or "1TU" /
"-1TH" (the first Tuesday, the last Thursday of the month), ``opens_at`` / ``closes_at``
("17:00", local time in Europe/Copenhagen), ``valid_from`` / ``valid_to`` and the note as its
``description``. The offer's free-text time is a schedule with a description only
(``offers.hsds.export``): a schedule without ``freq``.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..calendar import DAY_CODES, byday
from ..models import OfferPage, OfferSchedule
from ..schedules import LAST_WEEK, MONTHLY, ROW_FIELDS, WEEKLY
from . import ids

FREQUENCIES = {"WEEKLY": WEEKLY, "MONTHLY": MONTHLY}
BYDAY = re.compile(r"^(?:(-1|[1-4]))?(MO|TU|WE|TH|FR|SA|SU)$")


def schedule_json(row, number, sid):
    """The ``number``-th (from 1) recurring time of service ``sid``; its id is made from its
    place, not its row's primary key, so it survives an export and import unchanged."""
    data = {
        "id": ids.make("schedule", f"{sid}:{number}"),
        "service_id": sid,
        "freq": "MONTHLY" if row.frequency == MONTHLY else "WEEKLY",
        "byday": byday(row),
        "opens_at": row.start_time.strftime("%H:%M"),
        "closes_at": row.end_time.strftime("%H:%M"),
        "valid_from": row.valid_from.isoformat() if row.valid_from else None,
        "valid_to": row.valid_until.isoformat() if row.valid_until else None,
        "description": row.note,
    }
    return {key: value for key, value in data.items() if value not in (None, "")}


def is_recurring(schedule) -> bool:
    return isinstance(schedule, dict) and bool(schedule.get("freq"))


def _time(text):
    return datetime.time.fromisoformat(text) if isinstance(text, str) and text else None


def _date(text):
    return datetime.date.fromisoformat(text) if isinstance(text, str) and text else None


def row_values(schedule):
    """The fields of one ``OfferSchedule`` row for each day of an HSDS schedule (one per day
    of ``byday``), or ValueError when it is no weekly or monthly time we can keep."""
    frequency = FREQUENCIES.get(str(schedule.get("freq", "")).upper())
    days = [part.strip().upper() for part in str(schedule.get("byday") or "").split(",")]
    opens, closes = _time(schedule.get("opens_at")), _time(schedule.get("closes_at"))
    if frequency is None or not opens or not closes or not all(days):
        raise ValueError(schedule.get("id"))
    out = []
    for day in days:
        match = BYDAY.match(day)
        if not match or (frequency == MONTHLY) != bool(match.group(1)):
            raise ValueError(day)
        week = int(match.group(1)) if match.group(1) else None
        out.append(
            {
                "frequency": frequency,
                "weekday": DAY_CODES.index(match.group(2)),
                "week_of_month": LAST_WEEK if week == -1 else week,
                "start_time": opens.replace(tzinfo=None),
                "end_time": closes.replace(tzinfo=None),
                "valid_from": _date(schedule.get("valid_from")),
                "valid_until": _date(schedule.get("valid_to")),
                "note": str(schedule.get("description") or "")[:200],
            }
        )
    return out


def recurring_rows(service):
    """The ``OfferSchedule`` fields of a service's recurring schedules, and a Danish warning
    for each one left out (not weekly or monthly on given days, or its times out of order)."""
    rows, warnings = [], []
    schedules = service.get("schedules") if isinstance(service, dict) else None
    for schedule in schedules if isinstance(schedules, list) else []:
        if not is_recurring(schedule):
            continue
        try:
            values = row_values(schedule)
        except ValueError:
            warnings.append(_("Udeladt: et fast tidspunkt, der ikke er ugentligt eller månedligt."))
            continue
        for each in values:
            try:
                OfferSchedule(**each).clean()  # the editor's checks, its Danish messages
            except ValidationError as exc:
                messages = [m for field in exc.message_dict.values() for m in field]
                warnings.append(_("Udeladt: %(why)s") % {"why": " ".join(messages)})
                continue
            rows.append(each)
    return rows, warnings


def key(values):
    return tuple(sorted(values.items()))


def apply_recurring(records):
    """After the import: give each imported offer the recurring times of its record (a new
    revision, published, only where they changed). Returns how many offers changed."""
    changed = 0
    for record in records:
        if record.errors or not record.row.get("id"):
            continue
        offer = OfferPage.objects.filter(external_id=record.row["id"]).first()
        if offer is None:
            continue
        current = [
            key({name: getattr(row, name) for name in ROW_FIELDS}) for row in offer.schedules.all()
        ]
        if current == [key(values) for values in record.schedules]:
            continue
        offer.schedules = [OfferSchedule(**values) for values in record.schedules]
        offer.save_revision().publish()
        changed += 1
    return changed
