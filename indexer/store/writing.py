"""Writing a batch into a new generation and publishing it."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.reading import SegmentReader

from indexer.lifetime import Child
from indexer.store import exporting
from indexer.store import generations as gens
from indexer.store.codec import Documents, decode_associations, encode_associations
from indexer.store.feedback import term_weights
from indexer.store.pool import BatchWriter
from indexer.store.postings import INDEXES
from indexer.store.records import DocumentRecord, PersonRecord, StoredDocument
from indexer.store.schema import BODY_FIELDS, docs_schema, people_schema

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
REPORT = "report.json"


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

        With ``purge`` (someone was removed) deleted entries are physically rewritten
        out of the index and older generations are deleted, so no trace of them stays
        on disk.
        """
        lock = gens.acquire_lock(self.root, wait)
        try:
            gens.remove_stale(self.root)
            base = None if full else self.current()
            gen = gens.new_generation(self.root, base)
            batch = Batch(gen, limitmb=limitmb, purge=purge)
            try:
                yield batch
                batch.finish()
                seconds = batch.export()  # what the finder scores with (issue 16)
                log.info("postings exported in %.1f s", seconds)
            except BaseException:
                batch.cancel()
                raise
            gens.publish(self.root, gen)
            gens.remove_stale(self.root, keep=1 if purge else 2)
        finally:
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
        fields: dict[str, Any] = {
            "doc_id": rec.doc_id,
            "persons": ",".join(pid for pid, _ in rec.associations),
            "associations": encode_associations(rec.associations),
            "kind": rec.kind,
            "format": rec.format,
            "lang": rec.lang,
            "title": rec.title,
            "content": rec.content,
            "cert_name": rec.cert_name,
            "issuer": rec.issuer,
        }
        for name in ("issued", "expires", "modified"):
            value = getattr(rec, name)
            if value is not None:
                fields[name] = value
        fields.update(_bodies([(rec.lang, rec.content), ("", rec.title)]))
        self._docs().update_document(**fields)

    def delete_document(self, doc_id: str) -> None:
        """Remove one document (no-op when absent)."""
        self._docs().delete_by_term("doc_id", doc_id)

    def drop_association(self, doc_id: str, person_id: str) -> None:
        """Rewrite a committed document so it no longer names *person_id*."""
        with self.docs_ix.searcher() as searcher:
            number = searcher.document_number(doc_id=doc_id)
            if number is None:
                return
            stored = {"content": Documents(searcher).text(number),
                      **searcher.stored_fields(number)}  # an older generation's own text
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
            self._export = Child("exporting the documents' postings", exporting.export_index,
                                 self.gen, "docs")

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
        fields: dict[str, Any] = {
            "person_id": rec.person_id,
            "name": rec.name,
            "email": rec.email,
            "phone": rec.phone,
            "role": rec.role,
            "department": rec.department,
            "location": rec.location,
            "dept_key": rec.department.lower(),
            "loc_key": rec.location.lower(),
            "kinds": ",".join(rec.kinds),
            "doc_count": rec.doc_count,
        }
        fields.update(_bodies(list(rec.texts)))
        fields["vocab"] = "\n".join(text for _lang, text in rec.texts)
        schema = self.people_ix.schema
        fields["lead"] = {lang: term_weights(schema[BODY_FIELDS[lang]], text)
                          for lang, text in rec.lead}
        self._people().update_document(**fields)

    def delete_person(self, person_id: str) -> None:
        """Remove a colleague's profile entry."""
        self._people().delete_by_term("person_id", person_id)

    # -- end -----------------------------------------------------------------
    def write_manifest(self, manifest: dict[str, Any], report: dict[str, Any]) -> None:
        """Record file states and the batch report inside the new generation."""
        gens.write_json(self.gen / MANIFEST, manifest)
        gens.write_json(self.gen / REPORT, report)

    def finish(self) -> None:
        """Commit everything still pending."""
        self.commit_documents()
        self._close_reader()
        if self.purge:
            self._people()  # even with no other change: rewrite segments with deletions
        if self._people_writer is not None:
            started = time.perf_counter()
            self._people_writer.commit(**self._merge())
            log.info("people committed in %.1f s", time.perf_counter() - started)
            self._people_writer = None

    def _merge(self) -> dict[str, Any]:
        return {"mergetype": merge_deleted} if self.purge else {}

    def _close_reader(self) -> None:
        if self._reader is not None:
            self._reader.searcher.close()
            self._reader = None

    def export(self) -> float:
        """Write the postings of both indexes (the documents' may be under way in their
        own process since their commit); returns the seconds taken here."""
        started = time.perf_counter()
        exporting.export(self.gen, ("people",) if self._export else INDEXES)
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
        self._close_reader()
        for writer in (self._docs_writer, self._people_writer):
            if writer is not None:
                with contextlib.suppress(Exception):
                    writer.cancel()


def merge_deleted(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy: rewrite every segment that holds deleted entries.

    Deleting only marks entries; their words and stored text stay in the segment
    files until a merge rewrites them. Removing a colleague must not leave that.
    """
    kept = []
    for segment in segments:
        if segment.deleted_count() == 0:
            kept.append(segment)
            continue
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return kept


def _bodies(texts: list[tuple[str, str]]) -> dict[str, str]:
    """Route each text to its language's field; unclear language goes to both."""
    parts: dict[str, list[str]] = {field: [] for field in BODY_FIELDS.values()}
    for lang, text in texts:
        if not text:
            continue
        targets = [BODY_FIELDS[lang]] if lang in BODY_FIELDS else list(BODY_FIELDS.values())
        for field in targets:
            parts[field].append(text)
    return {field: "\n".join(chunks) for field, chunks in parts.items() if chunks}


def _open_or_create(path: Path, schema: Any) -> Any:
    if whoosh_index.exists_in(str(path)):
        return whoosh_index.open_dir(str(path))
    path.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(path), schema)
