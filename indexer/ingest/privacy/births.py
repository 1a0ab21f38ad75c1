"""Dates and years of birth near a keyword ("geboren", "geb.", "date of birth", "DOB", "born")."""

from __future__ import annotations

import re

from indexer.ingest.privacy.text import Span, word_before

_MONTHS = (r"jan(?:uari|uary)?|feb(?:ruari|ruary)?|m(?:aa)?rt|march|mar|apr(?:il)?|mei|may|"
           r"jun[ie]?|jul[iy]?|aug(?:ustus|ust)?|sep(?:t(?:ember)?)?|o[ck]t(?:ober)?|"
           r"nov(?:ember)?|dec(?:ember)?")
_YEAR = r"(?:19|20)[0-9]{2}"
_DAY = r"[0-9]{1,2}(?:ste|de|st|nd|rd|th|e)?\.?"
_DATE_DIGIT_FIRST = (
    rf"[0-9]{{1,2}}[-/. ][0-9]{{1,2}}[-/. ](?:19|20)?[0-9]{{2}}"
    rf"|{_YEAR}-[0-9]{{1,2}}-[0-9]{{1,2}}"
    rf"|{_DAY}(?:\s{{1,3}}of)?\s{{1,3}}(?:{_MONTHS})\.?,?\s{{1,3}}(?:{_YEAR}|'[0-9]{{2}})"
    rf"|{_YEAR}")
_DATE_MONTH_FIRST = (rf"(?:{_MONTHS})\.?\s{{1,3}}[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s{{1,3}}"
                     rf"(?:{_YEAR}|'[0-9]{{2}})")
# Keywords, matched in the lower-cased text; each alternative starts with a letter (the
# engine skips ahead to it) and is no part of a longer word ("newborn", "geboortezorg").
_BIRTH_KEYWORD = (r"(?:g(?<![\w]g)(?:eboren|eboorte(?:datum|dag|jaar|plaats)?|"
                  r"eb(?:\.|oorte)?\s?dat(?:um|\.)?|eb\.)"
                  r"|d(?<![\w]d)(?:ate\s{1,3}of\s{1,3}birth|\.?o\.?b\.?)"
                  r"|y(?<![\w]y)ear\s{1,3}of\s{1,3}birth"
                  r"|b(?<![\w]b)(?:irth\s{0,3}date|irthday|orn))"
                  r"(?:(?<=[a-z])(?![a-z])|(?<![a-z]))")
_ENGLISH_BIRTH_WORDS = ("born", "birth", "dob", "d.o.b")
_BIRTH_STEMS = ("geb", "birth", "born", "dob", "d.o.b")  # no keyword without one of these
# After the keyword: up to 40 characters without digits ("op", ": ", "te Utrecht, op",
# " en -datum: Utrecht, "), once across a line break (a table cell); then the date,
# from the first digit on. One regex, so a keyword without a date costs no Python.
_BIRTH = re.compile(rf"{_BIRTH_KEYWORD}[^0-9\n]{{0,40}}+(?:\n[^0-9\n]{{0,40}}+)?+"
                    rf"({_DATE_DIGIT_FIRST})(?![0-9])")
# "born April 9, 1989": the date is found first, then the keyword before it.
_MONTH_FIRST = re.compile(rf"(?:{_DATE_MONTH_FIRST})(?![0-9])")
_BIRTH_BEFORE = re.compile(rf"{_BIRTH_KEYWORD}[^0-9\n]{{0,40}}$")


def find_births(low: str) -> list[Span]:
    """Dates of birth, found in the lower-cased text."""
    if not any(stem in low for stem in _BIRTH_STEMS):
        return []
    found = [m.span(1) for m in _BIRTH.finditer(low)]
    if any(word in low for word in _ENGLISH_BIRTH_WORDS):
        for m in _MONTH_FIRST.finditer(low):
            if not word_before(low, m.start()) and _BIRTH_BEFORE.search(
                    low, max(0, m.start() - 60), m.start()):
                found.append(m.span())
    return found
