"""The share's folders -> the files of each colleague, and what could not be read.

Every file below ``<person-id>/`` belongs to that person; files below ``shared/``
to whoever the document names. A folder the batch may not open is a line in the
report, not a silent gap: its files would otherwise look deleted.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from indexer.extract.base import reason_for
from indexer.people import SHARED_FOLDER, Roster

logger = logging.getLogger(__name__)

@dataclass(frozen=True)
class ShareFile:
    """A file of the share and the person whose folder holds it (None for shared/)."""

    relpath: str
    path: Path
    owner: str | None


@dataclass
class ShareWalk:
    """The files found, and the folders (relative path, reason) that could not be listed."""

    files: list[ShareFile] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)


def walk_share(source: Path, roster: Roster) -> ShareWalk:
    """Every file of indexed people's folders and of shared/, sorted, hidden files skipped."""
    walk = ShareWalk()
    folders: list[tuple[Path, str | None]] = [(source / pid, pid) for pid in roster.indexed()]
    folders.append((source / SHARED_FOLDER, None))

    def unreadable(exc: OSError) -> None:
        rel = Path(exc.filename or "").relative_to(source).as_posix()
        walk.unreadable.append((rel + "/", reason_for(exc)))

    for folder, owner in folders:
        if not folder.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "~$")))
            for name in filenames:
                if name.startswith((".", "~$")):
                    continue
                path = Path(dirpath) / name
                rel = path.relative_to(source)
                if path.is_symlink() and not _inside(path, source):
                    logger.warning("skipped %s: symbolic link leads outside the share", rel)
                    continue
                if path.is_file():
                    walk.files.append(ShareFile(rel.as_posix(), path, owner))
    walk.files.sort(key=lambda f: f.relpath)
    walk.unreadable.sort()
    return walk


def _inside(path: Path, root: Path) -> bool:
    """A symlink is followed only when it stays inside the share."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
