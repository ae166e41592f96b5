"""No log keeps a query string (what people search for) or a private link's token, and
production logs the traceback of a 500 (the servers themselves: test_log_privacy_servers)."""

import copy
import io
import logging
import logging.config
import re
import shlex
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings as django_settings
from django.core.servers.basehttp import WSGIRequestHandler

from bench.server import REPO, production_env
from home.models import HomePage, MunicipalityPage
from home.redaction import PRIVATE_LINK_ROUTES, REDACTED, RedactingFilter, redact
from offers.private_links import confirm_link, edit_link
from tests.offers.factories import OfferPageFactory

QUERY = "kanariefugl-angst"


def readme_gunicorn_command():
    """The gunicorn command of the README's Deployment section, as a list of arguments."""
    readme = (REPO / "README.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    [block] = [b for b in blocks if "gunicorn" in b and "--bind" in b]
    return shlex.split(block.replace("\\\n", " "))


def test_the_readme_command_uses_the_projects_gunicorn_settings():
    command = readme_gunicorn_command()
    assert command[command.index("-c") + 1] == "config/gunicorn.conf.py"
    assert "--access-logfile" in command and "config.wsgi" in command


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"GET /kolding/soeg/?q={QUERY}&near=1 HTTP/1.1", "GET /kolding/soeg/ HTTP/1.1"),
        (
            f'"GET /api/search/suggest/?q={QUERY} HTTP/1.1" 200 12',
            '"GET /api/search/suggest/ HTTP/1.1" 200 12',
        ),
        (f"https://example.org/soeg/?q={QUERY} og", "https://example.org/soeg/ og"),
        (f"http://example.org?q={QUERY}", "http://example.org"),
        (
            "/kolding/opret-tilbud/ret/12/SECRET_tok-en/",
            f"/kolding/opret-tilbud/ret/12/{REDACTED}/",
        ),
        ("/en/opret-tilbud/bekraeft/7/SECRET?x=1", f"/en/opret-tilbud/bekraeft/7/{REDACTED}"),
        # A mangled id, another case, the percent-encoded token: the token still goes.
        ("/kolding/Opret-Tilbud/RET/x12/SEC%52ET/", f"/kolding/Opret-Tilbud/RET/x12/{REDACTED}/"),
        # The addresses without a token, and other text, stay as they are.
        ("/kolding/opret-tilbud/ret/12/", "/kolding/opret-tilbud/ret/12/"),
        ("/kolding/opret-tilbud/", "/kolding/opret-tilbud/"),
        ("Internal Server Error: /kolding/soeg/", "Internal Server Error: /kolding/soeg/"),
        ("no address here", "no address here"),
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected


def test_every_route_with_a_token_is_redacted():
    """A new route whose address carries a token must be added to the redaction rule."""
    everywhere = set()
    for model in (HomePage, MunicipalityPage):
        routes = [str(pattern.pattern) for pattern in model.get_subpage_urls()]
        with_token = [route for route in routes if "token>" in route]
        assert set(with_token) <= set(PRIVATE_LINK_ROUTES), model
        everywhere.update(with_token)
        for route in with_token:
            path = "/kolding/" + re.sub(r"<int:\w+>", "12", route).replace("<str:token>", "SECRET")
            assert "SECRET" not in redact(path), route
            assert redact(path).endswith(f"/12/{REDACTED}/"), route
    assert everywhere == set(PRIVATE_LINK_ROUTES)


def test_the_filter_redacts_message_arguments_and_traceback():
    try:
        raise ValueError(f"bad /kolding/soeg/?q={QUERY} at /opret-tilbud/ret/3/SECRET/")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s",
            (f"/kolding/soeg/?q={QUERY}",), sys.exc_info(),
        )  # fmt: skip
    assert RedactingFilter().filter(record)
    text = logging.Formatter().format(record)
    assert "Internal Server Error: /kolding/soeg/" in text
    assert "ValueError: bad /kolding/soeg/ at /opret-tilbud/ret/3/[skjult]/" in text
    assert QUERY not in text and "SECRET" not in text


@pytest.fixture
def django_log(settings):
    """The project's LOGGING (DEBUG on, as with runserver), every handler writing to a buffer."""
    settings.DEBUG = True
    buffer = io.StringIO()
    config = copy.deepcopy(django_settings.LOGGING)
    for handler in config["handlers"].values():
        if handler["class"] == "logging.StreamHandler":
            handler["stream"] = buffer
    logging.config.dictConfig(config)
    yield buffer
    logging.config.dictConfig(django_settings.LOGGING)


@pytest.mark.django_db
def test_django_request_and_dev_server_logs_keep_neither_query_nor_token(
    client, kolding, django_log
):
    offer = OfferPageFactory(parent=kolding, email="kontakt@example.org")
    edit, confirm = edit_link(offer), confirm_link(offer)
    secrets = [link.rstrip("/").rsplit("/", 1)[1] for link in (edit, confirm)]
    paths = [
        f"/kolding/soeg/?q={QUERY}",
        f"/api/search/?municipality=kolding&q={QUERY}",
        f"/api/search/suggest/?q={QUERY}",
        edit.removeprefix("http://testserver"),
        confirm.removeprefix("http://testserver"),
        edit.removeprefix("http://testserver")[:-3] + "xx/",  # a changed token: 403
        f"/mariagerfjord/opret-tilbud/ret/{offer.pk}/{secrets[0]}/",  # 404
        f"/findes-ikke/?q={QUERY}",  # 404
    ]
    for path in paths:
        client.get(path)
        # What runserver writes for each request (django.core.servers.basehttp).
        handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
        handler.request = None
        handler.requestline = f"GET {path} HTTP/1.1"
        handler.log_date_time_string = lambda: "04/May/2026 09:00:00"
        handler.log_request(200, 1234)

    log = django_log.getvalue()
    assert QUERY not in log
    for secret in secrets:
        assert secret not in log and secret[:-3] not in log
    assert '"GET /kolding/soeg/ HTTP/1.1" 200 1234' in log
    assert '"GET /api/search/suggest/ HTTP/1.1" 200 1234' in log
    assert f'"GET /kolding/opret-tilbud/ret/{offer.pk}/{REDACTED}/ HTTP/1.1" 200' in log
    assert f"Forbidden: /kolding/opret-tilbud/ret/{offer.pk}/{REDACTED}/" in log
    assert f"Not Found: /mariagerfjord/opret-tilbud/ret/{offer.pk}/{REDACTED}/" in log
    assert "Not Found: /findes-ikke/" in log


def test_every_handler_redacts():
    for name, handler in django_settings.LOGGING["handlers"].items():
        assert "redact" in handler["filters"], name
    assert django_settings.LOGGING["filters"]["redact"]["()"] == "home.redaction.RedactingFilter"


FAILING_APP = textwrap.dedent(
    """
    import django
    from django.http import HttpResponseServerError
    from django.test import Client, override_settings
    from django.urls import re_path

    django.setup()


    def broken(request):
        raise RuntimeError("kaputt at " + request.get_full_path())


    urlpatterns = [re_path(r"", broken)]
    handler500 = lambda request: HttpResponseServerError("fejl")  # noqa: E731

    with override_settings(ROOT_URLCONF="__main__"):
        for path in {paths!r}:
            status = Client(raise_request_exception=False).get(path).status_code
            print("status", status)
    """
)


def test_a_500_in_production_logs_its_traceback_to_stderr(tmp_path):
    paths = [f"/kolding/soeg/?q={QUERY}", "/kolding/opret-tilbud/ret/12/SECRET-TOKEN/"]
    env = production_env(
        "postgres://nobody@127.0.0.1:9/none",  # never connected to
        DJANGO_SETTINGS_MODULE="config.settings.production",
        ALLOWED_HOSTS="testserver",
        PYTHONPATH=str(REPO),
    )
    script = tmp_path / "failing_app.py"
    script.write_text(FAILING_APP.format(paths=paths))
    result = subprocess.run(
        [sys.executable, str(script)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["status", "500", "status", "500"]
    stderr = result.stderr
    assert "[ERROR] django.request: Internal Server Error: /kolding/soeg/\n" in stderr
    assert "Traceback (most recent call last):" in stderr
    assert f'File "{script}", line ' in stderr and ", in broken\n" in stderr
    assert 'raise RuntimeError("kaputt at " + request.get_full_path())' in stderr
    assert "RuntimeError: kaputt at /kolding/soeg/\n" in stderr
    assert f"Internal Server Error: /kolding/opret-tilbud/ret/12/{REDACTED}/" in stderr
    assert QUERY not in stderr and "SECRET-TOKEN" not in stderr
