"""Evidence passages: the best window of a document with the query's words marked.

Matching happens on analysed terms (stems, compound parts, folded accents), so
"wondzorg" marks "decubituszorg" and "verpleegkundigen"; the output is escaped
HTML in which only ``<mark>`` is markup.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from markupsafe import Markup, escape

from indexer.store import surface
from indexer.store.analyzers import analyze_word
from indexer.store.surface import MAX_TOKENS

__all__ = ["MAX_TOKENS", "Marker", "snippet"]

WINDOW = 28  # words in one passage
# The store's words by the terms they make, or None (``Snapshot.surface_words``).
Surface = Callable[[str, frozenset[str]], "frozenset[str] | None"]


def _terms(word: str, lang: str) -> frozenset[str]:
    return frozenset(analyze_word(word, lang))


def query_terms(words: list[str], lang: str) -> frozenset[str]:
    """Analysed terms of the query's words for one language."""
    return frozenset(t for w in words for t in _terms(w.lower(), lang))


class Marker:
    """Which words of a passage to mark for one question: those whose analysis in the
    document's language meets the question's terms (a Dutch document also its English
    terms). With *surface* (the store's analysed vocabulary) a word is a lookup;
    without, each distinct word is analysed."""

    def __init__(self, words: list[str], surface: Surface | None = None) -> None:
        self.words = words
        self._surface = surface
        self._marked: dict[str, frozenset[str] | None] = {}

    def wanted(self, lang: str) -> frozenset[str]:
        """The analysed terms a word of a *lang* document must make one of."""
        return query_terms(self.words, lang) | (
            query_terms(self.words, "en") if lang == "nl" else frozenset())

    def marks(self, distinct: set[str], lang: str) -> set[str]:
        """Those of a passage's *distinct* words to mark, for a document in *lang*."""
        if lang not in self._marked:
            self._marked[lang] = self._surface(lang, self.wanted(lang)) if self._surface \
                else None
        known = self._marked[lang]
        if known is not None:
            return {w for w in distinct if w.lower() in known}
        wanted = self.wanted(lang)
        return {w for w in distinct if _terms(w.lower(), lang) & wanted}


def snippet(text: str, marker: Marker, lang: str, width: int = WINDOW) -> tuple[Markup, int]:
    """The passage of *text* with the most distinct query words, marked; and its hit count."""
    lang = lang if lang in ("nl", "en") else "nl"
    tokens = surface.tokens(text)  # the words the surface vocabulary was made of
    strings = [m.group(0) for m in tokens]
    matching = marker.marks(set(strings), lang)  # each word once
    hits = [i for i, w in enumerate(strings) if w in matching]
    if not tokens:
        return Markup(""), 0
    start = _best_start(tokens, hits, width)
    end = min(len(tokens), start + width)
    hit_set = set(hits)
    out: list[str] = ["… " if start > 0 else ""]
    pos = tokens[start].start()
    for i in range(start, end):
        m = tokens[i]
        out.append(str(escape(text[pos:m.start()])))
        word = str(escape(m.group(0)))
        out.append(f"<mark>{word}</mark>" if i in hit_set else word)
        pos = m.end()
    out.append(" …" if end < len(tokens) else str(escape(text[pos:])))
    html = " ".join("".join(out).split())  # collapse layout whitespace
    return Markup(html), len([h for h in hits if start <= h < end])


def _best_start(tokens: list[re.Match[str]], hits: list[int], width: int) -> int:
    """Where the window with the most distinct hit words starts: one pass over the hits.

    A sliding window (linear in the hits), so a document of one word repeated
    100,000 times costs as little as any other.
    """
    if not hits:
        return 0
    words = [tokens[h].group(0).lower() for h in hits]
    distinct = len(set(words))
    inside: Counter[str] = Counter()
    best, best_count, end = hits[0], 0, 0
    for i, h in enumerate(hits):
        while end < len(hits) and hits[end] < h + width:
            inside[words[end]] += 1
            end += 1
        if len(inside) > best_count:
            best, best_count = h, len(inside)
            if best_count == distinct:  # no window can do better
                break
        inside[words[i]] -= 1
        if not inside[words[i]]:
            del inside[words[i]]
    return max(0, best - width // 4)
