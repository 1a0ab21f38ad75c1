"""The fast path ranks exactly like Whoosh (issue 16).

At publish every generation gets its posting lists as numpy arrays
(``indexer.store.postings``); the finder scores over them. On real indexes (the demo
organisation, and hand-made ones), every query the finder compiles must give the
same documents with the same scores as Whoosh's own search, for the people index,
the documents index and the strict matching (spans and all). An older generation
without postings is scored by Whoosh; postings are never carried over to the next
generation, so they can't go stale.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from whoosh.classify import Bo1Model

from finder.search import Finder
from indexer.batch import run_batch
from indexer.store import compile as qc
from indexer.store import postings
from indexer.store.generations import current_generation
from tests.conftest import DemoIndex
from tests.share import P, write_docx, write_people
from tests.test_counts import TOPICS

QUESTIONS = [*TOPICS, "wie weet er iets van decubitus?", "\"wound care\"", "reanimatie NOT ICT",
             "zorg OR ICT", "diabetes AND insuline", "palliatieve zorg thuis", "Fatima",
             "informatiebeveiliging", "delier", "kind:certificate BLS", "qqqq"]


@pytest.fixture(scope="module")
def searcher(demo: DemoIndex) -> Iterator[tuple[Finder, object]]:
    with Finder(demo.index) as f, f.reader.snapshot() as s:
        assert s._s.fast is not None, "the batch wrote no postings"  # type: ignore[attr-defined]
        yield f, s


def _whoosh(searcher: object, q: object) -> dict[int, float]:
    return {h.docnum: h.score for h in searcher.search(q, limit=None)}  # type: ignore[attr-defined]


@pytest.mark.parametrize("question", QUESTIONS)
def test_fast_scores_equal_whooshs_own(searcher: tuple[Finder, object], question: str) -> None:
    f, s = searcher
    snap = s._s  # type: ignore[attr-defined]
    parsed, _shown = f.prepare(s, question)  # type: ignore[arg-type]
    for index, people, strict in (("people", True, False), ("docs", False, False),
                                  ("docs", False, True)):
        whoosh_searcher = snap.people if index == "people" else snap.docs
        q = qc.compile_text(parsed, people=people, expansion_weight=0.7, strict=strict)
        expected = _whoosh(whoosh_searcher, q)
        hits, total = snap.fast[index].search(q, whoosh_searcher, 10**6)
        got = dict(hits)
        assert total == len(expected) and set(got) == set(expected), (index, strict)
        for doc, score in expected.items():
            assert got[doc] == pytest.approx(score, rel=1e-9), (index, strict, doc)
        # The order is by score, ties in document order, as Whoosh's collector gives it.
        assert [d for d, _ in hits] == sorted(got, key=lambda d: (-got[d], d))


def test_a_filter_restricts_like_whooshs(searcher: tuple[Finder, object]) -> None:
    f, s = searcher
    snap = s._s  # type: ignore[attr-defined]
    parsed, _ = f.prepare(s, "wondzorg", department="Wijkverpleging")  # type: ignore[arg-type]
    q = qc.compile_text(parsed, people=True, expansion_weight=0.7)
    restriction = qc.people_filter(parsed.filters)
    expected = {h.docnum for h in snap.people.search(q, limit=None, filter=restriction)}
    hits, total = snap.fast["people"].search(q, snap.people, 10**6, restriction)
    assert {d for d, _ in hits} == expected and total == len(expected) > 0


def _share(tmp_path: Path) -> Path:
    share = tmp_path / "share"
    write_people(share, [P("p1", "Anna Jansen"), P("p2", "Bram Bos")])
    write_docx(share / "p1/cv.docx", "Wondzorg en decubitus in de wijk.")
    write_docx(share / "p2/cv.docx", "Netwerkbeheer en servers.")
    return share


def test_an_older_generation_without_postings_is_scored_by_whoosh(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    run_batch(_share(tmp_path), index, workers=1, today=date.today())
    gen = current_generation(index)
    assert gen is not None and (gen / "postings").is_dir()
    with Finder(index) as f:
        fast = f.find_experts("wondzorg")
    shutil.rmtree(gen / "postings")  # as a generation written before issue 16 has it
    with Finder(index) as f:
        slow = f.find_experts("wondzorg")
    assert [(e.person_id, e.score) for e in slow.experts] == \
        [(e.person_id, e.score) for e in fast.experts] and slow.total == 1


def test_postings_follow_every_batch(tmp_path: Path) -> None:
    share, index = _share(tmp_path), tmp_path / "ix"
    run_batch(share, index, workers=1, today=date.today())
    write_docx(share / "p2/cv.docx", "Netwerkbeheer, en nu ook wondzorg.")
    run_batch(share, index, workers=1, today=date.today())  # incremental: a new generation
    gen = current_generation(index)
    assert gen is not None and postings.load(gen) is not None
    with Finder(index) as f:
        assert {e.person_id for e in f.find_experts("wondzorg").experts} == {"p1", "p2"}


@pytest.mark.parametrize("person", ["p001", "p010", "p023", "p045"])
def test_feedback_terms_equal_whooshs_bo1(searcher: tuple[Finder, object], person: str) -> None:
    _f, s = searcher
    snap = s._s  # type: ignore[attr-defined]
    text = "\n".join(d.content for d in s.person_documents(person))  # type: ignore[attr-defined]
    for field in ("body_nl", "body_en"):
        expected = snap.people.key_terms_from_text(field, text, numterms=10, model=Bo1Model)
        got = snap.fast["people"].key_terms(field, snap.people.schema[field], text, 10)
        assert [t for t, _ in got] == [t for t, _ in expected] and expected
        assert [w for _, w in got] == pytest.approx([w for _, w in expected], rel=1e-9)
