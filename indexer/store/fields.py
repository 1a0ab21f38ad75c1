"""What a document or a colleague becomes in the Whoosh index: its fields."""

from __future__ import annotations

from typing import Any

from indexer.store.codec import encode_associations
from indexer.store.feedback import term_weights
from indexer.store.records import DocumentRecord, PersonRecord
from indexer.store.schema import BODY_FIELDS


def document_fields(rec: DocumentRecord) -> dict[str, Any]:
    """The docs index's fields of one document."""
    fields: dict[str, Any] = {
        "doc_id": rec.doc_id,
        "persons": ",".join(pid for pid, _ in rec.associations),
        "associations": encode_associations(rec.associations),
        "kind": rec.kind,
        "format": rec.format,
        "lang": rec.lang,
        "title": rec.title,
        "content": rec.content,
        "cert_name": rec.cert_name,
        "issuer": rec.issuer,
    }
    for name in ("issued", "expires", "modified"):
        value = getattr(rec, name)
        if value is not None:
            fields[name] = value
    fields.update(_bodies([(rec.lang, rec.content), ("", rec.title)]))
    return fields


def person_fields(rec: PersonRecord, schema: Any) -> dict[str, Any]:
    """The people index's fields of one colleague (*schema* analyses their lead)."""
    fields: dict[str, Any] = {
        "person_id": rec.person_id,
        "name": rec.name,
        "email": rec.email,
        "phone": rec.phone,
        "role": rec.role,
        "department": rec.department,
        "location": rec.location,
        "dept_key": rec.department.lower(),
        "loc_key": rec.location.lower(),
        "kinds": ",".join(rec.kinds),
        "doc_count": rec.doc_count,
    }
    fields.update(_bodies(list(rec.texts)))
    fields["vocab"] = "\n".join(text for _lang, text in rec.texts)
    fields["lead"] = {lang: term_weights(schema[BODY_FIELDS[lang]], text)
                      for lang, text in rec.lead}
    return fields


def _bodies(texts: list[tuple[str, str]]) -> dict[str, str]:
    """Route each text to its language's field; unclear language goes to both."""
    parts: dict[str, list[str]] = {field: [] for field in BODY_FIELDS.values()}
    for lang, text in texts:
        if not text:
            continue
        targets = [BODY_FIELDS[lang]] if lang in BODY_FIELDS else list(BODY_FIELDS.values())
        for field in targets:
            parts[field].append(text)
    return {field: "\n".join(chunks) for field, chunks in parts.items() if chunks}
