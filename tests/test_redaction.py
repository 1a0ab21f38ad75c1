"""The redactor as a table: each form of personal data it must take out, each thing it
must leave alone, the names of colleagues who are forgotten, and its cost on hostile text.

A row is ``(text, expected)``: the expected text is the input with exactly the personal
data replaced by the placeholder, so the words around it are checked to stay too.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from finder.settings import Settings
from finder.web.app import create_app
from indexer.batch import run_batch
from indexer.ingest.privacy import PLACEHOLDER, redact, rijksregister_valid
from indexer.language.words import is_identifier
from tests.share import P, write_docx, write_people

X = PLACEHOLDER
KEEP_PHONES = ["020-5551234", "038-4441234"]
KEEP_EMAILS = ["anna.devries@zorg.example", "bram.jansen@zorg.example"]


def _redact(text: str, **kw: object) -> str:
    return redact(text, keep_phones=KEEP_PHONES, keep_emails=KEEP_EMAILS, **kw)  # type: ignore[arg-type]


GONE = [
    # BSN, every way it is written, only when the 11-proef passes
    ("BSN 123-456-745 bekend", f"BSN {X} bekend"),
    ("BSN: 1234 56 769, bekend", f"BSN: {X}, bekend"),
    ("sofinummer 123.456.745 graag", f"sofinummer {X} graag"),
    ("BSN 123456782 en sondevoeding", f"BSN {X} en sondevoeding"),
    ("BSN 1112.22.333 en stomazorg", f"BSN {X} en stomazorg"),
    ("BSN 123\u2013456\u2013745 (en dash)", f"BSN {X} (en dash)"),
    # phone numbers
    ("Bel 06\u201312345605 gerust", f"Bel {X} gerust"),
    ("Bel 06\u00a012345605 gerust", f"Bel {X} gerust"),
    ("Bel 06\u202f1234\u00a05605 gerust", f"Bel {X} gerust"),
    ("Mobiel +31 (0)6 12345678 of mail", f"Mobiel {X} of mail"),
    ("Mobiel 0031 6 12345678 of mail", f"Mobiel {X} of mail"),
    ("Belgisch nummer +32 470 12 34 56 (privé)", f"Belgisch nummer {X} (privé)"),
    ("Tel. 06-\n12345678 thuis", f"Tel. {X} thuis"),
    ("Tel. 038 123\n4567 thuis", f"Tel. {X} thuis"),
    ("Tel. 06-1234\r\n5678 thuis", f"Tel. {X} thuis"),
    ("Privé 010 - 123 45 67 gerust", f"Privé {X} gerust"),
    ("In London (+44 20 7946 0958) geleerd", f"In London ({X}) geleerd"),
    ("Call (555) 223-4567 anytime", f"Call {X} anytime"),
    # dates of birth
    ("Geboorteplaats en -datum: Utrecht, 7 april 1987\nWerkervaring",
     f"Geboorteplaats en -datum: {X}\nWerkervaring"),
    ("Ik ben geboren 8 april '88 in Zwolle.", f"Ik ben geboren {X} in Zwolle."),
    ("Ik ben geboren 8 april \u201988 in Zwolle.", f"Ik ben geboren {X} in Zwolle."),
    ("I was Born on the 9th of April 1989 in York.", f"I was Born on the {X} in York."),
    ("I was born April 9, 1989 in York.", f"I was born {X} in York."),
    ("Naam\nAnna\nGeboortedatum\n11-04-1991\nNationaliteit",
     f"Naam\nAnna\nGeboortedatum\n{X}\nNationaliteit"),
    ("Geboortedatum | 11-04-1991 | Utrecht", f"Geboortedatum | {X} | Utrecht"),
    ("Anna Jansen, geb. 12-03-1985, verpleegkundige", f"Anna Jansen, geb. {X}, verpleegkundige"),
    ("DOB: 1985-03-12, nurse", f"DOB: {X}, nurse"),
    ("D.O.B. 3 March 1985, nurse", f"D.O.B. {X}, nurse"),
    ("Geboren op 17 november 1977 te Deventer", f"Geboren op {X} te Deventer"),
    ("Geboortejaar: 1975 · Nationaliteit: NL", f"Geboortejaar: {X} · Nationaliteit: NL"),
    ("Geboorteplaats: Deventer\nOpleiding", f"Geboorteplaats: {X}\nOpleiding"),
    # Belgian rijksregisternummer (mod 97; a 2 in front for those born from 2000)
    ("Rijksregisternummer 85.04.05-123.85 (België)", f"Rijksregisternummer {X} (België)"),
    ("INSZ 85040512385 bekend", f"INSZ {X} bekend"),
    ("INSZ 05.04.05-123.83 bekend", f"INSZ {X} bekend"),
    # IBAN: upper or lower case, compact or in groups of four
    ("rekening nl91abna0417164300 graag", f"rekening {X} graag"),
    ("IBAN NL91 ABNA 0417 1643 00 graag", f"IBAN {X} graag"),
    ("iban nl91 abna 0417 1643 00 graag", f"iban {X} graag"),
    ("IBAN: NL91ABNA0417164300, BIC ABNANL2A", f"IBAN: {X}, BIC ABNANL2A"),
    ("BE68 5390 0754 7034 (KBC)", f"{X} (KBC)"),
    ("twee: NL91ABNA0417164300 NL91ABNA0417164300 klaar", f"twee: {X} {X} klaar"),
    # e-mail and home address
    ("Stuur het naar z.bloem85@gmail.com graag", f"Stuur het naar {X} graag"),
    ("Adres: Dorpsstraat 1, Zwolle", f"Adres: {X}"),
    ("Woonadres\nKastanjelaan 47\nWerkervaring", f"Woonadres\n{X}\nWerkervaring"),
    ("Woonachtig op Kastanjelaan 47, 3581 KX Utrecht", f"Woonachtig op {X}, {X} Utrecht"),
    ("Lived at 12 Rosewood Avenue while training", f"Lived at {X} while training"),
]

KEPT = [
    # certificate dates, CV years and periods
    "Geldig tot 12-05-2027",
    "BLS behaald op 12-03-2025, geldig tot 12-03-2027.",
    "Reanimatie (BLS) 12-05-2024 t/m 12-05-2026",
    "Opleiding HBO-V 2010 - 2014, werkervaring 2014-2019",
    "Periode\n01-09-2010\n01-07-2014\nafdeling",
    "Sinds 2015 IC-verpleegkundige, 2019 VVT.",
    # numbers that fail the checks, codes
    "Personeelsnummer 123456789",
    "Ordernummer 123-456-789",
    "Dossier wondzorg-2024-10303 afgerond",
    "IBAN-achtige code NL92ABNA0417164300",
    "ISO 9001:2015 en NEN 7510",
    "Team van 12 verpleegkundigen, 24/7 bereikbaar, kamer 0.12",
    "Meetwaarden 0 0 0 0 0 0 0 0 0 0 0",
    # BIG-registration: public by law, and what colleagues search for
    "BIG-nummer: 19012345601",
    "BIG-registratie 85040512385 (verpleegkundige)",
    # words that hold a keyword
    "Ervaring met geboortezorg sinds 2015",
    "Newborn care since 2015",
    "Zorgpad 2019 en Kerkplein 2015 project",
    "Adresgegevens van de afdeling volgen",
    # the roster's work contacts, written any way
    "Werk: anna.devries@zorg.example, +31 (0)20 555 12 34",
    "E-mailadres: bram.jansen@zorg.example, tel. 038\u00a0444\u00a012\u00a034",
]


@pytest.mark.parametrize(("text", "expected"), GONE, ids=[t for t, _ in GONE])
def test_personal_data_goes_and_the_words_around_it_stay(text: str, expected: str) -> None:
    assert _redact(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert _redact(text) == text


def test_the_secret_digits_are_gone_not_just_their_layout() -> None:
    for text, _expected in GONE:
        out = _redact(text)
        for number in re.findall(r"\d[\d .\-\u2013\u00a0\u202f()/\n\r]{6,}\d", text):
            digits = re.sub(r"\D", "", number)
            assert digits not in re.sub(r"\D", "", out) or len(digits) < 8, (text, out)


def test_rijksregister_check() -> None:
    assert rijksregister_valid("85.04.05-123.85") and rijksregister_valid("05040512383")
    assert not rijksregister_valid("85040512386")  # check digits off by one
    assert not rijksregister_valid("85140512385")  # month 14


# ------------------------------------------------------------------ the forms issue 13 reported
@pytest.mark.parametrize(("text", "secret"), [
    ("BSN 123-456-782 hier", "123-456-782"),
    ("bel 06–12345678 nu", "12345678"),
    ("bel 06\u00a012345678", "12345678"),
    ("mobiel +31 (0)6 12345678", "12345678"),
    ("geboren 8 april '88, verpleegkundige", "april"),
    ("Born on the 9th of April 1989.", "1989"),
    ("Geboortedatum\n11-04-1991", "1991"),  # a docx table row: cells joined by a newline
    ("IBAN nl91abna0417164300", "0417164300"),
    ("Rijksregister 85.04.05-123.85", "123.85"),
])
def test_the_form_is_redacted_and_the_words_around_it_stay(text: str, secret: str) -> None:
    out = redact(text)
    assert secret not in out and PLACEHOLDER in out
    assert text.split()[0] in out


@pytest.mark.parametrize("text", ["Geldig tot 12-05-2027", "2010 - 2014 Isala Zwolle"])
def test_certificate_dates_and_cv_years_stay(text: str) -> None:
    assert redact(text) == text


def test_a_forgotten_colleague_is_redacted_by_name_and_e_mail() -> None:
    out = redact("Vragen: Nicole de Wit (nicole.dewit@zorg.example) of Anna.",
                 forget=["Nicole de Wit", "nicole.dewit@zorg.example"])
    assert "Nicole" not in out and "dewit" not in out and "Anna" in out


# ------------------------------------------------------------------ forgotten colleagues
FORGET = ["Nicole de Wit", "nicole.dewit@zorg.example", "Zoë Bakker", "Anna Maria van der Berg",
          "Nicole"]

FORGOTTEN = [
    ("Protocol door Nicole de Wit (nicole.dewit@zorg.example).", f"Protocol door {X} ({X})."),
    ("Opgesteld door NICOLE  DE\nWIT en anderen", f"Opgesteld door {X} en anderen"),
    ("Auteurs: N. de Wit, N.de Wit", f"Auteurs: {X}, {X}"),
    ("Register: de Wit, Nicole; Wit, N. de", f"Register: {X}; {X}"),
    ("Mail NICOLE.DEWIT@ZORG.EXAMPLE of login nicole.dewit", f"Mail {X} of login {X}"),
    ("Met Zoë Bakker, Zoe Bakker, Zoe\u0308 Bakker en Z. Bakker", f"Met {X}, {X}, {X} en {X}"),
    ("Door Anna Maria van der Berg, Anna van der Berg en A.M. van der Berg",
     f"Door {X}, {X} en {X}"),
]
NOT_FORGOTTEN = [
    "Nicole heeft de wondzorg opgezet",  # a first name alone
    "De Wit is een mooie kleur; de wit-gele jas",  # a surname alone
    "Nicole en de Wit",  # not one name
    "Nicole de Witte",  # another name
    "Zoe",
    "contact: collega.nicole.dewit@zorg.example.com",  # another address (redacted as such)
]


@pytest.mark.parametrize(("text", "expected"), FORGOTTEN)
def test_forgotten_colleague_is_redacted_wherever_named(text: str, expected: str) -> None:
    assert _redact(text, forget=FORGET) == expected


@pytest.mark.parametrize("text", NOT_FORGOTTEN)
def test_forget_needs_a_full_name(text: str) -> None:
    out = _redact(text, forget=FORGET)
    if "@" in text:
        assert out == f"contact: {X}"
    else:
        assert out == text


def test_forget_wins_over_a_kept_work_address() -> None:
    text = "Werk: anna.devries@zorg.example en Anna de Vries"
    out = _redact(text, forget=["anna.devries@zorg.example", "Anna de Vries"])
    assert out == f"Werk: {X} en {X}"
    assert _redact(text) == text


# ------------------------------------------------------------------ bounded cost
HOSTILE = {
    "a: repeated": "a:" * 500_000,
    "1 repeated": "1 " * 500_000,
    "one long word": "a" * 1_000_000,
    "digits": "1" * 1_000_000,
    "spaced zeros": "0 " * 500_000,
    "spaces": " " * 1_000_000,
    "dots": "." * 1_000_000,
    "at signs": "@" * 1_000_000,
    "at and letter": "a@" * 500_000,
    "half addresses": "@a." * 333_333,
    "line breaks": "a\n" * 500_000,
    "digit-dot": "1." * 500_000,
    "digit-dash": "1-" * 500_000,
    "open-zero": "(0" * 500_000,
    "plus 31": "+31" * 333_333,
    "IBAN-like words": "NL91 " * 200_000,
    "birth keyword": "born 1 " * 140_000,
    "label word": "Adres:" * 160_000,
    "streets": "Kerkstraat 1 " * 75_000,
    "dates": "1-1-19 " * 140_000,
    "mixed": "a1" * 500_000,
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_redacts_in_bounded_time(text: str) -> None:
    """About 1 MB each; measured 0.05–0.6 s on the shared 2-core machine (quadratic
    routines took minutes). The bound is generous for a loaded CI runner."""
    started = time.monotonic()
    redact(text, keep_phones=KEEP_PHONES, keep_emails=KEEP_EMAILS,
           forget=["Nicole de Wit", "nicole.dewit@zorg.example"])
    assert time.monotonic() - started < 5.0


def test_suggestions_and_profile_terms_never_offer_an_identifier(tmp_path: Path) -> None:
    share = tmp_path / "share"
    write_people(share, [P("p1", "Femke Scholten"), P("p2", "Bram Bos")])
    write_docx(share / "p1" / "cv.docx", "Wondzorg en wondbehandeling. Dossier "
               "wondzorg-2024-10303, login femke.scholten, INSZ 85040512385.")
    write_docx(share / "p2" / "cv.docx", "Wondzorg bij femke.scholten@privé.example gevraagd.")
    run_batch(share, tmp_path / "ix", workers=1)
    with TestClient(create_app(Settings(index=tmp_path / "ix"))) as client:
        offered = {q: client.get("/api/suggest", params={"q": q}).json()["suggestions"]
                   for q in ("wond", "fem", "850", "scholten")}
        profile = client.get("/api/people/p1").json()
    assert "wondzorg" in offered["wond"]
    assert not [w for words in offered.values() for w in words if is_identifier(w)], offered
    assert not [t for t in profile["expertise"] if is_identifier(t)]
