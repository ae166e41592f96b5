"""“Fejl i opslaget?”: a citizen reports an error on an offer; it reaches only those who answer
for the offer (that municipality's local administrators, national editors for a national
offer) and they handle it in the admin, which shows each of them only their own reports."""

import html
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from offers.models import ErrorReport
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/offers/errorreport/"

#: Queries of the form page (GET) once per-process caches are warm. Wagtail's routing: the site,
#: the locale, the root, the municipality, the offer and the view restrictions (2); then the
#: offer's municipality (header), the breadcrumb trail and the site settings (the form's
#: privacy link; the footer's come from the cache).
FORM_PAGE_QUERIES = 11  # 12 until the footer's settings came from the cache


def edit_url(report):
    return f"/admin/offers/errorreport/edit/{report.pk}/"


def inspect_url(report):
    return f"/admin/offers/errorreport/inspect/{report.pk}/"


def report_url(offer):
    return offer.url + "fejl/"


@pytest.fixture
def kolding_offer(kolding):
    return OfferPageFactory(parent=kolding, title="Sorggruppe i Kolding")


@pytest.fixture
def mariagerfjord_offer(mariagerfjord):
    return OfferPageFactory(parent=mariagerfjord, title="Strikkeklub i Mariagerfjord")


@pytest.fixture
def national_offer(home):
    return OfferPageFactory(parent=home, title="Chatrådgivning for unge")


@pytest.fixture
def everyone(kolding_admin, mariagerfjord_admin, national_editor):
    """One user of each role, so a mail to the wrong people would have somewhere to go."""
    return {
        "kolding": kolding_admin,
        "mariagerfjord": mariagerfjord_admin,
        "national": national_editor,
    }


def valid_data(**changes):
    data = {
        "message": "Telefonnummeret virker ikke længere.",
        "contact_name": "Karen Jensen",
        "contact_email": "karen@example.org",
        "hjemmeside_url": "",
    }
    data.update(changes)
    return data


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


class FormParser(HTMLParser):
    """The form controls of a page, the ids labels point to, and whether there is script."""

    def __init__(self):
        super().__init__()
        self.controls = []
        self.label_targets = set()
        self.forms = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "textarea", "select") and attrs.get("type") != "hidden":
            self.controls.append(attrs)
        elif tag == "label" and attrs.get("for"):
            self.label_targets.add(attrs["for"])
        elif tag == "form":
            self.forms.append(attrs)
        elif tag == "script" and not attrs.get("src"):
            # Scripts from static files (dkfds, loaded with defer) only enhance; no inline script.
            self.scripts += 1


def parse(response):
    parser = FormParser()
    parser.feed(response.content.decode())
    return parser


def report_form(parser):
    return next(form for form in parser.forms if form.get("method") == "post")


# The public form


def test_offer_page_links_to_the_form(client, kolding_offer):
    html_text = client.get(kolding_offer.url).content.decode()
    assert f'href="{report_url(kolding_offer)}"' in html_text
    assert "Fejl i opslaget? Giv os besked" in html_text


def test_form_page_works_without_javascript_and_labels_every_input(client, kolding_offer):
    response = client.get(report_url(kolding_offer))
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Fejl i opslaget?" in text and "Sorggruppe i Kolding" in text
    assert "(valgfrit)" in text  # contact fields say they are optional ...
    assert "kun til det" in text  # ... and what they are used for
    assert 'class="visually-hidden-honeypot" aria-hidden="true"' in text
    assert "style=" not in text
    parser = parse(response)
    assert parser.scripts == 0
    form = report_form(parser)
    assert form["action"] == report_url(kolding_offer)  # a plain POST back to this address
    names = {control["name"] for control in parser.controls}
    assert {"message", "contact_name", "contact_email", "hjemmeside_url"} <= names
    unlabelled = [c["name"] for c in parser.controls if c.get("id") not in parser.label_targets]
    assert unlabelled == []


def test_form_page_query_count_is_fixed(client, kolding_offer):
    url = report_url(kolding_offer)
    client.get(url)  # warm per-process caches (site root paths, settings)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries) == FORM_PAGE_QUERIES, "\n".join(q["sql"] for q in queries)


def test_valid_report_is_saved_and_mailed_to_that_municipalitys_admins_only(
    client, kolding_offer, mariagerfjord_offer, everyone, kolding
):
    second_kolding_admin = get_user_model().objects.create_user(
        "kolding-2", "kolding-2@example.org", "x"
    )
    second_kolding_admin.groups.add(kolding.admin_group)

    response = client.post(report_url(kolding_offer), valid_data())

    assert response.status_code == 303
    assert response["Location"] == report_url(kolding_offer) + "?sendt=1"
    report = ErrorReport.objects.get()
    assert report.offer_id == kolding_offer.pk
    assert report.message == "Telefonnummeret virker ikke længere."
    assert (report.contact_name, report.contact_email) == ("Karen Jensen", "karen@example.org")
    assert report.status == ErrorReport.Status.OPEN and report.resolved_at is None

    assert recipients() == ["kolding-2@example.org", "kolding-admin@example.org"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Sorggruppe i Kolding" in message.subject
    for text in [
        "Sorggruppe i Kolding",
        "Telefonnummeret virker ikke længere.",
        "Karen Jensen, karen@example.org",
        f"http://testserver{kolding_offer.url}",
        f"http://testserver{edit_url(report)}",
    ]:
        assert text in message.body, text
    assert "Mariagerfjord" not in message.body
    assert "&" not in message.body  # plain text, not HTML-escaped

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Tak for din besked" in thanks.content.decode()


def test_report_on_a_national_offer_goes_to_national_editors_only(client, national_offer, everyone):
    response = client.post(
        report_url(national_offer), valid_data(contact_name="", contact_email="")
    )
    assert response.status_code == 303
    assert ErrorReport.objects.get().offer_id == national_offer.pk
    assert recipients() == ["redaktoer@example.org"]
    assert "ikke oplyst" in mail.outbox[0].body


def test_mariagerfjord_report_does_not_reach_kolding(client, mariagerfjord_offer, everyone):
    client.post(report_url(mariagerfjord_offer), valid_data())
    assert recipients() == ["mariagerfjord-admin@example.org"]
    assert "Kolding" not in mail.outbox[0].body


def assert_nothing_sent():
    assert ErrorReport.objects.count() == 0
    assert mail.outbox == []


def assert_kept(text, data):
    for name in ("contact_name", "contact_email"):
        if data.get(name):
            assert f'value="{html.escape(data[name])}"' in text, name
    if data.get("message"):
        assert html.escape(data["message"]) in text


def test_missing_message_is_refused_in_danish_and_keeps_the_rest(client, kolding_offer, everyone):
    data = valid_data(message="   ")
    response = client.post(report_url(kolding_offer), data)

    assert response.status_code == 400
    text = response.content.decode()
    assert "Skriv, hvad der er forkert i opslaget." in text
    assert_kept(text, data)
    assert_nothing_sent()
    # The summary at the top announces itself and links to the field ...
    assert 'role="alert"' in text
    assert (
        '<a href="#id_message">Hvad er forkert?: Skriv, hvad der er forkert i opslaget.</a>' in text
    )
    assert "<title>Fejl: " in text
    # ... and the field says what is wrong, tied to it for screen readers.
    assert 'id="id_message_error"' in text
    assert 'aria-describedby="id_message_helptext id_message_error"' in text
    assert 'aria-invalid="true"' in text


def test_malformed_email_is_refused_and_keeps_the_message(client, kolding_offer, everyone):
    data = valid_data(contact_email="karen@", message="Adressen er forkert: <Vejen 3> & 5.")
    response = client.post(report_url(kolding_offer), data)

    assert response.status_code == 400
    text = response.content.decode()
    assert "Skriv en gyldig e-mailadresse, fx navn@eksempel.dk" in text
    assert '<a href="#id_contact_email">' in text
    assert_kept(text, data)
    assert_nothing_sent()


def test_too_long_message_is_refused_and_kept_whole(client, kolding_offer, everyone):
    data = valid_data(message="x" * 2001)
    response = client.post(report_url(kolding_offer), data)

    assert response.status_code == 400
    text = response.content.decode()
    assert "Beskeden må højst være på 2000 tegn. Du har skrevet 2001 tegn" in text
    assert "x" * 2001 in text  # nothing cut off ...
    fields = [
        c
        for c in parse(response).controls
        if c["name"] in ("message", "contact_name", "contact_email")
    ]
    assert [c for c in fields if "maxlength" in c] == []  # nor will a browser cut pasted text
    assert_nothing_sent()


def test_line_breaks_count_as_one_character(client, kolding_offer, everyone):
    message = "\r\n".join(["y" * 99] * 20)  # 2000 characters with single-character breaks
    response = client.post(report_url(kolding_offer), valid_data(message=message))
    assert response.status_code == 303
    assert len(ErrorReport.objects.get().message) == 1999


def test_honeypot_refuses_neutrally_and_keeps_what_was_typed(client, kolding_offer, everyone):
    data = valid_data(hjemmeside_url="http://spam.example")
    response = client.post(report_url(kolding_offer), data)

    assert response.status_code == 400
    text = response.content.decode()
    assert "Vi kunne ikke modtage din besked. Prøv at sende den igen." in text
    assert_kept(text, data)
    assert "spam.example" not in text  # emptied, so a person can simply send again
    assert_nothing_sent()


def test_rate_limit_refuses_in_danish_and_keeps_what_was_typed(
    client, kolding_offer, everyone, settings
):
    settings.SOCIALKOMPAS_FORM_RATE_LIMITS = {"error_report": "2/h", "submit_offer": "10/h"}
    cache.clear()
    url = report_url(kolding_offer)
    # A correction of a mistake does not count against the budget.
    assert client.post(url, valid_data(message="")).status_code == 400
    assert client.post(url, valid_data(message="Første")).status_code == 303
    assert client.post(url, valid_data(message="Anden")).status_code == 303

    data = valid_data(message="Tredje fejlmelding")
    response = client.post(url, data)

    assert response.status_code == 429
    text = response.content.decode()
    assert "Der er sendt mange fejlmeldinger fra din forbindelse på kort tid." in text
    assert_kept(text, data)
    assert ErrorReport.objects.count() == 2
    assert len(mail.outbox) == 2


def test_too_large_body_is_refused_with_a_danish_page(client, kolding_offer, everyone, settings):
    data = valid_data(message="z" * (settings.SOCIALKOMPAS_MAX_FORM_BYTES + 1))
    response = client.post(report_url(kolding_offer), data)

    assert response.status_code == 413
    assert "Det, du sendte, var for stort" in response.content.decode()
    assert_nothing_sent()


def test_a_failing_mail_server_does_not_lose_the_report(client, kolding_offer, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("offers.error_reports.send_templated_mail", broken)
    response = client.post(report_url(kolding_offer), valid_data())
    assert response.status_code == 303
    assert ErrorReport.objects.count() == 1


def test_hidden_stale_offer_has_no_form(client, kolding_offer):
    from django.utils import timezone

    kolding_offer.stale_since = timezone.now()
    kolding_offer.save(update_fields=["stale_since"])
    assert client.get(report_url(kolding_offer)).status_code == 404
    assert client.post(report_url(kolding_offer), valid_data()).status_code == 404
    assert ErrorReport.objects.count() == 0


# The admin


@pytest.fixture
def reports(kolding_offer, mariagerfjord_offer, national_offer):
    return {
        "kolding": ErrorReport.objects.create(offer=kolding_offer, message="Forkert adresse"),
        "mariagerfjord": ErrorReport.objects.create(
            offer=mariagerfjord_offer, message="Lukket for altid"
        ),
        "national": ErrorReport.objects.create(offer=national_offer, message="Forkert tid"),
    }


def admin_client(user):
    client = Client()
    client.force_login(user)
    return client


def listed(client, report, **params):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return report.offer.title in response.content.decode()


def test_local_admin_sees_and_resolves_own_reports_only(reports, kolding_admin):
    client = admin_client(kolding_admin)
    own, other = reports["kolding"], reports["mariagerfjord"]

    assert listed(client, own)
    assert not listed(client, other)
    assert not listed(client, reports["national"])
    assert client.get(edit_url(own)).status_code == 200
    assert client.get(inspect_url(own)).status_code == 200

    response = client.post(edit_url(own), {"status": "resolved", "message": "Ændret"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == ErrorReport.Status.RESOLVED
    assert own.resolved_at is not None
    assert own.message == "Forkert adresse"  # read-only: only the status is edited
    assert listed(client, own, status__exact="resolved")
    assert not listed(client, own, status__exact="open")

    client.post(edit_url(own), {"status": "open"})
    own.refresh_from_db()
    assert (own.status, own.resolved_at) == (ErrorReport.Status.OPEN, None)


def test_local_admin_cannot_open_or_change_another_municipalitys_report(reports, kolding_admin):
    client = admin_client(kolding_admin)
    other = reports["mariagerfjord"]
    for url in (
        edit_url(other),
        inspect_url(other),
        f"/admin/offers/errorreport/delete/{other.pk}/",
    ):
        assert client.get(url).status_code in (302, 403), url
    client.post(edit_url(other), {"status": "resolved"})
    other.refresh_from_db()
    assert other.status == ErrorReport.Status.OPEN
    text = client.get(LIST_URL).content.decode()
    assert "Lukket for altid" not in text and "Mariagerfjord" not in text


def test_local_admin_cannot_add_or_delete_reports(reports, kolding_admin):
    client = admin_client(kolding_admin)
    own = reports["kolding"]
    assert client.get("/admin/offers/errorreport/create/").status_code in (302, 403)
    assert client.post(f"/admin/offers/errorreport/delete/{own.pk}/").status_code in (302, 403)
    assert ErrorReport.objects.filter(pk=own.pk).exists()


def test_national_editor_sees_every_report_and_filters_by_municipality(
    reports, national_editor, kolding
):
    client = admin_client(national_editor)
    for report in reports.values():
        assert listed(client, report)
        assert client.get(edit_url(report)).status_code == 200
    assert listed(client, reports["kolding"], kommune=kolding.pk)
    assert not listed(client, reports["mariagerfjord"], kommune=kolding.pk)
    assert listed(client, reports["national"], kommune="national")
    assert not listed(client, reports["kolding"], kommune="national")
    assert listed(client, reports["mariagerfjord"], q="Lukket")
    assert not listed(client, reports["kolding"], q="Lukket")


def test_menu_shows_error_reports_to_local_admins(reports, kolding_admin):
    text = admin_client(kolding_admin).get("/admin/").content.decode()
    assert "Fejlmeldinger" in text


def test_an_open_report_shows_no_none_as_resolved_date(reports, kolding_admin):
    """An open report's read-only "Løst" field shows a dash, not Wagtail's "None"."""
    page = admin_client(kolding_admin).get(edit_url(reports["kolding"])).content.decode()
    outputs = re.findall(r'<div class="w-field__textoutput"[^>]*>\s*(.*?)\s*</div>', page, re.S)
    assert "–" in outputs
    assert "None" not in outputs
