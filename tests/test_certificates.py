"""Certificate facts as HR reads them: issue and expiry dates, subject, issuer, kind, validity."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from indexer.ingest.certificates import detect_kind, parse_certificate, validity

D = date

# (wording as real certificates print it, expected issue date, expected expiry date)
DATES = [
    ("Geldig tot 12 maart 2026", None, D(2026, 3, 12)),
    ("geldig t/m 1-9-2025", None, D(2025, 9, 1)),
    ("Vervaldatum: 01-09-2025", None, D(2025, 9, 1)),
    ("Verloopt op 3 jan. 2027", None, D(2027, 1, 3)),
    ("Geldig tot en met 15.10.2027", None, D(2027, 10, 15)),
    ("Geldig tot: mrt 2026", None, D(2026, 3, 31)),
    ("Herregistratie uiterlijk vóór 1 december 2028", None, D(2028, 12, 1)),
    ("Valid until 2026-03-12", None, D(2026, 3, 12)),
    ("Expiry date: 12 March 2026", None, D(2026, 3, 12)),
    ("Expires 03/12/2026", None, D(2026, 12, 3)),  # day first, as in Europe
    ("Expires 12/31/2026", None, D(2026, 12, 31)),  # day first impossible: US order
    ("Valid through September 30, 2025", None, D(2025, 9, 30)),
    ("Datum van uitgifte: 5 februari 2024", D(2024, 2, 5), None),
    ("Behaald op 5-2-2024", D(2024, 2, 5), None),
    ("Afgegeven op 05-02-2024", D(2024, 2, 5), None),
    ("Uitgereikt door NRR op 7 okt. 2024", D(2024, 10, 7), None),
    ("Issued on 5 February 2024", D(2024, 2, 5), None),
    ("Issued on March 5, 2024", D(2024, 3, 5), None),
    ("Date of issue: 2024-02-05", D(2024, 2, 5), None),
    ("Date of issue: 5th of February 2024", D(2024, 2, 5), None),
    ("Registratiedatum: 14 mei 2021", D(2021, 5, 14), None),
    ("Geldig van 1-1-2024 tot 1-1-2026", D(2024, 1, 1), D(2026, 1, 1)),
    ("Valid from 2024-01-01 to 2026-01-01", D(2024, 1, 1), D(2026, 1, 1)),
    ("Expiry date: 12 March 2026\nDate: 12 March 2025", D(2025, 3, 12), D(2026, 3, 12)),
    ("Zwolle, 4 april 2024\nGeldig tot 4 april 2025", D(2024, 4, 4), D(2025, 4, 4)),
    ("Geboortedatum: 2-7-1985\nGeldig t/m 1-9-2025", None, D(2025, 9, 1)),
    ("Geldig tot 31-02-2026", None, None),  # no such day: better unknown than wrong
]


@pytest.mark.parametrize(("wording", "issued", "expires"), DATES)
def test_dates_in_real_wordings(wording: str, issued: date | None, expires: date | None) -> None:
    info = parse_certificate(wording)
    assert (info.issued, info.expires) == (issued, expires)


NRR = """Nederlandse Reanimatieraad
CERTIFICAAT
Basic Life Support en AED
Hierbij wordt verklaard dat
Sanne de Vries
met goed gevolg heeft deelgenomen aan de training Basic Life Support en AED.
Datum van uitgifte: 5 februari 2025
Geldig tot 5 februari 2026
Uitgereikt door: Nederlandse Reanimatieraad (NRR)
Certificaatnummer: NRR-2025-01234"""

BIG = """CIBG - BIG-register
Bewijs van BIG-registratie
Jan Bakker
is ingeschreven in het BIG-register als Verpleegkundige
Registratiedatum: 14 mei 2021
Herregistratie uiterlijk vóór: 14 mei 2026
BIG-nummer: 19012345601"""

ITIL = """PeopleCert
CERTIFICATE OF COMPLETION
This is to certify that Priya Raman has successfully completed the ITIL 4 Foundation exam.
Date of issue: 2023-05-03
Issued by: PeopleCert"""

KINAESTHETICS = """Deelnamebewijs
Ilse Mulder heeft deelgenomen aan de training Kinaesthetics in de zorg.
Datum: 4-4-2024"""

VCA = """Stichting Samenwerken voor Veiligheid
DIPLOMA
Basisveiligheid VCA
Mehmet Yılmaz
Behaald op 2-3-2020
Vervaldatum: 02-03-2030"""


@pytest.mark.parametrize(
    ("text", "name", "issuer", "issued", "expires"),
    [
        (NRR, "BLS / Reanimatie", "Nederlandse Reanimatieraad (NRR)", D(2025, 2, 5), D(2026, 2, 5)),
        (BIG, "BIG-registratie", "BIG-register", D(2021, 5, 14), D(2026, 5, 14)),
        (ITIL, "ITIL 4 Foundation", "PeopleCert", D(2023, 5, 3), None),
        (KINAESTHETICS, "Kinaesthetics in de zorg", "", D(2024, 4, 4), None),
        (VCA, "VCA-basis", "SSVV", D(2020, 3, 2), D(2030, 3, 2)),
    ],
)
def test_whole_certificates(
    text: str, name: str, issuer: str, issued: date, expires: date | None
) -> None:
    info = parse_certificate(text)
    assert (info.name, info.issuer, info.issued, info.expires) == (name, issuer, issued, expires)


def test_title_names_the_certificate_when_the_text_does_not() -> None:
    info = parse_certificate("Geldig tot 1 juni 2026", title="Certificaat Wondzorg")
    assert info.name == "Wondzorg"
    assert info.expires == D(2026, 6, 1)


def test_english_subject_phrase() -> None:
    info = parse_certificate(
        "awarded to Chidi Okafor for successfully completing "
        "Advanced Airway Management on 3 May 2024\nIssued by St Elsewhere Academy"
    )
    assert info.name == "Advanced Airway Management"
    assert info.issuer == "St Elsewhere Academy"


@pytest.mark.parametrize(
    ("relpath", "text", "kind"),
    [
        ("p001/certificates/scan.pdf", "", "certificate"),
        (
            "p001/Certificaten/notes.docx",
            "Curriculum Vitae\nWerkervaring",
            "certificate",
        ),  # folder wins
        ("p001/diplomas/hbo-v.pdf", "", "certificate"),
        ("p001/cv.docx", "certificaat geldig tot 1 juni 2026", "cv"),  # name beats content
        ("p001/CV_Jan_Bakker.pdf", "", "cv"),
        ("p001/Curriculum vitae 2024.docx", "", "cv"),
        ("p001/resume.pdf", "", "cv"),
        ("p001/levensloop.odt", "", "cv"),
        ("p001/BLS-certificaat 2024.pdf", "", "certificate"),
        ("p001/BIG registratie.pdf", "", "certificate"),
        ("p001/deelnamebewijs.pdf", "", "certificate"),
        ("p001/diploma mbo.pdf", "", "certificate"),
        (
            "p001/Bigger picture.docx",
            "Notulen van het teamoverleg",
            "document",
        ),  # BIG must be a word
        ("p001/scan0042.pdf", NRR, "certificate"),
        (
            "p001/scan0043.pdf",
            "Certificate of completion\nThis is to certify that ... is hereby "
            "certified\nValid until 2026-01-01",
            "certificate",
        ),
        (
            "p001/mijn gegevens.docx",
            "Curriculum Vitae\nPersonalia\nWerkervaring\nOpleidingen\n"
            "Certificaten: BLS, geldig tot 1 juni 2026",
            "cv",
        ),
        ("p001/Resumé.docx", "", "cv"),
        (
            "p001/profile.docx",
            "Work experience\n2019 - present nurse\nEducation\nBSc Nursing",
            "cv",
        ),
        (
            "shared/Procedure reanimatie.docx",
            "Alle zorgmedewerkers volgen jaarlijks de BLS-training. "
            + "Het opleidingsbureau bewaakt de vervaldata. " * 300,
            "document",
        ),
        ("shared/Protocol wondzorg.docx", "Doel: decubitus voorkomen.", "document"),
    ],
)
def test_detect_kind(relpath: str, text: str, kind: str) -> None:
    assert detect_kind(relpath, text) == kind


TODAY = D(2026, 11, 27)


@pytest.mark.parametrize(
    ("expires", "expected"),
    [
        (None, "unknown"),
        (TODAY - timedelta(days=1), "expired"),
        (TODAY, "expiring"),  # valid through the day it says
        (TODAY + timedelta(days=90), "expiring"),
        (TODAY + timedelta(days=91), "valid"),
        (TODAY + timedelta(days=3650), "valid"),
    ],
)
def test_validity_edges(expires: date | None, expected: str) -> None:
    assert validity(expires, TODAY) == expected


def test_validity_soon_days_is_a_setting() -> None:
    assert validity(TODAY + timedelta(days=30), TODAY, soon_days=14) == "valid"
