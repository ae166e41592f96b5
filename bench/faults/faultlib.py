"""Shared pieces of the fault and load scripts in bench/faults/.

- :class:`Postgres`: a private, throwaway PostgreSQL server (like scripts/with-postgres.sh) that
  the scripts can stop and start again while the app runs against it.
- :class:`SmtpSink`: a tiny SMTP server that accepts and keeps every message (optionally slowly),
  so production settings (SMTP) send their receipts somewhere harmless.
- :func:`prepare_site`: migrate, load the demo, collectstatic.
- :class:`Submitter`: one simulated association: GET the form, POST a valid offer with a marker.
- :func:`check_queue`: what the database holds for a run's marker, offer by offer.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.server import (  # noqa: E402
    collectstatic,
    free_port,
    gunicorn_server,
    production_env,
    submission_fields,
)

__all__ = [
    "REPO",
    "Postgres",
    "SmtpSink",
    "TITLE_PREFIX",
    "Submitter",
    "Result",
    "check_queue",
    "collectstatic",
    "free_port",
    "gunicorn_server",
    "new_run_id",
    "percentile",
    "prepare_site",
    "site_env",
    "site_extra",
]

SETTINGS = "config.settings.bench"
FORM_PATH = "/kolding/opret-tilbud/"
TITLE_PREFIX = "Lasttest"
ORG_PREFIX = "Lasttestforening"


def new_run_id() -> str:
    return uuid.uuid4().hex[:8]


# ----------------------------------------------------------------------------- PostgreSQL
def _pg_bindir() -> Path:
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(re.sub(r"\D", "", p.parent.name) or 0),
    )
    if not found:
        raise SystemExit("PostgreSQL server binaries not found (set PG_BIN)")
    return found[-1]


class Postgres:
    """A private PostgreSQL in a temp dir (as the ``postgres`` user when run as root).

    Same setup as scripts/with-postgres.sh, but it stays under our control so a script can
    ``stop()`` and ``start()`` it (same data dir, same port) while the app keeps running.
    """

    def __init__(self) -> None:
        self.bin = _pg_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="faults-pg.", dir="/tmp"))
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres")
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/socialkompas"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(a) for a in args]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, cwd=self.root, check=check, capture_output=True, text=True)

    def init(self) -> Postgres:
        self._run(
            self.bin / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C.UTF-8",
        )  # fmt: skip
        sock = self.root / "sock"
        self._run("mkdir", "-m", "700", sock)
        with open(self.data / "postgresql.conf", "a") as conf:
            # fsync off as in with-postgres.sh (throwaway); synchronous_commit stays on, so a
            # commit the app acknowledged survives a stop of the server in any mode.
            conf.write(
                f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{sock}'\nfsync = off\nfull_page_writes = off\n"
                "max_connections = 200\n"
            )
        self.start()
        self._run(self.bin / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres",
                  "socialkompas")  # fmt: skip
        return self

    def start(self, timeout: float = 30) -> float:
        """Start the server; returns the monotonic time when it accepts connections."""
        self._run(self.bin / "pg_ctl", "start", "-D", self.data, "-l", self.log, "-W")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready = self._run(
                self.bin / "pg_isready", "-q", "-h", "127.0.0.1", "-p", self.port, "-t", "1",
                check=False,
            )  # fmt: skip
            if ready.returncode == 0:
                return time.monotonic()
            time.sleep(0.05)
        raise RuntimeError("PostgreSQL did not come up:\n" + self.log.read_text()[-2000:])

    def stop(self, mode: str = "fast") -> float:
        """Stop the server (``fast``: abort sessions, clean shutdown; ``immediate``: crash)."""
        self._run(self.bin / "pg_ctl", "stop", "-D", self.data, "-m", mode, "-w", "-t", "60")
        return time.monotonic()

    def close(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(self.bin / "pg_ctl", "stop", "-D", self.data, "-m", "immediate", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Postgres:
        try:
            return self.init()
        except BaseException:
            self.close()
            raise

    def __exit__(self, *exc) -> None:
        self.close()


# ----------------------------------------------------------------------------- SMTP sink
class SmtpSink:
    """Accepts every message on 127.0.0.1:<port>; ``delay`` seconds before acknowledging DATA."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.messages: list[bytes] = []
        self.lock = threading.Lock()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                self.wfile.write(b"220 sink ESMTP\r\n")
                while line := self.rfile.readline():
                    verb = line[:4].upper()
                    if verb in (b"EHLO", b"HELO"):
                        self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
                    elif verb == b"DATA":
                        self.wfile.write(b"354 go on\r\n")
                        body = []
                        while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                            body.append(chunk)
                        if sink.delay:
                            time.sleep(sink.delay)
                        with sink.lock:
                            sink.messages.append(b"".join(body))
                        self.wfile.write(b"250 kept\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 ok\r\n")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # a worker killed in the middle of a mail: nothing to report

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]

    def __enter__(self) -> SmtpSink:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def mentioning(self, needle: str) -> list[bytes]:
        raw = needle.encode()
        with self.lock:
            return [m for m in self.messages if raw in m]

    def count_mentioning(self, needle: str) -> int:
        """Messages whose raw text contains ``needle`` (ASCII, e.g. a marker e-mail address)."""
        raw = needle.encode()
        with self.lock:
            return sum(raw in m for m in self.messages)


# ----------------------------------------------------------------------------- the site
def site_extra(smtp_port: int) -> dict[str, str]:
    """Our additions to bench/server.py's environment: real SMTP (as in production, not the
    bench settings' dummy backend), to the sink."""
    return {
        "BENCH_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "MEDIA_ROOT": str(Path(tempfile.gettempdir()) / "socialkompas-faults-media"),
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
    }


def site_env(database_url: str, smtp_port: int) -> dict[str, str]:
    """The full environment for ``config.settings.bench`` (management commands, checks)."""
    return production_env(database_url, DJANGO_SETTINGS_MODULE=SETTINGS, **site_extra(smtp_port))


def prepare_site(env: dict[str, str]) -> None:
    """migrate, demo content (once), static files for the manifest storage."""
    py = sys.executable
    for args in (
        ["migrate", "--noinput", "--verbosity", "0"],
        ["load_demo", "--if-empty", "--force"],
    ):
        subprocess.run([py, "manage.py", *args], cwd=REPO, env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    collectstatic(env, SETTINGS)


# ----------------------------------------------------------------------------- submitters
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Result:
    """One attempt: GET the form, then (if that worked) POST it."""

    key: str  # the marker's unique part, also in the title
    outcome: str  # "accepted" or why not
    started: float  # monotonic, when the POST was sent (GET start if no POST)
    finished: float
    posted: bool
    latency: float  # POST latency (s)
    form_at: float = 0.0  # monotonic, when the GET of the form came back 200 (0: it did not)


@dataclass
class Submitter:
    """Posts valid offers to the form, each with a unique title, until ``stop`` is set."""

    base_url: str
    run_id: str
    name: str
    stop: threading.Event
    results: list[Result]
    inflight: dict = field(default_factory=dict)  # key -> POST start, shared by the threads
    description_bytes: int = 0
    timeout: float = 120
    session: requests.Session = field(default_factory=requests.Session)

    def payload(self, html: str, key: str) -> dict:
        description = "Vi mødes og taler sammen.\n\n"
        if self.description_bytes:
            description = ("Et langt afsnit om tilbuddet. " * 200)[: self.description_bytes]
        return submission_fields(
            html,
            title=f"{TITLE_PREFIX} {self.run_id} {key}",
            summary="Et tilbud sendt af belastningstesten.",
            description=description,
            formats=["online"],
            address="",
            postcode="",
            city="",
            phone="",
            email="",
            website="",
            new_organisation_name=f"{ORG_PREFIX} {self.run_id} {key}",
            submitter_name="Belastning Test",
            submitter_email=f"lasttest-{self.run_id}-{key}@example.org",
        )

    def once(self, n: int) -> Result:
        key = f"{self.name}-{n}"
        url = self.base_url + FORM_PATH
        t0 = time.monotonic()
        try:
            get = self.session.get(url, timeout=self.timeout)
        except requests.RequestException as exc:
            return Result(key, f"GET {type(exc).__name__}", t0, time.monotonic(), False, 0)
        cookie = get.cookies.get("csrftoken")
        if get.status_code != 200 or not cookie or not CSRF_RE.search(get.text):
            why = f"GET {get.status_code}"
            if get.status_code == 200:
                why += " without CSRF cookie or token"
            return Result(key, why, t0, time.monotonic(), False, 0)
        form_at = time.monotonic()
        data = self.payload(get.text, key)
        # The CSRF cookie is Secure (production); over plain HTTP we send it back ourselves.
        self.session.cookies.clear()
        t1 = time.monotonic()
        self.inflight[key] = t1
        try:
            post = self.session.post(
                url,
                data=data,
                headers={"Cookie": f"csrftoken={cookie}"},
                allow_redirects=False,
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            t2 = time.monotonic()
            return Result(key, f"POST {type(exc).__name__}", t1, t2, True, t2 - t1, form_at)
        finally:
            self.inflight.pop(key, None)
        t2 = time.monotonic()
        if post.status_code == 302 and "sendt=1" in post.headers.get("Location", ""):
            outcome = "accepted"
        elif post.status_code == 200:
            outcome = "POST 200 (form shown again: similar offers?)"
        else:
            outcome = f"POST {post.status_code}"
        return Result(key, outcome, t1, t2, True, t2 - t1, form_at)

    def run(self) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            result = self.once(n)
            self.results.append(result)  # list.append is atomic under the GIL
            if result.outcome != "accepted":
                time.sleep(0.1)  # a failing server: do not spin


def run_submitters(
    base_url: str, run_id: str, count: int, stop: threading.Event, **kwargs
) -> tuple[list[Result], list[threading.Thread]]:
    """Start ``count`` submitter threads. ``inflight`` (a dict passed in kwargs) is kept up to
    date with the POSTs sent and not yet answered."""
    results: list[Result] = []
    threads = []
    for i in range(count):
        s = Submitter(base_url, run_id, f"t{i}", stop, results, **kwargs)
        t = threading.Thread(target=s.run, daemon=True)
        t.start()
        threads.append(t)
    return results, threads


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def summarise_results(results: list[Result], seconds: float) -> list[str]:
    posted = [r for r in results if r.posted]
    accepted = [r for r in results if r.outcome == "accepted"]
    rejected = Counter(r.outcome for r in results if r.outcome != "accepted")
    lat = sorted(r.latency for r in accepted)
    lines = [
        f"attempts (GET+POST cycles): {len(results)}, POSTs sent: {len(posted)}",
        f"accepted (302 to the receipt): {len(accepted)}",
        f"not accepted: {sum(rejected.values())}"
        + "".join(f"\n    {n:6d}  {why}" for why, n in rejected.most_common()),
        f"throughput: {len(accepted) / seconds:.1f} accepted submissions/s "
        f"({len(posted) / seconds:.1f} POSTs/s) over {seconds:.1f} s",
        f"POST latency of accepted: p50 {percentile(lat, 50) * 1000:.0f} ms, "
        f"p95 {percentile(lat, 95) * 1000:.0f} ms, max {max(lat, default=0) * 1000:.0f} ms",
    ]
    return lines


# ----------------------------------------------------------------------------- the database
def django_setup(env: dict[str, str]) -> None:
    """Set up Django in this process with the same settings and database as the server."""
    import django

    os.environ.update(env)
    os.environ["DB_CONN_MAX_AGE"] = "0"
    os.chdir(REPO)
    django.setup()


@dataclass
class QueueCheck:
    """What the database holds for a run, offer by offer (keys are the markers' unique parts)."""

    complete: set[str] = field(default_factory=set)  # page+revision+workflow+submission+M2M
    counts: Counter = field(default_factory=Counter)  # key -> offer pages with that title
    broken: dict[str, list[str]] = field(default_factory=dict)  # key -> what is missing
    orphan_organisations: list[str] = field(default_factory=list)
    tree_problems: list[str] = field(default_factory=list)

    def report(self, results: list[Result]) -> tuple[list[str], bool]:
        """Lines to print and whether the run keeps every promise."""
        accepted = {r.key for r in results if r.outcome == "accepted"}
        others = {r.key for r in results if r.outcome != "accepted" and r.posted}
        missing = sorted(k for k in accepted if self.counts[k] == 0)
        duplicates = sorted(k for k, n in self.counts.items() if n > 1)
        broken = sorted(self.broken)
        present_unacked = sorted(k for k in others if self.counts[k] and k not in self.broken)
        unknown = sorted(k for k in self.counts if k not in accepted | others)
        ok = not (missing or duplicates or broken or self.orphan_organisations or unknown)
        ok = ok and not self.tree_problems
        lines = [
            f"in the moderation queue (complete): {len(self.complete)} of {len(accepted)} accepted",
            f"accepted but missing: {len(missing)} {missing[:10]}",
            f"duplicated (same marker twice): {len(duplicates)} {duplicates[:10]}",
            f"half-written offers: {len(broken)}"
            + "".join(f"\n    {k}: {', '.join(self.broken[k])}" for k in broken[:15]),
            f"orphan organisations (created, no offer): {len(self.orphan_organisations)} "
            f"{self.orphan_organisations[:10]}",
            f"saved although the client got no success answer: {len(present_unacked)} "
            f"{present_unacked[:10]}"
            + (
                "\n    (complete, but the sender saw an error: sending again makes a duplicate)"
                if present_unacked
                else ""
            ),
            f"present but never sent by us (should be 0): {len(unknown)} {unknown[:10]}",
            "page tree (treebeard find_problems): "
            + ("ok" if not self.tree_problems else "; ".join(self.tree_problems)),
        ]
        return lines, ok


def check_queue(env: dict[str, str], run_id: str) -> QueueCheck:
    """Inspect every offer, revision, workflow, submission and organisation of ``run_id``."""
    django_setup(env)
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count
    from wagtail.models import Page, Revision, TaskState, WorkflowState

    from offers.models import OfferPage, Organisation, Submission

    prefix = f"{TITLE_PREFIX} {run_id} "
    org_prefix = f"{ORG_PREFIX} {run_id} "
    page_ct = ContentType.objects.get_for_model(Page)
    check = QueueCheck()

    pages = list(
        Page.objects.filter(title__startswith=prefix).values("pk", "title", "latest_revision_id")
    )
    ids = [p["pk"] for p in pages]
    str_ids = [str(i) for i in ids]
    offers = {
        o.pk: o
        for o in OfferPage.objects.filter(pk__in=ids)
        .select_related("organisation")
        .annotate(
            n_life=Count("life_situations", distinct=True),
            n_kinds=Count("offer_kinds", distinct=True),
            n_lang=Count("languages", distinct=True),
            n_target=Count("target_groups", distinct=True),
        )
    }
    revisions = Counter(
        Revision.objects.filter(base_content_type=page_ct, object_id__in=str_ids).values_list(
            "object_id", flat=True
        )
    )
    workflows = Counter(
        WorkflowState.objects.filter(
            base_content_type=page_ct,
            object_id__in=str_ids,
            status=WorkflowState.STATUS_IN_PROGRESS,
        ).values_list("object_id", flat=True)
    )
    tasks = Counter(
        TaskState.objects.filter(
            workflow_state__base_content_type=page_ct,
            workflow_state__object_id__in=str_ids,
            status=TaskState.STATUS_IN_PROGRESS,
        ).values_list("workflow_state__object_id", flat=True)
    )
    submissions = Counter(
        Submission.objects.filter(offer_id__in=ids).values_list("offer_id", flat=True)
    )
    for p in pages:
        key = p["title"].removeprefix(prefix)
        check.counts[key] += 1
        pk, missing = p["pk"], []
        offer = offers.get(pk)
        if offer is None:
            missing.append("Page row without OfferPage row")
        else:
            if offer.live:
                missing.append("live without approval")
            if (offer.n_life, offer.n_kinds, offer.n_lang, offer.n_target) != (2, 1, 1, 1):
                missing.append(
                    f"M2M rows life/kinds/lang/target = "
                    f"{offer.n_life}/{offer.n_kinds}/{offer.n_lang}/{offer.n_target}"
                )
            if offer.organisation is None or offer.organisation.name != org_prefix + key:
                missing.append("wrong or no organisation")
        if not p["latest_revision_id"] or not revisions[str(pk)]:
            missing.append("no revision")
        if workflows[str(pk)] != 1 or tasks[str(pk)] != 1:
            missing.append(f"workflow states {workflows[str(pk)]}, task states {tasks[str(pk)]}")
        if submissions[pk] != 1:
            missing.append(f"{submissions[pk]} Submission rows")
        if missing:
            check.broken[key] = missing
        else:
            check.complete.add(key)
    check.orphan_organisations = sorted(
        o.name.removeprefix(org_prefix)
        for o in Organisation.objects.filter(name__startswith=org_prefix).annotate(
            n=Count("offers")
        )
        if o.n == 0
    )
    problems = Page.find_problems()
    names = ("evil chars", "bad steplen", "orphans", "wrong depth", "wrong numchild")
    check.tree_problems = [f"{n}: {list(v)[:5]}" for n, v in zip(names, problems, strict=True) if v]
    return check


@contextlib.contextmanager
def timer():
    t = {"start": time.monotonic()}
    yield t
    t["seconds"] = time.monotonic() - t["start"]
