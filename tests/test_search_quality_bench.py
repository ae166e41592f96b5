"""The search-quality benchmark's judgements and arithmetic (bench/search_quality.py)."""

import csv
import importlib.util
import math
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("search_quality", ROOT / "bench/search_quality.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

SCOPE_PREFIXES = {"kolding": ("kol-", "national-"), "mariagerfjord": ("mar-", "national-")}


def test_judgements_are_valid():
    with open(ROOT / "offers/demo/demo_offers.csv", encoding="utf-8") as f:
        demo_ids = {row["id"] for row in csv.DictReader(f)}
    judged = bench.load_judgements()
    assert len(judged) >= 45
    assert len({(q["q"], q["scope"]) for q in judged}) == len(judged)
    for query in judged:
        assert query["scope"] in ("kolding", "mariagerfjord", "national")
        grades = query.get("grades", {})
        if query.get("unanswerable"):
            assert not grades
            continue
        assert any(grade >= 2 for grade in grades.values()), query["q"]
        for offer_id, grade in grades.items():
            assert offer_id in demo_ids
            assert grade in (1, 2, 3)
            assert offer_id.startswith(SCOPE_PREFIXES.get(query["scope"], ""))


def test_ndcg():
    grades = {"a": 3, "b": 1}
    assert bench.ndcg(["a", "b"], grades) == 1
    assert bench.ndcg([], grades) == 0
    swapped = (1 + 7 / math.log2(3)) / (7 + 1 / math.log2(3))
    assert bench.ndcg(["b", "a"], grades) == pytest.approx(swapped)
    assert bench.ndcg(["x"] * 10 + ["a"], grades) == 0  # beyond the cut-off
    assert bench.ndcg(["a"], {}) is None


@pytest.mark.django_db
def test_runs_the_real_search_page(demo):
    rows = bench.evaluate(
        [
            {"q": "lektiehjælp", "scope": "kolding", "grades": {"kol-006": 3}},
            {"q": "julehjælp", "scope": "national", "unanswerable": True},
        ]
    )
    assert rows[0]["top"][0] == "kol-006"
    assert rows[0]["success"] is True
    summary = bench.summarise(rows)
    assert (summary["answerable"], summary["unanswerable"]) == (1, 1)
    assert summary["empty_answers"] == 0
