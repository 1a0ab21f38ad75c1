"""Tiny shares for the app tests: people.csv plus CVs written with python-docx."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import docx

from indexer.batch import run_batch

FIELDS = ("id", "name", "email", "department", "location", "role", "phone")


def write_share(root: Path, people: dict[str, tuple[str, str, str]],
                cvs: dict[str, list[str]]) -> Path:
    """people: id -> (name, department, role); cvs: id -> paragraphs of their CV."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / "people.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(FIELDS)
        for i, (pid, (name, dept, role)) in enumerate(sorted(people.items())):
            email = name.lower().replace(" ", ".").replace("<", "").replace(">", "") + "@x.example"
            writer.writerow((pid, name, email, dept, "Zwolle", role, f"038-12345{i:02d}"))
    for pid, paragraphs in cvs.items():
        write_cv(root / pid / "cv.docx", paragraphs)
    return root


def write_cv(path: Path, paragraphs: list[str]) -> Path:
    """A real .docx CV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    document.add_heading("Curriculum Vitae", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def build(share: Path, index: Path) -> Path:
    """Index *share* into *index* (one worker, today)."""
    run_batch(share, index, workers=1, today=date.today())
    return index
