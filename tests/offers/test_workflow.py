"""Moderation through the admin: submit, approve, reject, change of a live offer, e-mails."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from offers.models import OfferPage
from tests.admin_helpers import edit_url, offer_form_data, workflow_action_url
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kolding_client(client, kolding_admin):
    client.force_login(kolding_admin)
    return client


def submit_new_offer(client, kolding, **changes):
    template = OfferPageFactory.build(title="Læsecafé for nye danskere", slug="laesecafe")
    template.last_confirmed_at = template.last_confirmed_at
    data = offer_form_data(template, **{"action-submit": "submit", **changes})
    data["organisation"] = OfferPageFactory(parent=kolding).organisation_id
    from offers.models import LifeSituation, OfferKind

    data["life_situations"] = [LifeSituation.objects.get(slug="integration").pk]
    data["offer_kinds"] = [OfferKind.objects.get(slug="faellesskab").pk]
    url = reverse("wagtailadmin_pages:add", args=("offers", "offerpage", kolding.pk))
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    return OfferPage.objects.get(slug="laesecafe")


def current_task_state(page):
    return TaskState.objects.get(workflow_state__object_id=str(page.pk), status="in_progress")


def test_submit_then_approve_makes_it_live(client, kolding, kolding_admin, mariagerfjord_admin):
    client.force_login(kolding_admin)
    mail.outbox.clear()
    offer = submit_new_offer(client, kolding)
    assert not offer.live
    assert offer.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    task_state = current_task_state(offer)
    response = client.post(workflow_action_url(offer, "approve", task_state), {"comment": ""})
    assert response.status_code in (200, 302)
    offer.refresh_from_db()
    assert offer.live
    assert client.get(offer.url).status_code == 200


def test_submit_then_request_changes_keeps_draft_and_comment(client, kolding, kolding_admin):
    client.force_login(kolding_admin)
    offer = submit_new_offer(client, kolding)
    task_state = current_task_state(offer)
    client.post(
        workflow_action_url(offer, "request_changes", task_state),
        {"comment": "Tilføj venligst mødestedets adresse."},
    )
    offer.refresh_from_db()
    task_state.refresh_from_db()
    assert not offer.live
    assert task_state.status == "rejected"
    assert task_state.comment == "Tilføj venligst mødestedets adresse."
    assert offer.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    # Fixed and resubmitted, it can be approved.
    data = offer_form_data(offer, address="Låsbygade 45", **{"action-submit": "submit"})
    client.post(edit_url(offer), data)
    client.post(workflow_action_url(offer, "approve", current_task_state(offer)), {})
    offer.refresh_from_db()
    assert offer.live and offer.address == "Låsbygade 45"


def test_submit_then_reject_ends_the_workflow_and_keeps_the_comment(client, kolding, kolding_admin):
    client.force_login(kolding_admin)
    offer = submit_new_offer(client, kolding)
    task_state = current_task_state(offer)
    client.post(
        workflow_action_url(offer, "reject", task_state),
        {"comment": "Politiske partier kan ikke oprette tilbud."},
    )
    offer.refresh_from_db()
    task_state.refresh_from_db()
    assert not offer.live
    assert task_state.status == "rejected"
    assert task_state.comment == "Politiske partier kan ikke oprette tilbud."
    assert not offer.workflow_in_progress
    state = WorkflowState.objects.get(object_id=str(offer.pk))
    assert state.status == WorkflowState.STATUS_CANCELLED


def test_change_of_a_live_offer_waits_for_approval(client, kolding, kolding_admin):
    offer = OfferPageFactory(parent=kolding, title="Strikkeklub", slug="strikkeklub")
    client.force_login(kolding_admin)
    data = offer_form_data(offer, title="Strikke- og hækleklub", **{"action-submit": "submit"})
    assert client.post(edit_url(offer), data).status_code == 302

    offer.refresh_from_db()
    assert offer.title == "Strikkeklub" and offer.has_unpublished_changes
    assert "Strikkeklub" in client.get("/kolding/strikkeklub/").content.decode()

    client.post(workflow_action_url(offer, "approve", current_task_state(offer)), {})
    offer.refresh_from_db()
    assert offer.title == "Strikke- og hækleklub"
    assert "Strikke- og hækleklub" in client.get("/kolding/strikkeklub/").content.decode()


def test_approvers_of_that_municipality_only_are_mailed(
    client, kolding, mariagerfjord, kolding_admin, mariagerfjord_admin, national_editor,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from django.contrib.auth import get_user_model

    colleague = get_user_model().objects.create_user("kolding-2", "kollega@example.org", "x")
    colleague.groups.add(kolding.admin_group)
    mail.outbox.clear()
    client.force_login(kolding_admin)
    with django_capture_on_commit_callbacks(execute=True):  # approvers are mailed on commit
        submit_new_offer(client, kolding)

    task_mails = [m for m in mail.outbox if "Læsecafé for nye danskere" in m.body]
    recipients = {address for m in task_mails for address in m.to}
    assert "kollega@example.org" in recipients
    assert "mariagerfjord-admin@example.org" not in recipients
    assert "redaktoer@example.org" not in recipients
    for message in mail.outbox:
        assert "Mariagerfjord" not in message.subject + message.body


def test_submission_mail_is_in_danish(
    client, kolding, kolding_admin, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    colleague = get_user_model().objects.create_user("kolding-2", "kollega@example.org", "x")
    colleague.groups.add(kolding.admin_group)
    mail.outbox.clear()
    client.force_login(kolding_admin)
    with django_capture_on_commit_callbacks(execute=True):
        submit_new_offer(client, kolding)
    [message] = [m for m in mail.outbox if "kollega@example.org" in m.to]
    assert message.subject == 'Til godkendelse: "Læsecafé for nye danskere"'
    assert message.body.startswith("Hej kolding-2")
    assert 'Siden "Læsecafé for nye danskere" venter på din godkendelse' in message.body
    assert "Godkend, afvis eller ret den her: http://testserver/admin/pages/" in message.body
    assert "submitted" not in message.body and "Hello" not in message.body


def test_requester_is_told_of_rejection_in_danish(client, kolding, kolding_admin):
    from django.contrib.auth import get_user_model

    approver = get_user_model().objects.create_user("kolding-2", "kollega@example.org", "x")
    approver.groups.add(kolding.admin_group)
    client.force_login(kolding_admin)
    offer = submit_new_offer(client, kolding)
    mail.outbox.clear()
    client.force_login(approver)
    client.post(
        workflow_action_url(offer, "reject", current_task_state(offer)),
        {"comment": "Mangler adresse."},
    )
    [message] = [m for m in mail.outbox if "kolding-admin@example.org" in m.to]
    assert message.subject == 'Ikke godkendt: "Læsecafé for nye danskere"'
    assert 'Kommentar: "Mangler adresse."' in message.body


def test_national_offers_are_approved_by_national_editors(client, home, national_editor):
    from django.contrib.auth.models import Group

    offer = OfferPageFactory(parent=home, title="Hjælpelinje", live=False)
    offer.save_revision()
    offer.get_workflow().start(offer, national_editor)
    client.force_login(national_editor)
    client.post(workflow_action_url(offer, "approve", current_task_state(offer)), {})
    offer.refresh_from_db()
    assert offer.live
    assert Group.objects.get(name="Nationale redaktører").user_set.filter(pk=national_editor.pk)
