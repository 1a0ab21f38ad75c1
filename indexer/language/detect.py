"""Which language a text is in: "nl", "en" or "other", from function words."""

from __future__ import annotations

from collections import Counter

from indexer.language.words import LANGUAGES, TOKEN_RE
from indexer.language.words import wordset as _wordset

# Function words that are frequent in one language and rare in the others; "die",
# "in", "is" etc. are shared and left out. German and French only serve to say "other".
_MARKERS: dict[str, frozenset[str]] = {
    "nl": _wordset(
        "de het een en van ik je niet op met voor zijn dat ook bij naar maar nog wordt "
        "worden werd heb heeft hebben deze dit wij ze zij mijn uit aan als kan om te "
        "waar wat wel geen onze jaar binnen tussen door"
    ),
    "en": _wordset(
        "the and of to a with for on that this are was be by from have has i my we "
        "you your our at as an which will were been their work years"
    ),
    "de": _wordset("der und ist nicht mit den das sich auf dem ein eine ich wir auch"),
    "fr": _wordset("le la les et des du un une est pour dans avec sur pas qui je"),
}
_DETECT_CHARS = 20_000  # about three thousand words: enough, and keeps a long PDF cheap
_MIN_MARKER_SHARE = 0.08  # below this share of marker words it is not running nl/en prose
_DOMINANCE = 2.0  # the winner needs twice the runner-up's hits, else "other" (mixed)


def language_scores(text: str) -> dict[str, float]:
    """Share of the first few thousand words that are marker words of each language."""
    tokens = TOKEN_RE.findall(text[:_DETECT_CHARS].lower())
    if not tokens:
        return {lang: 0.0 for lang in _MARKERS}
    counts = Counter(tokens)
    return {lang: sum(counts[w] for w in markers & counts.keys()) / len(tokens)
            for lang, markers in _MARKERS.items()}


def detect_language(text: str) -> str:
    """Return "nl", "en" or "other" (no clear Dutch/English majority: mixed, foreign, no prose)."""
    scores = language_scores(text)
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)
    best, second = ranked[0], ranked[1]
    if best not in LANGUAGES or scores[best] < _MIN_MARKER_SHARE:
        return "other"
    if scores[best] < _DOMINANCE * scores[second]:
        return "other"
    return best
