"""An offer's recurring times in the HSDS export (``offers.hsds.schedules``): schedules with
freq, byday and opening hours, valid against the schema, and read back to rows."""

from datetime import date, time

import pytest
from django.test import Client

from offers.hsds import ids
from offers.hsds.schedules import recurring_rows, row_values
from offers.hsds.to_rows import service_row
from tests.offers.factories import OfferPageFactory, tuesday_and_last_thursday
from tests.offers.hsds_schemas import validate


@pytest.fixture
def offer(kolding):
    page = OfferPageFactory(parent=kolding, title="Sorggruppe", schedule="Tirsdage og torsdage")
    page.schedules.add(*tuesday_and_last_thursday(valid_from=date(2026, 1, 1)))
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_schedules_in_the_export(offer):
    sid = ids.service_id(None, offer.pk)
    data = Client().get(f"/api/hsds/v3/services/{sid}").json()
    validate(data, "compiled/service")
    free_text, weekly, monthly = data["schedules"]
    assert free_text["description"] == "Tirsdage og torsdage" and "freq" not in free_text
    assert (weekly["freq"], weekly["byday"], weekly["opens_at"], weekly["closes_at"]) == (
        "WEEKLY", "TU", "17:00", "19:00",
    )  # fmt: skip
    assert weekly["description"] == "ikke i ferier"
    assert (monthly["freq"], monthly["byday"], monthly["opens_at"]) == ("MONTHLY", "-1TH", "10:30")
    assert (monthly["valid_from"], monthly["valid_to"]) == ("2026-01-01", "2099-06-30")
    assert len({weekly["id"], monthly["id"], free_text["id"]}) == 3

    # Read back: the rows as they were, the free text still the offer's own text.
    rows = [values for schedule in data["schedules"][1:] for values in row_values(schedule)]
    assert rows[0] | {"note": ""} == {
        "frequency": "weekly", "weekday": 1, "week_of_month": None, "start_time": time(17),
        "end_time": time(19), "valid_from": None, "valid_until": None, "note": "",
    }  # fmt: skip
    assert (rows[1]["week_of_month"], rows[1]["weekday"], rows[1]["valid_until"]) == (
        -1, 3, date(2099, 6, 30),
    )  # fmt: skip
    row, _warnings = service_row(data)
    assert row["schedule"] == "Tirsdage og torsdage"


def test_several_days_and_refused_schedules():
    both = row_values(
        {"freq": "WEEKLY", "byday": "TU,TH", "opens_at": "17:00", "closes_at": "19:00"}
    )
    assert [values["weekday"] for values in both] == [1, 3]
    for refused in (
        {"freq": "DAILY", "byday": "TU", "opens_at": "17:00", "closes_at": "19:00"},
        {"freq": "WEEKLY", "byday": "1TU", "opens_at": "17:00", "closes_at": "19:00"},
        {"freq": "MONTHLY", "byday": "TU", "opens_at": "17:00", "closes_at": "19:00"},
        {"freq": "WEEKLY", "byday": "TU"},
    ):
        with pytest.raises(ValueError):
            row_values(refused)


def test_refused_recurring_times_are_left_out_with_a_danish_warning():
    service = {
        "schedules": [
            {"description": "Tirsdage"},
            {"freq": "WEEKLY", "byday": "TU", "opens_at": "19:00", "closes_at": "17:00"},
            {"freq": "DAILY", "opens_at": "17:00", "closes_at": "19:00"},
            {"freq": "WEEKLY", "byday": "WE", "opens_at": "09:00", "closes_at": "10:00"},
        ]
    }
    rows, warnings = recurring_rows(service)
    assert [row["weekday"] for row in rows] == [2]
    assert warnings == [
        "Udeladt: Sluttidspunktet skal ligge efter starttidspunktet.",
        "Udeladt: et fast tidspunkt, der ikke er ugentligt eller månedligt.",
    ]
