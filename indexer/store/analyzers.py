"""The Whoosh analyzers: the same chain at index and at query time.

Pipeline of ``analyzer(lang)``:

- tokenize: words, plus a trailing ``+``/``#`` run ("C++", "C#"); hyphens split
  ("wond- en decubituszorg" -> wond, en, decubituszorg; "BIG-registratie" -> big, registratie)
- lowercase, then fold accents (patiënt -> patient, coördinatie -> coordinatie)
- drop stop words (the Snowball lists), but keep upper-case acronyms that collide
  with one ("IT", "OR" = operating room), and tokens over ``MAX_TOKEN_CHARS``
- nl only: emit each compound whole and then its parts at the same position
  (wondverzorging -> wondverzorging, wond, verzorging; ``indexer.language.compounds``)
- Snowball stemming with a cache

The vocabulary field (suggestions, profile terms) uses ``plain_analyzer``: no
stemming, and tokens that look like identifiers dropped (``IdentifierStopFilter``).

At index time the chain runs once per distinct word, not once per token
(``AnalyzedText``): every filter after the tokenizer looks at one token alone, so a
word's terms are always the same, and only the positions need the stream.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    CompositeAnalyzer,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import TEXT
from whoosh.formats import Frequency, Positions
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint
from whoosh.util.text import utf8encode

from indexer.language import precomputed
from indexer.language.compounds import compound_terms
from indexer.language.words import (
    DATA_DIR,
    LANGUAGES,
    PROTECTED_ACRONYMS,
    TOKEN_PATTERN,
    is_identifier,
    raw_stop_words,
    stop_words,
)

# What the analyzers read besides their code (indexer.language.words and .compounds).
ANALYZER_DATA = ("nl_words.tsv", "nl_words_opentaal.txt.gz", "nl_healthcare_words.txt",
                 "stopwords_nl.txt", "stopwords_en.txt")


def sources() -> list[Path]:
    """The files the analyzers' terms depend on: their data and their code."""
    return [*(DATA_DIR / name for name in ANALYZER_DATA),
            *precomputed.code("words", "compounds", store_modules=["analyzers"])]


def fingerprint() -> str:
    """A key that changes with the terms the analyzers make (their code or data, Whoosh's
    stemmers): an index analysed with another one is rebuilt (``indexer.batch``)."""
    return precomputed.fingerprint(sources())


# Longer tokens are not indexed at all: no word is that long, and a digit run or a glued
# line of megabytes would otherwise pass whole through every filter and into the index.
MAX_TOKEN_CHARS = 64


class CompoundSplitFilter(Filter):  # type: ignore[misc]
    """Emits each Dutch compound whole, then its parts at the same position."""

    def __call__(self, tokens: Iterable[object]) -> Iterator[object]:
        for t in tokens:
            whole = t.text  # type: ignore[attr-defined]
            yield t
            if getattr(t, "stopped", False):
                continue
            for part in compound_terms(whole):
                t.text = part  # type: ignore[attr-defined]
                yield t
            t.text = whole  # type: ignore[attr-defined]


class IdentifierStopFilter(Filter):  # type: ignore[misc]
    """Drops tokens that look like an identifier (see ``is_identifier``).

    For the vocabulary field only, that feeds autocomplete, "did you mean" and a
    profile's expertise terms: those may offer words, never a number, a login or an
    e-mail address that a colleague's documents happen to contain. The body fields keep
    such tokens, so a search for a certificate or registration number still finds it.
    """

    def __call__(self, tokens: Iterable[object]) -> Iterator[object]:
        for t in tokens:
            if not is_identifier(t.text):  # type: ignore[attr-defined]
                yield t


class AcronymMarkFilter(Filter):  # type: ignore[misc]
    """Marks upper-case acronyms that must survive the stop filter ("IT", "OR")."""

    def __call__(self, tokens: Iterable[object]) -> Iterator[object]:
        for t in tokens:
            text = t.text  # type: ignore[attr-defined]
            t.acronym = text.isupper() and text.lower() in PROTECTED_ACRONYMS  # type: ignore[attr-defined]
            yield t


class GuardedStopFilter(StopFilter):  # type: ignore[misc]
    """Whoosh's StopFilter, except for tokens marked as acronyms."""

    def __call__(self, tokens: Iterable[object]) -> Iterator[object]:
        kept: list[str] = []

        def mask(stream: Iterable[object]) -> Iterator[object]:
            for t in stream:
                if getattr(t, "acronym", False):
                    kept.append(t.text)  # type: ignore[attr-defined]
                    t.text = "\x00acronym"  # type: ignore[attr-defined]
                yield t

        for t in super().__call__(mask(tokens)):
            if t.text == "\x00acronym":
                t.text = kept.pop(0)
            yield t


@lru_cache(maxsize=4)
def analyzer(lang: str) -> CompositeAnalyzer:
    """The Whoosh analyzer of the ``body_<lang>`` field ("nl" or "en")."""
    if lang not in LANGUAGES:
        raise ValueError(f"no analyzer for language {lang!r}; expected one of {LANGUAGES}")
    chain = (
        RegexTokenizer(TOKEN_PATTERN)
        | AcronymMarkFilter()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | GuardedStopFilter(stoplist=stop_words(lang), minsize=2, maxsize=MAX_TOKEN_CHARS)
    )
    if lang == "nl":
        chain = chain | CompoundSplitFilter()
    # The stemmer runs after splitting so parts are stemmed like standalone words.
    return chain | StemFilter(lang=lang, cachesize=50_000)


def analyze(text: str, lang: str) -> list[str]:
    """The terms ``analyzer(lang)`` makes of ``text``, in order (parts after their compound)."""
    return [t.text for t in analyzer(lang)(text)]


@lru_cache(maxsize=200_000)
def analyze_word(word: str, lang: str) -> tuple[str, ...]:
    """``analyze`` of one word, cached: questions and passages repeat their words."""
    return tuple(analyze(word, lang))


def plain_analyzer() -> Analyzer:
    """Surface words without stemming: for spelling, suggestions and key terms.

    Tokens with a digit, "@", "_" or "." (numbers, codes, logins, e-mail addresses) are
    dropped, so neither autocomplete nor a profile's expertise terms can offer them.
    """
    stops = raw_stop_words("nl") | raw_stop_words("en")
    return (RegexTokenizer(r"\w+(?:[-.]\w+)*") | IdentifierStopFilter() | LowercaseFilter()
            | CharsetFilter(accent_map)
            | StopFilter(stoplist=stops, minsize=3, maxsize=MAX_TOKEN_CHARS))


@lru_cache(maxsize=4)
def _chain(kind: str) -> Analyzer:
    """The analyzer an ``AnalyzedText`` field names by its *kind*: "nl", "en" or "plain"."""
    return plain_analyzer() if kind == "plain" else analyzer(kind)


def token_terms(kind: str, word: str) -> tuple[str, ...]:
    """The terms the *kind* analyzer's filters make of one token as the tokenizer found
    it; () when they drop it (a stop word, an identifier, too long). Cached."""
    return _terms_of(kind)(word)


@lru_cache(maxsize=4)
def _terms_of(kind: str) -> Callable[[str], tuple[str, ...]]:
    """``token_terms`` of one kind: a cache keyed by the word alone, which Python's
    ``lru_cache`` looks up without building a key (most of the words of a batch)."""
    chain = _chain(kind)

    @lru_cache(maxsize=1 << 19)
    def terms(word: str) -> tuple[str, ...]:
        return tuple(t.text for t in chain(word, tokenize=False, mode="index"))

    return terms


@lru_cache(maxsize=1 << 16)
def _one_position(position: int) -> bytes:
    """Whoosh's encoding of a single position (most of a text's terms occur once)."""
    return bytes(Positions().encode([position]))


class AnalyzedText(TEXT):  # type: ignore[misc]
    """A TEXT field whose index-time analysis runs the filters once per distinct word.

    Makes exactly the postings Whoosh's ``Positions.word_values`` (``Frequency``'s for a
    field without phrases) makes with the same analyzer (tested on real text): the
    tokenizer's matches, each word's cached terms
    (``token_terms``), and the positions the stop filter gives, which renumbers what it
    keeps: the first kept token keeps its own number, each next one the previous + 1;
    a compound's parts share their whole's position. Several times faster than the
    chain per token, which was most of a batch's time.
    """

    def __init__(self, kind: str, **kwargs: Any) -> None:
        super().__init__(analyzer=_chain(kind), **kwargs)
        self.kind = kind

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        fmt = self.format
        if not isinstance(value, str) or type(fmt) not in (Positions, Frequency):
            yield from super().index(value, **kwargs)
            return
        tokenizer = _chain(self.kind).items[0].expression
        assert not tokenizer.groups  # so findall gives each whole match
        words = tokenizer.findall(value)
        if type(fmt) is Positions:
            for term, poslist in self._positions(words).items():
                value = _one_position(poslist[0]) if len(poslist) == 1 else fmt.encode(poslist)
                yield utf8encode(term)[0], len(poslist), len(poslist) * fmt.field_boost, value
        else:
            for term, freq in self._frequencies(words).items():
                yield utf8encode(term)[0], freq, freq * fmt.field_boost, pack_uint(freq)

    def _positions(self, words: list[str]) -> dict[str, list[int]]:
        """Each term's positions, in the order the words first give it."""
        terms_of = _terms_of(self.kind)
        positions: dict[str, list[int]] = {}
        pos = -1
        for number, word in enumerate(words):
            terms = terms_of(word)
            if not terms:
                continue
            pos = number if pos < 0 else pos + 1
            for term in terms:
                found = positions.get(term)
                if found is None:
                    positions[term] = [pos]
                else:
                    found.append(pos)
        return positions

    def _frequencies(self, words: list[str]) -> dict[str, int]:
        """Each term's frequency (no positions kept: a field without phrases), counted
        per distinct word."""
        counts: dict[str, int] = {}
        for terms, count in Counter(map(_terms_of(self.kind), words)).items():
            for term in terms:
                counts[term] = counts.get(term, 0) + count
        return counts
