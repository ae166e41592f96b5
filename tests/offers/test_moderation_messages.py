"""The moderation mails say what happened to the offer: on the site or not, and, for an
update, which version the site shows. The approver's message after the action says what
happened to the offer and what its sender is told, from the editor and from the dashboard."""

import html
import json
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState

from offers.models import OfferPage, Submission
from tests.admin_helpers import edit_url, offer_form_data, workflow_action_url
from tests.offers.test_private_links import edit_data
from tests.offers.test_submissions import edit_url_in, submit
from tests.offers.test_workflow import submit_new_offer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def new_offer(client, kolding, forening_type):
    submit(client, new_organisation_type=forening_type)
    offer = OfferPage.objects.get(title="Læsekreds for nye danskere")
    receipt = next(m for m in mail.outbox if m.to == ["birthe@example.org"])
    return offer, edit_url_in(receipt)


@pytest.fixture
def forening_type():
    from offers.models import ProviderType

    return str(ProviderType.objects.get(slug="forening").pk)


def moderate(client, user, offer, action, sender="birthe@example.org"):
    mail.outbox.clear()
    client.force_login(user)
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(offer.pk), status="in_progress"
    )
    client.post(workflow_action_url(offer, action, task_state), {"comment": "Tak."})
    client.logout()
    [message] = [m for m in mail.outbox if m.to == [sender]]
    return message.body


@pytest.mark.parametrize(
    ("action", "said"),
    [
        ("reject", "Tilbuddet bliver ikke vist på Socialkompas."),
        ("request_changes", "Tilbuddet er ikke på Socialkompas endnu."),
        ("approve", "er godkendt og står nu på Socialkompas"),
    ],
)
def test_a_new_offers_mail_says_whether_it_is_on_the_site(
    client, new_offer, kolding_admin, action, said
):
    offer, _link = new_offer
    assert said in moderate(client, kolding_admin, offer, action)


@pytest.mark.parametrize(
    ("action", "said"),
    [
        ("reject", "Siden på Socialkompas viser stadig den tidligere udgave."),
        ("request_changes", "Indtil rettelsen er godkendt, viser siden den nuværende udgave."),
        ("approve", "Siden på Socialkompas viser nu den nye udgave"),
    ],
)
def test_an_updates_mail_says_which_version_the_site_shows(
    client, new_offer, kolding_admin, action, said
):
    offer, link = new_offer
    moderate(client, kolding_admin, offer, "approve")
    page = client.get(link)["Location"]
    offer = OfferPage.objects.get(pk=offer.pk)
    client.post(page, edit_data(offer, schedule="Torsdage kl. 16-18"))
    client.cookies.clear()
    assert said in moderate(client, kolding_admin, offer, action, "karim@example.org")


# The approver's message


def forget_messages(client):
    """Drop the messages waiting from earlier requests (the cookie Django keeps them in)."""
    client.cookies.pop("messages", None)


def messages_after(response):
    """The messages as read (Wagtail's admin messages are HTML, the title escaped in them)."""
    return [html.unescape(str(m)).strip() for m in get_messages(response.wsgi_request)]


def act_from_dashboard(client, offer, action, comment):
    """As the dashboard's buttons do: "Godkend" posts straight away, the others through the
    comment dialog (an XMLHttpRequest); both come back to the dashboard."""
    forget_messages(client)
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(offer.pk), status="in_progress"
    )
    headers = {} if action == "approve" else {"x-requested-with": "XMLHttpRequest"}
    response = client.post(
        workflow_action_url(offer, action, task_state),
        {"comment": comment, "next": reverse("wagtailadmin_home")},
        headers=headers,
    )
    assert response.status_code in (200, 302)
    return messages_after(response)


def act_in_editor(client, offer, action, comment, **changes):
    """As the editor's workflow action menu does: the edit form, with the action and the
    comment collected by its dialog."""
    draft = OfferPage.objects.get(pk=offer.pk).get_latest_revision_as_object()
    data = offer_form_data(
        draft,
        **{
            "action-workflow-action": "true",
            "workflow-action-name": action,
            "workflow-action-extra-data": json.dumps({"comment": comment}),
            **changes,
        },
    )
    forget_messages(client)
    response = client.post(edit_url(offer), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return messages_after(response)


TOLD = {
    "approve": (
        'Tilbuddet "Læsekreds for nye danskere" er godkendt og offentliggjort. '
        "Afsenderen får en e-mail om, at tilbuddet nu er synligt. Din kommentar står i e-mailen."
    ),
    "reject": (
        'Tilbuddet "Læsekreds for nye danskere" er afvist og ikke offentliggjort. '
        "Afsenderen får en e-mail med din begrundelse."
    ),
    "request_changes": (
        'Tilbuddet "Læsekreds for nye danskere" er sendt tilbage til ændringer og ikke '
        "offentliggjort. Afsenderen får en e-mail med dit ønske og et link til at rette "
        "tilbuddet."
    ),
}


@pytest.mark.parametrize("action", ["approve", "reject", "request_changes"])
@pytest.mark.parametrize("act", [act_from_dashboard, act_in_editor])
def test_the_approver_is_told_what_happened_and_what_the_sender_is_told(
    client, new_offer, kolding_admin, act, action
):
    offer, _link = new_offer
    client.force_login(kolding_admin)
    mail.outbox.clear()
    # One message: Wagtail's "Siden ... er blevet opdateret" is replaced, not added to.
    assert act(client, offer, action, "Tak.") == [TOLD[action]]
    assert [m.to for m in mail.outbox] == [["birthe@example.org"]]
    assert OfferPage.objects.get(pk=offer.pk).live == (action == "approve")


def test_the_dashboard_shows_the_message(client, new_offer, kolding_admin):
    offer, _link = new_offer
    client.force_login(kolding_admin)
    task_state = TaskState.objects.get(workflow_state__object_id=str(offer.pk))
    response = client.post(
        workflow_action_url(offer, "approve", task_state),
        {"next": reverse("wagtailadmin_home")},
        follow=True,
    )
    page = html.unescape(response.content.decode())
    assert 'Tilbuddet "Læsekreds for nye danskere" er godkendt og offentliggjort.' in page
    assert "er blevet opdateret" not in page


@pytest.mark.parametrize(
    ("action", "told"),
    [
        ("reject", "Afsenderen får en e-mail om afvisningen, men uden begrundelse: du skrev "),
        ("request_changes", "Afsenderen får en e-mail med et link til at rette tilbuddet, men "),
        ("approve", "Afsenderen får en e-mail om, at tilbuddet nu er synligt."),
    ],
)
def test_without_a_comment_the_message_says_the_mail_has_none(
    client, new_offer, kolding_admin, action, told
):
    offer, _link = new_offer
    client.force_login(kolding_admin)
    [message] = act_from_dashboard(client, offer, action, "  ")
    assert told in message
    assert message.endswith("du skrev ingen kommentar.") == (action != "approve")
    assert "Din kommentar" not in message


@pytest.mark.parametrize(
    ("action", "told"),
    [
        (
            "approve",
            'Tilbuddet "Strikkeklub" er godkendt og offentliggjort. '
            "Ingen afsender får besked: tilbuddet har ingen afsender med e-mail.",
        ),
        (
            "reject",
            'Tilbuddet "Strikkeklub" er afvist og ikke offentliggjort. '
            "Ingen afsender får besked: tilbuddet har ingen afsender med e-mail.",
        ),
        (
            "request_changes",
            'Tilbuddet "Strikkeklub" er sendt tilbage til ændringer og ikke offentliggjort. '
            "Ingen afsender får besked: tilbuddet har ingen afsender med e-mail.",
        ),
    ],
)
@pytest.mark.parametrize("act", [act_from_dashboard, act_in_editor])
def test_an_offer_made_in_the_admin_has_nobody_to_tell(
    client, kolding, kolding_admin, act, action, told
):
    client.force_login(kolding_admin)
    offer = submit_new_offer(client, kolding, title="Strikkeklub")
    mail.outbox.clear()
    assert act(client, offer, action, "Tak.") == [told]
    assert mail.outbox == []


def test_a_sender_whose_submission_is_closed_and_erased_is_not_told_again(
    client, new_offer, kolding_admin
):
    offer, _link = new_offer
    client.force_login(kolding_admin)
    act_from_dashboard(client, offer, "approve", "")
    Submission.objects.filter(offer=offer).update(submitter_email="", submitter_name="")
    offer = OfferPage.objects.get(pk=offer.pk)
    # The administrator changes it and sends it for approval again.
    data = offer_form_data(offer, schedule="Torsdage kl. 16-18", **{"action-submit": "submit"})
    assert client.post(edit_url(offer), data).status_code == 302
    mail.outbox.clear()
    [message] = act_in_editor(client, offer, "reject", "Nej.")
    assert message == (
        'Ændringerne af tilbuddet "Læsekreds for nye danskere" er afvist. Siden viser fortsat '
        "den offentliggjorte udgave. "
        "Ingen afsender får besked: tilbuddet har ingen afsender med e-mail."
    )
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("action", "told"),
    [
        (
            "approve",
            'Tilbuddet "Læsekreds for nye danskere" er godkendt og offentliggjort. '
            "Afsenderen får en e-mail om, at rettelsen nu er synlig.",
        ),
        (
            "reject",
            'Ændringerne af tilbuddet "Læsekreds for nye danskere" er afvist. Siden viser '
            "fortsat den offentliggjorte udgave. Afsenderen får en e-mail med din begrundelse.",
        ),
        (
            "request_changes",
            'Ændringerne af tilbuddet "Læsekreds for nye danskere" er sendt tilbage til '
            "rettelse. Siden viser fortsat den offentliggjorte udgave. Afsenderen får en e-mail "
            "med dit ønske og et link til at rette tilbuddet.",
        ),
    ],
)
def test_an_update_of_a_published_offer_is_told_as_such(
    client, new_offer, kolding_admin, action, told
):
    offer, link = new_offer
    moderate(client, kolding_admin, offer, "approve")
    page = client.get(link)["Location"]
    client.post(page, edit_data(OfferPage.objects.get(pk=offer.pk), schedule="Torsdage"))
    client.cookies.clear()
    client.force_login(kolding_admin)
    comment = "" if action == "approve" else "Tak."
    assert act_from_dashboard(client, offer, action, comment) == [told]


def test_several_senders_are_counted(client, new_offer, kolding_admin):
    offer, _link = new_offer
    Submission.objects.create(
        offer=offer, kind="update", submitter_name="Karim", submitter_email="karim@example.org"
    )
    client.force_login(kolding_admin)
    mail.outbox.clear()
    [message] = act_in_editor(client, offer, "request_changes", "Ret adressen.")
    assert message.endswith(
        "De 2 afsendere får en e-mail med dit ønske og et link til at rette tilbuddet."
    )
    assert sorted(mail.outbox[0].to) == ["birthe@example.org", "karim@example.org"]


def test_an_approval_scheduled_for_later_says_when(client, new_offer, kolding_admin):
    offer, _link = new_offer
    client.force_login(kolding_admin)
    go_live = timezone.localtime() + timedelta(days=3)
    [message] = act_in_editor(
        client, offer, "approve", "", go_live_at=go_live.strftime("%Y-%m-%d %H:%M")
    )
    assert message.startswith(
        f'Tilbuddet "Læsekreds for nye danskere" er godkendt og offentliggøres {go_live.day}. '
    )
    assert not OfferPage.objects.get(pk=offer.pk).live


def test_a_scheduled_approval_tells_the_sender_when_not_now(client, new_offer, kolding_admin):
    """The mail and the approver's message said "står nu på Socialkompas" and "nu er synligt"
    for an approval that publishes in three days."""
    offer, _link = new_offer
    client.force_login(kolding_admin)
    mail.outbox.clear()
    go_live = timezone.localtime() + timedelta(days=3)
    [message] = act_in_editor(
        client, offer, "approve", "", go_live_at=go_live.strftime("%Y-%m-%d %H:%M")
    )
    assert message.endswith("Afsenderen får en e-mail om, hvornår det bliver synligt.")
    [sent] = mail.outbox
    assert sent.to == ["birthe@example.org"]
    assert "står nu" not in sent.body
    assert (
        f'"Læsekreds for nye danskere" er godkendt og kommer på Socialkompas {go_live.day}. '
        in sent.body
    )
    assert f"{go_live:%H:%M}" in sent.body
