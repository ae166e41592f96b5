"""``<offer url>kalender.ics``: an offer's recurring times (``OfferPage.schedules``) as an
iCalendar file, to add to a phone's or computer's calendar ("Tilføj til kalender").

One VEVENT per row: its first occasion from ``valid_from`` (or today) with the rule
``FREQ=WEEKLY;BYDAY=TU`` or ``FREQ=MONTHLY;BYDAY=1TU`` / ``-1TH``, in Europe/Copenhagen
(``TZID`` and a ``VTIMEZONE``), ending at ``valid_until``. Only for a public offer
(``OfferQuerySet.public``): a draft, an unpublished or a hidden offer is not found (404), as is
an offer without recurring times.
"""

from datetime import UTC, date, datetime, time, timedelta

from django.http import Http404, HttpResponse
from django.utils import timezone as django_timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event
from wagtail import views as wagtail_views

from .schedules import LAST_WEEK, MONTHLY, TIME_ZONE, meets_on

CONTENT_TYPE = "text/calendar; charset=utf-8"
#: The file's name below the offer's address. Wagtail's page addresses end in "/" and have no
#: dots, so config/urls.py sends ``<offer url>kalender.ics`` here (``serve_calendar_file``),
#: and the page's route (offers/wagtail_hooks.py) is ``kalender.ics/``.
FILE_NAME = "kalender.ics"
URL_PATTERN = r"^((?:[\w\-]+/)+kalender\.ics)$"
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def byday(row) -> str:
    """ "TU" for every Tuesday, "1TU" for the first, "-1TH" for the last Thursday."""
    code = DAY_CODES[row.weekday]
    if row.frequency == MONTHLY:
        return f"{row.week_of_month if row.week_of_month != LAST_WEEK else -1}{code}"
    return code


def first_day(row, today):
    """The first day on or after ``valid_from`` (or ``today``) the row's pattern meets."""
    day = row.valid_from or today
    while not meets_on(row, day) and day < date.max:  # a row valid from 9999-12-31
        day += timedelta(days=1)
    return day


def rrule(row) -> dict:
    rule = {"FREQ": "MONTHLY" if row.frequency == MONTHLY else "WEEKLY", "BYDAY": byday(row)}
    if row.valid_until:
        # With a DTSTART in a time zone, UNTIL is in UTC (RFC 5545, 3.3.10): the day's end.
        last = datetime.combine(row.valid_until, time(23, 59, 59), tzinfo=TIME_ZONE)
        rule["UNTIL"] = last.astimezone(UTC)
    return rule


def offer_calendar(page, rows, url, today) -> bytes:
    """The calendar file of ``page``'s ``rows``; ``url`` is the offer's absolute address."""
    calendar = Calendar()
    calendar.add("prodid", "-//Socialkompas//Tilbud//DA")
    calendar.add("version", "2.0")
    location = ", ".join(
        part for part in (page.address, f"{page.postcode} {page.city}".strip()) if part
    )
    stamp = django_timezone.now()
    for row in rows:
        day = first_day(row, today)
        event = Event()
        event.add("uid", f"offer-{page.pk}-schedule-{row.pk}@socialkompas")
        event.add("dtstamp", stamp)
        event.add("summary", page.title)
        event.add("dtstart", datetime.combine(day, row.start_time, tzinfo=TIME_ZONE))
        event.add("dtend", datetime.combine(day, row.end_time, tzinfo=TIME_ZONE))
        event.add("rrule", rrule(row))
        if location:
            event.add("location", location)
        event.add("description", "\n\n".join(part for part in (row.note, url) if part))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_view(request, page):
    """The ``calendar`` route of ``OfferPage``."""
    if not page.live or page.stale_since is not None:
        raise Http404(_("Tilbuddet findes ikke."))
    rows = page.schedule_list
    if not rows:
        raise Http404(_("Tilbuddet har ingen faste tidspunkter."))
    today = django_timezone.now().astimezone(TIME_ZONE).date()
    body = offer_calendar(page, rows, page.get_full_url(request), today)
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{page.slug}.ics"'
    return response


def serve_calendar_file(request, path):
    """``<offer url>kalender.ics``, served by Wagtail as the offer's ``kalender.ics/`` route
    (the page found, its view restrictions and ``OfferPage.serve`` checked as for the page)."""
    return wagtail_views.serve(request, path + "/")


def calendar_url(page):
    """The calendar file's address, next to the offer's own."""
    return f"{page.url}{FILE_NAME}"
