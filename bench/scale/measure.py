"""Measurements for the scale bench: read floor, extraction alone, the indexer as a subprocess."""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path

from bench.scale.generate import write_pdf
from indexer.ingest.extract import ExtractionError, extract


@dataclass(frozen=True)
class Pass:
    """One timed pass over the share's files."""

    files: int
    failed: int
    seconds: float

    @property
    def per_second(self) -> float:
        """Files per second."""
        return round(self.files / self.seconds, 1) if self.seconds else 0.0


@dataclass(frozen=True)
class IndexRun:
    """One ``expertise-indexer`` run: wall time, its report and its memory."""

    seconds: float
    exit_code: int
    report: dict[str, object]
    max_rss_mb: float  # largest single process (wait4 rusage, includes reaped children)
    tree_rss_mb: float  # largest sum over the process tree, sampled every 100 ms


def share_files(share: Path) -> list[Path]:
    """Every document of the share (people.csv excluded), sorted."""
    return sorted(p for p in share.rglob("*") if p.is_file() and p.name != "people.csv")


def read_floor(files: list[Path]) -> Pass:
    """Just read every file's bytes: the floor no indexer can beat."""
    start = time.perf_counter()
    for path in files:
        path.read_bytes()
    return Pass(len(files), 0, round(time.perf_counter() - start, 4))


def _extract_one(path: str) -> bool:
    try:
        extract(Path(path))
    except ExtractionError:
        return False
    return True


def extraction_only(files: list[Path], processes: int = 2) -> Pass:
    """The project's extractor over every file in *processes* processes, nothing else."""
    start = time.perf_counter()
    with Pool(processes) as pool:
        ok = pool.map(_extract_one, [str(p) for p in files], chunksize=32)
    return Pass(len(files), ok.count(False), round(time.perf_counter() - start, 4))


def indexer_command() -> list[str]:
    """The ``expertise-indexer`` entry point of this virtualenv."""
    script = Path(sys.executable).with_name("expertise-indexer")
    return (
        [str(script)]
        if script.exists()
        else [shutil.which("expertise-indexer") or "expertise-indexer"]
    )


def run_indexer(
    share: Path, index: Path, report: Path, *, full: bool, extra: list[str] | None = None
) -> IndexRun:
    """Run the indexer CLI as a child process, timing it and tracking its memory."""
    cmd = [*indexer_command(), str(share), "--index", str(index), "--report", str(report)]
    cmd += (["--full"] if full else []) + (extra or [])
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.1):
            peak[0] = max(peak[0], tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert proc.stderr is not None
    err = proc.stderr.read()  # drained while running so a chatty indexer cannot block
    # wait4 on this child gives its own rusage: ru_maxrss is the peak of the largest
    # process among it and its reaped children (same as RUSAGE_CHILDREN, per child).
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        sys.stderr.write(err[-2000:])
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return IndexRun(
        round(seconds, 2),
        proc.returncode,
        data,
        round(usage.ru_maxrss / 1024, 1),
        round(peak[0] / 1024, 1),
    )


def tree_rss_kb(pid: int, each: Callable[[int], int] | None = None) -> int:
    """Resident memory of *pid* plus all its descendants, from /proc (0 when gone); with
    *each* (``pss_kb``) that measure instead of each process's RSS."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += (each or rss_kb)(p)
        with contextlib.suppress(OSError):  # a process may end while it is looked at
            for children in Path(f"/proc/{p}/task").glob("*/children"):
                todo += [int(c) for c in children.read_text().split()]
    return total


def rss_kb(pid: int) -> int:
    """VmRSS of one process in kB, 0 when it is gone."""
    return _proc_kb(f"/proc/{pid}/status", "VmRSS:")


def pss_kb(pid: int) -> int:
    """Proportional set size of one process in kB (a page shared by n processes counts
    1/n in each: summed over a process tree, the memory it really holds)."""
    return _proc_kb(f"/proc/{pid}/smaps_rollup", "Pss:")


def _proc_kb(path: str, key: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def change_files(files: list[Path], fraction: float, seed: int = 5) -> list[Path]:
    """Modify *fraction* of the files in place (new text, new mtime), as an editor would."""
    rng = random.Random(seed)
    chosen = rng.sample(files, max(1, round(len(files) * fraction)))
    note = "Bijgewerkt na de evaluatie: aanvullende afspraken over overdracht en dubbele controle."
    for path in chosen:
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as z:
                parts = {n: z.read(n) for n in z.namelist()}
            xml = parts["word/document.xml"].decode("utf-8")
            parts["word/document.xml"] = xml.replace(
                "</w:body>", f"<w:p><w:r><w:t>{note}</w:t></w:r></w:p></w:body>"
            ).encode("utf-8")
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
                for name, data in parts.items():
                    z.writestr(name, data)
        elif path.suffix == ".pdf":
            text = extract(path).text
            write_pdf(path, [*text.splitlines(), note], author="bench")
        else:
            path.write_text(path.read_text(encoding="utf-8") + "\n" + note, encoding="utf-8")
    return chosen


def dir_size_mb(path: Path) -> float:
    """Bytes of all files under *path*, in MB (hard links counted once)."""
    seen: set[int] = set()
    total = 0
    for p in path.rglob("*"):
        if p.is_file():
            st = p.stat()
            if st.st_ino not in seen:
                seen.add(st.st_ino)
                total += st.st_size
    return round(total / 1e6, 1)
