"""Writing a batch into a new generation and publishing it."""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.reading import SegmentReader

from indexer.lifetime import Child
from indexer.store import exporting
from indexer.store import generations as gens
from indexer.store.codec import Documents, decode_associations
from indexer.store.fields import document_fields, person_fields
from indexer.store.pool import BatchWriter, write_segment
from indexer.store.records import DocumentRecord, PersonRecord, StoredDocument
from indexer.store.schema import docs_schema, people_schema

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
REPORT = "report.json"
# From this many profiles on, a full batch writes them in two processes (``put_people``):
# at 1,000 colleagues that saved 3.5-5.6 s of a 10k batch (BENCHMARKS.md).
PARALLEL_PEOPLE = 500
FREEZE_EVERY = 1_000  # entries put (``Batch._written``)


class IndexStore:
    """An index directory: its generations, lock and manifest."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def current(self) -> Path | None:
        """The published generation, or None before the first batch."""
        return gens.current_generation(self.root)

    def manifest(self) -> dict[str, Any]:
        """What the last published batch recorded about each file and person."""
        gen = self.current()
        data = gens.read_json(gen / MANIFEST) if gen else None
        return data or {}

    @property
    def ocr_cache(self) -> Path:
        """Where OCR text is cached by content hash (outside the generations: kept across)."""
        return self.root / gens.OCR_CACHE

    def last_report(self) -> dict[str, Any] | None:
        """The last published batch report."""
        gen = self.current()
        return gens.read_json(gen / REPORT) if gen else None

    @contextlib.contextmanager
    def batch(self, *, full: bool = False, wait: bool = False, limitmb: int = 256,
              purge: bool = False) -> Iterator[Batch]:
        """Lock, build a new generation, publish it when the block ends without error.
        With ``purge`` (someone was removed) deleted entries are rewritten out of the
        index and older generations deleted: no trace of them stays on disk."""
        lock = gens.acquire_lock(self.root, wait)
        frozen = gc.get_freeze_count()  # by the process itself (a server's start-up state)
        try:
            gens.remove_stale(self.root)
            base = None if full else self.current()
            gen = gens.new_generation(self.root, base)
            batch = Batch(gen, limitmb=limitmb, purge=purge)
            try:
                yield batch
                batch.finish()
            except BaseException:
                batch.cancel()
                raise
            gens.publish(self.root, gen)
            gens.remove_stale(self.root, keep=1 if purge else 2)
        finally:
            if not frozen:  # what ``Batch`` froze goes back to the collector
                gc.unfreeze()
            lock.close()


class Batch:
    """Pending changes to one new generation: documents first, then people."""

    def __init__(self, gen: Path, limitmb: int, purge: bool = False) -> None:
        self.gen = gen
        self.limitmb = limitmb
        self.purge = purge
        self.docs_ix = _open_or_create(gen / "docs", docs_schema())
        self.people_ix = _open_or_create(gen / "people", people_schema())
        self._docs_writer: Any = None
        self._people_writer: Any = None
        self._reader: Documents | None = None
        self._export: Child | None = None  # the committed documents' postings
        self._part: Child | None = None  # half of the profiles (``put_people``)
        self._entries = 0  # documents and profiles put
        self._finished = False
        # The profiles' segments (``put_people``), each read by its writer for the export.
        self._read_parts: dict[str, exporting.Part] = {}

    # -- documents -----------------------------------------------------------
    # compound=False everywhere: Whoosh reads a compound segment by copying each of its
    # parts into a BytesIO, so every searcher held the whole index in memory (900 MB
    # per snapshot at 100k documents). Separate files are read through the page cache.
    def _docs(self) -> Any:
        if self._docs_writer is None:
            self._stop_export()  # the documents change again
            self._docs_writer = BatchWriter(self.docs_ix, limitmb=self.limitmb, compound=False)
        return self._docs_writer

    def put_document(self, rec: DocumentRecord) -> None:
        """Add or replace one document."""
        self._docs().update_document(**document_fields(rec))
        self._written()

    def _written(self) -> None:
        # The collector's full passes look at every object alive: the pending postings and
        # the word caches, 53 of the 990 s of a batch of 100,000 documents. What a batch
        # wrote stays until its commit: frozen (``gc.freeze``), it is not looked at again.
        self._entries += 1
        if self._entries % FREEZE_EVERY == 0:
            gc.freeze()

    def delete_document(self, doc_id: str) -> None:
        """Remove one document (no-op when absent)."""
        self._docs().delete_by_term("doc_id", doc_id)

    def drop_association(self, doc_id: str, person_id: str) -> None:
        """Rewrite a committed document so it no longer names *person_id*."""
        with self.docs_ix.searcher() as searcher:
            number = searcher.document_number(doc_id=doc_id)
            if number is None:
                return
            stored = {**searcher.stored_fields(number),
                      "content": Documents(searcher).text(number)}
        kept = tuple((pid, w) for pid, w in decode_associations(stored["associations"]).items()
                     if pid != person_id)
        fields = {k: v for k, v in stored.items() if k in DocumentRecord.__dataclass_fields__}
        self.put_document(DocumentRecord(**{**fields, "associations": kept}))

    def commit_documents(self) -> None:
        """Commit the documents so people can be rebuilt from them."""
        if self._docs_writer is not None:
            self._close_reader()
            started = time.perf_counter()
            self._docs_writer.commit(**self._merge())
            log.info("documents committed in %.1f s", time.perf_counter() - started)
            self._docs_writer = None
            self.docs_ix = whoosh_index.open_dir(str(self.gen / "docs"))
            # Their postings are exported on the other core while the profiles are written.
            # Forked: its surface vocabulary finds the words analysed in its word caches.
            self._export = Child("exporting the documents' postings", exporting.export_index,
                                 self.gen, "docs", start="fork")

    def documents_of(self, person_id: str) -> list[StoredDocument]:
        """Every committed document associated with a person."""
        if self._reader is None:  # one searcher for the whole people phase
            self._reader = Documents(self.docs_ix.searcher())
        return self._reader.of_person(person_id)

    # -- people --------------------------------------------------------------
    def _people(self) -> Any:
        if self._people_writer is None:
            self._people_writer = BatchWriter(self.people_ix, limitmb=self.limitmb,
                                              compound=False)
        return self._people_writer

    def put_person(self, rec: PersonRecord) -> None:
        """Add or replace one colleague's profile entry."""
        self._people().update_document(**person_fields(rec, self.people_ix.schema))
        self._written()

    def put_people(self, ids: Sequence[str], record: Callable[[str], PersonRecord]) -> None:
        """``put_person`` of ``record(pid)`` for each of *ids*. Many into an empty people
        index (a full batch) are written by two processes, each half as a segment of its
        own, read there for the export; the forked one writes the second half."""
        if not self._split(len(ids)):
            for pid in ids:
                self.put_person(record(pid))
            return
        half = len(ids) // 2
        self._close_reader()  # each process opens its own: no shared file position
        self._part = Child("writing the second half of the profiles", self._write_part,
                           ids[half:], record, start="fork")
        parts = [self._write_part(ids[:half], record), self._part.wait()]
        self._part = None
        for segment, read in parts:
            self._people().add_segment(segment)
            self._read_parts[segment.segment_id()] = read

    def _split(self, count: int) -> bool:
        # Into an empty index: each writer only adds, nothing is to be replaced.
        return count >= PARALLEL_PEOPLE and self.people_ix.doc_count_all() == 0 \
            and "fork" in multiprocessing.get_all_start_methods()

    def _write_part(self, ids: Sequence[str],
                    record: Callable[[str], PersonRecord]) -> tuple[Any, exporting.Part]:
        """The profiles of *ids* as a new segment, and its postings read for the export."""
        def profiles() -> Iterator[dict[str, Any]]:
            for pid in ids:
                yield person_fields(record(pid), self.people_ix.schema)
                self._written()

        segment = write_segment(self.people_ix, profiles(), self.limitmb)
        return segment, exporting.read_segment(self.people_ix, segment)

    def delete_person(self, person_id: str) -> None:
        """Remove a colleague's profile entry."""
        self._people().delete_by_term("person_id", person_id)

    # -- end -----------------------------------------------------------------
    def write_manifest(self, manifest: dict[str, Any], report: dict[str, Any]) -> None:
        """Record file states and the batch report inside the new generation."""
        gens.write_json(self.gen / MANIFEST, manifest)
        gens.write_json(self.gen / REPORT, report)

    def finish(self) -> None:
        """Commit everything still pending and export the postings (what the finder scores
        with), once: a batch that times its report calls it first, the store after it."""
        if self._finished:
            return
        self._finished = True
        self.commit_documents()
        self._close_reader()
        if self.purge:
            self._people()  # even with no other change: rewrite segments with deletions
        if self._people_writer is not None:
            started = time.perf_counter()
            self._people_writer.commit(**self._merge())
            log.info("people committed in %.1f s", time.perf_counter() - started)
            self._people_writer = None
        log.info("postings exported in %.1f s", self._export_all())

    def _merge(self) -> dict[str, Any]:
        return {"mergetype": merge_deleted} if self.purge else {}

    def _close_reader(self) -> None:
        if self._reader is not None:
            self._reader.searcher.close()
            self._reader = None

    def _export_all(self) -> float:
        """Write the postings of both indexes (the documents' may be under way in their
        own process since their commit); returns the seconds taken here."""
        started = time.perf_counter()
        if self._export is None:
            exporting.export_index(self.gen, "docs")
        exporting.export_index(self.gen, "people", self._read_parts)
        if self._export is not None:
            self._export.wait()
            self._export = None
        exporting.seal(self.gen)
        return time.perf_counter() - started

    def _stop_export(self) -> None:
        if self._export is not None:
            self._export.stop()
            self._export = None

    def cancel(self) -> None:
        """Drop pending changes; the half-built generation is removed by the next batch."""
        self._stop_export()
        if self._part is not None:
            self._part.stop()
            self._part = None
        self._close_reader()
        for writer in (self._docs_writer, self._people_writer):
            if writer is not None:
                with contextlib.suppress(Exception):
                    writer.cancel()


def merge_deleted(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy: rewrite every segment that holds deleted entries. Deleting
    only marks entries; their words and stored text stay in the segment files until a
    merge rewrites them. Removing a colleague must not leave that."""
    kept = []
    for segment in segments:
        if segment.deleted_count() == 0:
            kept.append(segment)
            continue
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return kept


def _open_or_create(path: Path, schema: Any) -> Any:
    if whoosh_index.exists_in(str(path)):
        return whoosh_index.open_dir(str(path))
    path.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(path), schema)
