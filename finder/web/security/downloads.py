"""Opening a colleague's file for download without following any symlink."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def open_beneath(root: Path, relpath: str) -> tuple[int, os.stat_result] | None:
    """Open the regular file *relpath* below *root* without following any symlink.

    Every component is opened relative to the one before with O_NOFOLLOW, so a
    symlink anywhere below *root* (a folder or the file) fails instead of leading
    elsewhere; the file must be regular (no FIFO, device or socket: O_NONBLOCK keeps
    a FIFO from blocking the open). On Linux the kernel's name for the opened file
    is checked to lie below *root* as well. None for anything else, including a NUL.
    """
    parts = relpath.split("/")
    if any(p in ("", ".", "..") or "\x00" in p for p in parts):
        return None
    nofollow = os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except (OSError, ValueError):
        return None
    try:
        for part in parts[:-1]:
            inner = os.open(part, nofollow | os.O_DIRECTORY, dir_fd=folder)
            os.close(folder)
            folder = inner
        fd = os.open(parts[-1], nofollow | os.O_NONBLOCK, dir_fd=folder)
    except (OSError, ValueError):
        return None
    finally:
        os.close(folder)
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or not _opened_below(fd, root):
        os.close(fd)
        return None
    return fd, info


def _opened_below(fd: int, root: Path) -> bool:
    proc = Path(f"/proc/self/fd/{fd}")
    if not proc.parent.is_dir():  # not Linux: the O_NOFOLLOW walk is the guarantee
        return True
    try:
        real = Path(os.readlink(proc))
    except OSError:
        return False
    return real.is_relative_to(Path(os.path.realpath(root)))
