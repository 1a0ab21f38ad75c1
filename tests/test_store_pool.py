"""The batch's term-by-term writer makes the very segment files Whoosh's own writer makes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from indexer.ingest.extract import extract
from indexer.store.pool import BatchWriter, write_segment
from indexer.store.schema import docs_schema
from indexer.store.writing import merge_deleted


def _documents(corpus: Path) -> list[dict[str, Any]]:
    """Real resumes (every 40th) under the docs schema, in both body fields."""
    pdfs = sorted((corpus / "resumes").rglob("*.pdf"))[::40]
    texts = [extract(pdf).text for pdf in pdfs]
    return [{"doc_id": f"d{n}", "persons": f"p{n % 7}", "kind": "cv", "lang": "en",
             "content": text, "body_en": text, "body_nl": text[: len(text) // 2]}
            for n, text in enumerate(texts)]


def _build(path: Path, writer_class: type, docs: list[dict[str, Any]], limitmb: float,
           merge: bool) -> list[tuple[str, bytes]]:
    """Two batches (the second replaces a few documents), then, with *merge*, a commit
    that rewrites the segments holding deletions; the postings and terms files."""
    path.mkdir()
    ix = whoosh_index.create_in(str(path), docs_schema())
    half = len(docs) // 2
    for batch in (docs[:half], docs[half:] + docs[:3]):
        writer = writer_class(ix, limitmb=limitmb, compound=False)
        for fields in batch:
            writer.update_document(**fields)
        writer.commit()
        ix = whoosh_index.open_dir(str(path))
    if merge:
        writer = writer_class(ix, limitmb=limitmb, compound=False)
        writer.commit(mergetype=merge_deleted)
    # Segment files are named by a random id: compare them by kind and content.
    return sorted((p.suffix, p.read_bytes()) for p in path.iterdir()
                  if p.suffix in (".trm", ".pst"))


@pytest.mark.parametrize("limitmb", [256, 0.05], ids=["in memory", "spilled to runs"])
@pytest.mark.parametrize("merge", [False, True], ids=["appended", "merged"])
def test_term_by_term_writer_makes_whooshs_segment_files(
        corpus: Path, tmp_path: Path, limitmb: float, merge: bool) -> None:
    docs = _documents(corpus)
    assert len(docs) >= 30
    ours = _build(tmp_path / "ours", BatchWriter, docs, limitmb, merge)
    whooshs = _build(tmp_path / "whoosh", SegmentWriter, docs, limitmb, merge)
    assert [suffix for suffix, _ in ours] == [suffix for suffix, _ in whooshs]
    assert len(ours) >= 4  # two batches, and with *merge* the segment rewritten
    for (suffix, data), (_, expected) in zip(ours, whooshs, strict=True):
        assert data == expected, f"a {suffix} file differs"


def test_spilled_runs_are_removed_with_the_commit(corpus: Path, tmp_path: Path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), docs_schema())
    writer = BatchWriter(ix, limitmb=0.05, compound=False)
    for fields in _documents(corpus):
        writer.update_document(**fields)
    assert len(writer.pool.runs) > 3
    writer.commit()
    assert not list(tmp_path.rglob("*.termrun"))
    with whoosh_index.open_dir(str(tmp_path)).searcher() as searcher:
        assert searcher.doc_count() == len(_documents(corpus))


def test_long_posting_lists_are_written_in_whooshs_blocks(corpus: Path, tmp_path: Path) -> None:
    """Terms in hundreds of documents: their postings span several blocks of 128, the
    last one full or not; the files are still Whoosh's, byte for byte."""
    docs = [{**fields, "doc_id": f"{fields['doc_id']}-{copy}"}
            for copy in range(9) for fields in _documents(corpus)]
    assert len(docs) > 2 * 128
    ours = _build(tmp_path / "ours", BatchWriter, docs, 256, merge=False)
    assert ours == _build(tmp_path / "whoosh", SegmentWriter, docs, 256, merge=False)
    ix = whoosh_index.open_dir(str(tmp_path / "ours"))
    with ix.searcher() as searcher:
        assert max(info.doc_frequency() for _text, info in
                   searcher.reader().iter_field("body_en")) > 2 * 128


def test_a_second_writer_adds_a_segment_numbered_after_the_first(tmp_path: Path) -> None:
    """``write_segment`` beside the writer holding the lock (as a full batch's second
    profile process does): both segments are committed, the other's after its own, and
    neither writer's temporary files stay."""
    ix = whoosh_index.create_in(str(tmp_path), docs_schema())
    writer = BatchWriter(ix, limitmb=0.05, compound=False)
    writer.add_document(doc_id="a", body_nl="wondzorg")
    other = write_segment(ix, [{"doc_id": "b", "body_nl": "wondzorg decubitus"}], limitmb=0.05)
    writer.add_segment(other)
    writer.commit()
    ix = whoosh_index.open_dir(str(tmp_path))
    assert len(ix._segments()) == 2
    with ix.searcher() as searcher:
        assert [searcher.stored_fields(n)["doc_id"] for n in range(2)] == ["a", "b"]
        assert sorted(searcher.document_numbers(body_nl="wondzorg")) == [0, 1]
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == []
