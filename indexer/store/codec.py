"""Stored fields <-> typed records: the one place that knows how values are stored.

Whoosh keeps a document's people as ``"p001:1.00,p002:0.50"`` and dates as
datetimes; readers get ``StoredDocument`` and ``StoredPerson`` with a mapping and
dates instead. ``Documents`` reads docs-index entries (the text from its own column)
for the finder and the writer alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from indexer.store.records import StoredDocument, StoredPerson, as_kind
from indexer.store.schema import columnar
from indexer.store.stored import StoredFields


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


def decode_document(fields: Mapping[str, Any], content: str = "") -> StoredDocument:
    """A docs-index entry's stored fields (and its text, kept in a column of its own
    since SCHEMA_VERSION 4) as a StoredDocument."""
    return StoredDocument(
        doc_id=str(fields["doc_id"]),
        kind=as_kind(str(fields.get("kind", ""))),
        format=str(fields.get("format", "")),
        lang=str(fields.get("lang", "")),
        title=str(fields.get("title", "")),
        content=str(fields.get("content", content)),
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


class Documents:
    """A docs searcher's entries as StoredDocument; the text is read from its column
    only when asked for (a vote needs the people, kind and dates, not the text).
    *stored*: the generation's exported stored fields (``indexer.store.stored``), read
    instead of Whoosh's when given."""

    def __init__(self, searcher: Any, stored: StoredFields | None = None) -> None:
        self.searcher = searcher
        self._stored = stored
        self._text: Any = None  # the text column's reader, opened on first use

    def at(self, number: int, *, text: bool = True) -> StoredDocument:
        """Document *number*, with or without its text ("" then)."""
        fields = self._stored.fields(number) if self._stored is not None else None
        if fields is None:
            fields = self.searcher.stored_fields(number)
        return decode_document(fields, self.text(number) if text else "")

    def text(self, number: int) -> str:
        """Document *number*'s text (from its stored fields in a generation written
        before SCHEMA_VERSION 4)."""
        if not columnar(self.searcher.schema, "content"):
            return str(self.searcher.stored_fields(number).get("content", ""))
        if self._text is None:
            self._text = self.searcher.reader().column_reader("content")
        return str(self._text[number])

    def texts(self) -> Iterator[str]:
        """The text of every live document, in index order."""
        for number in self.searcher.reader().all_doc_ids():
            yield self.text(number)

    def of_person(self, person_id: str) -> list[StoredDocument]:
        """Every document associated with *person_id*, in index order, with their text."""
        return [self.at(n) for n in self.searcher.document_numbers(persons=person_id)]
