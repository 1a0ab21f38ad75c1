"""Hostile content costs bounded time: one document of one word repeated cannot stall search.

The bounds are generous guards against quadratic blow-up (seconds where a linear
routine takes milliseconds); the measured times are in BENCHMARKS.md.
"""

from __future__ import annotations

import time
from pathlib import Path

from finder.search import Finder
from finder.snippets import snippet
from indexer.build import run_batch
from tests.share import P, write_docx, write_people


def test_a_repeated_word_document_is_searched_quickly(tmp_path: Path) -> None:
    share = tmp_path / "share"
    write_people(share, [P("p1", "Anna de Vries"), P("p2", "Bram Bos")])
    (share / "p1" / "herhaling.txt").write_text("decubitus " * 33_000)  # 330 KB
    write_docx(share / "p2" / "cv.docx", "Bram kent decubitus en wondzorg.")
    run_batch(share, tmp_path / "ix", workers=1)
    with Finder(tmp_path / "ix") as finder:
        finder.find_experts("wondzorg")  # warm
        started = time.monotonic()
        found = finder.find_experts("decubitus wondzorg")
        assert time.monotonic() - started < 2.0
    assert {e.person_id for e in found.experts} == {"p1", "p2"}


def test_snippet_selection_is_linear_in_the_hits() -> None:
    text = "wondzorg decubitus " * 100_000  # 200,000 hits: quadratic would take hours
    started = time.monotonic()
    html, hits = snippet(text, ["wondzorg", "decubitus", "reanimatie"], "nl")
    assert time.monotonic() - started < 2.0
    assert hits > 10 and "<mark>wondzorg</mark>" in html
