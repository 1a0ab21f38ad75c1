"""Demo shared documents: protocols and project reports written by colleagues, old and recent.

The texts are in ``shared_texts``; here they become .docx files with author metadata.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from indexer.demo.people import ORGANISATION, Person
from indexer.demo.shared_texts import SHARED_DOCS
from indexer.demo.writers import add_heading, add_para, new_document, save_docx


def _by_role(people: list[Person], role: str) -> Person:
    for person in people:
        if person.role == role and not person.opt_out:
            return person
    raise LookupError(f"no demo colleague with role {role!r}")


def write_shared(people: list[Person], target: Path, today: date) -> list[tuple[str, str, str]]:
    """Write shared/; return (relative path, author id, editor id) for each document."""
    written = []
    for number, spec in enumerate(SHARED_DOCS):
        author = _by_role(people, spec.author_role)
        editor = _by_role(people, spec.editor_role)
        created = datetime.combine(
            today - timedelta(days=int(spec.years_old * 365)), datetime.min.time()
        ).replace(hour=8 + number)
        modified = created + timedelta(days=int(spec.years_old * 365 * 0.6), hours=3)
        doc = new_document(
            author.name,
            spec.title,
            created,
            modified,
            last_modified_by=editor.name,
            language="en-GB" if spec.lang == "en" else "nl-NL",
        )
        add_heading(doc, spec.title, 0)
        if spec.lang == "en":
            add_para(doc, f"Written by: {author.name} ({author.role}), with {editor.name}")
            add_para(doc, f"Contact: {author.email}")
        else:
            add_para(doc, f"Opgesteld door: {author.name}, {author.role.lower()}")
            add_para(doc, f"Meegelezen door: {editor.name} ({editor.email})")
            add_para(doc, f"Contact: {author.email}")
            add_para(doc, f"Versie {1 + number % 3}.{number % 4} – {ORGANISATION}")
        for heading, paragraphs in spec.sections:
            add_heading(doc, heading, 1)
            for text in paragraphs:
                add_para(doc, text)
        section = doc.sections[0]
        section.footer.paragraphs[0].text = f"{ORGANISATION} – {spec.title}"
        relpath = f"shared/{spec.file}"
        save_docx(doc, target / relpath)
        written.append((relpath, author.id, editor.id))
    return written
