"""Recurring times on the public offer form (``offers.submission_schedules``): a few rows of
plain fields, checked by the model's rules, saved in the offer's revision as the admin's editor
saves them, shown again on the update form and replaced when the update is approved."""

import re
from datetime import date, time

import pytest
from django.core import mail
from django.core.cache import cache
from wagtail.models import TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from offers.models import OfferPage, OfferSchedule
from offers.submission_forms import CONDITION_FIELDS
from offers.submission_schedules import SCHEDULE_ROWS, field_name
from tests.admin_helpers import edit_url, offer_form_data, workflow_action_url
from tests.form_helpers import form_data
from tests.offers.factories import OfferPageFactory, OrganisationFactory
from tests.offers.test_organisation_page import open_page
from tests.offers.test_submissions import URL, assert_nothing_written, edit_url_in, submit

pytestmark = pytest.mark.django_db

TITLE = "Læsekreds for nye danskere"
WEEKLY = {
    "frequency": "weekly",
    "weekdays": ["1", "3"],
    "start_time": "17:00",
    "end_time": "19:00",
    "note": "ikke i skolernes ferier",
}
LAST_THURSDAY = {
    "frequency": "monthly",
    "week_of_month": "-1",
    "weekdays": ["3"],
    "start_time": "10:30",
    "end_time": "12:00",
    "valid_from": "2026-01-01",
    "valid_until": "2099-06-30",
}
#: The three rows the two form rows above are, as OfferSchedule values.
EXPECTED = [
    ("weekly", None, 1, time(17), time(19), None, None, "ikke i skolernes ferier", 0),
    ("weekly", None, 3, time(17), time(19), None, None, "ikke i skolernes ferier", 1),
    ("monthly", -1, 3, time(10, 30), time(12), date(2026, 1, 1), date(2099, 6, 30), "", 2),
]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def forening_type():
    from offers.models import ProviderType

    return str(ProviderType.objects.get(slug="forening").pk)


def recurring(*rows, blanks=SCHEDULE_ROWS):
    """The rows as a browser sends them: each given row, then blank ones (a blank row still
    sends its ticked "Hver uge")."""
    data = {}
    for number in range(1, max(blanks, len(rows)) + 1):
        row = rows[number - 1] if number <= len(rows) else {}
        data.update({field_name(number, name): value for name, value in row.items()})
        data.setdefault(field_name(number, "frequency"), "weekly")
    return data


def values(rows):
    return [
        (r.frequency, r.week_of_month, r.weekday, r.start_time, r.end_time, r.valid_from,
         r.valid_until, r.note, r.sort_order)
        for r in rows
    ]  # fmt: skip


def draft_rows(offer):
    return values(
        OfferPage.objects.get(pk=offer.pk).get_latest_revision_as_object().schedules.all()
    )


def approve(client, offer, approver):
    client.force_login(approver)
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(offer.pk), status="in_progress"
    )
    response = client.post(workflow_action_url(offer, "approve", task_state), {})
    assert response.status_code == 302
    client.logout()


def test_the_form_has_a_labelled_fieldset_per_row(client, kolding):
    html = client.get(URL).content.decode()
    legends = re.findall(r'<fieldset class="schedule-row">\s*<legend><h3>([^<]+)</h3>', html)
    assert legends == [f"Fast tidspunkt {n}" for n in range(1, SCHEDULE_ROWS + 1)]
    for name, kind in [("start_time", "time"), ("valid_until", "date"), ("note", "text")]:
        input_id = f"id_{field_name(SCHEDULE_ROWS, name)}"
        assert re.search(rf'<input type="{kind}" name="[^"]+"[^>]*id="{input_id}"', html), name
        assert f'for="{input_id}"' in html
    assert 'for="id_recurring_1_weekdays_6">søndag</label>' in html
    assert '<option value="-1">sidste</option>' in html
    assert 'name="schedule"' in html  # the free-text time stays


def test_the_times_go_in_the_revision_as_the_editor_saves_them_and_show_when_approved(
    client, admin_client, kolding, kolding_admin, forening_type
):
    response = submit(
        client, new_organisation_type=forening_type, **recurring(WEEKLY, LAST_THURSDAY)
    )
    assert response.status_code == 302
    offer = OfferPage.objects.get(title=TITLE)
    assert draft_rows(offer) == EXPECTED

    # The same times entered in the admin's editor give the same rows.
    other = OfferPageFactory(parent=kolding, title="Strikkecafé")
    weekly = {key: value for key, value in WEEKLY.items() if key != "weekdays"}
    monthly = {key: value for key, value in LAST_THURSDAY.items() if key != "weekdays"}
    rows = [{**weekly, "weekday": "1"}, {**weekly, "weekday": "3"}, {**monthly, "weekday": "3"}]
    data = {**offer_form_data(other), **nested_form_data({"schedules": inline_formset(rows)})}
    saved = admin_client.post(edit_url(other), data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert draft_rows(other) == EXPECTED

    approve(client, offer, kolding_admin)
    offer.refresh_from_db()
    assert offer.live and values(offer.schedules.all()) == EXPECTED
    page = client.get(offer.url).content.decode()
    assert re.search(r'Næste gang: <time datetime="[^"]+T17:00:00', page)
    assert f'href="{offer.url}kalender.ics"' in page


def test_blank_rows_give_no_times(client, kolding, forening_type):
    assert submit(client, new_organisation_type=forening_type, **recurring()).status_code == 302
    assert draft_rows(OfferPage.objects.get(title=TITLE)) == []


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"end_time": "16:00"}, "end_time", "Sluttidspunktet skal ligge efter starttidspunktet."),
        ({"frequency": "monthly"}, "week_of_month", "Vælg hvilken uge i måneden"),
        ({"week_of_month": "1"}, "week_of_month", "Uge i måneden bruges kun, når det er hver"),
        ({"weekdays": []}, "weekdays", "Vælg mindst én ugedag."),
        ({"start_time": ""}, "start_time", "Skriv, hvornår det begynder"),
        ({"end_time": "25:99"}, "end_time", "Skriv et klokkeslæt, fx 17:00."),
        ({"valid_from": "2027-01-01", "valid_until": "2026-01-01"}, "valid_until", "“gælder til”"),
        ({"valid_from": "32.13.2026"}, "valid_from", "Skriv en dato"),
        ({"note": "x" * 201}, "note", "200"),
    ],
)
def test_a_bad_row_is_told_at_its_field_and_loses_nothing(
    client, kolding, forening_type, row, field, message
):
    typed = {**WEEKLY, "note": "Mødes i kælderen", **row}
    response = submit(
        client, new_organisation_type=forening_type, **recurring(LAST_THURSDAY, typed)
    )
    assert response.status_code == 400
    html = response.content.decode()
    name = field_name(2, field)
    assert message in " ".join(response.context["form"].errors[name])
    assert f'id="id_{name}_error"' in html
    summary = re.search(r'<ul class="error-summary__list">(.*?)</ul>', html, re.S).group(1)
    assert "Fast tidspunkt 2 – " in summary and message in summary
    if field in ("weekdays", "frequency"):  # a group: its fieldset is described by the error
        assert re.search(rf'<fieldset aria-describedby="[^"]*id_{name}_error"', html)
        assert f'href="#id_{name}_0"' in summary
    else:
        assert re.search(rf'aria-describedby="[^"]*id_{name}_error"[^>]*id="id_{name}"', html)
        assert f'href="#id_{name}"' in summary
    # Every value typed is still there, in both rows.
    data = form_data(html)
    for number, sent in ((1, LAST_THURSDAY), (2, typed)):
        for key, value in sent.items():
            expected = value if isinstance(value, list) else [value]
            assert data.get(field_name(number, key), [""] if value == "" else []) == expected, key
    assert data["title"] == [TITLE]
    assert_nothing_written()


def submitted_with_times(client, approver, *rows):
    from offers.models import ProviderType

    kind = str(ProviderType.objects.get(slug="forening").pk)
    assert submit(client, new_organisation_type=kind, **recurring(*rows)).status_code == 302
    offer = OfferPage.objects.get(title=TITLE)
    approve(client, offer, approver)
    link = edit_url_in(next(m for m in mail.outbox if m.to == ["birthe@example.org"]))
    mail.outbox.clear()
    page = client.get(link)["Location"]
    return OfferPage.objects.get(pk=offer.pk), page


def test_the_update_form_shows_the_times_and_an_update_replaces_them_when_approved(
    client, kolding, kolding_admin
):
    offer, page = submitted_with_times(client, kolding_admin, WEEKLY, LAST_THURSDAY)
    live = [(row.pk, row.weekday) for row in offer.schedules.all()]
    data = form_data(client.get(page).content.decode())
    assert data[field_name(1, "weekdays")] == ["1", "3"]
    assert (data[field_name(1, "start_time")], data[field_name(1, "end_time")]) == (
        ["17:00"],
        ["19:00"],
    )
    assert data[field_name(1, "note")] == ["ikke i skolernes ferier"]
    assert data[field_name(2, "frequency")] == ["monthly"]
    assert data[field_name(2, "week_of_month")] == ["-1"]
    assert data[field_name(2, "valid_until")] == ["2099-06-30"]
    assert field_name(3, "weekdays") not in data and data[field_name(3, "start_time")] == [""]

    # Sent unchanged, the rows are the same rows (their calendar events keep their UIDs).
    assert client.post(page, data).status_code == 302
    draft = OfferPage.objects.get(pk=offer.pk).get_latest_revision_as_object()
    assert [(row.pk, row.weekday) for row in draft.schedules.all()] == live

    # Thursday dropped and the monthly row emptied: the live offer keeps its times until the
    # change is approved, then has the new one only.
    data[field_name(1, "weekdays")] = ["1"]
    data[field_name(1, "end_time")] = ["20:00"]
    for name in ("week_of_month", "weekdays", "start_time", "end_time", "valid_from",
                 "valid_until", "note"):  # fmt: skip
        data[field_name(2, name)] = [""] if name != "weekdays" else []
    assert client.post(page, data).status_code == 302
    assert [(row.pk, row.weekday) for row in offer.schedules.all()] == live
    approve(client, offer, kolding_admin)
    assert values(OfferPage.objects.get(pk=offer.pk).schedules.all()) == [
        ("weekly", None, 1, time(17), time(20), None, None, "ikke i skolernes ferier", 0)
    ]


def test_an_update_keeps_more_times_than_the_form_has_rows(client, kolding, kolding_admin):
    offer, page = submitted_with_times(client, kolding_admin)
    offer.schedules = [
        OfferSchedule(weekday=day, start_time=time(9 + day), end_time=time(10 + day))
        for day in range(SCHEDULE_ROWS + 1)
    ]
    offer.save_revision().publish()
    html = client.get(page).content.decode()
    assert html.count('<fieldset class="schedule-row">') == SCHEDULE_ROWS + 1
    data = form_data(html)
    data[field_name(SCHEDULE_ROWS + 1, "note")] = ["også om sommeren"]
    assert client.post(page, data).status_code == 302
    draft = OfferPage.objects.get(pk=offer.pk).get_latest_revision_as_object()
    assert [(row.weekday, row.note) for row in draft.schedules.all()] == [
        (0, ""), (1, ""), (2, ""), (3, "også om sommeren")
    ]  # fmt: skip


def test_the_organisation_pages_new_offer_takes_times(client, kolding):
    organisation = OrganisationFactory(name="Strikkeforeningen", municipality=kolding)
    open_page(client, organisation, kolding)
    url = f"/kolding/opret-tilbud/nyt/{organisation.pk}/"
    assert 'name="recurring_1_weekdays"' in client.get(url).content.decode()
    data = form_data(client.get(url).content.decode())
    data.update({name: ["on"] for name in CONDITION_FIELDS})
    data.update(
        {
            "title": ["Strikkeklub"], "summary": ["Vi strikker."], "formats": ["online"],
            "life_situations": ["faellesskab"], "offer_kinds": ["faellesskab"],
            "registration_required": ["nej"], "anonymous": ["nej"],
            "submitter_name": ["Birthe"], "submitter_email": ["birthe@example.org"],
            field_name(1, "weekdays"): ["2"], field_name(1, "start_time"): ["18:00"],
            field_name(1, "end_time"): ["20:00"],
        }
    )  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert draft_rows(OfferPage.objects.get(title="Strikkeklub")) == [
        ("weekly", None, 2, time(18), time(20), None, None, "", 0)
    ]
