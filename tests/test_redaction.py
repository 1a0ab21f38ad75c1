"""The forms of personal data issue 13 found unredacted: each is a row that must now go."""

from __future__ import annotations

import pytest

from indexer.privacy import PLACEHOLDER, redact


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
