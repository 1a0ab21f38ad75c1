"""Forgotten colleagues: the names and e-mail logins of people who were removed or objected.

Names are matched in a folded copy of the text that keeps its length (see ``_folded``),
in the forms ``redact`` lists; whole addresses go with the e-mails (``emails``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from indexer.ingest.privacy.text import Span, lower

# Words that start a Dutch (or Belgian, French, German) surname: "Nicole de Wit".
_PARTICLES = frozenset(["van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "in", "op",
    "aan", "auf", "d'", "da", "das", "del", "della", "des", "di", "do", "dos", "du", "la", "le",
    "lo", "los", "vom", "von", "zu", "zum", "zur"])
_EXTRA_FOLD = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i", "ħ": "h", "ŧ": "t"}
_MARKS = "[\u0300-\u036f]*"  # decomposed accents in the text: "Zoe\u0308"
_COMBINING = re.compile("[\u0300-\u036f]")
_LETTERS = re.compile(r"[^\W\d_]+")
_FEW_NAMES = 16  # up to this many, a substring test per name beats listing the words
_PARTICLES_BEFORE = re.compile(rf"(?<!\w)(?:(?:{'|'.join(map(re.escape, sorted(_PARTICLES)))})"
                               r"\s+){1,3}$")


@dataclass(frozen=True)
class _Name:
    """A forgotten name: a word it cannot be written without, and its written forms."""

    anchor: str  # the longest run of letters in the last word ("wit", "vries")
    forms: tuple[str, ...]  # given name first; patterns over folded text, from a letter
    core: str  # surname first: "wit" (a preceding "de" is taken along) …
    after: str  # … then ", nicole", ", n.", ", n. de"


@dataclass(frozen=True)
class ForgetPlan:
    """What ``redact`` forgets: whole addresses, login-like local parts and names."""

    emails: frozenset[str]  # whole addresses, lower-cased
    logins: tuple[str, ...]  # local parts that read like a login ("nicole.dewit")
    names: tuple[_Name, ...]


NO_FORGET = ForgetPlan(frozenset(), (), ())


def _fold_char(c: str) -> str:
    """One character, lower-cased and without diacritics, as one character.

    Not ``indexer.language.words.fold``, which may change a text's length (NFKD turns
    "ﬁ" into "fi", "İ" lower-cases to two characters): spans found in the folded copy
    must be spans of the original. This one also folds ø, ł, đ, ð, ı, ħ and ŧ.
    """
    low = c.lower()
    if len(low) != 1:
        return c
    if low.isascii():
        return low
    if low in _EXTRA_FOLD:
        return _EXTRA_FOLD[low]
    base = [x for x in unicodedata.normalize("NFKD", low) if not unicodedata.combining(x)]
    return base[0] if len(base) == 1 else low


def _folded(text: str) -> str:
    """*text* lower-cased and without diacritics, character for character (same length)."""
    low = lower(text)
    if low.isascii():
        return low
    return low.translate({ord(c): _fold_char(c) for c in set(low) if not c.isascii()})


def _fold_name(value: str) -> str:
    """A name or address to forget, folded as ``_folded`` folds the text, spaces collapsed."""
    return " ".join("".join(_fold_char(c) for c in unicodedata.normalize("NFC", value)
                            if not unicodedata.combining(c)).split())


def forget_plan(forget: Iterable[str]) -> ForgetPlan:
    """The plan for these names and e-mail addresses (cached: a batch passes the same)."""
    return _forget_plan(frozenset(v for v in (_fold_name(str(f)) for f in forget) if v))


def _lit(word: str, first: bool = False) -> str:
    """A folded word as a pattern: accents may follow each letter, hyphens may be spaced.

    With *first*, the word starts the pattern: its first letter comes before the test
    that no word character precedes it, so the regex engine can skip ahead to it.
    """
    parts = []
    for i, c in enumerate(word):
        if c == "-":
            parts.append(r"\s*-\s*")
        elif c.isalpha():
            parts.append(re.escape(c) + (r"(?<!\w.)" if first and i == 0 else "") + _MARKS)
        else:
            parts.append(re.escape(c))
    return "".join(parts)


def _name_forms(name: str) -> _Name | None:
    """The forms of a folded full name; None for a single word or a bare surname."""
    if "," in name:  # "de Wit, Nicole" as a register writes it
        surname_part, _, given_part = name.partition(",")
        words = given_part.split() + surname_part.split()
    else:
        words = name.split()
    if len(words) < 2 or words[0] in _PARTICLES:
        return None
    # The surname starts at its first particle or double-barrelled word, else it is the
    # last word: "Nicole | de Wit", "Jan | Jansen-de Boer", "Anna Maria | Jansen".
    cut = next((i for i in range(1, len(words)) if words[i] in _PARTICLES or "-" in words[i]),
               len(words) - 1)
    given, surname = words[:cut], words[cut:]
    particles = [w for w in surname if w in _PARTICLES]
    core = [w for w in surname if w not in _PARTICLES]
    anchor = max(re.findall(r"[^\W\d_]+", words[-1]) or [""], key=len)
    if not core or not anchor or not all(g[0].isalpha() for g in given):
        return None
    ws = r"\s+"

    def seq(items: list[str], start: bool = False) -> str:
        return ws.join(_lit(w, first=start and i == 0) for i, w in enumerate(items))

    full_surname = seq(surname)
    initials = r"\s*".join(_lit(g[0]) + r"\." for g in given)  # "A.M.", "A. M."
    first_initial = _lit(given[0][0], first=True) + r"\."
    more_initials = "".join(r"\s*" + _lit(g[0]) + r"\." for g in given[1:])
    forms = [seq(given, True) + ws + full_surname,  # Nicole de Wit, Anna Maria de Vries
             _lit(given[0], first=True) + ws + full_surname,  # Anna de Vries
             first_initial + more_initials + r"\s*" + full_surname,  # A.M. de Vries
             first_initial + r"\s*" + full_surname]  # N. de Wit, A. de Vries
    given_after = "|".join(dict.fromkeys([seq(given), _lit(given[0]), initials,
                                          _lit(given[0][0]) + r"\."]))
    trailing = rf"(?:\s*{seq(particles)})?" if particles else ""
    return _Name(anchor, tuple(dict.fromkeys(f + r"(?!\w)" for f in forms)), seq(core, True),
                 rf"(?:{given_after}){trailing}(?!\w)")


@lru_cache(maxsize=16)
def _forget_plan(items: frozenset[str]) -> ForgetPlan:
    emails, logins, names = set(), [], []
    for item in sorted(items):
        if "@" in item:
            address = item.replace(" ", "")
            emails.add(address)
            local = address.partition("@")[0]
            if len(local) >= 5 and re.fullmatch(r"[a-z][a-z0-9]*(?:[._-][a-z0-9]+)+", local):
                logins.append(local)
        elif (name := _name_forms(item)) is not None:
            names.append(name)
    return ForgetPlan(frozenset(emails), tuple(dict.fromkeys(logins)), tuple(names))


def find_forgotten(text: str, plan: ForgetPlan) -> list[Span]:
    """Spans of the forgotten names and logins (whole addresses go with the e-mails)."""
    if not plan.names and not plan.logins:
        return []
    folded = _folded(text)
    # Only names whose anchor word occurs are looked for: most texts name none of them.
    probe = _COMBINING.sub("", folded) if _COMBINING.search(folded) else folded
    if len(plan.names) > _FEW_NAMES:
        words = set(_LETTERS.findall(probe))
        names = tuple(n for n in plan.names if n.anchor in words)
    else:
        names = tuple(n for n in plan.names if n.anchor in probe)
    logins = tuple(login for login in plan.logins if login in probe)
    if not names and not logins:
        return []
    found = []
    for m in _names_pattern(names, logins).finditer(folded):
        start = m.start()
        if m.lastgroup == "surname_first":  # take a "de", "van der" before it along
            before = _PARTICLES_BEFORE.search(folded, max(0, start - 20), start)
            start = before.start() if before else start
        found.append((start, m.end()))
    return found


@lru_cache(maxsize=64)
def _names_pattern(names: tuple[_Name, ...], logins: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for these names and logins; surname-first forms grouped by surname."""
    forms = list(dict.fromkeys(f for n in names for f in n.forms))
    forms += [rf"{_lit(login, first=True)}(?![\w@-]|\.\w)" for login in logins]
    by_core: dict[str, list[str]] = {}
    for n in names:
        by_core.setdefault(n.core, []).append(n.after)
    surname_first = "|".join(rf"{core}\s*,\s*(?:{'|'.join(dict.fromkeys(after))})"
                             for core, after in by_core.items())
    if surname_first:
        forms.append(rf"(?:{surname_first})(?P<surname_first>)")
    return re.compile("|".join(forms))
