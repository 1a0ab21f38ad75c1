"""The demo roster: about 60 colleagues of Zorggroep De Linde, drawn deterministically."""

from __future__ import annotations

import csv
import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DOMAIN = "delinde.example"
ORGANISATION = "Zorggroep De Linde"
COLUMNS = ("id", "name", "email", "department", "location", "role", "phone", "opt_out")

# Town -> area code; the organisation has four sites in the IJssel region.
LOCATIONS = {"Zwolle": "038", "Deventer": "0570", "Apeldoorn": "055", "Kampen": "038"}

# Department -> (headcount, roles in order of how often they occur).
DEPARTMENTS: dict[str, tuple[int, tuple[str, ...]]] = {
    "Wijkverpleging": (
        14,
        (
            "Wijkverpleegkundige",
            "Verzorgende IG",
            "Wijkverpleegkundige",
            "Verpleegkundige niveau 4",
            "Diabetesverpleegkundige",
            "Wondconsulent",
            "Teamleider wijkverpleging",
        ),
    ),
    "Intensive Care": (
        10,
        (
            "IC-verpleegkundige",
            "IC-verpleegkundige",
            "Intensivist",
            "Teamleider Intensive Care",
        ),
    ),
    "Geriatrie": (
        12,
        (
            "Verpleegkundige geriatrie",
            "Verzorgende IG",
            "Specialist ouderengeneeskunde",
            "Casemanager dementie",
            "Geriatrisch verpleegkundige",
        ),
    ),
    "Fysiotherapie": (7, ("Fysiotherapeut", "Geriatriefysiotherapeut", "Ergotherapeut")),
    "ICT": (
        7,
        (
            "Systeembeheerder",
            "Security officer",
            "Applicatiebeheerder EPD",
            "Servicedesk medewerker",
            "Projectmanager ICT",
        ),
    ),
    "HR": (5, ("HR-adviseur", "Recruiter", "Opleidingscoördinator")),
    "Kwaliteit & Veiligheid": (
        5,
        (
            "Kwaliteitsadviseur",
            "Deskundige infectiepreventie",
            "Arbo- en veiligheidskundige",
            "Klachtenfunctionaris",
        ),
    ),
}
CARE_DEPARTMENTS = frozenset({"Wijkverpleging", "Intensive Care", "Geriatrie", "Fysiotherapie"})

_FIRST = (
    "Anna",
    "Sanne",
    "Lotte",
    "Femke",
    "Inge",
    "Marieke",
    "Esther",
    "Ilse",
    "Judith",
    "Karin",
    "Linda",
    "Monique",
    "Nicole",
    "Petra",
    "Renate",
    "Saskia",
    "Wendy",
    "Yvonne",
    "Anouk",
    "Eva",
    "Jan",
    "Pieter",
    "Mark",
    "Bas",
    "Daan",
    "Erik",
    "Gert",
    "Henk",
    "Jeroen",
    "Joost",
    "Koen",
    "Maarten",
    "Niels",
    "Ruud",
    "Sander",
    "Thijs",
    "Willem",
    "Bram",
    "Lars",
    "Ingrid",
    "Miriam",
    "Hanneke",
    "Gerda",
    "Tineke",
    "Rik",
    "Wouter",
)
_LAST = (
    "de Vries",
    "van Dijk",
    "Bakker",
    "Jansen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Berg",
    "van der Heijden",
    "Schouten",
    "van Beek",
    "Willems",
    "van Vliet",
    "Hoekstra",
    "Maas",
    "Verhoeven",
    "Koster",
    "van Dam",
    "Prins",
    "Blom",
    "Huisman",
    "de Jong",
    "Kuipers",
    "van Wijk",
    "Post",
    "Wolters",
    "Timmerman",
    "Scholten",
    "Ten Brinke",
    "Nijland",
)
# A few colleagues from elsewhere; they write their CVs in English.
_INTERNATIONAL = (
    ("Fatima", "El Amrani"),
    ("Mehmet", "Yılmaz"),
    ("Agnieszka", "Kowalska"),
    ("Priya", "Raman"),
    ("Siobhan", "O'Connor"),
    ("Matteo", "Rossi"),
    ("Chidi", "Okafor"),
)
OPT_OUT_ID = "p059"  # asked not to be findable; their files are still in the share
_ENGLISH_IDS = frozenset({"p017", "p042"})  # Dutch colleagues who keep an English CV


@dataclass(frozen=True)
class Person:
    """One colleague as the demo writes them to people.csv, plus what their documents need."""

    id: str
    first: str
    last: str
    email: str
    department: str
    location: str
    role: str
    phone: str
    opt_out: bool
    lang: str  # "nl" or "en": the language of their CV and most of their certificates
    born: int

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def make_people(rng: random.Random) -> list[Person]:
    """Draw the roster; same generator state, same people."""
    slots = [(dept, roles) for dept, (count, roles) in DEPARTMENTS.items() for _ in range(count)]
    names = [(f, ln) for f in _FIRST for ln in _LAST]
    rng.shuffle(names)
    international = list(_INTERNATIONAL)
    towns = list(LOCATIONS)
    people: list[Person] = []
    seen_emails: set[str] = set()
    role_counter: dict[str, int] = {}
    for number, (dept, roles) in enumerate(slots, start=1):
        pid = f"p{number:03d}"
        # Every ninth colleague is international; spreads them over the departments.
        if number % 9 == 4 and international:
            first, last = international.pop(0)
            lang = "en"
        else:
            first, last = names.pop()
            while any(p.first == first and p.last == last for p in people):
                first, last = names.pop()
            lang = "en" if pid in _ENGLISH_IDS else "nl"
        index = role_counter.get(dept, 0)
        role_counter[dept] = index + 1
        role = roles[index % len(roles)]
        email = f"{_ascii(first)}.{_ascii(last)}@{DOMAIN}"
        if email in seen_emails:
            email = f"{_ascii(first)}.{_ascii(last)}{number}@{DOMAIN}"
        seen_emails.add(email)
        town = towns[(number + index) % len(towns)]
        # Dutch landline numbers have ten digits, the area code included.
        digits = 10 - len(LOCATIONS[town])
        phone = f"{LOCATIONS[town]}-{rng.randint(2 * 10 ** (digits - 1), 10**digits - 1)}"
        people.append(
            Person(
                id=pid,
                first=first,
                last=last,
                email=email,
                department=dept,
                location=town,
                role=role,
                phone=phone,
                opt_out=(pid == OPT_OUT_ID),
                lang=lang,
                born=rng.randint(1962, 1999),
            )
        )
    return people


def write_people_csv(people: list[Person], path: Path) -> None:
    """people.csv in the share convention; UTF-8, comma-separated, header first."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for p in people:
            writer.writerow(
                [
                    p.id,
                    p.name,
                    p.email,
                    p.department,
                    p.location,
                    p.role,
                    p.phone,
                    "1" if p.opt_out else "0",
                ]
            )
