import csv
import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Collection

from home.models import MunicipalityPage
from offers.importing import COLUMNS, OfferImporter
from offers.models import OfferPage, Organisation, TargetGroup
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def csv_text(rows, header=COLUMNS):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture
def rows(example_csv):
    return read_rows(example_csv)


def run_import(home, text):
    return OfferImporter().import_text(text)


def test_example_rows_import_and_create_municipality(home, example_csv):
    assert not MunicipalityPage.objects.exists()
    out = io.StringIO()
    call_command("import_offers", str(example_csv), stdout=out)

    assert "Oprettet: 2, opdateret: 0, uændret: 0, fejlet: 0" in out.getvalue()
    assert "Ny kommune oprettet: Kolding" in out.getvalue()
    kolding = MunicipalityPage.objects.get()
    assert kolding.title == "Kolding" and kolding.slug == "kolding" and kolding.live
    # The municipality was provisioned by the same code path as the admin uses.
    assert Collection.objects.filter(name="Kolding").exists()

    grief = OfferPage.objects.get(external_id="kol-001")
    assert grief.live and grief.get_parent().specific == kolding
    assert grief.municipality == kolding
    assert grief.title == "Sorggruppe for voksne"
    assert grief.description_paragraphs[1] == "Der er plads til otte deltagere."
    assert grief.organisation.name == "Sorgforeningen Kolding"
    assert grief.organisation.provider_type.slug == "forening"
    assert grief.organisation.municipality == kolding
    assert [s.slug for s in grief.life_situations.all()] == ["sorg"]
    assert {g.slug for g in grief.target_groups.all()} == {"voksne", "aeldre"}
    assert [k.slug for k in grief.offer_kinds.all()] == ["selvhjaelpsgruppe"]
    assert (grief.age_min, grief.age_max) == (18, None)
    assert grief.formats == [("fysisk", "Fysisk fremmøde")]
    assert (grief.address, grief.postcode, grief.city) == ("Eksempelvej 4", "6000", "Kolding")
    assert str(grief.latitude) == "55.490400" and str(grief.longitude) == "9.472200"
    assert grief.phone == "+45 00 00 00 01" and grief.email == "sorg@example.org"
    assert grief.schedule == "Hver anden tirsdag kl. 19-21"
    assert grief.price == "gratis" and grief.registration_required and not grief.anonymous
    assert [lang.code for lang in grief.languages.all()] == ["da"]
    assert grief.accessible == "ja"
    assert grief.last_confirmed_at is not None

    chat = OfferPage.objects.get(external_id="national-001")
    assert chat.get_parent().specific == home and chat.municipality is None
    assert chat.organisation.municipality is None
    assert chat.is_online and chat.is_phone and not chat.is_physical
    assert chat.anonymous and chat.accessible == "ukendt"
    assert {lang.code for lang in chat.languages.all()} == {"da", "en"}


def test_reimport_changes_nothing(home, example_csv):
    call_command("import_offers", str(example_csv), stdout=io.StringIO())
    before = {
        o.external_id: (o.latest_revision_id, o.last_confirmed_at) for o in OfferPage.objects.all()
    }
    out = io.StringIO()
    call_command("import_offers", str(example_csv), stdout=out)

    assert "Oprettet: 0, opdateret: 0, uændret: 2, fejlet: 0" in out.getvalue()
    after = {
        o.external_id: (o.latest_revision_id, o.last_confirmed_at) for o in OfferPage.objects.all()
    }
    assert after == before
    assert MunicipalityPage.objects.count() == 1
    assert Organisation.objects.count() == 2


def test_changed_row_updates_as_a_new_revision(home, rows):
    run_import(home, csv_text(rows))
    offer = OfferPage.objects.get(external_id="kol-001")
    revisions = offer.revisions.count()
    OfferPage.objects.filter(pk=offer.pk).update(
        last_confirmed_at="2025-01-01T12:00:00Z", review_reminders_sent=2
    )

    rows[0]["schedule"] = "Hver mandag kl. 19-21"
    rows[0]["life_situations"] = "sorg|ensomhed"
    result = run_import(home, csv_text(rows))

    assert (result.created, result.updated, result.unchanged, result.failed) == (0, 1, 1, 0)
    offer = OfferPage.objects.get(external_id="kol-001")
    assert offer.schedule == "Hver mandag kl. 19-21"
    assert {s.slug for s in offer.life_situations.all()} == {"sorg", "ensomhed"}
    assert offer.revisions.count() == revisions + 1
    assert offer.live and not offer.has_unpublished_changes
    # An import from the provider's own data counts as a confirmation.
    assert offer.last_confirmed_at.year >= 2026 and offer.review_reminders_sent == 0


def test_changed_municipality_moves_the_offer(home, rows):
    run_import(home, csv_text(rows))
    rows[0]["municipality"] = "Mariagerfjord"
    result = run_import(home, csv_text(rows))

    assert result.updated == 1 and result.municipalities_created == ["Mariagerfjord"]
    offer = OfferPage.objects.get(external_id="kol-001")
    assert offer.get_parent().title == "Mariagerfjord"
    assert offer.municipality.title == "Mariagerfjord"
    assert offer.url == "/mariagerfjord/sorggruppe-for-voksne/"


BAD_VALUES = [
    ("life_situations", "sorg|hjertesorg", "Ukendt værdi: hjertesorg"),
    ("target_groups", "teenagere", "Ukendt værdi: teenagere"),
    ("offer_kinds", "", "Skal udfyldes"),
    ("organisation_type", "firma", 'Ukendt værdi "firma"'),
    ("title", "", "Skal udfyldes"),
    ("summary", "", "Skal udfyldes"),
    ("municipality", "", "Skal udfyldes"),
    ("age_min", "atten", "ikke et helt tal"),
    ("age_max", "200", "mellem 0 og 120"),
    ("age_max", "10", "Må ikke være mindre end age_min"),
    ("formats", "fysisk|brevdue", "Ukendt format: brevdue"),
    ("postcode", "60000", "ikke et postnummer"),
    ("latitude", "55,49", "ikke et decimaltal"),
    ("longitude", "", "både latitude og longitude"),
    ("email", "sorg(at)example.org", "ikke en gyldig e-mailadresse"),
    ("website", "example.org/sorg", "ikke en gyldig webadresse"),
    ("price", "billigt", "Brug gratis eller egenbetaling"),
    ("registration_required", "måske", "Brug ja eller nej"),
    ("anonymous", "", "Skal udfyldes"),
    ("languages", "da|dansk", "Ukendt sprogkode: dansk"),
    ("accessible", "delvist", "Brug ja, nej eller ukendt"),
    ("id", "kol 001", "Må kun indeholde"),
    ("title", "x" * 300, "Højst 255 tegn"),
]


@pytest.mark.parametrize(("column", "value", "message"), BAD_VALUES)
def test_bad_row_is_reported_with_line_and_column_and_not_written(
    home, rows, column, value, message
):
    bad = dict(rows[0], organisation="Kun i den dårlige række", municipality="Vejle")
    bad[column] = value
    good = rows[1]
    text = csv_text([good, bad])

    result = run_import(home, text)

    # The good row still imports; the bad one (line 3: header, good row, bad row) does not.
    assert (result.created, result.failed) == (1, 1)
    [error] = result.errors
    assert (error.line, error.column) == (3, column)
    assert message in error.message
    assert str(error).startswith(f"linje 3, kolonne {column}: ")
    assert not OfferPage.objects.filter(title=bad["title"]).exists()
    assert not OfferPage.objects.filter(external_id=bad["id"]).exists()
    assert not Organisation.objects.filter(name="Kun i den dårlige række").exists()
    assert not MunicipalityPage.objects.filter(title="Vejle").exists()


def test_command_exits_non_zero_and_reports_every_bad_row(home, rows, tmp_path):
    bad_one = dict(rows[0], id="kol-100", life_situations="ukendt")
    bad_two = dict(rows[0], id="kol-101", price="")
    path = tmp_path / "offers.csv"
    path.write_text(csv_text([rows[0], bad_one, rows[1], bad_two]), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="2 fejl"):
        call_command("import_offers", str(path), stdout=out, stderr=err)

    # Line numbers are the file's own lines: a row with a two-paragraph description spans
    # three lines (2-4 and 5-7), so the national row is line 8 and the last row line 9.
    assert "Fejl: linje 5, kolonne life_situations: Ukendt værdi: ukendt" in err.getvalue()
    assert "Fejl: linje 9, kolonne price: Skal udfyldes." in err.getvalue()
    assert "Oprettet: 2, opdateret: 0, uændret: 0, fejlet: 2" in out.getvalue()
    assert OfferPage.objects.count() == 2


def test_duplicate_id_in_file_is_reported(home, rows):
    result = run_import(home, csv_text([rows[1], dict(rows[1], title="Et andet navn")]))
    assert result.created == 1 and result.failed == 1
    assert (result.errors[0].line, result.errors[0].column) == (3, "id")
    assert "også på linje 2" in result.errors[0].message


def test_header_problems_stop_the_import(home, rows):
    header = [c for c in COLUMNS if c != "price"] + ["adress"]
    text = csv_text([{k: v for k, v in rows[1].items() if k in header}], header=header)
    result = run_import(home, text)
    assert not OfferPage.objects.exists()
    assert {(e.line, e.column, e.message) for e in result.errors} == {
        (1, "adress", "Ukendt kolonne."),
        (1, "price", "Kolonnen mangler i overskriften."),
    }


def test_semicolon_file_gets_a_clear_message(home, rows):
    text = csv_text(rows).replace(",", ";")
    result = run_import(home, text)
    assert "semikolon" in result.errors[0].message


def test_wrong_number_of_columns(home, rows):
    text = csv_text([rows[1]]) + "national-002,national,For kort\n"
    result = run_import(home, text)
    assert result.created == 1 and result.failed == 1
    assert result.errors[0].line == 3 and "3 kolonner" in result.errors[0].message


def test_non_utf8_file(home, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(",".join(COLUMNS).encode() + b"\nkol-9,K\xf8ge\n")
    result = OfferImporter().import_path(path)
    assert "ikke UTF-8" in result.errors[0].message


def test_organisation_is_reused_case_insensitively(home, rows):
    run_import(home, csv_text(rows))
    second = dict(
        rows[0], id="kol-002", title="Gåtur for efterladte", organisation="SORGFORENINGEN KOLDING"
    )
    run_import(home, csv_text([second]))
    assert Organisation.objects.filter(name__iexact="sorgforeningen kolding").count() == 1


def test_same_title_twice_in_a_municipality_gets_a_free_slug(home, rows):
    twin = dict(rows[0], id="kol-002")
    run_import(home, csv_text([rows[0], twin]))
    slugs = sorted(OfferPage.objects.values_list("slug", flat=True))
    assert slugs == ["sorggruppe-for-voksne", "sorggruppe-for-voksne-2"]


def test_dry_run_writes_nothing(home, example_csv):
    out = io.StringIO()
    call_command("import_offers", str(example_csv), "--dry-run", stdout=out)
    assert "Prøvekørsel" in out.getvalue() and "Oprettet: 2" in out.getvalue()
    assert not OfferPage.objects.exists() and not MunicipalityPage.objects.exists()


def test_imported_offers_are_found_by_search_after_the_import(home, example_csv):
    """The import indexes its offers in bulk at the end (deferred_search_index)."""
    from django.db.models.signals import post_save
    from modelsearch.signal_handlers import post_save_signal_handler

    call_command("import_offers", str(example_csv), stdout=io.StringIO())
    found = OfferPage.objects.live().search("sorggruppe")
    assert "kol-001" in {offer.external_id for offer in found}
    # ... and saving an offer afterwards updates the index on save again.
    assert post_save.has_listeners(OfferPage)
    receivers = [r() if callable(r) else r for _key, r, *_rest in post_save.receivers]
    assert post_save_signal_handler in receivers


def test_an_age_range_no_target_group_shares_is_imported_with_a_warning(home, rows):
    row = {**rows[0], "id": "alder-1", "target_groups": "boern|kvinder", "age_min": "18"}
    fitting = {
        **rows[0],
        "id": "alder-2",
        "target_groups": "voksne",
        "age_min": "18",
        "age_max": "30",
    }
    path_text = csv_text([row, fitting])
    result = run_import(home, path_text)
    assert result.ok and result.created == 2
    assert [(w.line, w.column) for w in result.warnings] == [(2, "age_min")]
    assert "Alderen (Fra 18 år) passer ikke med målgruppen Børn (0-12 år)" in str(
        result.warnings[0]
    )
    assert OfferPage.objects.filter(external_id="alder-1").exists()


def test_import_offers_prints_the_warnings_and_succeeds(home, rows, tmp_path):
    path = tmp_path / "alder.csv"
    path.write_text(
        csv_text(
            [
                {
                    **rows[0],
                    "id": "alder-3",
                    "target_groups": "aeldre",
                    "age_min": "",
                    "age_max": "12",
                }
            ]
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import_offers", str(path), stdout=out)
    assert (
        "Advarsel: linje 2, kolonne age_min: Alderen (Op til 12 år) passer ikke" in out.getvalue()
    )
    assert "Oprettet: 1" in out.getvalue()


@pytest.mark.parametrize(
    ("groups", "ages", "shown"),
    [
        (["aeldre"], (None, None), "Fra 65 år"),
        (["boern", "unge"], (None, None), "0-17 år"),
        (["aeldre", "paaroerende"], (None, None), "Alle aldre"),
        ([], (None, None), "Alle aldre"),
        (["aeldre"], (18, 25), "18-25 år"),
    ],
)
def test_offer_page_ages_follow_the_target_groups_without_a_range(home, groups, ages, shown):
    offer = OfferPageFactory(parent=home, age_min=ages[0], age_max=ages[1])
    offer.target_groups.set(TargetGroup.objects.filter(slug__in=groups))
    offer.save()  # a page's tags are kept with the page (modelcluster) until it is saved
    offer = OfferPage.objects.get(pk=offer.pk)
    assert offer.age_range == shown
