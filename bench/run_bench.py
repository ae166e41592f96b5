#!/usr/bin/env python
"""The 50,000-offer benchmark (``make bench``): import, publish, and pages under load.

    scripts/with-postgres.sh .venv/bin/python bench/run_bench.py [--per-municipality 510]

Against the (throwaway) PostgreSQL in ``DATABASE_URL``, with production settings plus a
hello-world view (``config.settings.bench``):

1. ``migrate``, ``load_demo --force --no-translations`` (national front page, site, content
   pages, Kolding and Mariagerfjord with their front-page blocks and demo offers);
2. ``bench/generate_offers.py --per-municipality N`` (98 municipalities) and
   ``manage.py import_offers FILE``, timed (wall clock of the whole command, its
   closing ``VACUUM (ANALYZE)`` included);
3. ``bench/publish_one.py``: change an offer's summary and ``save_revision().publish()``;
4. ``collectstatic`` (into a temp STATIC_ROOT), gunicorn on 127.0.0.1 (``bench/server.py``);
5. ``wrk`` from a separate process against each page at each concurrency (the national and
   long-sentence search rows only up to 4 connections; ``bench/wrk/report.lua``), after a
   short warm-up per page;
6. prints one table and the targets, and writes it all to ``bench/RESULTS.md``.

See bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.server import collectstatic, gunicorn_server, production_env, submission_fields  # noqa: E402

PYTHON = sys.executable
SETTINGS = "config.settings.bench"
LUA = REPO / "bench" / "wrk" / "report.lua"
RESULTS = REPO / "bench" / "RESULTS.md"
GUNICORN_LOG = Path(tempfile.gettempdir()) / "socialkompas-bench-gunicorn.log"
MUNICIPALITY = "kolding"
FULL_SIZE = 510

#: Issue 7: search page and API p95 at each concurrency.
TARGET_SEARCH_P95_MS = 100
#: Issue 13: the municipality search with text and two facets at 1 connection, and the
#: national search rows at 1 connection.
TARGET_MUNICIPALITY_SEARCH_P95_MS = 50
TARGET_NATIONAL_SEARCH_P95_MS = 150
#: The national search rows: a common word, the most general word people type, and the
#: common word with two facets; the municipality page with a long everyday sentence.
NATIONAL_QUERY = "angst"
NATIONAL_GENERAL_QUERY = "hjælp"
SENTENCE_QUERY = "min søn har angst"
#: The national and long-sentence search rows are measured at these many connections at
#: most (their targets are at 1; 16 would add minutes of queueing and nothing new).
NEW_SEARCH_MAX_CONNECTIONS = 4
TARGET_RATIO = 5
TARGET_PUBLISH_MS = 500
TARGET_IMPORT_S = 600


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------ setup


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk is missing: apt-get install wrk")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], env=env, check=False)
        if not shutil.which("wrk"):
            subprocess.run(["apt-get", "update", "-q"], env=env, check=False)
            subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], env=env, check=False)
        found = shutil.which("wrk")
        if found:
            return found
    sys.exit(
        "bench: the load generator wrk is not installed. Install it and run again:\n"
        "  Debian/Ubuntu: sudo apt-get install wrk\n"
        "  macOS:         brew install wrk"
    )


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def django_shell(env: dict[str, str], code: str) -> str:
    return manage(env, "shell", "--no-imports", "-c", code, capture=True).strip()


@dataclass
class Setup:
    offers_in_file: int = 0
    import_seconds: float = 0.0
    import_ok: bool = True
    import_summary: str = ""
    live_offers: int = 0
    municipalities: int = 0
    publish: dict = field(default_factory=dict)


def prepare_database(env: dict[str, str], per_municipality: int, workdir: Path, repeat: int):
    setup = Setup()
    log("migrate")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    log("load_demo (national front page, site, content pages, two demo municipalities)")
    manage(env, "load_demo", "--force", "--no-translations", capture=True)

    csv_path = workdir / "offers.csv"
    log(f"generate_offers.py --per-municipality {per_municipality}")
    with open(csv_path, "w", encoding="utf-8") as out:
        subprocess.run(
            [PYTHON, "bench/generate_offers.py", "--per-municipality", str(per_municipality)],
            cwd=REPO,
            stdout=out,
            check=True,
        )
    with open(csv_path, encoding="utf-8", newline="") as f:
        setup.offers_in_file = sum(1 for _ in csv.DictReader(f))

    log(f"import_offers: {setup.offers_in_file} offers (timed)")
    start = time.perf_counter()
    result = subprocess.run(
        [PYTHON, "manage.py", "import_offers", str(csv_path)],
        cwd=REPO,
        env=env,
        text=True,
        capture_output=True,
    )
    setup.import_seconds = time.perf_counter() - start
    setup.import_ok = result.returncode == 0
    lines = [line for line in result.stdout.splitlines() if not line.startswith("Ny kommune")]
    setup.import_summary = lines[-1] if lines else ""
    log(f"import took {setup.import_seconds:.1f} s: {setup.import_summary}")
    if not setup.import_ok:
        log(f"import_offers exited {result.returncode}:\n{result.stderr[-3000:]}")

    # No ANALYZE of its own: import_offers vacuums and analyses what it wrote (bulk_pages).
    counts = django_shell(
        env,
        "from offers.models import OfferPage\n"
        "from home.models import MunicipalityPage\n"
        "print(OfferPage.objects.live().count(), MunicipalityPage.objects.live().count())",
    )
    setup.live_offers, setup.municipalities = (int(x) for x in counts.split()[-2:])

    log("publish_one.py")
    out = subprocess.run(
        [PYTHON, "bench/publish_one.py", "--json", "--repeat", str(repeat)],
        cwd=REPO,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE,
    ).stdout
    setup.publish = json.loads(out.strip().splitlines()[-1])
    log(f"publish: median {setup.publish['median_ms']} ms, max {setup.publish['max_ms']} ms")
    return setup


# ---------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    method: str = "GET"
    body: str = ""
    cookie: str = ""
    ok_statuses: tuple[int, ...] = (200,)
    note: str = ""
    #: Measured only at the concurrency levels up to this (None: every level).
    max_connections: int | None = None

    def levels(self, levels: list[int]) -> list[int]:
        if self.max_connections is None:
            return list(levels)
        return [c for c in levels if c <= self.max_connections] or [min(levels)]


def http(base_url: str, path: str, data: bytes | None = None, headers=None):
    """One request without following redirects: (status, headers, body text)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(base_url + path, data=data, headers=headers or {})
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


def api(base_url: str, **params) -> dict:
    status, _h, body = http(base_url, "/api/search/?" + urllib.parse.urlencode(params, True))
    if status != 200:
        raise RuntimeError(f"/api/search/ {params} answered {status}: {body[:300]}")
    return json.loads(body)


def top_facet(data: dict, name: str) -> str:
    options = data["facets"].get(name) or {}
    if not options:
        raise RuntimeError(f"no {name} facet in the search API's answer")
    return max(options, key=options.get)


def submission_target(base_url: str, path: str) -> Target:
    """GET the form once for a CSRF token and cookie; a valid body wrk posts again and again."""
    status, headers, page = http(base_url, path)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    cookie = ""
    for value in headers.get_all("Set-Cookie") or []:
        if value.startswith("csrftoken="):
            cookie = value.split(";", 1)[0]
    if not cookie:
        raise RuntimeError("the submission form set no CSRF cookie")
    fields = submission_fields(
        page,
        # wrk makes each title unique (SEQ: thread and request number), as different
        # associations' offers are; the same title posted at once races for the page's slug.
        title="Læsekreds for nye danskere SEQ",
        new_organisation_name="Læselysten Kolding (benchmark)",
        # The same offer again and again: say it is meant (else the form asks first).
        confirm_duplicate="on",
    )
    body = urllib.parse.urlencode(fields, doseq=True)
    status, headers, answer = http(
        base_url,
        path,
        data=body.replace("SEQ", "0x0").encode(),
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )
    if status != 302 or "sendt=1" not in (headers.get("Location") or ""):
        errors = re.findall(r'class="form-error-message"[^>]*>([^<]+)', answer)
        raise RuntimeError(f"a test submission was not accepted (HTTP {status}) {errors[:5]}")
    return Target(
        "Opret tilbud (POST)",
        path,
        method="POST",
        body=body,
        cookie=cookie,
        ok_statuses=(302,),
        note="accepted = 302 to ?sendt=1",
    )


def facet_pair(base_url: str, first: str, second: str, **search) -> dict:
    """``search`` plus the most common ``first`` facet among its hits, then the most common
    ``second`` facet among those."""
    top = top_facet(api(base_url, page_size=1, **search), first)
    search = {**search, first: top}
    return {**search, second: top_facet(api(base_url, page_size=1, **search), second)}


def search_target(base_url: str, name: str, page: str, search: dict, **kwargs) -> Target:
    """A search page row, ``search`` as its query string (the API counts the hits)."""
    params = dict(search)
    if page != "/soeg/":
        params["municipality"] = page.strip("/").split("/")[0]
    hits = api(base_url, page_size=1, **params)["count"]
    return Target(name, f"{page}?{urllib.parse.urlencode(search)}", note=f"{hits} hits", **kwargs)


def discover_targets(base_url: str, query: str, uncached: bool) -> list[Target]:
    scope = MUNICIPALITY
    # One of the municipality's own offers (the scope also shows the national ones).
    paths = [
        urllib.parse.urlsplit(result["url"]).path
        for params in ({"q": query}, {})
        for result in api(base_url, municipality=scope, page_size=50, **params)["results"]
    ]
    own = [p for p in paths if p.startswith(f"/{scope}/")]
    if not own:
        raise RuntimeError(f"no offer of {scope}'s own: was anything imported?")
    offer_path = own[0]
    search = facet_pair(base_url, "life_situation", "offer_kind", municipality=scope, q=query)
    del search["municipality"]
    hits = api(base_url, municipality=scope, **search)["count"]
    search_qs = urllib.parse.urlencode(search)
    national = facet_pair(base_url, "life_situation", "target_group", q=NATIONAL_QUERY)
    new_row = {"max_connections": NEW_SEARCH_MAX_CONNECTIONS}
    targets = [
        Target("hello world", "/__bench__/hello/"),
        Target("national front page", "/"),
        Target("municipality front page", f"/{scope}/"),
        Target("offer page", offer_path),
    ]
    if uncached:
        targets += [
            Target(
                "municipality front, uncached",
                f"/{scope}/?bench=uncached",
                note="a query string bypasses the page cache",
            ),
            Target("offer page, uncached", f"{offer_path}?bench=uncached"),
        ]
    targets += [
        Target("search (text + 2 facets)", f"/{scope}/soeg/?{search_qs}", note=f"{hits} hits"),
        Target("search API (JSON)", f"/api/search/?municipality={scope}&{search_qs}"),
        search_target(
            base_url,
            f"national search ({NATIONAL_QUERY})",
            "/soeg/",
            {"q": NATIONAL_QUERY},
            **new_row,
        ),
        search_target(
            base_url,
            f"national search ({NATIONAL_GENERAL_QUERY})",
            "/soeg/",
            {"q": NATIONAL_GENERAL_QUERY},
            **new_row,
        ),
        search_target(base_url, "national search (text + 2 facets)", "/soeg/", national, **new_row),
        search_target(
            base_url, "search (long sentence)", f"/{scope}/soeg/", {"q": SENTENCE_QUERY}, **new_row
        ),
        submission_target(base_url, f"/{scope}/opret-tilbud/"),
    ]
    for target in targets:
        if target.method == "GET":
            status, _h, _b = http(base_url, target.path)
            if status not in target.ok_statuses:
                raise RuntimeError(f"GET {target.path} answered {status}")
    return targets


# ---------------------------------------------------------------------------------- wrk


def run_wrk(wrk: str, base_url: str, target: Target, connections: int, seconds: float, tmp):
    body_file = ""
    if target.body:
        body_file = str(Path(tmp) / "body.txt")
        Path(body_file).write_text(target.body, encoding="utf-8")
    env = {
        **os.environ,
        "WRK_METHOD": target.method,
        "WRK_BODY_FILE": body_file,
        "WRK_COOKIE": target.cookie,
    }
    cmd = [
        wrk,
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
        base_url + target.path,
    ]
    out = subprocess.run(cmd, env=env, text=True, capture_output=True, check=False)
    for line in out.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise RuntimeError(f"wrk gave no result: {out.stdout[-500:]} {out.stderr[-500:]}")


@dataclass
class Row:
    target: Target
    connections: int
    result: dict

    def ms(self, key: str) -> float:
        return self.result[f"{key}_us"] / 1000

    @property
    def bad(self) -> int:
        """Responses with a status the page should not give, plus socket errors."""
        statuses = self.result["statuses"]
        wrong = sum(n for code, n in statuses.items() if int(code) not in self.target.ok_statuses)
        errors = self.result["errors"]
        return wrong + errors["connect"] + errors["read"] + errors["write"] + errors["timeout"]


def drain(base_url: str) -> None:
    """Wait until the requests wrk left behind are done.

    When wrk stops, the requests still queued at the server are not cancelled: the workers
    answer them to closed sockets. Without this the next row would start behind them (a
    slow page's queue at 16 connections is seconds long). A hello-world GET waits in the
    same queue; then wait until hello world is quick again, i.e. no worker is still busy.
    """
    http(base_url, "/__bench__/hello/")
    quick = 0
    deadline = time.monotonic() + 60
    while quick < 5 and time.monotonic() < deadline:
        start = time.perf_counter()
        http(base_url, "/__bench__/hello/")
        quick = quick + 1 if time.perf_counter() - start < 0.02 else 0
        time.sleep(0.1)
    time.sleep(0.5)


def measure(wrk, base_url, targets, levels, seconds, warmup):
    rows = []
    with tempfile.TemporaryDirectory(prefix="socialkompas-wrk-") as tmp:
        for target in targets:
            if warmup > 0:
                # Enough connections to reach every worker (each has its own page cache).
                run_wrk(wrk, base_url, target, min(4, max(levels)), warmup, tmp)
                drain(base_url)
            for connections in target.levels(levels):
                result = run_wrk(wrk, base_url, target, connections, seconds, tmp)
                drain(base_url)
                row = Row(target, connections, result)
                rows.append(row)
                log(
                    f"{target.name:32} c={connections:<3} p50 {row.ms('p50'):7.1f}  "
                    f"p95 {row.ms('p95'):7.1f}  p99 {row.ms('p99'):7.1f} ms  "
                    f"{result['rps']:8.1f} req/s  statuses {result['statuses']}"
                )
    return rows


# -------------------------------------------------------------------------------- report


def machine_info(database_url: str, workers: int) -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        import psycopg

        with psycopg.connect(database_url) as conn:
            pg = conn.execute("SHOW server_version").fetchone()[0]
    except Exception as error:  # noqa: BLE001 - only informative
        pg = f"? ({error})"
    try:
        import gunicorn

        gunicorn_version = gunicorn.__version__
    except ImportError:
        gunicorn_version = "?"
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    return {
        "date": subprocess.run(["date"], capture_output=True, text=True).stdout.strip(),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram": ram,
        "os": platform.platform(),
        "postgresql": pg,
        "python": platform.python_version(),
        "gunicorn": f"{gunicorn_version}, {workers} sync workers",
        "wrk": (wrk_version.split("[")[0].strip() or "wrk").splitlines()[0],
    }


def verdict(ok: bool) -> str:
    return "reached" if ok else "NOT reached"


def search_target_ms(name: str, connections: int) -> int | None:
    """The p95 target (ms) of a search row at ``connections``, or None."""
    if name == "search (text + 2 facets)":
        # Issue 13 at 1 connection; issue 7's at the others.
        return TARGET_MUNICIPALITY_SEARCH_P95_MS if connections == 1 else TARGET_SEARCH_P95_MS
    if name == "search API (JSON)":
        return TARGET_SEARCH_P95_MS
    if name.startswith("national search") and connections == 1:
        return TARGET_NATIONAL_SEARCH_P95_MS
    return None


def report(args, setup: Setup, rows: list[Row], machine: dict, elapsed: float) -> str:
    hello = {r.connections: r for r in rows if r.target.name == "hello world"}
    out = []
    add = out.append
    add(
        f"Socialkompas benchmark: {setup.live_offers} live offers in {setup.municipalities} "
        f"municipalities, gunicorn {args.workers} sync workers (config.settings.bench, DEBUG "
        f"off), wrk {args.duration:g} s per row, connections {', '.join(map(str, args.levels))}"
        f" (the national and long-sentence search rows at most {NEW_SEARCH_MAX_CONNECTIONS})"
    )
    add("")
    add("| page | conn | p50 ms | p95 ms | p99 ms | req/s | p95 / hello | bad |")
    add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        base = hello.get(row.connections)
        ratio = f"{row.ms('p95') / base.ms('p95'):.1f}×" if base and base.ms("p95") else "–"
        add(
            f"| {row.target.name} | {row.connections} | {row.ms('p50'):.1f} | "
            f"{row.ms('p95'):.1f} | {row.ms('p99'):.1f} | {row.result['rps']:.1f} | {ratio} | "
            f"{row.bad} |"
        )
    add("")
    notes = []
    for target in dict.fromkeys(r.target for r in rows):
        note = f" ({target.note})" if target.note else ""
        notes.append(f"{target.name}: `{target.path}`{note}")
    add("URLs: " + "; ".join(notes))
    submit = [r for r in rows if r.target.method == "POST"]
    if submit:
        accepted = sum(r.result["statuses"].get("302", 0) for r in submit)
        add(
            f"Submissions: {accepted} accepted (302) in {len(submit)} runs; 'bad' counts any "
            f"other status and socket errors."
        )
    add("")
    per_1000 = setup.import_seconds / max(setup.offers_in_file, 1) * 1000
    add(
        f"Import: {setup.offers_in_file} offers in {setup.import_seconds:.1f} s "
        f"({setup.import_seconds / 60:.1f} min; {per_1000:.2f} s per 1000 offers)"
        + ("" if setup.import_ok else " — import_offers reported errors")
        + f"; {setup.import_summary}"
    )
    pub = setup.publish
    add(
        f"Publish one offer ({pub.get('offer')}): median {pub.get('median_ms')} ms, max "
        f"{pub.get('max_ms')} ms over {pub.get('repeat')} (first, untimed warm-up: "
        f"{pub.get('first_ms')} ms)"
    )
    add("")
    add("Targets:")
    full = args.per_municipality >= FULL_SIZE
    size_note = "" if full else f" (at {setup.offers_in_file} offers, not the full 50,000)"
    for row in rows:
        limit = search_target_ms(row.target.name, row.connections)
        if limit is None:
            continue
        p95 = row.ms("p95")
        add(
            f"- {row.target.name} p95 ≤ {limit} ms at {row.connections} conn: "
            f"{verdict(p95 <= limit)} ({p95:.1f} ms){size_note}"
        )
    for name in ("municipality front page", "offer page"):
        for row in (r for r in rows if r.target.name == name):
            base = hello.get(row.connections)
            if base is None:
                continue
            ratio = row.ms("p95") / base.ms("p95")
            add(
                f"- {name} p95 ≤ {TARGET_RATIO}× hello world at {row.connections} conn: "
                f"{verdict(ratio <= TARGET_RATIO)} ({ratio:.1f}×){size_note}"
            )
    if pub:
        add(
            f"- publish one offer ≤ {TARGET_PUBLISH_MS} ms (median): "
            f"{verdict(pub['median_ms'] <= TARGET_PUBLISH_MS)} ({pub['median_ms']} ms, max "
            f"{pub['max_ms']} ms){size_note}"
        )
    if full:
        add(
            f"- import ≤ {TARGET_IMPORT_S // 60} min: "
            f"{verdict(setup.import_ok and setup.import_seconds <= TARGET_IMPORT_S)} "
            f"({setup.import_seconds / 60:.1f} min)"
        )
    else:
        estimate = per_1000 * 50
        add(
            f"- import ≤ {TARGET_IMPORT_S // 60} min: not measured at full size "
            f"(linear estimate for 50,000: {estimate / 60:.1f} min, too high: at this size "
            "creating the 96 municipalities is much of the time)"
        )
    add("")
    add(f"Run time: {elapsed / 60:.1f} min")
    return "\n".join(out)


def write_results(text: str, machine: dict, command: str) -> None:
    lines = [
        "# Benchmark results (`make bench`)",
        "",
        "Written by `bench/run_bench.py` on every run (see bench/README.md); the last run only.",
        "",
        f"- date: {machine['date']}",
        f"- command: `{command}`",
        f"- machine: {machine['nproc']} CPUs ({machine['cpu']}), {machine['ram']} RAM, "
        f"{machine['os']}",
        f"- PostgreSQL {machine['postgresql']} (throwaway server of scripts/with-postgres.sh: "
        "fsync off, default memory settings, same machine)",
        f"- Python {machine['python']}, gunicorn {machine['gunicorn']}, {machine['wrk']} "
        "(load generator on the same machine)",
        "",
        text,
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------------------------- main


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--per-municipality",
        type=int,
        default=int(os.environ.get("BENCH_PER_MUNICIPALITY", FULL_SIZE)),
        help=f"offers per municipality (98 of them; default {FULL_SIZE}: about 50,000)",
    )
    parser.add_argument(
        "--duration", type=float, default=10, help="seconds of load per row (default 10)"
    )
    parser.add_argument(
        "--warmup", type=float, default=2, help="seconds of warm-up per page (default 2)"
    )
    parser.add_argument(
        "--connections",
        default="1,4,16",
        help="concurrency levels, comma-separated (default 1,4,16)",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--publish-repeat", type=int, default=7, help="timed publishes")
    parser.add_argument("--query", default="ensomhed", help="the search text (default ensomhed)")
    parser.add_argument(
        "--no-uncached",
        action="store_true",
        help="leave out the uncached variants of the front and offer page",
    )
    parser.add_argument(
        "--only", default="", help="measure only pages whose name contains one of these (a,b)"
    )
    parser.add_argument("--no-results-file", action="store_true", help="do not write RESULTS.md")
    args = parser.parse_args()
    args.levels = [int(c) for c in args.connections.split(",") if c.strip()]
    return args


def main():
    args = parse_args()
    started = time.perf_counter()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit(
            "bench: DATABASE_URL must point at a PostgreSQL database that may be filled; "
            "run it as: scripts/with-postgres.sh .venv/bin/python bench/run_bench.py "
            "(or make bench)"
        )
    wrk = ensure_wrk()
    GUNICORN_LOG.unlink(missing_ok=True)
    env = production_env(database_url, DJANGO_SETTINGS_MODULE=SETTINGS)
    with tempfile.TemporaryDirectory(prefix="socialkompas-bench-") as workdir:
        env["STATIC_ROOT"] = os.environ.get("STATIC_ROOT", str(Path(workdir) / "static"))
        setup = prepare_database(env, args.per_municipality, Path(workdir), args.publish_repeat)
        log("collectstatic")
        collectstatic(env, SETTINGS)
        log(f"gunicorn: {args.workers} sync workers")
        with gunicorn_server(
            database_url,
            settings=SETTINGS,
            workers=args.workers,
            env={"STATIC_ROOT": env["STATIC_ROOT"]},
            log_path=GUNICORN_LOG,
        ) as server:
            try:
                targets = discover_targets(server.base_url, args.query, not args.no_uncached)
            except Exception:
                log(f"the server's log ends:\n{server.log_tail(60)}")
                raise
            if args.only:
                wanted = [w.strip().lower() for w in args.only.split(",") if w.strip()]
                targets = [
                    t
                    for t in targets
                    if t.name == "hello world" or any(w in t.name.lower() for w in wanted)
                ]
            rows = measure(wrk, server.base_url, targets, args.levels, args.duration, args.warmup)
            server_errors = [
                line
                for line in server.log_tail(2000).splitlines()
                if "Traceback" in line or "ERROR" in line or "CRITICAL" in line
            ]
        if server_errors:
            log(f"gunicorn logged {len(server_errors)} errors: see {GUNICORN_LOG}")
    machine = machine_info(database_url, args.workers)
    text = report(args, setup, rows, machine, time.perf_counter() - started)
    if server_errors:
        text += (
            f"\n\nThe server logged {len(server_errors)} errors during the run ({GUNICORN_LOG})."
        )
    print(text)
    if not args.no_results_file:
        command = f"make bench BENCH_PER_MUNICIPALITY={args.per_municipality}"
        write_results(text, machine, command)
        log(f"written to {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
