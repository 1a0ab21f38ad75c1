"""Turning one file of the share into a DocumentRecord (runs in worker processes).

Per file: extract text (with the guards and a time limit), detect language and
kind, read certificate details, find the colleagues the document belongs to,
and redact personal data before anything reaches the index.
"""

from __future__ import annotations

import re
import signal
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from types import FrameType

from indexer import certificates
from indexer.analysis import detect_language
from indexer.extract import Extracted, ExtractionError, Limits, extract
from indexer.people import Person
from indexer.privacy import redact
from indexer.store import DocumentRecord

AUTHOR_STRENGTH = 1.0  # the person's own folder, or named as author in the metadata
MENTION_STRENGTH = 0.5  # named or e-mailed in the text of a shared document


@dataclass(frozen=True)
class Job:
    """One file to process, with what the worker needs to know about people."""

    relpath: str
    path: Path
    owner: str | None


@dataclass(frozen=True)
class Outcome:
    """A processed file: a record to index, or the reason it could not be."""

    relpath: str
    record: DocumentRecord | None = None
    reason: str = ""
    detail: str = ""
    expires: str = ""  # ISO date, so later batches know when validity changes


class _Timeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise _Timeout when the block runs longer than *seconds* (main thread only)."""

    def _alarm(_sig: int, _frame: FrameType | None) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_worker_roster: list[Person] = []
_worker_limits = Limits()


def init_worker(roster: list[Person], limits: Limits) -> None:
    """Give a worker process the roster and limits once, not with every file."""
    global _worker_roster, _worker_limits
    _worker_roster, _worker_limits = roster, limits


def process_job(job: Job) -> Outcome:
    """``process`` with the worker's roster and limits (what the pool calls)."""
    return process(job, _worker_roster, _worker_limits)


def process(job: Job, roster: list[Person], limits: Limits) -> Outcome:
    """Extract and describe one file; never raises for a bad file."""
    try:
        with time_limit(limits.timeout_seconds):
            extracted = extract(job.path, limits)
    except _Timeout:
        return Outcome(job.relpath, reason="timed out",
                       detail=f"over {limits.timeout_seconds:g} s")
    except ExtractionError as exc:
        return Outcome(job.relpath, reason=exc.reason, detail=exc.detail)
    text = extracted.text.strip()
    if not text:
        return Outcome(job.relpath, reason="empty document")
    return describe(job, extracted, text, roster)


def describe(job: Job, extracted: Extracted, text: str, roster: list[Person]) -> Outcome:
    """Kind, language, certificate details and associations of an extracted file."""
    # Personal data never reaches the index; the roster's work contacts stay.
    keep = {"keep_phones": [p.phone for p in roster if p.phone],
            "keep_emails": [p.email for p in roster if p.email]}
    text = redact(text, **keep)
    title = redact(extracted.title.strip(), **keep) or Path(job.relpath).stem.replace("_", " ")
    kind = certificates.detect_kind(job.relpath, text, title)
    record_fields: dict[str, object] = {}
    expires = ""
    if kind == "certificate":
        info = certificates.parse_certificate(text, title)
        record_fields = {
            "cert_name": info.name, "issuer": info.issuer,
            "issued": _as_datetime(info.issued), "expires": _as_datetime(info.expires),
        }
        expires = info.expires.isoformat() if info.expires else ""
    if job.owner is not None:
        associations: tuple[tuple[str, float], ...] = ((job.owner, AUTHOR_STRENGTH),)
    else:
        associations = associate(text, extracted.authors, roster)
    modified = extracted.modified or extracted.created
    if modified is None:
        modified = datetime.fromtimestamp(job.path.stat().st_mtime)
    record = DocumentRecord(
        doc_id=job.relpath,
        associations=associations,
        kind=kind,
        format=extracted.format,
        lang=detect_language(text),
        title=title,
        content=text,
        modified=modified.replace(tzinfo=None),
        **record_fields,  # type: ignore[arg-type]
    )
    return Outcome(job.relpath, record=record, expires=expires)


def associate(text: str, authors: tuple[str, ...], roster: list[Person]) -> tuple[
        tuple[str, float], ...]:
    """Colleagues a shared document belongs to: authors strongly, mentions weakly."""
    folded_text = _fold(text)
    folded_authors = {_fold(a) for a in authors if a}
    found: dict[str, float] = {}
    for person in roster:
        name = _fold(person.name)
        if name and name in folded_authors:
            found[person.id] = AUTHOR_STRENGTH
        elif (name and re.search(rf"\b{re.escape(name)}\b", folded_text)) or (
                person.email and person.email.lower() in folded_text):
            found.setdefault(person.id, MENTION_STRENGTH)
    return tuple(sorted(found.items()))


def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _as_datetime(value: date | None) -> datetime | None:
    return None if value is None else datetime.combine(value, time())
