"""The surface words of a generation's documents, by the analysed terms they make.

An evidence passage marks the words of a document whose analysis (stems, compound
parts, folded accents) meets the question's terms. Analysing every distinct word of
every shown document at question time cost most of the evidence step (issue 16), and
the same words recur across questions. So at publish, next to the postings, every
distinct word of the documents' text (``TOKEN``, lower-cased, within the first
``MAX_TOKENS``) is analysed once per language, and kept inverted:

- ``surface/words``: the words, one a line, sorted;
- ``surface/<lang>.offsets.npy`` and ``surface/<lang>.ids.npy``: for each term of the
  docs index's ``body_<lang>`` field, in its postings' lexicon order, the words whose
  analysis in that language contains it.

``Surface.words(lang, terms)`` is then a lookup: the words to mark.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import numpy as np

from indexer.store.analyzers import token_terms
from indexer.store.schema import BODY_FIELDS

TOKEN = re.compile(r"\w+", re.UNICODE)  # a word of a passage
MAX_TOKENS = 20_000  # a passage is looked for in the first 20,000 words (a CV has ~1,000)


def tokens(text: str) -> list[re.Match[str]]:
    """The words a passage is looked for in (``finder.snippets``), as matches."""
    return list(itertools.islice(TOKEN.finditer(text), MAX_TOKENS))


def export(texts: Any, folder: Path, lexicons: dict[str, list[str]]) -> None:
    """Write the surface vocabulary of *texts* (an iterable of str) into *folder*;
    *lexicons* holds each body field's terms in postings order."""
    folder.mkdir(parents=True)
    seen: set[str] = set()
    for text in texts:  # the words of ``tokens``, found and collected in C
        seen.update(TOKEN.findall(text)[:MAX_TOKENS])
    vocabulary = sorted({w.lower() for w in seen})
    (folder / "words").write_text("\n".join(vocabulary), encoding="utf-8")
    for lang, field in BODY_FIELDS.items():
        number = {t: i for i, t in enumerate(lexicons.get(field, []))}
        pairs = sorted({(number[t], w) for w, word in enumerate(vocabulary)
                        for t in token_terms(lang, word) if t in number})
        terms = np.array([t for t, _w in pairs], np.int64)
        offsets = np.searchsorted(terms, np.arange(len(number) + 1)).astype(np.int64)
        np.save(folder / f"{lang}.offsets.npy", offsets)
        np.save(folder / f"{lang}.ids.npy", np.array([w for _t, w in pairs], np.int32))


class Surface:
    """One generation's surface vocabulary (``export``), loaded on first use."""

    def __init__(self, folder: Path, lexicons: Any) -> None:
        self._folder = folder
        self._lexicons = lexicons  # field -> {term: number}, the postings' own
        self._words: list[str] | None = None
        self._arrays: dict[str, tuple[Any, Any]] = {}

    def words(self, lang: str, terms: frozenset[str]) -> frozenset[str]:
        """The lower-cased words whose analysis in *lang* makes any of *terms*."""
        if self._words is None:
            self._words = (self._folder / "words").read_text(encoding="utf-8").split("\n")
        if lang not in self._arrays:
            self._arrays[lang] = (
                np.asarray(np.load(self._folder / f"{lang}.offsets.npy", mmap_mode="r")),
                np.asarray(np.load(self._folder / f"{lang}.ids.npy", mmap_mode="r")))
        offsets, ids = self._arrays[lang]
        number = self._lexicons(BODY_FIELDS[lang])
        out: set[str] = set()
        for term in terms:
            i = number.get(term)
            if i is not None:
                out.update(self._words[k] for k in ids[offsets[i]:offsets[i + 1]].tolist())
        return frozenset(out)
