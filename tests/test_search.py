"""The ranking rules, each pinned on a small hand-made index, and the demo's main question."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from finder import cli as finder_cli
from finder.query import QueryError
from finder.search import Finder, SearchConfig
from indexer.batch import run_batch
from indexer.language.thesaurus import DEFAULT_SYNONYMS, Thesaurus
from indexer.query import Group, Query, Word
from indexer.store import IndexReader
from tests.conftest import DemoIndex
from tests.share import P, write_docx, write_people

TODAY = date.today()


def nl_date(d: date) -> str:
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
              "september", "oktober", "november", "december"]
    return f"{d.day} {months[d.month - 1]} {d.year}"


def build(tmp_path: Path, people: list[P], files: dict[str, list[str]]) -> Path:
    share = tmp_path / "share"
    write_people(share, people)
    for relpath, paragraphs in files.items():
        write_docx(share / relpath, *paragraphs)
    run_batch(share, tmp_path / "ix", workers=1, today=TODAY)
    return tmp_path / "ix"


def ranked(index: Path, query: str, **kw: object) -> list[str]:
    with Finder(index) as f:
        return [e.person_id for e in f.find_experts(query, today=TODAY, **kw).experts]


def test_reanimatie_lists_the_valid_bls_holders(finder: Finder, demo: DemoIndex) -> None:
    results = finder.find_experts("reanimatie", limit=100)
    ids = [e.person_id for e in results.experts]
    assert set(demo.summary.bls_valid) <= set(ids)
    # Colleagues whose only evidence is an expired certificate (and their CV) come last.
    expired_only = [e.person_id for e in results.experts if e.person_id in
                    demo.summary.bls_expired and all(ev.kind != "document" for ev in e.evidence)]
    assert expired_only
    last_valid = max(ids.index(pid) for pid in demo.summary.bls_valid)
    assert all(ids.index(pid) > last_valid for pid in expired_only)
    first = results.experts[0]
    assert any(ev.kind == "certificate" and ev.validity in ("valid", "expiring")
               for ev in first.evidence)
    assert "<mark>" in first.evidence[0].snippet


def test_expired_certificate_is_shown_but_barely_counts(tmp_path: Path) -> None:
    valid, expired = TODAY + timedelta(days=400), TODAY - timedelta(days=30)
    ix = build(tmp_path, [P("p1", "Anna"), P("p2", "Bert")], {
        "p1/certificates/bls.docx": ["Certificaat BLS reanimatie", f"geldig tot {nl_date(valid)}"],
        "p2/certificates/bls.docx": ["Certificaat BLS reanimatie",
                                     f"geldig tot {nl_date(expired)}"],
    })
    with Finder(ix) as f:
        experts = f.find_experts("reanimatie", today=TODAY).experts
    assert [e.person_id for e in experts] == ["p1", "p2"]
    assert experts[0].score > 5 * experts[1].score
    assert experts[1].evidence[0].validity == "expired"
    assert ranked(ix, "reanimatie", valid_only=True) == ["p1"]


def test_certificate_expiring_soon_is_flagged(tmp_path: Path) -> None:
    soon = TODAY + timedelta(days=30)
    ix = build(tmp_path, [P("p1", "Anna")], {
        "p1/certificates/vca.docx": ["Diploma VCA basis", f"geldig tot {nl_date(soon)}"]})
    with Finder(ix) as f:
        evidence = f.find_experts("VCA", today=TODAY).experts[0].evidence[0]
    assert (evidence.validity, evidence.expires) == ("expiring", soon.isoformat())


def test_compound_query_finds_split_words(tmp_path: Path) -> None:
    ix = build(tmp_path, [P("p1", "Anna"), P("p2", "Bert")], {
        "p1/cv.docx": ["Ervaring met wond- en decubituszorg in de thuiszorg."],
        "p2/cv.docx": ["Ervaring met planning en roosters."],
    })
    assert ranked(ix, "wondzorg") == ["p1"]


def test_dutch_compound_matches_separate_words(tmp_path: Path) -> None:
    ix = build(tmp_path, [P("p1", "Anna"), P("p2", "Bert")], {
        "p1/cv.docx": ["Als verpleegkundige begeleid ik patiënten met diabetes."],
        "p2/cv.docx": ["Als verpleegkundige werk ik op de longafdeling."],
    })
    assert ranked(ix, "diabetesverpleegkundige")[0] == "p1"


def test_accents_are_folded(tmp_path: Path) -> None:
    ix = build(tmp_path, [P("p1", "Anna")], {"p1/cv.docx": ["Coördinatie van patiëntenzorg."]})
    assert ranked(ix, "coordinatie") == ["p1"]
    assert ranked(ix, "patient") == ["p1"]


@pytest.mark.parametrize(("query", "expected"), [
    ("verpleegkundige", "en"),  # Dutch question, English CV
    ("wound care", "nl"),  # English question, Dutch CV
    ("basic life support", "nl"),  # organisation synonym: reanimatie = BLS = ...
])
def test_cross_lingual(tmp_path: Path, query: str, expected: str) -> None:
    ix = build(tmp_path, [P("en", "Emma"), P("nl", "Noor"), P("xx", "Xander")], {
        "en/cv.docx": ["Registered nurse with experience in geriatric wards."],
        "nl/cv.docx": ["Ervaring met wondzorg en reanimatie op de afdeling."],
        "xx/cv.docx": ["Boekhouder met ervaring in salarisadministratie."],
    })
    assert ranked(ix, query)[:1] == [expected]


def test_prolific_writer_does_not_drown_the_specialist(tmp_path: Path) -> None:
    filler = "Verslag van het overleg over roosters, vakantie, parkeren en de kantine."
    files = {f"p1/notulen{i}.docx": [filler, "Ook kort besproken: diabetes."] for i in range(15)}
    files["p2/cv.docx"] = ["Diabetesverpleegkundige. Diabetes type 1 en 2, insulinetherapie,",
                           "diabetes bij ouderen, scholing diabetes voor collega's."]
    ix = build(tmp_path, [P("p1", "Piet Veelschrijver"), P("p2", "Dina Specialist")], files)
    assert ranked(ix, "diabetes")[0] == "p2"


@pytest.mark.parametrize("query", [
    '"', "(", ")", "AND", "OR", "NOT", "NOT wondzorg", "dept:", "wondzorg AND", '"wond',
    "((((", "*", "?", "kind:cv", "a" * 400, "wond\x00zorg", "x:y:z", "-", "+",
])
def test_malformed_queries_are_answered_or_explained(finder: Finder, query: str) -> None:
    try:
        results = finder.find_experts(query)
    except QueryError as exc:
        assert str(exc).endswith(".")  # a sentence for the user
    else:  # answered: a consistent page (never more shown than the total)
        assert len(results.experts) <= min(results.total, results.limit)
        assert all(e.person_id and e.name for e in results.experts)


@pytest.mark.parametrize("query", ["", "   ", "a" * 600, "kind:foo wondzorg"])
def test_hopeless_queries_raise_query_error(finder: Finder, query: str) -> None:
    with pytest.raises(QueryError):
        finder.find_experts(query)


def test_filters_and_facets(finder: Finder) -> None:
    results = finder.find_experts("reanimatie", limit=100)
    departments = results.facets["department"]
    assert sum(departments.values()) == results.total
    dept = next(iter(departments))
    narrowed = finder.find_experts(f'reanimatie dept:"{dept}"', limit=100)
    assert narrowed.total == departments[dept]
    assert {e.department for e in narrowed.experts} == {dept}
    certs = finder.find_experts("reanimatie kind:certificaat", limit=100)
    assert all(ev.kind == "certificate" for e in certs.experts for ev in e.evidence)


def test_phrase_and_not(tmp_path: Path) -> None:
    ix = build(tmp_path, [P("p1", "Anna"), P("p2", "Bert")], {
        "p1/cv.docx": ["Ervaring met palliatieve zorg thuis."],
        "p2/cv.docx": ["Zorg voor palliatieve patiënten en wondzorg."],
    })
    assert ranked(ix, '"palliatieve zorg"') == ["p1"]
    assert ranked(ix, "palliatieve NOT wondzorg") == ["p1"]


def test_did_you_mean_and_suggestions(finder: Finder) -> None:
    assert finder.find_experts("reanimatei").suggestion == "reanimatie"
    assert any(s.startswith("reanim") for s in finder.suggest("reani"))


def test_search_json_contract(demo: DemoIndex, capsys: pytest.CaptureFixture[str]) -> None:
    code = finder_cli.main(["search", "reanimatie", "--index", str(demo.index), "--limit", "3",
                            "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["query"] == "reanimatie" and data["total"] >= 3 and len(data["experts"]) == 3
    expert = data["experts"][0]
    assert {"person_id", "name", "department", "score", "evidence"} <= expert.keys()
    assert {"document", "kind", "snippet"} <= expert["evidence"][0].keys()


def test_relevance_feedback_reorders_but_never_lists_a_colleague_who_does_not_match(
        tmp_path: Path) -> None:
    """Bo1 feedback learns from the top candidates' shared vocabulary, but a colleague
    whose documents never say the question's words is not listed for it (issue 15:
    every listed colleague has a matching document); a rare word gets no feedback."""
    people = [P(f"p{i:02d}", f"Collega {i}") for i in range(13)]
    files = {f"p{i:02d}/cv.docx": [f"Triage op de spoedeisende hulp, traumaopvang en "
                                   f"schokkamer, ervaring {i} jaar."] for i in range(11)}
    files["p11/cv.docx"] = ["Spoedeisende hulp: traumaopvang en schokkamer."]
    files["p12/cv.docx"] = ["Planning van roosters en kaakchirurgie."]
    ix = build(tmp_path, people, files)
    for config in (SearchConfig(), replace(SearchConfig(), feedback_people=0)):
        with Finder(ix, config) as f:
            found = f.find_experts("triage", limit=20)
        assert {e.person_id for e in found.experts} == {f"p{i:02d}" for i in range(11)}
        assert found.total == 11
    assert ranked(ix, "kaakchirurgie") == ["p12"]


def test_dutch_word_outside_the_thesaurus_finds_an_english_cv(tmp_path: Path) -> None:
    """Without the task vocabulary "klassenmanagement" is in no glossary; ESCO's teacher
    occupations bridge it (without the bridge, "classes" for "klassen" finds nobody).
    The task vocabulary translates it itself."""
    ix = build(tmp_path, [P("en", "Emma"), P("xx", "Xander")], {
        "en/cv.docx": ["Elementary school teacher: lesson plans, classroom management and "
                       "differentiated instruction for students."],
        "xx/cv.docx": ["Accountant: general ledger, payroll and month-end close."],
    })
    glossaries = Thesaurus.load(defaults=[p for p in DEFAULT_SYNONYMS
                                          if p.name != "synonyms_nl_en_tasks.txt"])
    with Finder(ix, thesaurus=glossaries) as f:
        results = f.find_experts("klassenmanagement", today=TODAY)
    assert [e.person_id for e in results.experts] == ["en"]
    assert "<mark>" in results.experts[0].evidence[0].snippet
    no_bridge = replace(SearchConfig(), concept_weight=0)
    with Finder(ix, no_bridge, thesaurus=glossaries) as f:
        assert f.find_experts("klassenmanagement", today=TODAY).experts == ()
    with Finder(ix, no_bridge) as f:
        found = f.find_experts("klassenmanagement", today=TODAY)
    assert [e.person_id for e in found.experts] == ["en"]
    assert "classroom management" in found.expanded


def test_a_translation_weighs_less_than_the_users_own_word(tmp_path: Path) -> None:
    """A translation that only exists in English keeps its lower weight (Whoosh drops
    the boost of a one-query Or unless the query is normalised)."""
    ix = build(tmp_path, [P("own", "Olga"), P("tr", "Tom")], {
        "own/cv.docx": ["Experience with loans in a retail bank branch."],
        "tr/cv.docx": ["Experience with lending in a retail credit branch."],
    })
    q = Query(must=Group((Word("loans"),)), expansions=(Word("lending", boost=0.2, lang="en"),))
    reader = IndexReader(ix)
    try:
        with reader.snapshot() as s:
            hits, _total = s.people(q, limit=10, expansion_weight=1.0)
    finally:
        reader.close()
    scores = {h.person_id: h.score for h in hits}
    assert scores["tr"] < 0.5 * scores["own"]


def test_an_expansion_of_only_the_questions_own_words_is_not_searched(finder: Finder) -> None:
    """"coordination of care" for "patient care coordination" would only weigh "care" and
    "coordination" twice; the Dutch "zorgcoördinatie" from the same group is searched."""
    expanded = finder.find_experts("patient care coordination").expanded
    assert "zorgcoördinatie" in expanded
    assert not [e for e in expanded if set(e.split()) <= {"patient", "care", "coordination", "of"}]
