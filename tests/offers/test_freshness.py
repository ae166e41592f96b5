"""Freshness: reminders at 10 and 11 months, hidden at 12, the one-click confirmation link and
the administrators' report "Tilbud der skal bekræftes"."""

import datetime
import re
from smtplib import SMTPException
from unittest import mock
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageLogEntry, Revision

from offers import freshness, review_reminders
from offers.freshness import add_months, months_ago
from offers.models import OfferPage, Submission
from offers.private_links import confirm_binding, confirm_link, contact_emails, edit_link
from offers.review_reminders import send_review_reminders
from offers.tokens import make_token
from tests.offers.factories import OfferPageFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
#: When the offers of these tests were last confirmed.
T = datetime.datetime(2025, 3, 14, 10, 0, tzinfo=CPH)
CONTACT = "kontakt@strikkeklubben.example"
REPORT = reverse("socialkompas_freshness_report")
CONFIRM_LINK = re.compile(r"http://testserver/(?:\S*/)?opret-tilbud/bekraeft/\d+/[^/\s]+/")
EDIT_LINK = re.compile(r"http://testserver/(?:\S*/)?opret-tilbud/ret/\d+/[^/\s]+/")


def at(months, days=0, hours=2):
    """A moment ``months`` calendar months (and ``days``) after T, a little later in the day."""
    return add_months(T, months) + datetime.timedelta(days=days, hours=hours)


def run(moment):
    mail.outbox.clear()
    with time_machine.travel(moment, tick=False):
        return send_review_reminders()


def fresh(offer):
    return OfferPage.objects.get(pk=offer.pk)


@pytest.fixture
def offer(kolding):
    with time_machine.travel(T, tick=False):
        return OfferPageFactory(
            parent=kolding,
            title="Strikkeklub for sørgende",
            slug="strikkeklub",
            email=CONTACT,
            life_situations=["sorg"],
        )


@pytest.fixture
def admins(kolding_admin, mariagerfjord_admin, national_editor):
    return {
        "kolding": kolding_admin,
        "mariagerfjord": mariagerfjord_admin,
        "national": national_editor,
    }


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def path_of(url):
    return urlsplit(url).path


# Calendar months


@pytest.mark.parametrize(
    "moment, months, expected",
    [
        ((2026, 1, 14), -10, (2025, 3, 14)),
        ((2026, 3, 31), -1, (2026, 2, 28)),
        ((2024, 3, 31), -1, (2024, 2, 29)),
        ((2025, 1, 31), 1, (2025, 2, 28)),
        ((2025, 12, 15), 1, (2026, 1, 15)),
        ((2025, 3, 14), 12, (2026, 3, 14)),
    ],
)
def test_calendar_months(moment, months, expected):
    start = datetime.datetime(*moment, 10, 0, tzinfo=CPH)
    assert add_months(start, months) == datetime.datetime(*expected, 10, 0, tzinfo=CPH)


def test_months_are_counted_in_local_time_across_summer_time():
    # 10:00 in winter is still 10:00 in summer, though the UTC offset changed.
    summer = datetime.datetime(2025, 7, 14, 8, 0, tzinfo=datetime.UTC)  # 10:00 in Copenhagen
    assert months_ago(summer, 4) == datetime.datetime(2025, 3, 14, 10, 0, tzinfo=CPH)


# Reminders


def test_reminders_at_10_and_11_months_and_hiding_at_12_go_out_once_each(offer, admins):
    assert run(at(10, days=-1)) == {
        "reminded": {10: 0, 11: 0},
        "hidden": 0,
        "without_email": 0,
        "administrators_notified": 0,
        "failed": 0,
    }
    assert mail.outbox == []

    # 10 months: a friendly reminder with the confirmation and the edit link.
    counts = run(at(10))
    assert counts["reminded"] == {10: 1, 11: 0}
    assert len(mail.outbox) == 1
    first = mail.outbox[0]
    assert first.to == [CONTACT]
    assert first.subject == 'Er oplysningerne om "Strikkeklub for sørgende" stadig rigtige?'
    assert CONFIRM_LINK.search(first.body)
    assert EDIT_LINK.search(first.body)
    assert "14. marts 2025" in first.body
    assert "&" not in first.body  # not HTML-escaped
    assert "i 120 dage" in first.body
    assert "http://testserver/kolding/\n" in first.body  # whom to ask
    assert (fresh(offer).review_reminders_sent, fresh(offer).stale_since) == (1, None)

    # The daily run the same day and the next day sends nothing more.
    assert run(at(10, hours=8))["reminded"] == {10: 0, 11: 0}
    assert run(at(10, days=1)) and mail.outbox == []

    # 11 months: the second reminder says when the offer will be hidden.
    counts = run(at(11))
    assert counts["reminded"] == {10: 0, 11: 1}
    assert [m.to for m in mail.outbox] == [[CONTACT]]
    assert mail.outbox[0].subject.startswith("Påmindelse:")
    assert "14. marts 2026" in mail.outbox[0].body
    assert CONFIRM_LINK.search(mail.outbox[0].body) and EDIT_LINK.search(mail.outbox[0].body)
    run(at(11, hours=6))
    assert mail.outbox == []

    # 12 months: hidden; the contact is told, and Kolding's administrators only.
    counts = run(at(12))
    assert counts == {
        "reminded": {10: 0, 11: 0},
        "hidden": 1,
        "without_email": 0,
        "administrators_notified": 1,
        "failed": 0,
    }
    assert len(mail.outbox) == 2
    to_contact, to_admins = mail.outbox
    assert to_contact.to == [CONTACT]
    assert "nu skjult" in to_contact.subject
    assert CONFIRM_LINK.search(to_contact.body) and EDIT_LINK.search(to_contact.body)
    assert to_admins.to == [admins["kolding"].email]
    assert "Strikkeklub for sørgende" in to_admins.subject
    assert CONTACT in to_admins.body
    assert reverse("wagtailadmin_pages:edit", args=[offer.pk]) in to_admins.body
    assert REPORT in to_admins.body
    hidden = fresh(offer)
    assert hidden.review_reminders_sent == 3
    assert hidden.stale_since == at(12)
    assert hidden.live  # hidden, not unpublished or deleted
    assert PageLogEntry.objects.filter(page=offer, action=freshness.LOG_HIDDEN).count() == 1

    # And nothing more, however often it runs.
    for moment in (at(12, hours=5), at(12, days=1), at(13), at(24)):
        assert run(moment)["hidden"] == 0
        assert mail.outbox == []


def test_a_national_offer_is_reported_to_the_national_editors(home, admins):
    with time_machine.travel(T, tick=False):
        national = OfferPageFactory(parent=home, email=CONTACT)
    run(at(12))
    assert sorted(m.to[0] for m in mail.outbox) == [CONTACT, admins["national"].email]
    assert (
        CONFIRM_LINK.search(mail.outbox[0].body)
        .group()
        .startswith(f"http://testserver/opret-tilbud/bekraeft/{national.pk}/")
    )


def test_an_offer_past_several_stages_gets_only_the_latest_mail(offer, kolding_admin):
    counts = run(at(13))
    assert counts["hidden"] == 1 and counts["reminded"] == {10: 0, 11: 0}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([CONTACT, kolding_admin.email])
    assert fresh(offer).review_reminders_sent == 3


def test_an_offer_without_an_email_address_still_moves_on_and_is_hidden(kolding, kolding_admin):
    with time_machine.travel(T, tick=False):
        offer = OfferPageFactory(parent=kolding, email="", phone="12 34 56 78")
    assert contact_emails(offer) == []
    assert run(at(10))["without_email"] == 1
    assert mail.outbox == []
    assert fresh(offer).review_reminders_sent == 1
    run(at(11))
    counts = run(at(12))
    assert counts["hidden"] == 1 and counts["without_email"] == 1
    assert [m.to for m in mail.outbox] == [[kolding_admin.email]]
    assert "ingen e-mail-adresse" in mail.outbox[0].body
    assert "12 34 56 78" in mail.outbox[0].body
    assert fresh(offer).stale_since is not None


def test_contact_is_the_offer_then_the_organisation_then_the_last_submitter(kolding):
    organisation = OrganisationFactory(email="forening@example.org")
    offer = OfferPageFactory(parent=kolding, email="tilbud@example.org", organisation=organisation)
    assert contact_emails(offer) == ["tilbud@example.org"]
    offer.email = ""
    assert contact_emails(offer) == ["forening@example.org"]
    organisation.email = ""
    assert contact_emails(offer) == []
    for when, address in [(1, "gammel@example.org"), (2, "ny@example.org")]:
        Submission.objects.create(
            offer=offer,
            submitter_name="Anna",
            submitter_email=address,
            created_at=T + datetime.timedelta(days=when),
        )
    assert contact_emails(offer) == ["ny@example.org"]


def test_drafts_and_unpublished_offers_get_no_reminders(kolding):
    with time_machine.travel(T, tick=False):
        offer = OfferPageFactory(parent=kolding, email=CONTACT)
        offer.unpublish()
    assert run(at(12))["hidden"] == 0
    assert mail.outbox == []


def test_a_failed_mail_leaves_the_stage_for_the_next_run(offer):
    with mock.patch.object(
        review_reminders, "send_templated_mail", side_effect=SMTPException("nede")
    ):
        assert run(at(10))["failed"] == 1
    assert fresh(offer).review_reminders_sent == 0
    assert run(at(10, days=1))["reminded"][10] == 1
    assert len(mail.outbox) == 1


@override_settings(SOCIALKOMPAS_REVIEW_REMINDER_MONTHS=(5,), SOCIALKOMPAS_HIDE_AFTER_MONTHS=6)
def test_the_months_are_settings(offer):
    assert run(at(5))["reminded"] == {5: 1}
    assert run(at(6))["hidden"] == 1


def test_the_command_prints_a_danish_summary(offer):
    import io

    out = io.StringIO()
    with time_machine.travel(at(10), tick=False):
        call_command("send_review_reminders", stdout=out)
    assert "Påmindelse efter 10 måneder: 1 tilbud" in out.getvalue()
    assert "Skjult som forældede: 0 tilbud" in out.getvalue()
    assert len(mail.outbox) == 1


# Hidden everywhere citizens look


def featured_on_front_page(kolding, offer):
    from home.models import MunicipalityPage

    page = MunicipalityPage.objects.get(pk=kolding.pk)
    page.body = [{"type": "offers", "value": {"heading": "Vi anbefaler", "offers": [offer.pk]}}]
    page.save_revision().publish()


def public_places(client, offer):
    """Where a citizen could come across ``offer``; True for each place it shows."""
    front = client.get("/kolding/").content.decode()
    return {
        "kolding search": offer.title
        in client.get("/kolding/soeg/?q=strikkeklub").content.decode(),
        "kolding list": offer.title in client.get("/kolding/soeg/").content.decode(),
        "national search": offer.title in client.get("/soeg/?q=strikkeklub").content.decode(),
        "life situation": offer.title
        in client.get("/kolding/soeg/?life_situation=sorg").content.decode(),
        "front page": offer.title in front,
        "life situation count": "?life_situation=sorg" in front,
        "offer page": client.get(offer.url).status_code == 200,
    }


def test_a_hidden_offer_is_gone_from_search_and_public_pages_until_confirmed(
    client, offer, kolding, admins
):
    featured_on_front_page(kolding, offer)
    assert all(public_places(client, offer).values()), public_places(client, offer)

    run(at(10))
    run(at(11))
    assert all(public_places(client, offer).values())  # reminders do not hide

    run(at(12))
    assert not any(public_places(client, offer).values()), public_places(client, offer)
    assert client.get(offer.url).status_code == 404

    # Listed for Kolding's administrators and the national editors, not for Mariagerfjord's.
    for who, listed in [("kolding", True), ("national", True), ("mariagerfjord", False)]:
        response = client_for(admins[who]).get(REPORT)
        assert response.status_code == 200
        assert (offer.title in response.content.decode()) is listed, who

    # A Kolding administrator confirms it from the report: it is back.
    kolding_client = client_for(admins["kolding"])
    confirm_url = reverse("socialkompas_freshness_report_confirm", args=[offer.pk])
    assert f'action="{confirm_url}"' in kolding_client.get(REPORT).content.decode()
    revisions = offer.revisions.count()
    with time_machine.travel(at(12, days=3), tick=False):
        response = kolding_client.post(confirm_url, {"next": REPORT}, follow=True)
    assert response.redirect_chain == [(REPORT, 302)]
    assert "vises igen" in response.content.decode()
    confirmed = fresh(offer)
    assert confirmed.last_confirmed_at == at(12, days=3)
    assert (confirmed.review_reminders_sent, confirmed.stale_since) == (0, None)
    assert confirmed.revisions.count() == revisions
    entry = PageLogEntry.objects.get(page=offer, action=freshness.LOG_CONFIRMED)
    assert entry.user == admins["kolding"] and entry.data["via"] == "admin"
    assert all(public_places(client, offer).values())
    assert offer.title not in client_for(admins["national"]).get(REPORT).content.decode()


def test_only_who_may_moderate_the_offer_can_confirm_it_in_the_admin(offer, admins):
    run(at(12))
    confirm_url = reverse("socialkompas_freshness_report_confirm", args=[offer.pk])
    response = client_for(admins["mariagerfjord"]).post(confirm_url)
    assert response.status_code == 403
    assert fresh(offer).stale_since is not None
    assert client_for(admins["kolding"]).get(confirm_url).status_code == 405
    response = client_for(admins["national"]).post(confirm_url, {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == REPORT
    assert fresh(offer).stale_since is None


def test_the_report_lists_offers_with_reminders_out_and_the_menu_shows_it(offer, admins):
    run(at(10))
    html = client_for(admins["kolding"]).get(REPORT).content.decode()
    assert offer.title in html and "1 påmindelse sendt" in html
    assert "påmindelser efter 10 og 11 måneder; efter 12 måneder skjules" in html
    assert CONTACT in html
    dashboard = client_for(admins["kolding"]).get(reverse("wagtailadmin_home"))
    assert REPORT in dashboard.content.decode()  # in the Reports menu


def test_the_report_is_not_for_users_without_a_role(offer, django_user_model):
    from django.contrib.auth.models import Permission

    run(at(12))
    user = django_user_model.objects.create_user("nogen", "nogen@example.org", "x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = client_for(user)
    assert REPORT not in client.get(reverse("wagtailadmin_home")).content.decode()
    # Wagtail's answer to PermissionDenied in the admin: back to the dashboard with a message.
    response = client.get(REPORT)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    confirm_url = reverse("socialkompas_freshness_report_confirm", args=[offer.pk])
    assert client.post(confirm_url).status_code == 403
    assert fresh(offer).stale_since is not None


def stale_offers(kolding, home, n):
    with time_machine.travel(T, tick=False):
        for _ in range(n):
            OfferPageFactory(parent=kolding, email=CONTACT)
            OfferPageFactory(parent=home)
    OfferPage.objects.update(stale_since=at(12), review_reminders_sent=3)


#: Queries of the report, however many offers it lists.
REPORT_QUERIES = {"kolding": 15, "national": 14}


@pytest.mark.parametrize("who", ["kolding", "national"])
def test_report_query_count_does_not_grow_with_rows(kolding, home, admins, who):
    client = client_for(admins[who])
    stale_offers(kolding, home, 2)
    client.get(REPORT)  # warm per-process caches

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(REPORT)
        assert response.status_code == 200
        return len(queries), response.content.decode().count('name="next"')

    small, small_rows = count()
    stale_offers(kolding, home, 8)
    large, large_rows = count()
    expected_rows = (2, 10) if who == "kolding" else (4, 20)
    assert (small_rows, large_rows) == expected_rows
    assert small == large == REPORT_QUERIES[who], f"{small} then {large} queries"


# The confirmation link


@pytest.fixture
def reminded(offer):
    """The offer after its 10-month reminder, and the confirmation link from that mail."""
    run(at(10))
    link = CONFIRM_LINK.search(mail.outbox[0].body).group()
    return fresh(offer), path_of(link)


def test_the_mail_links_are_those_of_the_offers_subsite(offer):
    assert path_of(confirm_link(offer)).startswith(f"/kolding/opret-tilbud/bekraeft/{offer.pk}/")
    assert path_of(edit_link(offer)).startswith(f"/kolding/opret-tilbud/ret/{offer.pk}/")
    assert confirm_link(offer).startswith("http://testserver/")


def opened(client, link):
    """Open the mailed ``link``: it redirects (303) to its address without the token."""
    response = client.get(link)
    assert response.status_code == 303
    assert response["Location"] == link.rstrip("/").rsplit("/", 1)[0] + "/"
    return response["Location"]


def confirm_through(client, link):
    """Open the mailed ``link`` and press the button; the answer after the redirect."""
    return client.post(opened(client, link), follow=True)


def test_confirm_link_get_changes_nothing_post_confirms_once(reminded):
    offer, link = reminded
    client = Client(enforce_csrf_checks=True)
    revisions = offer.revisions.count()

    with time_machine.travel(at(10, days=2), tick=False):
        page = opened(client, link)
        response = client.get(page)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Ja, oplysningerne er stadig rigtige" in html
        assert offer.title in html
        assert 'name="csrfmiddlewaretoken"' in html
        assert "no-cache" in response["Cache-Control"]
        unchanged = fresh(offer)
        assert unchanged.last_confirmed_at == T
        assert unchanged.review_reminders_sent == 1

        # Without the CSRF token nothing happens.
        assert client.post(page).status_code == 403
        assert fresh(offer).last_confirmed_at == T

        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        response = client.post(page, {"csrfmiddlewaretoken": token})
        assert (response.status_code, response["Location"]) == (303, page)
        response = client.get(page)
        assert response.status_code == 200
        assert "Tak for hjælpen" in response.content.decode()
        assert "vist igen" not in response.content.decode()

    confirmed = fresh(offer)
    assert confirmed.last_confirmed_at == at(10, days=2)
    assert (confirmed.review_reminders_sent, confirmed.stale_since) == (0, None)
    assert confirmed.revisions.count() == revisions
    assert PageLogEntry.objects.get(page=offer, action=freshness.LOG_CONFIRMED).user is None

    # The same link again: refused, and nothing changes.
    with time_machine.travel(at(10, days=3), tick=False):
        again = client.post(link, {"csrfmiddlewaretoken": token})
        assert again.status_code == 403
        assert "Linket virker ikke" in again.content.decode()
        assert "Du behøver ikke gøre mere" in again.content.decode()
        assert client.get(link).status_code == 403
    assert fresh(offer).last_confirmed_at == at(10, days=2)

    # The clock restarted: the next reminder is 10 months after the confirmation.
    assert run(add_months(at(10, days=2), 10) - datetime.timedelta(days=1))["reminded"][10] == 0
    assert run(add_months(at(10, days=2), 10) + datetime.timedelta(hours=1))["reminded"][10] == 1


def test_confirming_a_hidden_offer_shows_it_again(client, offer):
    run(at(12))
    link = path_of(CONFIRM_LINK.search(mail.outbox[0].body).group())
    with time_machine.travel(at(12, days=20), tick=False):
        assert client.get(offer.url).status_code == 404
        assert "skjult lige nu" in client.get(link, follow=True).content.decode()
        response = client.post(opened(client, link), follow=True)
        assert response.status_code == 200
        assert "Nu kan borgerne finde det igen" in response.content.decode()
        assert client.get(offer.url).status_code == 200


def test_a_link_from_an_earlier_reminder_still_works_after_hiding(client, offer):
    run(at(10))
    link = path_of(CONFIRM_LINK.search(mail.outbox[0].body).group())
    run(at(12))
    with time_machine.travel(at(12, days=1), tick=False):
        assert "Tak for hjælpen" in confirm_through(client, link).content.decode()
    assert fresh(offer).stale_since is None


def confirm_path(offer, token, scope="kolding"):
    prefix = f"/{scope}" if scope else ""
    return f"{prefix}/opret-tilbud/bekraeft/{offer.pk}/{token}/"


def test_refused_links(client, reminded, kolding, home, mariagerfjord):
    offer, link = reminded
    with time_machine.travel(at(10, days=1), tick=False):
        check_refused_links(client, offer, link, kolding)


def check_refused_links(client, offer, link, kolding):
    token = link.rstrip("/").rsplit("/", 1)[1]
    other = OfferPageFactory(parent=kolding)
    refused = {
        "tampered": confirm_path(offer, token[:-2] + ("AA" if token[-2:] != "AA" else "BB")),
        "garbage": confirm_path(offer, "ikke-et-token"),
        "other offer's token": confirm_path(
            offer, make_token(other.pk, "confirm", bound_to=confirm_binding(other))
        ),
        "edit token": confirm_path(
            offer, make_token(offer.pk, "edit", bound_to=confirm_binding(offer))
        ),
        "edit link's token": confirm_path(offer, make_token(offer.pk, "edit")),
    }
    for name, url in refused.items():
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 403, name
            html = response.content.decode()
            assert "Linket virker ikke" in html, name
            assert "nyeste e-mail" in html, name
    assert fresh(offer).review_reminders_sent == 1

    # This offer's token in another offer's address; that offer has had no reminder, so the
    # page says there is nothing to do.
    response = client.post(confirm_path(other, token))
    assert response.status_code == 403
    assert "Du behøver ikke gøre mere" in response.content.decode()
    assert fresh(other).last_confirmed_at == other.last_confirmed_at

    # The right token under another subsite: not found there.
    assert client.get(confirm_path(offer, token, scope="mariagerfjord")).status_code == 404
    assert client.get(confirm_path(offer, token, scope="")).status_code == 404
    assert client.get(confirm_path(offer, token).replace(str(offer.pk), "999999")).status_code == (
        404
    )
    assert fresh(offer).review_reminders_sent == 1


def test_an_expired_link_is_refused(client, reminded, settings):
    offer, link = reminded
    max_days = settings.SOCIALKOMPAS_LINK_MAX_AGE_DAYS["confirm"]
    with time_machine.travel(at(10, days=max_days + 1), tick=False):
        response = client.post(link)
    assert response.status_code == 410
    assert "for gammelt" in response.content.decode()
    assert fresh(offer).last_confirmed_at == T
    with time_machine.travel(at(10, days=max_days - 1), tick=False):
        assert "Tak for hjælpen" in confirm_through(client, link).content.decode()


def test_a_draft_saved_before_the_confirmation_does_not_turn_the_clock_back(client, offer):
    with time_machine.travel(T + datetime.timedelta(days=30), tick=False):
        draft = fresh(offer)
        draft.summary = "Vi strikker og taler om dem, vi har mistet."
        revision = draft.save_revision()
    revisions = offer.revisions.count()

    run(at(12))
    link = path_of(CONFIRM_LINK.search(mail.outbox[0].body).group())
    with time_machine.travel(at(12, days=1), tick=False):
        assert "Tak for hjælpen" in confirm_through(client, link).content.decode()
    assert offer.revisions.count() == revisions  # confirming made no revision

    with time_machine.travel(at(12, days=2), tick=False):
        # As the admin and the workflow do: the revision loaded afresh, then published.
        Revision.objects.get(pk=revision.pk).publish()
    published = fresh(offer)
    assert published.summary == "Vi strikker og taler om dem, vi har mistet."
    assert published.last_confirmed_at == at(12, days=1)
    assert (published.review_reminders_sent, published.stale_since) == (0, None)


def test_confirmation_page_answers_get_and_post_only(client, reminded):
    offer, link = reminded
    with time_machine.travel(at(10, days=1), tick=False):
        assert client.put(link).status_code == 405
    assert fresh(offer).review_reminders_sent == 1


def test_an_offer_confirmed_while_the_run_is_under_way_is_left_alone(offer):
    read_by_the_run = fresh(offer)
    with time_machine.travel(at(12), tick=False):
        fresh(offer).mark_confirmed()
        advanced = review_reminders._advance(
            read_by_the_run, 3, contact_emails(read_by_the_run), [10, 11, 12], at(12), {}
        )
        assert advanced == (None, 0)
    assert fresh(offer).stale_since is None
    assert mail.outbox == []
