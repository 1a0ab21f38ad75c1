"""The detection copy every detector scans, and the span helpers they share.

The copy has the original's length: exotic spaces, dashes and apostrophes become
plain ASCII one character for one, and free-standing runs of digits too long for
any number are blanked, so a span found in the copy is a span of the original.
"""

from __future__ import annotations

import re

PLACEHOLDER = "[…]"

Span = tuple[int, int]

# One character for one: exotic spaces become " ", dashes "-", apostrophes "'".
_SPACES = "\t\r\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009" \
          "\u200a\u200b\u202f\u205f\u3000\ufeff"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_QUOTES = "\u2018\u2019\u201b\u00b4\u0060\u02bc\u2032"
NORMALISE = {**{ord(c): " " for c in _SPACES}, **{ord(c): "-" for c in _DASHES},
             **{ord(c): "'" for c in _QUOTES}}
_EXOTIC = re.compile(f"[{re.escape(_SPACES + _DASHES + _QUOTES)}]")
# No detector matches inside a free-standing run of more than 34 digits (the longest IBAN
# has 34 characters; every other number is shorter and needs a non-digit on both sides),
# so such runs are blanked in the detection copy and cost the number patterns nothing.
_LONG_DIGITS = re.compile(r"[0-9](?<![\w.%+-][0-9])[0-9]{34,}+(?![\w.%+@-])")
_BLANK = "\x00"


def detection_copy(text: str) -> str:
    """*text* with plain spaces, dashes and apostrophes, long digit runs blanked (same length)."""
    norm = text.translate(NORMALISE) if _EXOTIC.search(text) else text
    if _LONG_DIGITS.search(norm):
        norm = _LONG_DIGITS.sub(lambda m: _BLANK * len(m.group(0)), norm)
    return norm


def lower(text: str) -> str:
    """*text* lower-cased character for character (same length)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def word_before(text: str, pos: int) -> bool:
    """Whether a word character ends just before *pos*."""
    return pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] == "_")
