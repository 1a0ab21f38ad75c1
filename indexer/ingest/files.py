"""Turning one file of the share into a DocumentRecord (runs in worker processes).

Per file: extract text (with the guards and a time limit), detect language and
kind, read certificate details, find the colleagues the document belongs to,
and redact personal data before anything reaches the index.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from types import FrameType

from indexer.ingest import certificates
from indexer.ingest.extract import Extracted, ExtractionError, Limits, extract
from indexer.ingest.extract.base import EMPTY, TIMED_OUT
from indexer.ingest.extract.ocr import content_hash
from indexer.ingest.privacy import redact
from indexer.language.detect import detect_language
from indexer.language.words import fold
from indexer.people import Person
from indexer.store import DocumentRecord
from indexer.store.records import AUTHOR_STRENGTH  # own folder, or author in the metadata

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
    ocr: bool = False  # its text (some of it) came from OCR
    ocr_cached: bool = False  # ... all of that from the OCR cache
    mentions: tuple[str, ...] = ()  # colleagues the text names (before redaction)
    sha256: str = ""  # of its bytes ("" when unreadable), for the manifest


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


@dataclass(frozen=True)
class Colleagues:
    """The roster in the shapes per-file work needs, built once per batch.

    Matching a shared document against 10,000 names must cost one pass over its
    words, not 10,000 regular expressions.
    """

    names: dict[tuple[str, ...], tuple[str, ...]]  # folded name words -> person ids
    name_lengths: frozenset[int]
    first_words: frozenset[str]  # the first word of every name: where a match can start
    emails: dict[str, str]  # lower-cased work e-mail -> person id
    phones: tuple[str, ...]  # work numbers, kept by the redaction
    forget: tuple[str, ...] = ()  # names and e-mails of the removed and the objecting

    @classmethod
    def of(cls, roster: list[Person], forget: list[Person] | None = None) -> Colleagues:
        names: dict[tuple[str, ...], list[str]] = {}
        for person in roster:
            words = tuple(_WORDS.findall(fold(person.name)))
            if words:
                names.setdefault(words, []).append(person.id)
        return cls(names={k: tuple(v) for k, v in names.items()},
                   name_lengths=frozenset(len(k) for k in names),
                   first_words=frozenset(k[0] for k in names),
                   emails={p.email.lower(): p.id for p in roster if p.email},
                   phones=tuple(p.phone for p in roster if p.phone),
                   forget=tuple(v for p in forget or () for v in (p.name, p.email) if v))


# Names are matched on plain \w+ runs, not the analyzer's tokens (``TOKEN_PATTERN`` keeps
# a trailing "+" or "#", for "C++"): "Jan Jansen+" still names Jan Jansen.
_WORDS = re.compile(r"\w+")
# Starts only where a run of address characters starts, and never gives back what it
# took: linear in the text (the unanchored form was quadratic in a long run of digits).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+")


def process(job: Job, roster: Colleagues, limits: Limits) -> Outcome:
    """Extract and describe one file, and hash its bytes; never raises for a bad file."""
    # Hashed here, beside the other cores' files, not while the batch plans: that read
    # every new file once before any worker started (7 s of 100,000 files).
    digest = content_hash(job.path)
    return replace(_read(job, roster, limits), sha256=digest)


def _read(job: Job, roster: Colleagues, limits: Limits) -> Outcome:
    try:
        # Every per-file step is inside the limit: hostile text must not stall a batch
        # in redaction or certificate parsing any more than in extraction.
        with time_limit(limits.timeout_seconds):
            extracted = extract(job.path, limits)
            # Past the cap (a few hundred pages) text is left out, so that one document
            # cannot take the batch's time in analysis and indexing.
            text = extracted.text[: limits.max_text_chars].strip()
            if not text:
                return Outcome(job.relpath, reason=EMPTY)
            return describe(job, extracted, text, roster)
    except _Timeout:
        return Outcome(job.relpath, reason=TIMED_OUT,
                       detail=f"over {limits.timeout_seconds:g} s")
    except ExtractionError as exc:
        return Outcome(job.relpath, reason=exc.reason, detail=exc.detail)


def describe(job: Job, extracted: Extracted, text: str, roster: Colleagues) -> Outcome:
    """Kind, language, certificate details and associations of an extracted file."""
    # Who the text names is read before redaction; the batch remembers it (ids only)
    # so that removing a colleague re-reads every document that names them.
    mentions = tuple(sorted(pid for pid, _ in associate(text, (), roster)))
    # Personal data never reaches the index; the roster's work contacts stay, and
    # colleagues who were removed or objected are forgotten by name and e-mail.
    keep = {"keep_phones": roster.phones, "keep_emails": roster.emails.keys(),
            "forget": roster.forget}
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
    modified = extracted.modified or extracted.created or _file_time(job.path)
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
    return Outcome(job.relpath, record=record, expires=expires, ocr=extracted.ocr_pages > 0,
                   ocr_cached=extracted.ocr_cached, mentions=mentions)


def associate(text: str, authors: tuple[str, ...], roster: Colleagues) -> tuple[
        tuple[str, float], ...]:
    """Colleagues a shared document belongs to: authors strongly, mentions weakly."""
    found: dict[str, float] = {}
    for email in _EMAIL.findall(text.lower()) if "@" in text else ():
        if email in roster.emails:
            found[roster.emails[email]] = MENTION_STRENGTH
    words = _WORDS.findall(fold(text))
    for i in [i for i, word in enumerate(words) if word in roster.first_words]:
        for n in roster.name_lengths:
            for pid in roster.names.get(tuple(words[i:i + n]), ()):
                found[pid] = MENTION_STRENGTH
    for author in authors:
        for pid in roster.names.get(tuple(_WORDS.findall(fold(author))), ()):
            found[pid] = AUTHOR_STRENGTH
    return tuple(sorted(found.items()))


def _file_time(path: Path) -> datetime:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:  # deleted since it was read
        return datetime.now()


def _as_datetime(value: date | None) -> datetime | None:
    return None if value is None else datetime.combine(value, time())
