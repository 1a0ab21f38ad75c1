"""expertise-indexer as HR types it: remove and restore say exactly what they did."""

from __future__ import annotations

from pathlib import Path

import pytest

from finder.search import Finder
from indexer import cli
from tests.share import P, write_docx, write_people


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[Path, Path]:
    share = tmp_path / "share"
    write_people(share, [P("p1", "Anna de Vries"), P("p2", "Bram Bos")])
    write_docx(share / "p1" / "cv.docx", "Anna kent alles van stomazorg.")
    write_docx(share / "p2" / "cv.docx", "Bram is specialist in valpreventie.")
    assert cli.main([str(share), "--index", str(tmp_path / "ix"), "--workers", "1"]) == 0
    return share, tmp_path / "ix"


def found(index: Path, word: str) -> list[str]:
    with Finder(index) as f:
        return [e.person_id for e in f.find_experts(word).experts]


def test_the_summary_says_how_people_csv_was_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    share = tmp_path / "share"
    share.mkdir()
    (share / "people.csv").write_bytes("Personeelsnummer;Naam\r\np1;Jörg Müller\r\n"
                                       .encode("cp1252"))
    write_docx(share / "p1" / "cv.docx", "Wondzorg.")
    assert cli.main([str(share), "--index", str(tmp_path / "ix")]) == 0
    assert "people.csv: 1 colleague, cp1252, ';'-separated" in capsys.readouterr().out
    with Finder(tmp_path / "ix") as f:
        assert [e.name for e in f.find_experts("wondzorg").experts] == ["Jörg Müller"]


@pytest.mark.parametrize("command", ["remove", "restore"])
def test_an_unknown_colleague_is_an_error_not_a_success(
        indexed: tuple[Path, Path], command: str, capsys: pytest.CaptureFixture[str]) -> None:
    _share, ix = indexed
    assert cli.main([command, "nobody", "--index", str(ix)]) == 2
    err = capsys.readouterr().err
    assert "'nobody'" in err and ("nothing removed" in err or "nothing to restore" in err)


def test_removing_twice_says_so(indexed: tuple[Path, Path],
                                capsys: pytest.CaptureFixture[str]) -> None:
    _share, ix = indexed
    assert cli.main(["remove", "p2", "--index", str(ix)]) == 0
    assert "removed p2: 1 document(s) taken out" in capsys.readouterr().out
    assert cli.main(["remove", "p2", "--index", str(ix)]) == 2
    assert "already removed" in capsys.readouterr().err


def test_restore_with_the_share_indexes_the_colleague_at_once(
        indexed: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    share, ix = indexed
    cli.main(["remove", "p2", "--index", str(ix)])
    assert found(ix, "valpreventie") == []
    assert cli.main(["restore", "p2", str(share), "--index", str(ix)]) == 0
    assert "p2 is in the index again" in capsys.readouterr().out
    assert found(ix, "valpreventie") == ["p2"]


def test_restore_without_the_share_says_what_remains(
        indexed: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _share, ix = indexed
    cli.main(["remove", "p2", "--index", str(ix)])
    assert cli.main(["restore", "p2", "--index", str(ix)]) == 0
    out = capsys.readouterr().out
    assert "stay out of the index until the next batch" in out
    assert found(ix, "valpreventie") == []
