"""The store's values, engine-neutral: records going in, typed stored entries coming out.

- ``DocumentRecord`` and ``PersonRecord``: what the indexer hands the store;
- ``StoredDocument`` and ``StoredPerson``: what a search reads back, decoded (dates as
  dates, associations as a mapping), so no caller knows a field name or a stored format;
- ``PersonHit`` and ``DocHit``: a stored entry with its score;
- the vocabulary they share: ``Kind``, ``Validity`` and ``Association``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, NamedTuple

from indexer.people import SHARED_FOLDER

Kind = Literal["cv", "certificate", "document"]
KINDS: tuple[Kind, ...] = ("cv", "certificate", "document")
Validity = Literal["valid", "expiring", "expired", "unknown"]
VALIDITIES: tuple[Validity, ...] = ("valid", "expiring", "expired", "unknown")
Association = Literal["owner", "author", "mentioned"]
ASSOCIATIONS: tuple[Association, ...] = ("owner", "author", "mentioned")
# A document below the share's shared folder belongs to whoever it names, not to a folder.
SHARED_PREFIX = f"{SHARED_FOLDER}/"
# From this association strength on, a person owns or wrote a document (a mention is less).
AUTHOR_STRENGTH = 1.0


def as_kind(value: str) -> Kind:
    """*value* as a Kind; ValueError for anything else."""
    for kind in KINDS:
        if kind == value:
            return kind
    raise ValueError(f"unknown document kind {value!r}; expected one of {KINDS}")


def as_validity(value: str) -> Validity:
    """*value* as a Validity; ValueError for anything else."""
    for validity in VALIDITIES:
        if validity == value:
            return validity
    raise ValueError(f"unknown validity {value!r}; expected one of {VALIDITIES}")


@dataclass(frozen=True)
class DocumentRecord:
    """One file of the share, ready to index."""

    doc_id: str  # path relative to the share
    associations: tuple[tuple[str, float], ...]  # (person id, strength)
    kind: str
    format: str
    lang: str
    title: str
    content: str
    cert_name: str = ""
    issuer: str = ""
    issued: datetime | None = None
    expires: datetime | None = None
    modified: datetime | None = None


@dataclass(frozen=True)
class PersonRecord:
    """One colleague: contact fields and the text of all their counting documents."""

    person_id: str
    name: str
    email: str
    phone: str
    role: str
    department: str
    location: str
    kinds: tuple[str, ...]
    texts: tuple[tuple[str, str], ...]  # (lang, text) per document
    doc_count: int
    # The opening text of their documents per body language ("nl", "en"), for
    # relevance feedback (``indexer.store.feedback``).
    lead: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class StoredDocument:
    """One indexed document as read back: its redacted text, kind, dates and people."""

    doc_id: str  # path relative to the share
    kind: Kind
    format: str
    lang: str  # "nl", "en" or "other" (mixed, foreign, no prose: indexed in both languages)
    title: str
    content: str  # redacted plain text
    associations: Mapping[str, float]  # person id -> strength, in the order indexed
    cert_name: str = ""
    issuer: str = ""
    issued: date | None = None
    expires: date | None = None
    modified: date | None = None

    @property
    def persons(self) -> tuple[str, ...]:
        """The associated person ids, in the order indexed."""
        return tuple(self.associations)

    def strength(self, person_id: str) -> float:
        """How strongly the document belongs to *person_id* (0 when not at all)."""
        return self.associations.get(person_id, 0.0)

    def association(self, person_id: str) -> Association:
        """Owner (the person's own folder), author or mentioned (a shared document)."""
        if not self.doc_id.startswith(SHARED_PREFIX):
            return "owner"
        return "author" if self.strength(person_id) >= AUTHOR_STRENGTH else "mentioned"


@dataclass(frozen=True)
class StoredPerson:
    """One colleague's indexed entry: contact fields and how many documents they have."""

    person_id: str
    name: str
    email: str
    phone: str
    role: str
    department: str
    location: str
    doc_count: int


# Hits are named tuples: one question makes thousands of them (every matching
# colleague at 100,000 documents), and a frozen dataclass costs ten times as much to make.
class PersonHit(NamedTuple):
    """A colleague matching a query, with the profile-centric score."""

    person_id: str
    score: float
    person: StoredPerson


class DocHit(NamedTuple):
    """A document matching a query, with its retrieval score."""

    doc_id: str
    score: float
    document: StoredDocument


@dataclass(frozen=True)
class FeedbackTerm:
    """A term the best candidates' text has in common, in the index's analysed form."""

    lang: str
    term: str
    weight: float
