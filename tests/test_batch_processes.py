"""Nothing of a batch outlives it: SIGKILL the batch or one of its workers, then rerun.

An OOM kill, a cron time-out or a reboot script kills ``expertise-indexer`` with
SIGKILL. Its extraction workers must not live on holding the index lock, or every
later batch and ``remove`` would fail with "another re-index is running".
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.share import P, write_docx, write_people

REPO = Path(__file__).resolve().parents[1]
FILES = 240
pytestmark = pytest.mark.slow


@pytest.fixture
def share(tmp_path: Path) -> Path:
    """Ten colleagues and enough reports for a batch of several seconds with two workers."""
    root = tmp_path / "share"
    people = [P(f"p{i}", f"Collega {i}") for i in range(10)]
    write_people(root, people)
    template = write_docx(tmp_path / "template.docx",
                          *["Verslag over wondzorg, valpreventie en teamoverleg. " * 8] * 40)
    for j in range(FILES):
        (root / f"p{j % 10}" / f"verslag_{j:03d}.docx").write_bytes(template.read_bytes())
    return root


def start(*args: str | Path) -> subprocess.Popen[str]:
    """``expertise-indexer ARGS`` in a session of its own: its process group is the batch."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXPERTISE_")}
    return subprocess.Popen([sys.executable, "-m", "indexer.cli", *map(str, args)], cwd=REPO,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def finish(proc: subprocess.Popen[str], timeout: float = 120) -> tuple[str, str]:
    """stdout and stderr of a batch; a batch that hangs is killed and fails the test."""
    try:
        return proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"the batch hung for {timeout:g} s")


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    proc = start(*args)
    out, err = finish(proc)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def living(group: int) -> list[int]:
    """Processes of a process group that still run (zombies waiting for init don't)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def workers(pid: int, timeout: float = 30) -> list[int]:
    """The batch's extraction workers, once they have started."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = []
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            try:
                if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                    found.append(int(child))
            except OSError:
                continue
        if found:
            return found
        time.sleep(0.02)
    pytest.fail("the batch started no workers")


@pytest.mark.parametrize("delay", [0.0, 1.0, 3.0])
def test_killing_the_batch_leaves_nothing_running_and_the_next_batch_runs(
        share: Path, tmp_path: Path, delay: float) -> None:
    index = tmp_path / "index"
    proc = start(share, "--index", index, "--workers", "2")
    workers(proc.pid)
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    finish(proc, timeout=10)
    deadline = time.monotonic() + 5
    while living(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert living(proc.pid) == [], "processes of the killed batch are still running"

    again = run(share, "--index", index, "--workers", "2")
    assert again.returncode == 0, again.stderr
    assert f"{FILES} added" in again.stdout
    removed = run("remove", "p3", "--index", index)
    assert removed.returncode == 0, removed.stderr


def test_killing_one_worker_costs_at_most_its_files(share: Path, tmp_path: Path) -> None:
    index, report = tmp_path / "index", tmp_path / "report.json"
    proc = start(share, "--index", index, "--workers", "2", "--report", report)
    os.kill(workers(proc.pid)[0], signal.SIGKILL)
    _out, err = finish(proc)
    assert proc.returncode == 0, err
    batch = json.loads(report.read_text())
    failed = [f for f in batch["failed"] if f["reason"] != "corrupt file"]
    assert failed == []  # a lost file is retried, or reported as the one that crashed
    assert batch["added"] + len(batch["failed"]) == FILES
    assert batch["added"] >= FILES - 2
