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

import itertools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from indexer.language.words import DATA_DIR, words

log = logging.getLogger(__name__)

OCCUPATIONS = "occupations_nl_en.tsv"  # one ESCO occupation a line, see scripts/build_lexicon.py
DEFAULT_SYNONYMS = tuple(DATA_DIR / name for name in (
    "synonyms_nl_healthcare.txt", "synonyms_nl_en_medical.txt", "synonyms_nl_en_work.txt"))

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


@dataclass(frozen=True)
class Expansion:
    """A phrase to add to a query: a translation or synonym of the user's words."""

    phrase: str
    weight: float
    source: str


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

    def add(self, key: str, phrase: str, weight: float, source: str) -> None:
        """Record that ``key`` may be expanded with ``phrase``; the best weight wins."""
        norm_key, norm_phrase = normalize(key), normalize(phrase)
        if not norm_key or not norm_phrase or norm_key == norm_phrase:
            return
        bucket = self._entries.setdefault(norm_key, {})
        old = bucket.get(norm_phrase)
        if old is None and len(bucket) >= MAX_PER_KEY:
            return
        if old is None or old.weight < weight:
            bucket[norm_phrase] = Expansion(phrase.strip(), weight, source)
        self._max_words = max(self._max_words, norm_key.count(" ") + 1)

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
        for line in (data_dir / OCCUPATIONS).read_text(encoding="utf-8").splitlines():
            en, nl_pref, alts, *_texts = line.split("\t")
            if not en or not nl_pref:
                continue
            thesaurus.add(nl_pref, en, OCCUPATION_WEIGHT, "esco-occupation")
            thesaurus.add(en, nl_pref, OCCUPATION_WEIGHT, "esco-occupation")
            for alt in filter(None, alts.split("|")):
                thesaurus.add(alt, en, OCCUPATION_ALT_WEIGHT, "esco-occupation")
        for line in (data_dir / "lexicon_nl_en.tsv").read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) != 3:
                continue
            weight = LEXICON_MIN + LEXICON_SPAN * min(max(float(fields[2]), 0.0), 1.0)
            thesaurus.add(fields[0], fields[1], round(weight, 3), "esco-lexicon")
            thesaurus.add(fields[1], fields[0], round(weight, 3), "esco-lexicon")
        return thesaurus

    def __len__(self) -> int:
        return len(self._entries)

    def _lookup(self, key: str, single: bool) -> dict[str, Expansion] | None:
        found = self._entries.get(key)
        if found is None and single and len(key) > 4:
            # Plural fallback (verpleegkundigen -> verpleegkundige, nurses -> nurse).
            for cut in (1, 2):
                found = self._entries.get(key[:-cut])
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
                    for norm_phrase, expansion in found.items():
                        if norm_phrase in own:
                            continue
                        old = best.get(norm_phrase)
                        if old is None or old.weight < expansion.weight:
                            best[norm_phrase] = expansion
                    i += length
                    break
            else:
                for norm_phrase, expansion in self._compound(tokens[i]).items():
                    if norm_phrase not in own and norm_phrase not in best:
                        best[norm_phrase] = expansion
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
