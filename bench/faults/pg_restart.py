"""PostgreSQL restarted under submission load: the app recovers by itself, nothing is lost.

    .venv/bin/python bench/faults/pg_restart.py [--submitters 10] [--seconds 40] [--at 10]
                                                [--down 3] [--mode fast|immediate]

Same load as submit_load.py (fewer submitters). After ``--at`` seconds PostgreSQL is stopped
(``pg_ctl stop -m fast``: sessions are aborted, clean shutdown; ``immediate``: a crash, with
recovery on start), stays down ``--down`` seconds and is started again on the same data dir and
port. gunicorn is not touched: production settings keep connections (CONN_MAX_AGE) with
health checks, so the workers must reconnect on their own.

Measured: errors before/during/after the outage, seconds from "PostgreSQL accepts connections
again" to the first accepted submission, and errors after recovery (must be 0). Then the
database check: every accepted submission queued exactly once and complete; the ones that
failed are absent or complete, never half-written. Exit code 0 when all that holds.
"""

import argparse
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from faultlib import (
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submitters", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--at", type=float, default=10, help="seconds of load before the stop")
    parser.add_argument("--down", type=float, default=3, help="seconds PostgreSQL stays down")
    parser.add_argument("--mode", choices=["fast", "immediate"], default="fast")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--gap",
        type=float,
        default=0,
        help="fault injection (widen_gap.py): sleep this long between committing the offer "
        "and inserting its Submission row",
    )
    args = parser.parse_args()

    run_id = new_run_id()
    with Postgres() as pg, SmtpSink() as smtp:
        env = site_env(pg.url, smtp.port)
        prepare_site(env)
        extra_env, extra_args = site_extra(smtp.port), ()
        if args.gap:
            extra_env["FAULTS_GAP_SECONDS"] = str(args.gap)
            extra_args = ("-c", str(Path(__file__).resolve().parent / "widen_gap.py"))
        with gunicorn_server(
            pg.url, workers=args.workers, env=extra_env, extra_args=extra_args
        ) as server:
            master, workers = server.pid, server.worker_pids()
            stop = threading.Event()
            started = time.monotonic()
            results, threads = run_submitters(server.base_url, run_id, args.submitters, stop)
            time.sleep(args.at)
            t_stop = time.monotonic()
            t_down = pg.stop(args.mode)
            time.sleep(args.down)
            t_up = pg.start()
            time.sleep(max(0.0, args.seconds - (time.monotonic() - started)))
            stop.set()
            for t in threads:
                t.join()
            seconds = time.monotonic() - started
            same_processes = server.pid == master and server.worker_pids() == workers
            log_tail = server.log_tail(10)
        check = check_queue(env, run_id)

    def phase(r):
        if r.finished < t_stop:
            return "before"
        if r.started <= t_up:
            return "outage"
        return "after"

    errors = Counter((phase(r), r.outcome) for r in results if r.outcome != "accepted")
    accepted_after = sorted(
        r.finished for r in results if r.outcome == "accepted" and r.finished > t_up
    )
    accepted_started_after = sorted(
        r.finished for r in results if r.outcome == "accepted" and r.started > t_up
    )
    forms_after = sorted(r.form_at for r in results if r.form_at > t_up)
    first_form = forms_after[0] - t_up if forms_after else float("nan")
    first_ok = accepted_after[0] - t_up if accepted_after else float("nan")
    first_ok_new = accepted_started_after[0] - t_up if accepted_started_after else float("nan")
    recovered_at = accepted_after[0] if accepted_after else float("inf")
    errors_after_recovery = [
        r for r in results if r.outcome != "accepted" and r.started > recovered_at
    ]

    print(
        f"== pg_restart: run {run_id}, {args.submitters} submitters, {args.workers} workers, "
        f"stop -m {args.mode} at {t_stop - started:.1f} s (took {t_down - t_stop:.2f} s), "
        f"down {t_up - t_down:.1f} s, accepting again at {t_up - started:.1f} s"
        + (f", widened gap {args.gap} s (fault injection)" if args.gap else "")
    )
    for line in summarise_results(results, seconds):
        print(line)
    print("not accepted, by phase (before stop / during outage / after PG is back):")
    for (ph, why), n in sorted(errors.items()):
        print(f"    {ph:7s} {n:5d}  {why}")
    print(f"first form served (GET 200) after PostgreSQL is back: +{first_form:.2f} s")
    print(f"first accepted submission after PostgreSQL is back: +{first_ok:.2f} s")
    print(f"first accepted submission that was started after it is back: +{first_ok_new:.2f} s")
    print(f"errors after that first success: {len(errors_after_recovery)}")
    print(f"gunicorn master and workers unchanged (no app restart): {same_processes}")
    lines, ok = check.report(results)
    for line in lines:
        print(line)
    ok = ok and not errors_after_recovery and same_processes and first_ok < 10
    if not ok:
        print("gunicorn log (end):\n" + log_tail)
    print("RESULT:", "OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
