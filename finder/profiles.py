"""One colleague's profile: contact, expertise terms, certificates, documents, similar people.

Built from the index alone (stored person fields and the stored text of their
documents), as a frozen value the HTML page and the JSON API both render.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from finder.search import Finder
from indexer.ingest.certificates import validity
from indexer.ingest.profiles import strength
from indexer.language.words import fold, words
from indexer.people import valid_person_id

logger = logging.getLogger(__name__)

KIND_ORDER = ("cv", "certificate", "document")
# Words every CV or certificate template carries; they say nothing about expertise.
NOISE = frozenset({
    "curriculum", "vitae", "personal", "details", "name", "e-mail", "email", "phone", "telefoon",
    "naam", "profile", "profiel", "certificate", "certificaat", "completion", "issued", "issue",
    "valid", "until", "geldig", "afgegeven", "datum", "hereby", "verklaard", "successfully",
    "completed", "deelgenomen", "training", "course", "cursus", "year", "birth", "geboortejaar",
    "location", "locatie", "last", "work", "experience", "werkervaring", "education", "opleiding",
    "languages", "talen",
})


@dataclass(frozen=True)
class Certificate:
    """A certificate a colleague holds, with its validity today."""

    name: str
    title: str
    document: str
    issuer: str
    issued: str  # ISO date or ""
    expires: str  # ISO date or ""
    validity: str  # valid | expiring | expired | unknown


@dataclass(frozen=True)
class DocumentRef:
    """A document associated with a colleague (title and kind; never its text)."""

    document: str
    title: str
    kind: str
    association: str  # owner | author | mentioned


@dataclass(frozen=True)
class Colleague:
    """A similar colleague, as linked from a profile."""

    person_id: str
    name: str
    department: str
    role: str


@dataclass(frozen=True)
class Profile:
    """Everything staff may see about one colleague."""

    person_id: str
    name: str
    department: str
    location: str
    role: str
    email: str
    phone: str
    expertise: tuple[str, ...]
    certificates: tuple[Certificate, ...]
    documents: tuple[DocumentRef, ...]
    similar: tuple[Colleague, ...]
    generation: str


def load_profile(finder: Finder, person_id: str, today: date | None = None,
                 terms: int = 10, similar: int = 5) -> Profile | None:
    """The profile of *person_id*, or None when the id is invalid or unknown."""
    if not valid_person_id(person_id):
        return None
    today = today or date.today()
    with finder.reader.snapshot() as s:
        person = s.person(person_id)
        if not person:
            return None
        docs = sorted(s.person_documents(person_id),
                      key=lambda d: (_kind_rank(d), str(d.get("title", "")).lower()))
        expertise = _expertise(s.key_terms(_profile_text(docs, person_id), terms * 3), person,
                               terms)
        others = s.similar_people(list(expertise), exclude=person_id, count=similar)
        generation = s.generation
    expiring = finder.config.expiring_days
    certs = tuple(_certificate(d, today, expiring) for d in docs
                  if d.get("kind") == "certificate" and strength(d, person_id) >= 1.0)
    return Profile(
        person_id=person_id, name=str(person.get("name", person_id)),
        department=str(person.get("department", "")), location=str(person.get("location", "")),
        role=str(person.get("role", "")), email=str(person.get("email", "")),
        phone=str(person.get("phone", "")), expertise=expertise,
        certificates=tuple(sorted(certs, key=lambda c: (c.validity == "expired", c.name))),
        documents=tuple(DocumentRef(str(d.get("doc_id", "")), str(d.get("title", "")),
                                    str(d.get("kind", "")), _association(d, person_id))
                        for d in docs),
        similar=tuple(Colleague(h.person_id, str(h.fields.get("name", "")),
                                str(h.fields.get("department", "")), str(h.fields.get("role", "")))
                      for h in others),
        generation=generation)


def _kind_rank(doc: dict[str, Any]) -> int:
    kind = str(doc.get("kind", ""))
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def _profile_text(docs: list[dict[str, Any]], person_id: str) -> str:
    # Certificate bodies are mostly template text: their subject names say enough.
    parts = []
    for d in docs:
        if strength(d, person_id) < 1.0:
            continue
        if d.get("kind") == "certificate":
            parts.append(str(d.get("cert_name", "")))
        else:
            parts.append(str(d.get("content", "")))
    return "\n".join(parts)


def _expertise(candidates: list[str], person: dict[str, Any], count: int) -> tuple[str, ...]:
    # A profile should say what someone knows, not repeat their name or e-mail address.
    # fold() keeps the Turkish dotless i; the index's accent map turns it into "i".
    own = fold(f"{person.get('name', '')} {person.get('email', '')}").replace("ı", "i")
    own_words = set(words(own))
    kept = [t for t in candidates if t not in NOISE and t not in own_words and t not in own
            and not any(c.isdigit() for c in t) and len(t) > 2]
    return tuple(kept[:count])


def _certificate(doc: dict[str, Any], today: date, expiring_days: int) -> Certificate:
    expires, issued = doc.get("expires"), doc.get("issued")
    end = expires.date() if isinstance(expires, datetime) else None
    return Certificate(
        name=str(doc.get("cert_name", "")) or str(doc.get("title", "")),
        title=str(doc.get("title", "")), document=str(doc.get("doc_id", "")),
        issuer=str(doc.get("issuer", "")),
        issued=issued.date().isoformat() if isinstance(issued, datetime) else "",
        expires=end.isoformat() if end else "",
        validity=validity(end, today, expiring_days))


def _association(doc: dict[str, Any], person_id: str) -> str:
    if not str(doc.get("doc_id", "")).startswith("shared/"):
        return "owner"
    return "author" if strength(doc, person_id) >= 1.0 else "mentioned"
