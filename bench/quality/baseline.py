"""The baseline: plain Whoosh BM25F, one document per person, English stemming, no synonyms.

This is the only benchmark code that imports whoosh directly, on purpose: the
baseline must not share the project's analyzers, expansion or ranking.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from whoosh import index, scoring
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import OrGroup, QueryParser


class Baseline:
    """A one-document-per-person BM25F index answering with ranked person ids."""

    def __init__(self, index_dir: Path, people: Iterable[tuple[str, str]]) -> None:
        """Index (person_id, text) pairs into a fresh Whoosh index in *index_dir*."""
        schema = Schema(
            person_id=ID(stored=True, unique=True), content=TEXT(analyzer=StemmingAnalyzer())
        )
        index_dir.mkdir(parents=True, exist_ok=True)
        self._ix = index.create_in(str(index_dir), schema)
        with self._ix.writer() as writer:
            for person_id, text in people:
                writer.add_document(person_id=person_id, content=text)
        # Default QueryParser syntax, but terms ORed: an AND of a whole task
        # description would match almost nobody.
        self._parser = QueryParser("content", schema, group=OrGroup)
        self._searcher = self._ix.searcher(weighting=scoring.BM25F())

    def search(self, query: str, limit: int = 100) -> list[str]:
        """Person ids for *query*, best first."""
        parsed = self._parser.parse(query)
        return [hit["person_id"] for hit in self._searcher.search(parsed, limit=limit)]

    def close(self) -> None:
        """Release the searcher and the index files."""
        self._searcher.close()
        self._ix.close()

    def __enter__(self) -> Baseline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
