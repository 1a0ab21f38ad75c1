"""What the indexer hands the store: engine-neutral records of documents and people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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
