"""The manifest: what the published generation holds, and what the next batch must redo.

- ``plan``: every file of the share is unchanged (same size and mtime, else the same
  content hash), to be read (new, changed, or its owner changed) or removed; and the
  people whose profile must be rebuilt (roster changes, certificates expired since);
- ``new_manifest``, ``without_person``, ``restored``: what a batch, a removal and a
  restore publish with their generation;
- ``hashes``: the content hashes a manifest keeps (what the OCR cache may keep).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from indexer.ingest.extract import ocr as ocr_engine
from indexer.ingest.extract.base import DISAPPEARED, NO_TEXT_LAYER, PERMISSION_DENIED, reason_for
from indexer.ingest.files import Job
from indexer.people import Person, Roster
from indexer.report import FailedFile
from indexer.share import walk_share
from indexer.store import analyzers
from indexer.store.schema import SCHEMA_VERSION

# Tried again by every batch: the permission may be back, an OCR engine installed.
_RETRY = (PERMISSION_DENIED, DISAPPEARED, NO_TEXT_LAYER)


@dataclass
class Plan:
    """What a batch must do: the files to read, keep and remove, the people to rebuild."""

    jobs: list[Job] = field(default_factory=list)
    stats: dict[str, dict[str, Any]] = field(default_factory=dict)
    unchanged: dict[str, dict[str, Any]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    people_touched: set[str] = field(default_factory=set)
    people_csv_hash: str = ""
    unreadable: list[FailedFile] = field(default_factory=list)  # not even listed or hashed

    def nothing_to_do(self) -> bool:
        """Whether the share and the roster are as the manifest says."""
        return not (self.jobs or self.removed or self.people_touched)

    def failures(self) -> tuple[FailedFile, ...]:
        """Files the plan could not read, and unchanged files that failed before."""
        old = [FailedFile(rel, e["failed"], e.get("detail", ""))
               for rel, e in sorted(self.unchanged.items()) if e.get("failed")]
        return tuple(self.unreadable + old)


def plan(source: Path, roster: Roster, old: dict[str, Any], today: date) -> Plan:
    """Decide per file: unchanged, (re)process or removed; and which people changed."""
    todo = Plan(people_csv_hash=ocr_engine.content_hash(source / "people.csv"))
    old_files: dict[str, dict[str, Any]] = old.get("files", {})
    old_people: dict[str, str] = old.get("people", {})
    people = roster.indexed()
    changed_people = {pid for pid, p in people.items() if old_people.get(pid) != p.fingerprint()}
    gone = set(old_people) - set(people)  # removed, objected or left since the last batch
    changed_people |= gone
    todo.people_touched = changed_people | _validity_changes(old, today)
    # A changed roster can change who a shared document names: re-read shared files.
    roster_changed = todo.people_csv_hash != old.get("people_csv")
    walk = walk_share(source, roster)
    todo.unreadable = [FailedFile(rel, reason, "folder" if rel.endswith("/") else "")
                       for rel, reason in walk.unreadable]
    for f in walk.files:
        try:
            st = f.path.stat()
        except OSError as exc:  # deleted between the walk and now
            todo.unreadable.append(FailedFile(f.relpath, reason_for(exc)))
            continue
        entry: dict[str, Any] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns,
                                 "owner": f.owner}
        prev = old_files.get(f.relpath)
        owner_changed = f.owner in changed_people if f.owner else roster_changed
        # A document that names someone who is gone is read again, to forget them.
        owner_changed = owner_changed or bool(gone & set((prev or {}).get("mentions", [])))
        if prev and not owner_changed and prev.get("failed") not in _RETRY:
            if prev["size"] == st.st_size and prev["mtime_ns"] == st.st_mtime_ns:
                todo.unchanged[f.relpath] = prev
                continue
            entry["sha256"] = ocr_engine.content_hash(f.path)
            if entry["sha256"] and prev.get("sha256") == entry["sha256"]:
                todo.unchanged[f.relpath] = {**prev, **entry}
                continue
        # Its worker hashes what it reads (``indexer.ingest.files.process``); an
        # unreadable file fails there, with the reason.
        todo.stats[f.relpath] = entry
        todo.jobs.append(Job(f.relpath, f.path, f.owner))
    seen = set(todo.unchanged) | set(todo.stats)
    todo.removed = sorted(set(old_files) - seen)
    return todo


def _validity_changes(old: dict[str, Any], today: date) -> set[str]:
    """People with a certificate that expired since the last batch (profiles drop it)."""
    last = old.get("date", today.isoformat())
    return {pid for e in old.get("files", {}).values()
            if e.get("expires") and last <= e["expires"] < today.isoformat()
            for pid in e.get("persons", [])}


def new_manifest(source: Path, today: date, people_csv_hash: str, people: dict[str, Person],
                 files: dict[str, dict[str, Any]], removed: list[str]) -> dict[str, Any]:
    """The manifest a batch publishes: every file's entry, every colleague's fingerprint."""
    return {
        "schema": SCHEMA_VERSION, "analysis": analyzers.fingerprint(),
        "date": today.isoformat(), "people_csv": people_csv_hash,
        "people": {pid: p.fingerprint() for pid, p in people.items()},
        "files": files, "removed": removed,
        "source": str(source.resolve()),
    }


def documents_of(manifest: dict[str, Any], person_id: str) -> list[str]:
    """The documents a colleague owns, is associated with or is named in."""
    return sorted(rel for rel, e in manifest.get("files", {}).items()
                  if e.get("owner") == person_id or person_id in e.get("persons", [])
                  or person_id in e.get("mentions", []))


def without_person(manifest: dict[str, Any], person_id: str,
                   documents: list[str]) -> dict[str, Any]:
    """*manifest* without a removed colleague and *documents*; later batches keep them out."""
    files = {rel: e for rel, e in manifest.get("files", {}).items() if rel not in documents}
    people = {pid: fp for pid, fp in manifest.get("people", {}).items() if pid != person_id}
    return {**manifest, "files": files, "people": people, "purge": True,
            "removed": sorted({*manifest.get("removed", []), person_id})}


def restored(manifest: dict[str, Any], person_id: str) -> dict[str, Any]:
    """*manifest* with *person_id* no longer removed (the next batch indexes them)."""
    removed = [pid for pid in manifest.get("removed", []) if pid != person_id]
    people = {k: v for k, v in manifest.get("people", {}).items() if k != person_id}
    return {**manifest, "removed": removed, "people": people}


def hashes(files: dict[str, dict[str, Any]]) -> set[str]:
    """The content hashes of the files a manifest keeps (what the OCR cache may keep)."""
    return {e["sha256"] for e in files.values() if e.get("sha256")}


def persons(entry: dict[str, Any] | None) -> list[str]:
    """The colleagues a file's manifest entry is associated with."""
    return list(entry.get("persons", [])) if entry else []
