"""people.csv -> the colleagues of the share (their folders are walked by ``indexer.share``).

people.csv may be a Dutch or English HR export (see COLUMNS and read_people):
any of three delimiters, UTF-8 or cp1252, Dutch or English headers.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path

# Field -> the headers HR exports use for it (compared lower-case, '_' as space).
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "personeelsnummer", "medewerkernummer", "personnel number", "employee id"),
    "name": ("name", "naam", "full name", "volledige naam"),
    "first": ("voornaam", "roepnaam", "first name", "given name"),
    "middle": ("tussenvoegsel", "tussenvoegsels", "middle name"),
    "last": ("achternaam", "last name", "surname", "family name"),
    "email": ("email", "e-mail", "e-mailadres", "emailadres", "mail", "e-mail address"),
    "department": ("department", "afdeling"),
    "location": ("location", "locatie", "vestiging"),
    "role": ("role", "functie", "job title"),
    "phone": ("phone", "telefoon", "telefoonnummer", "tel", "phone number"),
    "opt_out": ("opt_out", "opt-out", "bezwaar"),
}
SHARED_FOLDER = "shared"
# A colleague's photo (SHARE/<id>/photo.jpg or .png) is shown by the finder, never indexed.
PHOTO_NAMES = ("photo.jpg", "photo.jpeg", "photo.png")
# Ids become folder names and URL parts: keep them boring.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
TRUE_WORDS = {"1", "true", "yes", "ja", "y", "j", "x", "waar", "bezwaar"}
DELIMITERS = ",;\t"
LISTED = 10  # a warning lists this many ids or folders, then "… N more"


class PeopleError(Exception):
    """people.csv cannot be used; the message names the file and the line."""


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
    encoding: str = "utf-8"  # as people.csv was decoded: utf-8, utf-8-sig, utf-16 or cp1252
    delimiter: str = ","

    def without(self, removed: list[str]) -> Roster:
        """The roster minus people HR removed with ``expertise-indexer remove``."""
        still = sorted(pid for pid in removed if pid in self.people)
        notes = tuple(f"person {pid!r} was removed from the index by HR and stays out "
                      "(run 'expertise-indexer restore' to index them again)" for pid in still)
        return replace(self, opted_out=self.opted_out | set(removed),
                       warnings=self.warnings + notes)

    def indexed(self) -> dict[str, Person]:
        """The people who may appear in the index (opt-outs excluded)."""
        return {pid: p for pid, p in self.people.items() if pid not in self.opted_out}

    def describe(self) -> str:
        """For the batch summary: "people.csv: 59 colleagues, cp1252, ';'-separated"."""
        n = len(self.people)
        sep = "tab" if self.delimiter == "\t" else repr(self.delimiter)
        return f"people.csv: {n} colleague{'' if n == 1 else 's'}, {self.encoding}, {sep}-separated"


def valid_person_id(value: str) -> bool:
    """True for ids that are safe as folder names and in URLs."""
    return bool(ID_PATTERN.match(value)) and value not in {".", "..", SHARED_FOLDER}


def read_people(source: Path) -> Roster:
    """Read ``source/people.csv`` (',' ';' or tab, UTF-8/UTF-16/cp1252); PeopleError if unusable."""
    path = source / "people.csv"
    if not path.is_file():
        raise PeopleError(f"{path}: people.csv not found")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PeopleError(f"{path}: cannot read people.csv ({exc.strerror or exc})") from exc
    text, encoding = _decode(path, data)
    delimiter = _delimiter(text)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    people: dict[str, Person] = {}
    warnings: list[str] = []
    columns: dict[str, int] | None = None
    width = end = header_line = 0
    try:
        for row in rows:
            line, end = end + 1, rows.line_num
            cells = [cell.strip() for cell in row]
            if not any(cells):
                continue  # blank lines, ';;;;' rows
            if columns is None:
                columns, width = _header(f"{path}:{line}", cells, warnings), len(cells)
                header_line = line
                continue
            person = _person(f"{path}:{line}", cells, columns, width)
            if person.id in people:
                raise PeopleError(f"{path}:{line}: duplicate id {person.id!r}")
            people[person.id] = person
    except csv.Error as exc:
        raise PeopleError(f"{path}:{end + 1}: not readable as CSV ({exc})") from exc
    if columns is None:
        raise PeopleError(f"{path}:1: people.csv is empty; expected a header with id and name")
    if not people:  # a batch would take everyone out of the index
        raise PeopleError(f"{path}:{header_line}: no colleagues listed below the header")
    opted_out = frozenset(pid for pid, p in people.items() if p.opt_out)
    warnings += _folder_warnings(source, people, opted_out)
    return Roster(people, opted_out, tuple(warnings), encoding=encoding, delimiter=delimiter)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text and its encoding: a BOM's, else UTF-8, else cp1252 (Dutch Excel)."""
    boms = {codecs.BOM_UTF8: "utf-8-sig", codecs.BOM_UTF16_LE: "utf-16",
            codecs.BOM_UTF16_BE: "utf-16"}
    tries = [enc for bom, enc in boms.items() if data.startswith(bom)] or ["utf-8", "cp1252"]
    for encoding in tries:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            error = exc
    line = data[:error.start].decode(tries[-1], "replace").count("\n") + 1
    raise PeopleError(f"{path}:{line}: byte 0x{data[error.start]:02x} is not "
                      f"{' or '.join(tries)} text; save people.csv from Excel as "
                      "'CSV UTF-8' and try again") from error


def _delimiter(text: str) -> str:
    """',', ';' or tab: csv.Sniffer's pick if the header line has it, else the header's most."""
    sample = text[:16384]
    header = next((ln for ln in sample.splitlines() if ln.strip(" ,;\t")), "")
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""
    return sniffed if sniffed and sniffed in header else max(DELIMITERS, key=header.count)


def _norm(header: str) -> str:
    """A header as compared: lower-case, '_' as space, whitespace collapsed."""
    return " ".join(header.replace("_", " ").lower().split())


def _header(where: str, cells: list[str], warnings: list[str]) -> dict[str, int]:
    """Field -> column index; unknown (or repeated) columns become one warning."""
    field_of = {_norm(word): field for field, words in COLUMNS.items() for word in words}
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        columns.setdefault(field_of.get(_norm(cell), ""), index)
    columns.pop("", None)
    found = ", ".join(cell for cell in cells if cell)
    if "id" not in columns:
        raise PeopleError(f"{where}: no id column (found: {found}); "
                          f"expected one of: {', '.join(COLUMNS['id'])}")
    if not {"name", "first", "last"} & columns.keys():
        raise PeopleError(f"{where}: no name column (found: {found}); expected "
                          f"one of: {', '.join(COLUMNS['name'])}, or voornaam + achternaam")
    ignored = [cell for i, cell in enumerate(cells) if cell and i not in columns.values()]
    if ignored:
        warnings.append(f"people.csv: ignored unknown column(s): {', '.join(ignored)}")
    return columns


def _person(where: str, cells: list[str], columns: dict[str, int], width: int) -> Person:
    """One data row as a Person; PeopleError names the line when it is unusable."""
    if any(cells[width:]):
        raise PeopleError(f"{where}: {len(cells)} cells but the header has {width} columns "
                          "(a separator inside a value that is not quoted?)")
    values = {field: cells[i] if i < len(cells) else "" for field, i in columns.items()}
    pid = values["id"]
    if not valid_person_id(pid):
        raise PeopleError(f"{where}: unsafe or empty id {pid!r} "
                          "(letters, digits, '.', '_' and '-' only)")
    parts = (values.get("first"), values.get("middle"), values.get("last"))
    name = values.get("name") or " ".join(part for part in parts if part)
    if not name:
        raise PeopleError(f"{where}: person {pid!r} has no name")
    return Person(id=pid, name=name, email=values.get("email", ""),
                  department=values.get("department", ""), location=values.get("location", ""),
                  role=values.get("role", ""), phone=values.get("phone", ""),
                  opt_out=values.get("opt_out", "").lower() in TRUE_WORDS)


def _summed(items: list[str], one: str, many: str) -> str:
    """``one`` naming the single item, else ``many`` with the count and a capped list."""
    if len(items) == 1:
        return one.format(repr(items[0]))
    more = f", … {len(items) - LISTED} more" if len(items) > LISTED else ""
    return many.format(len(items), ", ".join(map(repr, items[:LISTED])) + more)


def _folder_warnings(source: Path, people: dict[str, Person],
                     opted_out: frozenset[str]) -> list[str]:
    """One warning for the people without a folder, one for the folders without a person."""
    folders = sorted(child.name for child in source.iterdir() if child.is_dir()
                     and child.name != SHARED_FOLDER and not child.name.startswith("."))
    warnings: list[str] = []
    homeless = [pid for pid in people if pid not in opted_out and not (source / pid).is_dir()]
    if homeless:
        text = _summed(homeless, "person {} has no folder in the share",
                       "{} people have no folder in the share: {}")
        padded = [f for f in folders if f.isdigit() and f[0] == "0" and f.lstrip("0") in homeless]
        if padded:
            text += _summed(padded, "; folder {} is that id with leading zeros",
                            "; folders {1} are those ids with leading zeros")
            text += ": did Excel strip leading zeros? (format the id column as text)"
        warnings.append(text)
    orphans = [name for name in folders if name not in people]
    if orphans:
        warnings.append(_summed(orphans, "folder {} has no person in people.csv (skipped)",
                                "{} folders have no person in people.csv (skipped): {}"))
    return warnings
