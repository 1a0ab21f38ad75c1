"""find_experts: a question in, ranked colleagues with evidence out. No web code here.

- parse the question (``finder.query``) and expand it with the thesaurus, and its
  Dutch words the thesaurus can't translate through ESCO's occupations
  (``indexer.language.concepts``);
- profile-centric scores from the people index (bounded to the best candidates);
- document-centric votes from the best matching documents (bounded too);
- fuse (``finder.ranking``), filter, count facets, page;
- evidence passages for the people on the page (``finder.snippets``).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from finder import ranking
from finder.query import QueryError, parse
from finder.snippets import snippet
from indexer.ingest.certificates import validity
from indexer.ingest.profiles import strength
from indexer.language import concepts
from indexer.language.thesaurus import Thesaurus
from indexer.query import Clause, Filters, Group, IndexTerm, Phrase, Query, Word
from indexer.store import Busy, DocHit, IndexReader
from indexer.store.search import Searcher

logger = logging.getLogger(__name__)

__all__ = ["Busy", "Evidence", "Expert", "Finder", "QueryError", "Results", "SearchConfig",
           "results_json"]


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


@dataclass(frozen=True)
class Evidence:
    """A passage that made a colleague rank."""

    document: str
    title: str
    kind: str
    snippet: str  # escaped HTML; only <mark> is markup
    certificate: str = ""
    validity: str = ""  # valid | expiring | expired | unknown ("" when not a certificate)
    expires: str = ""  # ISO date
    association: str = "owner"  # owner | author | mentioned


@dataclass(frozen=True)
class Expert:
    """A colleague in the results."""

    person_id: str
    name: str
    department: str
    location: str
    role: str
    email: str
    phone: str
    score: float
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Results:
    """One page of ranked colleagues plus what helps refine the question."""

    query: str
    total: int
    experts: tuple[Expert, ...]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str = ""  # "did you mean"
    offset: int = 0
    limit: int = 10
    partial: bool = False  # the time budget ran out: ranked, but with less evidence


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
    """Searches one index directory; safe to share between threads."""

    def __init__(self, index_dir: Path, config: SearchConfig | None = None,
                 thesaurus: Thesaurus | None = None) -> None:
        self.config = config or SearchConfig()
        self.reader = IndexReader(Path(index_dir), wait=self.config.budget or None)
        self.thesaurus = thesaurus or Thesaurus.load(list(self.config.synonym_files))
        self.bridge = concepts.load() if self.config.concept_weight > 0 else None
        # Intranet questions repeat ("reanimatie", "wondzorg"): keep recent pages. The
        # key holds the index generation, so a published batch is never served stale.
        self._cache: OrderedDict[tuple[Any, ...], Results] = OrderedDict()
        self._cache_lock = threading.Lock()

    def __enter__(self) -> Finder:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Release the index's searchers."""
        self.reader.close()

    def find_experts(self, query: str, *, limit: int = 10, offset: int = 0,
                     department: str | None = None, location: str | None = None,
                     kind: str | None = None, valid_only: bool = False,
                     today: date | None = None) -> Results:
        """Rank colleagues for *query*.

        Raises QueryError for a question that can't be searched, and Busy when no
        searcher is free within the time budget.
        """
        today = today or date.today()
        deadline = _Deadline(self.config.budget)
        parsed = self.prepare(query, department=department, location=location, kind=kind,
                              valid_only=valid_only)
        with self.reader.snapshot() as s:
            key = (s.generation, parsed, limit, offset, today)
            with self._cache_lock:
                if key in self._cache:
                    self._cache.move_to_end(key)
                    return dataclasses.replace(self._cache[key], query=query)
            results = self._search(s, query, parsed, limit, offset, today, deadline)
        if self.config.cache_size > 0 and not results.partial:  # a later ask gets it whole
            with self._cache_lock:
                self._cache[key] = results
                while len(self._cache) > self.config.cache_size:
                    self._cache.popitem(last=False)
        return results

    def prepare(self, query: str, *, department: str | None = None,
                location: str | None = None, kind: str | None = None,
                valid_only: bool = False) -> Query:
        """Parse and expand a question (public for tests and benchmarks)."""
        base = Filters(departments=(department,) if department else (),
                       locations=(location,) if location else (),
                       kinds=(kind,) if kind else (), valid_certificates_only=valid_only)
        parsed = parse(query, filters=base)
        # Explicit AND is a power user's precise question: leave it unexpanded.
        if self.config.expansion and isinstance(parsed.must, Group) and parsed.must.mode == "any":
            parsed = dataclasses.replace(parsed, expansions=self._expansions(parsed))
        return parsed

    def _expansions(self, parsed: Query) -> tuple[Clause, ...]:
        text = " ".join(parsed.words())
        exact = isinstance(parsed.must, Group) and any(
            isinstance(c, Phrase) for c in parsed.must.clauses)
        out: list[Clause] = []
        for exp in self.thesaurus.expand(text)[:12]:
            words = tuple(exp.phrase.split())
            if not words:
                continue
            # A multi-word expansion counts as its words ("vehicle technician" should
            # find "automotive technician, vehicle repair"), unless the user asked for
            # an exact phrase: then its translations are exact phrases too.
            if len(words) == 1:
                out.append(Word(words[0], boost=exp.weight))
            elif exact:
                out.append(Phrase(words, boost=exp.weight))
            else:
                out.append(Group(tuple(Word(w) for w in words), boost=exp.weight))
        if self.bridge is not None and not exact:
            weight = self.config.concept_weight
            out.extend(Word(t.word, boost=round(weight * t.weight, 3), lang="en")
                       for t in self.bridge.translate(parsed.words()))
        return tuple(out)

    def _search(self, s: Searcher, text: str, q: Query, limit: int, offset: int,
                today: date, deadline: _Deadline) -> Results:
        cfg, w = self.config, self.config.weights
        ew = cfg.expansion_weight if cfg.expansion else 0.0
        now = datetime.combine(today, datetime.min.time())
        people_hits, people_total = s.people(q, limit=cfg.candidates, expansion_weight=ew)
        doc_hits = s.documents(q, persons=[], limit=cfg.documents, expansion_weight=ew,
                               today=now)
        # Feedback re-ranks people only; evidence and votes stay with the question asked.
        # Feedback needs a first pass worth learning from: with a handful of matches
        # it would only drift (a rare word would pull in unrelated colleagues).
        if cfg.feedback_people and isinstance(q.must, Group) and q.must.mode == "any" \
                and people_total >= 2 * cfg.feedback_people and not deadline.over():
            fq = self._with_feedback(s, q, [h.person_id for h in people_hits])
            # The expansions now carry their own weights, hence weight 1.0.
            people_hits, people_total = s.people(fq, limit=cfg.candidates, expansion_weight=1.0)
        votes = [v for hit in doc_hits for v in _votes(hit, today, cfg.expiring_days)]
        profile = {h.person_id: h.score for h in people_hits}
        people = {h.person_id: h.fields for h in people_hits}
        for pid in {v.person_id for v in votes} - people.keys():
            stored = s.person(pid)
            if stored and _passes(stored, q):
                people[pid] = stored
        counts = {pid: int(f.get("doc_count") or 1) for pid, f in people.items()}
        doc_scores = ranking.document_scores(votes, today, w, counts)
        filtered = bool(q.filters.kinds or q.filters.valid_certificates_only)
        scores = ranking.fuse({} if filtered else profile, doc_scores,
                              "document" if filtered else cfg.model, w)
        ranked = sorted((pid for pid in scores if pid in people and scores[pid] > 0),
                        key=lambda pid: (-scores[pid], people[pid].get("name", "")))
        extra = len([p for p in ranked if p not in profile])
        total = len(ranked) if filtered else max(len(ranked), people_total + extra)
        page = ranked[offset: offset + limit]
        by_person: dict[str, list[DocHit]] = {}
        for hit in doc_hits:
            for pid in hit.fields.get("persons", "").split(","):
                by_person.setdefault(pid, []).append(hit)
        experts = []
        for pid in page:
            hits = by_person.get(pid) or ([] if deadline.over() else s.documents(
                q, persons=[pid], limit=cfg.evidence_per_person, expansion_weight=ew, today=now))
            evidence = self._evidence(pid, hits, q, today)
            experts.append(_expert(pid, people[pid], scores[pid], evidence))
        suggestion = self._did_you_mean(s, q) if total < 3 and not deadline.over() else ""
        return Results(query=text, total=total, experts=tuple(experts),
                       facets=_facets(ranked, people, by_person), suggestion=suggestion,
                       offset=offset, limit=limit, partial=deadline.hit)

    def _with_feedback(self, s: Searcher, q: Query, ranked: list[str]) -> Query:
        """The query plus terms the best candidates' text has in common (Bo1)."""
        cfg = self.config
        terms = s.feedback_terms(ranked[: cfg.feedback_people], cfg.feedback_terms)
        top = max((w for _lang, _t, w in terms), default=0.0)
        if top <= 0:
            return q
        ew = cfg.expansion_weight if cfg.expansion else 0.0
        scaled = tuple(_scaled(c, ew) for c in q.expansions)
        feedback = tuple(IndexTerm(lang, term, boost=cfg.feedback_weight * w / top)
                         for lang, term, w in terms)
        return dataclasses.replace(q, expansions=scaled + feedback)

    def _evidence(self, pid: str, hits: list[DocHit], q: Query,
                  today: date) -> tuple[Evidence, ...]:
        cfg = self.config
        ranked = sorted(hits, key=lambda h: -ranking.vote_value(
            _vote(h, pid, today, cfg.expiring_days), today, cfg.weights))
        words = q.words() + q.expansion_words()
        out = []
        for hit in ranked[: cfg.evidence_per_person]:
            f = hit.fields
            html, _n = snippet(str(f.get("content", "")), words, str(f.get("lang", "")))
            expires = f.get("expires")
            is_cert = f.get("kind") == "certificate"
            st = strength(f, pid)
            out.append(Evidence(
                document=hit.doc_id, title=str(f.get("title", "")), kind=str(f.get("kind", "")),
                snippet=str(html), certificate=str(f.get("cert_name", "")) if is_cert else "",
                validity=validity(expires.date() if isinstance(expires, datetime) else None,
                                  today, cfg.expiring_days) if is_cert else "",
                expires=expires.date().isoformat() if isinstance(expires, datetime) else "",
                association="owner" if not hit.doc_id.startswith("shared/") else
                ("author" if st >= 1.0 else "mentioned")))
        return tuple(out)

    def _did_you_mean(self, s: Searcher, q: Query) -> str:
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


def results_json(results: Any) -> dict[str, Any]:
    """The API's JSON shape (BRIEF contract), shared by the CLI and the app."""
    data = dataclasses.asdict(results)
    return {"query": data["query"], "total": data["total"], "offset": data["offset"],
            "limit": data["limit"], "suggestion": data["suggestion"], "partial": data["partial"],
            "facets": data["facets"], "experts": data["experts"]}


def _scaled(c: Clause, factor: float) -> Clause:
    """A clause with its boost multiplied (expansions carry their weight themselves)."""
    return dataclasses.replace(c, boost=c.boost * factor)


def _vote(hit: DocHit, pid: str, today: date, expiring_days: int) -> ranking.Vote:
    f = hit.fields
    expires, modified = f.get("expires"), f.get("modified")
    return ranking.Vote(
        person_id=pid, doc_id=hit.doc_id, relevance=hit.score, strength=strength(f, pid),
        kind=str(f.get("kind", "")),
        validity=validity(expires.date() if isinstance(expires, datetime) else None, today,
                          expiring_days) if f.get("kind") == "certificate" else "",
        modified=modified.date() if isinstance(modified, datetime) else None)


def _votes(hit: DocHit, today: date, expiring_days: int) -> list[ranking.Vote]:
    persons = [p for p in str(hit.fields.get("persons", "")).split(",") if p]
    return [_vote(hit, pid, today, expiring_days) for pid in persons]


def _passes(stored: dict[str, Any], q: Query) -> bool:
    f = q.filters
    if f.departments and str(stored.get("department", "")).lower() not in {
            d.lower() for d in f.departments}:
        return False
    return not (f.locations and str(stored.get("location", "")).lower() not in {
        loc.lower() for loc in f.locations})


def _expert(pid: str, f: dict[str, Any], score: float, evidence: tuple[Evidence, ...]) -> Expert:
    return Expert(person_id=pid, name=str(f.get("name", pid)),
                  department=str(f.get("department", "")), location=str(f.get("location", "")),
                  role=str(f.get("role", "")), email=str(f.get("email", "")),
                  phone=str(f.get("phone", "")), score=round(score, 4), evidence=evidence)


def _facets(ranked: list[str], people: dict[str, dict[str, Any]],
            by_person: dict[str, list[DocHit]]) -> dict[str, dict[str, int]]:
    dept = Counter(str(people[p].get("department", "")) for p in ranked)
    loc = Counter(str(people[p].get("location", "")) for p in ranked)
    kinds = Counter(k for p in ranked for k in {str(h.fields.get("kind")) for h in
                                                 by_person.get(p, [])})
    return {"department": dict(dept.most_common()), "location": dict(loc.most_common()),
            "kind": dict(kinds.most_common())}
