"""find_experts: a question in, ranked colleagues with evidence out. No web code here.

- parse the question (``finder.query``) and expand it (``finder.expansion``);
- profile-centric scores from the people index (bounded to the best candidates),
  re-ranked once with relevance feedback;
- document-centric votes from the best matching documents (bounded too);
- fuse (``finder.ranking``), count facets, page;
- evidence passages for the people on the page (``finder.evidence``).

The index is reached through the ``SearchStore`` protocol (``indexer.store.protocol``).
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from finder import expansion, ranking
from finder.claims import with_topics
from finder.evidence import Evidence, passages, vote, votes
from finder.facets import facets, passing
from finder.query import QueryError, parse
from finder.results import Expert, Results, expert, results_json
from finder.snippets import Marker
from indexer.language import concepts
from indexer.language.thesaurus import Thesaurus
from indexer.query import Filters, Group, Query
from indexer.selfservice import Claims, SelfService
from indexer.store import Busy, DocHit, IndexReader, Roster, SearchStore, Snapshot
from indexer.store.records import KINDS
from indexer.store.roster import Scores

__all__ = ["Busy", "Evidence", "Expert", "Finder", "QueryError", "Results", "SearchConfig",
           "results_json"]

# One colleague's retrieved documents, each with its vote for them.
Backing = list[tuple[DocHit, ranking.Vote]]


@dataclass(frozen=True)
class SearchConfig:
    """How the finder ranks; every field is a named setting (see finder.settings)."""

    model: str = "fused"  # document | profile | fused
    expansion: bool = True
    expansion_weight: float = 0.7  # times the thesaurus weight (<= 0.8): below the own words
    concept_weight: float = 0.8  # strongest ESCO-bridge word, before expansion_weight (0: off)
    weights: ranking.Weights = field(default_factory=ranking.Weights)
    feedback_people: int = 5  # pseudo-relevance feedback from the best N people (0: off)
    feedback_terms: int = 10  # terms taken from their text
    feedback_weight: float = 0.5  # weight of the strongest feedback term
    candidates: int = 200  # people taken from the profile ranking
    documents: int = 400  # documents taken for the document-centric votes
    evidence_per_person: int = 3
    cache_size: int = 512  # recent result pages kept per index generation (0: off)
    expiring_days: int = 90
    synonym_files: tuple[Path, ...] = ()
    # Seconds one question may take (0: no limit). Past it, the optional stages
    # (feedback, extra evidence look-ups, "did you mean") are skipped and the page says
    # so; a request that cannot get a searcher within it is answered "busy".
    budget: float = 3.0


class _Deadline:
    """The time budget of one question; never over when the budget is 0."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds if seconds > 0 else None
        self.hit = False

    def over(self) -> bool:
        """Whether the budget is spent (remembered, so the result can say so)."""
        if self.end is not None and time.monotonic() > self.end:
            self.hit = True
        return self.hit


class Finder:
    """Searches one index directory (or another SearchStore); safe to share between threads."""

    def __init__(self, index_dir: Path, config: SearchConfig | None = None,
                 thesaurus: Thesaurus | None = None, *, store: SearchStore | None = None) -> None:
        self.config = config or SearchConfig()
        self.reader: SearchStore = store or IndexReader(Path(index_dir),
                                                        wait=self.config.budget or None)
        self.thesaurus = thesaurus or Thesaurus.load(list(self.config.synonym_files))
        self.bridge = concepts.load() if self.config.concept_weight > 0 else None
        self.selfservice = SelfService(Path(index_dir))  # topics and hidden documents
        # Intranet questions repeat ("reanimatie", "wondzorg"): keep recent pages. The
        # key holds the index generation, so a published batch is never served stale.
        self._cache: OrderedDict[tuple[Any, ...], Results] = OrderedDict()
        self._cache_lock = threading.Lock()

    def __enter__(self) -> Finder:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Release the index's searchers and the self-service database."""
        self.reader.close()
        self.selfservice.close()

    def find_experts(self, query: str, *, limit: int = 10, offset: int = 0,
                     department: str | None = None, location: str | None = None,
                     kind: str | None = None, valid_only: bool = False,
                     today: date | None = None, without: Sequence[str] = ()) -> Results:
        """Rank colleagues for *query*; *without* names expansions not to search.

        Raises QueryError for a question that can't be searched, and Busy when no
        searcher is free within the time budget.
        """
        today = today or date.today()
        deadline = _Deadline(self.config.budget)
        claims = self.selfservice.claims()  # read per question: a change shows at once
        with self.reader.snapshot() as s:
            parsed, expanded = self.prepare(s, query, department=department, location=location,
                                            kind=kind, valid_only=valid_only, without=without,
                                            hidden=claims.hidden)
            key = (s.generation, claims.revision, parsed, limit, offset, today)
            with self._cache_lock:
                if key in self._cache:
                    self._cache.move_to_end(key)
                    return dataclasses.replace(self._cache[key], query=query)
            results = dataclasses.replace(
                self._search(s, query, parsed, limit, offset, today, deadline, claims),
                expanded=expanded)
        if self.config.cache_size > 0 and not results.partial:  # a later ask gets it whole
            with self._cache_lock:
                self._cache[key] = results
                while len(self._cache) > self.config.cache_size:
                    self._cache.popitem(last=False)
        return results

    def prepare(self, s: Snapshot, query: str, *, department: str | None = None,
                location: str | None = None, kind: str | None = None,
                valid_only: bool = False, without: Sequence[str] = (),
                hidden: frozenset[str] = frozenset()) -> tuple[Query, tuple[str, ...]]:
        """The question parsed and expanded, and the expansions to show (public for
        tests and benchmarks); *hidden* documents never match."""
        base = Filters(departments=(department,) if department else (),
                       locations=(location,) if location else (),
                       kinds=(kind,) if kind else (), valid_certificates_only=valid_only,
                       hidden_documents=hidden)
        parsed = parse(query, filters=base)
        # Explicit AND is a power user's precise question: leave it unexpanded.
        if self.config.expansion and isinstance(parsed.must, Group) and parsed.must.mode == "any":
            return expansion.widen(parsed, self.thesaurus, self.bridge,
                                   self.config.concept_weight, without, s)
        return parsed, ()

    def _search(self, s: Snapshot, text: str, q: Query, limit: int, offset: int,
                today: date, deadline: _Deadline, claims: Claims) -> Results:
        """Rank everyone who matches without the filters, then keep those who pass them.

        So a filter never reorders: the filtered list is the unfiltered list restricted,
        and each facet's count is what its filter returns.
        """
        cfg, w = self.config, self.config.weights
        ew = cfg.expansion_weight if cfg.expansion else 0.0
        f = q.filters  # hidden documents stay out of the ranking too:
        hid = Filters(hidden_documents=f.hidden_documents)
        base = dataclasses.replace(q, filters=hid)
        roster = s.roster()
        scores, by_person = self._rank(s, roster, base, today, deadline)
        scores, declared = with_topics(roster, base, claims.topics, scores, ew, w)

        # Who has a matching document of each kind, and a valid matching certificate:
        # every match counts, not only the documents that voted.
        found = s.document_people(base, filters=hid, expansion_weight=ew, today=today)
        kinds = {str(k): found.get(k, roster.empty()) for k in KINDS}  # the facet's order
        valid = roster.union(s.document_people(
            base, filters=dataclasses.replace(hid, kinds=("certificate",),
                                              valid_certificates_only=True),
            expansion_weight=ew, today=today).values() if f.valid_certificates_only else ())
        # Only with a matching document: a profile can match words no one document has.
        listed = roster.union([*kinds.values(), roster.mask(declared)])  # or their own topic
        listed &= scores > 0
        keep = passing(roster, f, kinds, valid)
        if keep is not None:
            listed &= keep
        # Best first, ties by name: the filtered list is the unfiltered one restricted.
        shown = roster.ranked(scores, listed)
        marker = Marker(q.words() + q.expansion_words(), s.surface_words)
        experts = []
        for n in shown[offset: offset + limit].tolist():
            person = roster.person(n)
            pid = person.person_id
            backing = [(h, v) for h, v in by_person.get(pid, [])
                       if (not f.kinds or h.document.kind in f.kinds)
                       and (not f.valid_certificates_only or h.document.kind == "certificate")]
            evidence = passages(backing, marker, today, w, cfg.evidence_per_person,
                                s.document_text)
            if not evidence and not deadline.over():  # their matching documents ranked lower
                more = s.documents(q, persons=[pid], limit=cfg.evidence_per_person * 4,
                                   expansion_weight=ew, today=today, text=False)
                evidence = passages([(h, vote(h, pid, today, cfg.expiring_days)) for h in more],
                                    marker, today, w, cfg.evidence_per_person, s.document_text)
            mine = declared[pid].topics if pid in declared else ()
            experts.append(expert(pid, person, float(scores[n]), evidence, mine))
        total = int(shown.size)
        suggestion = self._did_you_mean(s, q) if total < 3 and not deadline.over() else ""
        return Results(query=text, total=total, experts=tuple(experts),
                       facets=facets(shown, roster, kinds), suggestion=suggestion,
                       offset=offset, limit=limit, partial=deadline.hit)

    def _rank(self, s: Snapshot, roster: Roster, q: Query, today: date,
              deadline: _Deadline) -> tuple[Scores, dict[str, Backing]]:
        """Fused scores of everyone (by roster number; 0: no match), and their votes."""
        cfg, w = self.config, self.config.weights
        ew = cfg.expansion_weight if cfg.expansion else 0.0
        matched, profile = s.people_scores(q, expansion_weight=ew)
        doc_hits = s.documents(q, persons=[], limit=cfg.documents, expansion_weight=ew,
                               today=today, text=False)  # the page's evidence reads text
        # Feedback re-ranks people only; evidence and votes stay with the question asked.
        # Feedback needs a first pass worth learning from: with a handful of matches
        # it would only drift (a rare word would pull in unrelated colleagues). It only
        # re-scores those who match the question itself: it never adds anyone.
        if cfg.feedback_people and isinstance(q.must, Group) and q.must.mode == "any" \
                and int(matched.sum()) >= 2 * cfg.feedback_people and not deadline.over():
            numbers = np.flatnonzero(matched)  # the best, ties in number order
            best = numbers[np.lexsort((numbers, -profile[numbers]))][: cfg.feedback_people]
            fq = expansion.with_feedback(q, s.feedback_terms(
                [roster.person(n).person_id for n in best.tolist()], cfg.feedback_terms),
                ew, cfg.feedback_weight)
            # The expansions now carry their own weights, hence weight 1.0.
            profile = np.where(matched, s.people_scores(fq, expansion_weight=1.0)[1], 0.0)
        ballots = [(hit, v) for hit in doc_hits for v in votes(hit, today, cfg.expiring_days)
                   if v.person_id in roster.number]
        by_person: dict[str, Backing] = {}
        for hit, v in ballots:
            by_person.setdefault(v.person_id, []).append((hit, v))
        counts = {pid: roster.person(roster.number[pid]).doc_count or 1 for pid in by_person}
        document = roster.scatter(ranking.document_scores([v for _hit, v in ballots], today, w,
                                                          counts))
        return ranking.fuse(profile, document, cfg.model, w), by_person

    def _did_you_mean(self, s: Snapshot, q: Query) -> str:
        words = q.words()
        fixed = [s.correct_word(w) or w for w in words]
        return " ".join(fixed) if fixed != words else ""

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Autocomplete: indexed words that start with the last word typed."""
        head, _, last = prefix.strip().rpartition(" ")
        if len(last) < 2:
            return []
        with self.reader.snapshot() as s:
            words = s.suggest_words(last, limit)
        return [f"{head} {w}".strip() for w in words]
