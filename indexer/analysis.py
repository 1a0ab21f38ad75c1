"""Dutch/English text analysis: language detection, Whoosh analyzers, Dutch compound splitting.

Pipeline of ``analyzer(lang)`` (the same at index and at query time):

- tokenize: words, plus a trailing ``+``/``#`` run ("C++", "C#"); hyphens split
  ("wond- en decubituszorg" -> wond, en, decubituszorg; "BIG-registratie" -> big, registratie)
- lowercase, then fold accents (patiënt -> patient, coördinatie -> coordinatie)
- drop stop words (whoosh.lang lists), but keep upper-case acronyms that collide
  with one ("IT", "OR" = operating room)
- nl only: emit each compound whole and then its parts at the same position
  (wondverzorging -> wondverzorging, wond, verzorging)
- Snowball stemming with a cache

Compound splitting skips tokens over ``MAX_COMPOUND_LENGTH`` characters, so a hostile
run of letters costs microseconds. The vocabulary field (suggestions, profile terms)
drops tokens that look like identifiers (``IdentifierStopFilter``).
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from whoosh.analysis import (
    CharsetFilter,
    CompositeAnalyzer,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang import stopwords_for_language
from whoosh.support.charset import accent_map

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGES = ("nl", "en")

# A word, optionally followed by "+"/"#" when no word character follows ("C++", "C#").
TOKEN_PATTERN = r"\w+(?:[+#]+(?!\w))?"
_WORD_RE = re.compile(TOKEN_PATTERN)

# Acronyms that equal a stop word once lower-cased; kept only when written in capitals.
PROTECTED_ACRONYMS = frozenset({"it", "or", "us", "ben", "ge"})


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


def fold(text: str) -> str:
    """Lower-case and strip diacritics (patiënt -> patient), the form every term is kept in."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Folded word tokens of ``text``, split like the analyzer's tokenizer."""
    return _WORD_RE.findall(fold(text))


@lru_cache(maxsize=4)
def stop_words(lang: str) -> frozenset[str]:
    """The Snowball stop-word list of ``lang`` ("nl" or "en"), accent-folded."""
    return frozenset(fold(w) for w in stopwords_for_language(lang))


# ---------------------------------------------------------------- language detection

# Function words that are frequent in one language and rare in the others; "die",
# "in", "is" etc. are shared and left out. German and French only serve to say "other".
_MARKERS: dict[str, frozenset[str]] = {
    "nl": _wordset(
        "de het een en van ik je niet op met voor zijn dat ook bij naar maar nog wordt "
        "worden werd heb heeft hebben deze dit wij ze zij mijn uit aan als kan om te "
        "waar wat wel geen onze jaar binnen tussen door"
    ),
    "en": _wordset(
        "the and of to a with for on that this are was be by from have has i my we "
        "you your our at as an which will were been their work years"
    ),
    "de": _wordset("der und ist nicht mit den das sich auf dem ein eine ich wir auch"),
    "fr": _wordset("le la les et des du un une est pour dans avec sur pas qui je"),
}
_DETECT_CHARS = 20_000  # about three thousand words: enough, and keeps a long PDF cheap
_MIN_MARKER_SHARE = 0.08  # below this share of marker words it is not running nl/en prose
_DOMINANCE = 2.0  # the winner needs twice the runner-up's hits, else "other" (mixed)


def language_scores(text: str) -> dict[str, float]:
    """Share of the first few thousand words that are marker words of each language."""
    tokens = _WORD_RE.findall(text[:_DETECT_CHARS].lower())
    if not tokens:
        return {lang: 0.0 for lang in _MARKERS}
    counts = dict.fromkeys(_MARKERS, 0)
    for token in tokens:
        for lang, markers in _MARKERS.items():
            if token in markers:
                counts[lang] += 1
    return {lang: n / len(tokens) for lang, n in counts.items()}


def detect_language(text: str) -> str:
    """Return "nl", "en" or "other" (no clear Dutch/English majority: mixed, foreign, no prose)."""
    scores = language_scores(text)
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)
    best, second = ranked[0], ranked[1]
    if best not in LANGUAGES or scores[best] < _MIN_MARKER_SHARE:
        return "other"
    if scores[best] < _DOMINANCE * scores[second]:
        return "other"
    return best


# ---------------------------------------------------------------- compound splitting

_MIN_PART = 4  # shorter dictionary parts mostly are affixes or noise ("ver", "ing")
_MIN_PART_CURATED = 3  # hand-checked short words ("bed", "oog") are allowed
_MIN_FREQ = 3  # an ESCO word needs this many occurrences to serve as a part
_CURATED_FREQ = 60  # the frequency a curated healthcare word counts with
_MAX_PARTS = 4
# Longer tokens are indexed whole and never split. Splitting costs one dictionary look-up
# per (start, part length) pair, so a hostile 6 KB run of letters took 20 s; the longest
# Dutch healthcare compounds have about 35 letters ("verpleegkundigespecialistenopleiding"),
# and a token past 48 is a run-together line, a hash or an attack, not a compound. Not
# splitting (rather than cutting the token) keeps it findable exactly as written and adds
# no made-up term to the index.
MAX_COMPOUND_LENGTH = 48
# Longer tokens are not indexed at all: no word is that long, and a digit run or a glued
# line of megabytes would otherwise pass whole through every filter and into the index.
MAX_TOKEN_CHARS = 64
_LINKS = ("", "s", "en")  # Dutch linking morphemes: veiligheid-s-beleid, boek-en-kast
# Bound morphemes and prefixes that happen to be words but are no compound parts:
# verpleeg|kundige, mede|werker, onder|wijs.
_NOT_PARTS = _wordset(
    "kundige kundigen kunde kundig mede over onder voor door tegen achter verpleeg "
    "heid heden schap lijk ling isch ische baar"
)


class _Dictionary:
    """Dutch word frequencies (ESCO-derived) plus the curated healthcare words."""

    def __init__(self, freq: dict[str, int], curated: set[str]) -> None:
        self.freq = freq
        self.curated = curated
        # No part is longer than the longest word that can be one.
        self.longest = max(map(len, [*freq, *curated]), default=0)

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> _Dictionary:
        freq: dict[str, int] = {}
        for line in (data_dir / "nl_words.tsv").read_text(encoding="utf-8").splitlines():
            word, _, count = line.partition("\t")
            if count.isdigit():
                freq[word] = int(count)
        curated = {
            fold(line.strip())
            for line in (data_dir / "nl_healthcare_words.txt").read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        }
        return cls(freq, curated)

    def part_freq(self, word: str) -> int:
        """How much ``word`` is trusted as a compound part; 0 when it is none."""
        if word in _NOT_PARTS or word in stop_words("nl"):
            return 0
        if word in self.curated and len(word) >= _MIN_PART_CURATED:
            return max(_CURATED_FREQ, self.freq.get(word, 0))
        count = self.freq.get(word, 0)
        return count if len(word) >= _MIN_PART and count >= _MIN_FREQ else 0


@lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    return _Dictionary.load()


@lru_cache(maxsize=100_000)
def split_compound(word: str) -> list[str]:
    """Parts of a Dutch compound (wondverzorging -> [wond, verzorging]); else ``[word]``.

    Dictionary-based: the word is covered by the fewest dictionary words, with an
    optional linking -s- or -en- between them; ties go to the split whose parts are
    most frequent. The split is kept only when its parts are, on the geometric mean,
    at least a quarter as frequent as the whole word (Koehn & Knight 2003), so a
    frequent word made of rare pieces (verpleegkundige) stays whole.
    """
    if len(word) > MAX_COMPOUND_LENGTH:
        return [word]
    w = fold(word)
    d = _dictionary()
    if len(w) < 2 * _MIN_PART_CURATED or not w.isalpha():
        return [word]
    n = len(w)
    # best[i] = (parts, link chars, -log-freq sum, parts) covering w[i:]: fewest parts first,
    # then plain words over linked ones (ouderen|zorg, not ouder|en|zorg), then frequency
    best: list[tuple[int, int, float, list[str]] | None] = [None] * (n + 1)
    best[n] = (0, 0, 0.0, [])
    for i in range(n - 1, -1, -1):
        for j in range(i + _MIN_PART_CURATED, min(n, i + d.longest) + 1):
            freq = d.part_freq(w[i:j])
            if not freq or (i == 0 and j == n):
                continue
            for link in _LINKS if j < n else ("",):
                k = j + len(link)
                if w[j:k] != link or k > n or best[k] is None or (k == n and link):
                    continue
                rest = best[k]
                assert rest is not None
                cand = (
                    rest[0] + 1,
                    rest[1] + len(link),
                    rest[2] - math.log(freq),
                    [w[i:j], *rest[3]],
                )
                if cand[0] <= _MAX_PARTS and (best[i] is None or cand[:3] < best[i][:3]):  # type: ignore[index]
                    best[i] = cand
    found = best[0]
    if found is None or found[0] < 2:
        return [word]
    geo_mean = math.exp(-found[2] / found[0])
    if geo_mean * 4 < d.freq.get(w, 0):
        return [word]
    return found[3]


def compound_terms(word: str) -> list[str]:
    """All parts of ``word`` down to its smallest pieces (parts of parts), without ``word``."""
    out: list[str] = []
    for part in split_compound(word):
        if part == word:
            continue
        out.append(part)
        out.extend(p for p in compound_terms(part) if p not in out)
    return out


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


# A digit (also a superscript one), "@", "_" or "." in a token: an identifier, not a word.
_IDENTIFIER_CHARS = re.compile(r"[\d_@.\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089]")


def is_identifier(token: str) -> bool:
    """Whether *token* looks like a number, code, e-mail address or login, not a word.

    "wondzorg-2024-10303", "85040512385", "femke.scholten", "nicole.dewit@…", "covid-19".
    """
    return _IDENTIFIER_CHARS.search(token) is not None


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
