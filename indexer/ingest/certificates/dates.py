"""The dates on a certificate: labelled expiry and issue dates, and unlabelled ones (nl/en)."""

from __future__ import annotations

import re
from datetime import date, timedelta

# Month names and the abbreviations certificates print, Dutch and English, per month.
_MONTH_NAMES = (
    "januari january jan",
    "februari february feb",
    "maart march mrt mar",
    "april apr",
    "mei may",
    "juni june jun",
    "juli july jul",
    "augustus august aug",
    "september sept sep",
    "oktober october okt oct",
    "november nov",
    "december dec",
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names.split()}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
DATE = re.compile(
    r"(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d)"
    r"|(?P<na>\d{1,2})(?P<sep>[-./])(?P<nb>\d{1,2})(?P=sep)(?P<ny>\d{4}|\d{2})(?!\d)"
    rf"|(?P<dd>\d{{1,2}})(?:st|nd|rd|th|e|ste)?(?:\s+of)?\.?\s+(?P<dm>{_MONTH})\b\.?,?\s+"
    r"(?P<dy>\d{4})"
    rf"|\b(?P<mm>{_MONTH})\b\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>\d{{4}})"
    rf"|\b(?P<om>{_MONTH})\b\.?\s+(?P<oy>\d{{4}})",
    re.IGNORECASE,
)
_GAP = r"[\s:.\-–]*(?:(?:op|on|per|is|was|de|the)\s+)?[\s:]*"
_EXPIRY = (
    r"geldig\s+tot\s+en\s+met|geldig\s+t/m|geldig\s+t\.m\.|geldig\s+tot|geldigheid(?:sdatum)?"
    r"(?:\s+tot)?|vervaldatum|vervalt|verloopt|verlopen|einddatum|herregistratie(?:datum)?"
    r"(?:\s+uiterlijk)?(?:\s+vóór|\s+voor)?|hercertificering(?:\s+vóór|\s+voor)?"
    r"|valid\s+(?:until|till|through|thru|to)|expir(?:y|ation)\s+date|date\s+of\s+expiry"
    r"|expires|expiry|renew(?:al)?\s+(?:before|due)"
)
_ISSUE_STRONG = (
    r"datum\s+van\s+(?:uitgifte|afgifte|registratie)|uitgiftedatum|datum\s+(?:uitgifte|afgifte)"
    r"|afgiftedatum|(?:afgegeven|uitgereikt|behaald|verleend)(?:\s+door\s+[^\n]{1,60}?)?\s+op"
    r"|datum\s+behaald|examendatum|datum\s+examen|registratiedatum|(?:ingeschreven|geregistreerd)"
    r"\s+(?:sinds|op)|geldig\s+van(?:af)?|geldig\s+vanaf|issued(?:\s+by\s+[^\n]{1,60}?)?\s+on"
    r"|date\s+(?:of\s+issue|issued|awarded|of\s+completion|of\s+registration)"
    r"|(?:issue|registration)\s+date|awarded\s+on"
    r"|completed\s+on|completion\s+date|valid\s+from"
)
_ISSUE_WEAK = r"datum|date|d\.d\.|issued"
_LABELLED = [
    (kind, re.compile(rf"(?<!\w)(?:{labels}){_GAP}(?=\d|[a-z])", re.IGNORECASE))
    for kind, labels in (("expires", _EXPIRY), ("issued", _ISSUE_STRONG), ("issued", _ISSUE_WEAK))
]
_RANGE_TAIL = re.compile(r"\s*(?:tot(?:\s+en\s+met)?|t/m|until|till|through|to|[-–])\s*", re.I)
_BIRTH = re.compile(r"(geboren|geboortedatum|born|date of birth|birth)\W*$", re.IGNORECASE)


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date_at(text: str, pos: int = 0, end_of_month: bool = False) -> tuple[date, int] | None:
    """Parse the date starting exactly at text[pos:]; return it and where it ends."""
    match = DATE.match(text, pos)
    if not match:
        return None
    g = match.groupdict()
    when: date | None
    if g["iy"]:
        when = _make_date(int(g["iy"]), int(g["im"]), int(g["id"]))
    elif g["na"]:
        year = int(g["ny"])
        year += 0 if year >= 100 else (2000 if year < 70 else 1900)
        first, second = int(g["na"]), int(g["nb"])
        # Day first, as Dutch and British write it; month first only when day first is impossible.
        when = _make_date(year, second, first) or _make_date(year, first, second)
    elif g["dd"]:
        when = _make_date(int(g["dy"]), _MONTHS[g["dm"].lower()], int(g["dd"]))
    elif g["mm"]:
        when = _make_date(int(g["my"]), _MONTHS[g["mm"].lower()], int(g["md"]))
    else:
        year, month = int(g["oy"]), _MONTHS[g["om"].lower()]
        # "geldig tot maart 2026" means through the end of March.
        day = 1
        if end_of_month:
            day = ((date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)).day
        when = _make_date(year, month, day)
    return (when, match.end()) if when else None


def find_labelled(text: str) -> tuple[date | None, date | None, set[int]]:
    """First expiry and issue dates that follow a label; the start offsets of dates used."""
    found: dict[str, date] = {}
    used: set[int] = set()
    for kind, pattern in _LABELLED:
        if kind in found:
            continue
        for label in pattern.finditer(text):
            parsed = parse_date_at(text, label.end(), end_of_month=kind == "expires")
            # "Expiry date: ..." must not also count as a bare "date: ..." issue label.
            if parsed is None or label.end() in used:
                continue
            found[kind] = parsed[0]
            used.add(label.end())
            # "geldig van 1-1-2024 tot 1-1-2026": the second date is the expiry.
            tail = _RANGE_TAIL.match(text, parsed[1])
            if kind == "issued" and tail and "expires" not in found:
                second = parse_date_at(text, tail.end(), end_of_month=True)
                if second and second[0] > parsed[0]:
                    found["expires"] = second[0]
                    used.add(tail.end())
            break
    return found.get("issued"), found.get("expires"), used


def unlabelled_dates(text: str) -> list[tuple[int, date]]:
    """(start, date) of every date in *text* that no birth keyword precedes."""
    dates = []
    for match in DATE.finditer(text):
        if _BIRTH.search(text[max(0, match.start() - 30) : match.start()]):
            continue
        parsed = parse_date_at(text, match.start())
        if parsed:
            dates.append((match.start(), parsed[0]))
    return dates
