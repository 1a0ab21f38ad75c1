"""A file or folder the batch may not read is a line in the report; the batch goes on.

Tests run as root, which reads everything: the batch runs under ``setpriv`` without
the capabilities that override file permissions, as an indexer account would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from finder.search import Finder
from indexer.batch import run_batch
from tests.share import P, write_docx, write_people

REPO = Path(__file__).resolve().parents[1]
NO_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def _unprivileged(tmp: Path) -> list[str]:
    """The command prefix that makes file permissions count, or [] when they already do."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    locked = tmp / "probe"
    locked.write_text("x")
    locked.chmod(0)
    probe = subprocess.run([*NO_OVERRIDE, "cat", str(locked)], capture_output=True)
    if probe.returncode == 0:
        pytest.skip("setpriv could not drop the permission override here")
    return NO_OVERRIDE


def run_indexer(share: Path, index: Path, report: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXPERTISE_")}
    command = [sys.executable, "-m", "indexer.cli", str(share), "--index", str(index),
               "--report", str(report)]
    return subprocess.run([*_unprivileged(share.parent), *command], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def test_unreadable_file_and_folder_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    share = tmp_path / "share"
    write_people(share, [P("p1", "Anna de Vries"), P("p2", "Bram Bos")])
    write_docx(share / "p1" / "cv.docx", "Wondzorg en decubitus.")
    secret = write_docx(share / "p1" / "loonstrook.docx", "Salaris")
    write_docx(share / "p2" / "archief" / "cv.docx", "Reanimatie.")
    secret.chmod(0)
    (share / "p2" / "archief").chmod(0)
    try:
        done = run_indexer(share, tmp_path / "index", tmp_path / "report.json")
    finally:
        (share / "p2" / "archief").chmod(0o755)
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    failed = {f["path"]: f["reason"] for f in report["failed"]}
    assert failed == {"p1/loonstrook.docx": "permission denied",
                      "p2/archief/": "permission denied"}
    assert report["added"] == 1
    assert "p1/loonstrook.docx: permission denied" in done.stdout
    assert "p2/archief/: permission denied (folder)" in done.stdout


def test_a_file_readable_again_is_indexed_by_the_next_batch(tmp_path: Path) -> None:
    share = tmp_path / "share"
    write_people(share, [P("p1", "Anna de Vries")])
    cv = write_docx(share / "p1" / "cv.docx", "Wondzorg en decubitus.")
    cv.chmod(0)
    first = run_indexer(share, tmp_path / "index", tmp_path / "r1.json")
    assert first.returncode == 0 and "1 failed" in first.stdout
    cv.chmod(0o644)  # a chmod keeps the mtime: the batch must not call the file unchanged
    second = run_indexer(share, tmp_path / "index", tmp_path / "r2.json")
    assert second.returncode == 0, second.stderr
    assert "1 added" in second.stdout and "0 failed" in second.stdout



def test_symbolic_links_are_never_followed(tmp_path: Path) -> None:
    """A link could bring the roster, or an objecting colleague's CV, into a folder."""
    share = tmp_path / "share"
    write_people(share, [P("p1", "Anna de Vries"), P("p2", "Bram Bos", opt_out=True)])
    write_docx(share / "p1" / "cv.docx", "Wondzorg en decubitus.")
    write_docx(share / "p2" / "cv.docx", "Bram kent kaakchirurgie.")
    (share / "p1" / "roster.txt").symlink_to(share / "people.csv")
    (share / "p1" / "bram.docx").symlink_to(share / "p2" / "cv.docx")
    (share / "p1" / "archief").symlink_to(share / "p2", target_is_directory=True)
    report = run_batch(share, tmp_path / "ix", workers=1)
    failed = {f.path: f.reason for f in report.failed}
    assert failed == dict.fromkeys(["p1/archief/", "p1/bram.docx", "p1/roster.txt"],
                                   "symbolic link (not followed)")
    assert report.added == 1
    with Finder(tmp_path / "ix") as finder:
        assert finder.find_experts("kaakchirurgie").experts == ()
        assert finder.find_experts("Bram").experts == ()
