"""Home addresses: labelled lines, Dutch and English streets with a number, Dutch postcodes.

A labelled place of birth ("Geboorteplaats: ...") goes the same way as a labelled address.
"""

from __future__ import annotations

import re

from indexer.ingest.privacy.text import Span

# A labelled line: "Adres: …", "Woonadres:", "Home address", "Geboorteplaats en -datum: …".
# Found from the label word (a fast substring search), then checked to start its line.
_LABEL_WORDS = ("adres", "address", "woonplaats", "residence", "geboorteplaats", "birthplace",
                "birth place", "place of birth", "place and date of birth")
_LABEL_PREFIX = re.compile(r"[ ]{0,20}(?:(?:woon|huis|thuis|priv[ée]|post|home|postal|private)"
                           r"[ ]{0,3})?", re.IGNORECASE)
_LABEL_REST = re.compile(r"(?:[ ]{1,3}en[ ]{1,3}-?[ ]{0,3}datum)?[ ]{0,20}(:?)[ ]{0,20}"
                         r"([^\n]{0,100})", re.IGNORECASE)
_LABEL_REACH = 40  # the label word starts this close to its line's start
# Street-name endings; "ervaring", "loopbaan" are why -ring and -baan are not here.
_STREET_ENDINGS = ("straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "dreef",
                   "steeg", "hof", "plantsoen", "markt", "park", "pad", "boulevard", "allee",
                   "burgwal")


def _house_number_pattern() -> re.Pattern[str]:
    """A house number after a street-name ending and a space: "…straat 12a", "…laan 3-hs".

    It starts at the digit (the engine skips to digits, rare in prose) and looks back for
    the ending, one look-behind per ending length (a look-behind has a fixed width).
    """
    by_length: dict[int, list[str]] = {}
    for ending in _STREET_ENDINGS:
        by_length.setdefault(len(ending), []).append(ending)
    behind = "|".join(rf"(?<=(?:{'|'.join(endings)}) [0-9])"
                      for _n, endings in sorted(by_length.items()))
    last = "".join(sorted({e[-1] for e in _STREET_ENDINGS}))  # a cheap test before those
    return re.compile(rf"[0-9](?<=[{last}] [0-9])(?:{behind})[0-9]{{0,3}}(?![0-9]| ?- ?[0-9])"
                      r"(?: ?[A-Za-z]\b|[- ](?:hs|bis|I{1,3})\b)?")


_HOUSE_NUMBER = _house_number_pattern()
_YEAR_LIKE = re.compile(r"(?:19|20)[0-9]{2}(?![0-9])")  # "Zorgpad 2019": no house number
# The street's name, read backwards from its ending: the word back to its first capital,
# then up to three capitalised words or particles ("Van", "de", "Oude", "Nieuwe").
_STREET_NAME_REVERSED = re.compile(
    r"[\w'-]{0,40}[A-Z](?: (?:na[Vv]|e[Dd]|ne[Dd]|re[Dd]|re[Tt]|te[Hh]|edu[Oo]|ewuei[Nn]|"
    r"[\w'.-]{0,30}[A-Z])(?![\w'.-])){0,3}")
_STREET_REACH = 60
# English: number, up to three capitalised words, the street type.
# "Dr", "Pl" and "Ct" are left out: "2019 Head Nurse Dr. Smith" is no address.
_EN_STREET = re.compile(r"([0-9](?<![\w][0-9])(?=[0-9]{0,4}+[A-Za-z]?+,?+\s{1,3}+[A-Z])[0-9]{0,4}+)"
                        r"[A-Za-z]?+,?+\s{1,3}+(?:[A-Z][\w'-]{0,30}\s){1,3}"
                        r"[SRALDCBWPTG](?:treet|t|oad|d|venue|ve|ane|n|rive|ourt|oulevard|"
                        r"lvd|ay|lace|quare|errace|lose|rescent|ardens)\b\.?")
_POSTCODE = re.compile(r"[1-9](?<![\w-][1-9])[0-9]{3}( ?)(?!SA|SD|SS)[A-Z]{2}(?![\w-])")
_HOUSE_BEFORE = re.compile(r"[0-9]{1,4} ?[A-Za-z]?,?\s{0,5}$")  # "Kerkstraat 12a, " before it


def find_streets(text: str) -> list[Span]:
    """Dutch streets with a house number ("Kerkstraat 12a") and English street addresses."""
    found = []
    for m in _HOUSE_NUMBER.finditer(text):
        if _YEAR_LIKE.match(text, m.start()):
            continue
        space = m.start() - 1
        name = _STREET_NAME_REVERSED.match(text[max(0, space - _STREET_REACH):space][::-1])
        if name:
            found.append((space - name.end(), m.end()))
    for m in _EN_STREET.finditer(text):
        if not 1900 <= int(m.group(1)) <= 2099:
            found.append(m.span())
    return found


def find_postcodes(text: str) -> list[Span]:
    """Dutch postcodes (1234 AB)."""
    # A postcode that reads like a year ("2015 IC", "2013 NC", "2001 IT") is only taken
    # when glued ("2015IC"), labelled "postcode", or right after a house number.
    found = []
    for m in _POSTCODE.finditer(text):
        yearlike = 1900 <= int(text[m.start(): m.start() + 4]) <= 2099
        before = max(0, m.start() - 30)
        if (not yearlike or not m.group(1) or _HOUSE_BEFORE.search(text, before, m.start())
                or "postcode" in text[before: m.start()].lower()):
            found.append(m.span())
    return found


def find_labelled(text: str, low: str) -> list[Span]:
    """The value of a line labelled "Adres:", "Woonplaats:", "Geboorteplaats en -datum:".

    A full match of the line's start: "E-mailadres:", "IP address:" are no home address.
    A label alone on its line ("Adres" or "Adres:", a table cell) labels the next line.
    """
    found = []
    for word in _LABEL_WORDS:
        at = low.find(word)
        while at != -1:
            span = _label_value(text, at, at + len(word))
            if span:
                found.append(span)
            at = low.find(word, at + 1)
    return found


def _label_value(text: str, at: int, word_end: int) -> Span | None:
    reach = max(0, at - _LABEL_REACH)
    line_start = text.rfind("\n", reach, at) + 1
    if (line_start == 0 and reach > 0) or not _LABEL_PREFIX.fullmatch(text, line_start, at):
        return None
    m = _LABEL_REST.match(text, word_end)
    if m is None:
        return None
    colon, value = m.group(1), m.group(2)
    if value.strip():
        return (m.start(2), m.start(2) + len(value.rstrip())) if colon else None
    line_end = m.end(2)
    if line_end >= len(text) or text[line_end] != "\n":
        return None
    nxt_end = text.find("\n", line_end + 1, line_end + 102)
    nxt = text[line_end + 1: nxt_end if nxt_end != -1 else line_end + 101]
    if not nxt.strip():
        return None
    start = line_end + 1 + len(nxt) - len(nxt.lstrip())
    return (start, line_end + 1 + len(nxt.rstrip()))
