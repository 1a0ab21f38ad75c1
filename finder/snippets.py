"""Evidence passages: the best window of a document with the query's words marked.

Matching happens on analysed terms (stems, compound parts, folded accents), so
"wondzorg" marks "decubituszorg" and "verpleegkundigen"; the output is escaped
HTML in which only ``<mark>`` is markup.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

from indexer.analysis import analyze

TOKEN = re.compile(r"\w+", re.UNICODE)
WINDOW = 28  # words in one passage


@lru_cache(maxsize=200_000)
def _terms(word: str, lang: str) -> frozenset[str]:
    return frozenset(analyze(word, lang))


def query_terms(words: list[str], lang: str) -> frozenset[str]:
    """Analysed terms of the query's words for one language."""
    return frozenset(t for w in words for t in _terms(w.lower(), lang))


def snippet(text: str, words: list[str], lang: str, width: int = WINDOW) -> tuple[Markup, int]:
    """The passage of *text* with the most distinct query words, marked; and its hit count."""
    lang = lang if lang in ("nl", "en") else "nl"
    wanted = query_terms(words, lang) | (query_terms(words, "en") if lang == "nl" else frozenset())
    tokens = list(TOKEN.finditer(text))
    hits = [i for i, m in enumerate(tokens) if _terms(m.group(0).lower(), lang) & wanted]
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
    if not hits:
        return 0
    best, best_count = hits[0], 0
    for i, h in enumerate(hits):
        count = len({tokens[x].group(0).lower() for x in hits[i:] if x < h + width})
        if count > best_count:
            best, best_count = h, count
    return max(0, best - width // 4)
