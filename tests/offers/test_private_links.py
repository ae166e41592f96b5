"""Private links: the mailed token is exchanged for a grant in the session and the browser sent
to an address without it; after a grace period the token only offers to mail a fresh link."""

import datetime
import hashlib
import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from offers.freshness import confirm_offer
from offers.models import OfferPage, PrivateLinkUse, Submission
from offers.private_links import SESSION_KEY, confirm_link, edit_link, mask_address
from offers.submission_forms import OfferSubmissionForm
from offers.tokens import make_token
from tests.offers.factories import OfferPageFactory, OrganisationFactory
from tests.offers.test_submissions import edit_url_in, submit, valid_data

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)
CONTACT = "laesekreds@example.org"
LINK = re.compile(r"http://testserver(/\S+/opret-tilbud/(?:ret|bekraeft)/\d+/[^/\s]+/)")


def later(minutes):
    return time_machine.travel(START + datetime.timedelta(minutes=minutes), tick=False)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def submitted(client, kolding):
    """An offer sent through the public form (its e-mail: CONTACT) and the receipt's link."""
    from offers.models import ProviderType

    with later(-60):
        submit(client, new_organisation_type=str(ProviderType.objects.get(slug="forening").pk))
    offer = OfferPage.objects.get(title="Læsekreds for nye danskere")
    receipt = next(m for m in mail.outbox if m.to == ["birthe@example.org"])
    mail.outbox.clear()
    client.cookies.clear()
    return offer, edit_url_in(receipt)


def without_token(link):
    return link.rstrip("/").rsplit("/", 1)[0] + "/"


def open_link(client, link):
    response = client.get(link)
    assert response.status_code == 303, response.status_code
    assert response["Location"] == without_token(link)
    return response


def edit_data(offer, **changes):
    """The edit form as sent: its organisation as the form fills it in (by name while the
    organisation has no published offer, see OfferSubmissionForm._organisation_initial)."""
    organisation = {"organisation": "", "new_organisation_name": ""}
    organisation.update(
        {k: str(v) for k, v in OfferSubmissionForm._organisation_initial(offer).items()}
    )
    return valid_data(
        **organisation,
        submitter_name="Karim",
        submitter_email="karim@example.org",
        **changes,
    )


def test_the_token_is_exchanged_for_a_session_and_the_form_is_at_the_address_without_it(
    client, submitted
):
    offer, link = submitted
    page = without_token(link)
    assert page == f"/kolding/opret-tilbud/ret/{offer.pk}/"
    with later(0):
        response = open_link(client, link)
        assert "no-store" in response["Cache-Control"]
        # The session cookie is the only cookie set, and it ends with the grant.
        assert set(response.cookies) == {"sessionid"}
        cookie = response.cookies["sessionid"]
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
        assert cookie["max-age"] == 12 * 3600

        form = client.get(page)
        assert form.status_code == 200
        assert 'value="Læsekreds for nye danskere"' in form.content.decode()
        sent = client.post(page, edit_data(offer, schedule="Torsdage kl. 16-18"))
        assert sent.status_code == 302 and sent.url.startswith(page + "?sendt=1&kvittering=")
        assert "Tak – vi har modtaget det" in client.get(sent.url).content.decode()
    assert Submission.objects.filter(offer=offer, kind="update").count() == 1
    assert OfferPage.objects.get(pk=offer.pk).get_latest_revision_as_object().schedule == (
        "Torsdage kl. 16-18"
    )

    # Only the token's hash is kept.
    token = link.rstrip("/").rsplit("/", 1)[1]
    [use] = PrivateLinkUse.objects.all()
    assert use.digest == hashlib.sha256(token.encode()).hexdigest()
    assert use.first_used_at == START


def test_the_session_cookie_is_set_only_by_the_private_link(client, submitted, kolding):
    offer, link = submitted
    with later(0):
        open_link(client, link)
        for url in ("/kolding/", "/kolding/soeg/?q=sorg", without_token(link)):
            response = client.get(url)
            assert "sessionid" not in response.cookies, url


def test_another_browser_cannot_use_the_address_without_the_token(client, submitted):
    offer, link = submitted
    page = without_token(link)
    with later(0):
        open_link(client, link)
        assert client.get(page).status_code == 200
        stranger = Client()
        refused = stranger.get(page)
        assert refused.status_code == 403
        assert "Linket virker ikke" in refused.content.decode()
        assert stranger.post(page, edit_data(offer, schedule="Aldrig")).status_code == 403
        # Nor does a made-up grant for another offer open this one.
        other = OfferPageFactory(parent=offer.get_parent())
        open_link(stranger, edit_link(other).removeprefix("http://testserver"))
        assert stranger.get(page).status_code == 403
    assert not Submission.objects.filter(offer=offer, kind="update").exists()


def test_the_token_opens_again_in_the_grace_period_and_then_offers_a_new_link(client, submitted):
    offer, link = submitted
    page = without_token(link)
    with later(0):
        open_link(client, link)
    with later(14):  # another device, within the grace period
        second = Client()
        open_link(second, link)
        assert second.get(page).status_code == 200
    with later(16):
        # The browsers that opened it in time keep their grant ...
        assert client.get(page).status_code == 200
        # ... but the token no longer opens the form for anyone else.
        late = Client()
        open_link(late, link)
        used = late.get(page)
        assert used.status_code == 200
        html = used.content.decode()
        assert "Linket er allerede brugt" in html
        assert 'name="title"' not in html
        assert "l•••@e•••.org" in html and CONTACT not in html
        assert late.post(page, edit_data(offer, schedule="Aldrig")).status_code == 200
        assert mail.outbox == []  # only the button sends

        sent = late.post(page, {"send_new_link": "1"})
        assert sent.status_code == 200
        assert "Vi har sendt et nyt link" in sent.content.decode()
        assert CONTACT not in sent.content.decode()
    [message] = mail.outbox
    assert message.to == [CONTACT]
    assert message.subject == 'Nyt link til "Læsekreds for nye danskere"'
    fresh_link = LINK.search(message.body).group(1)
    assert fresh_link != link and without_token(fresh_link) == page

    with later(30):
        open_link(late, fresh_link)
        form = late.get(page)
        assert form.status_code == 200 and 'name="title"' in form.content.decode()
    with later(12 * 60 + 1):  # the grant has ended
        assert client.get(page).status_code == 403
    assert not Submission.objects.filter(offer=offer, kind="update").exists()


def test_new_links_are_rate_limited_per_client_and_per_offer(client, submitted, settings):
    offer, link = submitted
    page = without_token(link)
    with later(0):
        open_link(client, link)
    with later(60):
        late = Client()
        open_link(late, link)
        for _ in range(3):
            assert late.post(page, {"send_new_link": "1"}).status_code == 200
        refused = late.post(page, {"send_new_link": "1"})
        assert refused.status_code == 429
        assert "mange nye links" in refused.content.decode()
        # From another address: the offer's own budget is spent too.
        elsewhere = Client(REMOTE_ADDR="10.1.2.3")
        open_link(elsewhere, link)
        assert elsewhere.post(page, {"send_new_link": "1"}).status_code == 429
    assert len(mail.outbox) == 3


def test_without_an_address_no_new_link_can_be_sent(client, kolding):
    with later(-1):
        offer = OfferPageFactory(parent=kolding, organisation=OrganisationFactory(), email="")
        link = edit_link(offer).removeprefix("http://testserver")
    with later(0):
        open_link(Client(), link)
    with later(20):
        open_link(client, link)
        page = client.get(without_token(link)).content.decode()
        assert "ingen e-mailadresse" in page and "send_new_link" not in page
        client.post(without_token(link), {"send_new_link": "1"})
    assert mail.outbox == []


def test_a_head_request_records_nothing_and_grants_nothing(client, submitted):
    offer, link = submitted
    response = client.head(link)
    assert response.status_code == 303
    assert not response.cookies
    assert not PrivateLinkUse.objects.exists()
    assert client.get(without_token(link)).status_code == 403


def test_a_refused_token_neither_grants_nor_records(client, submitted):
    offer, link = submitted
    wrong = without_token(link) + make_token(offer.pk, "confirm") + "/"
    assert client.get(wrong).status_code == 403
    assert not PrivateLinkUse.objects.exists()
    assert SESSION_KEY not in client.session


@pytest.fixture
def confirmable(kolding):
    with later(-60 * 24 * 300):
        offer = OfferPageFactory(parent=kolding, email="kontakt@strikkeklubben.example")
    OfferPage.objects.filter(pk=offer.pk).update(review_reminders_sent=1)
    offer.refresh_from_db()
    with later(-1):  # the reminder with the link
        return offer, confirm_link(offer).removeprefix("http://testserver")


def test_the_confirm_link_also_leaves_its_token_out_of_the_history(client, confirmable):
    offer, link = confirmable
    page = without_token(link)
    assert page == f"/kolding/opret-tilbud/bekraeft/{offer.pk}/"
    with later(0):
        open_link(client, link)
        assert "Ja, oplysningerne er stadig rigtige" in client.get(page).content.decode()
        assert Client().post(page).status_code == 403  # no grant, no confirmation
        assert OfferPage.objects.get(pk=offer.pk).review_reminders_sent == 1
        done = client.post(page)
        assert (done.status_code, done["Location"]) == (303, page)
        assert "Tak for hjælpen" in client.get(page).content.decode()
    assert OfferPage.objects.get(pk=offer.pk).last_confirmed_at == START
    with later(5):  # the link worked once: its token is bound to the confirmation time
        again = Client().get(link)
        assert again.status_code == 403
        assert "Du behøver ikke gøre mere" in again.content.decode()


def test_a_confirm_link_opened_late_mails_a_fresh_one(client, confirmable):
    offer, link = confirmable
    page = without_token(link)
    with later(0):
        open_link(Client(), link)  # opened, not confirmed
    with later(30):
        open_link(client, link)
        assert "Linket er allerede brugt" in client.get(page).content.decode()
        assert client.post(page).status_code == 200
        assert OfferPage.objects.get(pk=offer.pk).review_reminders_sent == 1
        client.post(page, {"send_new_link": "1"})
    [message] = mail.outbox
    assert message.to == ["kontakt@strikkeklubben.example"]
    fresh_link = LINK.search(message.body).group(1)
    assert "/opret-tilbud/bekraeft/" in fresh_link
    with later(40):
        open_link(client, fresh_link)
        assert client.post(page, follow=True).status_code == 200
    assert OfferPage.objects.get(pk=offer.pk).review_reminders_sent == 0


def test_a_grant_ends_when_an_administrator_confirms_meanwhile(client, confirmable):
    offer, link = confirmable
    page = without_token(link)
    with later(0):
        open_link(client, link)
    with later(1):
        confirm_offer(offer, via="admin")
        refused = client.post(page)
        assert refused.status_code == 403
        assert "Du behøver ikke gøre mere" in refused.content.decode()
    assert OfferPage.objects.get(pk=offer.pk).last_confirmed_at == START + datetime.timedelta(
        minutes=1
    )


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("birthe@example.org", "b•••@e•••.org"),
        ("a@b.co.uk", "a•••@b•••.uk"),
        ("x@localhost", "x•••@l•••"),
    ],
)
def test_addresses_are_shown_only_in_part(address, masked):
    assert mask_address(address) == masked


def test_old_link_uses_are_forgotten(kolding, settings):
    offer = OfferPageFactory(parent=kolding)
    old = PrivateLinkUse.objects.create(
        digest="0" * 64, offer=offer, first_used_at=timezone.now() - datetime.timedelta(days=401)
    )
    from offers.private_links import first_use

    first_use(offer, "a-new-token")
    assert not PrivateLinkUse.objects.filter(pk=old.pk).exists()
    assert PrivateLinkUse.objects.count() == 1
