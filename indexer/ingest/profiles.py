"""A colleague's profile entry, built from their indexed documents.

The profile is what the profile-centric model ranks: the text of everything a
person owns or authored, except certificates that have expired (they are still
shown as evidence, marked expired, but no longer count).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from indexer.people import Person
from indexer.store import PersonRecord


def strength(doc: dict[str, Any], person_id: str) -> float:
    """How strongly a stored document belongs to a person (0 when not at all)."""
    for item in str(doc.get("associations", "")).split(","):
        pid, _, weight = item.rpartition(":")
        if pid == person_id:
            return float(weight)
    return 0.0


def counts_for_profile(doc: dict[str, Any], person_id: str, today: date) -> bool:
    """Owned or authored, and not an expired certificate."""
    if strength(doc, person_id) < 1.0:
        return False
    expires = doc.get("expires")
    return not (doc.get("kind") == "certificate" and isinstance(expires, datetime)
                and expires.date() < today)


def person_record(person: Person, docs: list[dict[str, Any]], today: date) -> PersonRecord:
    """The profile entry of *person* from the stored fields of their documents."""
    counting = sorted((d for d in docs if counts_for_profile(d, person.id, today)),
                      key=lambda d: d.get("doc_id", ""))
    texts = [("", person.role)] if person.role else []  # language unknown: both fields
    texts += [(str(d.get("lang", "")), f"{d.get('title', '')}\n{d.get('content', '')}")
              for d in counting]
    return PersonRecord(
        person_id=person.id,
        name=person.name,
        email=person.email,
        phone=person.phone,
        role=person.role,
        department=person.department,
        location=person.location,
        kinds=tuple(sorted({str(d.get("kind")) for d in docs})),
        texts=tuple(texts),
        doc_count=len(docs),
    )
