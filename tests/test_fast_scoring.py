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
from datetime import date, datetime
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.classify import Bo1Model

from finder.search import Finder, Results
from finder.snippets import Marker, snippet
from indexer.batch import run_batch
from indexer.store import compile as qc
from indexer.store import exporting, feedback, postings, writing
from indexer.store.generations import current_generation
from tests.conftest import TODAY, DemoIndex
from tests.share import P, write_docx, write_people
from tests.test_counts import TOPICS

QUESTIONS = [*TOPICS, "wie weet er iets van decubitus?", "\"wound care\"", "reanimatie NOT ICT",
             "zorg OR ICT", "diabetes AND insuline", "palliatieve zorg thuis", "Fatima",
             "informatiebeveiliging", "delier", "kind:certificate BLS", "qqqq"]


@pytest.fixture(scope="module")
def split(demo: DemoIndex, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo indexed again with its profiles written by two processes
    (``Batch.put_people``, which a full batch of 500 colleagues or more does): the
    people index is then two segments."""
    index = tmp_path_factory.mktemp("split") / "index"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writing, "PARALLEL_PEOPLE", 2)
        run_batch(demo.share, index, workers=1, today=TODAY)
    gen = current_generation(index)
    assert gen is not None and len(whoosh_index.open_dir(str(gen / "people"))._segments()) == 2
    return index


@pytest.fixture(scope="module")
def incremental(demo: DemoIndex, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo after an incremental batch: a document added, one removed. Both indexes
    are then two segments, the first with deleted entries."""
    root = tmp_path_factory.mktemp("incremental")
    share, index = root / "share", root / "index"
    shutil.copytree(demo.share, share)
    shutil.copytree(demo.index, index)
    cvs = sorted(share.glob("p0*/*.docx"))
    shutil.copyfile(cvs[0], cvs[0].with_name("copy-" + cvs[0].name))
    cvs[1].unlink()
    report = run_batch(share, index, workers=1, today=TODAY)
    assert (report.added, report.removed, report.full) == (1, 1, False)
    gen = current_generation(index)
    assert gen is not None
    for name in ("docs", "people"):
        segments = whoosh_index.open_dir(str(gen / name))._segments()
        assert len(segments) == 2 and segments[0].has_deletions(), name
    return index


# Every test of the fast path runs on each: the people index as one segment, as two
# written by two processes, and both indexes as two segments with deletions.
@pytest.fixture(scope="module", params=["one process", "two processes", "incremental"])
def searcher(request: pytest.FixtureRequest, demo: DemoIndex, split: Path,
             incremental: Path) -> Iterator[tuple[Finder, object]]:
    index = {"one process": demo.index, "two processes": split,
             "incremental": incremental}[request.param]
    with Finder(index) as f, f.reader.snapshot() as s:
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


@pytest.mark.parametrize("people", [["p001"], ["p003", "p010", "p017", "p023", "p045"]])
def test_stored_leads_give_whooshs_bo1_over_the_opening_text(
        searcher: tuple[Finder, object], people: list[str]) -> None:
    """Feedback reads each colleague's lead stored analysed at index time; the terms are
    those Whoosh's Bo1 finds in their opening text, read and analysed at question time."""
    _f, s = searcher
    snap = s._s  # type: ignore[attr-defined]
    assert all(snap.lead(pid) for pid in people)
    texts: dict[str, list[str]] = {"nl": [], "en": []}
    for pid in people:
        for lang, chunks in feedback.lead_texts(s.person_documents(pid)).items():  # type: ignore[attr-defined]
            texts[lang] += chunks
    expected = [(lang, t, w) for lang in ("nl", "en") if texts[lang]
                for t, w in snap.people.key_terms_from_text(
                    f"body_{lang}", "\n".join(texts[lang]), numterms=10, model=Bo1Model)]
    got = s.feedback_terms(people, 10)  # type: ignore[attr-defined]
    assert [(t.lang, t.term) for t in got] == [(lang, t) for lang, t, _ in expected] and got
    assert [t.weight for t in got] == pytest.approx([w for _, _, w in expected], rel=1e-9)


def test_votes_read_no_text_and_the_evidence_reads_it(searcher: tuple[Finder, object]) -> None:
    f, s = searcher
    parsed, _ = f.prepare(s, "wondzorg")  # type: ignore[arg-type]
    bare = s.documents(parsed, persons=[], limit=5, expansion_weight=0.7,  # type: ignore[attr-defined]
                       today=date.today(), text=False)
    full = s.documents(parsed, persons=[], limit=5, expansion_weight=0.7,  # type: ignore[attr-defined]
                       today=date.today())
    assert [h.doc_id for h in bare] == [h.doc_id for h in full] and bare
    assert all(h.document.content == "" for h in bare)
    text = s.document_text  # type: ignore[attr-defined]
    assert all(h.document.content and text(h.doc_id) == h.document.content
               and h.document.persons == b.document.persons
               for h, b in zip(full, bare, strict=True))
    assert s.document_text("no/such/file.docx") == ""  # type: ignore[attr-defined]


@pytest.mark.parametrize("question", QUESTIONS)
def test_marks_from_the_surface_vocabulary_equal_analysing_each_word(
        searcher: tuple[Finder, object], question: str) -> None:
    """Evidence passages mark words by the generation's analysed vocabulary: the same
    passages, with the same marks, as analysing every word of the document."""
    f, s = searcher
    parsed, _ = f.prepare(s, question)  # type: ignore[arg-type]
    words = parsed.words() + parsed.expansion_words()
    hits = s.documents(parsed, persons=[], limit=40, expansion_weight=0.7,  # type: ignore[attr-defined]
                       today=date.today())
    fast, slow = Marker(words, s.surface_words), Marker(words)  # type: ignore[attr-defined]
    assert s.surface_words("nl", slow.wanted("nl")) is not None  # type: ignore[attr-defined]
    marked = 0
    for hit in hits:
        doc = hit.document
        html, count = snippet(doc.content, fast, doc.lang)
        assert (html, count) == snippet(doc.content, slow, doc.lang)
        marked += count
    assert marked or not hits or question in ("qqqq", "Fatima")


def test_hidden_documents_are_filtered_like_whooshs(searcher: tuple[Finder, object]) -> None:
    """A colleague's hidden documents make every question filter the docs index with
    AndNot(Every(), ...): matched over the arrays, scored as Whoosh scores it."""
    f, s = searcher
    snap = s._s  # type: ignore[attr-defined]
    everyone = {h.document.doc_id for h in s.documents(  # type: ignore[attr-defined]
        f.prepare(s, "wondzorg")[0], persons=[], limit=10**6, expansion_weight=0.7,  # type: ignore[arg-type]
        today=date.today(), text=False)}
    hidden = frozenset(sorted(everyone)[:3])
    parsed, _ = f.prepare(s, "wondzorg", hidden=hidden)  # type: ignore[arg-type]
    restriction = qc.docs_filter(parsed.filters, [], datetime.now())
    assert restriction is not None
    q = wq.And([qc.compile_text(parsed, expansion_weight=0.7), restriction])
    expected = _whoosh(snap.docs, q)
    hits, total = snap.fast["docs"].search(q, snap.docs, 10**6)
    assert dict(hits) == pytest.approx(expected, rel=1e-9) and total == len(expected) > 0
    assert not {snap.docs.stored_fields(d)["doc_id"] for d in expected} & hidden


def test_stored_fields_read_from_the_export_are_whooshs(searcher: tuple[Finder, object]) -> None:
    """A hit's stored fields are read from the generation's flat copy of them
    (``indexer.store.stored``): for every document what Whoosh gives, None for one
    deleted (the incremental index has some)."""
    _f, s = searcher
    snap = s._s  # type: ignore[attr-defined]
    exported = snap.fast["docs"].stored
    reader = snap.docs.reader()
    live = set(reader.all_doc_ids())
    assert exported is not None and len(live) > 100
    for n in range(reader.doc_count_all()):
        assert exported.fields(n) == (snap.docs.stored_fields(n) if n in live else None), n
    assert exported.fields(reader.doc_count_all()) is None


@pytest.mark.parametrize("older", ["postings", "postings/docs/stored.*"])
def test_the_demo_without_postings_gives_the_same_pages(demo: DemoIndex, tmp_path: Path,
                                                        older: str) -> None:
    """Whoosh scoring (an older generation) and the fast path give the same pages, the
    same totals and the same facets, in the same order, with and without filters; as
    does a generation exported before its stored fields were (read from Whoosh then)."""
    copy = tmp_path / "index"
    shutil.copytree(demo.index, copy)
    gen = current_generation(copy)
    assert gen is not None
    for path in gen.glob(older):
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    with Finder(copy) as f, f.reader.snapshot() as s:
        assert (s._s.fast is None) == (older == "postings")  # type: ignore[attr-defined]
        assert s._s.fast is None or s._s.fast["docs"].stored is None  # type: ignore[attr-defined]
    asks = [(question, filters) for question in QUESTIONS[:12] for filters in (
        {}, {"kind": "certificate"}, {"department": "ICT"}, {"valid_only": True})]
    pages = []
    for index in (demo.index, copy):
        with Finder(index) as f:
            pages.append([_page(f.find_experts(question, limit=60, **filters))  # type: ignore[arg-type]
                          for question, filters in asks])
    assert pages[0] == pages[1]
    assert sum(total for total, _facets, _list in pages[0]) > 100  # many colleagues compared


def test_the_documents_exported_beside_the_batch_are_what_the_batch_would_write(
        demo: DemoIndex, tmp_path: Path) -> None:
    """The docs index's postings are exported in a process of their own while the
    profiles are written; exported again here, in this process, they are the same bytes."""
    def files(gen: Path) -> dict[str, bytes]:
        return {str(p.relative_to(gen)): p.read_bytes()
                for p in sorted((gen / "postings" / "docs").rglob("*")) if p.is_file()}

    copy = tmp_path / "index"
    shutil.copytree(demo.index, copy)
    gen = current_generation(copy)
    assert gen is not None
    shutil.rmtree(gen / "postings" / "docs")
    exporting.export_index(gen, "docs")
    published = current_generation(demo.index)
    assert published is not None
    assert files(gen) == files(published) and len(files(gen)) > 20


def test_profiles_written_by_two_processes_are_the_same_index(demo: DemoIndex,
                                                               split: Path) -> None:
    """Two people segments, written in two processes, give the very postings one process
    writes, and the same pages."""
    def files(index: Path) -> dict[str, bytes]:
        gen = current_generation(index)
        assert gen is not None
        return {str(p.relative_to(gen)): p.read_bytes()
                for p in sorted((gen / "postings" / "people").rglob("*")) if p.is_file()}

    assert files(split) == files(demo.index) and len(files(split)) > 20
    pages = []
    for index in (demo.index, split):
        with Finder(index) as f:
            pages.append([_page(f.find_experts(question, limit=60))
                          for question in QUESTIONS])
    assert pages[0] == pages[1]


Page = tuple[int, list[tuple[str, list[tuple[str, int]]]], list[tuple[str, float]]]


def _page(r: Results) -> Page:
    return (r.total, [(name, list(counts.items())) for name, counts in r.facets.items()],
            [(e.person_id, e.score) for e in r.experts])


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
        got = snap.fast["people"].key_terms(
            field, feedback.term_weights(snap.people.schema[field], text), 10)
        assert [t for t, _ in got] == [t for t, _ in expected] and expected
        assert [w for _, w in got] == pytest.approx([w for _, w in expected], rel=1e-9)
