"""In-process timings of the public pages at the demo's size.

    scripts/with-postgres.sh .venv/bin/python bench/page_timings.py [--requests 40]

Loads the demo into the database if it has none, warms each URL up, then times it through
Django's test client (no network, no server: the application's own time). Prints p50/p95 per
URL. The 50,000-offer benchmark with a real server comes with issue 7.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from offers.models import OfferPage  # noqa: E402

URLS = [
    "/",
    "/kolding/",
    "/kolding/sorggruppe-for-voksne/",
    "/kolding/soeg/?q=sorg",
    "/kolding/soeg/?q=ensom+%C3%A6ldre&life_situation=ensomhed&format=fysisk",
    "/soeg/?q=angst",
    "/api/search/?municipality=kolding&q=g%C3%A6ld",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not OfferPage.objects.exists():
        call_command("load_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    client = Client()
    print(f"{'url':78s} {'p50':>8s} {'p95':>8s}")
    for url in URLS:
        for _ in range(5):
            client.get(url)
        times = []
        for _ in range(args.requests):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(f"{url:78s} {statistics.median(times):6.1f}ms {p95:6.1f}ms")


if __name__ == "__main__":
    main()
