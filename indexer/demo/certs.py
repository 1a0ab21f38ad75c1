"""Demo certificates: which colleague holds what, valid until when, written as PDF or .docx."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from indexer.demo.people import CARE_DEPARTMENTS, OPT_OUT_ID, Person
from indexer.demo.roles import profession
from indexer.demo.writers import add_heading, add_para, new_document, save_docx, write_text_pdf


@dataclass(frozen=True)
class Course:
    name: str  # what parse_certificate returns for it
    course_nl: str
    course_en: str
    issuer: str  # exactly as written after "Uitgereikt door:" / "Issued by:"
    years: int | None  # None: the certificate never expires
    stem: str


# fmt: off
CATALOGUE: dict[str, Course] = {
    "bls": Course("BLS / Reanimatie", "Basic Life Support en AED", "Basic Life Support and AED",
                  "Nederlandse Reanimatieraad (NRR)", 1, "BLS-certificaat"),
    "big": Course("BIG-registratie", "", "", "BIG-register", 5, "BIG-registratie"),
    "vca": Course("VCA-basis", "Basisveiligheid VCA", "Basic Safety VCA",
                  "Stichting Samenwerken voor Veiligheid (SSVV)", 10, "VCA diploma"),
    "wondzorg": Course("Wondzorg", "Wondzorg en decubituspreventie",
                       "Wound care and pressure ulcer prevention", "V&VN Wondconsulenten", 3,
                       "certificaat wondzorg"),
    "medicatie": Course("Medicatieveiligheid", "Medicatieveiligheid en toedienen van medicijnen",
                        "Medication safety and administration", "Vilans", 2,
                        "Medicatieveiligheid"),
    "palliatief": Course("Palliatieve zorg", "Palliatieve zorg in de laatste levensfase",
                         "Palliative care in the last phase of life",
                         "Netwerk Palliatieve Zorg IJssel-Vecht", 3, "Palliatieve zorg"),
    "dementie": Course("Dementie", "Omgaan met dementie en onbegrepen gedrag",
                       "Dementia care and challenging behaviour", "Alzheimer Nederland", 3,
                       "Certificaat dementie"),
    "tilliften": Course("Tilliften", "Veilig werken met de tillift",
                        "Safe patient handling with hoists", "Leerhuis Zorggroep De Linde", 2,
                        "Tilliften"),
    "infectie": Course("Infectiepreventie", "Infectiepreventie en handhygiëne",
                       "Infection prevention and hand hygiene", "Leerhuis Zorggroep De Linde", 2,
                       "Infectiepreventie"),
    "voorbehouden": Course("Voorbehouden handelingen", "Voorbehouden handelingen",
                           "Reserved procedures (voorbehouden handelingen)",
                           "Leerhuis Zorggroep De Linde", 2, "Voorbehouden handelingen"),
    "itil": Course("ITIL 4 Foundation", "", "ITIL 4 Foundation", "PeopleCert", None, "ITIL4"),
    "prince2": Course("PRINCE2 Foundation", "", "PRINCE2 Foundation", "PeopleCert", 3,
                      "PRINCE2 Foundation certificate"),
    "bhv": Course("BHV", "Bedrijfshulpverlening (BHV) basis", "Emergency response (BHV) basic",
                  "NIBHV", 1, "BHV-certificaat"),
    "avg": Course("AVG / Privacy", "AVG en privacy in de zorg", "GDPR and privacy in healthcare",
                  "Leerhuis Zorggroep De Linde", 2, "AVG e-learning"),
}
_ENGLISH_ONLY = frozenset({"itil", "prince2"})
_BIG_ROLES = ("verpleegkundige", "intensivist", "specialist", "fysiotherapeut", "wondconsulent",
              "teamleider", "casemanager")
_NL_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
              "september", "oktober", "november", "december")
_NL_ABBR = ("jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.",
            "nov.", "dec.")
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
# (label, separator, date format): the wordings real certificates use.
_EXPIRY = {
    "nl": (("Geldig tot", " ", "long"), ("Geldig t/m", " ", "short"), ("Vervaldatum", ": ", "pad"),
           ("Verloopt op", " ", "abbr"), ("Geldig tot en met", " ", "dotted")),
    "en": (("Valid until", " ", "iso"), ("Expiry date", ": ", "long_en"),
           ("Expires", " ", "slash"), ("Valid through", " ", "mdy")),
}
_ISSUE = {
    "nl": (("Datum van uitgifte", ": ", "long"), ("Behaald op", " ", "short"),
           ("Afgegeven op", " ", "pad"), ("Datum examen", ": ", "abbr")),
    "en": (("Issued on", " ", "long_en"), ("Date of issue", ": ", "iso"),
           ("Date issued", ": ", "slash"), ("Issued on", " ", "mdy")),
}
# fmt: on
_FORMATS: dict[str, Callable[[date], str]] = {
    "long": lambda d: f"{d.day} {_NL_MONTHS[d.month - 1]} {d.year}",
    "short": lambda d: f"{d.day}-{d.month}-{d.year}",
    "pad": lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    "abbr": lambda d: f"{d.day} {_NL_ABBR[d.month - 1]} {d.year}",
    "dotted": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "iso": lambda d: d.isoformat(),
    "long_en": lambda d: f"{d.day} {_EN_MONTHS[d.month - 1]} {d.year}",
    "slash": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "mdy": lambda d: f"{_EN_MONTHS[d.month - 1]} {d.day}, {d.year}",
}


@dataclass(frozen=True)
class CertRecord:
    """One certificate file the demo wrote, with the facts written into it."""

    person_id: str
    path: str  # relative to the share, with forward slashes
    key: str
    name: str
    issuer: str
    issued: date
    expires: date | None
    lang: str
    wording: tuple[int, int] = (0, 0)


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _dates(
    course: Course, status: str, today: date, rng: random.Random
) -> tuple[date, date | None]:
    if course.years is None:
        return today - timedelta(days=rng.randint(200, 2500)), None
    span = course.years * 365
    offset = {
        "valid": lambda: rng.randint(95, max(120, span - 20)),
        "expiring": lambda: rng.randint(3, 85),
        "expired": lambda: -rng.randint(5, 700),
    }[status]()
    expires = today + timedelta(days=offset)
    return _shift_years(expires, -course.years), expires


def _bls_status(index: int) -> list[str]:
    """Statuses of the BLS certificates of the index-th holder: a fixed, documented mix."""
    if index in (2, 9, 17):
        return ["expired"]  # never renewed
    if index in (5, 13, 21):
        return ["expiring"]
    if index == 11:
        return ["expired", "valid"]  # renewed: the old certificate is still in the folder
    return ["valid"]


def plan_certificates(people: list[Person], today: date, rng: random.Random) -> list[CertRecord]:
    """Decide every certificate: course, language, dates, wording, file name."""
    records: list[CertRecord] = []
    bls_index = 0
    for person in people:
        prof = profession(person.role, person.department)
        keys: list[tuple[str, str]] = []
        for key in prof.certificates:
            if key == "bls":
                if person.department in CARE_DEPARTMENTS and person.id != OPT_OUT_ID:
                    keys.extend(("bls", status) for status in _bls_status(bls_index))
                    bls_index += 1
            elif key == "big":
                if any(word in person.role.lower() for word in _BIG_ROLES):
                    keys.append(("big", _status(rng)))
            elif rng.random() < 0.55 or len(keys) < 2:
                keys.append((key, _status(rng)))
        names: set[str] = set()
        for key, status in keys:
            course = CATALOGUE[key]
            issued, expires = _dates(course, status, today, rng)
            lang = "en" if key in _ENGLISH_ONLY or person.lang == "en" else "nl"
            ext = "pdf" if rng.random() < 0.6 else "docx"
            stem = f"{course.stem} {issued.year}"
            while f"{stem}.{ext}" in names:
                stem += " (2)"
            names.add(f"{stem}.{ext}")
            wording = (rng.randrange(len(_ISSUE[lang])), rng.randrange(len(_EXPIRY[lang])))
            records.append(
                CertRecord(
                    person_id=person.id,
                    path=f"{person.id}/certificates/{stem}.{ext}",
                    key=key,
                    name=course.name,
                    issuer=course.issuer,
                    issued=issued,
                    expires=expires,
                    lang=lang,
                    wording=wording,
                )
            )
    return records


def _status(rng: random.Random) -> str:
    draw = rng.random()
    return "valid" if draw < 0.7 else "expiring" if draw < 0.85 else "expired"


def _line(
    wordings: Mapping[str, tuple[tuple[str, str, str], ...]], lang: str, index: int, when: date
) -> tuple[str, str]:
    label, sep, fmt = wordings[lang][index]
    return label, f"{label}{sep}{_FORMATS[fmt](when)}"


def certificate_lines(record: CertRecord, person: Person) -> list[str]:
    """The certificate's text, line by line, exactly as it appears in the file."""
    course = CATALOGUE[record.key]
    issue = _line(_ISSUE, record.lang, record.wording[0], record.issued)[1]
    expiry = (
        _line(_EXPIRY, record.lang, record.wording[1], record.expires)[1] if record.expires else ""
    )
    number = f"{record.key.upper()}-{record.issued.year}-{abs(hash_id(record.path)) % 100000:05d}"
    if record.key == "big":
        profession_nl = (
            "Arts"
            if "ist" in person.role.lower() and "fysio" not in person.role.lower()
            else "Fysiotherapeut"
            if "fysio" in person.role.lower()
            else "Verpleegkundige"
        )
        if record.lang == "en":
            body = [
                "CIBG - BIG-register",
                "Proof of BIG registration",
                person.name,
                f"is registered in the BIG register as {profession_nl}",
                issue.replace("Issued on", "Date of registration:"),
            ]
        else:
            body = [
                "CIBG - BIG-register",
                "Bewijs van BIG-registratie",
                person.name,
                f"is ingeschreven in het BIG-register als {profession_nl}",
                issue,
            ]
        return [*body, expiry, f"BIG-nummer: {number[-5:]}{person.born % 100:02d}301"]
    if record.lang == "en":
        return [
            course.issuer,
            "CERTIFICATE OF COMPLETION",
            course.course_en,
            "This is to certify that",
            person.name,
            f"has successfully completed the course {course.course_en}.",
            issue,
            expiry,
            f"Issued by: {course.issuer}",
            f"Certificate number: {number}",
        ]
    return [
        course.issuer,
        "CERTIFICAAT",
        course.course_nl,
        "Hierbij wordt verklaard dat",
        person.name,
        f"met goed gevolg heeft deelgenomen aan de training {course.course_nl}.",
        issue,
        expiry,
        f"Uitgereikt door: {course.issuer}",
        f"Certificaatnummer: {number}",
    ]


def hash_id(text: str) -> int:
    """A stable small hash (Python's hash() is salted per process)."""
    value = 0
    for ch in text:
        value = (value * 131 + ord(ch)) % 1_000_003
    return value


def write_certificate(record: CertRecord, person: Person, target: Path) -> None:
    lines = certificate_lines(record, person)
    title = f"Certificaat {record.name}" if record.lang == "nl" else f"Certificate {record.name}"
    path = target / record.path
    if path.suffix == ".pdf":
        sizes = [14, 24, 18, 12, 20, 12, 12, 12, 11, 9]
        write_text_pdf(
            path,
            [(line, sizes[i % len(sizes)]) for i, line in enumerate(lines)],
            title=title,
            author=record.issuer,
        )
        return
    stamp = datetime.combine(record.issued, datetime.min.time()).replace(hour=10)
    doc = new_document(
        record.issuer, title, stamp, stamp, language="en-GB" if record.lang == "en" else "nl-NL"
    )
    for index, line in enumerate(lines):
        if not line:
            continue
        if index in (1, 2):
            add_heading(doc, line, index)
        else:
            add_para(doc, line)
    save_docx(doc, path)
