"""The servers' own logs: gunicorn started with the README's command (production settings) and
the dev server keep no search text and no private link's token, but every request line.

In a module of its own: the servers read the test database from outside, so the data must be
committed (a transactional test, see test_search_statistics_concurrency).
"""

import contextlib
import http.client
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.test import override_settings

from bench.server import REPO, collectstatic, free_port, production_env, wait_until_answers
from config.settings import dev as dev_settings
from home.redaction import REDACTED
from offers.private_links import confirm_link, edit_link
from tests.config.test_log_privacy import QUERY, readme_gunicorn_command
from tests.offers.factories import OfferPageFactory

GUNICORN_SECRET_KEY = "log-test-secret-key-" + "x" * 40

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def database_url():
    if connection.vendor != "postgresql":
        pytest.skip("the servers need PostgreSQL (scripts/with-postgres.sh)")
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def site(kolding):
    """A live offer of Kolding; ``site(secret_key)``: its two private links as signed with the
    server's key, and the requests to make."""
    offer = OfferPageFactory(parent=kolding, title="Sorggruppe", email="kontakt@example.org")

    def requests_for(secret_key):
        with override_settings(SECRET_KEY=secret_key):
            return _requests(offer, *(link(offer) for link in (edit_link, confirm_link)))

    return requests_for


def _requests(offer, edit, confirm):
    edit, confirm = (link.removeprefix("http://testserver") for link in (edit, confirm))
    tokens = [link.rstrip("/").rsplit("/", 1)[1] for link in (edit, confirm)]
    requests = [
        (f"/kolding/soeg/?q={QUERY}", "/kolding/soeg/", 200),
        (f"/api/search/?municipality=kolding&q={QUERY}", "/api/search/", 200),
        (f"/api/search/suggest/?q={QUERY}", "/api/search/suggest/", 200),
        (edit, f"/kolding/opret-tilbud/ret/{offer.pk}/{REDACTED}/", 303),
        (confirm, f"/kolding/opret-tilbud/bekraeft/{offer.pk}/{REDACTED}/", 303),
        (edit[:-3] + "xx/", f"/kolding/opret-tilbud/ret/{offer.pk}/{REDACTED}/", 403),
        (f"/findes-ikke/?q={QUERY}", "/findes-ikke/", 404),
    ]
    return requests, tokens


def request_all(port, requests, tokens):
    for path, _, status in requests:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        # The Referer can carry a search and a private link too.
        referer = f"http://127.0.0.1:{port}/kolding/opret-tilbud/ret/1/{tokens[0]}/?q={QUERY}"
        conn.request("GET", path, headers={"Host": "127.0.0.1", "Referer": referer})
        response = conn.getresponse()
        response.read()
        conn.close()
        assert response.status == status, (path, response.status)


@contextlib.contextmanager
def server(command, env, port, log_path):
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        wait_until_answers(f"http://127.0.0.1:{port}", "/", timeout=90, process=process)
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def logged_lines(requests):
    return [f'"GET {logged_path} HTTP/1.1" {status} ' for _, logged_path, status in requests]


def read_log(log_path, requests):
    """The server's log once it has the line of every request (a server writes a request's
    line after sending its answer), or after 30 s."""
    deadline = time.monotonic() + 30
    while True:
        log = log_path.read_text()
        if all(line in log for line in logged_lines(requests)) or time.monotonic() > deadline:
            return log
        time.sleep(0.1)


def assert_clean(log, requests, tokens):
    assert QUERY not in log, "a search text is in the log"
    for token in tokens:
        assert token not in log and token[:-3] not in log, "a token is in the log"
    for line in logged_lines(requests):
        assert line in log, line


def test_gunicorn_with_the_readme_command_logs_no_search_and_no_token(site, tmp_path):
    requests, tokens = site(GUNICORN_SECRET_KEY)
    port = free_port()
    command = readme_gunicorn_command()
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    env = production_env(
        database_url(),
        DJANGO_SETTINGS_MODULE="config.settings.production",
        STATIC_ROOT=str(tmp_path / "static"),
        SECRET_KEY=GUNICORN_SECRET_KEY,
    )
    collectstatic(env, settings="config.settings.production")
    with server(command, env, port, tmp_path / "gunicorn.log"):
        request_all(port, requests, tokens)
        log = read_log(tmp_path / "gunicorn.log", requests)
    assert_clean(log, requests, tokens)
    # One access line per request, with its duration, and without the Referer.
    line = next(line for line in log.splitlines() if '"GET /kolding/soeg/ HTTP/1.1"' in line)
    assert re.search(r'\] "GET /kolding/soeg/ HTTP/1.1" 200 \d+ \d+ms "-"$', line), line
    assert "opret-tilbud/ret/1/" not in log


def test_the_dev_server_logs_no_search_and_no_token(site, tmp_path):
    requests, tokens = site(dev_settings.SECRET_KEY)
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": database_url(),
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    with server(command, env, port, tmp_path / "runserver.log"):
        request_all(port, requests, tokens)
        log = read_log(tmp_path / "runserver.log", requests)
    assert_clean(log, requests, tokens)
    # django.request's warnings (DEBUG: on the console) are redacted too.
    assert "Not Found: /findes-ikke/" in log
    assert f"Forbidden: {requests[5][1]}" in log
