"""50 associations send "Opret tilbud" at once for a minute; every accepted one must be queued.

    .venv/bin/python bench/faults/submit_load.py [--submitters 50] [--seconds 60] [--workers 4]

Starts its own PostgreSQL, an SMTP sink and gunicorn (config.settings.bench = production
settings), loads the demo, then N threads each loop: GET /kolding/opret-tilbud/, POST a valid
offer titled "Lasttest <run> <thread>-<n>" (a new organisation each), record the answer.
Afterwards it checks the database: every accepted submission is in the moderation queue exactly
once and complete (page, revision, workflow + task state, Submission row, M2M rows).
Exit code 0 when every promise holds, 1 otherwise.
"""

import argparse
import sys
import threading
import time

from faultlib import (
    Postgres,
    SmtpSink,
    check_queue,
    free_port,
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
    parser.add_argument("--submitters", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument(
        "--smtp-down",
        action="store_true",
        help="point EMAIL_PORT at a port where nothing listens (the mail server is down)",
    )
    parser.add_argument(
        "--smtp-delay", type=float, default=0, help="seconds the SMTP sink takes per message"
    )
    args = parser.parse_args()

    run_id = new_run_id()
    with Postgres() as pg, SmtpSink(delay=args.smtp_delay) as smtp:
        smtp_port = free_port() if args.smtp_down else smtp.port
        env = site_env(pg.url, smtp_port)
        prepare_site(env)
        with gunicorn_server(pg.url, workers=args.workers, env=site_extra(smtp_port)) as server:
            stop = threading.Event()
            started = time.monotonic()
            results, threads = run_submitters(server.base_url, run_id, args.submitters, stop)
            time.sleep(args.seconds)
            stop.set()
            for t in threads:
                t.join()
            seconds = time.monotonic() - started
            log_tail = server.log_tail(15)
        check = check_queue(env, run_id)

    accepted = sum(r.outcome == "accepted" for r in results)
    receipts = sum(
        smtp.count_mentioning(f"lasttest-{run_id}-{r.key}@") > 0
        for r in results
        if r.outcome == "accepted"
    )
    print(
        f"== submit_load: run {run_id}, {args.submitters} submitters, {args.workers} workers"
        + (", mail server DOWN" if args.smtp_down else "")
        + (f", SMTP {args.smtp_delay} s per message" if args.smtp_delay else "")
    )
    for line in summarise_results(results, seconds):
        print(line)
    lines, ok = check.report(results)
    for line in lines:
        print(line)
    print(f"receipts mailed for accepted submissions: {receipts} of {accepted}")
    if not ok:
        print("gunicorn log (end):\n" + log_tail)
    print("RESULT:", "OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
