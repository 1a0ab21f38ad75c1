"""The parts of the HR overview and the team finder that need no index.

Requirements files, certificate names matched through the search's synonyms, the
greedy team cover, and exports a spreadsheet opens without running formulas.
"""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from finder.exports import neutralise, to_csv, to_xlsx
from finder.requirements import (
    CertificateNames,
    Requirement,
    RequirementsError,
    load_requirements,
    parse_requirements,
)
from finder.team import cover
from indexer.language.thesaurus import Thesaurus


@pytest.fixture(scope="module")
def names() -> CertificateNames:
    return CertificateNames(Thesaurus.load())


def test_a_requirements_file_reads_rules_comments_and_blank_lines() -> None:
    rules = parse_requirements("# De Linde\n\nWijkverpleegkundige: BLS, BIG-registratie\n"
                               "Geriatrie: Dementie  # since 2026\n")
    assert rules == (Requirement("Wijkverpleegkundige", ("BLS", "BIG-registratie"), 3),
                     Requirement("Geriatrie", ("Dementie",), 4))
    assert rules[0].applies_to("wijkverpleegkundige", "Wijkzorg")
    assert rules[1].applies_to("Verzorgende IG", "geriatrie")
    assert not rules[1].applies_to("Verzorgende IG", "Wijkzorg")


@pytest.mark.parametrize(("text", "line"), [
    ("Wijkverpleegkundige BLS\n", 1),
    ("# ok\nGeriatrie:\n", 2),
    ("Geriatrie: Dementie\n: BLS\n", 2),
    ("Geriatrie: Dementie, ---\n", 1),
])
def test_a_bad_rule_is_an_error_that_names_its_line(text: str, line: int) -> None:
    with pytest.raises(RequirementsError, match=f"line {line}:"):
        parse_requirements(text)


def test_an_unreadable_requirements_file_is_a_clear_error() -> None:
    with pytest.raises(RequirementsError, match="cannot be read"):
        load_requirements("/nonexistent/requirements.txt")
    assert load_requirements("") == ()


@pytest.mark.parametrize(("required", "held", "meets"), [
    ("BLS", "BLS / Reanimatie", True),
    ("reanimatie", "BLS / Reanimatie", True),
    ("Basic Life Support", "BLS / Reanimatie", True),  # through the synonym group
    ("BLS", "Basic Life Support and AED", True),
    ("BIG-registratie", "BIG-registratie", True),
    ("BLS", "BLSX training", False),  # whole words only
    ("BLS", "Wondzorg", False),
    ("Dementie", "Omgaan met dementie", True),
])
def test_required_names_meet_certificates_through_synonyms(
        names: CertificateNames, required: str, held: str, meets: bool) -> None:
    assert names.matches(required, held) is meets


def test_the_team_is_the_fewest_colleagues_covering_every_need() -> None:
    candidates = {
        "BLS": {"p1": 1.0, "p2": 1.0, "p3": 1.0},
        "wondzorg": {"p2": 0.9, "p4": 2.0},
        "diabetes": {"p2": 0.5, "p5": 3.0},
        "klingon": {},
    }
    members, uncovered = cover(candidates, {"p2": "Bram"})
    assert [(m.person_id, m.name, m.covers) for m in members] == [
        ("p2", "Bram", ("BLS", "wondzorg", "diabetes"))]
    assert uncovered == ("klingon",)


def test_ties_in_the_team_go_to_the_stronger_expert() -> None:
    members, uncovered = cover({"a": {"p1": 0.2, "p2": 0.9}, "b": {"p3": 1.0}}, {})
    # p1 and p2 both cover "a": the stronger p2 is taken; the bigger score goes first.
    assert [m.person_id for m in members] == ["p3", "p2"] and uncovered == ()


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+31 6 1234", "-1", "@SUM(A1)",
                                   "\t=1", "\r=1"])
def test_cells_that_would_run_as_a_formula_become_text(value: str) -> None:
    assert neutralise(value) == "'" + value
    assert neutralise("Wondzorg") == "Wondzorg" and neutralise(None) == ""


def test_the_csv_and_the_workbook_open_with_the_same_cells() -> None:
    header = ["Naam", "Certificaat", "Geldig tot"]
    rows = [["Anna de Vries", "BLS / Reanimatie", "2027-03-01"], ["=cmd|' /C calc'!A0", "", ""]]
    text = to_csv(header, rows)
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")))) == [
        header, rows[0], ["'=cmd|' /C calc'!A0", "", ""]]
    book = load_workbook(io.BytesIO(to_xlsx("Certificaten", header, rows)))
    sheet = book.active
    assert sheet.title == "Certificaten"
    assert [[c.value or "" for c in r] for r in sheet.iter_rows()] == [
        header, rows[0], ["'=cmd|' /C calc'!A0", "", ""]]
    assert all(c.data_type == "s" for r in sheet.iter_rows(min_row=2) for c in r if c.value)
