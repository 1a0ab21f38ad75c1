"""Dutch<->English and synonym expansion of query words (ESCO data plus organisation files).

- ``occupations_nl_en.tsv``: ESCO occupation labels, Dutch preferred/alternative
  label -> English preferred label and back (source "esco-occupation"); its
  description columns are for ``indexer.language.concepts``
- ``lexicon_nl_en.tsv``: word pairs aligned from the parallel ESCO descriptions
  (source "esco-lexicon"), weighted by their alignment confidence
- synonym files, one group a line, ``reanimatie = BLS = CPR = basic life support``;
  the shipped ``synonyms_nl_healthcare.txt``, ``synonyms_nl_en_medical.txt`` (a
  Dutch-English care vocabulary) and ``synonyms_nl_en_work.txt`` (a hand-written
  workplace glossary) and any organisation files (source
  "synonyms:<file name>")
- an unknown Dutch compound expands through its parts (source "...+compound")

Keys are matched on folded words, longest first, so "basic life support" matches as
one key. No whoosh here: the query builder decides how expansions become queries.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.language import precomputed
from indexer.language.words import DATA_DIR, words

log = logging.getLogger(__name__)

OCCUPATIONS = "occupations_nl_en.tsv"  # one ESCO occupation a line, see scripts/build_lexicon.py
LEXICON = "lexicon_nl_en.tsv"
ESCO_CACHE = "thesaurus_esco.json.gz"  # the entries of both, by scripts/build_language_cache.py
ESCO_SOURCES = ("esco-occupation", "esco-lexicon")
DEFAULT_SYNONYMS = tuple(DATA_DIR / name for name in (
    "synonyms_nl_healthcare.txt", "synonyms_nl_en_medical.txt", "synonyms_nl_en_work.txt",
    "synonyms_nl_en_tasks.txt"))

# Expansions always weigh less than the user's own words (weight 1). Hand-made
# synonym groups are trusted most, then ESCO's curated labels, then the
# statistical lexicon, whose confidence in (0, 1] scales it between 0.3 and 0.6.
SYNONYM_WEIGHT = 0.8
OCCUPATION_WEIGHT = 0.7
OCCUPATION_ALT_WEIGHT = 0.6
LEXICON_MIN, LEXICON_SPAN = 0.3, 0.3
MAX_PER_KEY = 6  # a key shared by many occupations would otherwise flood the query
PART_FACTOR = 0.8  # a compound's parts translate it less surely than the whole word
PART_CHOICES = 2  # translations tried per part of an unknown compound

_COMMENT_RE = re.compile(r"(?:^|\s)#.*$")  # "#" after a blank, so "C#" survives


# normalised key, normalised phrase, phrase, weight, source: one ``Thesaurus.add``
Entry = tuple[str, str, str, float, str]


@dataclass(frozen=True)
class Expansion:
    """A phrase to add to a query: a translation or synonym of the user's words."""

    phrase: str
    weight: float
    source: str
    key: str = ""  # the words of the question it translates (set by Thesaurus.expand)


@lru_cache(maxsize=1 << 14)  # a synonym group's n terms are normalised n x (n - 1) times
def normalize(text: str) -> str:
    """Folded, space-joined words: the form keys are stored and looked up in."""
    return " ".join(words(text))


def parse_synonym_lines(lines: Iterable[str], name: str) -> list[list[str]]:
    """Groups of a synonym file; malformed lines are logged and skipped."""
    groups: list[list[str]] = []
    for number, raw in enumerate(lines, start=1):
        line = _COMMENT_RE.sub("", raw).strip()
        if not line:
            continue
        terms = [term.strip() for term in line.split("=")]
        if len(terms) < 2 or any(not normalize(term) for term in terms):
            log.warning(
                "%s:%d: ignored, expected 'term = term [= term ...]': %r", name, number, raw
            )
            continue
        groups.append(terms)
    return groups


class Thesaurus:
    """Maps normalised keys (one or more words) to weighted expansions."""

    def __init__(self) -> None:
        self._entries: dict[str, dict[str, Expansion]] = {}
        self._max_words = 1
        # The ESCO layer per key (``esco_layer``), added to the key's entries when the key
        # is first looked up: a start reads 27,000 keys and a question uses a few.
        self._pending: dict[str, str] = {}

    def add(self, key: str, phrase: str, weight: float, source: str) -> None:
        """Record that ``key`` may be expanded with ``phrase``; the best weight wins."""
        entry = _entry(key, phrase, weight, source)
        if entry is not None:
            self._put(*entry)

    def _put(self, norm_key: str, norm_phrase: str, phrase: str, weight: float,
             source: str) -> None:
        """``add`` for words already normalised (an ``_entry``)."""
        self._merge(norm_key)  # what was added before comes first
        if _offer(self._entries.setdefault(norm_key, {}), norm_phrase, phrase, weight, source):
            self._max_words = max(self._max_words, norm_key.count(" ") + 1)

    def _merge(self, key: str) -> None:
        """Add *key*'s pending ESCO entries, in their order, as ``_put`` would have.

        Built on a copy and swapped in: two threads merging the same key at once both
        make the same entries (merging twice changes nothing)."""
        pending = self._pending.get(key)
        if pending is None:
            return
        bucket = dict(self._entries.get(key, {}))
        for line in pending.split("\n"):
            norm_phrase, phrase, weight, source = line.split("\t")
            _offer(bucket, norm_phrase, phrase or norm_phrase, float(weight),
                   ESCO_SOURCES[int(source)])
        self._entries[key] = bucket
        self._pending.pop(key, None)

    def add_group(self, terms: list[str], weight: float, source: str) -> None:
        """Every term of a synonym group expands to every other one."""
        for term in terms:
            for other in terms:
                if other is not term:
                    self.add(term, other, weight, source)

    def load_synonyms(self, path: Path) -> int:
        """Add the groups of one synonym file; returns how many groups were read."""
        groups = parse_synonym_lines(path.read_text(encoding="utf-8").splitlines(), path.name)
        for group in groups:
            self.add_group(group, SYNONYM_WEIGHT, f"synonyms:{path.name}")
        return len(groups)

    @classmethod
    def load(cls, extra_files: Iterable[Path] = (), data_dir: Path = DATA_DIR,
             defaults: Iterable[Path] = DEFAULT_SYNONYMS) -> Thesaurus:
        """The shipped ESCO data and *defaults* synonyms, plus organisation synonym files."""
        thesaurus = cls()
        # Synonym groups first: the per-key cap then never drops a hand-made group.
        for path in [*(data_dir / p.name for p in defaults), *extra_files]:
            thesaurus.load_synonyms(Path(path))
        thesaurus._pending = esco_layer(data_dir)
        # As _put counts them: a key whose every ESCO entry the cap drops had synonyms.
        thesaurus._max_words = max([thesaurus._max_words,
                                    *(k.count(" ") + 1 for k in thesaurus._pending)])
        return thesaurus

    def __len__(self) -> int:
        return len(self._entries.keys() | self._pending.keys())

    def _bucket(self, key: str) -> dict[str, Expansion] | None:
        self._merge(key)
        return self._entries.get(key)

    def _lookup(self, key: str, single: bool) -> dict[str, Expansion] | None:
        found = self._bucket(key)
        if found is None and single and len(key) > 4:
            # Plural fallback (verpleegkundigen -> verpleegkundige, nurses -> nurse).
            for cut in (1, 2):
                found = self._bucket(key[:-cut])
                if found is not None:
                    break
        return found

    def expand(self, text: str) -> list[Expansion]:
        """Translations and synonyms of ``text``'s words, heaviest first, weights < 1.

        Keys are matched greedily left to right, longest first and without overlap:
        "basic life support" expands as one concept, not as "basic" + "support".
        """
        tokens = normalize(text).split()
        own = set(tokens) | {" ".join(tokens)}
        best: dict[str, Expansion] = {}
        i = 0
        while i < len(tokens):
            for length in range(min(self._max_words, len(tokens) - i), 0, -1):
                found = self._lookup(" ".join(tokens[i : i + length]), single=length == 1)
                if found is not None:
                    key = " ".join(tokens[i : i + length])
                    for norm_phrase, expansion in found.items():
                        if norm_phrase in own:
                            continue
                        old = best.get(norm_phrase)
                        if old is None or old.weight < expansion.weight:
                            best[norm_phrase] = dataclasses.replace(expansion, key=key)
                    i += length
                    break
            else:
                for norm_phrase, expansion in self._compound(tokens[i]).items():
                    if norm_phrase not in own and norm_phrase not in best:
                        best[norm_phrase] = dataclasses.replace(expansion, key=tokens[i])
                i += 1
        return sorted(best.values(), key=lambda e: (-e.weight, e.phrase))

    def _compound(self, word: str) -> dict[str, Expansion]:
        """An unknown Dutch compound expands as its parts' translations together
        (informatiebeveiliging -> information security, diabeteszorg -> diabetes care):
        a part alone ("care") says little about the compound, so it is never added alone.
        A part may stay as it is: many are the same in English ("diabetes"); which
        mixes of the two languages make no sense is for the caller to say."""
        from indexer.language.compounds import split_compound  # late: loads the dictionary

        parts = split_compound(word)
        if len(parts) < 2:
            return {}
        choices = []
        for part in parts:
            known = sorted((self._lookup(part, single=True) or {}).values(),
                           key=lambda e: (-e.weight, e.phrase))[:PART_CHOICES]
            choices.append([Expansion(part, 1.0, ""), *known])
        found: dict[str, Expansion] = {}
        for combination in itertools.product(*choices):
            sources = sorted({e.source for e in combination if e.source})
            if not sources:  # the parts themselves: the user's own word
                continue
            phrase = " ".join(e.phrase for e in combination)
            weight = round(PART_FACTOR * min(e.weight for e in combination), 3)
            found[normalize(phrase)] = Expansion(phrase, weight, "+".join(sources) + "+compound")
        return found


def _offer(bucket: dict[str, Expansion], norm_phrase: str, phrase: str, weight: float,
           source: str) -> bool:
    """Put an expansion in a key's *bucket* unless the cap is reached; the best weight
    wins. False when it was dropped."""
    old = bucket.get(norm_phrase)
    if old is None and len(bucket) >= MAX_PER_KEY:
        return False
    if old is None or old.weight < weight:
        bucket[norm_phrase] = Expansion(phrase, weight, source)
    return True


def esco_layer(data_dir: Path = DATA_DIR) -> dict[str, str]:
    """The ESCO entries by key (``stored_esco_layer``): from ``ESCO_CACHE`` when it was
    built from these files and this code, else read and normalised now (the same)."""
    stored = precomputed.read(data_dir / ESCO_CACHE, esco_sources(data_dir))
    if isinstance(stored, dict):
        return stored
    return stored_esco_layer(read_esco_entries(data_dir))


def esco_sources(data_dir: Path = DATA_DIR) -> list[Path]:
    """The files ``read_esco_entries`` computes from: its data and its code."""
    return [data_dir / OCCUPATIONS, data_dir / LEXICON, *precomputed.code("thesaurus", "words")]


def read_esco_entries(data_dir: Path = DATA_DIR) -> list[Entry]:
    """The slow path: the ESCO files read and every key and phrase normalised."""
    found: list[Entry | None] = []
    for line in (data_dir / OCCUPATIONS).read_text(encoding="utf-8").splitlines():
        en, nl_pref, alts, *_texts = line.split("\t")
        if not en or not nl_pref:
            continue
        found.append(_entry(nl_pref, en, OCCUPATION_WEIGHT, "esco-occupation"))
        found.append(_entry(en, nl_pref, OCCUPATION_WEIGHT, "esco-occupation"))
        for alt in filter(None, alts.split("|")):
            found.append(_entry(alt, en, OCCUPATION_ALT_WEIGHT, "esco-occupation"))
    for line in (data_dir / LEXICON).read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) != 3:
            continue
        weight = round(LEXICON_MIN + LEXICON_SPAN * min(max(float(fields[2]), 0.0), 1.0), 3)
        found.append(_entry(fields[0], fields[1], weight, "esco-lexicon"))
        found.append(_entry(fields[1], fields[0], weight, "esco-lexicon"))
    return [e for e in found if e is not None]


def stored_esco_layer(entries: list[Entry]) -> dict[str, str]:
    """*entries* by key, in their order, a line each: normalised phrase, phrase (empty when
    the same), weight, number of the source in ``ESCO_SOURCES``, separated by tabs (no
    ESCO label holds one). Lines are decoded only for the keys a question looks up."""
    lines: dict[str, list[str]] = {}
    for key, norm_phrase, phrase, weight, source in entries:
        lines.setdefault(key, []).append("\t".join([
            norm_phrase, "" if phrase == norm_phrase else phrase, repr(weight),
            str(ESCO_SOURCES.index(source))]))
    return {key: "\n".join(found) for key, found in lines.items()}


def _entry(key: str, phrase: str, weight: float, source: str) -> Entry | None:
    """What ``Thesaurus.add`` records: normalised key and phrase; None for nothing to add."""
    norm_key, norm_phrase = normalize(key), normalize(phrase)
    if not norm_key or not norm_phrase or norm_key == norm_phrase:
        return None
    return norm_key, norm_phrase, phrase.strip(), weight, source
