"""The SearchStore contract (indexer.store.protocol), checked against every engine.

An engine is a way to build an index from a share and to open a ``SearchStore`` over
it; ``ENGINES`` lists them (today: Whoosh). Each test speaks only the Protocol, so a
second engine (see docs/scale-out.md) passes the same suite by adding one line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from finder.profiles import load_profile
from finder.search import Finder
from indexer.batch import run_batch
from indexer.query import Filters, Group, Phrase, Query, Word
from indexer.store import (
    KINDS,
    DocHit,
    FeedbackTerm,
    IndexMissing,
    IndexReader,
    PersonHit,
    SearchStore,
    StoredDocument,
    StoredPerson,
)
from tests.share import P, write_docx, write_people

TODAY = date.today()
VALID_UNTIL, EXPIRED_ON = TODAY + timedelta(days=400), TODAY - timedelta(days=30)
PEOPLE = [P("anna", "Anna Visser", "Wijkverpleging", "Zwolle", "Wijkverpleegkundige"),
          P("bert", "Bert Bakker", "Cardiologie", "Deventer", "Verpleegkundige"),
          P("carla", "Carla Smit", "Wijkverpleging", "Deventer", "Praktijkopleider")]


@dataclass(frozen=True)
class Engine:
    """How to build an index of a share in *work*, and open a store over it."""

    build: Callable[[Path, Path], None]
    open: Callable[[Path], SearchStore]


def _whoosh_build(share: Path, work: Path) -> None:
    run_batch(share, work / "index", full=True, workers=1, today=TODAY)


ENGINES = {"whoosh": Engine(_whoosh_build, lambda work: IndexReader(work / "index"))}


def make_share(root: Path) -> Path:
    share = root / "share"
    write_people(share, PEOPLE)
    write_docx(share / "anna" / "cv.docx", "Curriculum vitae Anna Visser",
               "Wijkverpleegkundige met ervaring in wondzorg, decubitus en stomazorg.")
    write_docx(share / "anna" / "certificates" / "bls.docx", "Certificaat BLS reanimatie",
               f"geldig tot {VALID_UNTIL:%d-%m-%Y}")
    write_docx(share / "bert" / "cv.docx", "Curriculum vitae Bert Bakker",
               "Verpleegkundige cardiologie: hartbewaking, reanimatie en telemetrie.")
    write_docx(share / "bert" / "certificates" / "bls.docx", "Certificaat BLS reanimatie",
               f"geldig tot {EXPIRED_ON:%d-%m-%Y}")
    write_docx(share / "carla" / "cv.docx", "Curriculum vitae Carla Smit",
               "Praktijkopleider wondzorg. Registratie 19283746, login c.smit_01, "
               "auditor ISO9001.")
    write_docx(share / "shared" / "protocol_wondzorg.docx", "Protocol wondzorg",
               "Wondzorg bij decubitus. Vragen aan Bert Bakker.", author="Anna Visser")
    return share


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest) -> Engine:
    return ENGINES[request.param]


@pytest.fixture(scope="module")
def built(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The engine's index of ``make_share`` (read-only for the tests)."""
    work = tmp_path_factory.mktemp("conformance")
    engine.build(make_share(work), work)
    return work


@pytest.fixture(scope="module")
def store(engine: Engine, built: Path) -> Iterator[SearchStore]:
    opened = engine.open(built)
    yield opened
    opened.close()


def q(*words: str, **filters: Any) -> Query:
    return Query(must=Group(tuple(Word(w) for w in words)), filters=Filters(**filters))


def looks_like_identifier(word: str) -> bool:
    return any(c.isdigit() or c in "@_." for c in word)


# ------------------------------------------------------------------ generations and counts
def test_before_the_first_batch_there_is_no_index(engine: Engine, tmp_path: Path) -> None:
    empty = engine.open(tmp_path)
    with pytest.raises(IndexMissing), empty.snapshot():
        pass
    empty.close()


def test_counts_and_generation(store: SearchStore) -> None:
    with store.snapshot() as s:
        assert s.counts() == {"documents": 6, "people": 3}
        assert isinstance(s.generation, str) and s.generation

def test_a_published_batch_is_a_new_generation(engine: Engine, tmp_path: Path) -> None:
    share = make_share(tmp_path)
    engine.build(share, tmp_path)
    fresh = engine.open(tmp_path)
    with fresh.snapshot() as s:
        first = s.generation
    (share / "carla" / "cv.docx").unlink()
    engine.build(share, tmp_path)
    with fresh.snapshot() as s:
        assert s.generation != first
        assert s.counts()["documents"] == 5
    fresh.close()


# ------------------------------------------------------------------ people
def test_people_are_typed_ranked_and_counted(store: SearchStore) -> None:
    with store.snapshot() as s:
        hits, total = s.people(q("wondzorg"), limit=1, expansion_weight=1.0)
        everyone, _ = s.people(q("wondzorg"), limit=10, expansion_weight=1.0)
    assert total == 2 and len(hits) == 1  # the limit cuts the page, not the count
    assert all(isinstance(h, PersonHit) and isinstance(h.person, StoredPerson) for h in everyone)
    assert {h.person_id for h in everyone} == {"anna", "carla"}
    assert [h.score for h in everyone] == sorted((h.score for h in everyone), reverse=True)
    anna = next(h.person for h in everyone if h.person_id == "anna")
    assert (anna.name, anna.department, anna.location, anna.email) == (
        "Anna Visser", "Wijkverpleging", "Zwolle", "anna@zorg.example")
    assert anna.doc_count == 3  # her CV, her certificate and the protocol she wrote


def test_people_honour_department_and_location_filters(store: SearchStore) -> None:
    with store.snapshot() as s:
        in_dept, _ = s.people(q("reanimatie", departments=("cardiologie",)), limit=10,
                              expansion_weight=1.0)
        in_loc, n = s.people(q("wondzorg", locations=("Deventer",)), limit=10,
                             expansion_weight=1.0)
        nowhere, none = s.people(q("wondzorg", departments=("Cardiologie",)), limit=10,
                                 expansion_weight=1.0)
    assert [h.person_id for h in in_dept] == ["bert"]  # case does not matter
    assert [h.person_id for h in in_loc] == ["carla"] and n == 1
    assert nowhere == [] and none == 0


def test_scores_and_masks_are_by_roster_number(store: SearchStore) -> None:
    with store.snapshot() as s:
        roster = s.roster()
        matched, scores = s.people_scores(q("wondzorg"), expansion_weight=1.0)
        in_deventer = s.people_scores(q("wondzorg", locations=("deventer",)),
                                      expansion_weight=1.0)[0]
        hits, _ = s.people(q("wondzorg"), limit=10, expansion_weight=1.0)
        by_kind = s.document_people(q("reanimatie"), filters=Filters(), expansion_weight=1.0,
                                    today=TODAY)
        valid = s.document_people(q("reanimatie"), filters=Filters(
            kinds=("certificate",), valid_certificates_only=True), expansion_weight=1.0,
            today=TODAY)

    def ids(mask: Any) -> set[str]:
        return {roster.person(n).person_id for n in range(len(roster)) if mask[n]}

    assert set(roster.number) == {"anna", "bert", "carla"}
    assert all(roster.person(n).person_id == pid for pid, n in roster.number.items())
    assert ids(matched) == {"anna", "carla"} and ids(in_deventer) == {"carla"}
    assert [scores[roster.number[h.person_id]] for h in hits] == [h.score for h in hits]
    assert all(scores[n] == 0 for n in range(len(roster)) if not matched[n])
    assert ids(by_kind["certificate"]) == {"anna", "bert"} and ids(by_kind["cv"]) == {"bert"}
    assert ids(valid["certificate"]) == {"anna"} and set(valid) == {"certificate"}  # bert's expired


def test_people_by_id_applies_the_same_filters(store: SearchStore) -> None:
    ids = ["anna", "bert", "carla", "nobody"]
    with store.snapshot() as s:
        everyone = s.people_by_id(ids, Filters())
        nursing = s.people_by_id(ids, Filters(departments=("wijkverpleging",)))
        deventer_nursing = s.people_by_id(ids, Filters(departments=("Wijkverpleging",),
                                                       locations=("deventer",)))
    assert set(everyone) == {"anna", "bert", "carla"}  # unknown ids are left out
    assert all(isinstance(p, StoredPerson) and p.person_id == pid for pid, p in everyone.items())
    assert set(nursing) == {"anna", "carla"} and set(deventer_nursing) == {"carla"}


def test_person_is_typed_or_none(store: SearchStore) -> None:
    with store.snapshot() as s:
        bert, nobody = s.person("bert"), s.person("nobody")
    assert nobody is None
    assert bert == StoredPerson("bert", "Bert Bakker", "bert@zorg.example", "038-1234567",
                                "Verpleegkundige", "Cardiologie", "Deventer", 3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        bert.name = "Someone else"  # type: ignore[misc]


def test_similar_people_share_words_and_never_include_the_person(store: SearchStore) -> None:
    with store.snapshot() as s:
        similar = s.similar_people(["wondzorg", "decubitus"], exclude="anna", count=5)
        nothing = s.similar_people([], exclude="anna", count=5)
    assert [h.person_id for h in similar] == ["carla"] and nothing == []
    assert similar[0].person.name == "Carla Smit"


# ------------------------------------------------------------------ documents
def test_documents_are_typed_and_decoded(store: SearchStore) -> None:
    with store.snapshot() as s:
        hits = s.documents(q("reanimatie"), persons=[], limit=10, expansion_weight=1.0,
                           today=TODAY)
    assert all(isinstance(h, DocHit) and isinstance(h.document, StoredDocument) for h in hits)
    by_id = {h.doc_id: h.document for h in hits}
    assert set(by_id) == {"anna/certificates/bls.docx", "bert/certificates/bls.docx",
                          "bert/cv.docx"}
    cert = by_id["anna/certificates/bls.docx"]
    assert cert.kind == "certificate" and cert.doc_id == "anna/certificates/bls.docx"
    assert cert.expires == VALID_UNTIL and not isinstance(cert.expires, datetime)
    assert isinstance(cert.modified, date) and not isinstance(cert.modified, datetime)
    assert dict(cert.associations) == {"anna": 1.0} and cert.persons == ("anna",)
    assert by_id["bert/cv.docx"].kind == "cv" and by_id["bert/cv.docx"].expires is None
    assert all(d.kind in KINDS and d.lang in ("nl", "en", "other") for d in by_id.values())
    with pytest.raises(TypeError):
        cert.associations["bert"] = 1.0  # type: ignore[index]


def test_shared_documents_tell_authors_from_mentions(store: SearchStore) -> None:
    with store.snapshot() as s:
        (hit,) = s.documents(Query(must=Group((Phrase(("vragen", "aan")),))), persons=[],
                             limit=10, expansion_weight=1.0, today=TODAY)
    doc = hit.document
    assert doc.doc_id == "shared/protocol_wondzorg.docx" and doc.kind == "document"
    assert doc.strength("anna") == 1.0 and 0 < doc.strength("bert") < 1.0
    assert doc.strength("carla") == 0.0
    assert (doc.association("anna"), doc.association("bert")) == ("author", "mentioned")


def test_documents_honour_persons_kind_and_validity(store: SearchStore) -> None:
    def ids(query: Query, persons: list[str] | None = None) -> set[str]:
        return {h.doc_id for h in s.documents(query, persons=persons or [], limit=10,
                                              expansion_weight=1.0, today=TODAY)}

    with store.snapshot() as s:
        of_bert = ids(q("reanimatie"), ["bert"])
        certificates = ids(q("reanimatie", kinds=("certificate",)))
        valid = ids(q("reanimatie", valid_certificates_only=True))
        mentioned = ids(q("wondzorg"), ["bert"])
    assert of_bert == {"bert/cv.docx", "bert/certificates/bls.docx"}
    assert certificates == {"anna/certificates/bls.docx", "bert/certificates/bls.docx"}
    assert valid == {"anna/certificates/bls.docx"}  # certificates valid today, nothing else
    assert mentioned == {"shared/protocol_wondzorg.docx"}  # a mention counts as association


def test_a_document_is_found_by_its_number(store: SearchStore) -> None:
    with store.snapshot() as s:
        hits = s.documents(q("ISO9001"), persons=[], limit=10, expansion_weight=1.0,
                           today=TODAY)
        login = s.documents(q("19283746"), persons=[], limit=10, expansion_weight=1.0,
                            today=TODAY)
    assert [h.doc_id for h in hits] == ["carla/cv.docx"] == [h.doc_id for h in login]


def test_person_documents_lists_every_association(store: SearchStore) -> None:
    with store.snapshot() as s:
        docs = {d.doc_id: d for d in s.person_documents("bert")}
        none = s.person_documents("nobody")
    assert set(docs) == {"bert/cv.docx", "bert/certificates/bls.docx",
                         "shared/protocol_wondzorg.docx"}
    assert docs["bert/certificates/bls.docx"].expires == EXPIRED_ON
    assert "telemetrie" in docs["bert/cv.docx"].content and none == []


def test_all_people_lists_every_colleague_typed_and_in_id_order(store: SearchStore) -> None:
    with store.snapshot() as s:
        everyone = s.all_people()
        bert = s.person("bert")
    assert [p.person_id for p in everyone] == ["anna", "bert", "carla"]
    assert all(isinstance(p, StoredPerson) for p in everyone) and everyone[1] == bert


def test_certificates_lists_every_certificate_decoded(store: SearchStore) -> None:
    with store.snapshot() as s:
        certificates = s.certificates()
    assert [d.doc_id for d in certificates] == ["anna/certificates/bls.docx",
                                                "bert/certificates/bls.docx"]
    assert all(isinstance(d, StoredDocument) and d.kind == "certificate" for d in certificates)
    assert [d.expires for d in certificates] == [VALID_UNTIL, EXPIRED_ON]
    assert [d.persons for d in certificates] == [("anna",), ("bert",)]


# ------------------------------------------------------------------ vocabulary
def test_feedback_terms_come_from_the_people_given(store: SearchStore) -> None:
    with store.snapshot() as s:
        terms = s.feedback_terms(["bert"], 5)
        carlas = {t.term for t in s.feedback_terms(["carla"], 5)}
        none = s.feedback_terms([], 5)
    assert terms and none == []
    assert all(isinstance(t, FeedbackTerm) and t.lang in ("nl", "en") and t.weight > 0
               for t in terms)
    assert "reanimatie" in {t.term for t in terms}
    assert "auditor" in carlas and carlas.isdisjoint({"bert", "bakker"})


def test_suggestions_and_key_terms_are_words_never_identifiers(store: SearchStore) -> None:
    with store.snapshot() as s:
        suggested = s.suggest_words("wond", 5)
        numbers = [w for prefix in ("1928", "c.smit", "c", "iso") for w in
                   s.suggest_words(prefix, 20) if looks_like_identifier(w)]
        key = s.key_terms("Praktijkopleider wondzorg 19283746 c.smit_01 "
                          "carla.smit@zorg.example ISO9001", 10)
    assert suggested == ["wondzorg"] and numbers == []
    assert "praktijkopleider" in key
    assert not [t for t in key if looks_like_identifier(t)]


def test_correct_word_fixes_typos_and_leaves_known_words(store: SearchStore) -> None:
    with store.snapshot() as s:
        assert s.correct_word("wondzorg") is None
        assert s.correct_word("wondzrog") == "wondzorg"
        assert s.correct_word("Telemetrie") is None  # case does not make a typo


def test_typical_words_are_those_a_language_uses_most(store: SearchStore) -> None:
    """Every document here is Dutch: its words are typical of Dutch, none of English
    (what tells a loanword compound's parts apart, finder.expansion.loanwords)."""
    with store.snapshot() as s:
        assert s.typical_words(["wondzorg", "telemetrie", "snowboard"], "nl") == {
            "wondzorg", "telemetrie"}
        assert s.typical_words(["wondzorg", "telemetrie"], "en") == frozenset()


# ------------------------------------------------------------------ the finder on top
def test_the_finder_ranks_colleagues_over_the_store(engine: Engine, built: Path) -> None:
    with Finder(built, store=engine.open(built)) as finder:
        results = finder.find_experts("reanimatie", today=TODAY)
        valid = finder.find_experts("reanimatie", valid_only=True, today=TODAY)
        profile = load_profile(finder, "bert", today=TODAY)
    assert profile is not None
    documents = [d.document for d in profile.documents]
    assert [e.person_id for e in results.experts] == ["anna", "bert"]
    assert results.experts[0].evidence[0].validity == "valid"
    assert [e.person_id for e in valid.experts] == ["anna"]
    assert documents[0] == "bert/cv.docx" and "shared/protocol_wondzorg.docx" in documents
    assert [c.validity for c in profile.certificates] == ["expired"]
