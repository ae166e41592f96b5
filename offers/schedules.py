"""The next time an offer meets, from its recurring times (``OfferPage.schedules``).

Pure date arithmetic: a row is anything with ``frequency`` ("weekly" or "monthly"),
``weekday`` (0 = Monday, as ``date.weekday()``), ``week_of_month`` (1-4, or -1 for the last;
only monthly), ``start_time``, ``end_time``, ``valid_from``, ``valid_until`` (dates or None)
and ``note``. Times are wall-clock times in Europe/Copenhagen, summer or winter.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

TIME_ZONE = ZoneInfo("Europe/Copenhagen")
WEEKLY = "weekly"
MONTHLY = "monthly"
LAST_WEEK = -1
#: What a row says (the fields of an ``OfferSchedule`` but its page and place): two rows with
#: the same values are the same time.
ROW_FIELDS = (
    "frequency", "weekday", "week_of_month", "start_time", "end_time", "valid_from",
    "valid_until", "note",
)  # fmt: skip

#: Every weekly and monthly pattern meets within this many days (a "last Thursday" at most
#: five weeks after the previous one).
HORIZON_DAYS = 70


@dataclass(frozen=True)
class Occasion:
    start: datetime
    end: datetime
    note: str = ""


def meets_on(row, day: date) -> bool:
    """Whether ``row``'s pattern falls on ``day`` (its valid dates aside)."""
    if day.weekday() != row.weekday:
        return False
    if row.frequency == WEEKLY:
        return True
    if row.week_of_month == LAST_WEEK:
        return day.day + 7 > monthrange(day.year, day.month)[1]
    return (day.day - 1) // 7 + 1 == row.week_of_month


def _within(row, day):
    return (row.valid_from is None or day >= row.valid_from) and (
        row.valid_until is None or day <= row.valid_until
    )


def next_of_row(row, now: datetime):
    """The first occasion of ``row`` starting after ``now`` (aware), or None."""
    local_now = now.astimezone(TIME_ZONE)
    first = local_now.date()
    if row.valid_from and row.valid_from > first:
        first = row.valid_from
    # Not past the calendar's last day (a row valid from 9999-12-31).
    for offset in range(min(HORIZON_DAYS, (date.max - first).days + 1)):
        day = first + timedelta(days=offset)
        if row.valid_until and day > row.valid_until:
            return None
        if not meets_on(row, day) or not _within(row, day):
            continue
        start = datetime.combine(day, row.start_time, tzinfo=TIME_ZONE)
        if start <= local_now:
            continue
        end = datetime.combine(day, row.end_time, tzinfo=TIME_ZONE)
        return Occasion(start, end, row.note or "")
    return None


def next_occasion(rows, now: datetime):
    """The earliest next occasion of any of ``rows`` after ``now``, or None."""
    occasions = [occasion for row in rows if (occasion := next_of_row(row, now))]
    return min(occasions, key=lambda occasion: occasion.start, default=None)


def clock(value) -> str:
    """17:00 as "17", 17:30 as "17.30" (the Danish way of writing the time)."""
    return f"{value.hour}" if value.minute == 0 else f"{value.hour}.{value.minute:02d}"


def occasion_text(occasion: Occasion) -> str:
    """ "tirsdag 8. december kl. 17-19", in the active language."""
    return _("%(day)s kl. %(start)s-%(end)s") % {
        "day": date_format(occasion.start, "l j. F"),
        "start": clock(occasion.start),
        "end": clock(occasion.end),
    }
