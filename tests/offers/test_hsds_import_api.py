"""``manage.py import_hsds <address>``: an HSDS API read over HTTP, page by page (our own
``/api/hsds/v3/`` behind pytest-django's live server), and an address that cannot be read
(no server, 404, not JSON, a page missing halfway) stopping with a Danish message, exit status
1 and nothing written."""

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socket import socket
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import base as management_base
from django.core.management import execute_from_command_line

from offers.hsds import reading
from offers.models import OfferPage
from tests.offers.factories import OfferPageFactory, tuesday_and_last_thursday
from tests.offers.test_hsds_import import run

API = "/api/hsds/v3"
OFFERS = 5
PER_PAGE = 2  # five offers: three pages


def page_of(url):
    return int(parse_qs(urlsplit(url).query)["page"][0])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_api_is_read_page_by_page_into_another_municipality(
    live_server, kolding, mariagerfjord, monkeypatch
):
    for number in range(OFFERS):
        OfferPageFactory(parent=kolding, title=f"Samtalegruppe {number}", postcode="6000")
    timed = OfferPage.objects.get(title="Samtalegruppe 0")
    timed.schedules = tuesday_and_last_thursday()
    timed.save_revision().publish()
    asked = []
    read = reading._get_json
    monkeypatch.setattr(reading, "_get_json", lambda url: asked.append(url) or read(url))

    source = f"{live_server.url}{API}/?per_page={PER_PAGE}"
    out, err, ok = run(source, "--municipality", "Mariagerfjord")
    assert ok, err
    assert [page_of(url) for url in asked] == [1, 2, 3]
    assert all(f"per_page={PER_PAGE}" in url and "full=true" in url for url in asked)
    assert f"Oprettet: {OFFERS}, opdateret: 0, uændret: 0, fejlet: 0" in out

    copies = OfferPage.objects.filter(municipality=mariagerfjord)
    assert sorted(copies.values_list("title", flat=True)) == [
        f"Samtalegruppe {number}" for number in range(OFFERS)
    ]
    assert all(copy.live for copy in copies)
    copy = copies.get(title="Samtalegruppe 0")
    assert [(r.frequency, r.week_of_month, r.weekday, r.note) for r in copy.schedules.all()] == [
        ("weekly", None, 1, "ikke i ferier"),
        ("monthly", -1, 3, ""),
    ]
    assert OfferPage.objects.filter(municipality=kolding).count() == OFFERS


class Answers(BaseHTTPRequestHandler):
    """Answers ``GET <path>/services?…&page=N`` from ``server.pages[(path, N)]`` (status and
    body); anything else is a 404 page in HTML, as a web server gives it."""

    def do_GET(self):
        address = urlsplit(self.path)
        path = address.path.removesuffix("/services")
        page = int(parse_qs(address.query).get("page", ["0"])[0])
        status, body = self.server.pages.get((path, page), (404, "<h1>Ikke fundet</h1>"))
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@contextmanager
def serving(pages):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    server.pages = pages
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def closed_port():
    with socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage_py(monkeypatch, *args):
    """``manage.py *args`` as an operator runs it: its exit status (None for 0)."""
    # manage.py closes the database connections as it ends; the test's transaction stays.
    monkeypatch.setattr(management_base.connections, "close_all", lambda: None)
    try:
        execute_from_command_line(["manage.py", *args])
    except SystemExit as exit:
        return exit.code
    return None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("no server", "ingen forbindelse til serveren"),
        ("404", "serveren svarede 404 Not Found."),
        ("not json", "er ikke JSON."),
        ("no page", "Svaret er ikke en side (Page) med contents."),
        ("third page missing", "serveren svarede 404 Not Found."),
    ],
)
def test_an_address_that_cannot_be_read_stops_with_nothing_written(
    client, kolding, mariagerfjord, monkeypatch, capsys, case, message
):
    for number in range(OFFERS):
        OfferPageFactory(parent=kolding, title=f"Samtalegruppe {number}")
    pages = {}
    for page in (1, 2, 3):
        params = {"full": "true", "per_page": PER_PAGE, "page": page}
        pages[("/api", page)] = (200, client.get(f"{API}/services", params).content.decode())
    assert json.loads(pages[("/api", 3)][1])["contents"]  # three pages of services
    if case == "404":
        pages.clear()
    elif case == "not json":
        pages[("/api", 1)] = (200, "<!doctype html><title>Velkommen</title>")
    elif case == "no page":
        pages[("/api", 1)] = (200, json.dumps([{"id": "x"}]))
    elif case == "third page missing":
        del pages[("/api", 3)]
    before = OfferPage.objects.count()

    with serving(pages) as server:
        source = f"http://127.0.0.1:{closed_port()}/api" if case == "no server" else f"{server}/api"
        status = manage_py(monkeypatch, "import_hsds", source, "--municipality", "Mariagerfjord")
    assert status == 1
    err = capsys.readouterr().err
    assert err.startswith("CommandError: ") and message in err, err
    assert OfferPage.objects.count() == before
    assert not OfferPage.objects.filter(municipality=mariagerfjord).exists()


@pytest.mark.django_db
def test_a_good_api_through_manage_py_exits_with_status_zero(
    client, kolding, mariagerfjord, monkeypatch, capsys
):
    """The other side of the test above: the same served pages, all of them, import."""
    for number in range(OFFERS):
        OfferPageFactory(parent=kolding, title=f"Samtalegruppe {number}")
    pages = {
        ("/api", page): (
            200,
            client.get(
                f"{API}/services", {"full": "true", "per_page": PER_PAGE, "page": page}
            ).content.decode(),
        )
        for page in (1, 2, 3)
    }
    with serving(pages) as server:
        status = manage_py(
            monkeypatch, "import_hsds", f"{server}/api", "--municipality", "Mariagerfjord"
        )
    assert status is None, capsys.readouterr().err
    assert f"Oprettet: {OFFERS}" in capsys.readouterr().out
    assert OfferPage.objects.filter(municipality=mariagerfjord).count() == OFFERS
