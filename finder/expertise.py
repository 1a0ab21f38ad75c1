"""A colleague's expertise as concepts: care terms and occupations found in their text.

- the vocabulary: the shipped care synonym groups (and the organisation's synonym
  files), then ESCO occupations (Dutch preferred label, Dutch alternatives, English
  preferred label), each group one concept; read once per process;
- a profile's text is scanned for the longest known phrases (five words at most), in
  one pass, bounded to ``MAX_CHARS``: a profile page stays fast;
- a concept is named in Dutch when the colleague has Dutch documents (an English CV
  of a Dutch nurse says "wound care"; the profile says "wondzorg"), otherwise as
  their documents write it; concepts found in more documents come first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.language.concepts import read_occupations
from indexer.language.thesaurus import OCCUPATIONS, parse_synonym_lines
from indexer.language.words import DATA_DIR, TOKEN_RE, fold

CARE_SYNONYMS = ("synonyms_nl_healthcare.txt", "synonyms_nl_en_medical.txt")
MAX_WORDS = 5
MAX_CHARS = 100_000  # of one colleague's text; more says nothing new about them
MIN_SINGLE = 5  # an occupation named in one word must be this long ("arts" is too ambiguous)
ACRONYM = re.compile(r"[A-Z0-9-]{2,6}")


@dataclass(frozen=True)
class Vocabulary:
    """Folded phrase -> (concept, written form); each concept's Dutch name."""

    phrases: dict[tuple[str, ...], tuple[int, str]]
    dutch: tuple[str, ...]
    acronyms: frozenset[tuple[str, ...]]  # matched only when written in capitals


def _dutch_name(terms: Sequence[str]) -> str:
    # Groups are written Dutch first; an acronym ("SEH") is named by the words after it.
    return next((t for t in terms if not ACRONYM.fullmatch(t)), terms[0])


@lru_cache(maxsize=4)
def vocabulary(extra_files: tuple[Path, ...] = ()) -> Vocabulary:
    """The concepts of the shipped care vocabulary, *extra_files* and ESCO occupations."""
    phrases: dict[tuple[str, ...], tuple[int, str]] = {}
    acronyms: set[tuple[str, ...]] = set()
    dutch: list[str] = []

    def add(terms: Iterable[str], name: str, single_min: int = 1) -> None:
        concept = len(dutch)
        added = False
        for term in terms:
            key = tuple(fold(w) for w in TOKEN_RE.findall(term))
            if not key or len(key) > MAX_WORDS or key in phrases:
                continue
            if len(key) == 1 and len(key[0]) < single_min:
                continue
            phrases[key] = (concept, term)
            added = True
            if ACRONYM.fullmatch(term):
                acronyms.add(key)
        if added:
            dutch.append(name)

    files = [DATA_DIR / n for n in CARE_SYNONYMS] + list(extra_files)
    for path in files:
        for group in parse_synonym_lines(path.read_text(encoding="utf-8").splitlines(),
                                         path.name):
            add(group, _dutch_name(group))
    for occ in read_occupations(DATA_DIR / OCCUPATIONS):
        english = _english_label(DATA_DIR / OCCUPATIONS, occ.nl_label)
        add([occ.nl_label, *occ.nl_alt_labels, *english], occ.nl_label, MIN_SINGLE)
    return Vocabulary(phrases, tuple(dutch), frozenset(acronyms))


@lru_cache(maxsize=1)
def _english_labels(path: Path) -> dict[str, str]:
    """Dutch preferred label -> English preferred label (the file's first two columns)."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        en, _, rest = line.partition("\t")
        nl = rest.split("\t", 1)[0]
        out.setdefault(nl, en)
    return out


def _english_label(path: Path, nl_label: str) -> list[str]:
    en = _english_labels(path).get(nl_label, "")
    return [en] if en else []


def concepts(texts: Sequence[str], dutch: bool, count: int,
             extra_files: tuple[Path, ...] = (), skip: Iterable[str] = ()) -> tuple[str, ...]:
    """The *count* concepts these documents (one text each) speak of most, named in
    Dutch when *dutch*; *skip*: folded words that must not be a concept (a name)."""
    vocab = vocabulary(extra_files)
    banned = {fold(s) for s in skip}
    in_docs: Counter[int] = Counter()
    seen: Counter[int] = Counter()
    forms: dict[int, Counter[str]] = {}
    budget = MAX_CHARS
    for text in texts:
        if budget <= 0:
            break
        text, budget = text[:budget], budget - len(text)
        raw = TOKEN_RE.findall(text)
        folded = [fold(t) for t in raw]
        here: set[int] = set()
        i = 0
        while i < len(folded):
            for size in range(min(MAX_WORDS, len(folded) - i), 0, -1):
                key = tuple(folded[i:i + size])
                found = vocab.phrases.get(key)
                if found is None or (key in vocab.acronyms and not raw[i].isupper()):
                    continue
                if size == 1 and key[0] in banned:
                    continue
                concept, form = found
                here.add(concept)
                seen[concept] += 1
                forms.setdefault(concept, Counter())[form] += 1
                i += size - 1
                break
            i += 1
        in_docs.update(here)
    ranked = sorted(in_docs, key=lambda c: (-in_docs[c], -seen[c], vocab.dutch[c]))
    names: list[str] = []
    for concept in ranked:
        name = vocab.dutch[concept] if dutch else forms[concept].most_common(1)[0][0]
        if name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
        if len(names) == count:
            break
    return tuple(names)
