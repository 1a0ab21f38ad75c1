"""The share's folders -> the files of each colleague, and what could not be read.

Every file below ``<person-id>/`` belongs to that person; files below ``shared/``
to whoever the document names. A folder the batch may not open is a line in the
report, not a silent gap: its files would otherwise look deleted. Symbolic links
are never followed (one could bring people.csv or an objecting colleague's CV into
someone's folder): each is a line in the report.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from indexer.ingest.extract.base import SYMLINK, reason_for
from indexer.people import PHOTO_NAMES, SHARED_FOLDER, Roster


def is_photo(relpath: str) -> bool:
    """Whether *relpath* is a colleague's photo: photo.jpg/.jpeg/.png at their folder's top."""
    folder, _, name = relpath.partition("/")
    return folder != SHARED_FOLDER and name.lower() in PHOTO_NAMES


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
        if folder.is_symlink():
            walk.unreadable.append((folder.relative_to(source).as_posix() + "/", SYMLINK))
            continue
        for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable):
            here = Path(dirpath)
            links = [d for d in dirnames if (here / d).is_symlink()]
            walk.unreadable += [((here / d).relative_to(source).as_posix() + "/", SYMLINK)
                                for d in links if not d.startswith((".", "~$"))]
            dirnames[:] = sorted(d for d in dirnames
                                 if not d.startswith((".", "~$")) and d not in links)
            for name in filenames:
                if name.startswith((".", "~$")):
                    continue
                path = here / name
                rel = path.relative_to(source).as_posix()
                if is_photo(rel):
                    continue
                if path.is_symlink():
                    walk.unreadable.append((rel, SYMLINK))
                elif path.is_file():  # sockets, fifos and devices are not documents
                    walk.files.append(ShareFile(rel, path, owner))
    walk.files.sort(key=lambda f: f.relpath)
    walk.unreadable.sort()
    return walk


