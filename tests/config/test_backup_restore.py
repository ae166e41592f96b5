"""scripts/backup.sh and scripts/restore.sh: a site restored onto an empty database and media
folder serves the same offers."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

OFFERS = """
import json
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
from offers.models import OfferPage
client = Client()
offers = sorted((o.url, o.title) for o in OfferPage.objects.live())
assert all(client.get(url).status_code == 200 for url, _ in offers)
print(json.dumps(offers))
"""


def run(args, env):
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture
def databases():
    """Two new databases on the test PostgreSQL server: the site and the restored site."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("needs PostgreSQL: run under scripts/with-postgres.sh")
    import psycopg

    base = url.rpartition("/")[0]
    names = ["backup_source", "backup_restored"]

    def execute(sql):
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(sql)

    for name in names:
        execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        execute(f"CREATE DATABASE {name}")
    yield [f"{base}/{name}" for name in names]
    for name in names:
        execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.slow
def test_restored_site_serves_the_same_offers(databases, example_csv, tmp_path):
    source, restored = databases
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHON": sys.executable}
    site = {**env, "DATABASE_URL": source, "MEDIA_ROOT": str(tmp_path / "media")}
    for command in (["migrate", "--noinput"], ["import_offers", str(example_csv)]):
        result = run([sys.executable, "manage.py", *command], site)
        assert result.returncode == 0, result.stdout + result.stderr
    upload = tmp_path / "media" / "original_images" / "plakat.png"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"\x89PNG demo")
    before = run([sys.executable, "manage.py", "shell", "-c", OFFERS], site)
    assert before.returncode == 0, before.stderr
    offers = json.loads(before.stdout.strip().splitlines()[-1])
    assert len(offers) == 2

    backup = run(["scripts/backup.sh", str(tmp_path / "backups")], site)
    assert backup.returncode == 0, backup.stderr
    backup_dir = Path(backup.stdout.strip())
    assert (backup_dir / "database.dump").stat().st_size > 0

    # The empty machine: another database, no media folder.
    new = {**env, "DATABASE_URL": restored, "MEDIA_ROOT": str(tmp_path / "new-media")}
    result = run(["scripts/restore.sh", str(backup_dir)], new)
    assert result.returncode == 0, result.stdout + result.stderr
    after = run([sys.executable, "manage.py", "shell", "-c", OFFERS], new)
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout.strip().splitlines()[-1]) == offers
    assert (tmp_path / "new-media" / "original_images" / "plakat.png").read_bytes() == (
        b"\x89PNG demo"
    )

    # Never over an existing site.
    again = run(["scripts/restore.sh", str(backup_dir)], new)
    assert again.returncode != 0
    assert "restore into an empty one" in again.stderr
