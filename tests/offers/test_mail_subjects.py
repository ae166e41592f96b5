"""Mail subjects are plain text (issue 12, item 8): an offer called "Mor & barn <3" is mailed
as that in every mail the project sends, never as "Mor &amp; barn &lt;3", and on one line."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.template.loader import render_to_string
from wagtail.models import TaskState

from offers.freshness import add_months
from offers.mail import send_templated_mail
from offers.models import OfferPage, Submission
from offers.review_reminders import send_review_reminders
from tests.admin_helpers import workflow_action_url
from tests.offers.factories import OfferPageFactory
from tests.offers.test_submissions import valid_data as submission_data
from tests.offers.test_workflow import current_task_state, submit_new_offer

pytestmark = pytest.mark.django_db

TITLE = "Mor & barn <3"
SUBMITTER = "birthe@example.org"
CONTACT = "kontakt@morogbarn.example"


def subjects_to(address):
    return [m.subject for m in mail.outbox if address in m.to]


def assert_plain_text():
    for message in mail.outbox:
        for escaped in ("&amp;", "&lt;", "&gt;", "&quot;", "&#x27;", "&#39;"):
            assert escaped not in message.subject
            assert escaped not in message.body
        assert "\n" not in message.subject


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def submitted(client, kolding, kolding_admin, django_capture_on_commit_callbacks):
    """An offer "Mor & barn <3" sent through the public form; the receipt and the approvers'
    mail are in the outbox."""
    from offers.models import ProviderType

    forening = str(ProviderType.objects.get(slug="forening").pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/kolding/opret-tilbud/", submission_data(title=TITLE, new_organisation_type=forening)
        )
    assert response.status_code == 302
    return OfferPage.objects.get(title=TITLE)


def test_the_receipt_and_the_approvers_mail(submitted):
    assert subjects_to(SUBMITTER) == [
        'Kvittering: "Mor & barn <3" er sendt til Socialkompas Kolding'
    ]
    assert subjects_to("kolding-admin@example.org") == ['Til godkendelse: "Mor & barn <3"']
    [receipt] = [m for m in mail.outbox if SUBMITTER in m.to]
    assert '"Mor & barn <3"' in receipt.body
    assert_plain_text()


@pytest.mark.parametrize(
    "action, subject",
    [
        ("approve", '"Mor & barn <3" er godkendt og kan nu findes på Socialkompas'),
        ("request_changes", 'Kommunen beder dig rette "Mor & barn <3"'),
        ("reject", '"Mor & barn <3" kan ikke komme på Socialkompas'),
    ],
)
def test_the_submitter_is_told_how_moderation_went(
    client, submitted, kolding_admin, action, subject
):
    client.force_login(kolding_admin)
    mail.outbox.clear()
    task_state = TaskState.objects.get(status="in_progress")
    client.post(workflow_action_url(submitted, action, task_state), {"comment": "Tak & hej <3"})

    assert subjects_to(SUBMITTER) == [subject]
    [message] = [m for m in mail.outbox if SUBMITTER in m.to]
    if action != "approve":
        assert '"Tak & hej <3"' in message.body
    assert_plain_text()


@pytest.mark.parametrize(
    "action, subject",
    [("approve", 'Godkendt: "Mor & barn <3"'), ("reject", 'Ikke godkendt: "Mor & barn <3"')],
)
def test_wagtails_workflow_mails(client, kolding, kolding_admin, action, subject):
    approver = get_user_model().objects.create_user("kolding-2", "kollega@example.org", "x")
    approver.groups.add(kolding.admin_group)
    client.force_login(kolding_admin)
    offer = submit_new_offer(client, kolding, title=TITLE)
    mail.outbox.clear()
    client.force_login(approver)
    client.post(workflow_action_url(offer, action, current_task_state(offer)), {"comment": "A & B"})

    assert subject in subjects_to("kolding-admin@example.org")
    assert_plain_text()


def test_reminders_and_the_hidden_offer(kolding, kolding_admin):
    cph = ZoneInfo("Europe/Copenhagen")
    confirmed = datetime.datetime(2025, 3, 14, 10, 0, tzinfo=cph)
    with time_machine.travel(confirmed, tick=False):
        OfferPageFactory(parent=kolding, title=TITLE, slug="mor-og-barn", email=CONTACT)

    subjects = []
    for months in (10, 11, 12):
        mail.outbox.clear()
        moment = add_months(confirmed, months) + datetime.timedelta(hours=2)
        with time_machine.travel(moment, tick=False):
            send_review_reminders()
        assert_plain_text()
        subjects.append((subjects_to(CONTACT), subjects_to("kolding-admin@example.org")))

    assert subjects == [
        (['Er oplysningerne om "Mor & barn <3" stadig rigtige?'], []),
        (['Påmindelse: Er oplysningerne om "Mor & barn <3" stadig rigtige?'], []),
        (
            ['"Mor & barn <3" er nu skjult på Socialkompas'],
            ['Tilbud skjult: "Mor & barn <3" er ikke bekræftet i 12 måneder'],
        ),
    ]


def test_the_error_report(client, kolding, kolding_admin):
    offer = OfferPageFactory(parent=kolding, title=TITLE)
    mail.outbox.clear()
    response = client.post(
        offer.url + "fejl/",
        {"message": "Adressen & tiden <passer ikke>", "contact_name": "", "contact_email": ""},
    )
    assert response.status_code == 303

    assert subjects_to("kolding-admin@example.org") == ["Fejl i opslaget: Mor & barn <3"]
    assert "Adressen & tiden <passer ikke>" in mail.outbox[0].body
    assert_plain_text()


@pytest.mark.parametrize(
    "name, extra, subject",
    [
        ("submission_receipt", {"kind": "new"}, 'Kvittering: "Mor & barn <3" er sendt til'),
        ("submission_receipt", {"kind": "update"}, 'Kvittering: din rettelse af "Mor & barn <3"'),
        ("submission_approved", {}, '"Mor & barn <3" er godkendt og kan nu findes på'),
        ("submission_changes_requested", {}, 'Kommunen beder dig rette "Mor & barn <3"'),
        ("submission_rejected", {}, '"Mor & barn <3" kan ikke komme på Socialkompas'),
        ("review_reminder", {"first": True}, 'Er oplysningerne om "Mor & barn <3" stadig'),
        ("review_reminder", {"final": True}, '"Mor & barn <3" er nu skjult på Socialkompas'),
        ("stale_offer_hidden", {"months": 12}, 'Tilbud skjult: "Mor & barn <3" er ikke'),
        ("error_report", {}, "Fejl i opslaget: Mor & barn <3"),
    ],
)
def test_a_line_break_in_a_title_does_not_reach_the_subject(kolding, name, extra, subject):
    offer = OfferPage(title="Mor &\r\nbarn\n<3")
    submission = Submission(kind=extra.pop("kind", "new"))
    context = {"offer": offer, "submission": submission, "municipality": kolding, **extra}

    assert send_templated_mail(name, context, ["x@example.org"]) == 1
    assert mail.outbox[-1].subject.startswith(subject)
    assert_plain_text()


def test_a_line_break_in_a_page_title_does_not_reach_wagtails_subjects():
    page = OfferPage(title="Mor &\nbarn <3")
    for name in ("task_state_submitted", "workflow_state_approved", "workflow_state_rejected"):
        subject = render_to_string(f"wagtailadmin/notifications/{name}_subject.txt", {"page": page})
        assert "Mor & barn <3" in subject
        assert "\n" not in subject.strip()
