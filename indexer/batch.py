"""Full and incremental batches: share in, new index generation out.

- read people.csv and walk the share (``indexer.people``, ``indexer.share``);
- compare every file with the last manifest: size + mtime, then content hash
  (``indexer.manifest``);
- extract new and changed files in worker processes (``indexer.workers`` runs
  ``indexer.ingest.files``), one bad file is one line in the report (``indexer.report``);
- write documents, then rebuild the profiles of the people they touch;
- publish the generation atomically (``indexer.store``) with its manifest and report.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from datetime import date
from pathlib import Path
from typing import Any

from indexer import manifest
from indexer.ingest.extract import Limits
from indexer.ingest.extract import ocr as ocr_engine
from indexer.ingest.files import Colleagues
from indexer.ingest.profiles import person_record
from indexer.people import read_people
from indexer.report import BatchReport, FailedFile, iter_failed, without_paths
from indexer.selfservice import SelfService
from indexer.store import IndexStore, analyzers
from indexer.store.schema import SCHEMA_VERSION
from indexer.workers import Progress, run_jobs

__all__ = ["BatchReport", "FailedFile", "UnknownPerson", "erase_person", "iter_failed",
           "remove_person", "restore_person", "run_batch"]

logger = logging.getLogger(__name__)


def run_batch(source: Path, index_dir: Path, *, full: bool = False, wait: bool = False,
              workers: int | None = None, limits: Limits | None = None,
              today: date | None = None, progress: Progress | None = None) -> BatchReport:
    """Bring the index at *index_dir* up to date with the share at *source*."""
    started = time.monotonic()
    source, today = Path(source), today or date.today()
    store = IndexStore(Path(index_dir))
    limits = dataclasses.replace(limits or Limits(), ocr_cache=str(store.ocr_cache))
    published = store.manifest()
    roster = read_people(source).without(published.get("removed", []))
    # Someone who left people.csv or objects (opt_out) takes their own additions along.
    SelfService(Path(index_dir)).keep_only(roster.indexed())
    # Another schema, or terms made by other analyzers (a new compound dictionary): the
    # documents not changed since would otherwise keep the old terms.
    other = published.get("schema") != SCHEMA_VERSION \
        or published.get("analysis") != analyzers.fingerprint()
    if published and other:
        logger.warning("index written by another version (schema or word analysis): "
                       "rebuilding it fully")
    full = full or other  # also the very first batch
    old = {} if full else published
    plan = manifest.plan(source, roster, old, today)
    if not full and old and plan.nothing_to_do():
        report = BatchReport(unchanged=len(plan.unchanged), people=len(roster.indexed()),
                             people_csv=roster.describe(), failed=plan.failures(),
                             warnings=roster.warnings,
                             seconds=time.monotonic() - started,
                             generation=(store.current() or Path("")).name)
        logger.info("nothing changed, %s stays: %s", report.generation, report.headline())
        return report
    gone = set(old.get("people", {})) - set(roster.indexed())
    # After a removal, the profiles that named them are rebuilt here: rewrite the
    # segments and drop older generations, so no byte of the name stays on disk.
    purge = bool(gone) or bool(published.get("purge"))
    with store.batch(full=full, wait=wait, purge=purge) as batch:
        files: dict[str, dict[str, Any]] = dict(plan.unchanged)
        failed: list[FailedFile] = list(plan.failures())
        touched: set[str] = set(plan.people_touched)
        added = updated = ocr = ocr_cached = 0
        colleagues = Colleagues.of(list(roster.indexed().values()), forget=[
            p for pid, p in roster.people.items() if pid in roster.opted_out])
        for outcome, job in run_jobs(plan.jobs, colleagues, limits, workers, progress):
            entry = plan.stats[job.relpath]
            if outcome.sha256:
                entry = {**entry, "sha256": outcome.sha256}
            previous = old.get("files", {}).get(job.relpath)
            touched.update(manifest.persons(previous))
            if outcome.record is None:
                if previous:
                    batch.delete_document(job.relpath)
                failed.append(FailedFile(job.relpath, outcome.reason, outcome.detail))
                files[job.relpath] = {**entry, "failed": outcome.reason,
                                      "detail": outcome.detail}
                continue
            batch.put_document(outcome.record)
            ocr, ocr_cached = ocr + outcome.ocr, ocr_cached + outcome.ocr_cached
            persons = [pid for pid, _ in outcome.record.associations]
            touched.update(persons)
            files[job.relpath] = {**entry, "persons": persons, "expires": outcome.expires,
                                  "mentions": list(outcome.mentions)}
            if previous and not previous.get("failed"):
                updated += 1
            else:
                added += 1
        for relpath in plan.removed:
            batch.delete_document(relpath)
            touched.update(manifest.persons(old["files"][relpath]))
        batch.commit_documents()
        people = roster.indexed()
        for pid in sorted(touched | set(old.get("people", {})) - set(people)):
            batch.delete_person(pid)
        batch.put_people(sorted(touched & set(people)), lambda pid: person_record(
            people[pid], batch.documents_of(pid), today))
        batch.finish()  # before the report is timed: all but publishing
        report = BatchReport(
            added=added, updated=updated, removed=len(plan.removed),
            unchanged=len(plan.unchanged), people=len(people), people_csv=roster.describe(),
            failed=tuple(sorted(failed, key=lambda f: f.path)),
            warnings=roster.warnings, seconds=time.monotonic() - started,
            generation=batch.gen.name, full=full, ocr=ocr, ocr_cached=ocr_cached)
        batch.write_manifest(manifest.new_manifest(source, today, plan.people_csv_hash, people,
                                                   files, published.get("removed", [])),
                             report.to_json())
    ocr_engine.prune(store.ocr_cache, manifest.hashes(files))
    logger.info("published %s: %s", report.generation, report.headline())
    return report


class UnknownPerson(LookupError):
    """remove/restore named a colleague the index does not know; the message says so."""


def remove_person(index_dir: Path, person_id: str, *, wait: bool = False) -> list[str]:
    """Remove a colleague and everything of theirs now; returns the documents taken out.

    Their own documents go, and so does every other document that names them: the
    next batch reads those again with their name and e-mail redacted (``erase``
    runs it at once when the share is at hand). Older generations are purged.
    """
    store = IndexStore(Path(index_dir))
    old = store.manifest()
    if person_id in old.get("removed", []):
        raise UnknownPerson(f"{person_id!r} was already removed (nothing to do)")
    if person_id not in old.get("people", {}):
        raise UnknownPerson(f"no colleague {person_id!r} in the index at {index_dir} "
                            "(nothing removed; ids are as in people.csv)")
    out = manifest.documents_of(old, person_id)
    with store.batch(wait=wait, purge=True) as batch:
        for rel in out:
            batch.delete_document(rel)
        batch.delete_person(person_id)
        batch.commit_documents()
        new = manifest.without_person(old, person_id, out)
        batch.write_manifest(new, without_paths(store.last_report() or {}, set(out)))
    ocr_engine.prune(store.ocr_cache, manifest.hashes(new["files"]))  # their scans' text too
    SelfService(Path(index_dir)).erase(person_id)  # their topics and hidden documents too
    return out


def erase_person(index_dir: Path, person_id: str, source: Path | None = None, *,
                 wait: bool = False) -> tuple[list[str], BatchReport | None]:
    """``remove_person``, then a batch over the share (given, or the last batch's) that
    reads the documents naming them again, redacted; (taken out, the batch or None)."""
    store = IndexStore(Path(index_dir))
    source = source or Path(store.manifest().get("source") or "")
    out = remove_person(index_dir, person_id, wait=wait)
    if not (source.name and (source / "people.csv").is_file()):
        return out, None
    return out, run_batch(source, index_dir, wait=True)


def restore_person(index_dir: Path, person_id: str, *, wait: bool = False) -> None:
    """Undo ``remove_person``'s exclusion; the next batch indexes them from the share."""
    store = IndexStore(Path(index_dir))
    old = store.manifest()
    if person_id not in old.get("removed", []):
        raise UnknownPerson(f"{person_id!r} was not removed from the index at {index_dir} "
                            "(nothing to restore)")
    with store.batch(wait=wait) as batch:
        batch.write_manifest(manifest.restored(old, person_id), store.last_report() or {})
