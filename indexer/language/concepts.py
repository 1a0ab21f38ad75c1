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
once, by ``scripts/build_language_cache.py``, into ``BRIDGE_CACHE`` (seconds of work a
process then skips); the file is used only when it was analysed from the same data
with the same code, so it always agrees with the analyzers the index uses.
"""

from __future__ import annotations

import logging
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from indexer.language import precomputed
from indexer.language.thesaurus import OCCUPATIONS
from indexer.language.words import DATA_DIR, words
from indexer.store.analyzers import analyze, analyzer
from indexer.store.analyzers import sources as analyzer_sources

log = logging.getLogger(__name__)

BRIDGE_CACHE = "concept_bridge.json.gz"  # ``analyse``'s tables, by scripts/build_language_cache.py

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


@dataclass(frozen=True)
class Tables:
    """What the bridge reads, as plain values: what ``analyse`` computes and ``BRIDGE_CACHE``
    holds. Occupations are numbered in file order."""

    english: list[str]  # every word of the English texts, sorted
    surface: dict[str, str]  # English term -> the word it is shown as ("manag" -> "management")
    lengths: list[int]  # Dutch terms per occupation, for BM25
    # Lists as text, read only for the terms and occupations a question meets:
    postings: dict[str, str]  # Dutch term -> "occupation tf occupation tf ..."
    df: dict[str, int]  # English term -> occupations using it (only terms not too common)
    english_tf: list[str]  # per occupation: "term tf term tf ..." (its terms not common)


class ConceptBridge:
    """Dutch words -> the ESCO occupations that use them -> those occupations' English words."""

    def __init__(self, source: Iterable[Occupation] | Tables) -> None:
        """The bridge over *source*: occupations to analyse, or tables analysed before."""
        self._tables = source if isinstance(source, Tables) else analyse(source)
        self._english = frozenset(self._tables.english)
        self._postings = self._tables.postings
        self._lengths = self._tables.lengths
        self._size = len(self._lengths)
        self._avg_length = sum(self._lengths) / max(self._size, 1)
        self._surface = self._tables.surface
        self._vectors: dict[int, dict[str, float]] = {}  # worked out when first read

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
        terms = {t for w in self.foreign(query_words) for t in self._specific(w)}
        ranked = sorted(self._bm25(terms).items(), key=lambda x: (-x[1], x[0]))
        if not ranked:
            return []
        best = ranked[0][1]
        combined: dict[str, float] = defaultdict(float)
        for i, score in ranked[:OCCUPATIONS_USED]:
            if score < MIN_RELATIVE * best:
                break
            for term, weight in self._vector(i).items():
                combined[term] += score / best * weight
        chosen = sorted(combined.items(), key=lambda x: (-x[1], x[0]))[:WORDS]
        if not chosen:
            return []
        top = chosen[0][1]
        return [Translation(self._surface[t], round(w / top, 3)) for t, w in chosen]

    def _specific(self, word: str) -> list[str]:
        """A word's terms for the bridge: a compound whole when the occupations know it
        (klassenmanagement is a teacher's word; its part "management" is everyone's),
        else its parts."""
        at: dict[int, list[str]] = defaultdict(list)  # a compound's parts share its position
        for token in analyzer("nl")(word, positions=True):
            at[token.pos].append(token.text)
        return [t for found in at.values()
                for t in (found[:1] if found[0] in self._postings else found)]

    def _bm25(self, terms: set[str]) -> dict[int, float]:
        scores: dict[int, float] = defaultdict(float)
        for term in terms:
            postings = [int(x) for x in self._postings.get(term, "").split()]
            if not postings:
                continue
            n = len(postings) // 2
            idf = math.log(1 + (self._size - n + 0.5) / (n + 0.5))
            for i, tf in zip(postings[::2], postings[1::2], strict=True):
                norm = K1 * (1 - B + B * self._lengths[i] / self._avg_length)
                scores[i] += idf * tf * (K1 + 1) / (tf + norm)
        return scores

    def _vector(self, i: int) -> dict[str, float]:
        """Occupation *i*'s English terms by tf-idf, scaled so its strongest weighs 1."""
        found = self._vectors.get(i)
        if found is None:
            pairs = self._tables.english_tf[i].split()
            vector = {term: (1 + math.log(int(tf))) * math.log(self._size / self._tables.df[term])
                      for term, tf in zip(pairs[::2], pairs[1::2], strict=True)}
            top = max(vector.values(), default=0.0) or 1.0
            found = self._vectors[i] = {term: w / top for term, w in vector.items()}
        return found


def analyse(occupations: Iterable[Occupation]) -> Tables:
    """The slow part: every occupation text through the index's analyzers (seconds)."""
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
    # Dutch side: postings for BM25.
    postings: dict[str, list[str]] = defaultdict(list)
    for i, doc in enumerate(nl_docs):
        for term, tf in doc.items():
            postings[term] += (str(i), str(tf))
    # English side: the terms that tell occupations apart, for tf-idf.
    df = Counter(t for doc in en_docs for t in doc)
    common = max(1.0, COMMON * len(en_docs))
    kept = [sorted((t, tf) for t, tf in doc.items() if df[t] <= common) for doc in en_docs]
    # Sorted throughout: the alternative labels' sets would otherwise order the file
    # differently in each process (the order changes no score).
    return Tables(
        english=sorted(en_terms.words()), surface=dict(sorted(en_terms.surface_forms().items())),
        lengths=[sum(d.values()) for d in nl_docs],
        postings={t: " ".join(postings[t]) for t in sorted(postings)},
        df={t: n for t, n in sorted(df.items()) if n <= common},
        english_tf=[" ".join(f"{t} {tf}" for t, tf in doc) for doc in kept])


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
    """The bridge over the shipped ESCO occupations, built once per process: from
    ``BRIDGE_CACHE`` when it was analysed from these files with this code, else analysed."""
    stored = precomputed.read(data_dir / BRIDGE_CACHE, sources(data_dir))
    if isinstance(stored, dict):
        try:
            return ConceptBridge(Tables(**stored))
        except TypeError:
            log.warning("%s does not hold the bridge's tables: analysing", BRIDGE_CACHE)
    return ConceptBridge(read_occupations(data_dir / OCCUPATIONS))


def sources(data_dir: Path = DATA_DIR) -> list[Path]:
    """The files ``analyse`` depends on: the occupations, the analyzers' data and code."""
    return [data_dir / OCCUPATIONS, *analyzer_sources(), *precomputed.code("concepts")]
