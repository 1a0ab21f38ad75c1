"""Ranking metrics (MAP, nDCG@10, P@10, MRR) over a run and TREC-style binary qrels."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

Run = Mapping[str, Sequence[str]]  # qid -> person ids, best first
Qrels = Mapping[str, frozenset[str]]  # qid -> relevant person ids


@dataclass(frozen=True)
class Scores:
    """Mean metrics over a set of queries."""

    map: float
    ndcg10: float
    p10: float
    mrr: float
    queries: int


def read_qrels(path: Path) -> dict[str, frozenset[str]]:
    """Read a qrels file of ``qid 0 docid rel`` lines; only rel > 0 counts as relevant."""
    return read_qrels_lines(path.read_text(encoding="utf-8").splitlines())


def read_qrels_lines(lines: Iterable[str]) -> dict[str, frozenset[str]]:
    """Parse ``qid 0 docid rel`` lines (blank or malformed lines are skipped)."""
    relevant: dict[str, set[str]] = {}
    for line in lines:
        parts = line.split()
        if len(parts) != 4:
            continue
        qid, _, docid, rel = parts
        relevant.setdefault(qid, set())
        if int(rel) > 0:
            relevant[qid].add(docid)
    return {qid: frozenset(docs) for qid, docs in relevant.items()}


def average_precision(ranked: Sequence[str], relevant: frozenset[str]) -> float:
    """AP: precision at each relevant hit, divided by all relevant (found or not)."""
    if not relevant:
        return 0.0
    hits = 0
    total = 0.0
    for rank, docid in enumerate(_dedup(ranked), start=1):
        if docid in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant)


def ndcg_at(ranked: Sequence[str], relevant: frozenset[str], k: int = 10) -> float:
    """nDCG@k with binary gains and the log2(rank + 1) discount."""
    if not relevant:
        return 0.0
    dcg = sum(
        1.0 / math.log2(rank + 1)
        for rank, docid in enumerate(_dedup(ranked)[:k], start=1)
        if docid in relevant
    )
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(k, len(relevant)) + 1))
    return dcg / ideal


def precision_at(ranked: Sequence[str], relevant: frozenset[str], k: int = 10) -> float:
    """Relevant among the first k, divided by k (a short list is not rewarded)."""
    return sum(1 for docid in _dedup(ranked)[:k] if docid in relevant) / k


def reciprocal_rank(ranked: Sequence[str], relevant: frozenset[str]) -> float:
    """1 / rank of the first relevant result; 0 when none is retrieved."""
    for rank, docid in enumerate(_dedup(ranked), start=1):
        if docid in relevant:
            return 1.0 / rank
    return 0.0


def evaluate(run: Run, qrels: Qrels, qids: Iterable[str] | None = None) -> Scores:
    """Mean metrics over *qids* (default: every judged query); a missing run scores 0."""
    chosen = [q for q in (qrels if qids is None else qids) if q in qrels]
    if not chosen:
        return Scores(0.0, 0.0, 0.0, 0.0, 0)
    n = len(chosen)

    def mean(metric: Callable[[Sequence[str], frozenset[str]], float]) -> float:
        return sum(metric(run.get(q, ()), qrels[q]) for q in chosen) / n

    return Scores(
        map=mean(average_precision),
        ndcg10=mean(ndcg_at),
        p10=mean(precision_at),
        mrr=mean(reciprocal_rank),
        queries=n,
    )


def _dedup(ranked: Sequence[str]) -> list[str]:
    # A person listed twice must not be counted twice (trec_eval ignores repeats too).
    seen: set[str] = set()
    out = []
    for docid in ranked:
        if docid not in seen:
            seen.add(docid)
            out.append(docid)
    return out
