"""The index schema and its field names, shared by the indexer and the finder.

Two Whoosh indexes live in every generation of the index directory:
- ``docs``: one Whoosh document per file of the share (evidence, snippets,
  certificates, the document-centric model);
- ``people``: one Whoosh document per colleague with the text of all their
  documents run together (the profile-centric model, facets, suggestions).
Text goes into ``body_nl`` or ``body_en`` (or both when the language is unclear)
so each language gets its own stemming, stop words and compound splitting.
"""

from __future__ import annotations

from typing import Any

from whoosh import columns
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from indexer.store.analyzers import AnalyzedText

# Bump when a field or what extraction yields changes: a batch over an index of another
# version rebuilds fully. 2: PDF text by pdftotext, scans and photos read by OCR.
# 3: identifiers (digits, "@", "_", ".") left out of the vocabulary, tokens over
# MAX_TOKEN_CHARS left out, more redaction. 4: a document's text in a column of its own,
# a colleague's feedback lead (``indexer.store.feedback``) stored analysed.
# 5: the people's vocabulary field without positions.
SCHEMA_VERSION = 5
BODY_FIELDS = {"nl": "body_nl", "en": "body_en"}
LANGUAGES = tuple(BODY_FIELDS)


def _body_fields() -> dict[str, TEXT]:
    return {field: AnalyzedText(lang, phrase=True) for lang, field in BODY_FIELDS.items()}


class TextColumn(COLUMN):  # type: ignore[misc]
    """A long text kept in its own compressed column, outside the stored fields.

    Whoosh keeps a document's stored fields as one compressed pickle: reading any of
    them (a vote needs the people, kind and dates) would unpack the whole text too.
    A column is read only for the documents whose text is wanted (evidence, profiles).
    """

    def __init__(self) -> None:
        super().__init__(columns.CompressedBytesColumn())

    # "surrogatepass": the text comes back exactly as given, as a stored field's would,
    # even with a lone surrogate a broken file's extraction left in it.
    def to_column_value(self, value: str) -> bytes:
        return value.encode("utf-8", "surrogatepass")

    def from_column_value(self, value: bytes) -> str:
        return value.decode("utf-8", "surrogatepass")


def _value_column() -> COLUMN:
    """A per-document Python value (a mapping), pickled and compressed, read on demand."""
    return COLUMN(columns.PickleColumn(columns.CompressedBytesColumn()))


def columnar(schema: Any, field: str) -> bool:
    """Whether *schema* (an open index's own) keeps *field* as a column: generations
    written before SCHEMA_VERSION 4 stored the text with the other fields."""
    return field in schema and schema[field].column_type is not None


def docs_schema() -> Schema:
    """One entry per file: where it is, whom it belongs to, what it says."""
    return Schema(
        doc_id=ID(stored=True, unique=True),  # the path relative to the share
        persons=KEYWORD(stored=True, commas=True),  # associated person ids
        associations=STORED,  # "p001:1.0,p002:0.5" strengths per person
        kind=ID(stored=True),  # cv | certificate | document
        format=ID(stored=True),
        lang=ID(stored=True),
        title=STORED,
        content=TextColumn(),  # redacted plain text, for snippets and profiles
        cert_name=STORED,
        issuer=STORED,
        issued=DATETIME(stored=True),
        expires=DATETIME(stored=True),
        modified=DATETIME(stored=True),
        **_body_fields(),
    )


def people_schema() -> Schema:
    """One entry per colleague: contact fields plus all their text."""
    return Schema(
        person_id=ID(stored=True, unique=True),
        name=TEXT(stored=True),
        email=STORED,
        phone=STORED,
        role=STORED,
        department=STORED,
        location=STORED,
        dept_key=ID,  # lower-cased department, for dept: filters
        loc_key=ID,  # lower-cased location
        kinds=KEYWORD(commas=True),  # kinds of documents this person has
        # Surface words: spelling, suggestions, key terms. No phrase is looked for here,
        # so no positions: they were a third of the profiles' postings bytes.
        vocab=AnalyzedText("plain", phrase=False),
        doc_count=NUMERIC(stored=True),
        lead=_value_column(),  # feedback terms of their opening text, per language
        **_body_fields(),
    )
