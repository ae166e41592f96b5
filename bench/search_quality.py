#!/usr/bin/env python
"""Search quality on the demo data: nDCG@10, success@3 and empty answers.

Runs every judged query in ``bench/search_quality/judgements.json`` through the real HTML
search page (``/<municipality>/soeg/?q=...`` or ``/soeg/``) with Django's test client and
compares the ordered offers with the judgements. See bench/README.md.

    scripts/with-postgres.sh .venv/bin/python bench/search_quality.py [--json] [--verbose]
"""

import argparse
import io
import json
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUDGEMENTS = Path(__file__).resolve().parent / "search_quality" / "judgements.json"
CUTOFF = 10
SUCCESS_AT = 3
CLEARLY_RELEVANT = 3


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()


def ensure_demo():
    """Migrate, and load the demo when the database holds no offers."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from offers.models import OfferPage

    if not OfferPage.objects.exists():
        call_command("load_demo", "--force", stdout=io.StringIO())


def load_judgements(path=JUDGEMENTS):
    return json.loads(Path(path).read_text(encoding="utf-8"))["queries"]


def dcg(gains):
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(gains))


def ndcg(ranked_ids, grades, k=CUTOFF):
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    if not ideal:
        return None
    return dcg([grades.get(offer_id, 0) for offer_id in ranked_ids[:k]]) / ideal


def search(client, scope, query):
    url = "/soeg/" if scope == "national" else f"/{scope}/soeg/"
    response = client.get(url, {"q": query})
    if response.status_code != 200:
        raise RuntimeError(f"{url}?q={query} answered {response.status_code}")
    results = response.context["results"]
    return [offer.external_id for offer in results.object_list], results.paginator.count


def evaluate(judged):
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    rows = []
    for item in judged:
        grades = item.get("grades", {})
        answerable = not item.get("unanswerable") and any(g >= 2 for g in grades.values())
        ranked, total = search(client, item["scope"], item["q"])
        has_clear = any(g >= CLEARLY_RELEVANT for g in grades.values())
        rows.append(
            {
                "query": item["q"],
                "scope": item["scope"],
                "answerable": answerable,
                "result_count": total,
                "ndcg": ndcg(ranked, grades) if answerable else None,
                # None when the query has no clearly relevant offer to find.
                "success": (
                    any(grades.get(i, 0) >= CLEARLY_RELEVANT for i in ranked[:SUCCESS_AT])
                    if answerable and has_clear
                    else None
                ),
                "empty": total == 0,
                "top": ranked[:CUTOFF],
            }
        )
    return rows


def summarise(rows):
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    ndcgs = [r["ndcg"] for r in answerable]
    successes = [r["success"] for r in answerable if r["success"] is not None]
    return {
        "queries": len(rows),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "ndcg@10": round(sum(ndcgs) / len(ndcgs), 4) if ndcgs else None,
        "success@3": round(sum(successes) / len(successes), 4) if successes else None,
        "success@3_queries": len(successes),
        "empty_answers": sum(r["empty"] for r in answerable),
        "unanswerable_answered_empty": sum(r["empty"] for r in unanswerable),
    }


def print_table(rows, summary):
    def fmt(value):
        if value is None:
            return "  – "
        if isinstance(value, bool):
            return " ja " if value else "NEJ "
        return f"{value:.2f}"

    print(f"{'query':<42} {'scope':<13} {'hits':>4} {'s@3':>4} {'nDCG':>5}  top 3")
    print("-" * 100)
    for r in rows:
        query = r["query"] if len(r["query"]) <= 42 else r["query"][:41] + "…"
        mark = "" if r["answerable"] else " (ubesvarelig)"
        print(
            f"{query:<42} {r['scope']:<13} {r['result_count']:>4} {fmt(r['success']):>4} "
            f"{fmt(r['ndcg']):>5}  {', '.join(r['top'][:3]) or '(ingen)'}{mark}"
        )
    print("-" * 100)
    print(
        f"{summary['queries']} queries: {summary['answerable']} answerable, "
        f"{summary['unanswerable']} unanswerable"
    )
    print(f"nDCG@10 (answerable):        {fmt(summary['ndcg@10'])}")
    print(
        f"success@3:                   {fmt(summary['success@3'])} "
        f"(over {summary['success@3_queries']} queries with a grade-3 offer)"
    )
    print(f"empty answers (answerable):  {summary['empty_answers']} of {summary['answerable']}")
    print(
        f"unanswerable answered empty: {summary['unanswerable_answered_empty']} of "
        f"{summary['unanswerable']} (not a failure; a non-empty answer there is noise)"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument(
        "--judgements", type=Path, default=JUDGEMENTS, help="judgements file (JSON)"
    )
    args = parser.parse_args(argv)

    setup_django()
    from django.db import transaction
    from django.test.utils import setup_test_environment

    # Records the context of each rendered template in response.context, as in tests.
    setup_test_environment()
    ensure_demo()
    judged = load_judgements(args.judgements)
    # The searches are counted in the search statistics; roll them back afterwards.
    with transaction.atomic():
        rows = evaluate(judged)
        transaction.set_rollback(True)
    summary = summarise(rows)
    if args.json:
        json.dump({"summary": summary, "queries": rows}, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_table(rows, summary)


if __name__ == "__main__":
    main()
