"""Redact personal data (AVG/GDPR) from document text before it reaches the index.

What goes, each replaced by ``PLACEHOLDER`` (no word characters, so the
analyzers drop it and it reads as an ellipsis in a snippet):

- e-mail addresses, except the roster's work addresses (``keep_emails``);
- IBANs, when the mod-97 check passes;
- dates of birth, near "geboren", "geboortedatum", "date of birth", "DOB", "born";
- phone numbers, Dutch and international, except the roster's work numbers
  (``keep_phones``; compared on digits, so +31 20 … equals 020-…);
- BSNs: nine digits, with or without dots/spaces, only when the 11-proef passes;
- home addresses: "Adres:"/"Address:" lines, Dutch streets with a house number,
  English street addresses, and Dutch postcodes (1234 AB).

The order matters: e-mail first (digits inside an address are not a phone),
IBAN before BSN and phone (an account number holds digit runs), dates of birth
before phones (01-02-1985 is not a phone, but the pass keeps it apart anyway).
Every pattern is guarded by a cheap substring test, so a typical three-page CV
costs well under a millisecond.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Iterable
from functools import lru_cache

logger = logging.getLogger(__name__)

PLACEHOLDER = "[…]"

# ------------------------------------------------------------------ e-mail
_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

# ------------------------------------------------------------------ IBAN
# Country code, check digits, then the account in groups (print form uses groups of 4).
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")

# ------------------------------------------------------------------ date of birth
_MONTHS = (r"jan(?:uari|uary)?|feb(?:ruari|ruary)?|m(?:aa)?rt|march|mar|apr(?:il)?|mei|may|"
           r"jun[ie]?|jul[iy]?|aug(?:ustus|ust)?|sep(?:t(?:ember)?)?|o[ck]t(?:ober)?|"
           r"nov(?:ember)?|dec(?:ember)?")
_DATE = (rf"\d{{1,2}}[-/. ]\d{{1,2}}[-/. ](?:19|20)?\d{{2}}"
         rf"|(?:19|20)\d{{2}}-\d{{1,2}}-\d{{1,2}}"
         rf"|\d{{1,2}}(?:e|st|nd|rd|th)?\.?\s+(?:{_MONTHS})\.?,?\s+(?:19|20)\d{{2}}"
         rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}"
         rf"|(?:19|20)\d{{2}}")
_BIRTH_WORDS = (r"geboren|geboortedatum|geb\.|geboortedag|date\s+of\s+birth|birth\s*date|"
                r"birthday|d\.?o\.?b\.?|born")
# The keyword, then up to 40 characters that are no digits ("op", ": ", "te Utrecht, op"),
# then the date itself: only the date is replaced.
_DOB = re.compile(rf"(?i)\b(?:{_BIRTH_WORDS})(?![\w])[^\d\n]{{0,40}}?(?<![\d])({_DATE})(?!\d)")
_DOB_HINT = re.compile(rf"(?i)\b(?:{_BIRTH_WORDS})")

# ------------------------------------------------------------------ phones
_SEP = r"(?:\s?[-./]?\s?|\s?\)\s?)"  # one separator between digits: space, dash, dot, ')'
# Dutch national form: ten digits from a leading 0 ("06-12345678", "(020) 123 45 67").
_NL_PHONE = re.compile(rf"(?<![\w+])\(?0(?:{_SEP}\d){{9}}(?!\d)")
# International: +CC or 00CC, an optional "(0)", then 6 to 12 more digits.
_INTL_PHONE = re.compile(
    rf"(?<![\w+])(?:\+|00)\s?[1-9]\d{{0,2}}(?:\s?\(0\))?(?:\s?\(\d{{1,4}}\))?(?:{_SEP}\d){{6,12}}"
    rf"(?!\d)")

# ------------------------------------------------------------------ BSN
_BSN = re.compile(r"(?<![\d.,])(\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3}|\d{9})(?![\d]|[.,]\d)")

# ------------------------------------------------------------------ addresses
_ADDRESS_LABEL = re.compile(
    r"(?im)^([ \t]*(?:(?:woon|huis|thuis|priv[ée]|post)?adres|(?:home|postal|private)?"
    r"\s?address|woonplaats|residence)\s*:[ \t]*)(\S[^\n]{0,100})")
# Street-name endings; words like "ervaring" and "loopbaan" rule out -ring and -baan.
_STREET_WORDS = (r"straat|laan|weg|plein|gracht|kade|singel|dijk|dreef|steeg|hof|plantsoen|"
                 r"markt|park|pad|boulevard|allee|burgwal")
_NL_STREET = re.compile(
    rf"\b(?:(?:[Vv]an|[Dd]e|[Dd]en|[Dd]er|[Tt]er|[Hh]et|[Oo]ude|[Nn]ieuwe|[A-Z][\w'.-]*)\s){{0,3}}"
    rf"[A-Z][\w'-]*(?:{_STREET_WORDS})\s+(\d{{1,4}})(?!\d|\s?[-–]\s?\d)"
    rf"(?:\s?[A-Za-z]\b|[- ](?:hs|bis|I{{1,3}})\b)?")
# "Dr", "Pl" and "Ct" are left out: "2019 Head Nurse Dr. Smith" is no address.
_EN_STREET = re.compile(
    r"\b(\d{1,5})[A-Za-z]?,?\s+(?:[A-Z][\w'-]*\s){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|"
    r"Ln|Drive|Court|Boulevard|Blvd|Way|Place|Square|Terrace|Close|Crescent|Gardens)\b\.?")
# Postcode 1000-9999 + two capitals (SA, SD, SS are never issued). A postcode
# that looks like a year ("2015 IC", "2019 VVT") is only taken when glued
# ("2015IC"), labelled, or followed by a capitalised place name.
_POSTCODE = re.compile(r"(?<![\w-])([1-9]\d{3})(\s?)(?!SA|SD|SS)([A-Z]{2})(?![\w-])"
                       r"(?=(\s*,?\s*[A-Z][a-z]{2,})?)")
_POSTCODE_LABEL = re.compile(r"(?i)post(?:code|al\s*code)\s*:?\s*$")


def redact(text: str, *, keep_phones: Collection[str] = (),
           keep_emails: Collection[str] = ()) -> str:
    """*text* with personal data replaced by PLACEHOLDER; work contacts in keep_* stay."""
    if "@" in text:
        kept = _email_keys(frozenset(keep_emails))
        text = _EMAIL.sub(lambda m: m.group(0) if m.group(0).lower() in kept else PLACEHOLDER,
                          text)
    if _has_digit(text):
        text = _redact_numbers(text, frozenset(keep_phones))
    if ":" in text:
        text = _ADDRESS_LABEL.sub(lambda m: m.group(1) + PLACEHOLDER, text)
    return text


_DIGIT = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


def _redact_numbers(text: str, keep_phones: frozenset[str]) -> str:
    text = _IBAN.sub(_iban, text)
    if _DOB_HINT.search(text):
        text = _DOB.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + PLACEHOLDER, text)
    kept = _phone_keys(keep_phones)
    text = _INTL_PHONE.sub(lambda m: _phone(m, kept), text)
    text = _NL_PHONE.sub(lambda m: _phone(m, kept), text)
    text = _BSN.sub(lambda m: PLACEHOLDER if elfproef(m.group(1)) else m.group(0), text)
    text = _NL_STREET.sub(_street, text)
    text = _EN_STREET.sub(lambda m: m.group(0) if 1900 <= int(m.group(1)) <= 2099
                          else PLACEHOLDER, text)  # "2015 Nursing Way" is a year
    return _POSTCODE.sub(_postcode, text)


def _street(m: re.Match[str]) -> str:
    # "Zorgpad 2019", "Kerkplein 2015": a year after a street-like word is no house number.
    return m.group(0) if 1900 <= int(m.group(1)) <= 2099 else PLACEHOLDER


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
            and compact.isalnum()):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _iban(m: re.Match[str]) -> str:
    # The pattern may run on into a following word ("NL91ABNA0417164300 ONTVANGEN"):
    # take the longest prefix, ending on a group boundary, that passes the check.
    raw = m.group(0)
    ends = [i for i in range(len(raw), 0, -1) if i == len(raw) or raw[i] == " "]
    for end in ends:
        if iban_valid(raw[:end]):
            return PLACEHOLDER + raw[end:]
    return raw


# dd-mm-yyyy has ten digits from a leading 0 too: a date, not a phone.
_DATE_LIKE = re.compile(r"\(?\d{2}[-/.]\d{2}[-/.](?:19|20)\d{2}(?!\d)")


def _phone(m: re.Match[str], kept: frozenset[str]) -> str:
    if _DATE_LIKE.match(m.group(0)) or phone_key(m.group(0)) in kept:
        return m.group(0)
    return PLACEHOLDER


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


def _postcode(m: re.Match[str]) -> str:
    number, space, _letters, place = m.group(1), m.group(2), m.group(3), m.group(4)
    yearlike = 1900 <= int(number) <= 2099
    labelled = _POSTCODE_LABEL.search(m.string, max(0, m.start() - 20), m.start()) is not None
    if not yearlike or not space or place or labelled:
        return PLACEHOLDER
    return m.group(0)


def keep_lists(people: Iterable[object]) -> tuple[frozenset[str], frozenset[str]]:
    """(work phones, work e-mails) of roster entries with ``phone``/``email`` attributes."""
    phones = frozenset(str(getattr(p, "phone", "") or "") for p in people) - {""}
    emails = frozenset(str(getattr(p, "email", "") or "") for p in people) - {""}
    return phones, emails
