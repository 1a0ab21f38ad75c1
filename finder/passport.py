"""The kwaliteitspaspoort for HR: who holds which certificate, and who lacks a required one.

- ``certificate_rows``: one row per colleague and certificate name, the best one they
  hold (a renewed BLS replaces the expired one), named and dated exactly as on their
  profile (``finder.profiles.certificate_of``); plus a "missing" row for every
  certificate a requirement (``finder.requirements``) asks of them that they hold in
  no form at all (an expired one is "expired", not "missing");
- ``select``: the rows of a department, location, certificate (by name or through the
  search's synonyms: "BLS" finds "BLS / Reanimatie") and statuses;
- ``matrix``: department × certificate, with the number of colleagues per status.

Nothing here knows HTTP: the overview page, the API, the exports and the CLI share it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from finder.profiles import Certificate, certificate_of, holds
from finder.requirements import CertificateNames, Requirement
from indexer.language.thesaurus import normalize
from indexer.store import Snapshot, StoredPerson

Status = Literal["valid", "expiring", "expired", "missing", "unknown"]
STATUSES: tuple[Status, ...] = ("valid", "expiring", "expired", "missing", "unknown")
# Of several certificates with one name, the one that counts: valid before expiring
# before no end date before expired; then the one that lasts longest.
_RANK = {"valid": 0, "expiring": 1, "unknown": 2, "expired": 3}
# The exports' header row and statuses: msgids, translated into the interface language.
HEADER = ("Person id", "Name", "Department", "Location", "Role", "Certificate", "Issued",
          "Expires", "Status")
STATUS_TEXT = {"valid": "valid", "expiring": "expires soon", "expired": "expired",
               "missing": "missing", "unknown": "validity unknown"}
FIELDS = ("person_id", "person", "department", "location", "role", "certificate", "issued",
          "expires", "status")


@dataclass(frozen=True)
class CertificateRow:
    """One colleague and one certificate: held (with its dates) or missing."""

    person_id: str
    person: str
    department: str
    location: str
    role: str
    certificate: str  # the name on the profile; for a missing one, the required name
    issued: str  # ISO date or ""
    expires: str  # ISO date or ""
    status: Status
    column: str = ""  # the overview's column: the held name a missing one is counted under

    def to_json(self) -> dict[str, str]:
        """The API's row (``FIELDS``)."""
        return {name: getattr(self, name) for name in FIELDS}

    def values(self) -> tuple[str, ...]:
        """The row's values in ``FIELDS`` order, for the exports."""
        return tuple(getattr(self, name) for name in FIELDS)


@dataclass(frozen=True)
class Matrix:
    """Department × certificate: per cell, how many colleagues have which status."""

    departments: tuple[str, ...]
    certificates: tuple[str, ...]
    cells: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)

    def cell(self, department: str, certificate: str) -> dict[str, int]:
        """The counts of one cell ({} when nobody is in it)."""
        return self.cells.get((department, certificate), {})


def required_of(person: StoredPerson, rules: Iterable[Requirement]) -> tuple[str, ...]:
    """The certificates the rules ask of *person*, in the file's order, each once."""
    names = [c for rule in rules if rule.applies_to(person.role, person.department)
             for c in rule.certificates]
    return tuple(dict.fromkeys(names))


def certificate_rows(snapshot: Snapshot, rules: Sequence[Requirement], names: CertificateNames,
                     *, today: date, expiring_days: int) -> list[CertificateRow]:
    """Every colleague's certificates and missing ones, by department, person, certificate."""
    held: dict[str, list[Certificate]] = {}
    for doc in snapshot.certificates():
        for pid in doc.persons:
            if holds(doc, pid):
                held.setdefault(pid, []).append(certificate_of(doc, today, expiring_days))
    columns = sorted({c.name for certs in held.values() for c in certs}, key=str.casefold)
    rows: list[CertificateRow] = []
    for person in snapshot.all_people():
        best: dict[str, Certificate] = {}
        for cert in held.get(person.person_id, []):
            if cert.name not in best or _better(cert, best[cert.name]):
                best[cert.name] = cert
        rows += [_row(person, c.name, c.issued, c.expires, c.validity, c.name)
                 for c in best.values()]
        lacking: dict[str, str] = {}  # column -> required name: two names of one thing once
        for required in required_of(person, rules):
            if names.first_match(required, best) is None:
                lacking.setdefault(names.first_match(required, columns) or required, required)
        rows += [_row(person, required, "", "", "missing", column)
                 for column, required in lacking.items()]
    return sorted(rows, key=lambda r: (r.department.casefold(), r.person.casefold(),
                                       r.person_id, r.column.casefold(), r.certificate))


def select(rows: Sequence[CertificateRow], names: CertificateNames, *, department: str = "",
           location: str = "", certificate: str = "",
           statuses: Sequence[str] = ()) -> list[CertificateRow]:
    """The rows that pass every filter given (case aside; "" passes everything).

    A certificate is a column of the overview when one is named so exactly (a cell's
    drill-down lists just what the cell counted); otherwise a name that the search's
    synonyms match, so that ``certificate=BLS`` finds "BLS / Reanimatie".
    """
    out = list(rows)
    if department:
        out = [r for r in out if r.department.casefold() == department.casefold()]
    if location:
        out = [r for r in out if r.location.casefold() == location.casefold()]
    if certificate:
        key = normalize(certificate)
        if any(normalize(r.column) == key for r in rows):
            out = [r for r in out if normalize(r.column) == key]
        else:
            out = [r for r in out if names.matches(certificate, r.certificate)
                   or names.matches(certificate, r.column)]
    if statuses:
        out = [r for r in out if r.status in statuses]
    return out


def matrix(rows: Sequence[CertificateRow]) -> Matrix:
    """The overview's table of *rows* (one row is one colleague in one cell)."""
    cells: dict[tuple[str, str], Counter[str]] = {}
    for r in rows:
        cells.setdefault((r.department, r.column), Counter())[r.status] += 1
    return Matrix(departments=tuple(sorted({r.department for r in rows}, key=str.casefold)),
                  certificates=tuple(sorted({r.column for r in rows}, key=str.casefold)),
                  cells={key: dict(counts) for key, counts in cells.items()})


def totals(rows: Sequence[CertificateRow]) -> dict[str, int]:
    """How many rows have each status (every status present, 0 included)."""
    counts = Counter(r.status for r in rows)
    return {status: counts.get(status, 0) for status in STATUSES}


def export_table(rows: Sequence[CertificateRow],
                 gettext: Callable[[str], str]) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of an export, header and statuses in *gettext*'s language."""
    header = [gettext(h) for h in HEADER]
    body = [[*r.values()[:-1], gettext(STATUS_TEXT[r.status])] for r in rows]
    return header, body


def _better(a: Certificate, b: Certificate) -> bool:
    # the better status; of two alike, the later expiry (no end date counts as latest)
    return (_RANK[a.validity], b.expires or "9999") < (_RANK[b.validity], a.expires or "9999")


def _row(person: StoredPerson, certificate: str, issued: str, expires: str, status: Status,
         column: str) -> CertificateRow:
    return CertificateRow(person.person_id, person.name, person.department, person.location,
                          person.role, certificate, issued, expires, status, column)
