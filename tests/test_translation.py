"""What else a question is searched as, and when that decides who is listed.

- the care vocabulary translates Dutch care terms (delier -> delirium, beademing ->
  mechanical ventilation) and back;
- cognate rules find the other language's form of Latin and Greek words, when the
  index has it (hypertensie -> hypertension);
- an unknown compound translates as its parts together (informatiebeveiliging ->
  information security), never a part alone ("care" for diabeteszorg);
- the concept bridge's guesses only order the matches once the question is translated;
- "Ook gezocht op" shows the expansions, in the page and as JSON ``expanded``, and
  each can be taken out.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from finder.search import Finder
from finder.settings import Settings
from finder.web.app import create_app
from indexer.language.cognates import dutch_forms, english_forms
from tests.share import P
from tests.test_search import TODAY, build


@pytest.mark.parametrize(("dutch", "english"), [
    ("dementie", "dementia"), ("hypertensie", "hypertension"), ("psychiatrisch", "psychiatric"),
    ("palliatief", "palliative"), ("carcinoom", "carcinoma"), ("epilepsie", "epilepsy"),
    ("katheterisatie", "catheterisation"), ("fysiotherapie", "physiotherapy"),
])
def test_cognate_rules_go_both_ways(dutch: str, english: str) -> None:
    assert english in english_forms(dutch)
    assert dutch in dutch_forms(english)


def test_no_cognates_for_words_without_such_an_ending() -> None:
    assert english_forms("zorg") == [] and english_forms("tie") == []


def _index(tmp_path: Path) -> Path:
    return build(tmp_path, [P("p1", "Anna Jansen"), P("p2", "Bram Bos"), P("p3", "Cor Dijk"),
                            P("p4", "Dirk Mol")], {
        "p1/cv.docx": ["ICU nurse: recognising delirium, mechanical ventilation and weaning."],
        "p2/cv.docx": ["Nurse in the cardiology ward; patients with hypertension."],
        "p3/cv.docx": ["Information security officer: ISO 27001 audits."],
        "p4/cv.docx": ["Intensive care nurse, family care and patient care in the ICU.",
                       "Security of the building and the car park."],
    })


@pytest.mark.parametrize(("question", "expected"), [
    ("delier", {"p1"}), ("beademing", {"p1"}), ("hypertensie", {"p2"}),
    ("informatiebeveiliging", {"p3"}), ("diabeteszorg", set()), ("wondzorg", set()),
])
def test_dutch_care_terms_find_english_cvs_and_nothing_else(tmp_path: Path, question: str,
                                                            expected: set[str]) -> None:
    with Finder(_index(tmp_path)) as f:
        found = f.find_experts(question)
    assert {e.person_id for e in found.experts} == expected
    assert found.total == len(expected)


def test_expansions_are_shown_and_can_be_taken_out(tmp_path: Path) -> None:
    with Finder(_index(tmp_path)) as f:
        found = f.find_experts("delier")
        assert "delirium" in found.expanded
        assert "delier" not in found.expanded  # the own word is not "also" searched
        without = f.find_experts("delier", without=["Delirium", "acute confusion"])
    assert "delirium" not in without.expanded and without.total == 0


def test_the_page_and_the_api_show_what_else_was_searched(tmp_path: Path) -> None:
    app = create_app(Settings(index=_index(tmp_path)))
    with TestClient(app) as client:
        data = client.get("/api/search", params={"q": "delier"}).json()
        assert "delirium" in data["expanded"] and data["total"] == 1
        data = client.get("/api/search", params=[("q", "delier"), ("without", "delirium"),
                                                 ("without", "acute confusion")]).json()
        assert "delirium" not in data["expanded"] and data["total"] == 0
        page = client.get("/", params={"q": "delier"}).text
        assert "Ook gezocht op:" in page and "delirium" in page
        # The link that takes "delirium" out keeps the question and the others.
        assert "?q=delier&amp;without=delirium" in page
        page = client.get("/", params=[("q", "delier"), ("without", "delirium")]).text
        assert "Weer op alles zoeken" in page
        too_many = [("q", "delier")] + [("without", f"w{i}") for i in range(21)]
        assert client.get("/api/search", params=too_many).status_code == 400


def _loanword_index(tmp_path: Path) -> Path:
    return build(tmp_path, [P("p1", "Anna Jansen"), P("p2", "Bram Bos"), P("p3", "Cor Dijk"),
                            P("p4", "Dirk Mol")], {
        "p1/cv.docx": ["Emergency department nurse: patient intake, wound dressing."],
        "p2/cv.docx": ["Triage nurse at the out-of-hours clinic."],
        "p3/cv.docx": ["Wijkverpleegkundige: wondzorg bij cliënten thuis, zorg voor wonden "
                       "en overleg met de huisarts."],
        "p4/cv.docx": ["Patient records: I keep them for the department, with the rota, "
                       "the budget and the forms for every new intake."],
    })


def test_a_compound_of_english_words_finds_them_together(tmp_path: Path) -> None:
    """patiëntintake is "patient intake" in an English CV: searched, shown, and marked;
    the words far apart (p4) are not the compound."""
    with Finder(_loanword_index(tmp_path)) as f:
        found = f.find_experts("patiëntintake", today=TODAY)
        assert "patient intake" in found.expanded
        assert [e.person_id for e in found.experts] == ["p1"]
        assert "<mark>patient</mark> <mark>intake</mark>" in found.experts[0].evidence[0].snippet
        # Dutch words are no loanwords: wondzorg is not also searched as "wond zorg".
        assert all("wond zorg" not in e for e in f.find_experts("wondzorg").expanded)


def test_a_compound_counts_as_its_words_in_a_two_word_question(tmp_path: Path) -> None:
    """"palliatieve zorg" is one concept (both words), but "patiëntintake en triage" is
    "patient intake and triage": three words, any of which may match."""
    with Finder(_loanword_index(tmp_path)) as f:
        found = f.find_experts("patiëntintake en triage", today=TODAY)
        assert {e.person_id for e in found.experts} == {"p1", "p2"}
