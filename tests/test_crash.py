"""The indexer killed, locked out or out of disk: the previous index answers, HR can rerun."""

from __future__ import annotations

import functools
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from finder.search import Finder
from indexer.language.thesaurus import Thesaurus
from indexer.store import IndexStore
from indexer.store.generations import acquire_lock
from tests.share import write_docx

REPO = Path(__file__).resolve().parents[1]
PEOPLE = 20
NEW_FILES = 120  # enough for a batch of a few seconds with one worker
OLD_WORD, NEW_WORD = "kaakchirurgie", "ballonvaart"
KILLS = 12


def make_share(root: Path) -> Path:
    """Twenty colleagues with a CV each; p01 alone knows OLD_WORD."""
    share = root / "share"
    share.mkdir(parents=True)
    rows = ["id,name,email,department,location,role"]
    for i in range(PEOPLE):
        pid = f"p{i:02d}"
        rows.append(f"{pid},Collega {i},{pid}@zorg.example,Zorg,Utrecht,Verpleegkundige")
        (share / pid).mkdir()
        skill = OLD_WORD if i == 1 else "valpreventie"
        write_docx(share / pid / "cv.docx", f"CV van collega {i}", f"Wondzorg en {skill}.")
    (share / "people.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return share


def add_new_files(share: Path, count: int = NEW_FILES, unique_words: int = 0) -> None:
    """Reports that mention NEW_WORD, spread over everyone's folders.

    With *unique_words*, each report also gets that many made-up words of its own,
    so the index grows with every file (identical files barely do).
    """
    template = share.parent / "report-template.docx"
    sentence = f"Verslag {NEW_WORD} en teamoverleg over de zorg. "
    write_docx(template, *[sentence * 3] * 30)
    data = template.read_bytes()
    rng = random.Random(count)
    for j in range(count):
        path = share / f"p{j % PEOPLE:02d}" / f"verslag_{j:03d}.docx"
        if unique_words:
            made_up = " ".join("".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=9))
                               for _ in range(unique_words))
            write_docx(path, sentence, made_up)
        else:
            path.write_bytes(data)


def indexer(share: Path, index: Path, *extra: str,
            max_file_bytes: int | None = None) -> subprocess.Popen[str]:
    """``python -m indexer.cli SHARE --index DIR --workers 1`` as HR would run it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXPERTISE_")}

    def limit_file_size() -> None:  # in the child: writes past the limit fail with EFBIG
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))

    return subprocess.Popen(
        [sys.executable, "-m", "indexer.cli", str(share), "--index", str(index),
         "--workers", "1", *extra],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=limit_file_size if max_file_bytes else None)


def run_indexer(share: Path, index: Path, *extra: str, timeout: float = 120,
                max_file_bytes: int | None = None) -> subprocess.CompletedProcess[str]:
    proc = indexer(share, index, *extra, max_file_bytes=max_file_bytes)
    out, err = proc.communicate(timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@functools.cache
def thesaurus() -> Thesaurus:
    return Thesaurus.load([])


def found(index: Path, word: str) -> list[str]:
    """Person ids a fresh Finder ranks for *word* (opening the index is part of the check).

    Only p01 has OLD_WORD, so p01 comes first; relevance feedback may add colleagues
    who share other words with p01 after it.
    """
    with Finder(index, thesaurus=thesaurus()) as finder:
        return [e.person_id for e in finder.find_experts(word).experts]


def batch_timing(share: Path, index: Path) -> tuple[float, float]:
    """Seconds from start until a batch's new generation is published, and until it exits."""
    previous = IndexStore(index).current()
    started = time.monotonic()
    proc = indexer(share, index)
    published = None
    while proc.poll() is None:
        if published is None and IndexStore(index).current() != previous:
            published = time.monotonic() - started
        time.sleep(0.01)
    duration = time.monotonic() - started
    _, err = proc.communicate()  # a batch's report is far smaller than a pipe's buffer
    assert proc.returncode == 0, err
    return published or duration, duration


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[Path, Path]:
    share = make_share(tmp_path)
    index = tmp_path / "index"
    assert run_indexer(share, index).returncode == 0
    assert found(index, OLD_WORD)[:1] == ["p01"]
    return share, index


@pytest.mark.slow
def test_kill_at_random_moments_leaves_previous_index_answering(
        indexed: tuple[Path, Path], tmp_path: Path) -> None:
    share, index = indexed
    pristine = tmp_path / "pristine"
    shutil.copytree(index, pristine)
    add_new_files(share, unique_words=10)  # words of their own: a batch of a second or two
    # When a whole batch switches over, and when it ends, measured on a throwaway copy.
    probe = tmp_path / "probe"
    shutil.copytree(index, probe)
    published, duration = batch_timing(share, probe)
    shutil.rmtree(probe)

    rng = random.Random(os.environ.get("CRASH_SEED", "7"))
    previous = IndexStore(index).current()
    before_publish = after_publish = 0
    # One random moment in each slice up to the switch-over (start-up, extraction, writing,
    # committing), and a few around the switch-over and after it.
    moments = [published * (k + rng.random()) / KILLS for k in range(KILLS)]
    moments += [rng.uniform(0.9 * published, duration) for _ in range(3)]
    for delay in moments:
        proc = indexer(share, index)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        assert proc.returncode in (-signal.SIGKILL, 0)
        # Readers see one whole batch: the previous one, or (when the kill came after the
        # switch-over) the complete new one; never a mixture, never an error.
        assert found(index, OLD_WORD)[:1] == ["p01"], f"killed after {delay:.2f} s"
        if IndexStore(index).current() == previous:
            before_publish += 1
            assert found(index, NEW_WORD) == [], f"killed after {delay:.2f} s"
        else:
            after_publish += 1
            with Finder(index, thesaurus=thesaurus()) as finder:
                # Everyone with the new word ranks first, each with a marked passage
                # (relevance feedback may add look-alike colleagues below them).
                top = finder.find_experts(NEW_WORD, limit=PEOPLE).experts
                assert len(top) == PEOPLE
                assert all("<mark>" in e.evidence[0].snippet for e in top)
            shutil.rmtree(index)  # start over from the previous batch
            shutil.copytree(pristine, index)
    assert before_publish >= KILLS // 2, (before_publish, after_publish, published)

    result = run_indexer(share, index, timeout=120)  # no stale lock, no damage left behind
    assert result.returncode == 0, result.stderr
    assert f"{NEW_FILES} added" in result.stdout
    assert found(index, OLD_WORD)[:1] == ["p01"] and len(found(index, NEW_WORD)) == 10
    assert len(list(index.glob("gen-*"))) <= 2  # half-built generations were cleaned up


@pytest.fixture
def lock_held(indexed: tuple[Path, Path]) -> Iterator[tuple[Path, Path]]:
    """The batch lock held, as by another HR session's running re-index."""
    handle = acquire_lock(indexed[1], wait=False)
    try:
        yield indexed
    finally:
        handle.close()


def test_second_run_fails_fast_while_a_batch_runs(lock_held: tuple[Path, Path]) -> None:
    share, index = lock_held
    add_new_files(share, count=3)
    started = time.monotonic()
    result = run_indexer(share, index, timeout=30)
    assert result.returncode == 3
    assert "another re-index is running" in result.stderr
    assert time.monotonic() - started < 15  # python start-up included; no waiting
    assert found(index, OLD_WORD)[:1] == ["p01"]


def test_wait_waits_for_the_running_batch(indexed: tuple[Path, Path]) -> None:
    share, index = indexed
    add_new_files(share, count=3)
    handle = acquire_lock(index, wait=False)
    try:
        proc = indexer(share, index, "--wait")
        time.sleep(3)
        assert proc.poll() is None, proc.communicate()  # still waiting for the lock
    finally:
        handle.close()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "3 added" in out
    assert set(found(index, NEW_WORD)[:3]) == {"p00", "p01", "p02"}  # the three with a report


def test_real_concurrent_runs_one_fails_with_exit_code_3(indexed: tuple[Path, Path]) -> None:
    share, index = indexed
    # Long enough a batch that the second run starts while it holds the lock.
    add_new_files(share, count=60, unique_words=100)
    first = indexer(share, index)
    deadline = time.monotonic() + 30
    while (index / ".lock").read_text(encoding="utf-8").strip() != str(first.pid):
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.02)
    second = run_indexer(share, index, timeout=30)
    out, err = first.communicate(timeout=120)
    assert second.returncode == 3 and "another re-index is running" in second.stderr
    assert first.returncode == 0, err


# ------------------------------------------------------------------ full or read-only disk
@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A directory on a 768 KB tmpfs (root only: root ignores file permissions)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=768k", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def assert_one_line_error(stderr: str, reason: str) -> None:
    """HR sees one readable line (after the progress lines), not a traceback."""
    last = stderr.strip().splitlines()[-1]
    assert "Traceback" not in stderr, stderr
    assert last.startswith("expertise-indexer: ") and reason in last, stderr
    assert "previous index is unchanged" in last


def _assert_previous_index_intact(index: Path) -> None:
    assert found(index, OLD_WORD)[:1] == ["p01"]
    assert found(index, NEW_WORD) == []
    assert (IndexStore(index).last_report() or {}).get("added") == PEOPLE


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permissions (see the tmpfs tests)")
def test_read_only_index_directory_gives_a_clear_error(indexed: tuple[Path, Path]) -> None:
    share, index = indexed
    add_new_files(share, count=5)
    index.chmod(0o555)
    try:
        result = run_indexer(share, index)
    finally:
        index.chmod(0o755)
    assert result.returncode != 0
    assert "Permission denied" in result.stderr and "previous index is unchanged" in result.stderr
    _assert_previous_index_intact(index)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")
def test_full_disk_gives_a_clear_error_and_keeps_the_index(
        indexed: tuple[Path, Path], small_disk: Path) -> None:
    share, index = indexed
    on_disk = small_disk / "index"
    shutil.copytree(index, on_disk)
    add_new_files(share, count=20, unique_words=300)  # about 6 MB of index: over 768 KB
    result = run_indexer(share, on_disk)
    assert result.returncode != 0
    assert_one_line_error(result.stderr, "No space left on device")
    _assert_previous_index_intact(on_disk)
    # Room again: the next run cleans up the half-written generation and completes.
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    assert run_indexer(share, on_disk).returncode == 0
    assert len(found(on_disk, NEW_WORD)) == 10


@pytest.mark.skipif(os.geteuid() != 0, reason="remounting read-only needs root")
def test_read_only_filesystem_gives_a_clear_error(
        indexed: tuple[Path, Path], small_disk: Path) -> None:
    share, index = indexed
    on_disk = small_disk / "index"
    shutil.copytree(index, on_disk)
    add_new_files(share, count=5)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = run_indexer(share, on_disk)
    assert result.returncode != 0
    assert_one_line_error(result.stderr, "Read-only file system")
    _assert_previous_index_intact(on_disk)


def test_file_size_limit_gives_a_clear_error(indexed: tuple[Path, Path]) -> None:
    """Disk quota without root or tmpfs: RLIMIT_FSIZE makes large writes fail (EFBIG)."""
    share, index = indexed
    add_new_files(share, count=20, unique_words=300)
    result = run_indexer(share, index, max_file_bytes=256 * 1024)
    assert result.returncode != 0
    assert_one_line_error(result.stderr, "File too large")
    _assert_previous_index_intact(index)
    assert run_indexer(share, index).returncode == 0  # the limit lifted: the next run completes
    assert len(found(index, NEW_WORD)) == 10
