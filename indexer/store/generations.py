"""The index directory on disk: generations, the CURRENT pointer and the batch lock.

Layout of ``--index DIR``::

    DIR/.lock            flock()ed by the one running batch (freed by the kernel on a crash)
    DIR/CURRENT          name of the generation readers use; replaced atomically
    DIR/gen-<stamp>/     docs/ and people/ (Whoosh indexes), manifest.json, report.json
    DIR/ocr-cache/       OCR text of scans by file hash (pruned to the indexed files)

A batch builds a new generation (a hard-linked copy of the current one for an
incremental run: Whoosh never rewrites a segment file, it writes new files and a
new table of contents) and only then swaps CURRENT. A kill at any moment leaves
CURRENT naming a complete generation.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
from pathlib import Path
from typing import Any, TextIO

POINTER = "CURRENT"
LOCKFILE = ".lock"
PREFIX = "gen-"
OCR_CACHE = "ocr-cache"


class IndexLocked(Exception):
    """Another re-index holds the lock."""


class IndexMissing(Exception):
    """The index directory holds no complete generation yet."""


def current_generation(root: Path) -> Path | None:
    """The generation readers should use, or None before the first batch."""
    try:
        name = (root / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if not name.startswith(PREFIX) or "/" in name:
        raise IndexMissing(f"{root / POINTER} is damaged")
    gen = root / name
    return gen if gen.is_dir() else None


def acquire_lock(root: Path, wait: bool) -> TextIO:
    """Hold the batch lock until the returned file is closed (or the process dies)."""
    root.mkdir(parents=True, exist_ok=True)
    handle = open(root / LOCKFILE, "a+", encoding="utf-8")  # noqa: SIM115 - held open on purpose
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError as exc:
        handle.close()
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            raise IndexLocked("another re-index is running on this index") from exc
        raise
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def new_generation(root: Path, base: Path | None) -> Path:
    """Create an empty generation, or a hard-linked copy of *base*."""
    numbers = [_number(p) for p in root.glob(f"{PREFIX}*")]
    gen = root / f"{PREFIX}{max(numbers, default=0) + 1:06d}"
    if base is None:
        gen.mkdir()
        return gen
    # The postings are derived from the Whoosh files: the new generation writes its own.
    shutil.copytree(base, gen, copy_function=os.link,
                    ignore=shutil.ignore_patterns("*LOCK*", "postings"))
    return gen


def publish(root: Path, gen: Path) -> None:
    """Make *gen* the current generation, atomically and durably."""
    _fsync_tree(gen)
    tmp = root / f"{POINTER}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(gen.name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / POINTER)
    _fsync_dir(root)


def remove_stale(root: Path, keep: int = 2) -> None:
    """Delete all generations but the current one and the *keep - 1* before it.

    Keeping the previous generation lets readers that opened it finish; on
    POSIX its files stay readable for them even after deletion.
    """
    current = current_generation(root)
    gens = sorted(root.glob(f"{PREFIX}*"), key=_number)
    older = [g for g in gens if current is not None and _number(g) < _number(current)]
    keepers = {current, *older[-(keep - 1):]} if keep > 1 else {current}
    for gen in gens:
        if gen not in keepers:  # older ones, and half-built ones a crash left behind
            shutil.rmtree(gen, ignore_errors=True)


def _number(gen: Path) -> int:
    try:
        return int(gen.name[len(PREFIX):])
    except ValueError:
        return 0


def write_json(path: Path, data: Any) -> None:
    """Write JSON next to the index files (fsynced with the generation)."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    os.replace(tmp, path)


def read_json(path: Path) -> Any:
    """Read a JSON file written by write_json, or None when absent."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def _fsync_tree(gen: Path) -> None:
    for dirpath, _dirs, files in os.walk(gen):
        for name in files:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(dirpath))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def document_counts(gen: Path) -> dict[str, int]:
    """{"documents": n, "people": n} of a generation, from the Whoosh tables of contents only.

    A small file each, read without opening a searcher (for /healthz and /admin).
    """
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    def count(path: Path) -> int:
        toc = TOC.read(FileStorage(str(path)), "MAIN")
        return int(sum(segment.doc_count() for segment in toc.segments))

    return {"documents": count(gen / "docs"), "people": count(gen / "people")}
