"""Updating without retyping: the private link's form is filled with everything, sender and
conditions included; the approver sees who sent it and what changed, and nobody else does."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from offers.models import OfferPage, ProviderType, Submission
from offers.retention import purge_personal_data
from tests.form_helpers import form_data
from tests.offers.factories import OfferPageFactory
from tests.offers.test_submissions import edit_url_in, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def submitted(client, kolding):
    submit(
        client,
        new_organisation_type=str(ProviderType.objects.get(slug="forening").pk),
        submitter_phone="+45 87 65 43 21",
    )
    offer = OfferPage.objects.get(title="Læsekreds for nye danskere")
    receipt = next(m for m in mail.outbox if m.to == ["birthe@example.org"])
    mail.outbox.clear()
    return offer, edit_url_in(receipt)


def opened_form(link):
    client = Client()
    page = client.get(link)["Location"]
    return client, page, client.get(page)


def test_the_update_form_is_filled_with_everything_and_saves_unchanged(submitted):
    offer, link = submitted
    client, page, form = opened_form(link)
    assert form.status_code == 200
    data = form_data(form.content.decode())
    assert data["submitter_name"] == ["Birthe Jensen"]
    assert data["submitter_email"] == ["birthe@example.org"]
    assert data["submitter_phone"] == ["+45 87 65 43 21"]
    for condition in (
        "eligibility_organisation",
        "eligibility_not_political",
        "eligibility_free",
        "eligibility_denmark",
        "privacy_consent",
    ):
        assert data[condition] == ["on"], condition
    assert data["description"] == ["Vi mødes hver onsdag.\n\nAlle er velkomne."]

    sent = client.post(page, data)
    assert sent.status_code == 302, sent.content.decode()
    assert sent.url.startswith(page + "?sendt=1&kvittering=")
    update = Submission.objects.get(offer=offer, kind="update")
    assert update.submitter_name == "Birthe Jensen"
    assert update.submitter_email == "birthe@example.org"


def test_without_a_kept_sender_the_offers_contact_address_is_filled_in(submitted):
    offer, link = submitted
    Submission.objects.all().delete()  # as retention does
    _client, _page, form = opened_form(link)
    data = form_data(form.content.decode())
    assert data["submitter_email"] == ["laesekreds@example.org"]
    assert data["submitter_name"] == [""]


# The approver's panel


def editor(user, offer):
    client = Client()
    client.force_login(user)
    return client.get(reverse("wagtailadmin_pages:edit", args=[offer.pk]))


def test_the_sender_panel_is_visible_to_the_municipalitys_approvers_only(
    submitted, kolding_admin, mariagerfjord_admin, national_editor
):
    offer, _link = submitted
    for user in (kolding_admin, national_editor):
        html = editor(user, offer).content.decode()
        assert "data-sender-panel" in html, user
        assert "Birthe Jensen" in html and "birthe@example.org" in html
        assert "+45 87 65 43 21" in html
    response = editor(mariagerfjord_admin, offer)
    assert response.status_code in (302, 403, 404)
    assert b"Birthe Jensen" not in response.content


def test_the_panel_is_gone_when_retention_has_removed_the_sender(submitted, kolding_admin):
    import datetime

    from django.utils import timezone

    offer, _link = submitted
    Submission.objects.update(closed_at=timezone.now() - datetime.timedelta(days=400))
    purge_personal_data()
    html = editor(kolding_admin, offer).content.decode()
    assert "data-sender-panel" not in html and "Birthe Jensen" not in html


def test_the_panel_links_to_the_comparison_of_an_update(kolding, kolding_admin):
    offer = OfferPageFactory(parent=kolding, title="Strikkecafé")
    offer.save_revision().publish()
    draft = OfferPage.objects.get(pk=offer.pk).get_latest_revision_as_object()
    draft.title = "Strikkecafé i Kolding"
    draft.save_revision()
    html = editor(kolding_admin, offer).content.decode()
    url = reverse("wagtailadmin_pages:revisions_compare", args=[offer.pk, "live", "latest"])
    assert f'href="{url}"' in html
    client = Client()
    client.force_login(kolding_admin)
    compare = client.get(url)
    assert compare.status_code == 200
    assert "Strikkecafé i Kolding" in compare.content.decode()


def test_no_comparison_link_without_a_newer_revision(kolding, kolding_admin):
    offer = OfferPageFactory(parent=kolding, title="Strikkecafé")
    offer.save_revision().publish()
    html = editor(kolding_admin, offer).content.decode()
    assert not re.search(r"revisions/compare/", html)
