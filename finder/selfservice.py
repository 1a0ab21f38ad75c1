"""Mijn profiel: who the signed-in user is, what the index holds about them, their say.

- ``Identities``: the sign-in name (from the proxy header or basic auth) to a colleague,
  by e-mail address (case aside) or by person id; the e-mail table is built once per
  index generation;
- ``my_data``: every document of theirs (hidden ones too, marked), the files of their
  folder that could not be read and why (the last batch report), certificates,
  expertise and their own additions;
- ``set_topics`` / ``set_hidden``: their additions, kept by ``indexer.selfservice``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from finder.profiles import KIND_ORDER, Profile, load_profile
from finder.search import Finder
from indexer.people import valid_person_id
from indexer.selfservice import ClaimError
from indexer.store import Association, Kind

__all__ = ["ClaimError", "Identities", "MyData", "my_data", "set_hidden", "set_topics"]


@dataclass(frozen=True)
class MyDocument:
    """A document the index associates with me, and whether I hid it."""

    document: str
    title: str
    kind: Kind
    association: Association
    modified: str  # ISO date or ""
    hidden: bool
    can_hide: bool  # only documents of my own folder: a shared one is others' evidence too


@dataclass(frozen=True)
class Unreadable:
    """A file of my folder the last batch could not read, and why."""

    document: str
    reason: str
    detail: str


@dataclass(frozen=True)
class MyData:
    """Everything the index and the self-service database hold about one colleague."""

    person_id: str
    profile: Profile
    documents: tuple[MyDocument, ...]
    unreadable: tuple[Unreadable, ...]
    topics: tuple[str, ...]
    hidden: tuple[str, ...]


class Identities:
    """Sign-in names to person ids, by e-mail (case aside) or id; safe between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._emails: tuple[str, dict[str, str]] = ("", {})

    def person_id(self, finder: Finder, user: str) -> str | None:
        """The colleague *user* signs in as, or None when no colleague matches."""
        user = user.strip()
        if not user:
            return None
        with finder.reader.snapshot() as s:
            if valid_person_id(user) and s.person(user) is not None:
                return user
            with self._lock:
                generation, emails = self._emails
            if generation != s.generation:
                emails = {p.email.casefold(): p.person_id for p in s.all_people() if p.email}
                with self._lock:
                    self._emails = (s.generation, emails)
        return emails.get(user.casefold())


def my_data(finder: Finder, person_id: str, report: dict[str, Any] | None,
            today: date | None = None) -> MyData | None:
    """What a colleague checking their own profile sees; None when not indexed."""
    profile = load_profile(finder, person_id, today)
    if profile is None:
        return None
    claims = finder.selfservice.claims()
    mine = claims.hidden_by_person.get(person_id, frozenset())
    with finder.reader.snapshot() as s:
        docs = sorted(s.person_documents(person_id),
                      key=lambda d: (KIND_ORDER.index(d.kind), d.title.lower()))
    own = f"{person_id}/"
    documents = tuple(MyDocument(
        d.doc_id, d.title, d.kind, d.association(person_id),
        d.modified.isoformat() if d.modified else "", d.doc_id in mine,
        d.doc_id.startswith(own)) for d in docs)
    failed = (report or {}).get("failed", [])
    unreadable = tuple(Unreadable(str(f.get("path", "")), str(f.get("reason", "")),
                                  str(f.get("detail", "")))
                       for f in failed if str(f.get("path", "")).startswith(own))
    return MyData(person_id, profile, documents, unreadable,
                  claims.topics.get(person_id, ()), tuple(sorted(mine)))


def set_topics(finder: Finder, person_id: str, topics: Any) -> tuple[str, ...]:
    """Replace my topics; ClaimError (a sentence) for anything but a bounded list of text."""
    if not isinstance(topics, list):
        raise ClaimError("Stuur 'topics' als een lijst met onderwerpen.")
    return finder.selfservice.set_topics(person_id, topics, date.today().isoformat())


def set_hidden(finder: Finder, person_id: str, document: Any, hidden: Any = True) -> None:
    """Hide one of my own documents, or show it again; ClaimError when it isn't mine."""
    if not isinstance(document, str) or not isinstance(hidden, bool):
        raise ClaimError("Stuur 'document' als het pad van een van uw documenten en "
                         "'hidden' als true of false.")
    with finder.reader.snapshot() as s:
        known = {d.doc_id for d in s.person_documents(person_id)}
    if hidden and (document not in known or not document.startswith(f"{person_id}/")):
        raise ClaimError("Alleen documenten uit uw eigen map kunt u verbergen.")
    finder.selfservice.set_hidden(person_id, document, hidden, date.today().isoformat())
