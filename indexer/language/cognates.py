"""Cognates of Dutch and English words of Latin and Greek stock, by their endings.

Medical and care vocabulary is largely shared: dementie/dementia, psychiatrisch/
psychiatric, palliatief/palliative, carcinoom/carcinoma. A word with one of these
endings is searched in its English forms too; a form English does not have simply
matches nothing. Every rule whose ending fits gives its forms ("infectie" fits both
-tie/-tion and -ie/-ia: dementie is dementia, infectie infection); the spelling
rules (k -> c, f -> ph) are applied to each; at most MAX_FORMS are kept.
"""

from __future__ import annotations

# (Dutch ending, English endings). Longer endings first: "atie" before "tie" before "ie".
ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("atie", ("ation",)),
    ("tie", ("tion",)),
    ("sie", ("sion",)),
    ("logie", ("logy",)),
    ("trie", ("try", "trics")),
    ("ie", ("ia", "y")),
    ("ische", ("ic", "ical")),
    ("isch", ("ic", "ical")),
    ("ieve", ("ive",)),
    ("ief", ("ive",)),
    ("iek", ("ic", "ics")),
    ("teit", ("ty",)),
    ("oom", ("oma",)),
    ("ose", ("osis",)),
    ("aal", ("al",)),
    ("ine", ("in",)),
)
SPELLING = (("k", "c"), ("f", "ph"))  # katheter -> catheter, fysio -> physio
MIN_STEM = 3  # "tie" alone is no word to translate
MAX_FORMS = 6


def english_forms(word: str) -> list[str]:
    """English forms of a folded Dutch *word* by its endings, likeliest first; [] if none."""
    return _forms(word, ENDINGS, SPELLING)


def dutch_forms(word: str) -> list[str]:
    """Dutch forms of a folded English *word* (dementia -> dementie), the rules reversed."""
    return _forms(word, _REVERSED, tuple((new, old) for old, new in SPELLING))


def _forms(word: str, endings: tuple[tuple[str, tuple[str, ...]], ...],
           spelling: tuple[tuple[str, str], ...]) -> list[str]:
    forms = [word[: -len(ending)] + e for ending, targets in endings
             if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM for e in targets]
    for old, new in spelling:
        forms += [f.replace(old, new) for f in forms if old in f]
    return list(dict.fromkeys(f for f in forms if f != word))[:MAX_FORMS]


def _reverse(rules: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[
        tuple[str, tuple[str, ...]], ...]:
    back: dict[str, list[str]] = {}
    for dutch, endings in rules:
        for english in endings:
            back.setdefault(english, []).append(dutch)
    # Longer endings first, as in ENDINGS.
    return tuple(sorted(((e, tuple(d)) for e, d in back.items()), key=lambda r: -len(r[0])))


_REVERSED = _reverse(ENDINGS)
