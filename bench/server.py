"""Serve Socialkompas with gunicorn for benchmarks and fault scripts.

Reusable pieces (run_bench.py and bench/faults/ use them); run from the repository root or
anywhere, paths are resolved from this file.

    from bench.server import gunicorn_server, production_env, collectstatic

    env = production_env(database_url)            # env for config.settings.production/bench
    collectstatic(env)                            # once per STATIC_ROOT (manifest storage)
    with gunicorn_server(database_url, workers=4) as server:
        server.base_url   # "http://127.0.0.1:PORT" (server itself is also that str)
        server.port       # int
        server.pid        # pid of the gunicorn master
        server.process    # subprocess.Popen of the master (own process group)
        server.log_path   # file with gunicorn's stdout/stderr
        server.worker_pids()  # pids of the current workers (from /proc)
        server.stop()     # SIGTERM, wait (graceful), SIGKILL after `stop_timeout`; idempotent

``gunicorn_server(database_url, *, settings="config.settings.bench", workers=4, threads=1,
env=None, port=None, timeout=30, graceful_timeout=10, ready_path="/__bench__/hello/",
start_timeout=60, stop_timeout=20, log_path=None, extra_args=())``

- ``database_url``: the PostgreSQL URL (e.g. ``os.environ["DATABASE_URL"]`` under
  ``scripts/with-postgres.sh``).
- ``settings``: ``DJANGO_SETTINGS_MODULE``; ``config.settings.bench`` is production plus the
  hello-world view (``/__bench__/hello/``) and raised form rate limits.
- ``workers``/``threads``: gunicorn sync workers; ``threads > 1`` selects the gthread worker.
- ``env``: extra environment on top of :func:`production_env` (overrides it).
- ``port``: fixed port, else a free one on 127.0.0.1.
- ``ready_path``: polled until the server answers with any HTTP status below 500 (use "/"
  with settings that lack the bench URLs). If the master exits or ``start_timeout`` passes,
  ``RuntimeError`` is raised with the end of the log.

Leaving the ``with`` block stops the server (also on exceptions).
"""

from __future__ import annotations

import contextlib
import html
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

__all__ = [
    "REPO",
    "Server",
    "collectstatic",
    "free_port",
    "gunicorn_server",
    "production_env",
    "wait_until_answers",
]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    """The process environment for production-like settings on 127.0.0.1 over plain HTTP.

    SECRET_KEY, ALLOWED_HOSTS, no SSL redirect/HSTS, the database, a STATIC_ROOT under /tmp
    (so ``collectstatic`` does not touch the working tree), raised form rate limits. Values
    already in ``os.environ`` for STATIC_ROOT win; ``extra`` wins over everything.
    """
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": env.get("BENCH_SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": env.get(
                "STATIC_ROOT", str(Path(tempfile.gettempdir()) / "socialkompas-bench-static")
            ),
            "SOCIALKOMPAS_SUBMIT_RATE": "1000000/s",
            "SOCIALKOMPAS_REPORT_RATE": "1000000/s",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def collectstatic(env: dict[str, str], settings: str = "config.settings.bench") -> None:
    """``manage.py collectstatic`` into env["STATIC_ROOT"] (needed by the manifest storage)."""
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=REPO,
        env={**env, "DJANGO_SETTINGS_MODULE": settings},
        check=True,
    )


def wait_until_answers(
    base_url: str, path: str = "/", timeout: float = 60, process: subprocess.Popen | None = None
) -> None:
    """Poll ``base_url + path`` until it answers with a status below 500."""
    host, port = base_url.removeprefix("http://").split(":")
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode} before answering")
        try:
            conn = http.client.HTTPConnection(host, int(port), timeout=5)
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            status = conn.getresponse().status
            conn.close()
            if status < 500:
                return
            last = f"HTTP {status}"
        except OSError as exc:
            last = str(exc)
        time.sleep(0.2)
    raise RuntimeError(f"{base_url}{path} did not answer within {timeout:.0f} s ({last})")


class Server(str):
    """The base URL (``http://127.0.0.1:PORT``) with the running gunicorn attached."""

    process: subprocess.Popen
    port: int
    log_path: Path
    stop_timeout: float

    @property
    def base_url(self) -> str:
        return str(self)

    @property
    def pid(self) -> int:
        return self.process.pid

    def worker_pids(self) -> list[int]:
        """Pids of the master's current children (the workers)."""
        path = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        try:
            return [int(p) for p in path.read_text().split()]
        except OSError:
            return []

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> int | None:
        """SIGTERM the master (graceful shutdown), SIGKILL the group after stop_timeout."""
        proc = self.process
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(self.stop_timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        return proc.returncode


@contextlib.contextmanager
def gunicorn_server(
    database_url: str,
    *,
    settings: str = "config.settings.bench",
    workers: int = 4,
    threads: int = 1,
    env: dict[str, str] | None = None,
    port: int | None = None,
    timeout: int = 30,
    graceful_timeout: int = 10,
    ready_path: str = "/__bench__/hello/",
    start_timeout: float = 60,
    stop_timeout: float = 20,
    log_path: str | Path | None = None,
    extra_args: tuple[str, ...] | list[str] = (),
) -> Iterator[Server]:
    """Start gunicorn on 127.0.0.1, wait until it answers, yield a :class:`Server`, stop it."""
    port = port or free_port()
    full_env = production_env(database_url, DJANGO_SETTINGS_MODULE=settings, **(env or {}))
    full_env["DJANGO_SETTINGS_MODULE"] = settings
    if log_path is None:
        fd, name = tempfile.mkstemp(prefix="socialkompas-gunicorn-", suffix=".log")
        os.close(fd)
        log_path = name
    log_path = Path(log_path)
    cmd = [
        PYTHON,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        str(graceful_timeout),
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    if threads > 1:
        cmd += ["--worker-class", "gthread", "--threads", str(threads)]
    cmd += list(extra_args)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            cmd,
            cwd=REPO,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # own process group: Ctrl-C is handled by us, not it
        )
    server = Server(f"http://127.0.0.1:{port}")
    server.process = process
    server.port = port
    server.log_path = log_path
    server.stop_timeout = stop_timeout
    try:
        try:
            wait_until_answers(server, ready_path, start_timeout, process)
        except RuntimeError as exc:
            raise RuntimeError(f"gunicorn did not start: {exc}\n{server.log_tail()}") from exc
        yield server
    finally:
        server.stop()


def form_choices(form_html: str, name: str) -> list[str]:
    """The values of the checkboxes/radios/options called ``name`` in a rendered form."""
    return re.findall(rf'name="{name}" value="([^"]+)"', form_html)


def submission_fields(form_html: str, **overrides) -> dict:
    """A valid "Opret tilbud" form as a person fills it in, read from the form page itself:
    its CSRF token, the first two life situations, a target group, an offer kind, a new
    organisation of the first provider type, the conditions and consent ticked, the honeypot
    empty. ``overrides`` replace fields (title, organisation name, sender, ...)."""
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_html)
    choices = {
        name: form_choices(form_html, name)
        for name in ("life_situations", "target_groups", "offer_kinds", "new_organisation_type")
    }
    if token is None or not all(choices.values()):
        raise RuntimeError("the submission form lacks its CSRF token or its choices")
    fields = {
        "csrfmiddlewaretoken": html.unescape(token.group(1)),
        "title": "Læsekreds for nye danskere",
        "summary": "Vi læser lette bøger på dansk sammen og snakker om dem.",
        "description": "Vi mødes hver onsdag.\n\nAlle er velkomne.",
        "life_situations": choices["life_situations"][:2],
        "target_groups": choices["target_groups"][:1],
        "offer_kinds": choices["offer_kinds"][:1],
        "age_min": "18",
        "age_max": "",
        "formats": ["fysisk"],
        "address": "Slotsgade 5",
        "postcode": "6000",
        "city": "Kolding",
        "schedule": "Onsdage kl. 16-18",
        "accessible": "ja",
        "price": "gratis",
        "price_note": "",
        "registration_required": "nej",
        "anonymous": "nej",
        "languages": ["da"],
        "phone": "+45 12 34 56 78",
        "email": "laesekreds@example.org",
        "website": "https://example.org/laesekreds",
        "organisation": "",
        "new_organisation_name": "Læselysten Kolding",
        "new_organisation_type": html.unescape(choices["new_organisation_type"][0]),
        "new_organisation_cvr": "",
        "submitter_name": "Birthe Jensen",
        "submitter_email": "birthe@example.org",
        "submitter_phone": "",
        "eligibility_organisation": "on",
        "eligibility_not_political": "on",
        "eligibility_free": "on",
        "eligibility_denmark": "on",
        "privacy_consent": "on",
        "hjemmeside_url": "",  # the honeypot, empty as a person leaves it
    }
    fields.update(overrides)
    return fields
