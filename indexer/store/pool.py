"""Whoosh's segment writer with its postings gathered term by term.

Whoosh's writer keeps every posting as a tuple ``(field, term, docnum, weight,
positions)``, sorts all of them at each spill and at commit, writes them to run files
one ``marshal.dump`` each and merges the runs posting by posting. At 10,000
documents that was a third of the batch's writing process (BENCHMARKS.md, issue 16).

``TermPool`` keeps one entry per term instead and appends each posting to it. Within
a term the postings arrive in increasing document number (documents are numbered as
they are added, and a merged segment's documents after them), so only the terms
need sorting; a spill writes a run of whole terms, and runs merge term by term,
earlier runs first. ``BatchWriter`` writes each term's postings to the codec
directly. The segment files are the same as Whoosh's own writer makes
(``tests/test_store_pool.py``).
"""

from __future__ import annotations

import contextlib
import heapq
import marshal
import os
from array import array
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any

from whoosh.writing import SegmentWriter

# A term's postings: document numbers, weights and encoded positions (b"" when none).
Postings = tuple["array[int]", "array[float]", list[bytes]]
Term = tuple[str, bytes, "array[int]", "array[float]", list[bytes]]

_POSTING_BYTES = 4 + 8 + 8 + 40  # number, weight, a list slot and a short bytes object
_TERM_BYTES = 400  # the key, three containers and the dict slot


class TermPool:
    """Postings grouped by (field, term), spilled to runs of whole terms past *limitmb*.

    It offers what ``BatchWriter`` and the ``SegmentWriter`` code it keeps call (``add``,
    ``cleanup``), not the rest of Whoosh's pool (``MpWriter`` is never used here)."""

    def __init__(self, tempstore: Any, limitmb: float) -> None:
        self.tempstore = tempstore
        self.limit = limitmb * 1024 * 1024
        self.size = 0
        self.terms: dict[tuple[str, bytes], Postings] = {}
        self.runs: list[str] = []

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """One posting, as Whoosh's writer hands it over."""
        fieldname, btext, docnum, weight, value = item
        value = value or b""
        key = (fieldname, btext)
        postings = self.terms.get(key)
        if postings is None:
            postings = self.terms[key] = (array("i"), array("d"), [])
            self.size += _TERM_BYTES + len(btext)
        postings[0].append(docnum)
        postings[1].append(weight)
        postings[2].append(value)
        self.size += _POSTING_BYTES + len(value)
        if self.size > self.limit:
            self.save()

    def save(self) -> None:
        """Write the pending terms, sorted, to a run of their own."""
        if not self.terms:
            return
        name = f"{len(self.runs)}.termrun"
        with self.tempstore.create_file(name).raw_file() as out:
            for (fieldname, btext), (docnums, weights, values) in sorted(self.terms.items()):
                marshal.dump((fieldname, btext, docnums.tobytes(), weights.tobytes(), values),
                             out)
        self.runs.append(name)
        self.terms, self.size = {}, 0

    def iter_terms(self) -> Iterator[Term]:
        """Every term in (field, term) order with all its postings in document order."""
        if not self.runs:
            for (fieldname, btext), postings in sorted(self.terms.items()):
                yield (fieldname, btext, *postings)
            return
        self.save()
        merged = heapq.merge(*map(self._read_run, self.runs), key=itemgetter(0, 1))
        for (fieldname, btext), parts in groupby(merged, key=itemgetter(0, 1)):
            docnums, weights, values = array("i"), array("d"), []
            for _f, _t, d, w, v in parts:  # earlier runs first: heapq.merge is stable
                docnums.frombytes(d)
                weights.frombytes(w)
                values.extend(v)
            yield fieldname, btext, docnums, weights, values

    def _read_run(self, name: str) -> Iterator[tuple[str, bytes, bytes, bytes, list[bytes]]]:
        with self.tempstore.open_file(name).raw_file() as run:
            while True:
                try:
                    yield marshal.load(run)
                except EOFError:
                    return

    def cleanup(self) -> None:
        """Remove the run files (after the commit, or when the batch is cancelled)."""
        for name in self.runs:
            if self.tempstore.file_exists(name):
                self.tempstore.delete_file(name)
        self.runs = []


class BatchWriter(SegmentWriter):  # type: ignore[misc]
    """Whoosh's ``SegmentWriter`` with a ``TermPool``, writing postings term by term.

    It may commit segments other writers of the index wrote (``write_segment``) with
    its own: theirs are numbered after its own documents."""

    def __init__(self, ix: Any, *, limitmb: float = 128, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        # Whoosh's writer spills its runs into a folder named after the index, where the
        # stored fields' columns wait too (files of random names): two writers of one
        # index (``write_segment``) would spill to the same run files. Runs go to a
        # folder named after the segment; Whoosh's own is removed by the last writer.
        self._tempstorage = self.storage.temp_storage(f"{self.newsegment.segment_id()}.tmp")
        self.pool = TermPool(self._tempstorage, limitmb)
        self._others: list[Any] = []

    def _finish(self) -> None:
        super()._finish()
        with contextlib.suppress(OSError):  # another writer of the index still uses it
            os.rmdir(os.path.join(self.storage.folder, f"{self.indexname}.tmp"))

    def add_segment(self, segment: Any) -> None:
        """Commit *segment*, written by ``write_segment`` into this index, too."""
        self._others.append(segment)

    def _commit_toc(self, segments: list[Any]) -> None:
        super()._commit_toc([*segments, *self._others])

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        try:
            self._write_terms(lengths)
        finally:
            self.fieldwriter.close()
            if lengths is not None:
                lengths.close()

    def _write_terms(self, lengths: Any) -> None:
        """What Whoosh's ``FieldWriter.add_postings`` does, a term at a time: each
        posting carries its document's length in the field (the blocks' length bounds)."""
        writer = self.fieldwriter
        for fieldname, group in groupby(self.pool.iter_terms(), key=itemgetter(0)):
            fieldobj = self.schema[fieldname]
            writer.start_field(fieldname, fieldobj)
            length = _lengths(lengths if fieldobj.scorable else None, fieldname, self.docnum)
            for _fieldname, btext, docnums, weights, values in group:
                writer.start_term(btext)
                for docnum, weight, value in zip(docnums, weights, values, strict=True):
                    writer.add(docnum, weight, value, length[docnum])
                writer.finish_term()
            writer.finish_field()


def _lengths(reader: Any, fieldname: str, count: int) -> list[int]:
    """Each of *count* documents' length in the field as Whoosh's writer looks it up
    (0 for all without a reader: a field or codec that keeps no lengths)."""
    if reader is None:
        return [0] * count
    return [reader.doc_field_length(n, fieldname) for n in range(count)]


def write_segment(ix: Any, documents: Iterable[dict[str, Any]], limitmb: float) -> Any:
    """Write *documents* (their fields) as a new segment of *ix* beside the writer that
    holds its lock (Whoosh's ``MpWriter`` does the same); returns the segment, for that
    writer's ``add_segment``. Only adds: it cannot delete from the index's segments."""
    writer = BatchWriter(ix, _lk=False, limitmb=limitmb, compound=False)
    try:
        for fields in documents:
            writer.add_document(**fields)
        segment = writer._finalize_segment()
    except BaseException:
        writer.cancel()
        raise
    writer._finish()
    return segment
