"""An organisation's own page, "Jeres tilbud på Socialkompas": one private link per
organisation and municipality, listing its offers, updating, adding and confirming them all,
and the reminders that go as one mail per organisation with that link."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client

from offers.models import OfferPage, Organisation
from offers.organisation_links import organisation_link
from offers.review_reminders import send_review_reminders
from offers.tokens import make_organisation_token
from tests.offers.factories import OfferPageFactory, OrganisationFactory
from tests.offers.test_private_links import edit_data
from tests.offers.test_submissions import valid_data

pytestmark = pytest.mark.django_db

ADDRESS = "post@strikkeforeningen.example"
START = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)
PAGE_LINK = re.compile(r"http://testserver(/\S+/opret-tilbud/jeres/\d+/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def organisation(kolding):
    return OrganisationFactory(
        name="Strikkeforeningen",
        municipality=kolding,
        email=ADDRESS,
        phone="12 34 56 78",
        website="https://strikkeforeningen.example",
    )


@pytest.fixture
def offers(kolding, organisation):
    live = OfferPageFactory(parent=kolding, title="Strikkecafé", organisation=organisation)
    due = OfferPageFactory(
        parent=kolding, title="Strik og snak", organisation=organisation, review_reminders_sent=1
    )
    hidden = OfferPageFactory(
        parent=kolding, title="Sommerstrik", organisation=organisation, stale_since=START
    )
    waiting = OfferPageFactory(
        parent=kolding, title="Strik for begyndere", organisation=organisation, live=False
    )
    waiting.save_revision()
    waiting.get_workflow().start(waiting, None)
    return {"live": live, "due": due, "hidden": hidden, "waiting": waiting}


def path_of(link):
    return re.sub(r"^http://testserver", "", link)


def without_token(path):
    return path.rstrip("/").rsplit("/", 1)[0] + "/"


def open_page(client, organisation, municipality):
    link = path_of(organisation_link(organisation, municipality))
    response = client.get(link)
    assert response.status_code == 303, response.status_code
    assert response["Location"] == without_token(link)
    return response["Location"]


def test_the_page_lists_every_offer_with_its_status(client, kolding, organisation, offers):
    other = OfferPageFactory(parent=kolding, title="Andres tilbud")
    page = open_page(client, organisation, kolding)
    assert page == f"/kolding/opret-tilbud/jeres/{organisation.pk}/"
    response = client.get(page)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Jeres tilbud på Socialkompas" in html
    rows = dict(re.findall(r'<h2 class="organisation-offer__title">.*?([^<>]+)</(?:a|h2)>.*?'
                           r"<strong>([^<]+)</strong>", html, re.S))  # fmt: skip
    assert rows == {
        "Strikkecafé": "Vises på Socialkompas",
        "Strik og snak": "Skal bekræftes",
        "Sommerstrik": "Skjult",
        "Strik for begyndere": "Venter på godkendelse",
    }
    assert other.title not in html
    # A checkbox, ticked, for each published offer; none for the one awaiting approval.
    ticked = set(re.findall(r'name="confirm" value="(\d+)" checked', html))
    assert ticked == {str(offers[k].pk) for k in ("live", "due", "hidden")}


def test_the_page_answers_only_a_session_with_its_grant(client, kolding, organisation, offers):
    assert client.get(f"/kolding/opret-tilbud/jeres/{organisation.pk}/").status_code == 403
    assert client.get(f"/kolding/opret-tilbud/nyt/{organisation.pk}/").status_code == 403
    edit = f"/kolding/opret-tilbud/ret/{offers['live'].pk}/"
    assert client.get(edit).status_code == 403


def test_update_an_offer_from_the_page(client, kolding, organisation, offers):
    page = open_page(client, organisation, kolding)
    offer = offers["live"]
    assert f'href="/kolding/opret-tilbud/ret/{offer.pk}/"' in client.get(page).content.decode()
    form = client.get(f"/kolding/opret-tilbud/ret/{offer.pk}/")
    assert form.status_code == 200
    assert 'value="Strikkecafé"' in form.content.decode()
    sent = client.post(
        f"/kolding/opret-tilbud/ret/{offer.pk}/", edit_data(offer, title="Strikkecafé i Kolding")
    )
    assert sent.status_code == 302, sent.content.decode()
    assert OfferPage.objects.get(pk=offer.pk).get_latest_revision_as_object().title == (
        "Strikkecafé i Kolding"
    )
    assert f'href="{page}"' in client.get(sent.url).content.decode()  # back to the page


def test_add_an_offer_with_the_organisations_details_filled_in(client, kolding, organisation):
    OfferPageFactory(parent=kolding, title="Strikkecafé", organisation=organisation)
    open_page(client, organisation, kolding)
    url = f"/kolding/opret-tilbud/nyt/{organisation.pk}/"
    form = client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert f'<option value="{organisation.pk}" selected>Strikkeforeningen</option>' in html
    assert f'name="email" value="{ADDRESS}"' in html
    assert 'name="phone" value="12 34 56 78"' in html
    assert 'value="https://strikkeforeningen.example"' in html
    assert f'name="submitter_email" value="{ADDRESS}"' in html

    sent = client.post(
        url,
        valid_data(
            title="Strikkeklub for mænd",
            organisation=str(organisation.pk),
            new_organisation_name="",
        ),
    )
    assert sent.status_code == 302 and sent.url.startswith(url + "?sendt=1&kvittering=")
    new = OfferPage.objects.get(title="Strikkeklub for mænd")
    assert new.organisation == organisation and not new.live
    assert "Tak – vi har modtaget det" in client.get(sent.url).content.decode()
    # The new offer, awaiting approval, is on the organisation's page.
    page = client.get(f"/kolding/opret-tilbud/jeres/{organisation.pk}/").content.decode()
    assert "Strikkeklub for mænd" in page


def test_confirm_all_in_one_step(client, kolding, organisation, offers):
    ticked = [offers["due"].pk, offers["hidden"].pk]  # "Strikkecafé" unticked
    before = OfferPage.objects.get(pk=offers["live"].pk).last_confirmed_at
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        page = open_page(client, organisation, kolding)
        response = client.post(page, {"confirm": [str(pk) for pk in ticked]})
        assert (response.status_code, response["Location"]) == (303, page)
        html = client.get(page).content.decode()
        assert "Tak. Vi har noteret, at 2 tilbud stadig er rigtige." in html
        # Said once.
        assert "Vi har noteret" not in client.get(page).content.decode()
    for pk in ticked:
        offer = OfferPage.objects.get(pk=pk)
        assert offer.review_reminders_sent == 0 and offer.stale_since is None
        assert offer.last_confirmed_at == START + datetime.timedelta(days=1)
    assert OfferPage.objects.get(pk=offers["live"].pk).last_confirmed_at == before


def test_confirming_touches_only_the_organisations_own_offers(
    client, kolding, organisation, offers
):
    other = OfferPageFactory(parent=kolding, title="Andres tilbud", review_reminders_sent=1)
    page = open_page(client, organisation, kolding)
    client.post(page, {"confirm": [str(other.pk), str(offers["waiting"].pk)]})
    assert OfferPage.objects.get(pk=other.pk).review_reminders_sent == 1


def test_one_reminder_mail_for_several_offers_with_the_page_link(kolding, organisation):
    confirmed = datetime.datetime(2025, 3, 14, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(confirmed, tick=False):
        for title in ("Strikkecafé", "Strik og snak", "Sommerstrik"):
            OfferPageFactory(parent=kolding, title=title, organisation=organisation)
        # Its own contact: keeps its own mail and links.
        OfferPageFactory(
            parent=kolding,
            title="Strikkelinjen",
            organisation=organisation,
            email="linjen@example.org",
        )
    mail.outbox.clear()
    with time_machine.travel(confirmed + datetime.timedelta(days=310), tick=False):
        counts = send_review_reminders()
    assert counts["reminded"] == {10: 4, 11: 0} and counts["failed"] == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["linjen@example.org", ADDRESS]
    [together] = [m for m in mail.outbox if m.to == [ADDRESS]]
    assert together.subject == "Er oplysningerne om jeres 3 tilbud på Socialkompas stadig rigtige?"
    for title in ("Strikkecafé", "Strik og snak", "Sommerstrik"):
        assert f'"{title}"' in together.body
    assert "Strikkelinjen" not in together.body
    assert "/opret-tilbud/ret/" not in together.body
    link = PAGE_LINK.search(together.body).group(1)
    assert link.startswith(f"/kolding/opret-tilbud/jeres/{organisation.pk}/")
    [alone] = [m for m in mail.outbox if m.to == ["linjen@example.org"]]
    assert "/opret-tilbud/ret/" in alone.body and "/opret-tilbud/jeres/" not in alone.body

    # A second run sends nothing; the link opens the page.
    mail.outbox.clear()
    with time_machine.travel(confirmed + datetime.timedelta(days=311), tick=False):
        send_review_reminders()
        assert mail.outbox == []
        client = Client()
        assert client.get(link).status_code == 303
        assert "Strik og snak" in client.get(without_token(link)).content.decode()


def test_a_link_of_one_organisation_fails_for_another(client, kolding, organisation, offers):
    other = OrganisationFactory(name="Anden forening", municipality=kolding, email="a@example.org")
    token = make_organisation_token(organisation.pk, kolding.pk)
    response = client.get(f"/kolding/opret-tilbud/jeres/{other.pk}/{token}/")
    assert response.status_code == 403
    assert "Linket virker ikke" in response.content.decode()
    assert client.get(f"/kolding/opret-tilbud/jeres/{other.pk}/").status_code == 403
    # The grant of one organisation opens nothing of another.
    open_page(client, organisation, kolding)
    assert client.get(f"/kolding/opret-tilbud/jeres/{other.pk}/").status_code == 403
    theirs = OfferPageFactory(parent=kolding, organisation=other)
    assert client.get(f"/kolding/opret-tilbud/ret/{theirs.pk}/").status_code == 403


def test_a_link_fails_for_another_municipality(client, kolding, mariagerfjord):
    national = OrganisationFactory(name="Landsforeningen", email="land@example.org")
    OfferPageFactory(parent=kolding, title="Kolding-tilbud", organisation=national)
    theirs = OfferPageFactory(parent=mariagerfjord, title="Hobro-tilbud", organisation=national)
    token = make_organisation_token(national.pk, kolding.pk)
    response = client.get(f"/mariagerfjord/opret-tilbud/jeres/{national.pk}/{token}/")
    assert response.status_code == 403
    open_page(client, national, kolding)
    assert (
        "Kolding-tilbud"
        in client.get(f"/kolding/opret-tilbud/jeres/{national.pk}/").content.decode()
    )
    assert client.get(f"/mariagerfjord/opret-tilbud/jeres/{national.pk}/").status_code == 403
    assert client.get(f"/mariagerfjord/opret-tilbud/ret/{theirs.pk}/").status_code == 403
    # A municipality's own organisation has no page in another one.
    local = OrganisationFactory(name="Lokal", municipality=kolding)
    token = make_organisation_token(local.pk, mariagerfjord.pk)
    assert client.get(f"/mariagerfjord/opret-tilbud/jeres/{local.pk}/{token}/").status_code == 404


def test_an_expired_link_is_refused_with_a_danish_page(client, kolding, organisation, settings):
    with time_machine.travel(START, tick=False):
        link = path_of(organisation_link(organisation, kolding))
    with time_machine.travel(START + datetime.timedelta(days=121), tick=False):
        response = client.get(link)
    assert response.status_code == 410
    html = response.content.decode()
    assert "Linket virker ikke" in html and "Linket er for gammelt" in html
    assert client.get(without_token(link)).status_code == 403


def test_a_used_link_offers_a_fresh_one_to_the_organisations_address(kolding, organisation):
    with time_machine.travel(START, tick=False):
        link = path_of(organisation_link(organisation, kolding))
        assert Client().get(link).status_code == 303
    late = Client()
    with time_machine.travel(START + datetime.timedelta(hours=1), tick=False):
        page = late.get(link)["Location"]
        response = late.get(page)
        assert response.status_code == 200
        assert "Linket er allerede brugt" in response.content.decode()
        assert "p•••@s•••.example" in response.content.decode()
        mail.outbox.clear()
        late.post(page, {"send_new_link": "1"})
    [message] = mail.outbox
    assert message.to == [ADDRESS]
    assert PAGE_LINK.search(message.body)


def test_the_page_is_not_under_the_national_front_page(client, home, organisation):
    token = make_organisation_token(organisation.pk, organisation.municipality_id)
    assert client.get(f"/opret-tilbud/jeres/{organisation.pk}/{token}/").status_code == 404
    assert Organisation.objects.count() == 1
