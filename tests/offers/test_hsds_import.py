"""``manage.py import_hsds``: HSDS 3.0 feeds through the CSV import's rules and bulk path."""

import io
import json
from datetime import date, time

import pytest
from django.core.management import CommandError, call_command

from offers.hsds import ids
from offers.models import Language, OfferPage, OfferSchedule, TargetGroup
from tests.offers.factories import OfferPageFactory
from tests.offers.hsds_schemas import example, schema_dir

pytestmark = pytest.mark.django_db

API = "/api/hsds/v3"
#: What changes by being imported again: when it was confirmed and changed.
MOMENTS = ("assured_date", "last_modified")


def export(client):
    data = client.get(f"{API}/services", {"full": "true", "per_page": 200}).json()
    assert data["last_page"]
    return data["contents"]


def without_moments(services):
    """The services without what a new installation gives anew: the moments, and the
    organisations' ids (the import finds or makes the organisation by name)."""
    kept = []
    for service in services:
        service = {k: v for k, v in service.items() if k not in MOMENTS + ("organization_id",)}
        service["organization"] = service["organization"]["name"]
        kept.append(service)
    return kept


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_hsds", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue() + str(exc), False
    return out.getvalue(), err.getvalue(), True


@pytest.fixture
def offers(kolding, home):
    grief = OfferPageFactory(
        parent=kolding, title="Sorggruppe", description="Mere.\n\nEndnu mere.", external_id="k-1",
        age_min=18, is_online=True, address="Eksempelvej 4", postcode="6000", city="Kolding",
        latitude="55.490400", longitude="9.472200", phone="+45 00 00 00 01",
        email="sorg@example.org", website="https://example.org/sorg", schedule="Tirsdage 17-19",
        price="egenbetaling", price_note="50 kr.", registration_required=True, accessible="nej",
        life_situations=["sorg"], offer_kinds=["selvhjaelpsgruppe"],
    )  # fmt: skip
    grief.target_groups.set(TargetGroup.objects.filter(slug__in=["voksne", "aeldre"]))
    grief.languages.set([Language.objects.get_or_create(code="da", defaults={"name": "Dansk"})[0]])
    grief.schedules = [
        OfferSchedule(weekday=1, start_time=time(17), end_time=time(19), note="ikke i ferier"),
        OfferSchedule(frequency="monthly", week_of_month=-1, weekday=3, start_time=time(10, 30),
                      end_time=time(12), valid_until=date(2099, 6, 30)),
    ]  # fmt: skip
    grief.save_revision().publish()
    chat = OfferPageFactory(
        parent=home, title="Chat for unge", is_physical=False, is_phone=True, anonymous=True,
        accessible="ja", life_situations=["ensomhed", "angst"], offer_kinds=["telefon-chat"],
    )  # fmt: skip
    # Published as an editor would (a factory's page has no words in the search lexicon, and
    # deleting it would leave the words its unpublishing adds behind).
    chat.save_revision().publish()
    return [grief, chat]


def test_round_trip_through_an_empty_installation(client, offers, tmp_path):
    before = export(client)
    assert {s["service_areas"][0]["name"] for s in before} == {"Kolding", "Hele Danmark"}
    source = tmp_path / "export.json"
    source.write_text(json.dumps(before), encoding="utf-8")
    for offer in OfferPage.objects.all():
        offer.delete()
    assert export(client) == []

    out, err, ok = run(str(source))
    assert ok, err
    assert "Oprettet: 2, opdateret: 0, uændret: 0, fejlet: 0" in out
    after = export(client)
    # The same services, ids and all, each in its municipality with its vocabulary.
    assert without_moments(after) == without_moments(before)
    grief = OfferPage.objects.get(title="Sorggruppe")
    assert grief.municipality.title == "Kolding"
    assert grief.external_id == ids.service_id("k-1", offers[0].pk)
    assert OfferPage.objects.get(title="Chat for unge").municipality is None
    # The recurring times came back (the export above compares their schedules, ids and all).
    assert [(row.frequency, row.weekday, row.note) for row in grief.schedules.all()] == [
        ("weekly", 1, "ikke i ferier"), ("monthly", 3, ""),
    ]  # fmt: skip

    # Idempotent: the same feed again creates nothing; a changed record updates its offer.
    out, err, ok = run(str(source))
    assert ok and "Oprettet: 0, opdateret: 0, uændret: 2, fejlet: 0" in out
    before[0]["name"] = "Sorggruppe for voksne"
    source.write_text(json.dumps({"contents": before, "total_items": 2}), encoding="utf-8")
    out, err, ok = run(str(source))
    assert ok and "Oprettet: 0, opdateret: 1, uændret: 1, fejlet: 0" in out
    assert OfferPage.objects.filter(title="Sorggruppe for voksne").count() == 1

    # ndjson, and a dry run writes nothing.
    lines = tmp_path / "export.ndjson"
    lines.write_text("\n".join(json.dumps(s) for s in after), encoding="utf-8")
    for offer in OfferPage.objects.all():
        offer.delete()
    out, err, ok = run(str(lines), "--dry-run")
    assert ok and "Prøvekørsel: intet er gemt." in out and "Oprettet: 2" in out
    assert not OfferPage.objects.exists()


def test_open_referrals_example_and_a_bad_record(kolding, tmp_path):
    source = schema_dir() / "examples" / "service_full.json"
    out, err, ok = run(str(source))
    assert not ok and "felt service_areas" in err and not OfferPage.objects.exists()

    out, err, ok = run(str(source), "--municipality", "Kolding")
    assert ok, err
    assert "Oprettet: 1" in out
    assert "Bemærk: Post 1" in out  # the foreign postcode and point, our default terms
    offer = OfferPage.objects.get(external_id="ac148810-d857-441c-9679-408f346de14b")
    assert offer.live and offer.municipality == kolding
    assert offer.title == "Community Counselling" and offer.price == "egenbetaling"
    assert (offer.age_min, offer.age_max, offer.postcode, offer.latitude) == (12, 100, "", None)
    assert [language.code for language in offer.languages.all()] == ["ur"]

    good = example("service_full.json")
    good["id"] = "11111111-2222-4333-8444-555555555555"
    bad = dict(good, id="11111111-2222-4333-8444-666666666666", name="", minimum_age="tolv")
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps([good, bad]), encoding="utf-8")
    out, err, ok = run(str(batch), "--municipality", "Kolding")
    assert not ok
    assert "Oprettet: 1, opdateret: 0, uændret: 0, fejlet: 1" in out
    assert "Post 2 (id 11111111-2222-4333-8444-666666666666), felt name: Skal udfyldes." in err
    assert not OfferPage.objects.filter(external_id=bad["id"]).exists()
    assert OfferPage.objects.filter(external_id=good["id"]).exists()


def test_unreadable_sources_are_reported_in_danish(home, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{ikke json", encoding="utf-8")
    with pytest.raises(CommandError, match="Ikke gyldig JSON"):
        call_command("import_hsds", str(broken), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Filen kan ikke læses"):
        call_command("import_hsds", str(tmp_path / "mangler.json"), stdout=io.StringIO())
