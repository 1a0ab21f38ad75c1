"""Words as every stage sees them: one fold, one tokenizer, stop words, identifiers."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"  # indexer/data
LANGUAGES = ("nl", "en")

# A word, optionally followed by "+"/"#" when no word character follows ("C++", "C#").
TOKEN_PATTERN = r"\w+(?:[+#]+(?!\w))?"
TOKEN_RE = re.compile(TOKEN_PATTERN)

# Acronyms that equal a stop word once lower-cased; kept only when written in capitals.
PROTECTED_ACRONYMS = frozenset({"it", "or", "us", "ben", "ge"})


def wordset(text: str) -> frozenset[str]:
    """The white-space separated words of *text* as a set (for word lists in code)."""
    return frozenset(text.split())


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _without_combining(run: re.Match[str]) -> str:
    return "".join(c for c in run.group() if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower-case and strip diacritics (patiënt -> patient), the form every term is kept in."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    if decomposed.isascii():  # nothing to strip: most of a Dutch or English text
        return decomposed
    # Only the runs of other characters are looked at one by one (no ASCII combines).
    return _NON_ASCII.sub(_without_combining, decomposed)


def words(text: str) -> list[str]:
    """Folded word tokens of ``text``, split like the analyzer's tokenizer."""
    return TOKEN_RE.findall(fold(text))


@lru_cache(maxsize=4)
def raw_stop_words(lang: str) -> frozenset[str]:
    """The Snowball stop-word list of ``lang`` ("nl" or "en") as written, with accents."""
    path = DATA_DIR / f"stopwords_{lang}.txt"
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=4)
def stop_words(lang: str) -> frozenset[str]:
    """The Snowball stop-word list of ``lang`` ("nl" or "en"), accent-folded."""
    return frozenset(fold(w) for w in raw_stop_words(lang))


# A digit (also a superscript one), "@", "_" or "." in a token: an identifier, not a word.
_IDENTIFIER_CHARS = re.compile(r"[\d_@.\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089]")


def is_identifier(token: str) -> bool:
    """Whether *token* looks like a number, code, e-mail address or login, not a word.

    "wondzorg-2024-10303", "85040512385", "femke.scholten", "nicole.dewit@…", "covid-19".
    """
    return _IDENTIFIER_CHARS.search(token) is not None
