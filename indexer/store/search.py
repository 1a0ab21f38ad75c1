"""Reading the current generation over Whoosh: the ``SearchStore`` of ``indexer.store.protocol``.

Every result is decoded (``indexer.store.codec``) into the typed records of
``indexer.store.records`` before it leaves this module.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh import sorting
from whoosh.classify import Bo1Model

from indexer.query import Filters, Query
from indexer.store import compile as qc
from indexer.store import feedback
from indexer.store import generations as gens
from indexer.store.codec import decode_person
from indexer.store.protocol import Busy
from indexer.store.reading import OpenGeneration, Shared
from indexer.store.records import DocHit, FeedbackTerm, PersonHit, StoredDocument, StoredPerson
from indexer.store.roster import Mask, Roster, Scores
from indexer.store.schema import BODY_FIELDS
from indexer.store.slots import Slots
from indexer.store.vocabulary import Vocabulary

__all__ = ["Busy", "IndexReader", "Searcher"]


class IndexReader:
    """Thread-safe access to the current generation; reopens after a batch publishes.

    Whoosh searchers read files through shared handles, so each request borrows
    one snapshot from a pool instead of sharing a searcher. At most *max_searchers*
    snapshots exist; extra requests wait for a free one, in arrival order
    (``indexer.store.slots``), instead of opening the index again. Scoring holds the
    GIL, so more parallel searches add no throughput: two keep a slow query from
    holding up the next, and leave the event loop the GIL often enough to answer
    /healthz in milliseconds (bench/hostile.py: median 16 ms with 2 searchers against
    74 ms with 4, under 8 worst-case clients).
    """

    def __init__(self, root: Path, max_searchers: int = 2, wait: float | None = None) -> None:
        self.root = Path(root)
        self.max_searchers = max_searchers
        self.wait = wait  # seconds a request waits for a free snapshot (None: as long as it takes)
        self._lock = threading.Lock()
        self._slots = Slots(max_searchers)  # first come, first served
        self._idle: list[OpenGeneration] = []
        self._gen: Path | None = None
        self._shared: Shared | None = None  # the generation's postings and roster

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[Searcher]:
        """Borrow searchers over the newest published generation; Busy after *wait* seconds."""
        if not self._slots.acquire(timeout=self.wait):
            raise Busy(f"no searcher free within {self.wait:g} s")
        try:
            snap = self._borrow()
            try:
                yield Searcher(snap)
            finally:
                self._give_back(snap)
        finally:
            self._slots.release()

    def _borrow(self) -> OpenGeneration:
        gen = gens.current_generation(self.root)
        if gen is None:
            raise gens.IndexMissing(f"no index at {self.root}: run expertise-indexer first")
        with self._lock:
            if gen != self._gen:
                for old in self._idle:
                    old.close()
                self._idle.clear()
                self._gen = gen
                self._shared = Shared(gen)
            if self._idle:
                return self._idle.pop()
            shared = self._shared
        assert shared is not None  # set with _gen
        return OpenGeneration(gen, shared)

    def _give_back(self, snap: OpenGeneration) -> None:
        with self._lock:
            if snap.gen == self._gen:
                self._idle.append(snap)
                return
        snap.close()

    def close(self) -> None:
        """Close every idle searcher."""
        with self._lock:
            for snap in self._idle:
                snap.close()
            self._idle.clear()


class Searcher(Vocabulary):
    """The operations the finder needs (``indexer.store.protocol.Snapshot``), over one snapshot."""

    def __init__(self, snap: OpenGeneration) -> None:
        self._s = snap
        # The document numbers of the hits returned (they are read by id again for
        # their text: looking an id up in Whoosh's term index was 2 ms a question).
        self._numbers: dict[str, int] = {}

    @property
    def generation(self) -> str:
        """The generation's directory name ("gen-000042")."""
        return self._s.gen.name

    def roster(self) -> Roster:
        """Everyone in the generation, numbered as the people index's documents."""
        return self._s.roster()

    def people_scores(self, query: Query, *, expansion_weight: float) -> tuple[Mask, Scores]:
        """Profile-centric scores of everyone, by roster number: who matches *query*
        within the department/location filters, and their scores (0 for the others)."""
        q = qc.compile_text(query, people=True, expansion_weight=expansion_weight)
        restriction = qc.people_filter(query.filters)
        if self._s.fast is not None:
            matched, scores = self._s.fast["people"].vector(q, self._s.people)
            if restriction is not None:
                matched &= self._s.fast["people"].vector(restriction, self._s.people)[0]
                scores = np.where(matched, scores, 0.0)
            return matched, scores
        roster = self.roster()
        matched, scores = roster.empty(), np.zeros(len(roster))
        for hit in self._s.people.search(q, limit=None, filter=restriction):
            matched[hit.docnum], scores[hit.docnum] = True, hit.score
        return matched, scores

    def people(self, query: Query, *, limit: int, expansion_weight: float) -> tuple[
            list[PersonHit], int]:
        """Profile-centric ranking: the best *limit* people and how many matched."""
        matched, scores = self.people_scores(query, expansion_weight=expansion_weight)
        numbers = np.flatnonzero(matched)  # best first, ties in number order
        best = numbers[np.lexsort((numbers, -scores[numbers]))][:limit].tolist()
        roster = self.roster()
        return [PersonHit(roster.person(n).person_id, float(scores[n]), roster.person(n))
                for n in best], int(numbers.size)

    def documents(self, query: Query, *, persons: Sequence[str], limit: int,
                  expansion_weight: float, today: date, text: bool = True) -> list[DocHit]:
        """Document hits of the given people (all people when empty); without their
        text (content "") unless *text*."""
        q = qc.compile_text(query, expansion_weight=expansion_weight)
        now = datetime.combine(today, datetime.min.time())
        restriction = qc.docs_filter(query.filters, list(persons), now)
        if restriction is not None:
            q = wq.And([q, restriction])
        hits, _total = self._s.search("docs", q, limit)
        out = []
        for n, score in hits:
            doc = self._s.documents.at(n, text=text)
            self._numbers[doc.doc_id] = n
            out.append(DocHit(doc.doc_id, score, doc))
        return out

    def surface_words(self, lang: str, terms: frozenset[str]) -> frozenset[str] | None:
        """The lower-cased words of the documents whose analysis in *lang* makes any of
        *terms* (``indexer.store.surface``); None for a generation without them."""
        found = self._s.fast["docs"].surface if self._s.fast else None
        return found.words(lang, terms) if found else None

    def document_text(self, doc_id: str) -> str:
        """One document's text ("" when it is not indexed)."""
        n = self._numbers.get(doc_id)
        if n is None:
            n = self._s.docs.document_number(doc_id=doc_id)
        return "" if n is None else self._s.documents.text(n)

    def document_people(self, query: Query, *, filters: Filters, expansion_weight: float,
                        today: date) -> dict[str, Mask]:
        """By kind, everyone (a roster mask) with at least one document that matches
        *query* within *filters*' kinds and validity: every match, not only the best,
        and nothing scored, in one search. Matched strictly: a compound's parts near
        each other, a multi-word translation as one passage (``strict=True``)."""
        q = qc.compile_text(query, expansion_weight=expansion_weight, strict=True)
        now = datetime.combine(today, datetime.min.time())
        restriction = qc.docs_filter(filters, [], now)
        if restriction is not None:
            q = wq.And([q, restriction])
        roster = self.roster()
        if self._s.fast is not None:
            fast = self._s.fast["docs"]
            shared = self._s.shared
            if shared.owner_numbers is None:  # a "persons" term -> roster number (-1: none)
                shared.owner_numbers = np.array(
                    [roster.number.get(t, -1) for t in fast.lexicon("persons")], np.int64)
            out = {}
            for kind, owners in fast.groups(fast.vector(q, self._s.docs)[0], "kind",
                                            "persons").items():
                numbers = shared.owner_numbers[owners]
                out[kind] = roster.empty()
                out[kind][numbers[numbers >= 0]] = True
            return out
        results = self._s.docs.search(q, limit=1, scored=False, groupedby={
            "persons": sorting.FieldFacet("persons", allow_overlap=True),
            "kind": sorting.FieldFacet("kind")})
        by_person = {str(pid): set(numbers) for pid, numbers in results.groups("persons").items()}
        return {str(kind): roster.mask(pid for pid, own in by_person.items()
                                       if own & set(numbers))
                for kind, numbers in results.groups("kind").items()}

    def people_by_id(self, person_ids: Sequence[str], filters: Filters) -> dict[str, StoredPerson]:
        """The colleagues among *person_ids* that are indexed and pass the filters.

        The same department and location filter as ``people()``, so a colleague found
        through a document vote is held to what a profile match is.
        """
        roster = self.roster()
        allowed = roster.within(filters.departments, filters.locations)
        return {pid: roster.person(n) for pid in person_ids
                if (n := roster.number.get(pid)) is not None and allowed[n]}

    def feedback_terms(self, person_ids: Sequence[str], count: int) -> list[FeedbackTerm]:
        """What the top people's text has in common (Bo1 model).

        Pseudo-relevance feedback as in Macdonald & Ounis's voting models: terms that
        are much more frequent in the best candidates' opening text (their "lead",
        ``indexer.store.feedback``) than in the whole collection.
        """
        fast = self._s.fast
        if fast is None:  # an older generation: Whoosh's own Bo1 over the text
            return [FeedbackTerm(lang, term, float(score))
                    for lang, text in self._lead_texts(person_ids).items()
                    for term, score in self._s.people.key_terms_from_text(
                        BODY_FIELDS[lang], text, numterms=count, model=Bo1Model)]
        leads = [self._s.lead(pid) for pid in person_ids]
        weights: dict[str, feedback.Weights] = {}
        if all(lead is not None for lead in leads):  # stored analysed at index time
            for lead in leads:
                feedback.add(weights, lead or {})
        else:  # a generation written before leads were stored
            schema = self._s.people.schema
            weights = {lang: feedback.term_weights(schema[BODY_FIELDS[lang]], text)
                       for lang, text in self._lead_texts(person_ids).items()}
        return [FeedbackTerm(lang, term, float(score)) for lang in BODY_FIELDS if lang in weights
                for term, score in fast["people"].key_terms(BODY_FIELDS[lang], weights[lang],
                                                            count)]

    def _lead_texts(self, person_ids: Sequence[str]) -> dict[str, str]:
        """The people's leads run together, per language (those with any text)."""
        texts: dict[str, list[str]] = {lang: [] for lang in BODY_FIELDS}
        for pid in person_ids:
            for lang, chunks in feedback.lead_texts(self.person_documents(pid)).items():
                texts[lang] += chunks
        return {lang: "\n".join(chunks) for lang, chunks in texts.items() if chunks}

    def person(self, person_id: str) -> StoredPerson | None:
        """One colleague's stored entry."""
        found = self._s.people.document(person_id=person_id)
        return decode_person(found) if found else None

    def person_documents(self, person_id: str) -> list[StoredDocument]:
        """Every document associated with a colleague."""
        return self._s.documents.of_person(person_id)

    def all_people(self) -> list[StoredPerson]:
        """Every colleague's stored entry, by person id."""
        found = [decode_person(fields) for fields in self._s.people.all_stored_fields()]
        return sorted(found, key=lambda p: p.person_id)

    def certificates(self) -> list[StoredDocument]:
        """Every certificate document, by document id, without its text."""
        found = [self._s.documents.at(n, text=False) for n in self._s.docs.document_numbers(
            kind="certificate")]
        return sorted(found, key=lambda d: d.doc_id)

    def counts(self) -> dict[str, int]:
        """How many documents and people the generation holds."""
        return {"documents": self._s.docs.doc_count(), "people": self._s.people.doc_count()}

    def similar_people(self, words: Sequence[str], exclude: str, count: int) -> list[PersonHit]:
        """Colleagues whose text shares the most of these characteristic words."""
        if not words:
            return []
        q = wq.AndNot(wq.Or([wq.Term("vocab", w) for w in words]),
                      wq.Term("person_id", exclude))
        return [_person_hit(h) for h in self._s.people.search(q, limit=count)]


def _person_hit(hit: Any) -> PersonHit:
    return PersonHit(hit["person_id"], hit.score, decode_person(hit.fields()))

