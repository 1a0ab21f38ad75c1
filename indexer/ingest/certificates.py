"""Document kind detection and certificate facts (subject, issuer, issue/expiry dates; nl/en)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePosixPath

logger = logging.getLogger(__name__)

CV = "cv"
CERTIFICATE = "certificate"
DOCUMENT = "document"

# fmt: off
# Folder names seen in e-portfolios ("kwaliteitspaspoort") and HR shares.
_CERT_FOLDERS = frozenset((
    "certificates", "certificate", "certificaten", "certificaat", "certs", "diplomas", "diploma",
    "diploma's", "diplomas_en_certificaten", "bewijzen", "registraties", "kwaliteitspaspoort",
    "e-portfolio", "scholing",
))
_CV_FOLDERS = frozenset(("cv", "cvs", "cv's", "curriculum", "resume", "resumes"))
# Word-bounded so "cvs-export" or "moscow" decide nothing by accident.
_CV_NAME = re.compile(r"(?<![a-z])(cv|curriculum|r[eé]sum[eé]|levensloop|lebenslauf)(?![a-z])")
_CERT_NAME = re.compile(
    r"certifica|diploma|bewijs|registratie|getuigschrift|(?<![a-z])big(?![a-z])"
)
_CV_MARKERS = (
    "curriculum vitae", "werkervaring", "opleidingen", "opleiding", "personalia", "vaardigheden",
    "work experience", "professional experience", "education", "skills", "employment history",
    "levensloop", "nevenactiviteiten",
)
_CERT_STRONG = (
    "heeft met goed gevolg", "met goed gevolg", "is hereby certified", "hereby certifies",
    "this is to certify", "verklaart dat", "heeft deelgenomen aan", "has successfully completed",
    "for successfully completing", "bewijs van inschrijving", "ingeschreven in het big-register",
    "bewijs van big-registratie", "proof of big registration", "registered in the big register",
)
_CERT_WEAK = (
    "certificaat", "certificate", "diploma", "geldig tot", "geldig t/m", "valid until",
    "vervaldatum", "expiry date", "expires", "uitgereikt", "issued by", "deelnamebewijs",
    "accreditatie", "certificaatnummer", "certificate number",
)
# fmt: on


@dataclass(frozen=True)
class CertificateInfo:
    """What a certificate says about itself; empty strings and None when it does not say."""

    name: str
    issuer: str
    issued: date | None
    expires: date | None


def detect_kind(relpath: str, text: str, title: str = "") -> str:
    """Return "cv", "certificate" or "document"; the folder wins over the name over the content."""
    path = PurePosixPath(relpath.replace("\\", "/").lower())
    for folder in path.parts[:-1]:
        if folder in _CERT_FOLDERS:
            return CERTIFICATE
        if folder in _CV_FOLDERS:
            return CV
    stem = path.stem
    if _CV_NAME.search(stem):
        return CV
    if _CERT_NAME.search(stem):
        return CERTIFICATE
    return _kind_from_content(f"{title}\n{text}")


def _kind_from_content(text: str) -> str:
    # Only the opening counts: a long protocol may mention "certificaat geldig tot" deep down.
    head = text[:4000].lower()
    cv_score = sum(marker in head for marker in _CV_MARKERS)
    if "curriculum vitae" in head or "levensloop" in head:
        cv_score += 2
    strong = any(phrase in head for phrase in _CERT_STRONG)
    cert_score = sum(word in head for word in _CERT_WEAK) + (2 if strong else 0)
    if cv_score >= 2 and cv_score >= cert_score:
        return CV
    # A long text with a few certificate words is a document about certificates.
    if strong and (len(text) < 8000 or cert_score >= 3):
        return CERTIFICATE
    if cert_score >= 2 and len(text) < 4000:
        return CERTIFICATE
    if cv_score >= 2:
        return CV
    return DOCUMENT


# --- dates -----------------------------------------------------------------------------------
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


def _find_labelled(text: str) -> tuple[date | None, date | None, set[int]]:
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


def _unlabelled_dates(text: str) -> list[tuple[int, date]]:
    dates = []
    for match in DATE.finditer(text):
        if _BIRTH.search(text[max(0, match.start() - 30) : match.start()]):
            continue
        parsed = parse_date_at(text, match.start())
        if parsed:
            dates.append((match.start(), parsed[0]))
    return dates


# --- subject ---------------------------------------------------------------------------------
# Canonical names make the same certificate look the same across people and issuers;
# None keeps the matched words (versions matter for ITIL and PRINCE2).
_KNOWN_SUBJECTS: tuple[tuple[re.Pattern[str], str | None], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), canonical)
    for pattern, canonical in (
        (r"\bBIG[- ]?regist(?:ratie|er)\b|\bBIG\b", "BIG-registratie"),
        (r"\bBLS\b|reanimatie|basic life support|\bcpr\b", "BLS / Reanimatie"),
        (r"\bVCA[- ]?VOL\b", "VCA-VOL"),
        (r"\bVCA\b", "VCA-basis"),
        (r"\bITIL\b(?:[ ®]*v?\d)?(?: (?:Foundation|Practitioner|Specialist))?", None),
        (r"\bPRINCE2\b(?:[ ®]*(?:Foundation|Practitioner|Agile))*", None),
        (r"wondzorg|wondverzorging|wound care|decubitus", "Wondzorg"),
        (r"medicatieveiligheid|medication safety|veilig medicatie", "Medicatieveiligheid"),
        (r"palliatieve zorg|palliative care", "Palliatieve zorg"),
        (r"dementie|dementia", "Dementie"),
        (r"tillift|til- en transfer|tiltechniek|patient handling", "Tilliften"),
        (r"infectiepreventie|infection prevention|infection control|hygiëne", "Infectiepreventie"),
        (r"\bBHV\b|bedrijfshulpverlening", "BHV"),
        (r"\bEHBO\b|first aid", "EHBO"),
        (r"voorbehouden handelingen", "Voorbehouden handelingen"),
        (r"diabetes", "Diabeteszorg"),
        (r"\bAVG\b|\bGDPR\b|privacywetgeving", "AVG / Privacy"),
    )
)
_SUBJECT_PHRASES = re.compile(
    r"(?:heeft (?:met goed gevolg )?deelgenomen aan|met goed gevolg(?: afgerond| afgelegd)?:?"
    r"|for successfully completing|has successfully completed|has completed"
    r"|certificaat(?: voor| van)?|certificate(?: of| in| for)?|diploma)"
    r"[ \t:]+(?:(?:de|het|the|een|a)\s+)?(?:(?:cursus|training|opleiding|examen|module|course"
    r"|e-learning|exam)\s+)?(?P<subject>[^\n.;]{3,80})",
    re.IGNORECASE,
)
_SUBJECT_TAIL = re.compile(
    r"\s+(?:afgerond|afgelegd|behaald|voltooid|gevolgd|course|training|volgens|according|op|on"
    r"|d\.d\.|dated)\b.*$",
    re.IGNORECASE,
)
_GENERIC_TITLE = re.compile(
    r"^(?:certifica(?:at|te)|diploma|bewijs|deelnamebewijs|certificate of (?:completion|"
    r"achievement|attendance)|verklaring|registratie)\W*$",
    re.IGNORECASE,
)


def _known_subject(text: str) -> str:
    for pattern, canonical in _KNOWN_SUBJECTS:
        match = pattern.search(text)
        if match:
            return canonical or " ".join(match.group(0).split())
    return ""


def _certificate_name(text: str, title: str) -> str:
    head = "\n".join(text.splitlines()[:25])
    phrase = ""
    for match in _SUBJECT_PHRASES.finditer(head):
        candidate = _SUBJECT_TAIL.sub("", match.group("subject")).strip(" :,-–\"'")
        if (
            candidate
            and not DATE.match(candidate)
            and not candidate.lower().startswith(
                ("nummer", "number", "hierbij", "that", "dat", "aan", "to ")
            )
        ):
            phrase = candidate
            break
    for source in (title, phrase, head):
        known = _known_subject(source)
        if known:
            return known
    if phrase:
        return phrase
    for line in [title, *text.splitlines()[:8]]:
        line = line.strip()
        if line and not _GENERIC_TITLE.match(line) and not _known_issuer(line):
            return re.sub(r"^(?:certificaat|certificate|diploma)\s+", "", line, flags=re.I)[:80]
    return ""


# --- issuer ----------------------------------------------------------------------------------
_KNOWN_ISSUERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), canonical)
    for pattern, canonical in (
        (r"\bNRR\b|Nederlandse Reanimatieraad", "NRR"),
        (r"BIG-register|\bCIBG\b", "BIG-register"),
        (r"\bSSVV\b|Stichting Samenwerken voor Veiligheid", "SSVV"),
        (r"\bV&VN\b|Verpleegkundigen & Verzorgenden Nederland", "V&VN"),
        (r"\bNIBHV\b", "NIBHV"),
        (r"\bPeopleCert\b", "PeopleCert"),
        (r"\bAXELOS\b", "AXELOS"),
        (r"\bEXIN\b", "EXIN"),
        (r"\bEuropean Resuscitation Council\b|\bERC\b", "ERC"),
        (r"Het Oranje Kruis|\bOranje Kruis\b", "Het Oranje Kruis"),
        (r"\bVilans\b", "Vilans"),
        (r"\bNCOI\b", "NCOI"),
        (r"\bLOI\b", "LOI"),
    )
)
_ISSUER_PHRASE = re.compile(
    r"(?:uitgereikt|afgegeven|verstrekt|uitgegeven|issued|awarded|certified)\s+(?:door|by)\s*:?\s*"
    r"(?:(?:de|het|the)\s+)?(?P<issuer>[^\n;]{2,80})",
    re.IGNORECASE,
)


def _known_issuer(text: str) -> str:
    for pattern, canonical in _KNOWN_ISSUERS:
        if pattern.search(text):
            return canonical
    return ""


def _issuer(text: str) -> str:
    match = _ISSUER_PHRASE.search(text)
    if match:
        issuer = match.group("issuer")
        # "uitgereikt door X op 5 maart 2024" / "issued by X on ..." / "X, Utrecht"
        issuer = re.split(r"\s+(?:op|on|d\.d\.|te|in)\s+|\s+\d|,\s", issuer, maxsplit=1)[0]
        issuer = issuer.strip(" \t.:-–")
        if issuer:
            return issuer
    for line in text.splitlines()[:40]:
        known = _known_issuer(line)
        if known:
            return known
    return ""


# --- public ----------------------------------------------------------------------------------
def parse_certificate(text: str, title: str = "") -> CertificateInfo:
    """Read subject, issuer and dates from a certificate's text (Dutch or English wordings)."""
    # PDF text layers end lines with \r\n (pdfium) or lone \r; the patterns work on \n.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    issued, expires, used = _find_labelled(text)
    if issued is None:
        # A certificate with one unlabelled date ("Utrecht, 5 maart 2024") states its issue date.
        spare = [when for start, when in _unlabelled_dates(text) if start not in used]
        if len(spare) == 1 and (expires is None or spare[0] < expires):
            issued = spare[0]
    return CertificateInfo(
        name=_certificate_name(text, title),
        issuer=_issuer(text),
        issued=issued,
        expires=expires,
    )


def validity(expires: date | None, today: date, soon_days: int = 90) -> str:
    """Return "valid", "expiring" (within soon_days, expiry day included), "expired", "unknown"."""
    if expires is None:
        return "unknown"
    # "geldig tot 12 maart" is read as valid through that day: expired only the day after.
    if expires < today:
        return "expired"
    if expires - today <= timedelta(days=soon_days):
        return "expiring"
    return "valid"


__all__ = [  # noqa: RUF022 - grouped by kind, not sorted
    "CERTIFICATE", "CV", "DOCUMENT", "CertificateInfo", "detect_kind", "parse_certificate",
    "parse_date_at", "validity",
]  # fmt: skip
