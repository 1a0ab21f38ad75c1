"""Dutch compound splitting: wondverzorging -> wond + verzorging, from a word dictionary."""

from __future__ import annotations

import base64
import gzip
import math
from array import array
from collections.abc import Iterable, Iterator
from functools import lru_cache
from hashlib import blake2b
from pathlib import Path
from typing import Any

import numpy as np

from indexer.language import precomputed
from indexer.language.words import DATA_DIR, fold, stop_words
from indexer.language.words import wordset as _wordset

_MIN_PART = 4  # shorter dictionary parts mostly are affixes or noise ("ver", "ing")
_MIN_PART_CURATED = 3  # hand-checked short words ("bed", "oog") are allowed
_MIN_FREQ = 3  # an ESCO word needs this many occurrences to serve as a part
_CURATED_FREQ = 60  # the frequency a curated healthcare word counts with
_MAX_PARTS = 4
GENERAL_WORDS = "nl_words_opentaal.txt.gz"
GENERAL_CACHE = "nl_words_opentaal.hashes.json.gz"  # by scripts/build_language_cache.py
# Longer tokens are indexed whole and never split. Splitting costs one dictionary look-up
# per (start, part length) pair, so a hostile 6 KB run of letters took 20 s; the longest
# Dutch healthcare compounds have about 35 letters ("verpleegkundigespecialistenopleiding"),
# and a token past 48 is a run-together line, a hash or an attack, not a compound. Not
# splitting (rather than cutting the token) keeps it findable exactly as written and adds
# no made-up term to the index.
MAX_COMPOUND_LENGTH = 48
_LINKS = ("", "s", "en")  # Dutch linking morphemes: veiligheid-s-beleid, boek-en-kast
# Bound morphemes and prefixes that happen to be words but are no compound parts:
# verpleeg|kundige, mede|werker, onder|wijs; and the suffixes the general word list
# has as words of their own (ment, ster, ende): management is no manage|ment,
# werkneemster no werknem|ster, inkomende no inkom|ende.
_NOT_PARTS = _wordset(
    "kundige kundigen kunde kundig mede over onder voor door tegen achter verpleeg "
    "heid heden schap lijk ling isch ische baar "
    "ment ster ende bare eren aars kers loge loog loos sten ring maal vers"
)


def word_hash(word: str) -> int:
    """A 64-bit hash of *word* that is the same in every process (Python's ``hash`` of a
    str is salted per process), so the general list's hashes can ship precomputed."""
    return int.from_bytes(blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8)
                          .digest(), "little", signed=True)


def general_hashes(words: Iterable[str]) -> tuple[Any, int]:
    """The sorted, distinct ``word_hash`` of *words*, and the longest word's length."""
    hashes, longest = array("q"), 0  # one word at a time: no list of them all, ever
    for word in words:
        hashes.append(word_hash(word))
        longest = max(longest, len(word))
    return np.unique(np.frombuffer(hashes, np.int64)), longest


class _Dictionary:
    """Dutch word frequencies (ESCO-derived), the curated healthcare words, and the
    general word list (OpenTaal) for the everyday words ESCO's occupations lack
    (intake, menu, kostprijs): a part from it alone counts as the rarest ESCO part.

    The general list (346,000 words) is kept as the sorted hashes of its words: 2.8 MB
    instead of 38 MB of strings in every process that analyses text (each server
    worker, each indexing process). Two different words share a 64-bit hash with a
    chance of about 1 in 10^14 per look-up against the list: never, in practice. The
    hashes ship precomputed (``GENERAL_CACHE``): hashing the list took 0.7 s, the
    better part of a cold ``expertise-finder search``.
    """

    def __init__(self, freq: dict[str, int], curated: set[str],
                 general: tuple[Any, int] = (np.zeros(0, np.int64), 0)) -> None:
        self.freq = freq
        self.curated = curated
        self._general, longest = general
        # No part is longer than the longest word that can be one.
        self.longest = max([longest, *map(len, freq), *map(len, curated)])

    def general_among(self, words: list[str]) -> set[str]:
        """Those of *words* in the general word list, in one look-up."""
        if not words or not self._general.size:
            return set()
        wanted = np.fromiter(map(word_hash, words), np.int64, len(words))
        found = self._general[np.minimum(np.searchsorted(self._general, wanted),
                                         self._general.size - 1)] == wanted
        return {w for w, hit in zip(words, found.tolist(), strict=True) if hit}

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
        return cls(freq, curated, load_general(data_dir))

    def part_freq(self, word: str, general: set[str]) -> int:
        """How much ``word`` is trusted as a compound part; 0 when it is none. *general*:
        the words being looked at that the general list has (``general_among``)."""
        if word in _NOT_PARTS or word in stop_words("nl"):
            return 0
        if word in self.curated and len(word) >= _MIN_PART_CURATED:
            return max(_CURATED_FREQ, self.freq.get(word, 0))
        count = self.freq.get(word, 0)
        if len(word) < _MIN_PART:
            return 0
        if count >= _MIN_FREQ:
            return count
        return _MIN_FREQ if word in general else 0


def load_general(data_dir: Path = DATA_DIR) -> tuple[Any, int]:
    """``general_hashes`` of the general word list: from ``GENERAL_CACHE`` when it was
    computed from this list with this code, else hashed now."""
    stored = precomputed.read(data_dir / GENERAL_CACHE, general_sources(data_dir))
    if isinstance(stored, dict):
        return np.frombuffer(base64.b64decode(stored["hashes"]), "<i8"), stored["longest"]
    return general_hashes(read_general(data_dir))


def stored_general(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """What ``GENERAL_CACHE`` holds: the hashes as base64 of little-endian int64s."""
    hashes, longest = general_hashes(read_general(data_dir))
    return {"hashes": base64.b64encode(hashes.astype("<i8").tobytes()).decode("ascii"),
            "longest": longest}


def read_general(data_dir: Path = DATA_DIR) -> Iterator[str]:
    """The words of the general word list, one at a time."""
    with gzip.open(data_dir / GENERAL_WORDS, "rt", encoding="utf-8") as f:
        yield from (w for line in f if (w := line.rstrip("\n")) and not w.startswith("#"))


def general_sources(data_dir: Path = DATA_DIR) -> list[Path]:
    """What ``GENERAL_CACHE`` is computed from: the list and this module."""
    return [data_dir / GENERAL_WORDS, *precomputed.code("compounds")]


@lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    return _Dictionary.load()


@lru_cache(maxsize=100_000)
def split_compound(word: str) -> list[str]:
    """Parts of a Dutch compound (wondverzorging -> [wond, verzorging]); else ``[word]``.

    Dictionary-based: the word is covered by the fewest dictionary words, with an
    optional linking -s- or -en- between them; ties go to the split whose parts are
    most frequent, then to the one whose shortest part is longest (kostprijs|berekening,
    not kost|prijsberekening). The split is kept only when its parts are, on the geometric mean,
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
    general = d.general_among([w[i:j] for i in range(n)
                               for j in range(i + _MIN_PART, min(n, i + d.longest) + 1)])
    # best[i] = (parts, link chars, -log-freq sum, -shortest part, parts) covering w[i:]:
    # fewest parts first, then plain words over linked ones (ouderen|zorg, not
    # ouder|en|zorg), then frequency, then the longest shortest part
    best: list[tuple[int, int, float, int, list[str]] | None] = [None] * (n + 1)
    best[n] = (0, 0, 0.0, -(n + 1), [])
    for i in range(n - 1, -1, -1):
        for j in range(i + _MIN_PART_CURATED, min(n, i + d.longest) + 1):
            freq = d.part_freq(w[i:j], general)
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
                    max(i - j, rest[3]),
                    [w[i:j], *rest[4]],
                )
                if cand[0] <= _MAX_PARTS and (best[i] is None or cand[:4] < best[i][:4]):  # type: ignore[index]
                    best[i] = cand
    found = best[0]
    if found is None or found[0] < 2:
        return [word]
    geo_mean = math.exp(-found[2] / found[0])
    if geo_mean * 4 < d.freq.get(w, 0):
        return [word]
    return found[4]


def compound_terms(word: str) -> list[str]:
    """All parts of ``word`` down to its smallest pieces (parts of parts), without ``word``."""
    out: list[str] = []
    for part in split_compound(word):
        if part == word:
            continue
        out.append(part)
        out.extend(p for p in compound_terms(part) if p not in out)
    return out
