"""A generated demo share: Zorggroep De Linde, about 60 colleagues, their CVs and certificates.

Everything is made by code, deterministically from a seed and a "today":
- people.py       the roster and people.csv
- roles.py        what each role knows (professions.py: skills, education, certificates)
- certs.py        which certificates each colleague holds, their dates and wordings
- cvs.py          CVs as .docx (tables, text boxes, headers/footers, nl and en)
- documents.py    protocols and reports in shared/ (texts in shared_texts.py), with authors
- problems.py     the files the indexer must report (encrypted, corrupt, image-only, ...)
- scans.py        certificates that are only pixels (a scanned PDF, a phone photo): need
                  OCR; pixels.py draws the paper and makes the scan and the photo
- writers.py      the .docx and PDF writing underneath
"""

from __future__ import annotations

import logging
import random
import shutil
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from indexer.demo.certs import CertRecord, plan_certificates, write_certificate
from indexer.demo.cvs import write_cv
from indexer.demo.documents import write_shared
from indexer.demo.people import make_people, write_people_csv
from indexer.demo.problems import Problem, write_problems
from indexer.demo.scans import ScanRecord, write_scans
from indexer.ingest.certificates import validity

logger = logging.getLogger(__name__)

DEFAULT_TODAY = date(2026, 11, 27)  # fixed, so a demo built next year looks the same


@dataclass(frozen=True)
class DemoSummary:
    """What generate_demo wrote: counts, and the facts tests and demos check against."""

    target: Path
    today: date
    people: int
    opt_out: tuple[str, ...]
    cvs: int
    certificates: tuple[CertRecord, ...]
    shared: tuple[str, ...]
    problems: tuple[Problem, ...]
    # From the text certificates only (not the scans): true with or without OCR.
    bls_valid: tuple[str, ...]  # person ids with a BLS/reanimatie certificate not expired today
    bls_expired: tuple[str, ...]  # person ids whose BLS certificates have all expired
    seconds: float
    # Certificates that are only pixels; their holders are in neither BLS list above.
    scans: tuple[ScanRecord, ...] = ()
    # What each colleague's CV lists as skills, and who wrote and who edited each shared
    # document: with the certificates, the truth bench/precision measures against.
    skills: dict[str, tuple[str, ...]] = field(default_factory=dict)
    shared_authors: tuple[tuple[str, str, str], ...] = ()  # (path, author id, editor id)


def generate_demo(target: Path, today: date | None = None, seed: int = 7) -> DemoSummary:
    """Write the demo share into target (its old people.csv, person and shared folders replaced)."""
    started = time.perf_counter()
    today = today or DEFAULT_TODAY
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    _clear_previous(target)
    rng = random.Random(seed)
    people = make_people(rng)
    write_people_csv(people, target / "people.csv")
    by_id = {person.id: person for person in people}
    records = plan_certificates(people, today, rng)
    for record in records:
        write_certificate(record, by_id[record.person_id], target)
    skills = {}
    for index, person in enumerate(people):
        own = [record for record in records if record.person_id == person.id]
        skills[person.id] = write_cv(person, index, own, target, today, rng)
    shared = write_shared(people, target, today)
    problems = write_problems(people, target)
    owners = {problem.path.split("/", 1)[0] for problem in problems}
    scans = write_scans(people, records, owners, target, today)

    status: dict[str, set[str]] = {}
    for record in records:
        if record.key == "bls":
            status.setdefault(record.person_id, set()).add(validity(record.expires, today))
    summary = DemoSummary(
        target=target,
        today=today,
        people=len(people),
        opt_out=tuple(p.id for p in people if p.opt_out),
        cvs=len(people),
        certificates=tuple(records),
        shared=tuple(path for path, _, _ in shared),
        problems=tuple(problems),
        bls_valid=tuple(sorted(pid for pid, s in status.items() if s - {"expired"})),
        bls_expired=tuple(sorted(pid for pid, s in status.items() if s == {"expired"})),
        seconds=time.perf_counter() - started,
        scans=tuple(scans),
        skills=skills,
        shared_authors=tuple(shared),
    )
    logger.info("demo share written to %s in %.2f s", target, summary.seconds)
    return summary


def _clear_previous(target: Path) -> None:
    # Only what the generator itself writes, so pointing it at the wrong folder costs little.
    for child in target.iterdir():
        if child.is_dir() and (child.name == "shared" or _is_person_dir(child.name)):
            shutil.rmtree(child)
    (target / "people.csv").unlink(missing_ok=True)


def _is_person_dir(name: str) -> bool:
    return len(name) == 4 and name[0] == "p" and name[1:].isdigit()


__all__ = ["DEFAULT_TODAY", "DemoSummary", "ScanRecord", "generate_demo"]
