"""gunicorn config for stop_mid_request.py's fault injection (``gunicorn -c widen_gap.py``).

Only used by the "widened gap" scenario, never in production. After each worker has loaded the
app, it wraps ``offers.submission_views._record`` (the insert of the Submission row, which
runs after ``_create_offer`` has written the page, its revision and its workflow) so that it
first sleeps ``FAULTS_GAP_SECONDS`` (while it sleeps, an empty file named by the worker's pid
exists in ``FAULTS_GAP_DIR``, if set). Nothing else changes; a SIGKILL can then be aimed
between the two writes, which shows whether they are one transaction.
"""

import os
import time


def post_worker_init(worker):
    from offers import submission_views

    original = submission_views._record
    gap = float(os.environ.get("FAULTS_GAP_SECONDS", "0.5"))

    marker_dir = os.environ.get("FAULTS_GAP_DIR")

    def slow_record(*args, **kwargs):
        # Tell the script "this worker is between the two writes now" (a file named by pid).
        marker = os.path.join(marker_dir, str(os.getpid())) if marker_dir else None
        if marker:
            open(marker, "w").close()
        time.sleep(gap)
        if marker and os.path.exists(marker):
            os.unlink(marker)
        return original(*args, **kwargs)

    submission_views._record = slow_record
