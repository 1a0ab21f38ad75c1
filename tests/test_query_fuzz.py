"""Whatever staff type, find_experts answers with Results or a readable QueryError, quickly."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from finder.query import MAX_QUERY_CHARS
from finder.search import Finder, QueryError, Results
from indexer.batch import run_batch

TODAY = date(2026, 11, 27)
SECONDS = 3.0  # far above a real search (tens of ms), far below a hang
FUZZ = settings(max_examples=120, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])

PEOPLE = {
    "anna": ("Anna de Vries", "Wijkverpleging", ["Wondzorg en decubitus bij ouderen.",
                                                 "BLS-certificaat (reanimatie), C++ en SQL."]),
    "bram": ("Bram Jansen", "ICT", ["Python, C#, .NET; informatiebeveiliging (ISO 27001)."]),
    "carla": ("Carla Smit", "Geriatrie", ["Dementie, valpreventie en \"palliatieve zorg\"."]),
}

OPERATORS = ['"', "'", "(", ")", "[", "]", "{", "}", "AND", "OR", "NOT", "EN", "OF", "NIET",
             "and", "-", "+", "*", "?", "~", "^", "\\", ":", "dept:", "kind:", "soort:",
             "loc:", "&&", "||", "!", "/", "wondzorg", "zorg", "anna", "-wondzorg", "kind:cv",
             "dept:ICT", "\u200b", "\x00", "\ufeff", "e\u0301", "ﬁ", "İ", "ß", "\U0001f600"]
CONTROL = st.characters(categories=("Cc", "Cf", "Cs", "Co", "Zl", "Zp", "Zs"))


@pytest.fixture(scope="module")
def finder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Finder]:
    root = tmp_path_factory.mktemp("queryfuzz")
    share = root / "share"
    share.mkdir()
    rows = ["id,name,email,department,location,role"]
    for pid, (name, dept, lines) in PEOPLE.items():
        rows.append(f"{pid},{name},{pid}@zorg.example,{dept},Utrecht,Medewerker")
        (share / pid).mkdir()
        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        document.save(str(share / pid / "cv.docx"))
    (share / "people.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    run_batch(share, root / "index", workers=1, today=TODAY)
    with Finder(root / "index") as f:
        yield f


def answers(finder: Finder, query: str, **filters: str | None) -> Results | None:
    """Results, or None for a QueryError with a sentence; anything else fails the test."""
    started = time.monotonic()
    try:
        results = finder.find_experts(query, today=TODAY, **filters)  # type: ignore[arg-type]
    except QueryError as exc:
        assert str(exc).strip() and str(exc)[0].isupper(), repr(exc)  # a sentence for people
        results = None
    else:
        assert isinstance(results, Results)
        assert results.total >= len(results.experts)
        for expert in results.experts:
            assert all(isinstance(ev.snippet, str) for ev in expert.evidence)
    assert time.monotonic() - started < SECONDS, f"{query[:80]!r} took too long"
    return results


def test_ordinary_questions_still_find_people(finder: Finder) -> None:
    """The fuzzing below would pass for a finder that rejects everything; this one would not."""
    for query, pid in [("wondzorg", "anna"), ('"palliatieve zorg"', "carla"), ("C#", "bram"),
                       ("(wondzorg", "anna"), ('wondzorg"', "anna"), ("AND wondzorg OR", "anna")]:
        results = answers(finder, query)
        assert results is not None and pid in [e.person_id for e in results.experts], query


@given(st.text())
@FUZZ
@example("")
@example("\x00")
@example("\ud800")
@example("NOT")
@example('"')
@example("(((((((((")
@example("dept:")
@example("kind:bestaatniet wondzorg")
@example("-wondzorg")
def test_any_unicode_string(finder: Finder, query: str) -> None:
    answers(finder, query)


@given(st.lists(st.sampled_from(OPERATORS), max_size=40).map(" ".join))
@FUZZ
def test_operators_quotes_and_brackets_in_any_order(finder: Finder, query: str) -> None:
    answers(finder, query)


@given(st.lists(st.sampled_from(OPERATORS), max_size=40).map("".join))
@FUZZ
def test_operators_glued_together(finder: Finder, query: str) -> None:
    answers(finder, query)


@given(st.text(CONTROL, min_size=1, max_size=200), st.text(max_size=30))
@FUZZ
def test_control_and_format_characters_around_words(finder: Finder, noise: str,
                                                    word: str) -> None:
    answers(finder, noise + "wondzorg" + noise + word)
    answers(finder, noise)


@given(st.integers(min_value=MAX_QUERY_CHARS - 5, max_value=200_000),
       st.sampled_from(["a", "wondzorg ", '"', "(", "\u0301", "NOT ", "é", "\U0001f600"]))
@settings(max_examples=30, deadline=None, derandomize=True)
def test_huge_queries_are_refused_or_answered_quickly(finder: Finder, size: int,
                                                      unit: str) -> None:
    query = (unit * (size // len(unit) + 1))[:size]
    results = answers(finder, query)
    if len(query) > MAX_QUERY_CHARS:
        assert results is None


@given(st.text(max_size=60), st.one_of(st.none(), st.text(max_size=40)),
       st.one_of(st.none(), st.text(max_size=40)))
@FUZZ
def test_any_filters(finder: Finder, query: str, department: str | None,
                     location: str | None) -> None:
    answers(finder, "wondzorg " + query, department=department, location=location)


@given(st.text(max_size=300))
@FUZZ
def test_autocomplete_never_fails(finder: Finder, prefix: str) -> None:
    started = time.monotonic()
    suggestions = finder.suggest(prefix)
    assert isinstance(suggestions, list) and all(isinstance(s, str) for s in suggestions)
    assert time.monotonic() - started < SECONDS


def test_index_dir_is_not_touched_by_queries(finder: Finder, tmp_path: Path) -> None:
    """Searching is read-only: a fuzzed query cannot create or change files."""
    root = finder.reader.root
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*")}
    for query in ("wondzorg", "*", "../../etc/passwd", "kind:cv dept:../x"):
        answers(finder, query)
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*")} == before
