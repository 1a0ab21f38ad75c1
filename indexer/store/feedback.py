"""A colleague's feedback lead: the opening text of their documents, for relevance feedback.

Pseudo-relevance feedback (``Searcher.feedback_terms``) takes the Bo1 terms of the best
colleagues' text: the first ``LEAD_CHARS`` characters of their documents in index
order, each document's text in its language's body field (both when the language is
unclear). Analysing that text is most of what feedback costs, so the profile carries
it (``PersonRecord.lead``), the writer stores it analysed (``term_weights``), and a
question only adds up five stored mappings (``add``). The analysis is context-free,
so the sum over colleagues is exactly what analysing their texts run together gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from indexer.store.records import StoredDocument
from indexer.store.schema import BODY_FIELDS

LEAD_CHARS = 4000  # per colleague: bounds the cost, and a CV says what matters first

Weights = dict[str, float]  # analysed term -> summed weight


def lead_texts(docs: Iterable[StoredDocument], chars: int = LEAD_CHARS) -> dict[str, list[str]]:
    """By language, the opening *chars* characters of *docs*, document by document."""
    texts: dict[str, list[str]] = {lang: [] for lang in BODY_FIELDS}
    budget = chars
    for doc in docs:
        chunk = doc.content[:budget]
        budget -= len(chunk)
        for lang in [doc.lang] if doc.lang in texts else list(texts):
            texts[lang].append(chunk)
        if budget <= 0:
            break
    return texts


def term_weights(ftype: Any, text: str) -> Weights:
    """The analysed terms of *text* in the Whoosh field *ftype*, with their weights."""
    out: Weights = {}
    for token, _freq, weight, _value in ftype.index(text):
        word = ftype.from_bytes(token)
        out[word] = out.get(word, 0.0) + weight
    return out


def add(total: dict[str, Weights], lead: Mapping[str, Mapping[str, float]]) -> None:
    """Add one colleague's stored lead into *total*, per language."""
    for lang, weights in lead.items():
        into = total.setdefault(lang, {})
        for word, weight in weights.items():
            into[word] = into.get(word, 0.0) + weight
