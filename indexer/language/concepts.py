"""Dutch questions in English words, through the ESCO occupations both languages describe.

The thesaurus translates the words it knows. A Dutch word it does not know
("klassenmanagement", "vormgever", "bankmedewerker") is usually still written in
the Dutch labels or description of a few ESCO occupations, and the English text of
the same occupations says what an English CV would contain. The bridge ranks the
occupations by BM25 against the Dutch words (labels count more than descriptions)
and returns the English words that weigh most, by tf-idf, in the best of them:
query translation through a parallel corpus, like pseudo-relevance feedback run on
the Dutch side and read on the English side.

Only words that ESCO's English text does not use are bridged: an English word
already finds English CVs, and run through the Dutch side it would match by
accident ("relations" -> "relatiebeheerder"). The occupation texts are analysed
when the bridge loads (about a second, once per process), so they always agree
with the analyzers the index uses.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from indexer.language.thesaurus import OCCUPATIONS
from indexer.language.words import DATA_DIR, words
from indexer.store.analyzers import analyze

# A word in a label counts as often as this in the description: a label names the job.
LABEL_TF = 3
ALT_LABEL_TF = 2
K1, B = 1.2, 0.75  # BM25 over the Dutch texts
COMMON = 0.2  # English terms in more of the occupations than this share tell nothing
OCCUPATIONS_USED = 10  # best occupations read on the English side ...
MIN_RELATIVE = 0.5  # ... when they score at least this share of the best one
WORDS = 20  # English words returned


@dataclass(frozen=True)
class Translation:
    """An English word for a Dutch question, as ESCO writes it (so snippets can mark it)."""

    word: str
    weight: float  # in (0, 1]; 1 for the strongest


@dataclass(frozen=True)
class Occupation:
    """What the bridge reads of one ESCO occupation."""

    nl_label: str
    nl_alt_labels: Sequence[str]
    nl_description: str
    en_labels: str
    en_description: str


class ConceptBridge:
    """Dutch words -> the ESCO occupations that use them -> those occupations' English words."""

    def __init__(self, occupations: Iterable[Occupation]) -> None:
        nl_terms = _Analysed("nl")
        en_terms = _Analysed("en")
        nl_docs: list[Counter[str]] = []
        en_docs: list[Counter[str]] = []
        for o in occupations:
            nl: Counter[str] = Counter()
            nl.update({t: LABEL_TF for t in nl_terms.of(o.nl_label)})
            for alt in o.nl_alt_labels:
                nl.update({t: ALT_LABEL_TF for t in set(nl_terms.of(alt))})
            nl.update(nl_terms.of(o.nl_description))
            en: Counter[str] = Counter()
            en.update({t: LABEL_TF for t in en_terms.of(o.en_labels)})
            en.update(en_terms.of(o.en_description))
            nl_docs.append(nl)
            en_docs.append(en)
        self._english = en_terms.words()  # every word of the English texts
        self._size = len(nl_docs)
        # Dutch side: postings for BM25.
        self._postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, doc in enumerate(nl_docs):
            for term, tf in doc.items():
                self._postings[term].append((i, tf))
        self._lengths = [sum(d.values()) for d in nl_docs]
        self._avg_length = sum(self._lengths) / max(self._size, 1)
        # English side: tf-idf per occupation, scaled so its strongest term weighs 1.
        df = Counter(t for doc in en_docs for t in doc)
        common = max(1.0, COMMON * self._size)
        self._english_vectors: list[dict[str, float]] = []
        for doc in en_docs:
            vector = {t: (1 + math.log(tf)) * math.log(self._size / df[t])
                      for t, tf in doc.items() if df[t] <= common}
            top = max(vector.values(), default=0.0) or 1.0
            self._english_vectors.append({t: w / top for t, w in vector.items()})
        self._surface = en_terms.surface_forms()

    def __len__(self) -> int:
        return self._size

    def foreign(self, query_words: Iterable[str]) -> list[str]:
        """The words ESCO's English text never uses: the ones worth bridging."""
        return [w for text in query_words for w in words(text) if w not in self._english]

    def mixed(self, phrase_words: Iterable[str]) -> bool:
        """Whether a phrase has both words ESCO's English uses and words it never uses:
        half Dutch, half English ("informatie security"), which no document writes."""
        english = [w in self._english for text in phrase_words for w in words(text)]
        return any(english) and not all(english)

    def translate(self, query_words: Iterable[str]) -> list[Translation]:
        """English words for the question's non-English words, strongest first."""
        terms = {t for w in self.foreign(query_words) for t in analyze(w, "nl")}
        ranked = sorted(self._bm25(terms).items(), key=lambda x: (-x[1], x[0]))
        if not ranked:
            return []
        best = ranked[0][1]
        combined: dict[str, float] = defaultdict(float)
        for i, score in ranked[:OCCUPATIONS_USED]:
            if score < MIN_RELATIVE * best:
                break
            for term, weight in self._english_vectors[i].items():
                combined[term] += score / best * weight
        chosen = sorted(combined.items(), key=lambda x: (-x[1], x[0]))[:WORDS]
        if not chosen:
            return []
        top = chosen[0][1]
        return [Translation(self._surface[t], round(w / top, 3)) for t, w in chosen]

    def _bm25(self, terms: set[str]) -> dict[int, float]:
        scores: dict[int, float] = defaultdict(float)
        for term in terms:
            postings = self._postings.get(term, ())
            if not postings:
                continue
            idf = math.log(1 + (self._size - len(postings) + 0.5) / (len(postings) + 0.5))
            for i, tf in postings:
                norm = K1 * (1 - B + B * self._lengths[i] / self._avg_length)
                scores[i] += idf * tf * (K1 + 1) / (tf + norm)
        return scores


class _Analysed:
    """One language's analyzer applied once per distinct word of the occupation texts."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._terms: dict[str, list[str]] = {}
        self._seen: Counter[tuple[str, str]] = Counter()  # (term, word) occurrences

    def of(self, text: str) -> list[str]:
        out = []
        for word in words(text):
            terms = self._terms.get(word)
            if terms is None:
                terms = self._terms[word] = analyze(word, self.lang)
            for term in terms:
                self._seen[(term, word)] += 1
            out.extend(terms)
        return out

    def words(self) -> frozenset[str]:
        """Every distinct word analysed so far."""
        return frozenset(self._terms)

    def surface_forms(self) -> dict[str, str]:
        """Each term's most frequent word ("manag" -> "management")."""
        best: dict[str, tuple[int, str]] = {}
        for (term, word), n in self._seen.items():
            if term not in best or (n, word) > best[term]:
                best[term] = (n, word)
        return {term: word for term, (_n, word) in best.items()}


def read_occupations(path: Path) -> list[Occupation]:
    """The occupations of ``occupations_nl_en.tsv`` (columns: scripts/build_lexicon.py)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) != 6:
            continue
        _en_pref, nl_pref, alts, en_labels, en_desc, nl_desc = fields
        out.append(Occupation(nl_pref, [a for a in alts.split("|") if a], nl_desc,
                              en_labels, en_desc))
    return out


@cache
def load(data_dir: Path = DATA_DIR) -> ConceptBridge:
    """The bridge over the shipped ESCO occupations, built once per process."""
    return ConceptBridge(read_occupations(data_dir / OCCUPATIONS))
