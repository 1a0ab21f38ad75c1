"""Redact personal data (AVG/GDPR) from document text before it reaches the index.

What goes, each replaced by ``PLACEHOLDER`` (no word characters, so the
analyzers drop it, and it reads as an ellipsis in a snippet):

- e-mail addresses, except the roster's work addresses (``keep_emails``);
- IBANs whose mod-97 check passes;
- dates (and years) of birth near "geboren", "geboortedatum", "geboortejaar",
  "date/year of birth", "DOB", "born";
- phone numbers, Dutch and international, except the roster's work numbers
  (``keep_phones``, compared on digits: +31 (0)20 … equals 020-…);
- BSNs: nine digits, with or without dots/spaces, only when the 11-proef passes;
- home addresses: "Adres:"/"Address:" lines, Dutch streets with a house number,
  English street addresses, Dutch postcodes (1234 AB).

How: every detector scans the original text once and yields spans; kept work
contacts are protected spans that veto overlapping ones; the rest are merged and
replaced in one pass. Detectors start with a character class or literal so the
regex engine can skip ahead quickly, and number patterns only run inside short
"numeric runs": a three-page CV costs well under a millisecond.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Iterator
from functools import lru_cache

logger = logging.getLogger(__name__)

PLACEHOLDER = "[…]"

Span = tuple[int, int]

# ------------------------------------------------------------------ e-mail
_EMAIL_LOCAL = re.compile(r"[\w.%+-]{1,64}$")
_EMAIL_DOMAIN = re.compile(r"@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

# ------------------------------------------------------------------ IBAN
_IBAN = re.compile(r"[A-Z]{2}\d\d(?: ?[A-Z0-9]){11,30}")

# ------------------------------------------------------------------ numbers
# A run of digits and the separators phone numbers and BSNs are written with.
_RUN = re.compile(r"[+(0-9][0-9 ./()\-]{7,}")
_SEP = r"(?:\s?[-./]?\s?|\s?\)\s?)"
_NL_PHONE = re.compile(rf"(?<![\d+])\(?0(?:{_SEP}\d){{9}}(?!\d)")  # ten digits from a 0
_INTL_PHONE = re.compile(
    rf"(?<![\d+])(?:\+|00)\s?[1-9]\d{{0,2}}(?:\s?\(0\))?(?:\s?\(\d{{1,4}}\))?(?:{_SEP}\d){{6,12}}(?!\d)")
# North American numbers as English CVs write them: (555) 123-4567, 555-123-4567, 555.123.4567.
_NANP_PHONE = re.compile(r"(?<![\d+])(?:\([2-9]\d\d\) ?|[2-9]\d\d[-. ])[2-9]\d\d[-. ]\d{4}(?!\d)")
_BSN = re.compile(r"(?<![\d.])(\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3}|\d{9})(?!\d|\.\d)")
_DATE_LIKE = re.compile(r"\(?\d{2}[-/.]\d{2}[-/.](?:19|20)\d{2}(?!\d)")  # 01-09-2010: no phone

# ------------------------------------------------------------------ dates of birth
_MONTHS = (r"jan(?:uari|uary)?|feb(?:ruari|ruary)?|m(?:aa)?rt|march|mar|apr(?:il)?|mei|may|"
           r"jun[ie]?|jul[iy]?|aug(?:ustus|ust)?|sep(?:t(?:ember)?)?|o[ck]t(?:ober)?|"
           r"nov(?:ember)?|dec(?:ember)?")
_DATE = (rf"\d{{1,2}}[-/. ]\d{{1,2}}[-/. ](?:19|20)?\d{{2}}"
         rf"|(?:19|20)\d{{2}}-\d{{1,2}}-\d{{1,2}}"
         rf"|\d{{1,2}}(?:e|st|nd|rd|th)?\.?\s+(?:{_MONTHS})\.?,?\s+(?:19|20)\d{{2}}"
         rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}"
         rf"|(?:19|20)\d{{2}}")
_BIRTH = re.compile(r"[GgBbDdYy](?i:eboren|eboortedatum|eboortedag|eboortejaar|eb\.|"
                    r"ate\s+of\s+birth|ear\s+of\s+birth|irth\s*date|irthday|orn|"
                    r"\.?o\.?b\b\.?)")
# After the keyword: up to 40 characters without digits ("op", ": ", "te Utrecht, op").
_BIRTH_DATE = re.compile(rf"(?i)[^\d\n]{{0,40}}?(?<!\d)({_DATE})(?!\d)")

# ------------------------------------------------------------------ addresses
_LABEL = re.compile(r"(?i)(?:woon|huis|thuis|priv[ée]|post|home|postal|private)?\s*"
                    r"(?:adres|address|woonplaats|residence)[ \t]*")
# A house number after a space; the word before it must end like a street name.
_HOUSE_NUMBER = re.compile(r" (\d{1,4})(?!\d|\s?[-–]\s?\d)"
                           r"(?:\s?[A-Za-z]\b|[- ](?:hs|bis|I{1,3})\b)?")
# Street-name endings; "ervaring", "loopbaan" are why -ring and -baan are not here.
_STREET_ENDINGS = ("straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "dreef",
                   "steeg", "hof", "plantsoen", "markt", "park", "pad", "boulevard", "allee",
                   "burgwal")
_STREET_NAME = re.compile(r"(?:(?:[Vv]an|[Dd]e|[Dd]en|[Dd]er|[Tt]er|[Hh]et|[Oo]ude|[Nn]ieuwe|"
                          r"[A-Z][\w'.-]*)\s){0,3}[A-Z][\w'-]*$")
# English: the street type first (a fast scan), then the number and name before it.
# "Dr", "Pl" and "Ct" are left out: "2019 Head Nurse Dr. Smith" is no address.
_EN_STREET_TYPE = re.compile(r"[SRALDCBWPTG](?:treet|t|oad|d|venue|ve|ane|n|rive|ourt|oulevard|"
                             r"lvd|ay|lace|quare|errace|lose|rescent|ardens)\b\.?")
_EN_STREET_START = re.compile(r"(?<![\w])(\d{1,5})[A-Za-z]?,?\s+(?:[A-Z][\w'-]*\s){1,3}$")
_POSTCODE = re.compile(r"[1-9]\d{3}( ?)(?!SA|SD|SS)[A-Z]{2}(?![\w-])")  # SA/SD/SS never issued
_HOUSE_BEFORE = re.compile(r"\d{1,4}\s?[A-Za-z]?,?\s*$")  # "Kerkstraat 12a, " before it


def redact(text: str, *, keep_phones: Collection[str] = (),
           keep_emails: Collection[str] = ()) -> str:
    """*text* with personal data replaced by PLACEHOLDER; work contacts in keep_* stay."""
    spans: list[Span] = []
    protected: list[Span] = []
    if "@" in text:
        _emails(text, _email_keys(frozenset(keep_emails)), spans, protected)
    if any(c.isdigit() for c in text):
        spans += _ibans(text)
        _numbers(text, _phone_keys(frozenset(keep_phones)), spans, protected)
        spans += _births(text)
        spans += _streets(text)
        spans += _postcodes(text)
    if ":" in text:
        spans += _labelled_addresses(text)
    return _apply(text, spans, protected) if spans else text


def _apply(text: str, spans: list[Span], protected: list[Span]) -> str:
    """Replace the merged spans that do not touch a protected (kept) span."""
    keep = sorted(protected)
    out: list[str] = []
    pos = 0
    for start, end in _merge(s for s in spans if not _overlaps(s, keep)):
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


def _overlaps(span: Span, keep: list[Span]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in keep)


def _word_before(text: str, pos: int) -> bool:
    return pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] == "_")


# ------------------------------------------------------------------ detectors
def _emails(text: str, kept: frozenset[str], spans: list[Span], protected: list[Span]) -> None:
    at = text.find("@")
    while at != -1:
        local = _EMAIL_LOCAL.search(text, max(0, at - 64), at)
        domain = _EMAIL_DOMAIN.match(text, at)
        if local and domain:
            span = (local.start(), domain.end())
            (protected if text[span[0]:span[1]].lower() in kept else spans).append(span)
        at = text.find("@", at + 1)


def _ibans(text: str) -> list[Span]:
    found = []
    for m in _IBAN.finditer(text):
        if _word_before(text, m.start()):
            continue
        raw = m.group(0)  # may run on into a following word: take the longest valid prefix
        for end in (i for i in range(len(raw), 14, -1) if i == len(raw) or raw[i] == " "):
            if iban_valid(raw[:end]):
                found.append((m.start(), m.start() + end))
                break
    return found


def _numbers(text: str, kept: frozenset[str], spans: list[Span],
             protected: list[Span]) -> None:
    """Phones and BSNs, looked for only inside runs of digits and separators."""
    for run in _RUN.finditer(text):
        if _word_before(text, run.start()):  # "ABNA0417…", "ISO9001…": codes, not numbers
            continue
        base, chunk = run.start(), run.group(0)
        for pattern in (_INTL_PHONE, _NL_PHONE, _NANP_PHONE):
            for m in pattern.finditer(chunk):
                span = (base + m.start(), base + m.end())
                if _DATE_LIKE.match(m.group(0)):
                    continue
                (protected if phone_key(m.group(0)) in kept else spans).append(span)
        spans += [(base + m.start(1), base + m.end(1)) for m in _BSN.finditer(chunk)
                  if elfproef(m.group(1))]


def _births(text: str) -> list[Span]:
    found = []
    for m in _BIRTH.finditer(text):
        if _word_before(text, m.start()) or (m.group(0)[-1].isalpha() and m.end() < len(text)
                                             and text[m.end()].isalpha()):
            continue
        date = _BIRTH_DATE.match(text, m.end(), m.end() + 80)
        if date:
            found.append((date.start(1), date.end(1)))
    return found


def _streets(text: str) -> list[Span]:
    found = []
    for m in _HOUSE_NUMBER.finditer(text):
        # "Zorgpad 2019", "Kerkplein 2015": a year after a street-like word is no house number.
        if 1900 <= int(m.group(1)) <= 2099 or not text.endswith(_STREET_ENDINGS, 0, m.start()):
            continue
        name = _STREET_NAME.search(text, max(0, m.start() - 60), m.start())
        if name:
            found.append((name.start(), m.end()))
    for m in _EN_STREET_TYPE.finditer(text):
        if _word_before(text, m.start()):
            continue
        start = _EN_STREET_START.search(text, max(0, m.start() - 80), m.start())
        if start and not 1900 <= int(start.group(1)) <= 2099:
            found.append((start.start(), m.end()))
    return found


def _postcodes(text: str) -> list[Span]:
    # A postcode that reads like a year ("2015 IC", "2013 NC", "2001 IT") is only taken
    # when glued ("2015IC"), labelled "postcode", or right after a house number.
    found = []
    for m in _POSTCODE.finditer(text):
        if _word_before(text, m.start()) or text[m.start() - 1: m.start()] == "-":
            continue
        yearlike = 1900 <= int(text[m.start(): m.start() + 4]) <= 2099
        before = max(0, m.start() - 30)
        if (not yearlike or not m.group(1) or _HOUSE_BEFORE.search(text, before, m.start())
                or "postcode" in text[before: m.start()].lower()):
            found.append(m.span())
    return found


def _labelled_addresses(text: str) -> list[Span]:
    """The rest of a line labelled "Adres:", "Woonadres:", "Home address:", "Woonplaats:"."""
    found = []
    colon = text.find(":")
    while colon != -1:
        line_start = text.rfind("\n", 0, colon) + 1
        # A full match of the line's start: "E-mailadres:", "IP address:" are no home address.
        if colon - line_start < 40 and _LABEL.fullmatch(
                text, line_start + _indent(text, line_start), colon):
            line_end = text.find("\n", colon)
            end = min(line_end if line_end != -1 else len(text), colon + 101)
            value = len(text[colon + 1:end]) - len(text[colon + 1:end].lstrip())
            if end > colon + 1 + value:
                found.append((colon + 1 + value, end))
        colon = text.find(":", colon + 1)
    return found


def _indent(text: str, start: int) -> int:
    n = 0
    while start + n < len(text) and text[start + n] in " \t":
        n += 1
    return n


# ------------------------------------------------------------------ checks and keys
def elfproef(value: str) -> bool:
    """True when *value* (nine digits, separators ignored) passes the BSN 11-proef."""
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) != 9 or not any(digits):
        return False
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0


def iban_valid(value: str) -> bool:
    """True when *value* (spaces ignored) is an IBAN whose mod-97 check passes."""
    compact = value.replace(" ", "").upper()
    if not (15 <= len(compact) <= 34 and compact[:2].isalpha() and compact[2:4].isdigit()
            and compact.isascii() and compact.isalnum()):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


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
    return frozenset(phone_key(p) for p in phones if p and any(c.isdigit() for c in p))


@lru_cache(maxsize=8)
def _email_keys(emails: frozenset[str]) -> frozenset[str]:
    return frozenset(e.strip().lower() for e in emails if e)
