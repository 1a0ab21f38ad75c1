"""Whole-list precision and recall per topic on the demo, and facet/filter consistency.

The demo generator knows who has which skill (the CV lines it wrote), which certificates
(any validity) and which shared documents they wrote. A colleague is relevant to a topic
when one of those says so. Every listed colleague counts, not only the top 10: a list of
50 for a topic five people know shows as precision 0.1 here.

Consistency, for every topic and query: each facet value's count equals the total the
filter gives, and the filtered list is the unfiltered list restricted (same order).

    .venv/bin/python -m bench.precision.run [--out bench/out/precision.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from finder.search import Finder, Results
from indexer.batch import run_batch
from indexer.demo import DEFAULT_TODAY, DemoSummary, generate_demo


@dataclass(frozen=True)
class Topic:
    """A topic, the questions staff ask about it, and what makes a colleague relevant."""

    name: str
    queries: tuple[str, ...]
    skills: tuple[str, ...] = ()  # a CV skill line containing one of these (folded)
    certificates: tuple[str, ...] = ()  # certificate keys of the demo catalogue
    shared: tuple[str, ...] = ()  # a shared document whose path contains one of these


TOPICS = (
    Topic("wondzorg", ("wondzorg", "wound care"), ("wondzorg", "wound care"), ("wondzorg",),
          ("wond",)),
    Topic("decubitus", ("decubitus", "pressure ulcer"), ("decubitus", "pressure ulcer"),
          ("wondzorg",), ("wond", "decubitus")),
    Topic("reanimatie", ("reanimatie", "BLS", "resuscitation"), ("reanimatie", "life support"),
          ("bls",), ("reanimatie",)),
    Topic("diabetes", ("diabetes", "diabeteszorg"), ("diabetes",), (), ("diabetes",)),
    Topic("palliatieve zorg", ("palliatieve zorg", "palliative care"),
          ("palliatie", "palliative"), ("palliatief",), ("palliatie",)),
    Topic("dementie", ("dementie", "dementia"), ("dementie", "dementia"), ("dementie",),
          ("dementie",)),
    Topic("delier", ("delier", "delirium"), ("delier", "delirium"), (), ("delier",)),
    Topic("valpreventie", ("valpreventie", "fall prevention"), ("valpreventie", "fall prevention"),
          (), ("valpreventie",)),
    Topic("infectiepreventie", ("infectiepreventie", "infection prevention"),
          ("infectiepreventie", "infection prevention"), ("infectie",), ("infectie", "hygi")),
    Topic("NEN 7510", ("NEN 7510", "informatiebeveiliging"), ("nen 7510",), (), ("nen7510",)),
    Topic("ITIL", ("ITIL",), ("itil",), ("itil",), ()),
    Topic("arbeidsrecht", ("arbeidsrecht", "employment law"), ("arbeidsrecht", "employment law"),
          (), ()),
    Topic("beademing", ("beademing", "mechanical ventilation"), ("beademing", "ventilation"),
          (), ()),
)


def relevant(topic: Topic, demo: DemoSummary) -> set[str]:
    """The colleagues the generator made knowledgeable about *topic* (not opted out)."""
    out = {pid for pid, lines in demo.skills.items()
           if any(s in line.lower() for line in lines for s in topic.skills)}
    out |= {c.person_id for c in demo.certificates if c.key in topic.certificates}
    for path, author, editor in demo.shared_authors:
        if any(s in path.lower() for s in topic.shared):
            out |= {author, editor}
    return out - set(demo.opt_out)


def whole_list(finder: Finder, query: str, **filters: str | bool | None) -> Results:
    """Every listed colleague (all pages) as one Results."""
    first = finder.find_experts(query, limit=100, today=DEFAULT_TODAY, **filters)  # type: ignore[arg-type]
    experts = list(first.experts)
    while len(experts) < first.total:
        more = finder.find_experts(query, limit=100, offset=len(experts), today=DEFAULT_TODAY,
                                   **filters)  # type: ignore[arg-type]
        if not more.experts:
            break
        experts += more.experts
    return Results(first.query, first.total, tuple(experts), first.facets, first.suggestion)


def consistency(finder: Finder, query: str, full: Results) -> list[str]:
    """What disagrees: facet counts against filter totals, filtered order against full order."""
    problems = []
    order = [e.person_id for e in full.experts]
    if full.total != len(order):
        problems.append(f"total {full.total} but {len(order)} listed")
    dimensions = {"department": "department", "location": "location", "kind": "kind"}
    for facet, param in dimensions.items():
        for value, count in full.facets.get(facet, {}).items():
            got = whole_list(finder, query, **{param: value})
            if got.total != count or len(got.experts) != count:
                problems.append(f"{facet}={value}: facet {count}, filter {got.total}")
            ids = [e.person_id for e in got.experts]
            if ids != [p for p in order if p in set(ids)]:
                problems.append(f"{facet}={value}: filtered order is not the full order")
    valid = whole_list(finder, query, valid_only=True)
    ids = [e.person_id for e in valid.experts]
    if ids != [p for p in order if p in set(ids)]:
        problems.append("valid only: not the full list restricted")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        demo = generate_demo(Path(tmp) / "share", DEFAULT_TODAY)
        run_batch(demo.target, Path(tmp) / "index", today=DEFAULT_TODAY)
        rows = []
        with Finder(Path(tmp) / "index") as finder:
            for topic in TOPICS:
                truth = relevant(topic, demo)
                for query in topic.queries:
                    full = whole_list(finder, query)
                    listed = [e.person_id for e in full.experts]
                    hits = len(set(listed) & truth)
                    rows.append({
                        "topic": topic.name, "query": query, "relevant": len(truth),
                        "listed": len(listed),
                        "precision": hits / len(listed) if listed else 1.0,
                        "recall": hits / len(truth) if truth else 1.0,
                        "unmarked": sum(1 for e in full.experts
                                        if not any("<mark>" in ev.snippet for ev in e.evidence)),
                        "inconsistent": consistency(finder, query, full),
                    })
    print("| topic | query | relevant | listed | precision | recall | no marked evidence | "
          "facet/filter problems |\n|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['topic']} | {r['query']} | {r['relevant']} | {r['listed']} | "
              f"{r['precision']:.2f} | {r['recall']:.2f} | {r['unmarked']} | "
              f"{len(r['inconsistent'])} |")
    precision = statistics.mean(r["precision"] for r in rows)
    recall = statistics.mean(r["recall"] for r in rows)
    problems = sum(len(r["inconsistent"]) for r in rows)
    print(f"\nmean precision {precision:.3f}, mean recall {recall:.3f} over {len(rows)} queries; "
          f"{problems} facet/filter disagreements; "
          f"{sum(r['unmarked'] for r in rows)} listed without marked evidence")
    for r in rows:
        for p in r["inconsistent"]:
            print(f"  {r['query']}: {p}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"date": date.today().isoformat(), "rows": rows},
                                       indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
