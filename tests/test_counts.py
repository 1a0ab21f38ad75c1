"""Counts and filters staff can trust, on the demo organisation.

- a facet's count is exactly what clicking it returns;
- a filter keeps the unfiltered order: the filtered list is the unfiltered list restricted;
- "only valid certificates" lists those who hold a valid matching certificate, in order;
- question forms ("wie weet er iets van …?") search what is asked about, and mark only that;
- every listed colleague shows a passage with a marked match.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finder.search import Finder, Results
from tests.share import P
from tests.test_search import build

TOPICS = ["wondzorg", "reanimatie", "diabetes", "dementie", "decubitus", "palliatieve zorg",
          "valpreventie", "infectiepreventie", "medicatie", "ITIL", "arbeidsrecht", "BLS",
          "wound care", "fall prevention", "beademing", "NEN 7510", "tillift", "werving",
          "insuline", "stomazorg", "privacy", "netwerkbeheer", "HiX", "zorg"]
TODAY = date.today()


def whole(finder: Finder, query: str, **filters: object) -> Results:
    """Every listed colleague of a question, all pages."""
    first = finder.find_experts(query, limit=100, today=TODAY, **filters)  # type: ignore[arg-type]
    assert len(first.experts) == min(first.total, 100)
    return first


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.lists(st.sampled_from(TOPICS), min_size=1, max_size=2).map(" ".join))
def test_facet_counts_are_filter_counts_and_filters_keep_the_order(finder: Finder,
                                                                   query: str) -> None:
    full = whole(finder, query)
    order = [e.person_id for e in full.experts]
    assert full.total == len(order)
    for facet, param in (("department", "department"), ("location", "location"),
                         ("kind", "kind")):
        assert sum(full.facets[facet].values()) >= (full.total if facet != "kind" else 0)
        for value, count in full.facets[facet].items():
            narrowed = whole(finder, query, **{param: value})
            ids = [e.person_id for e in narrowed.experts]
            assert narrowed.total == count, (facet, value)
            assert ids == [p for p in order if p in set(ids)], (facet, value)
    valid = [e.person_id for e in whole(finder, query, valid_only=True).experts]
    assert valid == [p for p in order if p in set(valid)]


def test_valid_only_lists_exactly_the_holders_of_a_valid_matching_certificate(
        finder: Finder, demo: object) -> None:
    summary = demo.summary  # type: ignore[attr-defined]
    found = whole(finder, "reanimatie", valid_only=True)
    listed = {e.person_id for e in found.experts}
    assert set(summary.bls_valid) <= listed
    assert not listed & set(summary.bls_expired)  # their BLS has expired: not listed
    for expert in found.experts:
        assert any(ev.kind == "certificate" and ev.validity in ("valid", "expiring")
                   for ev in expert.evidence), expert.person_id


@pytest.mark.parametrize(("question", "topic"), [
    ("wie weet er iets van decubitus?", "decubitus"),
    ("ik zoek iemand met ervaring in wondzorg", "wondzorg"),
    ("Wie kent iemand met kennis van dementie?", "dementie"),
    ("who knows about fall prevention?", "fall prevention"),
    ("anyone with experience in wound care?", "wound care"),
])
def test_a_question_searches_what_it_asks_about(finder: Finder, question: str,
                                                topic: str) -> None:
    asked, plain = whole(finder, question), whole(finder, topic)
    assert [e.person_id for e in asked.experts] == [e.person_id for e in plain.experts]
    marked = {m.lower() for e in asked.experts for ev in e.evidence
              for m in _marks(ev.snippet)}
    assert not marked & {"van", "wie", "iets", "er", "about", "who", "in", "with"}


@pytest.mark.parametrize("query", ["wondzorg", "reanimatie", "diabetes", "dementie",
                                   "wound care", "decubitus", "ITIL", "valpreventie"])
def test_every_listed_colleague_shows_a_marked_passage(finder: Finder, query: str) -> None:
    found = whole(finder, query)
    assert found.experts
    for expert in found.experts:
        assert any("<mark>" in ev.snippet for ev in expert.evidence), expert.person_id


def _marks(snippet: str) -> list[str]:
    parts = snippet.split("<mark>")[1:]
    return [p.split("</mark>", 1)[0] for p in parts]


def test_a_compound_matches_only_with_its_parts_together(tmp_path: Path) -> None:
    ix = build(tmp_path, [P("p1", "Anna Wond"), P("p2", "Bram Bos"), P("p3", "Cor Dijk")], {
        "p1/cv.docx": ["Wond- en decubituszorg in de wijk."],
        "p2/cv.docx": ["Ik werk bij Zorggroep De Linde als ICT-medewerker.",
                       "Na een val had ik een wond aan mijn knie."],
        "p3/cv.docx": ["Zorg voor wonden bij ouderen."],
    })
    with Finder(ix) as f:
        assert {e.person_id for e in f.find_experts("wondzorg").experts} == {"p1", "p3"}


def test_a_multi_word_concept_never_matches_word_by_word(tmp_path: Path) -> None:
    ix = build(tmp_path, [P("p1", "Anna Wond"), P("p2", "Bram Bos")], {
        "p1/cv.docx": ["Experienced in the care of chronic wounds."],
        "p2/cv.docx": ["Customer care and service desk; I care about users."],
    })
    with Finder(ix) as f:
        assert [e.person_id for e in f.find_experts("wound care").experts] == ["p1"]


def test_a_short_question_is_one_concept(tmp_path: Path) -> None:
    ix = build(tmp_path, [P("p1", "Anna Wond"), P("p2", "Bram Bos")], {
        "p1/cv.docx": ["Palliatieve zorg thuis, in de laatste levensfase."],
        "p2/cv.docx": ["Zorg voor de servers en het netwerk."],
    })
    with Finder(ix) as f:
        found = f.find_experts("palliatieve zorg")
        assert [e.person_id for e in found.experts] == ["p1"] and found.total == 1


def test_a_question_of_three_words_is_a_description(tmp_path: Path) -> None:
    """"logo and brand identity": a designer whose CV names two of the three is listed."""
    ix = build(tmp_path, [P("p1", "Anna Wond"), P("p2", "Bram Bos")], {
        "p1/cv.docx": ["Graphic designer: logo design and brand guidelines."],
        "p2/cv.docx": ["Zorg voor de servers en het netwerk."],
    })
    with Finder(ix) as f:
        found = f.find_experts("logo brand identity")
        assert [e.person_id for e in found.experts] == ["p1"]
