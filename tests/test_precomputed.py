"""The precomputed language data (issue 16) is what the slow path computes, and never stale.

The shipped files must match their data and code (else: run
scripts/build_language_cache.py); what they hold must equal the analysis done at start
before; and a missing, stale or damaged file falls back to that analysis.
"""

from __future__ import annotations

import dataclasses
import gzip
import itertools
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.language import compounds, concepts, precomputed, thesaurus
from indexer.language.concepts import ConceptBridge, Occupation
from indexer.language.thesaurus import ESCO_CACHE, LEXICON, OCCUPATIONS, Thesaurus
from indexer.language.words import DATA_DIR

REBUILD = f"stale: run {precomputed.BUILD_SCRIPT}"
# Words of every kind the bridge and thesaurus meet: known, compounds, plurals, English.
SAMPLE = ["wondzorg", "klassenmanagement", "vormgever", "bankmedewerker", "reanimatie",
          "informatiebeveiliging", "diabeteszorg", "verpleegkundigen", "bouwbedrijf",
          "basic life support", "nurse", "broodbakkerij", "xyzzy", "verzorgende ig",
          "kinderopvang", "boekhouder", "elektricien", "software developer", "zorg"]


@pytest.fixture(scope="module")
def slow_tables() -> concepts.Tables:
    """The bridge's tables analysed now, as every start did before the cache."""
    return concepts.analyse(concepts.read_occupations(DATA_DIR / OCCUPATIONS))


def test_the_shipped_files_match_their_data_and_code() -> None:
    assert precomputed.read(DATA_DIR / ESCO_CACHE, thesaurus.esco_sources()) is not None, \
        f"{ESCO_CACHE} {REBUILD}"
    assert precomputed.read(DATA_DIR / concepts.BRIDGE_CACHE, concepts.sources()) is not None, \
        f"{concepts.BRIDGE_CACHE} {REBUILD}"
    assert precomputed.read(DATA_DIR / compounds.GENERAL_CACHE, compounds.general_sources()) \
        is not None, f"{compounds.GENERAL_CACHE} {REBUILD}"


def test_the_shipped_word_hashes_are_the_general_word_lists() -> None:
    hashes, longest = compounds.general_hashes(compounds.read_general())
    shipped, shipped_longest = compounds.load_general()
    assert shipped_longest == longest >= 20
    assert shipped.size == hashes.size > 300_000
    assert (shipped == hashes).all()


def test_the_word_hash_is_the_same_in_another_process() -> None:
    """Python's str hash is salted per process; the shipped hashes must not be."""
    code = "from indexer.language.compounds import word_hash; print(word_hash('wondzorg'))"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": "random"})
    assert int(other.stdout) == compounds.word_hash("wondzorg")


def test_general_words_are_found_through_the_shipped_hashes() -> None:
    words = list(itertools.islice(compounds.read_general(), 0, 300_000, 997))
    near = [w + "q" for w in words]  # not in the list
    found = compounds._Dictionary({}, set(), compounds.load_general()).general_among(
        words + near)
    assert found == set(words)


def test_the_precomputed_thesaurus_entries_are_the_ones_read_from_esco() -> None:
    assert thesaurus.esco_layer() == thesaurus.stored_esco_layer(thesaurus.read_esco_entries())


def test_the_precomputed_bridge_tables_are_the_analysed_ones(
        slow_tables: concepts.Tables) -> None:
    stored = precomputed.read(DATA_DIR / concepts.BRIDGE_CACHE, concepts.sources())
    assert concepts.Tables(**stored) == slow_tables
    fast, slow = concepts.load(), ConceptBridge(slow_tables)
    for word in SAMPLE:
        assert fast.translate([word]) == slow.translate([word]), word
    assert fast.translate(SAMPLE) == slow.translate(SAMPLE)


def test_organisation_synonyms_load_on_top_as_before(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "ic" has ESCO entries too: the organisation's groups still come before them.
    own = tmp_path / "ours.txt"
    own.write_text("IC = intensive care = ICU = intensivist = critical care\n"
                   "MDO = multidisciplinair overleg\n", encoding="utf-8")
    fast = Thesaurus.load([own])
    monkeypatch.setattr(precomputed, "read", lambda *_args: None)  # the slow path
    slow = Thesaurus.load([own])
    for word in [*SAMPLE, "IC", "MDO", "intensive care"]:
        assert fast.expand(word) == slow.expand(word), word
    assert "multidisciplinair overleg" in {e.phrase for e in fast.expand("MDO")}


def test_the_file_is_the_same_bytes_each_time(tmp_path: Path) -> None:
    value = {"b": [1, 2.5, "é"], "a": {"z": 1}}
    sources = [DATA_DIR / LEXICON]
    precomputed.write(tmp_path / "one.json.gz", sources, value)
    precomputed.write(tmp_path / "two.json.gz", sources, value)
    assert (tmp_path / "one.json.gz").read_bytes() == (tmp_path / "two.json.gz").read_bytes()
    assert precomputed.read(tmp_path / "one.json.gz", sources) == value


def _esco_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / OCCUPATIONS).write_text(
        "nurse\tverpleegkundige\tverpleger|verpleegster\tnurse\tNurses care.\tZij zorgen.\n",
        encoding="utf-8")
    (data / LEXICON).write_text("zorg\tcare\t0.5\n", encoding="utf-8")
    return data


def test_a_stale_missing_or_damaged_thesaurus_file_falls_back_to_reading_esco(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = _esco_dir(tmp_path)
    assert Thesaurus.load(data_dir=data, defaults=()).expand("verpleger")  # no file yet
    # A file built for these inputs is used: here one that says something else.
    precomputed.write(data / ESCO_CACHE, thesaurus.esco_sources(data),
                      {"verpleger": "male nurse\t\t0.7\t0"})
    assert [e.phrase for e in Thesaurus.load(data_dir=data, defaults=()).expand("verpleger")
            ] == ["male nurse"]
    # The data changed after: the file is stale, and the thesaurus reads the data again.
    with (data / LEXICON).open("a", encoding="utf-8") as f:
        f.write("wond\twound\t0.5\n")
    with caplog.at_level(logging.WARNING):
        found = Thesaurus.load(data_dir=data, defaults=())
    assert f"{ESCO_CACHE} is stale" in caplog.text
    assert [e.phrase for e in found.expand("verpleger")] == ["nurse"]
    assert [e.phrase for e in found.expand("wond")] == ["wound"]
    (data / ESCO_CACHE).write_bytes(gzip.compress(b"{not json"))
    assert [e.phrase for e in Thesaurus.load(data_dir=data, defaults=()).expand("wond")
            ] == ["wound"]
    assert f"{ESCO_CACHE} is unreadable" in caplog.text


def test_a_stale_bridge_file_falls_back_to_analysing(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = _esco_dir(tmp_path)  # one occupation: the nurse
    baker = Occupation("bakker", ["broodbakker"], "Bakkers bakken brood.", "baker",
                       "Bakers bake bread.")
    teacher = Occupation("leraar", [], "Leraren geven les.", "teacher", "Teachers teach.")
    tables = dataclasses.asdict(concepts.analyse([baker, teacher]))
    precomputed.write(data / concepts.BRIDGE_CACHE, concepts.sources(data), tables)
    assert "bread" in {t.word for t in concepts.load(data).translate(["brood"])}  # the file
    stale_dir = tmp_path / "stale"
    shutil.copytree(data, stale_dir)
    with (stale_dir / OCCUPATIONS).open("a", encoding="utf-8") as f:
        f.write("teacher\tleraar\t\tteacher\tTeachers teach.\tLeraren geven les.\n")
    with caplog.at_level(logging.WARNING):
        analysed = concepts.load(stale_dir)
    assert f"{concepts.BRIDGE_CACHE} is stale" in caplog.text
    assert len(analysed) == 2  # the nurse and the teacher, read from the data
    assert analysed.translate(["brood"]) == []
