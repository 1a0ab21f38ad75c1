"""A colleague's profile entry, built from their indexed documents.

The profile is what the profile-centric model ranks: the text of everything a
person owns or authored, except certificates that have expired (they are still
shown as evidence, marked expired, but no longer count).
"""

from __future__ import annotations

from datetime import date

from indexer.people import Person
from indexer.store import PersonRecord, StoredDocument
from indexer.store.feedback import lead_texts
from indexer.store.records import AUTHOR_STRENGTH


def counts_for_profile(doc: StoredDocument, person_id: str, today: date) -> bool:
    """Owned or authored, and not an expired certificate."""
    if doc.strength(person_id) < AUTHOR_STRENGTH:
        return False
    return not (doc.kind == "certificate" and doc.expires is not None and doc.expires < today)


def person_record(person: Person, docs: list[StoredDocument], today: date) -> PersonRecord:
    """The profile entry of *person* from their indexed documents."""
    counting = sorted((d for d in docs if counts_for_profile(d, person.id, today)),
                      key=lambda d: d.doc_id)
    texts = [("", person.role)] if person.role else []  # language unknown: both fields
    texts += [(d.lang, f"{d.title}\n{d.content}") for d in counting]
    return PersonRecord(
        person_id=person.id,
        name=person.name,
        email=person.email,
        phone=person.phone,
        role=person.role,
        department=person.department,
        location=person.location,
        kinds=tuple(sorted({d.kind for d in docs})),
        texts=tuple(texts),
        doc_count=len(docs),
        lead=tuple((lang, "\n".join(chunks)) for lang, chunks in lead_texts(docs).items()
                   if chunks),
    )
