"""Nothing of a batch outlives it: SIGKILL the batch or one of its workers, then rerun.

An OOM kill, a cron time-out or a reboot script kills ``expertise-indexer`` with
SIGKILL. Its extraction workers must not live on holding the index lock, or every
later batch and ``remove`` would fail with "another re-index is running".
"""

from __future__ import annotations

import contextlib
import json
import logging
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from finder.search import Finder
from indexer import batch as batch_module
from indexer.batch import run_batch
from indexer.ingest.extract import Limits
from indexer.ingest.files import Colleagues, Job
from indexer.ingest.profiles import person_record
from indexer.lifetime import ChildFailed
from indexer.store import writing
from indexer.store.generations import current_generation
from indexer.workers import run_jobs
from tests.share import P, write_docx, write_people

REPO = Path(__file__).resolve().parents[1]
FILES = 480  # with two workers a batch of several seconds, longer than the longest delay
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


def children(pid: int, *, forked: bool = False) -> list[int]:
    """The processes *pid* has started and that run now (children of any of its threads):
    spawned (the extraction workers) or forked (the export, half of the profiles; only
    those with *forked*), not multiprocessing's resource tracker."""
    found = []
    try:
        own = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # it has ended
        return []
    for listing in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            listed = listing.read_text().split()
        except OSError:  # the thread ended
            continue
        for child in listed:
            try:
                command = Path(f"/proc/{child}/cmdline").read_bytes()
            except OSError:
                continue
            if command == own or (b"spawn_main" in command and not forked):
                found.append(int(child))
    return found


def workers(pid: int, timeout: float = 30) -> list[int]:
    """The batch's extraction workers, once they have started."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = children(pid)
        if found:
            return found
        time.sleep(0.02)
    pytest.fail("the batch started no workers")


def until_published(share: Path, index: Path) -> float:
    """Seconds from a batch's extraction workers starting to its generation's publishing."""
    proc = start(share, "--index", index, "--workers", "2")
    workers(proc.pid)
    started = time.monotonic()
    while current_generation(index) is None:
        assert proc.poll() is None or current_generation(index), "the batch did not publish"
        time.sleep(0.01)
    published = time.monotonic() - started
    finish(proc)
    return published


# When in the batch the kill comes: as its workers start, while they extract, while the
# documents are written (a share of the time to publishing, measured on a first batch).
@pytest.mark.parametrize("moment", [0.0, 0.3, 0.6])
def test_killing_the_batch_leaves_nothing_running_and_the_next_batch_runs(
        share: Path, tmp_path: Path, moment: float) -> None:
    delay = moment * until_published(share, tmp_path / "probe")
    index = tmp_path / "index"
    proc = start(share, "--index", index, "--workers", "2")
    workers(proc.pid)
    time.sleep(delay)
    kill_and_rerun(proc, share, index)
    removed = run("remove", "p3", "--index", index)
    assert removed.returncode == 0, removed.stderr


def test_killing_the_batch_while_it_exports_the_documents_leaves_nothing_running(
        share: Path, tmp_path: Path) -> None:
    """The documents' postings are exported in a process of its own while the profiles
    are written: it dies with the batch."""
    index = tmp_path / "index"
    proc = start(share, "--index", index, "--workers", "2")
    deadline = time.monotonic() + 60
    while not list(index.glob("gen-*/postings/docs")):  # the export has started writing
        assert proc.poll() is None and time.monotonic() < deadline, "no export seen"
        time.sleep(0.002)
    assert children(proc.pid), "the export had ended"  # the extraction workers are gone
    kill_and_rerun(proc, share, index)


def kill_and_rerun(proc: subprocess.Popen[str], share: Path, index: Path,
                   files: int = FILES) -> None:
    """SIGKILL the batch: none of its processes stays running, and the next batch runs."""
    os.kill(proc.pid, signal.SIGKILL)
    finish(proc, timeout=10)
    deadline = time.monotonic() + 5
    while living(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert living(proc.pid) == [], "processes of the killed batch are still running"
    again = run(share, "--index", index, "--workers", "2")
    assert again.returncode == 0, again.stderr
    assert f"{files} added" in again.stdout


def test_killing_one_worker_costs_at_most_its_files(share: Path, tmp_path: Path) -> None:
    index, report = tmp_path / "index", tmp_path / "report.json"
    proc = start(share, "--index", index, "--workers", "2", "--report", report)
    os.kill(workers(proc.pid)[0], signal.SIGKILL)
    _out, err = finish(proc)
    assert proc.returncode == 0, err
    # The operator reads that a worker died, and which files it may have been reading.
    died = [line for line in err.splitlines() if "a worker process died" in line]
    assert died and died[0].startswith("WARNING indexer.workers: "), err
    assert "/verslag_" in died[0]
    batch = json.loads(report.read_text())
    failed = [f for f in batch["failed"] if f["reason"] != "corrupt file"]
    assert failed == []  # a lost file is retried, or reported as the one that crashed
    assert batch["added"] + len(batch["failed"]) == FILES
    assert batch["added"] >= FILES - 2



def test_a_file_whose_worker_dies_every_time_is_logged_by_name(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Every worker is killed as it starts: each file ends up alone and is named as a crash."""
    jobs = []
    for i in range(4):
        path = tmp_path / f"notitie_{i}.txt"
        path.write_text(f"Notitie {i} over wondzorg.\n", encoding="utf-8")
        jobs.append(Job(f"p1/{path.name}", path, "p1"))
    stop = threading.Event()

    def kill_every_worker() -> None:
        # A worker dies 100 ms after it appears: still importing (that takes some 300 ms),
        # so it reads nothing, and every file was handed out (CPython 3.11's submit()
        # fails with "handle is closed" when a worker dies while it starts the next one).
        seen: dict[int, float] = {}
        while not stop.is_set():
            for pid in children(os.getpid()):
                if time.monotonic() - seen.setdefault(pid, time.monotonic()) > 0.1:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
            time.sleep(0.002)

    killer = threading.Thread(target=kill_every_worker, daemon=True)
    killer.start()
    try:
        with caplog.at_level(logging.WARNING, logger="indexer.workers"):
            outcomes = [o for o, _job in run_jobs(jobs, Colleagues.of([]), Limits(), 2, None)]
    finally:
        stop.set()
        killer.join()
    crashed = [o.relpath for o in outcomes if o.detail == "extractor crashed"]
    assert sorted(o.relpath for o in outcomes) == sorted(j.relpath for j in jobs)
    assert crashed, "no worker was killed in time"
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert sorted(errors) == sorted(f"{rel}: the worker process reading it died; reported as "
                                    "corrupt file" for rel in crashed)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(w.startswith("a worker process died") and jobs[0].relpath in w for w in warnings)


def test_killing_the_batch_while_two_processes_write_the_profiles_leaves_nothing_running(
        tmp_path: Path) -> None:
    """A full batch of 500 colleagues or more writes the profiles in two processes (the
    second forked, as is the documents' export): killed then, nothing stays running and
    the next batch runs."""
    share, index = tmp_path / "share", tmp_path / "index"
    people = [P(f"p{i:03d}", f"Collega {i}") for i in range(writing.PARALLEL_PEOPLE)]
    write_people(share, people)
    template = write_docx(tmp_path / "template.docx", "Wondzorg en valpreventie. " * 200)
    for person in people:
        (share / person.id / "cv.docx").write_bytes(template.read_bytes())
    proc = start(share, "--index", index, "--workers", "2")
    deadline = time.monotonic() + 120
    while len(children(proc.pid, forked=True)) < 2:  # the export and the profiles
        assert proc.poll() is None and time.monotonic() < deadline, "no profile process seen"
        time.sleep(0.002)
    kill_and_rerun(proc, share, index, files=len(people))


def test_a_failing_profile_process_fails_the_batch_and_keeps_the_last_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The profile process's error fails the batch like the batch's own: the published
    generation stays, nothing stays running, and the next batch publishes."""
    share, index = tmp_path / "share", tmp_path / "index"
    write_people(share, [P("p1", "Anna Jansen"), P("p2", "Bram Bos")])
    write_docx(share / "p1/cv.docx", "Wondzorg en decubitus in de wijk.")
    write_docx(share / "p2/cv.docx", "Netwerkbeheer en servers.")
    run_batch(share, index, workers=1)
    published = current_generation(index)
    write_docx(share / "p1/cv.docx", "Wondzorg, decubitus en nu ook stomazorg.")

    def broken(person: Any, docs: Any, today: Any) -> Any:
        if person.id == "p2":  # the second half: the forked process's
            raise RuntimeError("profile failed")
        return person_record(person, docs, today)

    monkeypatch.setattr(writing, "PARALLEL_PEOPLE", 2)
    monkeypatch.setattr(batch_module, "person_record", broken)
    with pytest.raises(ChildFailed, match="profiles"):
        run_batch(share, index, workers=1, full=True)
    assert current_generation(index) == published
    assert multiprocessing.active_children() == []
    with Finder(index) as f:
        assert [e.person_id for e in f.find_experts("wondzorg").experts] == ["p1"]
    monkeypatch.setattr(batch_module, "person_record", person_record)
    run_batch(share, index, workers=1, full=True)
    with Finder(index) as f:
        assert [e.person_id for e in f.find_experts("stomazorg").experts] == ["p1"]
