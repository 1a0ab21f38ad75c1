"""Redact personal data (AVG/GDPR) from document text before it reaches the index.

What goes, each replaced by ``PLACEHOLDER`` (no word characters, so the
analyzers drop it, and it reads as an ellipsis in a snippet):

- e-mail addresses, except the roster's work addresses (``keep_emails``);
- IBANs of a known country (upper or lower case, compact or printed in groups of four)
  whose mod-97 check passes;
- dates (and years) of birth near "geboren", "geb.", "geboortedatum",
  "geboorteplaats en -datum", "geboortejaar", "date/year of birth", "DOB", "born",
  also when the date is on the next line (a docx table row "Geboortedatum | 11-04-1991"
  arrives as two cells joined by a newline);
- phone numbers, Dutch and international ("+31 (0)6 …", "+32 470 …"), with
  non-breaking spaces, en dashes or one line break inside, except the roster's
  work numbers (``keep_phones``, compared on digits: +31 (0)20 … equals 020-…);
- BSNs: nine digits, plain or grouped 3-3-3 / 4-2-3 by spaces, dots or hyphens,
  only when the 11-proef passes (so a personnel number is not eaten);
- Belgian rijksregisternummers (YY.MM.DD-XXX.CC), only when the date part is
  plausible and the mod-97 check passes;
- home addresses: "Adres:"/"Address:"/"Woonplaats:" lines (or the next line when the
  label stands alone, as in a table: a work address under an "Adres" heading goes too),
  Dutch streets with a house number, English street addresses, Dutch postcodes
  (1234 AB); and a labelled place of birth ("Geboorteplaats: …"), which says nothing
  about expertise;
- everything in ``forget``: the names and e-mail addresses of colleagues who were
  removed or objected (see ``redact``).

What stays, on purpose: certificate dates ("Geldig tot 12-05-2027"), years and
periods in a CV ("2010 - 2014"), numbers that fail the checks above, and
BIG-registration numbers: the BIG register is public by law (Wet BIG) and a
colleague's BIG number is exactly the professional registration staff look for.
A BIG number written next to "BIG" is protected, like the roster's work contacts.

Limits: detection is pattern-based. A date of birth without a keyword, a place of birth
without a label, a name in free text (unless in ``forget``), an IBAN with odd spacing and
digits other than ASCII 0-9 (extraction folds full-width ones with NFKC) are not found.

How: the text is first mapped, character for character, onto a detection copy in
which exotic spaces, dashes and apostrophes are plain ASCII, so every span found in
the copy is a span of the original. Every detector scans that copy once and yields
spans; kept work contacts and BIG numbers are protected spans that veto overlapping
ones; forgotten names and e-mails are forced (they win over a protected span); the rest
are merged and replaced in one pass.

Cost: linear in the text. Every repetition is bounded, separators have one way to
match (no catastrophic backtracking), backward looks are capped windows, label words
are found by substring search (no scan back to the line start per colon), patterns
start with a literal or a character class so the regex engine skips ahead, number
patterns only run inside "numeric runs" (long free-standing digit runs are blanked
first), and a detector only runs when the text holds the characters it needs. A
three-page CV costs about a millisecond; 8 MB of "a:", digits, "1 ", spaces, dots or
"@" costs 0.2-0.9 s on two shared cores (it was minutes).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

logger = logging.getLogger(__name__)

PLACEHOLDER = "[…]"

Span = tuple[int, int]

# ------------------------------------------------------------------ detection copy
# One character for one: exotic spaces become " ", dashes "-", apostrophes "'".
_SPACES = "\t\r\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009" \
          "\u200a\u200b\u202f\u205f\u3000\ufeff"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_QUOTES = "\u2018\u2019\u201b\u00b4\u0060\u02bc\u2032"
_NORMALISE = {**{ord(c): " " for c in _SPACES}, **{ord(c): "-" for c in _DASHES},
              **{ord(c): "'" for c in _QUOTES}}
_EXOTIC = re.compile(f"[{re.escape(_SPACES + _DASHES + _QUOTES)}]")
_DIGIT = re.compile(r"[0-9]")
_LETTER = re.compile(r"[A-Za-z]")
_UPPER = re.compile(r"[A-Z]")  # street names and postcodes need a capital
# No detector matches inside a free-standing run of more than 34 digits (the longest IBAN
# has 34 characters; every other number is shorter and needs a non-digit on both sides),
# so such runs are blanked in the detection copy and cost the number patterns nothing.
_LONG_DIGITS = re.compile(r"[0-9](?<![\w.%+-][0-9])[0-9]{34,}+(?![\w.%+@-])")
_BLANK = "\x00"

# ------------------------------------------------------------------ e-mail
_DOMAIN = r"@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,10}\.[A-Za-z]{2,24}"
# The usual address in one pass: a local part of at most 64 characters that starts a word.
_EMAIL = re.compile(rf"\w(?<![\w.%+-]\w)[\w.%+-]{{0,63}}+{_DOMAIN}")
# The rest (a longer run before the "@", ".anna@…"): anchored on the "@", the domain
# forwards, the local part backwards in a capped window.
_EMAIL_DOMAIN = re.compile(_DOMAIN)
_LOCAL_REVERSED = re.compile(r"[\w.%+-]{1,64}")
_EMAIL_DENSE = 50  # an "@" per this many characters makes the one-pass regex cheaper

# ------------------------------------------------------------------ IBAN
# ISO 13616 lengths: an IBAN is checked only at its country's length.
_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}
_IBAN_DIGITS = {ord(c): str(ord(c) - 55) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def _iban_pattern() -> re.Pattern[str]:
    """A country code and two check digits, then exactly as many letters and digits as
    that country's IBAN has, compact or printed in groups of four, and no more.

    Grouped by the code's first letter, and each alternative starts with one character
    class, so the engine rejects a wrong country at once. That it starts a word is
    checked by the callers (``_IBAN_HEAD``, ``_IBAN_DENSE``).
    """
    def rest(length: int) -> str:
        groups, tail = divmod(length - 4, 4)
        printed = f"(?: [A-Za-z0-9]{{4}}){{{groups}}}" + (f" [A-Za-z0-9]{{{tail}}}" if tail else "")
        return f"[0-9][0-9](?: ?[A-Za-z0-9]{{{length - 4}}}|{printed})"

    def either(c: str) -> str:
        return f"[{c}{c.lower()}]"

    by_first: dict[str, list[str]] = {}
    for country, length in sorted(_IBAN_LENGTHS.items()):
        by_first.setdefault(country[0], []).append(either(country[1]) + rest(length))
    alternatives = "|".join(f"{either(first)}(?:{'|'.join(rests)})"
                            for first, rests in by_first.items())
    return re.compile(rf"(?:{alternatives})(?![A-Za-z0-9])")


_IBAN = _iban_pattern()
# The same in one pass over a text full of candidates ("NL91 NL91 …"): no Python per word.
_IBAN_DENSE = re.compile(rf"(?=[A-Za-z][A-Za-z][0-9][0-9])(?<![\w])(?:{_IBAN.pattern})")
_IBAN_DENSE_SHARE = 200  # a candidate per this many characters: take the one-pass regex
# Where one may start: two digits after two letters that start a word. The scan goes
# from digit to digit (rare in prose); the IBAN itself is matched two characters back.
_IBAN_HEAD = re.compile(r"[0-9](?<=[A-Za-z][A-Za-z][0-9])(?<![\w][A-Za-z][A-Za-z][0-9])[0-9]")

# ------------------------------------------------------------------ numbers
# A run of digits and the separators phone numbers and BSNs are written with (a line
# break included: "06-\n12345678"). Number patterns only look inside such runs.
_RUN = re.compile(r"[+(0-9][0-9 ./()\n-]{7,}")
# A separator between two digits, with exactly one way to match any string of
# separators, so a failing number never backtracks exponentially.
_SEP = r"(?:[ \n]{0,2}[-./)][ \n]{0,2}|[ \n]{1,2})?"
_END = r"(?![0-9]|[-/.][0-9])"
# Each alternative starts with one literal or character class, so the regex engine skips
# a failing one at once; the empty group at its end names the kind. The guard first:
# every kind starts with "+", "(", a 0 and a digit 1-9, or two digits (hostile "1 1 1 …",
# "0 0 0 …" runs).
_NUMBER = re.compile(
    r"(?=[+(]|0[-./) \n]{0,5}[1-9]|[0-9][0-9])(?<![0-9+])(?<![0-9][-/.])(?:"
    # international: +31 (0)6 12345678, 0032 470 12 34 56, +44 (20) 7946 0958
    r"[+0](?:(?<=\+)|0)[ ]?[1-9][0-9]{0,2}(?:[ ]?\(0\))?(?:[ ]?\([0-9]{1,4}\))?"
    rf"(?:{_SEP}[0-9]){{6,12}}{_END}(?P<intl>)"
    # Dutch: ten digits from a 0 and an area or mobile code (1-9: "00" is international)
    rf"|[(0](?:(?<=\()0|(?<=0))(?=[-./) \n]{{0,5}}[1-9])(?:{_SEP}[0-9]){{9}}{_END}(?P<nl>)"
    # Belgian rijksregisternummer: 85.04.05-123.85, 85040512385
    r"|[0-9][0-9](?P<s2>[. ]?)[0-9]{2}(?P=s2)[0-9]{2}[-. ]?[0-9]{3}[-. ]?[0-9]{2}"
    rf"{_END}(?P<rrn>)"
    # BSN: 123456782, 123 456 782, 123-456-782, 1234.56.782, 1234 56 782
    rf"|[0-9][0-9]{{2}}(?P<s3>[ .-]?)[0-9]{{3}}(?P=s3)[0-9]{{3}}{_END}(?P<bsn>)"
    rf"|[0-9][0-9]{{3}}(?P<s4>[ .-]?)[0-9]{{2}}(?P=s4)[0-9]{{3}}{_END}(?P<bsn4>)"
    # North American numbers as English CVs write them: (555) 123-4567, 555-123-4567.
    r"|[(2-9](?:(?<=\()[2-9][0-9][0-9]\) ?|(?<=[2-9])[0-9][0-9][-. ])[2-9][0-9][0-9][-. ]"
    r"[0-9]{4}(?![0-9])(?P<nanp>))")
_DATE_LIKE = re.compile(r"\(?[0-9]{2}[-/.][0-9]{2}[-/.](?:19|20)[0-9]{2}(?![0-9])")  # no phone
# "BIG-nummer: 19012345601": a public professional registration, kept.
_BIG = re.compile(r"BIG(?![A-Za-z])[^0-9\n]{0,30}?([0-9]{11})(?![0-9])")

# ------------------------------------------------------------------ dates of birth
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

# ------------------------------------------------------------------ addresses
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

# ------------------------------------------------------------------ forgotten people
# Words that start a Dutch (or Belgian, French, German) surname: "Nicole de Wit".
_PARTICLES = frozenset(["van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "in", "op",
    "aan", "auf", "d'", "da", "das", "del", "della", "des", "di", "do", "dos", "du", "la", "le",
    "lo", "los", "vom", "von", "zu", "zum", "zur"])
_EXTRA_FOLD = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i", "ħ": "h", "ŧ": "t"}
_MARKS = "[\u0300-\u036f]*"  # decomposed accents in the text: "Zoe\u0308"
_COMBINING = re.compile("[\u0300-\u036f]")
_LETTERS = re.compile(r"[^\W\d_]+")
_FEW_NAMES = 16  # up to this many, a substring test per name beats listing the words
_PARTICLES_BEFORE = re.compile(rf"(?<!\w)(?:(?:{'|'.join(map(re.escape, sorted(_PARTICLES)))})"
                               r"\s+){1,3}$")


def redact(text: str, *, keep_phones: Collection[str] = (), keep_emails: Collection[str] = (),
           forget: Iterable[str] = ()) -> str:
    """*text* with personal data replaced by PLACEHOLDER; work contacts in keep_* stay.

    *forget* holds names and e-mail addresses of colleagues who were removed or
    objected. Every occurrence goes, whatever the keep_* say, compared case-
    insensitively, ignoring diacritics (Zoë = Zoe) and across any whitespace:

    - an e-mail address as a whole address (not inside a longer one), and its local
      part on its own when it reads like a login ("nicole.dewit");
    - a name of at least a given name and a surname: "Nicole de Wit", also written
      "N. de Wit", "N.de Wit", "De Wit, Nicole", "Wit, N. de"; with several given names
      ("Anna Maria de Vries") also "Anna de Vries" and "A.M. de Vries". An initial needs
      its dot. A single word ("Nicole", "Wit") or a bare surname ("de Wit") is never
      forgotten on its own: too many other people and words share it.
    """
    if not text:
        return text
    norm = text.translate(_NORMALISE) if _EXOTIC.search(text) else text
    if _LONG_DIGITS.search(norm):
        norm = _LONG_DIGITS.sub(lambda m: _BLANK * len(m.group(0)), norm)
    low = _lower(norm)
    spans: list[Span] = []
    protected: list[Span] = []
    forced: list[Span] = []
    plan = _forget_plan(_forget_key(forget)) if forget else _NO_FORGET
    if "@" in norm:
        _emails(norm, _email_keys(frozenset(keep_emails)), plan.emails, spans, protected,
                forced)
    if _DIGIT.search(norm):  # each detector only where it can match at all
        _numbers(norm, _phone_keys(frozenset(keep_phones)), spans, protected)
        if _LETTER.search(norm):
            protected += [m.span(1) for m in _BIG.finditer(norm)]
            spans += _ibans(norm)
            spans += _births(low)
        if _UPPER.search(norm):
            spans += _streets(norm)
            spans += _postcodes(norm)
    spans += _labelled(norm, low)
    forced += _forgotten(norm, plan)
    return _apply(text, spans, protected, forced) if spans or forced else text


def _apply(text: str, spans: list[Span], protected: list[Span], forced: list[Span]) -> str:
    """Replace the merged spans that do not touch a protected (kept) span, and the forced."""
    keep = _merge(iter(protected))
    keep_ends = [e for _s, e in keep]
    chosen = [s for s in spans if not _overlaps(s, keep, keep_ends)] + forced
    out: list[str] = []
    pos = 0
    for start, end in _merge(iter(chosen)):
        out += [text[pos:start], PLACEHOLDER]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _merge(spans: Iterator[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _overlaps(span: Span, keep: list[Span], keep_ends: list[int]) -> bool:
    """Whether *span* overlaps one of *keep* (merged, sorted; ends in *keep_ends*)."""
    i = bisect_right(keep_ends, span[0])
    return i < len(keep) and keep[i][0] < span[1]


def _word_before(text: str, pos: int) -> bool:
    return pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] == "_")


# ------------------------------------------------------------------ detectors
def _emails(text: str, kept: frozenset[str], forgotten: frozenset[str], spans: list[Span],
            protected: list[Span], forced: list[Span]) -> None:
    """E-mail addresses: kept ones protected, forgotten ones forced, the rest redacted."""

    def add(span: Span) -> None:
        address = text[span[0]:span[1]].lower()
        (forced if address in forgotten else protected if address in kept else spans).append(span)

    ats = text.count("@")
    # Many "@"s: one regex pass over the text; a few: look around each "@" only.
    found = [m.span() for m in _EMAIL.finditer(text)] if ats * _EMAIL_DENSE > len(text) else []
    for span in found:
        add(span)
    if len(found) == ats:
        return
    covered = {text.find("@", start) for start, _end in found}
    for domain in _EMAIL_DOMAIN.finditer(text):
        at = domain.start()
        if at in covered:
            continue
        local = _LOCAL_REVERSED.match(text[max(0, at - 64):at][::-1])
        if not local:
            continue
        start = at - local.end()
        while start < at and text[start] in ".%+-":  # no address starts with these
            start += 1
        if start == at:
            continue
        add((start, domain.end()))


def _ibans(text: str) -> list[Span]:
    if len(_IBAN_HEAD.findall(text)) * _IBAN_DENSE_SHARE > len(text):
        return [m.span() for m in _IBAN_DENSE.finditer(text) if iban_valid(m.group(0))]
    found = []
    for head in _IBAN_HEAD.finditer(text):
        m = _IBAN.match(text, head.start() - 2)
        if m and iban_valid(m.group(0)):
            found.append(m.span())
    return found


def _numbers(text: str, kept: frozenset[str], spans: list[Span],
             protected: list[Span]) -> None:
    """Phones, BSNs and rijksregisternummers, looked for only inside numeric runs."""
    for run in _RUN.finditer(text):
        if _word_before(text, run.start()):  # "ABNA0417…", "ISO9001…": codes, not numbers
            continue
        base, chunk = run.start(), run.group(0)
        for m in _NUMBER.finditer(chunk):
            kind, value = m.lastgroup, m.group(0)
            span = (base + m.start(), base + m.end())
            if kind in ("bsn", "bsn4"):
                if elfproef(value):
                    spans.append(span)
            elif kind == "rrn":
                if rijksregister_valid(value):
                    spans.append(span)
            elif value.count("\n") <= 1 and not _DATE_LIKE.match(value):  # a phone
                (protected if kept and phone_key(value) in kept else spans).append(span)


def _births(low: str) -> list[Span]:
    """Dates of birth, found in the lower-cased text."""
    if not any(stem in low for stem in _BIRTH_STEMS):
        return []
    found = [m.span(1) for m in _BIRTH.finditer(low)]
    if any(word in low for word in _ENGLISH_BIRTH_WORDS):
        for m in _MONTH_FIRST.finditer(low):
            if not _word_before(low, m.start()) and _BIRTH_BEFORE.search(
                    low, max(0, m.start() - 60), m.start()):
                found.append(m.span())
    return found


def _streets(text: str) -> list[Span]:
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


def _postcodes(text: str) -> list[Span]:
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


def _labelled(text: str, low: str) -> list[Span]:
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


def _lower(text: str) -> str:
    """*text* lower-cased character for character (same length)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# ------------------------------------------------------------------ forgotten people
@dataclass(frozen=True)
class _Name:
    """A forgotten name: a word it cannot be written without, and its written forms."""

    anchor: str  # the longest run of letters in the last word ("wit", "vries")
    forms: tuple[str, ...]  # given name first; patterns over folded text, from a letter
    core: str  # surname first: "wit" (a preceding "de" is taken along) …
    after: str  # … then ", nicole", ", n.", ", n. de"


@dataclass(frozen=True)
class _ForgetPlan:
    emails: frozenset[str]  # whole addresses, lower-cased
    logins: tuple[str, ...]  # local parts that read like a login ("nicole.dewit")
    names: tuple[_Name, ...]


_NO_FORGET = _ForgetPlan(frozenset(), (), ())


def _fold_char(c: str) -> str:
    """One character, lower-cased and without diacritics, as one character."""
    low = c.lower()
    if len(low) != 1:
        return c
    if low.isascii():
        return low
    if low in _EXTRA_FOLD:
        return _EXTRA_FOLD[low]
    base = [x for x in unicodedata.normalize("NFKD", low) if not unicodedata.combining(x)]
    return base[0] if len(base) == 1 else low


def _folded(text: str) -> str:
    """*text* lower-cased and without diacritics, character for character (same length)."""
    low = _lower(text)
    if low.isascii():
        return low
    return low.translate({ord(c): _fold_char(c) for c in set(low) if not c.isascii()})


def _fold_name(value: str) -> str:
    return " ".join("".join(_fold_char(c) for c in unicodedata.normalize("NFC", value)
                            if not unicodedata.combining(c)).split())


def _forget_key(forget: Iterable[str]) -> frozenset[str]:
    return frozenset(v for v in (_fold_name(str(f)) for f in forget) if v)


def _lit(word: str, first: bool = False) -> str:
    """A folded word as a pattern: accents may follow each letter, hyphens may be spaced.

    With *first*, the word starts the pattern: its first letter comes before the test
    that no word character precedes it, so the regex engine can skip ahead to it.
    """
    parts = []
    for i, c in enumerate(word):
        if c == "-":
            parts.append(r"\s*-\s*")
        elif c.isalpha():
            parts.append(re.escape(c) + (r"(?<!\w.)" if first and i == 0 else "") + _MARKS)
        else:
            parts.append(re.escape(c))
    return "".join(parts)


def _name_forms(name: str) -> _Name | None:
    """The forms of a folded full name; None for a single word or a bare surname."""
    if "," in name:  # "de Wit, Nicole" as a register writes it
        surname_part, _, given_part = name.partition(",")
        words = given_part.split() + surname_part.split()
    else:
        words = name.split()
    if len(words) < 2 or words[0] in _PARTICLES:
        return None
    # The surname starts at its first particle or double-barrelled word, else it is the
    # last word: "Nicole | de Wit", "Jan | Jansen-de Boer", "Anna Maria | Jansen".
    cut = next((i for i in range(1, len(words)) if words[i] in _PARTICLES or "-" in words[i]),
               len(words) - 1)
    given, surname = words[:cut], words[cut:]
    particles = [w for w in surname if w in _PARTICLES]
    core = [w for w in surname if w not in _PARTICLES]
    anchor = max(re.findall(r"[^\W\d_]+", words[-1]) or [""], key=len)
    if not core or not anchor or not all(g[0].isalpha() for g in given):
        return None
    ws = r"\s+"

    def seq(items: list[str], start: bool = False) -> str:
        return ws.join(_lit(w, first=start and i == 0) for i, w in enumerate(items))

    full_surname = seq(surname)
    initials = r"\s*".join(_lit(g[0]) + r"\." for g in given)  # "A.M.", "A. M."
    first_initial = _lit(given[0][0], first=True) + r"\."
    more_initials = "".join(r"\s*" + _lit(g[0]) + r"\." for g in given[1:])
    forms = [seq(given, True) + ws + full_surname,  # Nicole de Wit, Anna Maria de Vries
             _lit(given[0], first=True) + ws + full_surname,  # Anna de Vries
             first_initial + more_initials + r"\s*" + full_surname,  # A.M. de Vries
             first_initial + r"\s*" + full_surname]  # N. de Wit, A. de Vries
    given_after = "|".join(dict.fromkeys([seq(given), _lit(given[0]), initials,
                                          _lit(given[0][0]) + r"\."]))
    trailing = rf"(?:\s*{seq(particles)})?" if particles else ""
    return _Name(anchor, tuple(dict.fromkeys(f + r"(?!\w)" for f in forms)), seq(core, True),
                 rf"(?:{given_after}){trailing}(?!\w)")


@lru_cache(maxsize=16)
def _forget_plan(items: frozenset[str]) -> _ForgetPlan:
    emails, logins, names = set(), [], []
    for item in sorted(items):
        if "@" in item:
            address = item.replace(" ", "")
            emails.add(address)
            local = address.partition("@")[0]
            if len(local) >= 5 and re.fullmatch(r"[a-z][a-z0-9]*(?:[._-][a-z0-9]+)+", local):
                logins.append(local)
        elif (name := _name_forms(item)) is not None:
            names.append(name)
    return _ForgetPlan(frozenset(emails), tuple(dict.fromkeys(logins)), tuple(names))


def _forgotten(text: str, plan: _ForgetPlan) -> list[Span]:
    """Spans of the forgotten names and logins (whole addresses go with the e-mails)."""
    if not plan.names and not plan.logins:
        return []
    folded = _folded(text)
    # Only names whose anchor word occurs are looked for: most texts name none of them.
    probe = _COMBINING.sub("", folded) if _COMBINING.search(folded) else folded
    if len(plan.names) > _FEW_NAMES:
        words = set(_LETTERS.findall(probe))
        names = tuple(n for n in plan.names if n.anchor in words)
    else:
        names = tuple(n for n in plan.names if n.anchor in probe)
    logins = tuple(login for login in plan.logins if login in probe)
    if not names and not logins:
        return []
    found = []
    for m in _names_pattern(names, logins).finditer(folded):
        start = m.start()
        if m.lastgroup == "surname_first":  # take a "de", "van der" before it along
            before = _PARTICLES_BEFORE.search(folded, max(0, start - 20), start)
            start = before.start() if before else start
        found.append((start, m.end()))
    return found


@lru_cache(maxsize=64)
def _names_pattern(names: tuple[_Name, ...], logins: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for these names and logins; surname-first forms grouped by surname."""
    forms = list(dict.fromkeys(f for n in names for f in n.forms))
    forms += [rf"{_lit(login, first=True)}(?![\w@-]|\.\w)" for login in logins]
    by_core: dict[str, list[str]] = {}
    for n in names:
        by_core.setdefault(n.core, []).append(n.after)
    surname_first = "|".join(rf"{core}\s*,\s*(?:{'|'.join(dict.fromkeys(after))})"
                             for core, after in by_core.items())
    if surname_first:
        forms.append(rf"(?:{surname_first})(?P<surname_first>)")
    return re.compile("|".join(forms))


# ------------------------------------------------------------------ checks and keys
def elfproef(value: str) -> bool:
    """True when *value* (nine digits, separators ignored) passes the BSN 11-proef."""
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) != 9 or not any(digits):
        return False
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0


def rijksregister_valid(value: str) -> bool:
    """True when *value* (11 digits, separators ignored) is a Belgian rijksregisternummer.

    YYMMDD (month + 20 or + 40 for a bisnummer, 00 when unknown), a serial of three
    digits, and a check of 97 minus the first nine digits mod 97 (with a 2 in front
    for those born from 2000 on).
    """
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) != 11:
        return False
    month, day = int(digits[2:4]) % 20, int(digits[4:6])
    if int(digits[2:4]) > 52 or month > 12 or day > 31:
        return False
    first, check = int(digits[:9]), int(digits[9:])
    return check in (97 - first % 97, 97 - (2_000_000_000 + first) % 97)


def iban_valid(value: str) -> bool:
    """True when *value* (spaces ignored) is an IBAN whose mod-97 check passes."""
    compact = value.replace(" ", "").upper()
    if not (15 <= len(compact) <= 34 and compact[:2].isalpha() and compact[2:4].isdigit()
            and compact.isascii() and compact.isalnum()):
        return False
    rearranged = compact[4:] + compact[:4]
    return int(rearranged.translate(_IBAN_DIGITS)) % 97 == 1


def phone_key(value: str) -> str:
    """A phone number's digits in Dutch national form, for comparing (+31 (0)20… = 020…)."""
    international = value.lstrip().startswith("+")
    digits = "".join(c for c in value.replace("(0)", "") if c.isdigit())
    if international:
        digits = "00" + digits
    if digits.startswith("0031"):
        digits = "0" + digits[4:]
    return digits


@lru_cache(maxsize=8)
def _phone_keys(phones: frozenset[str]) -> frozenset[str]:
    return frozenset(phone_key(p.translate(_NORMALISE)) for p in phones
                     if p and any(c.isdigit() for c in p))


@lru_cache(maxsize=8)
def _email_keys(emails: frozenset[str]) -> frozenset[str]:
    return frozenset(e.strip().lower() for e in emails if e)
