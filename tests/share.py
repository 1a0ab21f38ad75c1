"""Tiny document shares for tests: people.csv plus real .docx files made with python-docx."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import docx

COLUMNS = ["id", "name", "email", "department", "location", "role", "phone", "opt_out"]


@dataclass(frozen=True)
class P:
    """A test colleague."""

    id: str
    name: str
    department: str = "Wijkverpleging"
    location: str = "Zwolle"
    role: str = "Verpleegkundige"
    opt_out: bool = False

    @property
    def email(self) -> str:
        return f"{self.id}@zorg.example"


def write_docx(path: Path, *paragraphs: str, author: str = "", title: str = "") -> Path:
    """A real .docx with one paragraph per argument."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    document.core_properties.author = author
    document.core_properties.title = title
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def write_people(share: Path, people: list[P]) -> None:
    """people.csv for these colleagues, and an (empty) folder for each."""
    share.mkdir(parents=True, exist_ok=True)
    with open(share / "people.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for p in people:
            writer.writerow([p.id, p.name, p.email, p.department, p.location, p.role,
                             "038-1234567", "1" if p.opt_out else ""])
            (share / p.id).mkdir(exist_ok=True)
