"""Query expansion as a searcher sees it: Dutch<->English, synonyms, multi-word keys."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from indexer.language.thesaurus import Expansion, Thesaurus, parse_synonym_lines


@pytest.fixture(scope="module")
def thesaurus() -> Thesaurus:
    return Thesaurus.load()


def phrases(expansions: list[Expansion]) -> set[str]:
    return {e.phrase.lower() for e in expansions}


def test_dutch_words_expand_to_english(thesaurus: Thesaurus) -> None:
    assert "nurse" in phrases(thesaurus.expand("verpleegkundige"))
    assert "construction" in phrases(thesaurus.expand("bouw"))
    assert "agriculture" in phrases(thesaurus.expand("landbouw"))
    assert {"customer", "client"} <= phrases(thesaurus.expand("klant"))
    assert "sales" in phrases(thesaurus.expand("verkoop"))


def test_english_words_expand_to_dutch(thesaurus: Thesaurus) -> None:
    assert "verpleegkundige" in phrases(thesaurus.expand("nurse"))
    assert "bouw" in phrases(thesaurus.expand("construction"))
    assert "boekhouding" in phrases(thesaurus.expand("accounting"))


def test_esco_occupation_labels_translate(thesaurus: Thesaurus) -> None:
    found = thesaurus.expand("audioloog")
    assert "audiologist" in phrases(found)
    assert {e.source for e in found} == {"esco-occupation"}
    assert "audioloog" in phrases(thesaurus.expand("audiologist"))


def test_multi_word_keys_match_as_one_concept(thesaurus: Thesaurus) -> None:
    assert {"reanimatie", "bls", "cpr"} <= phrases(thesaurus.expand("basic life support"))
    assert "ic" in phrases(thesaurus.expand("Intensive Care"))
    assert "palliative care" in phrases(thesaurus.expand("ervaring met palliatieve zorg"))


def test_plural_and_accented_queries_still_expand(thesaurus: Thesaurus) -> None:
    assert "nurses" in phrases(thesaurus.expand("verpleegkundigen"))
    assert "patients" in phrases(thesaurus.expand("patiënten"))


def test_expansions_weigh_less_than_the_users_own_words(thesaurus: Thesaurus) -> None:
    for query in ["verpleegkundige", "reanimatie", "bouw", "nurse", "audioloog", "wondzorg"]:
        found = thesaurus.expand(query)
        assert found, query
        assert all(0 < e.weight < 1 for e in found), query
        assert query not in phrases(found)
    weights = [e.weight for e in thesaurus.expand("verkoop")]
    assert weights == sorted(weights, reverse=True)


def test_unknown_words_expand_to_nothing(thesaurus: Thesaurus) -> None:
    assert thesaurus.expand("xyzzyplugh") == []
    assert thesaurus.expand("") == []


def test_organisation_synonym_file_adds_groups(tmp_path: Path) -> None:
    path = tmp_path / "ons_ziekenhuis.txt"
    path.write_text(
        "# synoniemen van ons ziekenhuis\n"
        "\n"
        "MDO = multidisciplinair overleg = MDT meeting  # trailing comment\n"
        "C# = csharp\n",
        encoding="utf-8",
    )
    found = Thesaurus.load([path], defaults=()).expand("MDO")  # the shipped files have MDO too
    assert phrases(found) == {"multidisciplinair overleg", "mdt meeting"}
    assert {e.source for e in found} == {"synonyms:ons_ziekenhuis.txt"}
    assert "csharp" in phrases(Thesaurus.load([path]).expand("C#"))


def test_malformed_synonym_lines_are_ignored_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    lines = ["reanimatie = BLS", "alleen een woord", "a = = b", " = leeg", "IC = intensive care"]
    with caplog.at_level(logging.WARNING, logger="indexer.language.thesaurus"):
        groups = parse_synonym_lines(lines, "org.txt")
    assert groups == [["reanimatie", "BLS"], ["IC", "intensive care"]]
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 3
    assert "org.txt:2" in warned[0]


def test_shipped_synonyms_cover_healthcare_basics(thesaurus: Thesaurus) -> None:
    assert "pressure ulcer" in phrases(thesaurus.expand("decubitus"))
    assert "medication safety" in phrases(thesaurus.expand("medicatieveiligheid"))
    assert "dementia" in phrases(thesaurus.expand("dementie"))
    assert "big registration" in phrases(thesaurus.expand("BIG-registratie"))


def test_unknown_compound_expands_through_its_parts_together() -> None:
    phrases = {e.phrase: e for e in Thesaurus.load().expand("bouwbedrijf")}
    assert "construction company" in phrases
    assert phrases["construction company"].source.endswith("+compound")
    assert phrases["construction company"].weight < 0.8
    # A part alone says little about the compound: "construction" is not a translation.
    assert "construction" not in phrases and "company" not in phrases
