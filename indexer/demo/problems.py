"""Planted problem files: what the indexer must report, each in a different colleague's folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from indexer.demo.people import Person
from indexer.demo.writers import docx_bytes, new_document, write_image_pdf, write_text_pdf


@dataclass(frozen=True)
class Problem:
    """A file the indexer cannot read, and why (one of the reasons below)."""

    path: str
    reason: str  # "encrypted", "corrupt", "image-only", "unsupported", "empty"


ENCRYPTED_PASSWORD = "Linde2024!"


def write_problems(people: list[Person], target: Path) -> list[Problem]:
    """Write the five problem files into five different care/office colleagues' folders."""
    owners = [p for p in people if not p.opt_out]
    # Spread over departments: the 3rd, 18th, 30th, 40th and 47th colleague.
    enc, bad, scan, wpd, empty = (owners[i] for i in (2, 17, 29, 39, 46))
    problems: list[Problem] = []

    path = f"{enc.id}/certificates/Loonstrook en BHV-certificaat (beveiligd).pdf"
    write_text_pdf(
        target / path,
        [("BHV-certificaat", 20), (enc.name, 14), ("Geldig tot 1 juni 2026", 12)],
        title="Beveiligd document",
        author=enc.name,
        user_password=ENCRYPTED_PASSWORD,
    )
    problems.append(Problem(path, "encrypted"))

    path = f"{bad.id}/Werkplan {bad.department}.docx"
    doc = new_document(bad.name, "Werkplan", datetime(2023, 3, 14, 11), datetime(2024, 1, 9, 16))
    for line in range(40):
        doc.add_paragraph(f"Actiepunt {line + 1}: scholing en overleg binnen het team.")
    data = docx_bytes(doc)
    # A copy that stopped halfway (a full disk, a broken sync): the zip directory is gone.
    (target / path).parent.mkdir(parents=True, exist_ok=True)
    (target / path).write_bytes(data[: len(data) // 2])
    problems.append(Problem(path, "corrupt"))

    path = f"{scan.id}/certificates/scan diploma verpleegkunde.pdf"
    write_image_pdf(
        target / path,
        [
            "DIPLOMA",
            "Hogeschool Windesheim",
            "Bachelor of Nursing",
            "HBO-Verpleegkunde",
            scan.name,
            "heeft met goed gevolg het examen afgelegd",
            "Zwolle, 28 juni 2012",
        ],
        title="scan0042",
    )
    problems.append(Problem(path, "image-only"))

    path = f"{wpd.id}/Verslag teamdag 1998.wpd"
    # WordPerfect 5/6 signature, then filler: recognisable, but no supported reader exists.
    (target / path).write_bytes(b"\xffWPC\x10\x00\x00\x00\x01\x0a\x00\x01" + b"\x00" * 500)
    problems.append(Problem(path, "unsupported"))

    path = f"{empty.id}/aantekeningen.txt"
    (target / path).parent.mkdir(parents=True, exist_ok=True)
    (target / path).write_bytes(b"")
    problems.append(Problem(path, "empty"))
    return problems
