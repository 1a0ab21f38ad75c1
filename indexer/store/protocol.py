"""What the finder needs from a search engine, as a Protocol: the seam for another engine.

- ``SearchStore``: hands out snapshots of the current generation, thread-safe;
- ``Snapshot``: the read operations, over one generation that does not change while
  it is held; every result is a typed, frozen value from ``indexer.store.records``.

``indexer.store.search`` implements it over Whoosh; ``tests/test_store_conformance.py``
states the contract every implementation must meet; ``docs/scale-out.md`` sketches
an OpenSearch one. No Whoosh import here.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Protocol

from indexer.query import Filters, Query
from indexer.store.records import DocHit, FeedbackTerm, PersonHit, StoredDocument, StoredPerson
from indexer.store.roster import Mask, Roster, Scores


class Busy(Exception):
    """Every snapshot stayed in use for as long as a request may wait."""


class Snapshot(Protocol):
    """Read operations over one published generation."""

    @property
    def generation(self) -> str:
        """The generation's name; a new one after every published batch."""
        ...

    def roster(self) -> Roster:
        """Everyone in the generation, numbered 0..n-1: the numbers the masks and score
        arrays below are indexed by."""
        ...

    def people_scores(self, query: Query, *, expansion_weight: float) -> tuple[Mask, Scores]:
        """Profile-centric scores of everyone, by roster number: who matches within the
        department/location filters, and their scores (0 for the others)."""
        ...

    def people(self, query: Query, *, limit: int,
               expansion_weight: float) -> tuple[list[PersonHit], int]:
        """Profile-centric ranking within the department/location filters: the best
        *limit* people, best first, and how many matched in all."""
        ...

    def documents(self, query: Query, *, persons: Sequence[str], limit: int,
                  expansion_weight: float, today: date, text: bool = True) -> list[DocHit]:
        """The best *limit* documents within the kind/validity filters, best first,
        restricted to documents of *persons* (all people when empty). Without *text*
        their content is "" (votes need no text; ``document_text`` reads it later)."""
        ...

    def document_text(self, doc_id: str) -> str:
        """One document's text, "" when it is not indexed."""
        ...

    def surface_words(self, lang: str, terms: frozenset[str]) -> frozenset[str] | None:
        """The lower-cased words of the documents whose analysis in *lang* ("nl", "en")
        makes any of the analysed *terms*; None when the store cannot tell."""
        ...

    def document_people(self, query: Query, *, filters: Filters, expansion_weight: float,
                        today: date) -> dict[str, Mask]:
        """By kind, everyone (a roster mask) with at least one document matching *query*
        within the kind and validity part of *filters* (department and location are not
        looked at)."""
        ...

    def people_by_id(self, person_ids: Sequence[str], filters: Filters) -> dict[str, StoredPerson]:
        """The colleagues among *person_ids* that exist and pass the department and
        location filters, by id."""
        ...

    def feedback_terms(self, person_ids: Sequence[str], count: int) -> list[FeedbackTerm]:
        """Terms that these people's text has much more often than the collection."""
        ...

    def person(self, person_id: str) -> StoredPerson | None:
        """One colleague, or None when not indexed."""
        ...

    def person_documents(self, person_id: str) -> list[StoredDocument]:
        """Every document associated with a colleague, in any way."""
        ...

    def all_people(self) -> list[StoredPerson]:
        """Every indexed colleague, in person-id order (the HR overview lists them all)."""
        ...

    def certificates(self) -> list[StoredDocument]:
        """Every certificate document, of anyone, in document-id order; without their
        text (content "": the overviews need the name, dates and people)."""
        ...

    def key_terms(self, text: str, count: int) -> list[str]:
        """Surface words that set *text* apart from everyone else's; never identifiers."""
        ...

    def similar_people(self, words: Sequence[str], exclude: str,
                       count: int) -> list[PersonHit]:
        """Colleagues whose text shares the most of *words*, except *exclude*."""
        ...

    def suggest_words(self, prefix: str, count: int) -> list[str]:
        """Indexed surface words starting with *prefix*, most widespread first."""
        ...

    def correct_word(self, word: str) -> str | None:
        """The closest better-known indexed word, or None when *word* is indexed."""
        ...

    def known_words(self, words: Sequence[str]) -> frozenset[str]:
        """Those of *words* (folded, lower case) some colleague's documents contain."""
        ...

    def typical_words(self, words: Sequence[str], lang: str) -> frozenset[str]:
        """Those of *words* that the documents in *lang* use at least as often, for their
        length, as the documents in the other language (and use at all)."""
        ...

    def counts(self) -> dict[str, int]:
        """{"documents": n, "people": n} in this generation."""
        ...


class SearchStore(Protocol):
    """Snapshots of the current generation for many threads at once."""

    def snapshot(self) -> AbstractContextManager[Snapshot]:
        """Borrow a snapshot of the newest generation; raises ``Busy`` when none frees up
        in time and ``IndexMissing`` before the first batch."""
        ...

    def close(self) -> None:
        """Release what the store holds open."""
        ...
