"""expertise-finder search|serve on a tiny real index: what a user sees in the terminal."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from finder import cli
from indexer.batch import run_batch
from tests.share import COLUMNS, write_docx

TODAY = date.today()
SCRIPT = Path(sys.executable).with_name("expertise-finder")
FILLERS = 100  # colleagues who all know "dossiervoering": output far beyond a 64 KB pipe


def nl_date(d: date) -> str:
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
              "september", "oktober", "november", "december"]
    return f"{d.day} {months[d.month - 1]} {d.year}"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Anna (valid BLS, Zwolle), Bram (expired BLS, Deventer, no phone), and the fillers."""
    root = tmp_path_factory.mktemp("cli")
    share = root / "share"
    share.mkdir()
    people = [("p1", "Anna de Vries", "Wijkverpleging", "Zwolle", "Wondverpleegkundige",
               "038-1234567"),
              ("p2", "Bram Bakker", "Geriatrie", "Deventer", "Verpleegkundige", "")]
    people += [(f"f{i:03d}", f"Collega {i}", "Administratie", "Zwolle", "Secretaris", "038-1")
               for i in range(FILLERS)]
    with open(share / "people.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for pid, name, dept, loc, role, phone in people:
            writer.writerow([pid, name, f"{pid}@zorg.example", dept, loc, role, phone, ""])
    write_docx(share / "p1" / "cv.docx", "Curriculum vitae",
               "Wondzorg & decubitus <complex>: wondzorg bij ouderen thuis.")
    write_docx(share / "p1" / "certificates" / "bls.docx", "Certificaat BLS reanimatie",
               f"geldig tot {nl_date(TODAY + timedelta(days=400))}")
    write_docx(share / "p2" / "cv.docx", "Curriculum vitae", "Wondzorg bij diabetes.")
    write_docx(share / "p2" / "certificates" / "bls.docx", "Certificaat BLS reanimatie",
               f"geldig tot {nl_date(TODAY - timedelta(days=30))}")
    reports = [write_docx(root / f"verslag{d}.docx", *[
        f"Dossiervoering en rapportage in het zorgdossier, overdracht {d} van dienst {j}."
        for j in range(8)]) for d in range(3)]
    for i in range(FILLERS):
        for report in reports:  # the same real .docx in every filler's folder
            (share / f"f{i:03d}").mkdir(exist_ok=True)
            shutil.copy(report, share / f"f{i:03d}" / report.name)
    run_batch(share, root / "ix", workers=1, today=TODAY)
    return root / "ix"


def search(index: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(["search", *args, "--index", str(index)])
    return code, capsys.readouterr().out


def test_text_output_shows_who_how_to_reach_them_and_why(
        index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = search(index, capsys, "wondzorg")
    lines = out.splitlines()
    assert code == 0
    assert re.fullmatch(r" 1\. Anna de Vries \(Wondverpleegkundige, Wijkverpleging\)  \d\.\d{3}",
                        lines[0])
    assert lines[1] == "    p1@zorg.example · 038-1234567"
    assert lines[2].startswith("    cv: p1/cv.docx: Curriculum vitae Wondzorg")
    assert "Wondzorg & decubitus <complex>" in lines[2]  # plain text: no <mark>, no &amp;
    assert "<mark>" not in out and "&amp;" not in out and "&lt;" not in out
    assert re.fullmatch(r" 2\. Bram Bakker \(Verpleegkundige, Geriatrie\)  \d\.\d{3}", lines[3])
    assert lines[4] == "    p2@zorg.example"  # no phone known: no empty separator
    assert lines[-1] == "2 colleague(s)"


def test_certificates_show_validity_and_valid_only_drops_the_expired_one(
        index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = search(index, capsys, "reanimatie", "--kind", "certificate")
    valid, expired = TODAY + timedelta(days=400), TODAY - timedelta(days=30)
    assert code == 0
    assert f"[valid until {valid.isoformat()}]" in out
    assert f"[expired {expired.isoformat()}]" in out
    assert "certificate: " in out and out.endswith("2 colleague(s)\n")
    code, out = search(index, capsys, "reanimatie", "--kind", "certificate", "--valid-only")
    assert code == 0 and "Anna de Vries" in out and "Bram Bakker" not in out
    assert out.endswith("1 colleague(s)\n")


def test_location_filter_and_json(index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = search(index, capsys, "wondzorg", "--location", "Deventer", "--json")
    data = json.loads(out)
    assert code == 0 and data["total"] == 1
    assert [e["name"] for e in data["experts"]] == ["Bram Bakker"]


def test_a_typo_gets_a_suggestion_and_an_empty_question_an_error(
        index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = search(index, capsys, "wondzorgg")
    assert code == 0 and out == "Did you mean: wondzorg?\n0 colleague(s)\n"
    assert cli.main(["search", "", "--index", str(index)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("expertise-finder: ") and err.count("\n") == 1


def test_limit_shows_fewer_but_counts_all(index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = search(index, capsys, "wondzorg", "--limit", "1")
    assert code == 0 and "Anna de Vries" in out and "Bram Bakker" not in out
    assert out.endswith("2 colleague(s)\n")


@pytest.mark.parametrize("args", [["--limit", "0"], ["--limit", "101"], ["--limit", "ten"],
                                  ["--kind", "pdf"]])
def test_bad_options_are_usage_errors(index: Path, capsys: pytest.CaptureFixture[str],
                                      args: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["search", "wondzorg", "--index", str(index), *args])
    err = capsys.readouterr().err
    assert caught.value.code == 2
    assert f"error: argument {args[0]}" in err and "Traceback" not in err


BAD_SETTINGS = [
    ("EXPERTISE_MODEL", "fusd", "EXPERTISE_MODEL='fusd': choose one of document, profile, fused"),
    ("EXPERTISE_PAGE_SIZE", "0", "EXPERTISE_PAGE_SIZE=0: must be between 1 and 100"),
    ("EXPERTISE_PORT", "http", "EXPERTISE_PORT='http': must be a whole number between 1 and 65535"),
    ("EXPERTISE_LANGUAGE", "fr", "EXPERTISE_LANGUAGE='fr': choose one of nl, en"),
    ("EXPERTISE_AUTH", "basic", "EXPERTISE_BASIC_USERS='': with EXPERTISE_AUTH=basic, give "
                                "user:password pairs separated by commas"),
    ("EXPERTISE_CACHE_SIZE", "-5", "EXPERTISE_CACHE_SIZE=-5: must be at least 0"),
]


@pytest.mark.parametrize("command", ["search", "serve"])
@pytest.mark.parametrize(("variable", "value", "message"), BAD_SETTINGS,
                         ids=[v for v, _x, _m in BAD_SETTINGS])
def test_a_bad_setting_stops_either_command_with_one_line(
        index: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        command: str, variable: str, value: str, message: str) -> None:
    monkeypatch.setenv(variable, value)
    args = ["wondzorg"] if command == "search" else []
    code = cli.main([command, *args, "--index", str(index)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err == f"expertise-finder: {message}\n"
    assert captured.out == ""


def test_serve_refuses_a_port_out_of_range(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["serve", "--port", "0"])
    assert caught.value.code == 2 and "0 is not between 1 and 65535" in capsys.readouterr().err


def test_serve_on_a_taken_port_says_how_to_choose_another(
        index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = str(taken.getsockname()[1])
        assert cli.main(["serve", "--index", str(index), "--port", port]) == 2
    err = capsys.readouterr().err
    assert f"port {port} on 127.0.0.1 is already in use" in err and "PORT=" in err


@pytest.mark.parametrize("unbuffered", ["1", ""], ids=["PYTHONUNBUFFERED", "buffered"])
def test_piping_into_head_ends_quietly(index: Path, unbuffered: str) -> None:
    """The real console script; its JSON is far beyond what the pipe holds, so head has
    closed the pipe while the script is still writing."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXPERTISE_")}
    env |= {"EXPERTISE_CONCEPT_WEIGHT": "0", "PYTHONUNBUFFERED": unbuffered}  # quicker start
    full = subprocess.run([str(SCRIPT), "search", "dossiervoering", "--index", str(index),
                           "--limit", "100", "--json"], capture_output=True, env=env,
                          timeout=120)
    assert full.returncode == 0 and len(full.stdout) > 2 * 65536
    piped = subprocess.run(
        ["bash", "-c", 'set -o pipefail; "$0" search dossiervoering --index "$1" --limit 100 '
                       "--json | head -c 10", str(SCRIPT), str(index)],
        capture_output=True, env=env, timeout=120)
    assert piped.stdout == full.stdout[:10]
    assert b"Traceback" not in piped.stderr and b"BrokenPipeError" not in piped.stderr
    assert b"Exception ignored" not in piped.stderr
    assert piped.returncode == 141  # 128 + SIGPIPE, as cat or grep would report
