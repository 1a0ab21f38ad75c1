"""The word-level reads of a snapshot: suggestions, spelling, known and typical words.

A mixin of ``indexer.store.search.Searcher``, over the people index's "vocab" field
(every surface word of a colleague's documents) and its text fields.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from indexer.store.analyzers import analyze_word
from indexer.store.reading import OpenGeneration
from indexer.store.schema import BODY_FIELDS


class Vocabulary:
    """Word lookups over one snapshot's people index (``self._s``)."""

    _s: OpenGeneration

    def key_terms(self, text: str, count: int) -> list[str]:
        """The words that set *text* apart from everyone else's (tf-idf over people)."""
        terms = self._s.people.key_terms_from_text("vocab", text, numterms=count)
        return [t for t, _score in terms]

    def suggest_words(self, prefix: str, count: int) -> list[str]:
        """Indexed words starting with *prefix*, most widespread first."""
        reader = self._s.people.reader()
        prefix = prefix.lower()
        found = [(reader.doc_frequency("vocab", w), w) for w in
                 itertools.islice(reader.expand_prefix("vocab", prefix), 200)]
        return [w.decode() if isinstance(w, bytes) else w for _df, w in
                sorted(found, key=lambda x: (-x[0], x[1]))[:count]]

    def correct_word(self, word: str) -> str | None:
        """The closest better-known indexed word, or None when the word is fine."""
        reader = self._s.people.reader()
        word = word.lower()
        if reader.doc_frequency("vocab", word) > 0:
            return None
        # prefix=1: the first letter is rarely the typo, and it cuts the candidate
        # words (Whoosh compares them in pure Python) by an order of magnitude.
        suggestions = self._s.people.corrector("vocab").suggest(word, limit=1, maxdist=2,
                                                                prefix=1)
        return suggestions[0] if suggestions else None

    def known_words(self, words: Sequence[str]) -> frozenset[str]:
        """Those of *words* some colleague's documents contain (the suggestion vocabulary)."""
        reader = self._s.people.reader()
        return frozenset(w for w in words if reader.doc_frequency("vocab", w) > 0)

    def typical_words(self, words: Sequence[str], lang: str) -> frozenset[str]:
        """Those of *words* that the documents in *lang* use at least as often, for their
        length, as the documents in the other language (and use at all)."""
        reader = self._s.people.reader()

        def share(word: str, in_lang: str) -> float:
            field, terms = BODY_FIELDS[in_lang], analyze_word(word, in_lang)
            length = reader.field_length(field)
            return reader.frequency(field, terms[0]) / length if terms and length else 0.0

        return frozenset(w for w in words if (mine := share(w, lang)) > 0 and all(
            mine >= share(w, other) for other in BODY_FIELDS if other != lang))
