#!/usr/bin/env python
"""Time publishing one offer at full size: change its summary, ``save_revision().publish()``.

    DJANGO_SETTINGS_MODULE=config.settings.bench DATABASE_URL=... SECRET_KEY=... \\
        .venv/bin/python bench/publish_one.py --repeat 7 [--json]

Run by ``bench/run_bench.py`` against the full benchmark database (production-like settings,
as the server runs). Takes one live imported offer of a municipality (Kolding unless
``--municipality``), and for each repetition loads its latest revision, changes the summary
and times ``save_revision().publish()`` alone (wall clock, in ms): the revision, the
publish, the search index update, the page-cache invalidation and every signal receiver, as
an editor's click on *Publish* costs it minus the admin's form handling. The first
repetition warms up and is reported separately from the median and max of the rest.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed publishes (default 7)")
    parser.add_argument("--municipality", default="kolding", help="slug (default kolding)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    import django

    django.setup()
    from offers.models import OfferPage

    offer = (
        OfferPage.objects.live()
        .filter(municipality__slug=args.municipality)
        .filter(external_id__startswith=f"{args.municipality}-")
        .order_by("pk")
        .first()
    )
    if offer is None:
        sys.exit(f"publish_one: no live imported offer in {args.municipality!r}")
    base_summary = offer.summary
    timings = []
    for i in range(args.repeat + 1):
        page = OfferPage.objects.get(pk=offer.pk).get_latest_revision_as_object()
        page.summary = f"{base_summary[:480]} (ændret {i + 1})"
        start = time.perf_counter()
        page.save_revision().publish()
        timings.append((time.perf_counter() - start) * 1000)
    warm, rest = timings[0], timings[1:]
    result = {
        "offer": offer.get_url(),
        "offer_id": offer.pk,
        "repeat": args.repeat,
        "first_ms": round(warm, 1),
        "median_ms": round(statistics.median(rest), 1),
        "max_ms": round(max(rest), 1),
        "all_ms": [round(t, 1) for t in rest],
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"publish one offer ({offer.title}): median {result['median_ms']} ms, "
            f"max {result['max_ms']} ms over {args.repeat} (first {result['first_ms']} ms)"
        )


if __name__ == "__main__":
    main()
