"""Write qrels.txt (``qid 0 person_id 1``) from queries.tsv and the resumes' labels.csv."""

from __future__ import annotations

import argparse
import csv
import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "queries.tsv"
QRELS = HERE / "qrels.txt"
# The corpus lives next to the repository, never inside it.
RESUMES = HERE.parents[2] / "shared" / "corpus" / "resumes"


@dataclass(frozen=True)
class Query:
    """One benchmark query and the occupation folders that count as relevant."""

    qid: str
    lang: str
    text: str
    categories: tuple[str, ...]


def read_queries(path: Path = QUERIES) -> list[Query]:
    """Parse queries.tsv (qid, lang, query, comma-separated categories)."""
    with path.open(encoding="utf-8", newline="") as f:
        return [
            Query(
                qid=row["qid"],
                lang=row["lang"],
                text=row["query"],
                categories=tuple(c.strip() for c in row["categories"].split(",") if c.strip()),
            )
            for row in csv.DictReader(f, delimiter="\t")
        ]


def read_labels(resumes: Path = RESUMES) -> dict[str, str]:
    """Resume id -> occupation folder, from labels.csv."""
    with (resumes / "labels.csv").open(encoding="utf-8", newline="") as f:
        return {row["id"]: row["category"] for row in csv.DictReader(f)}


def qrels_lines(queries: list[Query], labels: dict[str, str]) -> list[str]:
    """One ``qid 0 person_id 1`` line per relevant person, sorted for stable diffs."""
    lines = []
    for q in queries:
        for person_id in sorted(pid for pid, cat in labels.items() if cat in q.categories):
            lines.append(f"{q.qid} 0 {person_id} 1")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Entry point: ``python -m bench.quality.make_qrels [--resumes DIR] [--out FILE]``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--resumes", type=Path, default=RESUMES)
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--out", type=Path, default=QRELS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    queries = read_queries(args.queries)
    labels = read_labels(args.resumes)
    known = set(labels.values())
    for q in queries:
        missing = [c for c in q.categories if c not in known]
        if missing:
            parser.error(f"{q.qid}: unknown categories {missing}")
    lines = qrels_lines(queries, labels)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    log.info("%d queries, %d judgements -> %s", len(queries), len(lines), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
