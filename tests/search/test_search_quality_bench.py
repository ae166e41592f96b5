"""The search-quality benchmark's judgements and arithmetic (bench/search_quality.py)."""

import csv
import importlib.util
import math
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("search_quality", ROOT / "bench/search_quality.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

SCOPE_PREFIXES = {"kolding": ("kol-", "national-"), "mariagerfjord": ("mar-", "national-")}


def demo_ids():
    with open(ROOT / "demo/demo_offers.csv", encoding="utf-8") as f:
        return {row["id"] for row in csv.DictReader(f)}


def test_judgements_are_valid():
    ids = demo_ids()
    judged = bench.load_judgements()
    assert len(judged) >= 108
    keys = [(q["q"], q["scope"], q.get("site", "da")) for q in judged]
    assert len(set(keys)) == len(keys)
    for query in judged:
        assert query["scope"] in bench.SCOPES
        assert query.get("site", "da") in bench.SITES
        assert query["who"], query["q"]
        tags = query["tags"]
        assert set(tags) <= set(bench.TAGS), query["q"]
        # The page it is typed into is its group: exactly one of the two.
        assert [t for t in tags if t in ("municipality", "national")] == [
            "national" if query["scope"] == "national" else "municipality"
        ], query["q"]
        if query.get("site") == "en":
            assert "english" in tags
        grades = query.get("grades", {})
        if query.get("unanswerable"):
            assert not grades
            continue
        assert "function-words" not in tags, query["q"]
        assert any(grade >= 2 for grade in grades.values()), query["q"]
        for offer_id, grade in grades.items():
            assert offer_id in ids
            assert grade in (1, 2, 3)
            assert offer_id.startswith(SCOPE_PREFIXES.get(query["scope"], ""))


def test_judged_set_covers_the_groups():
    judged = bench.load_judgements()

    def count(tag):
        return sum(tag in q["tags"] for q in judged)

    assert count("national") >= 25
    assert count("english") >= 12
    assert sum(q.get("site") == "en" for q in judged) >= 3
    assert count("sentence") >= 30
    assert count("function-words") >= 4


def test_ndcg():
    grades = {"a": 3, "b": 1}
    assert bench.ndcg(["a", "b"], grades) == 1
    assert bench.ndcg([], grades) == 0
    swapped = (1 + 7 / math.log2(3)) / (7 + 1 / math.log2(3))
    assert bench.ndcg(["b", "a"], grades) == pytest.approx(swapped)
    assert bench.ndcg(["x"] * 10 + ["a"], grades) == 0  # beyond the cut-off
    assert bench.ndcg(["a"], {}) is None


def test_junk_is_grade_0():
    grades = {"a": 3, "b": 1, "c": 2}
    # x and y are not judged (grade 0); b is "somewhat" (grade 1), which is not junk.
    assert bench.junk_count(["a", "x", "b", "y", "c"], grades) == 2
    assert bench.junk_count([], grades) == 0
    # For an unanswerable query every offer shown is junk.
    assert bench.junk_count(["a", "x"], {}, answerable=False) == 2


def test_search_urls():
    assert bench.search_url("kolding") == "/kolding/soeg/"
    assert bench.search_url("national") == "/soeg/"
    assert bench.search_url("mariagerfjord", "en") == "/en/mariagerfjord/soeg/"
    assert bench.search_url("national", "en") == "/en/soeg/"
    with pytest.raises(ValueError):
        bench.search_url("kolding", "xx")


# A tiny fake of the search page: offers, Django-like pages and a client.


def offer(external_id):
    return SimpleNamespace(external_id=external_id, pk=hash(external_id))


def card():
    return '<article class="card offer-card"><h3>…</h3></article>'


class FakePage:
    def __init__(self, ids, number, pages, count):
        self.object_list = [offer(i) for i in ids]
        self.number = number
        self.pages = pages
        self.paginator = SimpleNamespace(count=count)

    def has_next(self):
        return self.number < self.pages

    def next_page_number(self):
        return self.number + 1


class FakeClient:
    """Answers every search with ``pages``: [(results ids, related ids or None, cards shown)]."""

    def __init__(self, pages, count):
        self.pages = pages
        self.count = count
        self.requests = []

    def get(self, url, params):
        self.requests.append((url, dict(params)))
        number = int(params.get("page", 1))
        main, related, cards = self.pages[number - 1]
        context = {"results": FakePage(main, number, len(self.pages), self.count)}
        if related is not None:
            context["related_results"] = [offer(i) for i in related]
        html = "<main>" + card() * cards + "</main>"
        return SimpleNamespace(status_code=200, context=context, content=html.encode())


def test_reads_every_page_and_the_second_heading():
    client = FakeClient([(["a", "x"], None, 2), (["b"], ["y", "a", "c"], 4)], count=3)
    rows = bench.evaluate(
        [
            {
                "q": "sorg",
                "scope": "kolding",
                "site": "en",
                "tags": ["municipality", "english"],
                "grades": {"a": 3, "b": 2, "c": 1},
            }
        ],
        client=client,
    )
    assert client.requests == [
        ("/en/kolding/soeg/", {"q": "sorg"}),
        ("/en/kolding/soeg/", {"q": "sorg", "page": 2}),
    ]
    row = rows[0]
    # The results of both pages, then the second heading's offers not already shown.
    assert row["shown"] == ["a", "x", "b", "y", "c"]
    assert (row["result_count"], row["shown_count"], row["related_count"]) == (3, 5, 2)
    assert row["junk_count"] == 2  # x and y; c is grade 1
    assert row["junk_share"] == pytest.approx(2 / 5)
    assert row["success"] is True
    assert row["ndcg"] == pytest.approx(bench.dcg([3, 0, 2, 0, 1]) / bench.dcg([3, 2, 1]), rel=1e-9)
    assert row["card_mismatches"] == []


def test_a_list_the_bench_does_not_read_is_reported():
    # The HTML lists 3 offer cards; the context names only 2 (a list under another key).
    client = FakeClient([(["a", "b"], None, 3)], count=2)
    rows = bench.evaluate([{"q": "sorg", "scope": "national", "grades": {"a": 3}}], client)
    assert rows[0]["card_mismatches"] == [(1, 2, 3)]
    assert bench.summarise(rows)["queries_with_card_mismatch"] == 1


def test_related_results_the_page_does_not_list_are_not_shown():
    # The context has a second list, but the HTML lists only the 2 results.
    client = FakeClient([(["a", "b"], ["c", "d"], 2)], count=2)
    rows = bench.evaluate([{"q": "sorg", "scope": "national", "grades": {"a": 3}}], client)
    assert rows[0]["shown"] == ["a", "b"]
    assert (rows[0]["related_not_shown"], rows[0]["junk_count"]) == (2, 1)
    assert rows[0]["card_mismatches"] == []
    assert bench.summarise(rows)["queries_with_related_not_shown"] == 1


def test_related_results_listed_on_the_last_page_only_are_shown():
    # The context has the second list on every page; the HTML lists it after the last one.
    client = FakeClient([(["a", "b"], ["c"], 2), (["x"], ["c"], 2)], count=3)
    rows = bench.evaluate([{"q": "sorg", "scope": "national", "grades": {"c": 3}}], client)
    assert rows[0]["shown"] == ["a", "b", "x", "c"]
    assert (rows[0]["related_not_shown"], rows[0]["related_count"]) == (0, 1)
    assert rows[0]["card_mismatches"] == []


def test_listed_cards_leaves_out_the_dead_end_helplines():
    html = (
        '<section class="search-results"><p>0 tilbud</p><div class="dead-end">'
        + card() * 6
        + '<p class="dead-end__all"><a href="/soeg/">Se hele listen</a></p></div></section>'
    )
    assert bench.listed_cards(html) == 0
    assert bench.listed_cards(card() * 2 + html) == 2


def row(tags, answerable, shown, junk, ndcg=None, success=None):
    return {
        "tags": tags,
        "answerable": answerable,
        "shown_count": shown,
        "junk_count": junk,
        "ndcg": ndcg,
        "success": success,
        "empty": shown == 0,
        "card_mismatches": [],
    }


def test_junk_share_is_results_weighted_and_leaves_out_unanswerable_queries():
    rows = [
        row(["municipality"], True, 10, 1, ndcg=1.0, success=True),
        row(["national", "english"], True, 2, 2, ndcg=0.5, success=False),
        row(["national", "english"], True, 0, 0, ndcg=0.0, success=False),
        row(["national", "function-words"], False, 5, 5),
        row(["municipality", "function-words"], False, 0, 0),
    ]
    summary = bench.summarise(rows)
    # 3 junk of 12 shown; the mean of the per-query shares would be (0.1 + 1) / 2 = 0.55.
    assert summary["junk_share"] == 0.25
    assert (summary["junk_results"], summary["shown_results"]) == (3, 12)
    assert summary["empty_answers"] == 1
    assert summary["unanswerable_shown_results"] == 5
    assert summary["unanswerable_answered_empty"] == 1
    assert summary["ndcg@10"] == 0.5
    assert summary["success@3"] == pytest.approx(1 / 3, abs=1e-4)
    targets = summary["targets"]
    assert targets["junk_share"]["reached"] is True  # 0.25 <= 0.30
    assert targets["ndcg@10"]["reached"] is False
    assert targets["empty_answers"]["reached"] is False
    groups = summary["groups"]
    assert list(groups)[:3] == ["municipality", "national", "english"]
    assert groups["english"]["junk_share"] == 1.0
    assert groups["national"]["unanswerable_shown_results"] == 5
    assert groups["municipality"]["junk_share"] == 0.1
    assert groups["function-words"]["junk_share"] is None


@pytest.mark.django_db
def test_runs_the_real_search_page(demo):
    rows = bench.evaluate(
        [
            {"q": "lektiehjælp", "scope": "kolding", "grades": {"kol-006": 3}},
            {"q": "julehjælp", "scope": "national", "unanswerable": True},
        ]
    )
    # The bench's arithmetic on what the page shows, whatever the ranking of the day.
    assert "kol-006" in rows[0]["shown"]
    assert rows[0]["success"] is (rows[0]["shown"].index("kol-006") < 3)
    assert rows[0]["junk_count"] == rows[0]["shown_count"] - 1
    # The results, and the partial matches a page with few of them lists after them.
    assert rows[0]["shown_count"] >= rows[0]["result_count"]
    assert rows[0]["card_mismatches"] == []
    assert rows[1]["junk_count"] == rows[1]["shown_count"]
    summary = bench.summarise(rows)
    assert (summary["answerable"], summary["unanswerable"]) == (1, 1)
    assert summary["empty_answers"] == 0


@pytest.mark.django_db
def test_follows_the_real_pagination(demo):
    from django.test import Client

    # Without a query the national page lists every offer, 20 a page.
    shown = bench.fetch_shown(Client(HTTP_HOST="localhost"), "/soeg/", "")
    assert shown["total"] == len(demo_ids())
    assert shown["pages"] == math.ceil(len(demo_ids()) / 20) > 1
    assert set(shown["main"]) == demo_ids()
    assert shown["card_mismatches"] == []


@pytest.mark.django_db
def test_the_english_site_shows_translations_under_the_danish_ids(demo):
    from django.test import Client, TestCase

    from demo.english import translate_demo

    with TestCase.captureOnCommitCallbacks(execute=True):
        translate_demo()
    client = Client(HTTP_HOST="localhost")
    shown = bench.fetch_shown(client, bench.search_url("kolding", "en"), "sorg")
    assert "kol-001" in shown["main"]  # shown as "Grief group for adults"
    response = client.get("/en/kolding/soeg/", {"q": "sorg"})
    assert "Grief group for adults" in response.content.decode()
