"""The demo content of `make run`: every public page renders."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from demo.management.commands.load_demo import DEMO_CSV
from home.models import MunicipalityPage
from offers.importing import OfferImporter
from offers.models import OfferPage

pytestmark = pytest.mark.django_db


def test_every_live_page_renders(client, demo):
    pages = Page.objects.live().filter(depth__gte=2).specific()
    assert len(pages) >= 60 + 2 + 1 + 3
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode() or page.depth == 3


def test_demo_has_realistic_spread(demo):
    assert OfferPage.objects.live().count() >= 60
    assert set(MunicipalityPage.objects.values_list("slug", flat=True)) == {
        "kolding",
        "mariagerfjord",
    }
    assert OfferPage.objects.filter(municipality__isnull=True).count() >= 5


def test_municipality_front_page(client, demo):
    response = client.get("/kolding/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="da" dir="ltr">' in html
    assert "Socialkompas Kolding" in html
    assert "Hvad står du i?" in html
    assert 'href="/kolding/soeg/?life_situation=sorg"' in html
    assert "Nyeste tilbud" in html
    assert "Landsdækkende telefon- og onlinetilbud" in html
    assert "Tilgængelighedserklæring" in html


def test_municipality_front_pages_have_demo_blocks(client, demo):
    kolding = MunicipalityPage.objects.get(slug="kolding", locale__language_code="da")
    assert [block.block_type for block in kolding.body] == [
        "notice",
        "life_situations",
        "offers",
        "links",
        "contact",
    ]
    html = client.get("/kolding/").content.decode()
    assert "Ny i frivilligt arbejde? Kom til informationsmøde" in html
    assert '<time datetime="2026-03-12">12. marts 2026</time>' in html
    offers = [offer.external_id for offer in kolding.body[2].value["offers"]]
    assert offers == ["kol-001", "kol-005"]
    assert "Frivilligrådgivningen i Kolding (demo)" in html
    mariagerfjord = MunicipalityPage.objects.get(slug="mariagerfjord", locale__language_code="da")
    assert [o.external_id for o in mariagerfjord.body[2].value["offers"]] == ["mar-001", "mar-003"]

    # Loading the demo again leaves the front pages (and any changes to them) alone.
    revisions = kolding.revisions.count()
    call_command("load_demo", "--force", stdout=io.StringIO())
    assert kolding.revisions.count() == revisions


def test_demo_people_and_a_submission_waiting_in_each_municipality(demo):
    from django.contrib.auth import get_user_model

    from home.roles import is_national_editor, municipalities_of

    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    assert is_national_editor(users.get(username="redaktoer"))
    assert [m.slug for m in municipalities_of(users.get(username="kolding"))] == ["kolding"]
    assert [m.slug for m in municipalities_of(users.get(username="mariagerfjord"))] == [
        "mariagerfjord"
    ]
    for slug in ("gaatur-for-nybagte-foraeldre", "reparationscafe-i-arden"):
        offer = OfferPage.objects.get(slug=slug, locale__language_code="da")
        assert not offer.live
        assert offer.workflow_in_progress


def test_demo_offers_ages_agree_with_their_target_groups(home):
    """The importer warns where an offer's age range and a target group contradict (issue
    16: a crisis centre for "Børn (0-12 år)" read "Fra 18 år"); the demo has none."""
    result = OfferImporter().import_path(DEMO_CSV)
    assert result.ok
    assert result.warnings == []
