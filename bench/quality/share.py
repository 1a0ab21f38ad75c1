"""Lay out a document share from the resume corpus: one colleague per resume PDF."""

from __future__ import annotations

import csv
import os
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from bench.quality.make_qrels import read_labels

FIRST = (
    "Anna",
    "Bram",
    "Carmen",
    "Daan",
    "Eva",
    "Finn",
    "Hanna",
    "Ilse",
    "Jesse",
    "Kim",
    "Lars",
    "Maria",
    "Noah",
    "Olga",
    "Pim",
    "Roos",
    "Sem",
    "Tess",
    "Umut",
    "Vera",
    "Wout",
    "Yara",
    "Zoë",
    "Joris",
    "Fatima",
    "Mehmet",
    "Priya",
    "Sanne",
    "Thijs",
    "Lotte",
)
LAST = (
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Yilmaz",
    "El Amrani",
    "Kramer",
    "Prins",
    "Huisman",
    "Kok",
    "Vermeulen",
    "Willems",
    "Jacobs",
)
# Departments and locations are drawn at random so they carry no hint of the
# occupation: the benchmark must measure the text, not a facet.
DEPARTMENTS = ("Team Noord", "Team Zuid", "Team Oost", "Team West", "Team Centrum")
LOCATIONS = ("Utrecht", "Amersfoort", "Zwolle", "Arnhem")


@dataclass(frozen=True)
class Colleague:
    """One benchmark person: id (the resume id), hidden occupation and CV path in the share."""

    person_id: str
    category: str
    cv: Path


def choose_resumes(resumes: Path, limit: int | None, seed: int = 0) -> dict[str, str]:
    """Resume id -> occupation; a seeded random sample of *limit* resumes when given."""
    labels = read_labels(resumes)
    if limit is None or limit >= len(labels):
        return labels
    # Sampling at random (not the first N) keeps every occupation in a small run.
    chosen = random.Random(seed).sample(sorted(labels), limit)
    return {pid: labels[pid] for pid in sorted(chosen)}


def make_share(resumes: Path, dest: Path, chosen: dict[str, str], seed: int = 0) -> list[Colleague]:
    """Write people.csv and ``<id>/cv.pdf`` for each chosen resume under *dest*."""
    rng = random.Random(seed)
    rel_paths = _pdf_paths(resumes)
    dest.mkdir(parents=True, exist_ok=True)
    colleagues = []
    with (dest / "people.csv").open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["id", "name", "email", "department", "location", "role"])
        for n, (pid, category) in enumerate(sorted(chosen.items())):
            first, last = FIRST[n % len(FIRST)], LAST[(n // len(FIRST)) % len(LAST)]
            email = f"{first}.{last}.{n}".lower().replace(" ", "") + "@example.org"
            out.writerow(
                [
                    pid,
                    f"{first} {last}",
                    email,
                    rng.choice(DEPARTMENTS),
                    rng.choice(LOCATIONS),
                    "medewerker",
                ]
            )
            cv = dest / pid / "cv.pdf"
            cv.parent.mkdir(exist_ok=True)
            _link_or_copy(resumes / rel_paths[pid], cv)
            colleagues.append(Colleague(pid, category, cv))
    return colleagues


def _pdf_paths(resumes: Path) -> dict[str, str]:
    with (resumes / "labels.csv").open(encoding="utf-8", newline="") as f:
        return {row["id"]: row["pdf_path"] for row in csv.DictReader(f)}


def _link_or_copy(src: Path, dst: Path) -> None:
    # A hard link costs nothing and is a real file to the indexer; copy across devices.
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)
