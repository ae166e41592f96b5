"""The app is told to stop while submissions are in flight: no half-written offer.

    .venv/bin/python bench/faults/stop_mid_request.py [--submitters 20] [--kills 12]
                                                      [--smtp-delay 0.3] [--gap 0.5]

Three scenarios against one PostgreSQL, each with its own gunicorn and its own run marker. The
SMTP sink answers slowly (``--smtp-delay``) so every submission spends time in flight: the
approvers' notification and the sender's receipt are sent after the write's commit.

1. graceful: SIGTERM to the gunicorn master while POSTs are in flight. Workers should finish
   what they are doing: every in-flight POST answered, nothing half-written.
2. hard: SIGKILL to all workers, ``--kills`` times at random moments (the master starts new
   ones), then SIGKILL to the whole process group. Killed requests get no answer; in the
   database each of them must be either absent or complete.
3. hard, widened gap (fault injection, bench/faults/widen_gap.py): as 2, but each worker sleeps
   ``--gap`` seconds between writing the offer and inserting its Submission row, so kills
   land there. Shows whether the offer and its Submission row are one transaction.

For every scenario: the outcome of each request, then the database check (complete / missing /
duplicated / half-written). Exit code 0 when no scenario left anything half-written and no
accepted submission is missing.
"""

import argparse
import os
import random
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from faultlib import (
    TITLE_PREFIX,
    Postgres,
    SmtpSink,
    check_queue,
    gunicorn_server,
    new_run_id,
    prepare_site,
    run_submitters,
    site_env,
    site_extra,
    summarise_results,
)

HERE = Path(__file__).resolve().parent


def kill_quietly(pid, sig):
    try:
        os.kill(pid, sig)
        return True
    except ProcessLookupError:
        return False


def wait_for(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not condition():
        time.sleep(0.05)
    return condition()


def scenario(name, pg, smtp, args, action, extra_env=None, extra_args=()):
    run_id = new_run_id()
    env = {**site_extra(smtp.port), **(extra_env or {})}
    notes = []
    with gunicorn_server(
        pg.url,
        workers=args.workers,
        env=env,
        graceful_timeout=30,
        extra_args=extra_args,
    ) as server:
        stop = threading.Event()
        inflight = {}
        started = time.monotonic()
        results, threads = run_submitters(
            server.base_url, run_id, args.submitters, stop, inflight=inflight
        )
        # Warm up: every worker has served a few submissions.
        wait_for(lambda: sum(r.outcome == "accepted" for r in results) >= 2 * args.workers, 90)
        hit = action(server, inflight, notes)
        stop.set()
        for t in threads:
            t.join()
        seconds = time.monotonic() - started
    check = check_queue(site_env(pg.url, smtp.port), run_id)
    outcome = {r.key: r.outcome for r in results}

    def db_state(key):
        if key in check.broken:
            return "half-written"
        return "saved, complete" if check.counts[key] else "absent"

    print(f"\n== stop_mid_request / {name}: run {run_id}, {args.submitters} submitters")
    for note in notes:
        print(note)
    print(f"POSTs in flight when the signals were sent: {len(hit)}")
    for (answer, state), n in Counter((outcome[k], db_state(k)) for k in hit).most_common():
        print(f"    {n:5d}  answer: {answer:22s} database: {state}")
    # Mails about offers that are not there (an approvers' notification sent before the commit
    # would announce an offer that is then rolled back).
    ghosts = [
        k
        for k in outcome
        if db_state(k) == "absent"
        and any(b"To: lasttest-" not in m for m in smtp.mentioning(f"{TITLE_PREFIX} {run_id} {k}"))
    ]
    print(f"approver notifications mailed for offers that were rolled back: {len(ghosts)}")
    for line in summarise_results(results, seconds):
        print(line)
    lines, ok = check.report(results)
    for line in lines:
        print(line)
    print("scenario result:", "OK" if ok else "FAILED")
    return ok


def graceful(server, inflight, notes):
    wait_for(lambda: len(inflight) >= server_workers(server), 30)
    hit = set(inflight)
    t = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    server.process.wait(60)
    notes.append(
        f"SIGTERM to the master {server.pid}; it exited after {time.monotonic() - t:.1f} s "
        f"(code {server.process.returncode})"
    )
    time.sleep(0.5)
    return hit


def server_workers(server):
    return len(server.worker_pids()) or 1


def kill_process_group(server, inflight):
    """SIGKILL gunicorn's master and workers at once; the POSTs in flight at that moment."""
    hit = set(inflight)
    os.killpg(server.pid, signal.SIGKILL)
    server.process.wait(10)
    time.sleep(0.5)
    return hit


def hard(kills):
    def action(server, inflight, notes):
        hit, killed = set(), 0
        for _ in range(kills):
            time.sleep(random.uniform(1.0, 4.0))
            hit |= set(inflight)
            killed += sum(kill_quietly(pid, signal.SIGKILL) for pid in server.worker_pids())
        time.sleep(random.uniform(1.0, 4.0))
        hit |= kill_process_group(server, inflight)
        notes.append(
            f"{kills} rounds of SIGKILL to every worker ({killed} workers killed; the master "
            f"starts new ones), then SIGKILL to the whole process group"
        )
        return hit

    return action


def kill_in_gap(kills, gap_dir):
    """SIGKILL the worker that is between writing an offer and inserting its Submission
    row (widen_gap.py leaves a file named by its pid in ``gap_dir`` while it is there)."""

    def action(server, inflight, notes):
        hit, killed = set(), 0
        for _ in range(kills):
            if not wait_for(lambda: any(gap_dir.iterdir()), 30):
                break
            time.sleep(0.1)
            for marker in list(gap_dir.iterdir()):
                hit |= set(inflight)
                killed += kill_quietly(int(marker.name), signal.SIGKILL)
                marker.unlink(missing_ok=True)
            time.sleep(random.uniform(0.5, 2.0))
        hit |= kill_process_group(server, inflight)
        notes.append(
            f"{killed} workers killed with SIGKILL while between writing the offer and the "
            f"Submission insert, then SIGKILL to the whole process group"
        )
        return hit

    return action


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submitters", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--kills", type=int, default=12)
    parser.add_argument("--smtp-delay", type=float, default=0.3)
    parser.add_argument("--gap", type=float, default=0.5)
    parser.add_argument("--gap-kills", type=int, default=5)
    parser.add_argument(
        "--only", choices=["graceful", "hard", "gap"], action="append", help="run only these"
    )
    args = parser.parse_args()
    wanted = set(args.only or ["graceful", "hard", "gap"])

    oks = {}
    with Postgres() as pg, SmtpSink(delay=args.smtp_delay) as smtp:
        prepare_site(site_env(pg.url, smtp.port))
        if "graceful" in wanted:
            oks["graceful"] = scenario("graceful SIGTERM", pg, smtp, args, graceful)
        if "hard" in wanted:
            oks["hard"] = scenario("hard SIGKILL", pg, smtp, args, hard(args.kills))
        if "gap" in wanted:
            with tempfile.TemporaryDirectory(prefix="faults-gap.") as gap_dir:
                oks["gap"] = scenario(
                    f"SIGKILL between the two writes (widened gap: {args.gap} s)",
                    pg,
                    smtp,
                    args,
                    kill_in_gap(args.gap_kills, Path(gap_dir)),
                    extra_env={"FAULTS_GAP_SECONDS": str(args.gap), "FAULTS_GAP_DIR": gap_dir},
                    extra_args=("-c", str(HERE / "widen_gap.py")),
                )
    print("\nRESULT:", ", ".join(f"{k} {'OK' if v else 'FAILED'}" for k, v in oks.items()))
    return 0 if all(oks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
