"""Go live from nothing: `migrate` leaves a working portal (home migration 0005), and the demo,
the import and create_municipality build on it."""

import importlib
import io
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Page, Site

from home.models import ContentPage, HomePage, MunicipalityPage, SiteSettings
from offers.importing import OfferImporter
from offers.models import OfferPage
from tests.commands import manage

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
MIGRATION = importlib.import_module("home.migrations.0007_national_front_page")
SLUGS = ["om-socialkompas", "privatlivspolitik", "tilgaengelighedserklaering"]


def test_migrate_makes_the_national_front_page_the_default_site_root(client):
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()
    pages = ContentPage.objects.child_of(home).live()
    assert sorted(pages.values_list("slug", flat=True)) == sorted(SLUGS)
    settings = SiteSettings.load()
    assert [settings.about_page.slug, settings.privacy_page.slug] == SLUGS[:2]
    assert settings.accessibility_page.slug == SLUGS[2]

    front = client.get("/")
    assert front.status_code == 200
    assert "Socialkompas" in front.content.decode()
    for slug in SLUGS:
        response = client.get(f"/{slug}/")
        assert response.status_code == 200, slug
        assert "Pladsholdertekst" in response.content.decode()


def test_the_migration_leaves_an_existing_front_page_alone(home):
    before = list(Page.objects.values_list("pk", "path"))
    MIGRATION.create_front_page(apps, None)
    assert list(Page.objects.values_list("pk", "path")) == before
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk


def test_import_and_create_municipality_right_after_migrate(example_csv):
    out = io.StringIO()
    call_command("create_municipality", "Vejle", stdout=out)
    assert "Kommunen Vejle oprettet: /vejle/" in out.getvalue()
    result = OfferImporter().import_path(example_csv)
    assert not result.errors
    assert OfferPage.objects.live().exists()
    assert set(MunicipalityPage.objects.values_list("slug", flat=True)) >= {"vejle", "kolding"}


def test_load_demo_fills_the_placeholder_pages_and_keeps_edited_ones():
    about = ContentPage.objects.get(slug="om-socialkompas")
    about.body = "<p>Vores egen tekst.</p>"
    about.save_revision().publish()

    call_command("load_demo", "--force", "--no-translations", stdout=io.StringIO())

    home = HomePage.objects.get()
    assert "frivillige foreninger og kommunernes åbne tilbud. Find hjælp" in home.intro
    assert ContentPage.objects.filter(slug__in=SLUGS).count() == 3
    assert ContentPage.objects.get(slug="om-socialkompas").body == "<p>Vores egen tekst.</p>"
    privacy = ContentPage.objects.get(slug="privatlivspolitik")
    assert "Pladsholdertekst" not in privacy.body and "Når du søger" in privacy.body
    assert MunicipalityPage.objects.count() == 2


def test_without_a_front_page_the_import_says_how_to_make_one(example_csv):
    HomePage.objects.all().delete()
    result = OfferImporter().import_path(example_csv)
    assert result.errors
    message = str(result.errors[0])
    assert "Der er ingen national forside" in message
    assert "load_demo" not in message


@pytest.fixture
def empty_postgres_database():
    """A new, empty database on the test PostgreSQL server (scripts/with-postgres.sh)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("needs PostgreSQL: run under scripts/with-postgres.sh")
    import psycopg

    base, _, _ = url.rpartition("/")
    name = "golive_fresh"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    yield f"{base}/{name}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


CHECK_PORTAL = """
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
from offers.models import OfferPage
offers = OfferPage.objects.live()
assert offers.count() == 2, offers.count()
for url in ["/", "/om-socialkompas/", "/vejle/", "/kolding/", "/kolding/soeg/?q=sorg"]:
    assert client.get(url).status_code == 200, url
for offer in offers:
    assert client.get(offer.url).status_code == 200, offer.url
print("portal ok")
"""


@pytest.mark.slow
def test_fresh_migrate_then_create_municipality_and_import_on_empty_postgresql(
    empty_postgres_database, example_csv, tmp_path
):
    env = {
        **os.environ,
        "DATABASE_URL": empty_postgres_database,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    migrate = manage("migrate", "--noinput", env=env)
    assert migrate.returncode == 0, migrate.stderr

    created = manage("create_municipality", "Vejle", env=env)
    assert created.returncode == 0, created.stderr
    assert "Kommunen Vejle oprettet: /vejle/" in created.stdout

    imported = manage("import_offers", str(example_csv), env=env)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "fejlet: 0" in imported.stdout

    portal = manage("shell", "-c", CHECK_PORTAL, env=env)
    assert portal.returncode == 0, portal.stderr
    assert "portal ok" in portal.stdout
