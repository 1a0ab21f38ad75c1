"""Posting lists as numpy arrays, written per generation, and Whoosh's scoring over them.

Whoosh scores every matching document in pure Python, one matcher call at a time:
at 10,000 documents that is most of a question's time (issue 16). At publish
(``indexer.store.exporting``), each index of a generation (``docs``, ``people``) is
exported once under ``<gen>/postings/<index>/``; for every indexed text, ID and keyword
field:

- ``<field>.terms``: the terms, one a line, in lexicon order;
- ``<field>.<array>.npy``: ``offsets`` (a term's postings are
  ``offsets[i]:offsets[i+1]``), ``docs`` (document numbers) and ``weights`` (term
  frequencies) of every posting, ``idf`` and collection frequency ``cf`` per term,
  and for a scored field ``lengths`` per document: exactly the statistics Whoosh's
  BM25F and its Bo1 feedback model read (``whoosh.scoring``, ``whoosh.classify``).
  Loaded memory-mapped, once per generation for all its searchers.

Beside the docs index's postings, ``surface/`` holds its documents' words by the
analysed terms they make (``indexer.store.surface``): what an evidence passage marks;
and ``stored.*`` their stored fields, for reading a hit (``indexer.store.stored``).

``Postings.search`` evaluates a compiled Whoosh query tree with dense vectors, term at
a time: a Term is ``idf * bm25(tf, length)`` times its boost, Or and And sum their
parts, AndNot keeps the left side, as Whoosh's matchers do. Any other node (a
phrase, a span, a date range) is matched by Whoosh itself and its scores taken over,
so the answer is Whoosh's, with the same scores (up to summation order), only faster.
"""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.query.spans import SpanNear2
from whoosh.scoring import BM25F

from indexer.store import positions, stored, surface

log = logging.getLogger(__name__)

# 6: the docs' surface vocabulary (``indexer.store.surface``); 7: their text fields'
# positions (``indexer.store.positions``).
FORMAT = 7
INDEXES = ("docs", "people")
MANIFEST = "postings.json"
ARRAYS = ("offsets", "docs", "weights", "idf", "cf", "lengths")
Vector = tuple[Any, Any]  # (matched: bool[N], scores: float64[N])


def mapped(path: Path) -> Any:
    """A saved array, memory-mapped, as a plain ndarray (slicing a ``np.memmap`` costs
    a Python-level call each time: thousands a question)."""
    return np.asarray(np.load(path, mmap_mode="r"))


def load(gen: Path) -> dict[str, Postings] | None:
    """The exported postings of *gen* by index name, or None (then Whoosh scores)."""
    root = gen / "postings"
    if not (root / MANIFEST).exists():  # written before postings existed: the next batch
        log.info("no postings in %s: Whoosh scores this generation", gen)
        return None
    try:
        if json.loads((root / MANIFEST).read_text(encoding="utf-8")).get("format") != FORMAT:
            return None
        return {name: Postings(root / name) for name in INDEXES}
    except (OSError, ValueError, KeyError) as exc:
        log.warning("unusable postings in %s (%s): Whoosh scores this generation", gen, exc)
        return None


class Postings:
    """One index's exported postings; answers like ``Searcher.search`` would."""

    def __init__(self, folder: Path) -> None:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        self.count: int = meta["doc_count_all"]
        self._meta: dict[str, dict[str, Any]] = meta["fields"]
        self._folder = folder
        self._fields: dict[str, tuple[dict[str, int], Any]] = {}
        self._positions: dict[str, tuple[Any, Any] | None] = {}
        self._owner_cache: dict[str, tuple[list[str], Any]] = {}
        self._live_docs: Any = None
        weighting = BM25F()
        self._b, self._k1 = weighting.B, weighting.K1
        found = folder / "surface"
        self.surface = surface.Surface(found, self.lexicon) if found.is_dir() else None
        self.stored = stored.load(folder)

    def lexicon(self, field: str) -> dict[str, int]:
        """A field's terms and their numbers ({} when the field has no postings)."""
        found = self._field(field)
        return found[0] if found else {}

    def _field(self, name: str) -> tuple[dict[str, int], Any] | None:
        if name not in self._meta:
            return None
        if name not in self._fields:  # loaded on first use, then kept for the generation
            text = (self._folder / f"{name}.terms").read_text(encoding="utf-8")
            index = {t: i for i, t in enumerate(text.split("\n"))} if text else {}
            # Memory-mapped: the pages are the operating system's, shared by every
            # searcher of the generation and by processes.
            data = {part: mapped(self._folder / f"{name}.{part}.npy")
                    for part in ARRAYS if (self._folder / f"{name}.{part}.npy").exists()}
            self._fields[name] = (index, data)
        return self._fields[name]

    def search(self, q: Any, searcher: Any, limit: int, filter: Any = None,
               scored: bool = True) -> tuple[list[tuple[int, float]], int]:
        """The best *limit* (document number, score) of *q* within *filter*, and how many
        matched; ties in document order, as Whoosh's collector gives them."""
        matched, scores = self.vector(q, searcher)
        if filter is not None:
            matched &= self.vector(filter, searcher)[0]
        ids = np.flatnonzero(matched)
        if scored:
            ids = ids[np.lexsort((ids, -scores[ids]))]
        top = ids[:limit]
        return list(zip(top.tolist(), scores[top].tolist(), strict=True)), int(ids.size)

    def key_terms(self, field: str, weights: dict[str, float],
                  count: int) -> list[tuple[str, float]]:
        """Whoosh's ``key_terms_from_text`` with the Bo1 model (``whoosh.classify``) for
        a text analysed into *weights* (``feedback.term_weights``): its *count* terms
        most typical of it against the whole index, normalised as Whoosh does; the
        collection frequencies come from the arrays."""
        found = self._field(field)
        if found is None:
            return []
        index, data = found
        scored, best = [], 0.0
        for word, weight in weights.items():
            i = index.get(word)
            if i is None:
                continue
            f = float(data["cf"][i]) / self.count
            score = weight * math.log((1.0 + f) / f, 2) + math.log(1.0 + f, 2)
            best = max(best, score)
            scored.append((score, word))
        if not best:
            return []
        f = best / self.count  # Bo1Model.normalizer
        best = (best * math.log((1.0 + f) / f) + math.log(1.0 + f)) / math.log(2.0)
        ranked = sorted(((score / best, word) for score, word in scored),
                        key=lambda x: (-x[0], x[1]))
        return [(word, score) for score, word in ranked[:count]]

    def groups(self, matched: Any, group: str, item: str) -> dict[str, Any]:
        """For the *matched* documents: each term of field *group* (say "kind") with the
        numbers of the terms of field *item* ("persons", in ``lexicon(item)``) that its
        matched documents carry."""
        out: dict[str, Any] = {}
        g, i = self._field(group), self._field(item)
        if g is None or i is None:
            return out
        (g_index, g_data), (_i_index, i_data) = g, i
        item_terms, item_of = self._owners(item)
        for term, n in g_index.items():
            lo, hi = g_data["offsets"][n], g_data["offsets"][n + 1]
            docs = g_data["docs"][lo:hi]
            inside = np.zeros(self.count, bool)
            inside[docs[matched[docs]]] = True
            carried = np.zeros(len(item_terms), bool)  # a mask, not np.unique: no hashing
            carried[item_of[inside[i_data["docs"]]]] = True
            if carried.any():
                out[term] = np.flatnonzero(carried)
        return out

    def _live(self, searcher: Any) -> Any:
        """The documents not deleted (Whoosh's ``Every`` matches them, scoring its boost)."""
        if self._live_docs is None:
            live = np.zeros(self.count, bool)
            live[np.fromiter(searcher.reader().all_doc_ids(), np.int64)] = True
            self._live_docs = live
        return self._live_docs

    def _owners(self, field: str) -> tuple[list[str], Any]:
        """A field's terms in order, and for each of its postings the term's number."""
        if field not in self._owner_cache:
            index, data = self._field(field) or ({}, {"offsets": np.zeros(1, np.int64)})
            self._owner_cache[field] = (list(index), np.repeat(
                np.arange(len(index)), np.diff(data["offsets"])))
        return self._owner_cache[field]

    def vector(self, q: Any, searcher: Any) -> Vector:
        """Which documents *q* matches and their scores, as Whoosh's matchers would."""
        if isinstance(q, wq.Term):
            return self._term(q, searcher)
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return np.zeros(self.count, bool), np.zeros(self.count)
        if type(q) in (wq.Or, wq.And) and not getattr(q, "minmatch", 0) \
                and not getattr(q, "scale", None):
            if len(q.subqueries) == 1:  # Whoosh matches the one part, without the boost
                return self.vector(q.subqueries[0], searcher)
            return self._combine(q, searcher)
        if type(q) is SpanNear2 and not q.ordered and q.mindist == 0 and q.qs \
                and all(type(t) is wq.Term for t in q.qs) \
                and len({t.fieldname for t in q.qs}) == 1 and self._spans(q.qs[0].fieldname):
            return self._near(q, searcher)
        if type(q) is wq.Every and q.fieldname in (None, "", "*"):  # a hidden-documents filter
            live = self._live(searcher)
            return live, np.where(live, float(q.boost), 0.0)
        if type(q) is wq.AndNot:
            matched, scores = self.vector(q.a, searcher)
            matched = matched & ~self.vector(q.b, searcher)[0]
            return matched, np.where(matched, scores, 0.0)
        return self._by_whoosh(q, searcher)

    def _combine(self, q: Any, searcher: Any) -> Vector:
        """An Or (any part) or And (every part) of two or more parts: the parts' scores
        summed, times the boost. A Term part adds its postings straight in (no dense
        vector of its own: a question has dozens of terms, an index 100,000 documents)."""
        union = isinstance(q, wq.Or)
        matched = np.zeros(self.count, bool) if union else np.ones(self.count, bool)
        scores = np.zeros(self.count)
        for sub in q.subqueries:
            sparse = self._postings(sub) if isinstance(sub, wq.Term) else None
            if sparse is not None:
                docs, value = sparse
                scores[docs] += value
                if union:
                    matched[docs] = True
                else:
                    inside = np.zeros(self.count, bool)
                    inside[docs] = True
                    matched &= inside
            else:
                m, part = self.vector(sub, searcher)
                scores += part
                if union:
                    matched |= m
                else:
                    matched &= m
        return matched, np.where(matched, scores * q.boost, 0.0)

    def _term(self, q: Any, searcher: Any) -> Vector:
        sparse = self._postings(q)
        if sparse is None:
            return self._by_whoosh(q, searcher)
        matched, scores = np.zeros(self.count, bool), np.zeros(self.count)
        docs, value = sparse
        matched[docs] = True
        scores[docs] = value
        return matched, scores

    def _postings(self, q: Any) -> tuple[Any, Any] | None:
        """A Term's documents and their scores (boost included); None when its field
        has no exported postings (Whoosh matches it then)."""
        field = self._field(q.fieldname)
        if field is None:
            return None
        index, data = field
        i = index.get(q.text) if isinstance(q.text, str) else None
        if i is None:
            return np.zeros(0, np.int32), np.zeros(0)
        lo, hi = data["offsets"][i], data["offsets"][i + 1]
        docs, tf = data["docs"][lo:hi], data["weights"][lo:hi].astype(np.float64)
        if self._meta[q.fieldname]["scored"]:
            fl = data["lengths"][docs].astype(np.float64)
            avgfl = self._meta[q.fieldname]["avgfl"]
            b, k1 = self._b, self._k1
            value = data["idf"][i] * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl)))
        else:
            value = tf
        return docs, value * q.boost if q.boost != 1.0 else value

    def _spans(self, field: str) -> tuple[Any, Any] | None:
        if field not in self._positions:
            self._positions[field] = positions.load(self._folder, field)
        return self._positions[field]

    def _near(self, q: Any, searcher: Any) -> Vector:
        """An unordered SpanNear2 of terms: the documents with all of them, kept where
        they lie near each other; scored as Whoosh does, the sum of the terms' scores."""
        parts = [self._term(t, searcher) for t in q.qs]
        matched = np.logical_and.reduce([m for m, _s in parts])
        candidates = np.flatnonzero(matched)
        found, spans = self._field(q.qs[0].fieldname), self._spans(q.qs[0].fieldname)
        if candidates.size and found is not None and spans is not None:  # (vector checked)
            index, data = found
            bounds = [(data["offsets"][index[t.text]], data["offsets"][index[t.text] + 1])
                      for t in q.qs]
            keep = positions.near_documents(candidates, [data["docs"][lo:hi] for lo, hi in bounds],
                                            [lo for lo, _hi in bounds], spans, q.slop)
            matched = np.zeros(self.count, bool)
            matched[candidates[keep]] = True
        scores = np.sum([s for _m, s in parts], axis=0)
        return matched, np.where(matched, scores, 0.0)

    def _by_whoosh(self, q: Any, searcher: Any) -> Vector:
        matched, scores = np.zeros(self.count, bool), np.zeros(self.count)
        m = q.matcher(searcher, searcher.context())
        while m.is_active():
            matched[m.id()] = True
            scores[m.id()] = m.score()
            m.next()
        return matched, scores
