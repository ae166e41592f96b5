"""Associations submit and update offers through the public form, without an account."""

import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import TaskState, WorkflowState

from offers.models import OfferPage, Organisation, Submission
from offers.tokens import make_token
from tests.admin_helpers import workflow_action_url
from tests.offers.factories import OfferPageFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/kolding/opret-tilbud/"


def valid_data(**changes):
    data = {
        "title": "Læsekreds for nye danskere",
        "summary": "Vi læser lette bøger på dansk sammen og snakker om dem.",
        "description": "Vi mødes hver onsdag.\n\nAlle er velkomne.",
        "life_situations": ["integration", "faellesskab"],
        "target_groups": ["voksne"],
        "offer_kinds": ["faellesskab"],
        "age_min": "18",
        "age_max": "",
        "formats": ["fysisk"],
        "address": "Slotsgade 5",
        "postcode": "6000",
        "city": "Kolding",
        "schedule": "Onsdage kl. 16-18",
        "accessible": "ja",
        "price": "gratis",
        "price_note": "",
        "registration_required": "nej",
        "anonymous": "nej",
        "languages": ["da", "uk"],
        "phone": "+45 12 34 56 78",
        "email": "laesekreds@example.org",
        "website": "https://example.org/laesekreds",
        "organisation": "",
        "new_organisation_name": "Læselysten Kolding",
        "new_organisation_type": "1",
        "new_organisation_cvr": "",
        "submitter_name": "Birthe Jensen",
        "submitter_email": "birthe@example.org",
        "submitter_phone": "",
        "eligibility_organisation": "on",
        "eligibility_not_political": "on",
        "eligibility_free": "on",
        "eligibility_denmark": "on",
        "privacy_consent": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def forening_type():
    from offers.models import ProviderType

    return str(ProviderType.objects.get(slug="forening").pk)


def submit(client, **changes):
    return client.post(URL, valid_data(**changes))


def edit_url_in(message):
    return re.search(r"http://testserver(/\S+/opret-tilbud/ret/\S+/)", message.body).group(1)


def test_full_flow_submit_approve_live_and_searchable(
    client, kolding, kolding_admin, mariagerfjord_admin, forening_type,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # approvers are mailed on commit
        response = submit(client, new_organisation_type=forening_type)
    assert response.status_code == 302 and response.url.startswith(URL + "?sendt=1&kvittering=")
    receipt = client.get(response.url).content.decode()
    assert "Tak – vi har modtaget det" in receipt
    assert (
        "Tak! Vi har modtaget »Læsekreds for nye danskere«. Vi har sendt en kvittering og et "
        "link til at rette tilbuddet til b•••@e•••.org." in receipt
    )
    assert "birthe@example.org" not in receipt

    offer = OfferPage.objects.get(title="Læsekreds for nye danskere")
    assert offer.get_parent().specific == kolding and offer.municipality == kolding
    assert not offer.live
    assert offer.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert {s.slug for s in offer.life_situations.all()} == {"integration", "faellesskab"}
    assert {lang.code for lang in offer.languages.all()} == {"da", "uk"}
    assert offer.organisation.name == "Læselysten Kolding"
    assert offer.organisation.municipality == kolding
    submission = Submission.objects.get(offer=offer)
    assert (submission.submitter_name, submission.submitter_email) == (
        "Birthe Jensen",
        "birthe@example.org",
    )

    receipt = next(m for m in mail.outbox if m.to == ["birthe@example.org"])
    assert receipt.subject == (
        'Kvittering: "Læsekreds for nye danskere" er sendt til Socialkompas Kolding'
    )
    assert "Du kan rette tilbuddet her" in receipt.body
    assert edit_url_in(receipt).startswith("/kolding/opret-tilbud/ret/")
    approvers = [m for m in mail.outbox if m.to == ["kolding-admin@example.org"]]
    assert len(approvers) == 1
    assert not [m for m in mail.outbox if "mariagerfjord-admin@example.org" in m.to]

    mail.outbox.clear()
    client.force_login(kolding_admin)
    task_state = TaskState.objects.get(workflow_state__object_id=str(offer.pk))
    client.post(workflow_action_url(offer, "approve", task_state), {})
    offer.refresh_from_db()
    assert offer.live
    client.logout()
    assert client.get(offer.url).status_code == 200
    search = client.get("/kolding/soeg/", {"q": "læsekreds"})
    assert "Læsekreds for nye danskere" in search.content.decode()

    [approved] = [m for m in mail.outbox if m.to == ["birthe@example.org"]]
    assert approved.subject == (
        '"Læsekreds for nye danskere" er godkendt og kan nu findes på Socialkompas'
    )
    assert "http://testserver/kolding/laesekreds-for-nye-danskere/" in approved.body
    submission.refresh_from_db()
    assert submission.closed_at is not None


@pytest.mark.parametrize(
    ("action", "subject", "closed"),
    [
        ("reject", '"Læsekreds for nye danskere" kan ikke komme på Socialkompas', True),
        ("request_changes", 'Kommunen beder dig rette "Læsekreds for nye danskere"', False),
    ],
)
def test_rejection_and_request_for_changes_mail_the_comment(
    client, kolding, kolding_admin, forening_type, action, subject, closed
):
    submit(client, new_organisation_type=forening_type)
    offer = OfferPage.objects.get(title="Læsekreds for nye danskere")
    mail.outbox.clear()
    client.force_login(kolding_admin)
    task_state = TaskState.objects.get(workflow_state__object_id=str(offer.pk))
    client.post(workflow_action_url(offer, action, task_state), {"comment": "Skriv adressen."})

    [message] = [m for m in mail.outbox if m.to == ["birthe@example.org"]]
    assert message.subject == subject
    assert '"Skriv adressen."' in message.body
    assert (Submission.objects.get(offer=offer).closed_at is not None) is closed
    offer.refresh_from_db()
    assert not offer.live


def test_edit_link_update_waits_for_approval(client, kolding, kolding_admin, forening_type):
    submit(client, new_organisation_type=forening_type)
    offer = OfferPage.objects.get(title="Læsekreds for nye danskere")
    receipt = next(m for m in mail.outbox if m.to == ["birthe@example.org"])
    edit_url = edit_url_in(receipt)
    client.force_login(kolding_admin)
    client.post(
        workflow_action_url(offer, "approve", TaskState.objects.get(status="in_progress")), {}
    )
    client.logout()

    opened = client.get(edit_url)
    assert opened.status_code == 303
    edit_url = opened["Location"]  # the same address without the token, granted to this session
    assert edit_url == f"/kolding/opret-tilbud/ret/{offer.pk}/"
    form = client.get(edit_url)
    assert form.status_code == 200
    html = form.content.decode()
    assert 'value="Læsekreds for nye danskere"' in html and "Slotsgade 5" in html

    mail.outbox.clear()
    response = client.post(
        edit_url,
        valid_data(
            title="Læsekreds for nye danskere",
            schedule="Torsdage kl. 16-18",
            organisation=str(offer.organisation_id),
            new_organisation_name="",
            submitter_name="Karim",
            submitter_email="karim@example.org",
        ),
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.schedule == "Onsdage kl. 16-18"  # live version unchanged
    assert offer.has_unpublished_changes
    assert "Onsdage kl. 16-18" in client.get(offer.url).content.decode()
    assert offer.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert Submission.objects.filter(offer=offer, kind="update").count() == 1
    assert any(m.to == ["karim@example.org"] for m in mail.outbox)

    client.force_login(kolding_admin)
    task_state = TaskState.objects.get(status="in_progress")
    client.post(workflow_action_url(offer, "approve", task_state), {})
    offer.refresh_from_db()
    assert offer.schedule == "Torsdage kl. 16-18"


def test_bad_links_are_refused_with_a_clear_page(client, kolding, mariagerfjord, home):
    offer = OfferPageFactory(parent=kolding)
    other = OfferPageFactory(parent=kolding)
    good = make_token(offer.pk, "edit")
    base = f"/kolding/opret-tilbud/ret/{offer.pk}/"

    opened = client.get(base + good + "/")
    assert (opened.status_code, opened["Location"]) == (303, base)
    assert client.get(base).status_code == 200
    tampered = client.get(base + good[:-3] + "abc/")
    assert tampered.status_code == 403
    assert "Linket virker ikke" in tampered.content.decode()
    assert client.get(base + make_token(other.pk, "edit") + "/").status_code == 403
    assert client.get(base + make_token(offer.pk, "confirm") + "/").status_code == 403
    # The right token under another municipality's address does not find the offer.
    assert client.get(f"/mariagerfjord/opret-tilbud/ret/{offer.pk}/{good}/").status_code == 404
    with time_machine.travel("2029-01-01", tick=False):
        expired = client.get(base + good + "/")
    assert expired.status_code == 410
    assert "Linket er for gammelt" in expired.content.decode()
    # Nothing was written by any of it.
    assert offer.revisions.count() == OfferPage.objects.get(pk=offer.pk).revisions.count()


REQUIRED_FIELDS = [
    "title",
    "summary",
    "life_situations",
    "offer_kinds",
    "formats",
    "accessible",
    "price",
    "registration_required",
    "anonymous",
    "submitter_name",
    "submitter_email",
    "eligibility_organisation",
    "eligibility_not_political",
    "eligibility_free",
    "eligibility_denmark",
    "privacy_consent",
]


def assert_nothing_written():
    assert not OfferPage.objects.filter(title__startswith="Læsekreds").exists()
    assert not Submission.objects.filter(offer__title__startswith="Læsekreds").exists()
    assert not Organisation.objects.filter(name="Læselysten Kolding").exists() or (
        OfferPage.objects.filter(organisation__name="Læselysten Kolding").exists()
    )


def assert_values_kept(html):
    assert 'value="Slotsgade 5"' in html
    assert "Vi læser lette bøger på dansk sammen" in html
    assert re.search(r'value="integration"[^>]*checked|checked[^>]*value="integration"', html)


@pytest.mark.parametrize("field", REQUIRED_FIELDS)
def test_each_missing_required_field(client, kolding, forening_type, field):
    response = submit(client, new_organisation_type=forening_type, **{field: None})
    assert response.status_code == 400
    html = response.content.decode()
    form = response.context["form"]
    assert form.errors[field]
    assert f'id="id_{field}_error"' in html
    assert "Ret venligst dette, før du sender igen" in html
    if field not in ("summary", "life_situations", "formats"):
        assert_values_kept(html)
    assert_nothing_written()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"submitter_email": "birthe(at)example"}, "submitter_email", "gyldig e-mailadresse"),
        ({"email": "info@"}, "email", "gyldig e-mailadresse"),
        ({"website": "ikke en adresse"}, "website", "gyldig webadresse"),
        ({"phone": "12"}, "phone", "mindst 8 cifre"),
        ({"age_min": "30", "age_max": "12"}, "age_max", "mindst lige så høj"),
        ({"age_min": "-1"}, "age_min", ""),
        ({"postcode": "60"}, "postcode", "4 cifre"),
        ({"address": ""}, "address", "fysisk fremmøde"),
        ({"summary": "x" * 501}, "summary", "500"),
        ({"new_organisation_name": ""}, "organisation", "Vælg jeres organisation"),
        ({"new_organisation_type": ""}, "new_organisation_type", "hvad slags"),
        ({"new_organisation_cvr": "12ab"}, "new_organisation_cvr", "8 cifre"),
        ({"life_situations": ["findes-ikke"]}, "life_situations", ""),
    ],
)
def test_malformed_input(client, kolding, forening_type, changes, field, message):
    response = submit(client, **{"new_organisation_type": forening_type, **changes})
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert 'value="Birthe Jensen"' in response.content.decode()
    assert_nothing_written()


def test_oversize_body_is_refused(client, kolding, forening_type):
    response = submit(client, new_organisation_type=forening_type, description="ø" * 70_000)
    assert response.status_code == 413
    assert "Det, du sendte, var for stort" in response.content.decode()
    assert_nothing_written()


def test_honeypot(client, kolding, forening_type):
    response = submit(client, new_organisation_type=forening_type, hjemmeside_url="http://spam")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Formularen kunne ikke sendes" in html
    assert_values_kept(html)
    assert_nothing_written()


def test_rate_limit(client, kolding, forening_type, settings):
    settings.SOCIALKOMPAS_FORM_RATE_LIMITS = {"submit_offer": "2/h", "error_report": "2/h"}
    # Posts with mistakes in them do not count: people correcting a typo are not throttled.
    submit(client, new_organisation_type=forening_type, title=None)
    for title in ("Strikkecafé", "Gåtur"):
        assert submit(client, new_organisation_type=forening_type, title=title).status_code == 302
    response = submit(client, new_organisation_type=forening_type)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Vent en time" in html
    assert_values_kept(html)
    assert_nothing_written()


def test_duplicate_warning_then_send_anyway(client, kolding):
    organisation = OrganisationFactory(name="Læselysten Kolding", municipality=kolding)
    OfferPageFactory(parent=kolding, title="Læsekreds for nye dansker", organisation=organisation)
    data = {"organisation": str(organisation.pk), "new_organisation_name": ""}
    warned = submit(client, **data)
    assert warned.status_code == 200
    html = warned.content.decode()
    assert "Findes tilbuddet allerede?" in html and "Læsekreds for nye dansker" in html
    assert not OfferPage.objects.filter(title="Læsekreds for nye danskere").exists()

    sent = submit(client, confirm_duplicate="on", **data)
    assert sent.status_code == 302
    assert OfferPage.objects.filter(title="Læsekreds for nye danskere").exists()


def test_a_new_organisation_with_an_existing_name_is_reused(client, kolding, forening_type):
    existing = OrganisationFactory(name="Læselysten Kolding")
    submit(client, new_organisation_type=forening_type, new_organisation_name="læselysten kolding")
    assert OfferPage.objects.get(title="Læsekreds for nye danskere").organisation == existing
    assert Organisation.objects.filter(name__iexact="Læselysten Kolding").count() == 1


def test_form_page_is_linked_from_the_front_page_and_works_without_javascript(client, kolding):
    front = client.get("/kolding/").content.decode()
    assert 'href="/kolding/opret-tilbud/"' in front
    html = client.get(URL).content.decode()
    # A plain POST form; scripts only as static files that enhance it (no inline script).
    assert '<form method="post"' in html and not re.search(r"<script(?![^>]*\bsrc=)", html)
    for name in REQUIRED_FIELDS:
        assert f'name="{name}"' in html
    inputs = re.findall(r'<(?:input|textarea|select)[^>]*id="(id_[^"]+)"', html)
    for input_id in inputs:
        assert f'for="{input_id}"' in html, input_id


def test_no_submit_form_on_the_national_site(client, home):
    assert client.get("/opret-tilbud/").status_code == 404


def test_form_page_query_count(client, kolding):
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    # 1 of them for the language versions (switcher, hreflang); the site settings once, for the
    # form's privacy link (the footer's come from the cache)
    assert len(queries) == 14, [q["sql"][:80] for q in queries]


def test_error_summary_links_each_error_to_its_field(client, kolding, forening_type):
    response = submit(
        client, new_organisation_type=forening_type, title=None, privacy_consent=None,
        life_situations=None,
    )  # fmt: skip
    html = response.content.decode()
    assert '<a href="#id_title">Tilbuddets navn: Udfyld dette felt.</a>' in html
    # A group of boxes has no label of its own: the link goes to its first box.
    assert '<a href="#id_life_situations_0">Hvad står deltagerne i?: Vælg mindst én.</a>' in html
    assert 'id="id_life_situations_0"' in html
    # A checkbox's label is a whole sentence: the summary gives the message alone.
    assert (
        '<a href="#id_privacy_consent">Sæt kryds for at bekræfte, at du har læst '
        "privatlivspolitikken, og at vi må gemme dit navn og din e-mail. Ellers kan vi ikke "
        "tage imod tilbuddet.</a>" in html
    )
    assert "<title>Fejl: Opret tilbud" in html


# Faults found by bench/faults/ (a worker killed mid-request, a mail server down or slow)


def test_an_offer_is_never_saved_without_its_sender(client, kolding, monkeypatch):
    """The offer and the Submission (who sent it) are one transaction: a worker stopped
    between the two writes left an offer in the queue that nobody could be told about."""
    from offers import submission_views

    def worker_dies(*args, **kwargs):
        raise SystemExit("worker stopped")

    monkeypatch.setattr(submission_views, "_record", worker_dies)
    with pytest.raises(SystemExit):
        submit(client)
    assert not OfferPage.objects.filter(title="Læsekreds for nye danskere").exists()
    assert not Organisation.objects.filter(name="Læselysten Kolding").exists()


def test_a_mail_server_that_is_down_does_not_turn_a_saved_offer_into_an_error(
    client, kolding, monkeypatch, caplog
):
    import smtplib

    from offers import mail as offer_mail

    def refused(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(offer_mail, "send_mail", refused)
    response = submit(client)
    assert response.status_code == 302 and response.url.startswith(URL + "?sendt=1&kvittering=")
    offer = OfferPage.objects.get(title="Læsekreds for nye danskere")
    assert Submission.objects.filter(offer=offer).count() == 1
    assert "submission_receipt" in caplog.text


def test_approvers_are_mailed_only_once_the_offer_is_committed(
    client, kolding, kolding_admin, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(client)
    approvers = [m for m in mail.outbox if "kolding-admin@example.org" in m.to]
    assert approvers == [] and callbacks  # not while the transaction (and its locks) is open
    for callback in callbacks:
        callback()
    assert [m for m in mail.outbox if "kolding-admin@example.org" in m.to]


def test_superusers_are_not_mailed_about_every_submission(
    client, kolding, django_capture_on_commit_callbacks
):
    """Wagtail mails superusers on every workflow submission, from inside the transaction: the
    platform's operators are not editors (the approvers are mailed, after commit)."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("drift", "drift@example.org", "x")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(client).status_code == 302
    assert not [m for m in mail.outbox if "drift@example.org" in m.to]


def test_the_receipt_names_the_offer_only_with_a_valid_signature(client, kolding):
    import time

    from django.core import signing

    from offers.receipts import receipt_query

    query = receipt_query("Læsekreds <b>for</b> alle", "birthe@example.org")
    shown = client.get(URL + query).content.decode()
    assert "Vi har modtaget »Læsekreds &lt;b&gt;for&lt;/b&gt; alle«" in shown
    assert "til b•••@e•••.org." in shown

    generic = "Vi har sendt en kvittering til din e-mail med et link"
    forged = signing.dumps({"title": "Snyd", "email": "x@y.dk"}, salt="another")
    tampered = query[:-3] + ("AAA" if not query.endswith("AAA") else "BBB")
    for bad in ("?sendt=1", f"?sendt=1&kvittering={forged}", tampered, "?sendt=1&kvittering=x"):
        page = client.get(URL + bad)
        assert page.status_code == 200
        text = page.content.decode()
        assert generic in text and "Vi har modtaget »" not in text, bad
    with time_machine.travel(time.time() + 61 * 60):  # an hour later: expired
        text = client.get(URL + query).content.decode()
    assert generic in text and "Vi har modtaget »" not in text
