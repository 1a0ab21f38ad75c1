"""The ESCO concept bridge: Dutch words the thesaurus lacks, read in English occupations."""

from __future__ import annotations

from indexer.language import concepts
from indexer.language.concepts import ConceptBridge, Occupation
from indexer.language.thesaurus import Thesaurus

TEACHER = Occupation(
    nl_label="leerkracht basisonderwijs",
    nl_alt_labels=["juf", "meester"],
    nl_description="Leerkrachten basisonderwijs maken lesplannen, zorgen voor goed "
                   "klassenmanagement en volgen de vorderingen van hun leerlingen.",
    en_labels="primary school teacher elementary school teacher",
    en_description="Primary school teachers prepare lesson plans, apply classroom "
                   "management and assess the progress of their students.",
)
BAKER = Occupation(
    nl_label="bakker",
    nl_alt_labels=["broodbakker"],
    nl_description="Bakkers bereiden brood, gebak en deeg volgens recepten.",
    en_labels="baker bread baker",
    en_description="Bakers prepare bread, pastry and dough according to recipes.",
)
NURSE = Occupation(
    nl_label="verpleegkundige",
    nl_alt_labels=[],
    nl_description="Verpleegkundigen verlenen zorg aan patiënten en dienen medicatie toe.",
    en_labels="nurse",
    en_description="Nurses care for patients and administer medication.",
)


def words(translations: list[concepts.Translation]) -> list[str]:
    return [t.word for t in translations]


def test_a_dutch_word_is_read_in_the_english_text_of_the_occupations_using_it() -> None:
    bridge = ConceptBridge([TEACHER, BAKER, NURSE])
    found = bridge.translate(["klassenmanagement"])
    assert found and found[0].weight == 1.0
    assert {"classroom", "teacher"} <= set(words(found))
    assert not {"bread", "baker", "nurse"} & set(words(found))
    # A compound reaches the occupation through its parts too ("brood" + "bakker").
    assert "bread" in words(bridge.translate(["broodbakkerij"]))


def test_english_words_and_unknown_words_are_not_bridged() -> None:
    bridge = ConceptBridge([TEACHER, BAKER, NURSE])
    assert bridge.translate(["classroom", "management"]) == []  # already English
    assert bridge.translate(["xyzzy"]) == []
    assert bridge.foreign(["klassenmanagement classroom"]) == ["klassenmanagement"]


def test_shipped_occupations_translate_words_the_thesaurus_lacks() -> None:
    thesaurus = Thesaurus.load()
    bridge = concepts.load()
    assert len(bridge) > 2500
    for dutch, english in [("vormgever", "design"), ("klassenmanagement", "teacher"),
                           ("bankmedewerker", "bank")]:
        assert english not in {e.phrase for e in thesaurus.expand(dutch)}
        assert english in words(bridge.translate([dutch])), dutch
