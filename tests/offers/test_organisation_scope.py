"""Organisations belong to a municipality (issue 12, item 3).

A local administrator's organisations are exactly their municipality's; an offer names an
organisation of its own municipality or a national one; the public form, the import and the
offer editor never reach into another municipality's organisations.
"""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Revision

from offers.importing import OfferImporter
from offers.models import OfferPage, Organisation, ProviderType
from offers.review_reminders import send_review_reminders
from offers.wagtail_hooks import organisations_for
from tests.admin_helpers import edit_url, offer_form_data
from tests.offers.factories import OfferPageFactory, OrganisationFactory
from tests.offers.test_submissions import valid_data

pytestmark = pytest.mark.django_db

CANARY = "kanariefugl-mod@mariagerfjord.example.org"
FORM = "/kolding/opret-tilbud/"
ORGANISATIONS = "/admin/offers/organisation/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def forening():
    return ProviderType.objects.get(slug="forening")


@pytest.fixture
def foreningen_mod(mariagerfjord, forening):
    """Mariagerfjord's "Foreningen Mod", with a published offer and an e-mail to watch for."""
    organisation = OrganisationFactory(
        name="Foreningen Mod",
        municipality=mariagerfjord,
        provider_type=forening,
        email=CANARY,
        cvr="12345678",
    )
    OfferPageFactory(parent=mariagerfjord, title="Mod på livet", organisation=organisation)
    return organisation


def snapshot(organisation):
    organisation.refresh_from_db()
    return (
        organisation.name,
        organisation.municipality_id,
        organisation.email,
        organisation.cvr,
        sorted(organisation.offers.values_list("pk", flat=True)),
    )


def test_a_typed_name_of_another_municipalitys_organisation_makes_a_new_one_here(
    client, kolding, mariagerfjord, kolding_admin, foreningen_mod, forening
):
    before = snapshot(foreningen_mod)
    kolding_form = client.get(FORM).context["form"]
    assert foreningen_mod not in kolding_form.fields["organisation"].queryset

    response = client.post(
        FORM,
        valid_data(new_organisation_name="foreningen mod", new_organisation_type=forening.pk),
    )
    assert response.status_code == 302
    draft = OfferPage.objects.get(title="Læsekreds for nye danskere")
    assert draft.organisation != foreningen_mod
    assert draft.organisation.name == "foreningen mod"
    assert draft.organisation.municipality == kolding
    assert draft.organisation.email == ""
    assert snapshot(foreningen_mod) == before  # untouched

    # The draft gives the Kolding administrator nothing of Mariagerfjord's organisation.
    assert foreningen_mod not in organisations_for(kolding_admin)
    client.force_login(kolding_admin)
    for action in ("edit", "inspect", "history", "delete"):
        response = client.get(f"{ORGANISATIONS}{action}/{foreningen_mod.pk}/")
        assert response.status_code in (403, 404), action
    seen = {
        "listing": client.get(ORGANISATIONS),
        "search": client.get(ORGANISATIONS, {"q": "mod"}),
        "own organisation": client.get(f"{ORGANISATIONS}inspect/{draft.organisation.pk}/"),
        "offer editor": client.get(edit_url(draft)),
    }
    for where, response in seen.items():
        assert response.status_code == 200, where
        html = response.content.decode()
        assert CANARY not in html and "12345678" not in html, where
        for action in ("edit", "inspect", "history", "delete"):
            assert f"organisation/{action}/{foreningen_mod.pk}/" not in html, where
    editor = seen["offer editor"].context["form"]
    assert foreningen_mod not in editor.fields["organisation"].queryset
    assert draft.organisation in editor.fields["organisation"].queryset


def test_review_reminders_for_the_new_offer_never_reach_the_other_municipality(
    client, kolding, foreningen_mod, forening
):
    client.post(
        FORM,
        valid_data(
            new_organisation_name="Foreningen Mod", new_organisation_type=forening.pk, email=""
        ),
    )
    offer = OfferPage.objects.get(title="Læsekreds for nye danskere")
    offer.get_latest_revision().publish()
    OfferPage.objects.filter(pk=offer.pk).update(
        last_confirmed_at=timezone.now() - datetime.timedelta(days=320)
    )
    mail.outbox.clear()
    assert send_review_reminders()["reminded"][10] == 1
    recipients = [address for message in mail.outbox for address in message.to]
    assert recipients == ["birthe@example.org"]  # the sender: the new organisation has none
    assert CANARY not in str([message.body for message in mail.outbox])


def test_the_form_refuses_another_municipalitys_organisation_posted_by_id(
    client, kolding, foreningen_mod
):
    response = client.post(
        FORM, valid_data(organisation=str(foreningen_mod.pk), new_organisation_name="")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["organisation"]
    assert not OfferPage.objects.filter(title="Læsekreds for nye danskere").exists()


def test_a_typed_name_finds_the_municipalitys_own_then_a_national_organisation(
    client, kolding, forening
):
    national = OrganisationFactory(name="Ungeliniens Venner", municipality=None)
    client.post(
        FORM,
        valid_data(new_organisation_name="ungeliniens  venner", new_organisation_type=forening.pk),
    )
    assert OfferPage.objects.get(title="Læsekreds for nye danskere").organisation == national

    own = OrganisationFactory(name="Ungeliniens venner", municipality=kolding)
    client.post(
        FORM,
        valid_data(
            title="Læsekreds for unge",
            new_organisation_name="UNGELINIENS VENNER",
            new_organisation_type=forening.pk,
        ),
    )
    assert OfferPage.objects.get(title="Læsekreds for unge").organisation == own


def test_the_public_list_has_only_organisations_with_a_visible_offer_here(
    client, kolding, mariagerfjord, forening
):
    listed = OrganisationFactory(name="Synlig Forening", municipality=kolding)
    OfferPageFactory(parent=kolding, organisation=listed)
    national = OrganisationFactory(name="Landsforeningen Synlig")
    OfferPageFactory(parent=kolding.get_parent(), organisation=national)
    drafts_only = OrganisationFactory(name="Kun Kladde", municipality=kolding)
    OfferPageFactory(parent=kolding, organisation=drafts_only, live=False)
    hidden_only = OrganisationFactory(name="Kun Skjult", municipality=kolding)
    OfferPageFactory(parent=kolding, organisation=hidden_only, stale_since=timezone.now())
    elsewhere = OrganisationFactory(name="Anden Kommunes Forening", municipality=mariagerfjord)
    OfferPageFactory(parent=mariagerfjord, organisation=elsewhere)

    html = client.get(FORM).content.decode()
    assert "Synlig Forening" in html and "Landsforeningen Synlig" in html
    for name in ("Kun Kladde", "Kun Skjult", "Anden Kommunes Forening"):
        assert name not in html


def test_the_private_link_form_keeps_an_organisation_not_yet_on_the_list(client, kolding, forening):
    from offers.submission_forms import OfferSubmissionForm

    client.post(FORM, valid_data(new_organisation_type=forening.pk))
    draft = OfferPage.objects.get(title="Læsekreds for nye danskere")
    initial = OfferSubmissionForm.initial_from(draft.get_latest_revision_as_object())
    assert "organisation" not in initial
    assert initial["new_organisation_name"] == "Læselysten Kolding"
    form = OfferSubmissionForm(
        valid_data(new_organisation_type=forening.pk), municipality=draft.municipality
    )
    assert form.is_valid(), form.errors
    assert form.organisation_or_new() == draft.organisation


# Names: unique per municipality and among the national organisations


def test_names_are_unique_within_a_municipality_not_across(
    client, kolding, kolding_admin, foreningen_mod, forening
):
    client.force_login(kolding_admin)
    created = client.post(
        f"{ORGANISATIONS}create/", {"name": "Foreningen Mod", "provider_type": forening.pk}
    )
    assert created.status_code == 302
    assert Organisation.objects.filter(name__iexact="foreningen mod").count() == 2
    again = client.post(
        f"{ORGANISATIONS}create/", {"name": "FORENINGEN MOD", "provider_type": forening.pk}
    )
    assert again.status_code == 200
    assert "Der findes allerede en organisation med dette navn." in str(
        again.context["form"].errors
    )
    assert Organisation.objects.filter(name__iexact="foreningen mod").count() == 2


def test_national_names_are_unique_among_national_organisations(admin_client, kolding, forening):
    OrganisationFactory(name="Landsforeningen Mod", municipality=kolding)
    first = admin_client.post(
        f"{ORGANISATIONS}create/", {"name": "Landsforeningen Mod", "provider_type": forening.pk}
    )
    assert first.status_code == 302  # Kolding's of that name is another organisation
    second = admin_client.post(
        f"{ORGANISATIONS}create/", {"name": "landsforeningen mod", "provider_type": forening.pk}
    )
    assert second.status_code == 200
    assert "Der findes allerede en organisation med dette navn." in str(
        second.context["form"].errors
    )
    assert Organisation.objects.filter(name__iexact="landsforeningen mod").count() == 2


def test_an_organisation_with_offers_cannot_move_to_another_municipality(
    kolding, mariagerfjord, foreningen_mod
):
    foreningen_mod.municipality = kolding
    with pytest.raises(ValidationError) as raised:
        foreningen_mod.full_clean()
    assert "municipality" in raised.value.message_dict
    foreningen_mod.municipality = None  # a national organisation may have offers anywhere
    foreningen_mod.full_clean()


# Edit rights come from the organisation's municipality only


def test_an_offer_or_draft_naming_an_organisation_grants_no_rights_on_it(
    client, kolding, kolding_admin, foreningen_mod
):
    # As the old public form left it: a Kolding draft naming Mariagerfjord's organisation.
    draft = OfferPageFactory(parent=kolding, live=False)
    OfferPage.objects.filter(pk=draft.pk).update(organisation=foreningen_mod)
    assert not organisations_for(kolding_admin).filter(pk=foreningen_mod.pk).exists()
    client.force_login(kolding_admin)
    assert "Foreningen Mod" not in client.get(ORGANISATIONS).content.decode()
    assert "Foreningen Mod" not in (
        client.get(ORGANISATIONS, {"kommune": kolding.pk}).content.decode()
    )
    assert client.get(f"{ORGANISATIONS}edit/{foreningen_mod.pk}/").status_code in (403, 404)


# The offer editor


def test_the_offer_editor_offers_and_accepts_only_own_and_national_organisations(
    client, kolding, kolding_admin, foreningen_mod
):
    own = OrganisationFactory(name="Kolding Forening", municipality=kolding)
    national = OrganisationFactory(name="Landsforening")
    offer = OfferPageFactory(parent=kolding, organisation=own)
    client.force_login(kolding_admin)
    response = client.get(edit_url(offer))
    choices = set(response.context["form"].fields["organisation"].queryset)
    assert own in choices and national in choices and foreningen_mod not in choices

    response = client.post(edit_url(offer), offer_form_data(offer, organisation=foreningen_mod.pk))
    assert response.status_code == 200
    assert "Vælg en organisation fra tilbuddets egen kommune" in str(
        response.context["form"].errors["organisation"]
    )
    offer.refresh_from_db()
    assert offer.organisation == own
    assert offer.get_latest_revision_as_object().organisation == own

    response = client.post(edit_url(offer), offer_form_data(offer, organisation=national.pk))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.get_latest_revision_as_object().organisation == national


def test_the_model_refuses_another_municipalitys_organisation(kolding, home, foreningen_mod):
    offer = OfferPageFactory(parent=kolding)
    offer.organisation = foreningen_mod
    with pytest.raises(ValidationError) as raised:
        offer.full_clean()
    assert "organisation" in raised.value.message_dict
    national_offer = OfferPageFactory(parent=home)
    national_offer.organisation = foreningen_mod  # a national offer names a national one
    with pytest.raises(ValidationError):
        national_offer.full_clean()


# The import


def _row(**changes):
    row = {
        "id": "kol-mod-1",
        "municipality": "Kolding",
        "title": "Mod i hverdagen",
        "summary": "Samtalegruppe om at finde modet igen.",
        "organisation": "FORENINGEN MOD",
        "organisation_type": "forening",
        "life_situations": "angst",
        "offer_kinds": "selvhjaelpsgruppe",
        "formats": "fysisk",
        "price": "gratis",
        "registration_required": "nej",
        "anonymous": "ja",
    }
    row.update(changes)
    header = list(row)
    return ",".join(header) + "\n" + ",".join(row[h] for h in header) + "\n"


def test_the_import_looks_organisations_up_within_the_rows_municipality(kolding, foreningen_mod):
    before = snapshot(foreningen_mod)
    result = OfferImporter().import_text(_row())
    assert result.ok, result.errors
    offer = OfferPage.objects.get(external_id="kol-mod-1")
    assert offer.organisation != foreningen_mod
    assert offer.organisation.municipality == kolding
    assert snapshot(foreningen_mod) == before

    result = OfferImporter().import_text(_row(id="kol-mod-2", organisation="Foreningen mod"))
    assert result.ok, result.errors
    assert OfferPage.objects.get(external_id="kol-mod-2").organisation == offer.organisation

    result = OfferImporter().import_text(_row(id="nat-mod-1", municipality="national"))
    assert result.ok, result.errors
    national = OfferPage.objects.get(external_id="nat-mod-1").organisation
    assert national.municipality is None
    assert Organisation.objects.filter(name__iexact="foreningen mod").count() == 3


def test_an_updated_row_names_its_own_municipalitys_organisation(kolding, foreningen_mod):
    # Written row by row (an existing offer), not in a batch: the same rule.
    offer = OfferPageFactory(parent=kolding, external_id="kol-mod-1", title="Mod i hverdagen")
    result = OfferImporter().import_text(_row())
    assert result.ok and result.updated == 1, result.errors
    offer.refresh_from_db()
    assert offer.organisation.municipality == kolding
    assert offer.organisation != foreningen_mod


# The migration of existing rows


def test_the_migration_gives_offers_naming_another_municipalitys_organisation_their_own(
    kolding, mariagerfjord, foreningen_mod
):
    migration = importlib.import_module("offers.migrations.0010_organisation_per_municipality")
    before = snapshot(foreningen_mod)
    draft = OfferPageFactory(parent=kolding, live=False)
    draft.save_revision()
    OfferPage.objects.filter(pk=draft.pk).update(organisation=foreningen_mod)
    revision = Revision.objects.get(object_id=str(draft.pk))
    revision.content["organisation"] = foreningen_mod.pk
    revision.save(update_fields=["content"])

    migration.split_shared_organisations(apps, None)

    draft.refresh_from_db()
    copy = draft.organisation
    assert copy != foreningen_mod
    assert (copy.name, copy.municipality, copy.provider_type) == (
        "Foreningen Mod",
        kolding,
        foreningen_mod.provider_type,
    )
    assert copy.email == "" and copy.cvr == ""  # Mariagerfjord's details stay there
    revision.refresh_from_db()
    assert revision.content["organisation"] == copy.pk
    assert snapshot(foreningen_mod) == before
    migration.split_shared_organisations(apps, None)  # and again: nothing more
    assert Organisation.objects.filter(name="Foreningen Mod").count() == 2
