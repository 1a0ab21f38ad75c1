"""Numbers: IBANs, phone numbers, BSNs and rijksregisternummers, each with its check.

Phones of the roster are protected (compared on ``phone_key``), and so are BIG numbers:
the BIG register is public by law. A number that fails its check stays.
"""

from __future__ import annotations

import re
from functools import lru_cache

from indexer.ingest.privacy.text import NORMALISE, Span, word_before

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


def find_ibans(text: str) -> list[Span]:
    """IBANs of a known country and length whose mod-97 check passes."""
    if len(_IBAN_HEAD.findall(text)) * _IBAN_DENSE_SHARE > len(text):
        return [m.span() for m in _IBAN_DENSE.finditer(text) if iban_valid(m.group(0))]
    found = []
    for head in _IBAN_HEAD.finditer(text):
        m = _IBAN.match(text, head.start() - 2)
        if m and iban_valid(m.group(0)):
            found.append(m.span())
    return found


def find_numbers(text: str, kept: frozenset[str], spans: list[Span],
                 protected: list[Span]) -> None:
    """Phones, BSNs and rijksregisternummers, looked for only inside numeric runs."""
    for run in _RUN.finditer(text):
        if word_before(text, run.start()):  # "ABNA0417…", "ISO9001…": codes, not numbers
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


def find_big_numbers(text: str) -> list[Span]:
    """BIG numbers written next to "BIG": protected spans, a public registration."""
    return [m.span(1) for m in _BIG.finditer(text)]


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
def phone_keys(phones: frozenset[str]) -> frozenset[str]:
    """The work numbers to keep, as compared: ``phone_key`` of the detection copy."""
    return frozenset(phone_key(p.translate(NORMALISE)) for p in phones
                     if p and any(c.isdigit() for c in p))
