"""Quality benchmark: our ranking model's variants against a plain BM25F baseline, in one run.

``python -m bench.quality.run [--limit-resumes N] [--queries FILE] [--out bench/out/quality.json]``
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from bench.quality import metrics
from bench.quality.baseline import Baseline
from bench.quality.make_qrels import (
    QRELS,
    QUERIES,
    RESUMES,
    Query,
    qrels_lines,
    read_labels,
    read_queries,
)
from bench.quality.share import Colleague, choose_resumes, make_share
from finder.search import Finder, SearchConfig
from indexer.batch import run_batch
from indexer.ingest.extract import ExtractionError, extract

log = logging.getLogger(__name__)

TOP = 100  # persons retrieved per query
MODELS = ("document", "profile", "fused")
BASELINE = "baseline BM25F"


@dataclass(frozen=True)
class SystemResult:
    """Scores of one system overall and per language, and its query time."""

    name: str
    all: metrics.Scores
    en: metrics.Scores
    nl: metrics.Scores
    seconds: float
    errors: int
    average_precision: dict[str, float]  # per query, to find what fails


@contextmanager
def timed(stages: dict[str, float], name: str) -> Iterator[None]:
    """Record the wall time of a block under *name*."""
    start = time.perf_counter()
    try:
        yield
    finally:
        stages[name] = round(time.perf_counter() - start, 3)
        log.info("%-28s %8.2f s", name, stages[name])


def run_queries(
    name: str, search: Callable[[str], list[str]], queries: list[Query], qrels: metrics.Qrels
) -> SystemResult:
    """Run every query through *search*; a failing query counts as an empty ranking."""
    run: dict[str, list[str]] = {}
    errors = 0
    start = time.perf_counter()
    for q in queries:
        try:
            run[q.qid] = search(q.text)
        except Exception:  # a benchmark reports failures, it does not stop on them
            log.exception("%s failed on %s %r", name, q.qid, q.text)
            errors += 1
            run[q.qid] = []
    seconds = time.perf_counter() - start

    def subset(lang: str) -> list[str]:
        return [q.qid for q in queries if q.lang == lang]

    return SystemResult(
        name,
        metrics.evaluate(run, qrels, [q.qid for q in queries]),
        metrics.evaluate(run, qrels, subset("en")),
        metrics.evaluate(run, qrels, subset("nl")),
        round(seconds, 3),
        errors,
        {
            q.qid: round(metrics.average_precision(run[q.qid], qrels.get(q.qid, frozenset())), 4)
            for q in queries
        },
    )


def baseline_texts(colleagues: list[Colleague]) -> tuple[list[tuple[str, str]], int]:
    """(person_id, CV text) via the project's extractor; unreadable CVs count as empty."""
    texts, failed = [], 0
    for c in colleagues:
        try:
            texts.append((c.person_id, extract(c.cv).text))
        except ExtractionError as exc:
            failed += 1
            log.warning("baseline: %s unreadable (%s)", c.cv.name, exc.reason)
            texts.append((c.person_id, ""))
    return texts, failed


def our_systems(index_dir: Path) -> Iterator[tuple[str, Callable[[str], list[str]], bool]]:
    """(name, search function, is-default) for each model variant, with and without
    expansion, and the default without the ESCO concept bridge and without feedback."""
    default = SearchConfig()
    variants = [(f"{model} {'+' if expansion else '-'}expansion",
                 replace(default, model=model, expansion=expansion))
                for model in MODELS for expansion in (True, False)]
    variants.append((f"{default.model} +expansion -concept bridge",
                     replace(default, concept_weight=0.0)))
    variants.append((f"{default.model} +expansion -feedback",
                     replace(default, feedback_people=0)))
    for name, config in variants:
        with Finder(index_dir, config) as finder:

            def search(text: str, finder: Finder = finder) -> list[str]:
                results = finder.find_experts(text, limit=TOP)
                return [e.person_id for e in results.experts]

            yield name, search, config == default


def table(results: list[SystemResult]) -> str:
    """One markdown table, systems as rows, metric x language as columns."""
    cols = [(m, lang) for m in ("map", "ndcg10", "p10", "mrr") for lang in ("all", "en", "nl")]
    label = {"map": "MAP", "ndcg10": "nDCG@10", "p10": "P@10", "mrr": "MRR"}
    head = "| system | " + " | ".join(f"{label[m]} {lang}" for m, lang in cols) + " | s/query |"
    rule = "|---" * (len(cols) + 2) + "|"
    rows = [head, rule]
    for r in results:
        n = max(r.all.queries, 1)
        cells = [f"{getattr(getattr(r, lang), m):.3f}" for m, lang in cols]
        rows.append(f"| {r.name} | " + " | ".join(cells) + f" | {r.seconds / n:.3f} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Entry point; prints the table and writes the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resumes", type=Path, default=RESUMES)
    parser.add_argument("--limit-resumes", type=int, default=None, metavar="N")
    parser.add_argument(
        "--queries",
        type=Path,
        default=QUERIES,
        help="another query file (e.g. held-out queries); judged from labels.csv",
    )
    parser.add_argument("--out", type=Path, default=Path("bench/out/quality.json"))
    parser.add_argument("--workers", type=int, default=None, help="indexer workers")
    parser.add_argument("--keep", type=Path, default=None, help="build in this dir and keep it")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if not (args.resumes / "labels.csv").exists():
        parser.error(f"no resumes at {args.resumes}")

    stages: dict[str, float] = {}
    queries = read_queries(args.queries)
    chosen = choose_resumes(args.resumes, args.limit_resumes)
    if args.queries == QUERIES:
        judged = metrics.read_qrels(QRELS)
    else:  # the same rule as make_qrels, in memory
        judged = metrics.read_qrels_lines(qrels_lines(queries, read_labels(args.resumes)))
    qrels = {qid: rel & frozenset(chosen) for qid, rel in judged.items()}
    with tempfile.TemporaryDirectory(prefix="bench-quality-") as tmp:
        work = args.keep or Path(tmp)
        with timed(stages, "share layout"):
            colleagues = make_share(args.resumes, work / "share", chosen)
        with timed(stages, "baseline extraction"):
            texts, unreadable = baseline_texts(colleagues)
        with timed(stages, "baseline index"):
            base = Baseline(work / "baseline-index", texts)
        results = [run_queries(BASELINE, base.search, queries, qrels)]
        stages["baseline queries"] = results[0].seconds
        base.close()

        with timed(stages, "run_batch (full index)"):
            report = run_batch(work / "share", work / "index", full=True, workers=args.workers)
        log.info("indexed: %d added, %d failed", report.added, len(report.failed))
        chosen_name = ""
        for name, search, is_default in our_systems(work / "index"):
            results.append(run_queries(name, search, queries, qrels))
            stages[f"queries {name}"] = results[-1].seconds
            if is_default:
                chosen_name = name

    print(
        f"\n{len(colleagues)} colleagues, {len(queries)} queries "
        f"({sum(q.lang == 'en' for q in queries)} en, {sum(q.lang == 'nl' for q in queries)} nl), "
        f"top {TOP}\n"
    )
    print(table(results))
    by_name = {r.name: r for r in results}
    base_r = by_name[BASELINE]
    summary: dict[str, object] = {"chosen": chosen_name}
    if chosen_name:
        ours = by_name[chosen_name]
        ratio = ours.all.map / base_r.all.map if base_r.all.map else float("inf")
        nl_en = ours.nl.map / ours.en.map if ours.en.map else 0.0
        summary |= {"map_ratio_vs_baseline": round(ratio, 3), "nl_en_map_ratio": round(nl_en, 3)}
        print(
            f"\nchosen model ({chosen_name}, the default SearchConfig) MAP / baseline MAP = "
            f"{ratio:.2f} ({(ratio - 1) * 100:+.0f}%)"
        )
        print(f"chosen model nl/en MAP = {nl_en:.2f}")
    if base_r.en.map:
        print(f"baseline nl/en MAP = {base_r.nl.map / base_r.en.map:.2f}")
    print("\nstages (s): " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "colleagues": len(colleagues),
                "queries": len(queries),
                "top": TOP,
                "baseline_unreadable": unreadable,
                "index_failed": len(report.failed),
                "summary": summary,
                "stages": stages,
                "systems": [asdict(r) for r in results],
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
