"""`make run PORT=8100`: the printed logins and the e-mails' links use port 8100."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8100")
def test_load_demo_prints_and_mails_the_configured_port(django_capture_on_commit_callbacks):
    out = io.StringIO()
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", "--force", "--no-translations", stdout=out)
    assert "Admin: http://127.0.0.1:8100/admin/" in out.getvalue()
    assert ":8000" not in out.getvalue()
    links = [link for m in mail.outbox for link in re.findall(r"https?://[^\s\"'<>]+", m.body)]
    assert links, "the approvers are mailed about the submissions waiting for them"
    assert all(link.startswith("http://127.0.0.1:8100/") for link in links), links


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_passes_port_to_the_base_url():
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8100"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert "runserver 127.0.0.1:8100" in dry.stdout
    assert "admin: http://127.0.0.1:8100/admin/" in dry.stdout
