"""Erasure leaves nothing: a removed or objecting colleague is gone from every document.

A shared protocol by Anna names Nicole de Wit and her e-mail; Anna's own CV names
her too. After ``expertise-indexer remove p2`` or ``opt_out`` in people.csv, no
suggestion, snippet, profile term, report line or byte of the index holds Nicole.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from finder.profiles import load_profile
from finder.search import Finder
from indexer import cli
from indexer.batch import run_batch
from tests.share import COLUMNS, P, write_docx, write_people

ANNA, NICOLE, BRAM = P("p1", "Anna de Vries"), P("p2", "Nicole de Wit"), P("p3", "Bram Bos")
TRACES = (b"nicole", b"p2@zorg.example", b"loonstrook_p2")


@pytest.fixture
def share(tmp_path: Path) -> Path:
    root = tmp_path / "share"
    write_people(root, [ANNA, NICOLE, BRAM])
    write_docx(root / "shared" / "protocol_decubitus.docx",
               "Protocol decubituspreventie en wondzorg.",
               f"Vragen: Nicole de Wit ({NICOLE.email}) of Anna de Vries.",
               author="Anna de Vries")
    write_docx(root / "p1" / "cv.docx", "Anna werkt in de wondzorg, samen met Nicole de Wit.")
    write_docx(root / "p2" / "cv.docx", "Nicole is specialist decubitus en wondzorg.")
    (root / "p2" / "loonstrook_p2.docx").write_bytes(b"PK\x03\x04 broken")
    write_docx(root / "p3" / "cv.docx", "Bram kent reanimatie.")
    return root


def opt_out(share: Path, person: P) -> None:
    """people.csv with *person* marked opt_out, as HR edits it."""
    rows = list(csv.reader((share / "people.csv").read_text(encoding="utf-8").splitlines()))
    with (share / "people.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        for row in rows:
            if row[0] == person.id:
                row[COLUMNS.index("opt_out")] = "1"
            writer.writerow(row)


def traces(index: Path) -> list[str]:
    """Files of the index directory (every generation, the cache) holding a trace of Nicole."""
    return sorted(str(f.relative_to(index)) for f in index.rglob("*") if f.is_file()
                  and any(t in f.read_bytes().lower() for t in TRACES))


@pytest.mark.parametrize("how", ["remove", "opt_out"])
def test_a_removed_or_objecting_colleague_leaves_no_trace(share: Path, tmp_path: Path,
                                                           how: str) -> None:
    ix = tmp_path / "ix"
    run_batch(share, ix, workers=1)
    assert traces(ix)  # the test can see her before
    if how == "remove":
        assert cli.main(["remove", "p2", "--index", str(ix)]) == 0
    else:
        opt_out(share, NICOLE)
        run_batch(share, ix, workers=1)
    assert traces(ix) == []
    with Finder(ix) as finder:
        assert finder.suggest("nic") == []
        assert finder.find_experts("nicole").experts == ()
        found = finder.find_experts("decubitus").experts
        assert {e.person_id for e in found} == {"p1"}  # the protocol still counts for Anna
        assert "Nicole" not in str([ev.snippet for e in found for ev in e.evidence])
        profile = load_profile(finder, "p1")
        assert profile is not None and not any("nicole" in t for t in profile.expertise)
    run_batch(share, ix, workers=1)  # and it holds on the next batch
    assert traces(ix) == []
