"""Dutch/English analysis as a searcher sees it: folding, stop words, stems, compounds, language."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.language.compounds import MAX_COMPOUND_LENGTH, compound_terms, split_compound
from indexer.language.detect import detect_language
from indexer.language.words import fold, is_identifier
from indexer.store.analyzers import MAX_TOKEN_CHARS, analyze, analyzer, plain_analyzer

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

DUTCH = (
    "Ik werk sinds 2015 als verpleegkundige op de afdeling interne geneeskunde van het "
    "ziekenhuis. Daar ben ik verantwoordelijk voor de wondzorg en de medicatieveiligheid, "
    "en ik heb mijn BIG-registratie in 2020 vernieuwd."
)
ENGLISH = (
    "I have worked as a registered nurse on the intensive care unit for five years. "
    "My responsibilities include wound care, medication safety and the training of new staff."
)


def test_accents_fold_so_patient_finds_patient() -> None:
    assert analyze("patiënt", "nl") == analyze("patient", "nl")
    assert analyze("coördinatie", "nl") == analyze("coordinatie", "nl") == ["coordinatie"]
    assert analyze("Café", "en") == analyze("cafe", "en")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
@settings(max_examples=500, deadline=None)
def test_fold_is_lower_case_without_combining_marks(text: str) -> None:
    """``fold`` looks at ASCII runs in C only; the result is the reference definition's:
    lower-cased, decomposed (NFKD), every combining mark dropped."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    assert fold(text) == "".join(c for c in decomposed if not unicodedata.combining(c))


def test_fold_strips_accents_in_mixed_text() -> None:
    assert fold("Patiënt-coördinatie in Café ÉÉN, naïef Ångström") \
        == "patient-coordinatie in cafe een, naief angstrom"


def test_stop_words_are_dropped_in_both_languages() -> None:
    assert analyze("de zorg voor het kind", "nl") == ["zorg", "kind"]
    assert analyze("the care of the child", "en") == ["care", "child"]


def test_acronyms_that_look_like_stop_words_survive() -> None:
    assert "it" in analyze("Ervaring met IT en ICT", "nl")
    assert "it" not in analyze("it is what it is", "en")


def test_programming_languages_stay_recognisable() -> None:
    assert analyze("C++ en C# programmeur", "nl")[:2] == ["c++", "c#"]


def test_stemming_matches_singular_and_plural() -> None:
    assert analyze("verpleegkundigen", "nl") == analyze("verpleegkundige", "nl")
    assert analyze("nurses", "en") == analyze("nurse", "en") == ["nurs"]


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("wondverzorging", ["wond", "verzorging"]),
        ("diabetesverpleegkundige", ["diabetes", "verpleegkundige"]),
        ("decubituszorg", ["decubitus", "zorg"]),
        ("ouderenzorg", ["ouderen", "zorg"]),
        ("wondzorg", ["wond", "zorg"]),
        ("medicatieveiligheid", ["medicatie", "veiligheid"]),
        ("gezondheidszorg", ["gezondheid", "zorg"]),  # linking -s-
        ("thuiszorg", ["thuis", "zorg"]),
        # Everyday words ESCO's occupations lack come from the OpenTaal word list:
        ("patiëntintake", ["patient", "intake"]),
        ("kostprijsberekening", ["kostprijs", "berekening"]),
    ],
)
def test_compounds_split_into_dictionary_words(word: str, parts: list[str]) -> None:
    assert split_compound(word) == parts


@pytest.mark.parametrize("word", ["verpleegkundige", "medewerker", "onderwijs", "zorg",
                                  "afdeling", "ervaring", "organisatie", "kandidaat"])
def test_ordinary_words_are_not_over_split(word: str) -> None:
    assert split_compound(word) == [word]


def test_compound_is_indexed_whole_and_as_parts() -> None:
    terms = analyze("wondverzorging", "nl")
    assert terms[0] == "wondverzorg"
    assert set(terms) == {"wondverzorg", "wond", "verzorg"}
    assert set(analyze("wondzorg", "nl")) == {"wondzorg", "wond", "zorg"}


def test_query_wondzorg_meets_hyphenated_wond_en_decubituszorg() -> None:
    document = set(analyze("Specialist in wond- en decubituszorg", "nl"))
    query = set(analyze("wondzorg", "nl"))
    assert {"wond", "zorg"} <= document & query


def test_compound_parts_share_the_position_of_the_compound() -> None:
    tokens = [(t.text, t.pos) for t in analyzer("nl")("goede ouderenzorg", positions=True)]
    assert tokens == [("goed", 0), ("ouderenzorg", 1), ("ouder", 1), ("zorg", 1)]


def test_english_analyzer_does_not_split_compounds() -> None:
    assert analyze("wondverzorging", "en") == ["wondverzorg"]


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="no analyzer"):
        analyzer("de")


def test_detects_dutch_english_and_other() -> None:
    assert detect_language(DUTCH) == "nl"
    assert detect_language(ENGLISH) == "en"
    assert (
        detect_language(
            "Ich arbeite seit zehn Jahren in der Pflege und bin mit dem Team zufrieden."
        )
        == "other"
    )
    assert detect_language("12345 67890 --- ###") == "other"
    assert detect_language("") == "other"


def test_mixed_text_without_a_clear_majority_is_other() -> None:
    assert detect_language(DUTCH + " " + ENGLISH) == "other"
    # A Dutch CV with one English sentence is still Dutch.
    assert detect_language(DUTCH * 4 + " " + ENGLISH) == "nl"


@pytest.mark.corpus
def test_real_esco_texts_are_detected_in_their_language() -> None:
    esco = CORPUS / "esco"
    if not esco.is_dir():
        pytest.skip("shared corpus absent")
    dutch = (esco / "occupations_nl.csv").read_text(encoding="utf-8")[:20_000]
    english = (esco / "occupations_en.csv").read_text(encoding="utf-8")[:20_000]
    assert detect_language(dutch) == "nl"
    assert detect_language(english) == "en"


@pytest.mark.parametrize("word", ["a" * 6_000, "wondverzorging" * 430, "zorg" * 1_500])
def test_an_over_long_token_is_left_out_in_milliseconds(word: str) -> None:
    """A 6 KB run of letters took 20 s of compound splitting; now it is not indexed."""
    started = time.monotonic()
    terms = analyze(f"wondzorg {word} decubitus", "nl")
    assert time.monotonic() - started < 0.5  # measured ~10 ms
    assert "decubitus" in terms and not [t for t in terms if len(t) > MAX_TOKEN_CHARS]
    assert split_compound(word) == [word] and compound_terms(word) == []


def test_a_token_past_the_compound_cap_is_indexed_whole() -> None:
    word = "zorg" * 14  # 56 letters: no compound, but under the token cap
    assert MAX_COMPOUND_LENGTH < len(word) <= MAX_TOKEN_CHARS
    assert analyze(word, "nl") == [word]


def test_long_real_compounds_are_still_split() -> None:
    assert MAX_COMPOUND_LENGTH >= 40
    word = "gezondheidszorgmedicatieveiligheidsbeleid"  # 41 letters, under the cap
    assert len(word) <= MAX_COMPOUND_LENGTH
    # Fewest parts first ("veiligheidsbeleid" is a word), then parts of parts:
    assert split_compound(word) == ["gezondheidszorg", "medicatie", "veiligheidsbeleid"]
    assert {"gezondheid", "zorg", "medicatie", "veiligheid", "beleid"} <= set(
        compound_terms(word))


@pytest.mark.parametrize(("token", "identifier"), [
    ("wondzorg-2024-10303", True), ("85040512385", True), ("femke.scholten", True),
    ("nicole.dewit", True), ("zorg.example", True), ("nicole_dewit", True), ("covid-19", True),
    ("m\u00b2", True), ("wondzorg", False), ("big-registratie", False), ("patiënt", False),
])
def test_identifiers_are_told_from_words(token: str, identifier: bool) -> None:
    assert is_identifier(token) is identifier


def test_vocabulary_analyzer_keeps_words_and_drops_identifiers() -> None:
    text = ("Wondzorg (dossier wondzorg-2024-10303), login femke.scholten, mail "
            "nicole.dewit@zorg.example, BIG 85040512385, BIG-registratie en patiënten.")
    terms = [t.text for t in plain_analyzer()(text)]
    assert terms == ["wondzorg", "dossier", "login", "mail", "big", "big-registratie",
                     "patienten"]


TRICKY = (
    "De de DE het IT-afdeling en OR-team: wond- en decubituszorg, C++ en C#, ouderenzorg "
    "zorg zorg wondzorgwondzorg BIG-registratie 85040512385 femke.scholten@zorg.example "
    "patiënt Café coördinatie " + "x" * 70 + " a b c the of and US Ben GE ge it"
)


def _postings(field: object, texts: list[str]) -> list[list[tuple[bytes, int, float, bytes]]]:
    return [sorted(field.index(text)) for text in texts]  # type: ignore[attr-defined]


@pytest.mark.parametrize("phrase", [True, False], ids=["positions", "frequencies"])
@pytest.mark.parametrize("kind", ["nl", "en", "plain"])
def test_index_time_analysis_makes_exactly_whooshs_postings(kind: str, phrase: bool,
                                                            corpus: Path) -> None:
    """The per-word fast path (``AnalyzedText``) against Whoosh's own chain per token:
    the same terms, frequencies, weights and positions (or frequencies alone, for a
    field without phrases), on tricky text (stop words
    first, acronyms, compounds repeated, identifiers, an over-long token) and on real
    resumes in both languages' analyzers."""
    from whoosh.fields import TEXT

    from indexer.ingest.extract import extract
    from indexer.store.analyzers import AnalyzedText

    texts = [TRICKY, DUTCH, ENGLISH, "", "de het een", "   "]
    texts += [extract(pdf).text for pdf in sorted((corpus / "resumes").rglob("*.pdf"))[::60]]
    reference = TEXT(analyzer=plain_analyzer() if kind == "plain" else analyzer(kind),
                     phrase=phrase)
    expected = _postings(reference, texts)
    assert sum(map(len, expected)) > 5_000
    assert _postings(AnalyzedText(kind, phrase=phrase), texts) == expected
