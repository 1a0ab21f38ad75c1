"""Reading the current generation over Whoosh: the ``SearchStore`` of ``indexer.store.protocol``.

Every result is decoded (``indexer.store.codec``) into the typed records of
``indexer.store.records`` before it leaves this module.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from operator import attrgetter
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh import sorting
from whoosh.classify import Bo1Model

from indexer.query import Filters, Query
from indexer.store import compile as qc
from indexer.store import feedback, postings
from indexer.store import generations as gens
from indexer.store.analyzers import analyze_word
from indexer.store.codec import decode_person
from indexer.store.protocol import Busy
from indexer.store.reading import OpenGeneration
from indexer.store.records import DocHit, FeedbackTerm, PersonHit, StoredDocument, StoredPerson
from indexer.store.schema import BODY_FIELDS

__all__ = ["Busy", "IndexReader", "Searcher"]


class IndexReader:
    """Thread-safe access to the current generation; reopens after a batch publishes.

    Whoosh searchers read files through shared handles, so each request borrows
    one snapshot from a pool instead of sharing a searcher. At most *max_searchers*
    snapshots exist; extra requests wait for a free one instead of opening the index
    again. Scoring is pure Python, so under the GIL more parallel searches add no
    throughput: two keep a slow query from holding up the next, and leave the event
    loop the GIL often enough to answer /healthz in milliseconds (bench/hostile.py:
    median 16 ms with 2 searchers against 74 ms with 4, under 8 worst-case clients).
    """

    def __init__(self, root: Path, max_searchers: int = 2, wait: float | None = None) -> None:
        self.root = Path(root)
        self.max_searchers = max_searchers
        self.wait = wait  # seconds a request waits for a free snapshot (None: as long as it takes)
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max_searchers)
        self._idle: list[OpenGeneration] = []
        self._gen: Path | None = None
        self._fast: dict[str, postings.Postings] | None = None  # the generation's, shared

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
                self._fast = postings.load(gen)
            if self._idle:
                return self._idle.pop()
            fast = self._fast
        return OpenGeneration(gen, fast)

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


class Searcher:
    """The operations the finder needs (``indexer.store.protocol.Snapshot``), over one snapshot."""

    def __init__(self, snap: OpenGeneration) -> None:
        self._s = snap

    @property
    def generation(self) -> str:
        """The generation's directory name ("gen-000042")."""
        return self._s.gen.name

    def people(self, query: Query, *, limit: int, expansion_weight: float) -> tuple[
            list[PersonHit], int]:
        """Profile-centric ranking: the best *limit* people and how many matched."""
        q = qc.compile_text(query, people=True, expansion_weight=expansion_weight)
        hits, total = self._s.search("people", q, limit, qc.people_filter(query.filters))
        # Every match: at 100,000 documents thousands of colleagues, so no loop in Python.
        persons = self._s.people_at([n for n, _score in hits])
        return list(map(PersonHit, map(attrgetter("person_id"), persons),
                        [score for _n, score in hits], persons)), total

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
        found = ((self._s.documents.at(n, text=text), score) for n, score in hits)
        return [DocHit(doc.doc_id, score, doc) for doc, score in found]

    def surface_words(self, lang: str, terms: frozenset[str]) -> frozenset[str] | None:
        """The lower-cased words of the documents whose analysis in *lang* makes any of
        *terms* (``indexer.store.surface``); None for a generation without them."""
        found = self._s.fast["docs"].surface if self._s.fast else None
        return found.words(lang, terms) if found else None

    def document_text(self, doc_id: str) -> str:
        """One document's text ("" when it is not indexed)."""
        doc = self._s.documents.by_id(doc_id)
        return doc.content if doc else ""

    def document_people(self, query: Query, *, filters: Filters, expansion_weight: float,
                        today: date) -> dict[str, frozenset[str]]:
        """By kind, everyone with at least one document that matches *query* within
        *filters*' kinds and validity: every match, not only the best, and nothing
        scored, in one search. Matched strictly: a compound's parts near each other, a
        multi-word translation as one passage (``compile_text(strict=True)``)."""
        q = qc.compile_text(query, expansion_weight=expansion_weight, strict=True)
        now = datetime.combine(today, datetime.min.time())
        restriction = qc.docs_filter(filters, [], now)
        if restriction is not None:
            q = wq.And([q, restriction])
        if self._s.fast is not None:
            matched = self._s.fast["docs"].vector(q, self._s.docs)[0]
            return self._s.fast["docs"].groups(matched, "kind", "persons")
        results = self._s.docs.search(q, limit=1, scored=False, groupedby={
            "persons": sorting.FieldFacet("persons", allow_overlap=True),
            "kind": sorting.FieldFacet("kind")})
        by_person = {str(pid): set(numbers) for pid, numbers in results.groups("persons").items()}
        return {str(kind): frozenset(pid for pid, own in by_person.items() if own & set(numbers))
                for kind, numbers in results.groups("kind").items()}

    def people_by_id(self, person_ids: Sequence[str], filters: Filters) -> dict[str, StoredPerson]:
        """The colleagues among *person_ids* that are indexed and pass the filters.

        The same department and location filter as ``people()``, so a colleague found
        through a document vote is held to what a profile match is.
        """
        s = self._s.people
        restriction = qc.people_filter(filters)
        allowed = None if restriction is None else set(restriction.docs(s))
        out = {}
        for pid in person_ids:
            number = s.document_number(person_id=pid)
            if number is not None and (allowed is None or number in allowed):
                out[pid] = self._s.person_at(number)
        return out

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

    def key_terms(self, text: str, count: int) -> list[str]:
        """The words that set *text* apart from everyone else's (tf-idf over people)."""
        terms = self._s.people.key_terms_from_text("vocab", text, numterms=count)
        return [t for t, _score in terms]

    def similar_people(self, words: Sequence[str], exclude: str, count: int) -> list[PersonHit]:
        """Colleagues whose text shares the most of these characteristic words."""
        if not words:
            return []
        q = wq.AndNot(wq.Or([wq.Term("vocab", w) for w in words]),
                      wq.Term("person_id", exclude))
        return [_person_hit(h) for h in self._s.people.search(q, limit=count)]

    def suggest_words(self, prefix: str, count: int) -> list[str]:
        """Indexed words starting with *prefix*, most widespread first."""
        reader = self._s.people.reader()
        prefix = prefix.lower()
        found = [(reader.doc_frequency("vocab", w), w) for w in
                 itertools.islice(reader.expand_prefix("vocab", prefix), 200)]
        return [w.decode() if isinstance(w, bytes) else w for _df, w in
                sorted(found, key=lambda x: (-x[0], x[1]))[:count]]

    def correct_word(self, word: str) -> str | None:
        """The closest better-known indexed word, or None when the word is fine."""
        reader = self._s.people.reader()
        word = word.lower()
        if reader.doc_frequency("vocab", word) > 0:
            return None
        # prefix=1: the first letter is rarely the typo, and it cuts the candidate
        # words (Whoosh compares them in pure Python) by an order of magnitude.
        suggestions = self._s.people.corrector("vocab").suggest(word, limit=1, maxdist=2,
                                                                prefix=1)
        return suggestions[0] if suggestions else None

    def known_words(self, words: Sequence[str]) -> frozenset[str]:
        """Those of *words* some colleague's documents contain (the suggestion vocabulary)."""
        reader = self._s.people.reader()
        return frozenset(w for w in words if reader.doc_frequency("vocab", w) > 0)

    def typical_words(self, words: Sequence[str], lang: str) -> frozenset[str]:
        """Those of *words* that the documents in *lang* use at least as often, for their
        length, as the documents in the other language (and use at all)."""
        reader = self._s.people.reader()

        def share(word: str, in_lang: str) -> float:
            field, terms = BODY_FIELDS[in_lang], analyze_word(word, in_lang)
            length = reader.field_length(field)
            return reader.frequency(field, terms[0]) / length if terms and length else 0.0

        return frozenset(w for w in words if (mine := share(w, lang)) > 0 and all(
            mine >= share(w, other) for other in BODY_FIELDS if other != lang))


def _person_hit(hit: Any) -> PersonHit:
    return PersonHit(hit["person_id"], hit.score, decode_person(hit.fields()))

