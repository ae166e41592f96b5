#!/usr/bin/env python
"""Search quality on the demo data: nDCG@10, success@3, junk share and empty answers.

Runs every judged query in ``bench/search_quality/judgements.json`` through the real HTML
search page (``/<municipality>/soeg/?q=...``, ``/soeg/``, or the English site's ``/en/...``)
with Django's test client, reads every offer the page lists (every page of results, and the
offers shown under a second heading when the page has one) and compares them with the
judgements. See bench/README.md.

    scripts/with-postgres.sh .venv/bin/python bench/search_quality.py [--json] [--verbose]
"""

import argparse
import io
import json
import math
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUDGEMENTS = Path(__file__).resolve().parent / "search_quality" / "judgements.json"
CUTOFF = 10
SUCCESS_AT = 3
CLEARLY_RELEVANT = 3
#: A shown offer graded below this is junk: grade 0 (not listed). Grade 1 ("somewhat") is not
#: junk: it is related to the need, and a reader can fairly be shown it further down.
NOT_JUNK_FROM = 1
SCOPES = ("kolding", "mariagerfjord", "national")
#: Where each site's pages are: Danish without a prefix, other languages under /<code>/.
SITES = {"da": "", "en": "/en"}
#: Groups of judged queries (a query's "tags"), in the order the breakdown prints them.
TAGS = {
    "municipality": "typed into a municipality's page (its own offers and the national ones)",
    "national": "typed into the national page /soeg/ (every offer)",
    "english": "written in English (on the Danish pages or the English site)",
    "sentence": "an everyday sentence (with verbs and little words), not keywords",
    "misspelling": "a misspelled word",
    "function-words": "only little words or a generic word (hjælp, tilbud): unanswerable",
}
#: The targets: (measure, comparison, value, as printed).
TARGETS = (
    ("ndcg@10", ">=", 0.92, "≥ 0.92"),
    ("success@3", ">=", 0.98, "≥ 0.98"),
    ("junk_share", "<=", 0.30, "≤ 0.30"),
    ("empty_answers", "<=", 0, "0"),
)
#: The context keys the search page lists offers under: the results (a Django Page), then,
#: when the page has it, a second list shown under its own heading ("Andre tilbud om ...").
RESULTS_KEY = "results"
RELATED_KEY = "related_results"
#: Never follow more result pages than this (a pagination that does not advance).
MAX_PAGES = 50
#: An offer card in the HTML (templates/components/offer_card.html).
OFFER_CARD = re.compile(r'<article\b[^>]*\bclass="[^"]*\boffer-card\b')


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()


def ensure_demo():
    """Migrate, and load the demo (with its English translations) when the database holds no
    offers."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from offers.models import OfferPage

    if not OfferPage.objects.exists():
        call_command("load_demo", "--force", stdout=io.StringIO())


def load_judgements(path=JUDGEMENTS):
    return json.loads(Path(path).read_text(encoding="utf-8"))["queries"]


# ------------------------------------------------------------------------------ measures


def dcg(gains):
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(gains))


def ndcg(ranked_ids, grades, k=CUTOFF):
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    if not ideal:
        return None
    return dcg([grades.get(offer_id, 0) for offer_id in ranked_ids[:k]]) / ideal


def junk_count(shown_ids, grades, answerable=True):
    """How many of the shown offers are junk: graded 0 (not listed), or any offer at all when
    the query is unanswerable."""
    if not answerable:
        return len(shown_ids)
    return sum(1 for offer_id in shown_ids if grades.get(offer_id, 0) < NOT_JUNK_FROM)


def is_answerable(item):
    grades = item.get("grades", {})
    return not item.get("unanswerable") and any(g >= 2 for g in grades.values())


# ------------------------------------------------------------------- reading the page


def search_url(scope, site="da"):
    if site not in SITES:
        raise ValueError(f"unknown site {site!r} (one of {', '.join(SITES)})")
    path = "/soeg/" if scope == "national" else f"/{scope}/soeg/"
    return SITES[site] + path


def offer_ids(listing):
    """The external ids of a list of offers as the page shows them, in order: a Django Page
    (its object_list), a list or a queryset; None is an empty list. An offer without an
    external id (not a demo offer) is named by its primary key, so it counts as unjudged."""
    if listing is None:
        return []
    items = getattr(listing, "object_list", listing)
    return [getattr(offer, "external_id", None) or f"pk:{offer.pk}" for offer in items]


def listed_cards(html):
    """The number of offer cards the HTML lists as results: every card on the page except the
    national helplines a search that found nothing shows in its place (the "dead end")."""
    start = html.find('class="dead-end"')
    if start != -1:
        end = html.find('class="dead-end__all"', start)
        html = html[:start] + (html[end:] if end != -1 else "")
    return len(OFFER_CARD.findall(html))


def _lookup(context, key):
    try:
        return context[key]
    except KeyError:
        return None


def read_page(context):
    """What one rendered search page shows: (results ids, related ids, the results' total
    count, the next page's number or None)."""
    results = _lookup(context, RESULTS_KEY)
    main = offer_ids(results)
    paginator = getattr(results, "paginator", None) or _lookup(context, "paginator")
    total = paginator.count if paginator is not None else len(main)
    next_page = None
    has_next = getattr(results, "has_next", None)
    if callable(has_next) and has_next():
        next_page = results.next_page_number()
    return main, offer_ids(_lookup(context, RELATED_KEY)), total, next_page


def fetch_shown(client, url, query):
    """Every offer the search page lists for ``query``, following its pagination.

    Returns a dict: ``main`` (the results, every page, in order), ``related`` (the offers
    under the second heading, in order, without the ones already among the results),
    ``total`` (the results' count as the page states it), ``pages`` (pages read),
    ``related_not_shown`` (offers of ``related_results`` that the page's HTML does not list:
    the context has them, the template does not show them, so they are not counted) and
    ``card_mismatches`` ((page, offers read from the context, cards in the HTML) for each
    page whose HTML lists a different number of offers than the bench reads: a list the
    bench does not know about, or one it counts that the page does not show).
    """
    main, related, mismatches, in_context = [], [], [], []
    page, pages, total = None, 0, 0
    while True:
        params = {"q": query} if page is None else {"q": query, "page": page}
        response = client.get(url, params)
        if response.status_code != 200:
            status = response.status_code
            raise RuntimeError(f"{url}?q={query} (page {page or 1}) answered {status}")
        page_main, page_related, count, next_page = read_page(response.context)
        pages += 1
        if pages == 1:
            total = count
        cards = listed_cards(response.content.decode("utf-8", "replace"))
        in_context += page_related
        if page_related and cards == len(page_main):
            # The second list is in the context but this page does not list it (it may be
            # listed on another page, e.g. after the last page of results).
            page_related = []
        elif cards != len(page_main) + len(page_related):
            mismatches.append((page or 1, len(page_main) + len(page_related), cards))
        main += page_main
        related += page_related
        if next_page is None or next_page == page or pages >= MAX_PAGES:
            break
        page = next_page
    main = list(dict.fromkeys(main))
    seen = set(main)
    related = [offer_id for offer_id in dict.fromkeys(related) if offer_id not in seen]
    not_shown = len(set(in_context) - seen - set(related))
    return {
        "main": main,
        "related": related,
        "total": total,
        "pages": pages,
        "related_not_shown": not_shown,
        "card_mismatches": mismatches,
    }


def evaluate(judged, client=None):
    if client is None:
        from django.test import Client

        client = Client(HTTP_HOST="localhost")
    rows = []
    for item in judged:
        grades = item.get("grades", {})
        answerable = is_answerable(item)
        site = item.get("site", "da")
        shown = fetch_shown(client, search_url(item["scope"], site), item["q"])
        # The ranking: the results first, then the offers under the second heading.
        ranked = shown["main"] + shown["related"]
        has_clear = any(g >= CLEARLY_RELEVANT for g in grades.values())
        junk = junk_count(ranked, grades, answerable)
        rows.append(
            {
                "query": item["q"],
                "scope": item["scope"],
                "site": site,
                "tags": list(item.get("tags", [])),
                "answerable": answerable,
                "result_count": shown["total"],
                "shown_count": len(ranked),
                "related_count": len(shown["related"]),
                "ndcg": ndcg(ranked, grades) if answerable else None,
                # None when the query has no clearly relevant offer to find.
                "success": (
                    any(grades.get(i, 0) >= CLEARLY_RELEVANT for i in ranked[:SUCCESS_AT])
                    if answerable and has_clear
                    else None
                ),
                "empty": not ranked,
                "junk_count": junk,
                "junk_share": junk / len(ranked) if ranked else None,
                "top": ranked[:CUTOFF],
                "shown": ranked,
                "grades": {i: grades.get(i, 0) for i in ranked if grades.get(i, 0)},
                "pages": shown["pages"],
                "related_not_shown": shown["related_not_shown"],
                "card_mismatches": shown["card_mismatches"],
            }
        )
    return rows


# ------------------------------------------------------------------------------ summary


def measures(rows):
    """The figures over ``rows`` (all queries, or one group's)."""
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    ndcgs = [r["ndcg"] for r in answerable]
    successes = [r["success"] for r in answerable if r["success"] is not None]
    shown = sum(r["shown_count"] for r in answerable)
    junk = sum(r["junk_count"] for r in answerable)
    return {
        "queries": len(rows),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "ndcg@10": round(sum(ndcgs) / len(ndcgs), 4) if ndcgs else None,
        "success@3": round(sum(successes) / len(successes), 4) if successes else None,
        "success@3_queries": len(successes),
        "empty_answers": sum(r["empty"] for r in answerable),
        # Results-weighted: junk results / shown results, over the answerable queries.
        "junk_share": round(junk / shown, 4) if shown else None,
        "junk_results": junk,
        "shown_results": shown,
        # Unanswerable queries: every offer shown is junk; an empty answer is right.
        "unanswerable_answered_empty": sum(r["empty"] for r in unanswerable),
        "unanswerable_shown_results": sum(r["shown_count"] for r in unanswerable),
    }


def reached(value, comparison, target):
    if value is None:
        return None
    return value >= target if comparison == ">=" else value <= target


def summarise(rows):
    summary = measures(rows)
    summary["targets"] = {
        name: {
            "target": label,
            "value": summary[name],
            "reached": reached(summary[name], comparison, target),
        }
        for name, comparison, target, label in TARGETS
    }
    tags = [tag for tag in TAGS if any(tag in r["tags"] for r in rows)]
    tags += sorted({tag for r in rows for tag in r["tags"]} - set(tags))
    summary["groups"] = {tag: measures([r for r in rows if tag in r["tags"]]) for tag in tags}
    summary["queries_with_card_mismatch"] = sum(bool(r["card_mismatches"]) for r in rows)
    summary["queries_with_related_not_shown"] = sum(bool(r.get("related_not_shown")) for r in rows)
    return summary


# ------------------------------------------------------------------------------- output


def fmt(value):
    if value is None:
        return "  – "
    if isinstance(value, bool):
        return " ja " if value else "NEJ "
    return f"{value:.2f}"


def target_line(label, summary, name, detail=""):
    target = summary["targets"][name]
    value = target["value"]
    shown = str(value) if isinstance(value, int) else fmt(value)
    verdict = {True: "reached", False: "NOT reached", None: "–"}[target["reached"]]
    line = f"{label:<28} {shown:>5}   target {target['target']:<7} {verdict}"
    return line + (f"  ({detail})" if detail else "")


def print_table(rows, summary, titles=None):
    print(
        f"{'query':<42} {'scope':<16} {'hits':>4} {'shown':>5} {'junk':>5} {'s@3':>4} "
        f"{'nDCG':>5}  top 3"
    )
    width = 112
    print("-" * width)
    for r in rows:
        query = r["query"] if len(r["query"]) <= 42 else r["query"][:41] + "…"
        scope = r["scope"] + ("" if r["site"] == "da" else f" ({r['site']})")
        mark = "" if r["answerable"] else " (ubesvarelig)"
        print(
            f"{query:<42} {scope:<16} {r['result_count']:>4} {r['shown_count']:>5} "
            f"{fmt(r['junk_share']):>5} {fmt(r['success']):>4} {fmt(r['ndcg']):>5}  "
            f"{', '.join(r['top'][:3]) or '(ingen)'}{mark}"
        )
        if titles is not None:
            for rank, offer_id in enumerate(r["shown"], 1):
                grade = r["grades"].get(offer_id, 0)
                junk = "junk" if grade < NOT_JUNK_FROM or not r["answerable"] else ""
                second = rank > r["shown_count"] - r["related_count"]
                print(
                    f"    {rank:>3}. {offer_id:<13} grade {grade} {junk:<4}  "
                    f"{titles.get(offer_id, '')}{' (second heading)' if second else ''}"
                )
    print("-" * width)
    print_summary(summary)
    hidden = [r for r in rows if r.get("related_not_shown")]
    if hidden:
        print()
        print(
            f"NOTE: on {len(hidden)} queries the context has related_results that the page does "
            f"not list ({sum(r['related_not_shown'] for r in hidden)} offers); not counted as "
            "shown."
        )
    mismatched = [r for r in rows if r["card_mismatches"]]
    if mismatched:
        print()
        print(
            f"WARNING: on {len(mismatched)} queries the HTML lists a different number of offer "
            "cards than the bench reads from the context (page, read, in the HTML):"
        )
        for r in mismatched:
            print(f"  {r['query']} ({r['scope']}): {r['card_mismatches']}")


def print_summary(summary):
    print(
        f"{summary['queries']} queries: {summary['answerable']} answerable, "
        f"{summary['unanswerable']} unanswerable"
    )
    print(target_line("nDCG@10 (answerable)", summary, "ndcg@10"))
    print(
        target_line(
            "success@3",
            summary,
            "success@3",
            f"over {summary['success@3_queries']} queries with a grade-3 offer",
        )
    )
    print(
        target_line(
            "junk share (answerable)",
            summary,
            "junk_share",
            f"{summary['junk_results']} of the {summary['shown_results']} offers shown are "
            "graded 0",
        )
    )
    print(
        target_line(
            "empty answers (answerable)",
            summary,
            "empty_answers",
            f"of {summary['answerable']}",
        )
    )
    print(
        f"unanswerable queries: {summary['unanswerable_shown_results']} offers shown, all junk; "
        f"{summary['unanswerable_answered_empty']} of {summary['unanswerable']} answered empty "
        "(right for them)"
    )
    if not summary["groups"]:
        return
    print()
    print(
        f"{'group':<16} {'queries':>7} {'answ.':>5} {'nDCG@10':>7} {'s@3':>5} {'junk':>5} "
        f"{'shown':>5} {'empty':>5}  unanswerable: shown (empty)"
    )
    for tag, group in summary["groups"].items():
        print(
            f"{tag:<16} {group['queries']:>7} {group['answerable']:>5} "
            f"{fmt(group['ndcg@10']):>7} {fmt(group['success@3']):>5} "
            f"{fmt(group['junk_share']):>5} {group['shown_results']:>5} "
            f"{group['empty_answers']:>5}  "
            + (
                f"{group['unanswerable_shown_results']} "
                f"({group['unanswerable_answered_empty']} of {group['unanswerable']})"
                if group["unanswerable"]
                else "–"
            )
        )


def demo_titles():
    """{external id: Danish title} of the offers, for --verbose."""
    from wagtail.models import Locale

    from offers.models import OfferPage

    return dict(
        OfferPage.objects.filter(locale=Locale.get_default())
        .exclude(external_id="")
        .values_list("external_id", "title")
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument(
        "--verbose", action="store_true", help="list every offer shown, with its grade"
    )
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
        print_table(rows, summary, demo_titles() if args.verbose else None)


if __name__ == "__main__":
    main()
