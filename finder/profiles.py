"""One colleague's profile: contact, expertise terms, certificates, documents, similar people.

Built from the index alone (stored person fields and the stored text of their
documents), as a frozen value the HTML page and the JSON API both render.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from finder.expertise import concepts
from finder.search import Finder
from indexer.ingest.certificates import validity
from indexer.language.words import fold, words
from indexer.people import valid_person_id
from indexer.store import KINDS, Association, Kind, StoredDocument, StoredPerson, Validity
from indexer.store.records import AUTHOR_STRENGTH, as_validity

KIND_ORDER: tuple[Kind, ...] = KINDS  # a profile lists CVs, then certificates, then documents
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
    validity: Validity


@dataclass(frozen=True)
class DocumentRef:
    """A document associated with a colleague (title and kind; never its text)."""

    document: str
    title: str
    kind: Kind
    association: Association


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
    topics: tuple[str, ...] = ()  # "Vraag me over": what they say themselves (self-declared)
    updated: str = ""  # ISO date of their newest document ("Bijgewerkt op")


def load_profile(finder: Finder, person_id: str, today: date | None = None,
                 terms: int = 10, similar: int = 5) -> Profile | None:
    """The profile of *person_id*, or None when the id is invalid or unknown.

    Documents a colleague hid (self-service) are left out, as in search.
    """
    if not valid_person_id(person_id):
        return None
    today = today or date.today()
    claims = finder.selfservice.claims()
    with finder.reader.snapshot() as s:
        person = s.person(person_id)
        if not person:
            return None
        docs = sorted((d for d in s.person_documents(person_id) if d.doc_id not in claims.hidden),
                      key=lambda d: (KIND_ORDER.index(d.kind), d.title.lower()))
        key_words = _expertise(s.key_terms(_profile_text(docs, person_id), terms * 3),
                               person, terms)
        others = s.similar_people(list(key_words), exclude=person_id, count=similar)
        generation = s.generation
    expertise = _concepts(docs, person, finder, terms) or key_words
    dates = [d.modified for d in docs if d.modified]
    expiring = finder.config.expiring_days
    certs = tuple(certificate_of(d, today, expiring) for d in docs if holds(d, person_id))
    return Profile(
        person_id=person_id, name=person.name, department=person.department,
        location=person.location, role=person.role, email=person.email, phone=person.phone,
        expertise=expertise,
        certificates=tuple(sorted(certs, key=lambda c: (c.validity == "expired", c.name))),
        documents=tuple(DocumentRef(d.doc_id, d.title, d.kind, d.association(person_id))
                        for d in docs),
        similar=tuple(Colleague(h.person_id, h.person.name, h.person.department, h.person.role)
                      for h in others),
        generation=generation, topics=claims.topics.get(person_id, ()),
        updated=max(dates).isoformat() if dates else "")


def _profile_text(docs: list[StoredDocument], person_id: str) -> str:
    # Certificate bodies are mostly template text: their subject names say enough.
    return "\n".join(d.cert_name if d.kind == "certificate" else d.content for d in docs
                     if d.strength(person_id) >= AUTHOR_STRENGTH)


def _concepts(docs: list[StoredDocument], person: StoredPerson, finder: Finder,
              count: int) -> tuple[str, ...]:
    # In Dutch where they have Dutch documents of their own; phrases, never a name.
    own = [d for d in docs if d.strength(person.person_id) >= AUTHOR_STRENGTH]
    texts = [d.cert_name if d.kind == "certificate" else d.content for d in own]
    dutch = any(d.lang == "nl" for d in own)
    return concepts(texts, dutch, count, finder.config.synonym_files,
                    skip=words(f"{person.name} {person.email}"))


def _expertise(candidates: list[str], person: StoredPerson, count: int) -> tuple[str, ...]:
    # A profile should say what someone knows, not repeat their name or e-mail address.
    # fold() keeps the Turkish dotless i; the index's accent map turns it into "i".
    own = fold(f"{person.name} {person.email}").replace("ı", "i")
    own_words = set(words(own))
    kept = [t for t in candidates if t not in NOISE and t not in own_words and t not in own
            and not any(c.isdigit() for c in t) and len(t) > 2]
    return tuple(kept[:count])


def holds(doc: StoredDocument, person_id: str) -> bool:
    """Whether *doc* is a certificate of *person_id* (their own, not one naming them)."""
    return doc.kind == "certificate" and doc.strength(person_id) >= AUTHOR_STRENGTH


def certificate_of(doc: StoredDocument, today: date, expiring_days: int) -> Certificate:
    """A certificate as its holder's profile and the HR overview both show it."""
    return Certificate(
        name=doc.cert_name or doc.title, title=doc.title, document=doc.doc_id,
        issuer=doc.issuer, issued=doc.issued.isoformat() if doc.issued else "",
        expires=doc.expires.isoformat() if doc.expires else "",
        validity=as_validity(validity(doc.expires, today, expiring_days)))
