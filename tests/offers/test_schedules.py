"""An offer's recurring times (``OfferSchedule``): the checks of a row, the next occasion
(``offers.schedules``), the offer page's "Næste gang" and its calendar file (``kalender.ics``)."""

from datetime import date, datetime, time
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, TestCase
from django.utils import timezone, translation
from icalendar import Calendar
from wagtail.models import Locale
from wagtail_localize.models import Translation
from wagtail_localize.operations import TranslationCreator

from offers.calendar import first_day
from offers.models import OfferSchedule
from offers.schedules import next_occasion, occasion_text
from tests.form_helpers import form_data
from tests.offers.factories import OfferPageFactory, tuesday_and_last_thursday

CPH = ZoneInfo("Europe/Copenhagen")


def row(**kwargs):
    values = {
        "frequency": "weekly",
        "weekday": 1,
        "week_of_month": None,
        "start_time": time(17),
        "end_time": time(19),
        "valid_from": None,
        "valid_until": None,
        "note": "",
    }
    return SimpleNamespace(**(values | kwargs))


def at(*args):
    return datetime(*args, tzinfo=CPH)


# The date arithmetic


def test_next_weekly_occasion_across_a_month_end():
    # Wednesday 30 November 2022: the next Tuesday is 6 December.
    occasion = next_occasion([row()], at(2022, 11, 30, 12))
    assert occasion.start == at(2022, 12, 6, 17)
    assert occasion.end == at(2022, 12, 6, 19)


def test_today_counts_until_it_has_started():
    assert next_occasion([row()], at(2022, 12, 6, 16, 59)).start == at(2022, 12, 6, 17)
    assert next_occasion([row()], at(2022, 12, 6, 17, 0)).start == at(2022, 12, 13, 17)


def test_monthly_last_thursday():
    last_thursday = row(frequency="monthly", weekday=3, week_of_month=-1)
    # December 2022: Thursdays 1, 8, 15, 22, 29; after the 29th comes 26 January 2023.
    assert next_occasion([last_thursday], at(2022, 12, 2)).start == at(2022, 12, 29, 17)
    assert next_occasion([last_thursday], at(2022, 12, 30)).start == at(2023, 1, 26, 17)


def test_monthly_first_tuesday():
    first_tuesday = row(frequency="monthly", weekday=1, week_of_month=1)
    assert next_occasion([first_tuesday], at(2022, 12, 7)).start == at(2023, 1, 3, 17)


def test_valid_until_passed_gives_none():
    assert next_occasion([row(valid_until=date(2022, 11, 29))], at(2022, 11, 30)) is None


def test_valid_from_in_the_future():
    occasion = next_occasion([row(valid_from=date(2023, 1, 1))], at(2022, 11, 30))
    assert occasion.start == at(2023, 1, 3, 17)


def test_earliest_of_several_rows_with_its_note():
    rows = [row(weekday=3, note="torsdag"), row(weekday=1, note="ikke i skolernes ferier")]
    occasion = next_occasion(rows, at(2022, 11, 30))
    assert occasion.start == at(2022, 12, 1, 17) and occasion.note == "torsdag"


def test_summer_time_is_wall_clock_time():
    occasion = next_occasion([row()], at(2023, 6, 1))
    assert occasion.start.utcoffset().total_seconds() == 7200
    assert occasion.start.hour == 17


def test_a_row_valid_from_the_calendars_last_day_is_worked_out_without_overflow():
    """Regression: a time valid from 9999-12-31 (a Friday; a date field takes it) went past
    the last date there is (OverflowError) for the offer page and its calendar file."""
    tuesdays = row(valid_from=date.max)
    last_fridays = row(frequency="monthly", week_of_month=-1, weekday=4, valid_from=date.max)
    assert next_occasion([tuesdays], at(2026, 1, 1)) is None
    assert next_occasion([last_fridays], at(2026, 1, 1)).start == at(9999, 12, 31, 17)
    assert first_day(tuesdays, date(2026, 1, 1)) == date.max


def test_text_in_danish():
    with translation.override("da"):
        assert occasion_text(next_occasion([row()], at(2020, 12, 2))) == (
            "tirsdag 8. december kl. 17-19"
        )
        half_past = row(start_time=time(17, 30))
        assert occasion_text(next_occasion([half_past], at(2020, 12, 2))) == (
            "tirsdag 8. december kl. 17.30-19"
        )


# The checks of a row


def check(**kwargs):
    values = {"weekday": 1, "start_time": time(17), "end_time": time(19)} | kwargs
    with pytest.raises(ValidationError) as caught:
        OfferSchedule(**values).clean()
    return caught.value.message_dict


def test_end_after_start():
    assert check(end_time=time(16)) == {
        "end_time": ["Sluttidspunktet skal ligge efter starttidspunktet."]
    }


def test_valid_dates_in_order():
    errors = check(valid_from=date(2023, 2, 1), valid_until=date(2023, 1, 1))
    assert list(errors) == ["valid_until"]


def test_monthly_needs_a_week():
    assert list(check(frequency="monthly")) == ["week_of_month"]


# The offer page and its calendar file


@pytest.fixture
def offer(kolding):
    page = OfferPageFactory(
        parent=kolding, title="Sorggruppe", address="Vejlevej 1", postcode="6000", city="Kolding"
    )
    page.schedules.add(*tuesday_and_last_thursday())
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_offer_page_shows_next_occasion_note_and_calendar_link(offer):
    response = Client().get(offer.url)
    text = response.content.decode()
    assert "Næste gang" in text
    assert "ikke i ferier" in text
    assert f'href="{offer.url}kalender.ics"' in text


@pytest.mark.django_db
def test_offer_without_schedules_has_no_calendar(kolding):
    page = OfferPageFactory(parent=kolding)
    text = Client().get(page.url).content.decode()
    assert "Næste gang" not in text and "kalender.ics" not in text
    assert Client().get(page.url + "kalender.ics").status_code == 404


@pytest.mark.django_db
def test_calendar_file(offer):
    response = Client().get(offer.url + "kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    monthly, weekly = sorted(events, key=lambda event: event["rrule"]["FREQ"][0])
    rows = list(OfferSchedule.objects.filter(page_id=offer.pk).order_by("pk"))
    assert str(weekly["uid"]) == f"offer-{offer.pk}-schedule-{rows[0].pk}@socialkompas"
    assert weekly["rrule"]["FREQ"] == ["WEEKLY"] and weekly["rrule"]["BYDAY"] == ["TU"]
    assert "UNTIL" not in weekly["rrule"]
    start = weekly.decoded("dtstart")
    assert start.weekday() == 1 and start.hour == 17
    assert str(start.tzinfo) == "Europe/Copenhagen"
    assert weekly["dtstart"].params["TZID"] == "Europe/Copenhagen"
    assert str(weekly["summary"]) == "Sorggruppe"
    assert str(weekly["location"]) == "Vejlevej 1, 6000 Kolding"
    assert "ikke i ferier" in str(weekly["description"])
    assert offer.url in str(weekly["description"])
    assert monthly["rrule"]["FREQ"] == ["MONTHLY"] and monthly["rrule"]["BYDAY"] == ["-1TH"]
    until = monthly["rrule"]["UNTIL"][0]
    assert until.astimezone(CPH).date() == date(2099, 6, 30)
    assert monthly.decoded("dtstart").time() == time(10, 30)
    assert calendar.walk("VTIMEZONE")


@pytest.mark.django_db
def test_calendar_file_of_a_draft_is_not_found(kolding):
    page = OfferPageFactory(parent=kolding, live=False)
    page.schedules.add(OfferSchedule(weekday=1, start_time=time(17), end_time=time(19)))
    page.save_revision()
    assert Client().get(f"{kolding.url}{page.slug}/kalender.ics").status_code == 404


@pytest.mark.django_db
def test_calendar_file_of_a_hidden_offer_is_not_found(offer):
    type(offer).objects.filter(pk=offer.pk).update(stale_since=timezone.now())
    assert Client().get(offer.url + "kalender.ics").status_code == 404


# Translations


@pytest.mark.django_db
def test_english_translation_copies_the_times(offer):
    locale, _ = Locale.objects.get_or_create(language_code="en")
    with TestCase.captureOnCommitCallbacks(execute=True):
        TranslationCreator(user=None, target_locales=[locale]).create_translations(
            offer.get_parent(), include_related_objects=False
        )
    with TestCase.captureOnCommitCallbacks(execute=True):
        TranslationCreator(user=None, target_locales=[locale]).create_translations(
            offer, include_related_objects=False
        )
    record = Translation.objects.get(source__object_id=offer.translation_key, target_locale=locale)
    with TestCase.captureOnCommitCallbacks(execute=True):
        record.save_target(publish=True)
    english = offer.get_translation(locale).specific
    times = sorted((row.weekday, row.start_time, row.note) for row in english.schedules.all())
    assert times == [(1, time(17), "ikke i ferier"), (3, time(10, 30), "")]
    # A change to the Danish times reaches the English page at the next sync.
    danish = type(offer).objects.get(pk=offer.pk)
    danish.schedules = [row for row in danish.schedules.all() if row.weekday == 1]
    danish.save_revision().publish()
    record.source.update_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        record.save_target(publish=True)
    english = offer.get_translation(locale).specific
    assert [row.weekday for row in english.schedules.all()] == [1]


# The offer editor


def _editor_data(client, page, **row):
    data = form_data(client.get(f"/admin/pages/{page.pk}/edit/").content.decode())
    data = {name: values if len(values) > 1 else values[0] for name, values in data.items()}
    data["schedules-TOTAL_FORMS"] = "1"
    data.update({f"schedules-0-{name}": value for name, value in row.items()})
    data.setdefault("schedules-0-ORDER", "1")
    data.setdefault("schedules-0-id", "")
    data.setdefault("schedules-0-DELETE", "")
    return data


@pytest.mark.django_db
def test_the_editor_checks_and_saves_a_time(admin_client, kolding):
    page = OfferPageFactory(parent=kolding)
    url = f"/admin/pages/{page.pk}/edit/"
    html = admin_client.get(url).content.decode()
    assert "Faste tidspunkter" in html and 'name="schedules-TOTAL_FORMS"' in html
    row = {"frequency": "weekly", "weekday": "1", "start_time": "19:00", "end_time": "17:00"}
    response = admin_client.post(url, _editor_data(admin_client, page, **row))
    assert response.status_code == 200
    assert "Sluttidspunktet skal ligge efter starttidspunktet." in response.content.decode()
    row["end_time"] = "20:30"
    response = admin_client.post(url, _editor_data(admin_client, page, **row))
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    saved = page.get_latest_revision_as_object().schedules.all()
    assert [(r.weekday, r.end_time) for r in saved] == [(1, time(20, 30))]
