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

from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from indexer.store.analyzers import analyzer, plain_analyzer

# Bump when a field or what extraction yields changes: a batch over an index of another
# version rebuilds fully. 2: PDF text by pdftotext, scans and photos read by OCR.
# 3: identifiers (digits, "@", "_", ".") left out of the vocabulary, tokens over
# MAX_TOKEN_CHARS left out, more redaction.
SCHEMA_VERSION = 3
BODY_FIELDS = {"nl": "body_nl", "en": "body_en"}
LANGUAGES = tuple(BODY_FIELDS)


def _body_fields() -> dict[str, TEXT]:
    return {field: TEXT(analyzer=analyzer(lang), phrase=True) for lang, field in
            BODY_FIELDS.items()}


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
        content=STORED,  # redacted plain text, for snippets and profiles
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
        vocab=TEXT(analyzer=plain_analyzer()),  # surface words: spelling, suggestions
        doc_count=NUMERIC(stored=True),
        **_body_fields(),
    )
