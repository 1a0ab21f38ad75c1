"""Full and incremental batches: share in, new index generation out.

- read people.csv and walk the share (``indexer.people``);
- compare every file with the last manifest: size + mtime, then content hash;
- extract new and changed files in worker processes (``indexer.workers`` runs
  ``indexer.ingest.files``), one bad file is one line in the report;
- write documents, then rebuild the profiles of the people they touch;
- publish the generation atomically (``indexer.store``) with its manifest and report.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from indexer.ingest.extract import Limits
from indexer.ingest.extract import ocr as ocr_engine
from indexer.ingest.extract.base import DISAPPEARED, NO_TEXT_LAYER, PERMISSION_DENIED, reason_for
from indexer.ingest.files import Colleagues, Job
from indexer.ingest.profiles import person_record
from indexer.people import Roster, read_people
from indexer.share import walk_share
from indexer.store import IndexStore
from indexer.store.schema import SCHEMA_VERSION
from indexer.workers import Progress, run_jobs

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FailedFile:
    """A file that could not be indexed, and why."""

    path: str
    reason: str
    detail: str = ""


@dataclass(frozen=True)
class BatchReport:
    """What a batch did; printed as the summary and written with --report."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    people: int = 0
    people_csv: str = ""  # how people.csv was read: "people.csv: 59 colleagues, cp1252, ..."
    failed: tuple[FailedFile, ...] = ()
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0
    generation: str = ""
    full: bool = False
    ocr: int = 0  # files whose text came (partly) from OCR in this batch
    ocr_cached: int = 0  # ... of which the OCR cache already knew

    def failed_by_reason(self) -> dict[str, int]:
        """How many files failed for each reason."""
        counts: dict[str, int] = {}
        for f in self.failed:
            counts[f.reason] = counts.get(f.reason, 0) + 1
        return dict(sorted(counts.items()))

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the --report file and the admin page)."""
        data = asdict(self)
        data["failed_by_reason"] = self.failed_by_reason()
        return data


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
    if published and published.get("schema") != SCHEMA_VERSION:
        logger.warning("index written by another version: rebuilding it fully")
    full = full or published.get("schema") != SCHEMA_VERSION  # also the very first batch
    old = {} if full else published
    plan = _plan(source, roster, old, today)
    if not full and old and plan.nothing_to_do():
        return BatchReport(unchanged=len(plan.unchanged), people=len(roster.indexed()),
                           people_csv=roster.describe(), failed=plan.failures(),
                           warnings=roster.warnings,
                           seconds=time.monotonic() - started,
                           generation=(store.current() or Path("")).name)
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
            previous = old.get("files", {}).get(job.relpath)
            touched.update(_persons(previous))
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
            touched.update(_persons(old["files"][relpath]))
        batch.commit_documents()
        people = roster.indexed()
        for pid in sorted(touched | set(old.get("people", {})) - set(people)):
            batch.delete_person(pid)
        for pid in sorted(touched & set(people)):
            batch.put_person(person_record(people[pid], batch.documents_of(pid), today))
        report = BatchReport(
            added=added, updated=updated, removed=len(plan.removed),
            unchanged=len(plan.unchanged), people=len(people), people_csv=roster.describe(),
            failed=tuple(sorted(failed, key=lambda f: f.path)),
            warnings=roster.warnings, seconds=time.monotonic() - started,
            generation=batch.gen.name, full=full, ocr=ocr, ocr_cached=ocr_cached)
        manifest = {
            "schema": SCHEMA_VERSION, "date": today.isoformat(), "people_csv": plan.people_csv_hash,
            "people": {pid: p.fingerprint() for pid, p in people.items()},
            "files": files, "removed": published.get("removed", []),
            "source": str(source.resolve()),
        }
        batch.write_manifest(manifest, report.to_json())
    ocr_engine.prune(store.ocr_cache, _hashes(files))
    logger.info("published %s in %.1f s", report.generation, report.seconds)
    return report


@dataclass
class _Plan:
    jobs: list[Job] = field(default_factory=list)
    stats: dict[str, dict[str, Any]] = field(default_factory=dict)
    unchanged: dict[str, dict[str, Any]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    people_touched: set[str] = field(default_factory=set)
    people_csv_hash: str = ""
    unreadable: list[FailedFile] = field(default_factory=list)  # not even listed or hashed

    def nothing_to_do(self) -> bool:
        return not (self.jobs or self.removed or self.people_touched)

    def failures(self) -> tuple[FailedFile, ...]:
        """Files the plan could not read, and unchanged files that failed before."""
        old = [FailedFile(rel, e["failed"], e.get("detail", ""))
               for rel, e in sorted(self.unchanged.items()) if e.get("failed")]
        return tuple(self.unreadable + old)


def _plan(source: Path, roster: Roster, old: dict[str, Any], today: date) -> _Plan:
    """Decide per file: unchanged, (re)process or removed; and which people changed."""
    plan = _Plan(people_csv_hash=_sha256(source / "people.csv"))
    old_files: dict[str, dict[str, Any]] = old.get("files", {})
    old_people: dict[str, str] = old.get("people", {})
    people = roster.indexed()
    changed_people = {pid for pid, p in people.items() if old_people.get(pid) != p.fingerprint()}
    gone = set(old_people) - set(people)  # removed, objected or left since the last batch
    changed_people |= gone
    plan.people_touched = changed_people | _validity_changes(old, today)
    # A changed roster can change who a shared document names: re-read shared files.
    roster_changed = plan.people_csv_hash != old.get("people_csv")
    walk = walk_share(source, roster)
    plan.unreadable = [FailedFile(rel, reason, "folder" if rel.endswith("/") else "")
                       for rel, reason in walk.unreadable]
    for f in walk.files:
        try:
            st = f.path.stat()
        except OSError as exc:  # deleted between the walk and now
            plan.unreadable.append(FailedFile(f.relpath, reason_for(exc)))
            continue
        entry: dict[str, Any] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns,
                                 "owner": f.owner}
        prev = old_files.get(f.relpath)
        owner_changed = f.owner in changed_people if f.owner else roster_changed
        # A document that names someone who is gone is read again, to forget them.
        owner_changed = owner_changed or bool(gone & set((prev or {}).get("mentions", [])))
        if prev and not owner_changed and prev.get("failed") not in _RETRY:
            if prev["size"] == st.st_size and prev["mtime_ns"] == st.st_mtime_ns:
                plan.unchanged[f.relpath] = prev
                continue
            entry["sha256"] = _sha256(f.path)
            if entry["sha256"] and prev.get("sha256") == entry["sha256"]:
                plan.unchanged[f.relpath] = {**prev, **entry}
                continue
        entry.setdefault("sha256", _sha256(f.path))
        plan.stats[f.relpath] = entry  # an unreadable file fails in its worker, with reason
        plan.jobs.append(Job(f.relpath, f.path, f.owner))
    seen = set(plan.unchanged) | set(plan.stats)
    plan.removed = sorted(set(old_files) - seen)
    return plan


def _validity_changes(old: dict[str, Any], today: date) -> set[str]:
    """People with a certificate that expired since the last batch (profiles drop it)."""
    last = old.get("date", today.isoformat())
    return {pid for e in old.get("files", {}).values()
            if e.get("expires") and last <= e["expires"] < today.isoformat()
            for pid in e.get("persons", [])}


def _hashes(files: dict[str, dict[str, Any]]) -> set[str]:
    """The content hashes of the files a manifest keeps (what the OCR cache may keep)."""
    return {e["sha256"] for e in files.values() if e.get("sha256")}


def _persons(entry: dict[str, Any] | None) -> list[str]:
    return list(entry.get("persons", [])) if entry else []


# Tried again by every batch: the permission may be back, an OCR engine installed.
_RETRY = (PERMISSION_DENIED, DISAPPEARED, NO_TEXT_LAYER)


def _sha256(path: Path) -> str:
    """The content hash, or "" when the file cannot be read (its worker says why)."""
    try:
        return ocr_engine.file_key(path)  # one hash for the manifest and the OCR cache
    except OSError:
        return ""


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
    everything = old.get("files", {})
    out = sorted(rel for rel, e in everything.items() if e.get("owner") == person_id
                 or person_id in e.get("persons", []) or person_id in e.get("mentions", []))
    with store.batch(wait=wait, purge=True) as batch:
        for rel in out:
            batch.delete_document(rel)
        batch.delete_person(person_id)
        batch.commit_documents()
        files = {rel: e for rel, e in everything.items() if rel not in out}
        people = {pid: fp for pid, fp in old.get("people", {}).items() if pid != person_id}
        manifest = {**old, "files": files, "people": people, "purge": True,
                    "removed": sorted({*old.get("removed", []), person_id})}
        batch.write_manifest(manifest, _without_paths(store.last_report() or {}, set(out)))
    ocr_engine.prune(store.ocr_cache, _hashes(files))  # their scans' text goes too
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


def _without_paths(report: dict[str, Any], paths: set[str]) -> dict[str, Any]:
    """A batch report without the lines of files that were taken out (for /admin)."""
    failed = [f for f in report.get("failed", []) if f.get("path") not in paths]
    reasons = Counter(f.get("reason", "") for f in failed)
    return {**report, "failed": failed, "failed_by_reason": dict(sorted(reasons.items()))}


def restore_person(index_dir: Path, person_id: str, *, wait: bool = False) -> None:
    """Undo ``remove_person``'s exclusion; the next batch indexes them from the share."""
    store = IndexStore(Path(index_dir))
    old = store.manifest()
    if person_id not in old.get("removed", []):
        raise UnknownPerson(f"{person_id!r} was not removed from the index at {index_dir} "
                            "(nothing to restore)")
    with store.batch(wait=wait) as batch:
        removed = [pid for pid in old.get("removed", []) if pid != person_id]
        people = {k: v for k, v in old.get("people", {}).items() if k != person_id}
        batch.write_manifest({**old, "removed": removed, "people": people},
                             store.last_report() or {})


def iter_failed(report: BatchReport) -> Iterable[str]:
    """One human line per failed file."""
    for f in report.failed:
        yield f"{f.path}: {f.reason}" + (f" ({f.detail})" if f.detail else "")
