"""expertise-indexer as HR types it: remove and restore say exactly what they did."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
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


REPO = Path(__file__).resolve().parents[1]


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


def test_the_batch_logs_its_summary_line_at_info(
        indexed: tuple[Path, Path], caplog: pytest.LogCaptureFixture) -> None:
    share, ix = indexed
    write_docx(share / "p1" / "wondzorg.docx", "Anna schreef het protocol wondzorg.")
    with caplog.at_level(logging.INFO, logger="indexer"):
        assert cli.main([str(share), "--index", str(ix), "--workers", "1"]) == 0
        assert cli.main([str(share), "--index", str(ix), "--workers", "1"]) == 0
    lines = [r.getMessage() for r in caplog.records
             if r.name == "indexer.batch" and r.levelno == logging.INFO]
    assert len(lines) == 2
    assert lines[0].startswith("published ") and lines[0].endswith(
        ": 1 added, 0 updated, 0 removed, 2 unchanged, 0 failed; 2 colleagues indexed")
    assert "incremental batch in " in lines[0]
    assert lines[1].startswith("nothing changed, ") and "3 unchanged, 0 failed" in lines[1]


def test_an_operator_sees_the_summary_line_in_the_log_without_verbose(tmp_path: Path) -> None:
    share = tmp_path / "share"
    write_people(share, [P("p1", "Anna de Vries")])
    write_docx(share / "p1" / "cv.docx", "Anna kent alles van stomazorg.")
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXPERTISE_")}
    run = subprocess.run([sys.executable, "-m", "indexer.cli", str(share), "--index",
                          str(tmp_path / "ix"), "--workers", "1"], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    logged = [line for line in run.stderr.splitlines() if line.startswith("INFO indexer.batch: ")]
    assert len(logged) == 1, run.stderr
    assert "full batch in " in logged[0]
    assert logged[0].endswith("1 added, 0 updated, 0 removed, 0 unchanged, 0 failed; "
                              "1 colleagues indexed")
    assert "full batch in " in run.stdout.splitlines()[0]  # the printed summary stays
    assert "DEBUG" not in run.stderr  # -v is what shows every step
