"""What each demo role knows: the profession behind its title, and the employers on CVs."""

from __future__ import annotations

from indexer.demo.professions import (
    DOCTOR,
    GERIATRIC,
    HR,
    ICT,
    NURSE_IC,
    NURSE_WIJK,
    QUALITY,
    THERAPIST,
    Profession,
)

__all__ = ["EMPLOYERS", "IT_EMPLOYERS", "Profession", "profession"]

EMPLOYERS = (
    "Isala, Zwolle",
    "Deventer Ziekenhuis",
    "Gelre ziekenhuizen, Apeldoorn",
    "Carinova",
    "Buurtzorg Nederland",
    "Saxenburgh Groep",
    "UMC Utrecht",
    "Radboudumc, Nijmegen",
    "Thuiszorg Salland",
    "Zorggroep Sint Maarten",
    "Zorggroep De Linde",
)
IT_EMPLOYERS = (
    "Centric",
    "Pink Elephant",
    "Gemeente Zwolle",
    "ChipSoft",
    "Nexus Nederland",
    "Ordina",
)

_BY_KEYWORD = (
    ("therapeut", THERAPIST),
    ("Intensivist", DOCTOR),
    ("Specialist ouderengeneeskunde", DOCTOR),
    ("IC-", NURSE_IC),
    ("Intensive Care", NURSE_IC),
    ("dementie", GERIATRIC),
    ("geriatrie", GERIATRIC),
    ("Geriatrisch", GERIATRIC),
    ("Systeem", ICT),
    ("Security", ICT),
    ("Applicatie", ICT),
    ("Servicedesk", ICT),
    ("ICT", ICT),
    ("HR", HR),
    ("Recruiter", HR),
    ("Opleiding", HR),
    ("Kwaliteit", QUALITY),
    ("infectie", QUALITY),
    ("veiligheid", QUALITY),
    ("Klachten", QUALITY),
)


def profession(role: str, department: str) -> Profession:
    """The profession behind a role title; the department decides for generic titles."""
    for keyword, prof in _BY_KEYWORD:
        if keyword.lower() in role.lower():
            return prof
    return GERIATRIC if department == "Geriatrie" else NURSE_WIJK
