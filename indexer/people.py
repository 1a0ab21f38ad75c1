"""people.csv and the share's folders -> who owns which file.

The share convention (see README): ``people.csv`` lists colleagues; every file
below ``<person-id>/`` belongs to that person; files below ``shared/`` belong to
whoever the document names (author metadata, roster names and e-mails).
"""

from __future__ import annotations

import csv
import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

REQUIRED_COLUMNS = ("id", "name", "email", "department", "location", "role")
OPTIONAL_COLUMNS = ("phone", "opt_out")
SHARED_FOLDER = "shared"
# Ids become folder names and URL parts: keep them boring.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
TRUE_WORDS = {"1", "true", "yes", "ja", "y", "j", "x"}


class PeopleError(Exception):
    """people.csv cannot be used; the message names the line."""


@dataclass(frozen=True)
class Person:
    """One colleague as HR listed them."""

    id: str
    name: str
    email: str
    department: str
    location: str
    role: str
    phone: str = ""
    opt_out: bool = False

    def fingerprint(self) -> str:
        """Changes when anything indexed about this person changes."""
        fields = (self.id, self.name, self.email, self.department, self.location, self.role,
                  self.phone)
        return hashlib.sha1("\x1f".join(fields).encode()).hexdigest()


@dataclass(frozen=True)
class Roster:
    """Everyone in people.csv, plus the problems found while reading it."""

    people: dict[str, Person]
    opted_out: frozenset[str]
    warnings: tuple[str, ...]

    def without(self, removed: list[str]) -> Roster:
        """The roster minus people HR removed with ``expertise-indexer remove``."""
        still = sorted(pid for pid in removed if pid in self.people)
        notes = tuple(f"person {pid!r} was removed from the index by HR and stays out "
                      "(run 'expertise-indexer restore' to index them again)" for pid in still)
        return Roster(self.people, self.opted_out | set(removed), self.warnings + notes)

    def indexed(self) -> dict[str, Person]:
        """The people who may appear in the index (opt-outs excluded)."""
        return {pid: p for pid, p in self.people.items() if pid not in self.opted_out}


def valid_person_id(value: str) -> bool:
    """True for ids that are safe as folder names and in URLs."""
    return bool(ID_PATTERN.match(value)) and value not in {".", "..", SHARED_FOLDER}


def read_people(source: Path) -> Roster:
    """Read and validate ``source/people.csv``; raise PeopleError when it is unusable.

    Fatal (the batch cannot run): missing file, missing columns, duplicate or
    unsafe ids. Reported but not fatal: a person without a folder, a folder
    without a person.
    """
    path = source / "people.csv"
    if not path.is_file():
        raise PeopleError(f"{path}: people.csv not found")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PeopleError(f"{path}: cannot read people.csv ({exc})") from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # Dutch Excel uses ';'
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise PeopleError(f"{path}:1: missing column(s): {', '.join(missing)}")
    reader.fieldnames = header
    people: dict[str, Person] = {}
    opted_out: set[str] = set()
    warnings: list[str] = []
    for line, row in enumerate(reader, start=2):
        values = {k: (v or "").strip() for k, v in row.items() if k}
        pid = values.get("id", "")
        if not pid and not any(values.values()):
            continue
        if not valid_person_id(pid):
            raise PeopleError(f"{path}:{line}: unsafe or empty id {pid!r} "
                              "(letters, digits, '.', '_' and '-' only)")
        if pid in people:
            raise PeopleError(f"{path}:{line}: duplicate id {pid!r}")
        if not values.get("name"):
            raise PeopleError(f"{path}:{line}: person {pid!r} has no name")
        person = Person(
            id=pid,
            name=values["name"],
            email=values.get("email", ""),
            department=values.get("department", ""),
            location=values.get("location", ""),
            role=values.get("role", ""),
            phone=values.get("phone", ""),
            opt_out=values.get("opt_out", "").lower() in TRUE_WORDS,
        )
        people[pid] = person
        if person.opt_out:
            opted_out.add(pid)
    for pid in people:
        if pid not in opted_out and not (source / pid).is_dir():
            warnings.append(f"person {pid!r} has no folder in the share")
    for child in sorted(source.iterdir()):
        if (child.is_dir() and child.name not in people and child.name != SHARED_FOLDER
                and not child.name.startswith(".")):
            warnings.append(f"folder {child.name!r} has no person in people.csv (skipped)")
    return Roster(people=people, opted_out=frozenset(opted_out), warnings=tuple(warnings))


@dataclass(frozen=True)
class ShareFile:
    """A file of the share and the person whose folder holds it (None for shared/)."""

    relpath: str
    path: Path
    owner: str | None


def walk_share(source: Path, roster: Roster) -> list[ShareFile]:
    """Every file of indexed people's folders and of shared/, sorted, hidden files skipped."""
    found: list[ShareFile] = []
    folders: list[tuple[Path, str | None]] = [(source / pid, pid) for pid in roster.indexed()]
    folders.append((source / SHARED_FOLDER, None))
    for folder, owner in folders:
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            rel = path.relative_to(source)
            if any(part.startswith((".", "~$")) for part in rel.parts):
                continue
            if path.is_symlink() and not _inside(path, source):
                logger.warning("skipped %s: symbolic link leads outside the share", rel)
                continue
            if path.is_file():
                found.append(ShareFile(rel.as_posix(), path, owner))
    found.sort(key=lambda f: f.relpath)
    return found


def _inside(path: Path, root: Path) -> bool:
    """A symlink is followed only when it stays inside the share."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
