"""Stored fields <-> typed records: the one place that knows how values are stored.

Whoosh keeps a document's people as ``"p001:1.00,p002:0.50"`` and dates as
datetimes; readers get ``StoredDocument`` and ``StoredPerson`` with a mapping and
dates instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from indexer.store.records import StoredDocument, StoredPerson, as_kind


def encode_associations(pairs: Iterable[tuple[str, float]]) -> str:
    """(person id, strength) pairs as stored: ``"p001:1.00,p002:0.50"``."""
    return ",".join(f"{pid}:{weight:.2f}" for pid, weight in pairs)


def decode_associations(stored: str) -> Mapping[str, float]:
    """The stored associations as a read-only mapping, in their stored order."""
    out: dict[str, float] = {}
    for item in stored.split(","):
        pid, _, weight = item.rpartition(":")
        if pid:
            out.setdefault(pid, float(weight))  # the first entry wins, as it always has
    return MappingProxyType(out)


def decode_document(fields: Mapping[str, Any]) -> StoredDocument:
    """A docs-index entry's stored fields as a StoredDocument."""
    return StoredDocument(
        doc_id=str(fields["doc_id"]),
        kind=as_kind(str(fields.get("kind", ""))),
        format=str(fields.get("format", "")),
        lang=str(fields.get("lang", "")),
        title=str(fields.get("title", "")),
        content=str(fields.get("content", "")),
        associations=decode_associations(str(fields.get("associations", ""))),
        cert_name=str(fields.get("cert_name", "")),
        issuer=str(fields.get("issuer", "")),
        issued=_date(fields.get("issued")),
        expires=_date(fields.get("expires")),
        modified=_date(fields.get("modified")),
    )


def decode_person(fields: Mapping[str, Any]) -> StoredPerson:
    """A people-index entry's stored fields as a StoredPerson."""
    person_id = str(fields["person_id"])
    return StoredPerson(
        person_id=person_id,
        name=str(fields.get("name", person_id)),
        email=str(fields.get("email", "")),
        phone=str(fields.get("phone", "")),
        role=str(fields.get("role", "")),
        department=str(fields.get("department", "")),
        location=str(fields.get("location", "")),
        doc_count=int(fields.get("doc_count") or 0),
    )


def _date(value: object) -> date | None:
    return value.date() if isinstance(value, datetime) else None
