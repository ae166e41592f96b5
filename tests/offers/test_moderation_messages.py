"""The moderation mails say what happened to the offer: on the site or not, and, for an
update, which version the site shows."""

import pytest
from django.core import mail
from django.core.cache import cache
from wagtail.models import TaskState

from offers.models import OfferPage
from tests.admin_helpers import workflow_action_url
from tests.offers.test_private_links import edit_data
from tests.offers.test_submissions import edit_url_in, submit

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
