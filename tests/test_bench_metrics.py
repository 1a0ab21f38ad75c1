"""Ranking metrics of the quality benchmark, checked against values worked out by hand."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

# bench/ is not an installed package; make the repository root importable.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.quality import metrics  # noqa: E402
from bench.quality.make_qrels import qrels_lines, read_queries  # noqa: E402

REL = frozenset({"a", "c", "f"})
RANKED = ["a", "b", "c", "d", "e"]


def test_average_precision_divides_by_all_relevant_including_unretrieved() -> None:
    # hits at ranks 1 and 3: (1/1 + 2/3) / 3 relevant
    assert metrics.average_precision(RANKED, REL) == pytest.approx((1 + 2 / 3) / 3)


def test_ndcg_at_10_binary_gains() -> None:
    dcg = 1 / math.log2(2) + 1 / math.log2(4)
    ideal = 1 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert metrics.ndcg_at(RANKED, REL) == pytest.approx(dcg / ideal)
    assert metrics.ndcg_at(RANKED, REL) == pytest.approx(0.70392, abs=1e-5)


def test_precision_at_10_does_not_reward_short_lists() -> None:
    assert metrics.precision_at(RANKED, REL) == pytest.approx(0.2)


def test_reciprocal_rank_of_first_relevant() -> None:
    assert metrics.reciprocal_rank(["x", "y", "r"], frozenset({"r"})) == pytest.approx(1 / 3)
    assert metrics.reciprocal_rank(["x", "y"], frozenset({"r"})) == 0.0


def test_repeated_person_is_counted_once() -> None:
    assert metrics.average_precision(["a", "a", "c"], frozenset({"a", "c"})) == pytest.approx(1.0)
    assert metrics.precision_at(["a", "a", "a"], frozenset({"a"})) == pytest.approx(0.1)


def test_evaluate_means_over_judged_queries_and_scores_missing_runs_zero() -> None:
    qrels = {"q1": REL, "q2": frozenset({"r"}), "q3": frozenset({"z"})}
    run = {"q1": RANKED, "q2": ["x", "y", "r"]}  # q3 has no run at all
    scores = metrics.evaluate(run, qrels)
    assert scores.queries == 3
    assert scores.map == pytest.approx(((1 + 2 / 3) / 3 + 1 / 3 + 0) / 3)
    assert scores.mrr == pytest.approx((1 + 1 / 3 + 0) / 3)
    assert scores.p10 == pytest.approx((0.2 + 0.1 + 0) / 3)
    assert scores.ndcg10 == pytest.approx((0.70392 + 0.5 + 0) / 3, abs=1e-5)
    only_q2 = metrics.evaluate(run, qrels, ["q2"])
    assert only_q2.map == pytest.approx(1 / 3)


def test_read_qrels_trec_format(tmp_path: Path) -> None:
    path = tmp_path / "qrels.txt"
    path.write_text("q1 0 a 1\nq1 0 b 0\nq2 0 c 1\n\n", encoding="utf-8")
    assert metrics.read_qrels(path) == {"q1": frozenset({"a"}), "q2": frozenset({"c"})}


def test_committed_query_file_covers_every_occupation_in_both_languages() -> None:
    queries = read_queries()
    en = [q for q in queries if q.lang == "en"]
    nl = [q for q in queries if q.lang == "nl"]
    assert len(en) >= 40 and len(nl) >= 20
    assert {c for q in en for c in q.categories} == {c for q in nl for c in q.categories}
    assert len({c for q in queries for c in q.categories}) == 24
    lines = qrels_lines(queries[:1], {"1": queries[0].categories[0], "2": "NOPE"})
    assert lines == [f"{queries[0].qid} 0 1 1"]
