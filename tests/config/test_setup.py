"""The set-up paths: `make run` on the embedded SQLite default, and production settings."""

import os
from pathlib import Path

import pytest

from tests.commands import manage

ROOT = Path(__file__).resolve().parents[2]

CHECK_PAGES = """
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
for url in ["/", "/kolding/", "/mariagerfjord/", "/kolding/soeg/?q=sorg", "/soeg/",
            "/om-socialkompas/", "/privatlivspolitik/", "/tilgaengelighedserklaering/"]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
from offers.models import OfferPage
offers = OfferPage.objects.live()
assert offers.count() >= 60, offers.count()
for offer in offers:
    assert client.get(offer.url).status_code == 200, offer.url
print("pages ok", offers.count())
"""


@pytest.mark.slow
def test_make_run_path_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    migrate = manage("migrate", "--noinput", env=env)
    assert migrate.returncode == 0, migrate.stderr

    first = manage("load_demo", "--if-empty", env=env)
    assert first.returncode == 0, first.stderr
    assert "Oprettet: 66" in first.stdout
    assert "brugernavn: admin" in first.stdout

    again = manage("load_demo", "--if-empty", env=env)
    assert again.returncode == 0 and "findes allerede" in again.stdout

    pages = manage("shell", "-c", CHECK_PAGES, env=env)
    assert pages.returncode == 0, pages.stderr
    assert "pages ok" in pages.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_read_the_environment():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "socialkompas.example.org,kolding.example.org",
        "EMAIL_HOST": "smtp.example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/1",
    }
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.EMAIL_HOST, s.CACHES['default']['BACKEND'])"
    )
    result = manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert (
        "False ['socialkompas.example.org', 'kolding.example.org'] smtp.example.org "
        "django.core.cache.backends.redis.RedisCache"
    ) in result.stdout
