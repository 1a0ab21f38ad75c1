"""Scanned certificates: a page from the office scanner and a photo taken with a phone.

Many certificates in an e-portfolio are no more than pixels: the colleague put the paper
on the scanner at the front desk, or photographed it on the kitchen table. Their wording
is that of the text certificates (certs.py), so once the indexer reads them by OCR
(Tesseract, nld+eng) they yield the same facts: name, holder, issuer and dates.

- the scan is an image-only A4 PDF: grey, a degree or so askew, scanner noise and dust;
- the photo is a JPEG: the paper in perspective on a table, lit unevenly, slightly soft.

Both stay readable for OCR (``pixels`` draws and degrades them). The holders are chosen
so that the text-based facts in DemoSummary (bls_valid, bls_expired) stay true with or
without OCR: the scan's BLS holder has no BLS text certificate, the photo's Wondzorg
holder no Wondzorg one.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from indexer.demo.certs import CATALOGUE, CertRecord, _shift_years, hash_id
from indexer.demo.people import CARE_DEPARTMENTS, Person
from indexer.demo.pixels import paper, photographed, scanned
from indexer.demo.roles import profession
from indexer.demo.writers import save_image_pdf

_BLS_ROLES = ("Arbo- en veiligheidskundige", "Opleidingscoördinator", "Kwaliteitsadviseur")


@dataclass(frozen=True)
class ScanRecord:
    """A certificate the demo wrote as pixels only, with the facts printed on it."""

    person_id: str
    path: str  # relative to the share, with forward slashes (as CertRecord.path)
    name: str  # what parse_certificate returns for its OCR text ("BLS / Reanimatie")
    issuer: str
    issued: date
    expires: date
    kind: str  # "pdf-scan" (image-only PDF) or "photo" (JPEG)


def write_scans(
    people: list[Person],
    records: Iterable[CertRecord],
    taken: Iterable[str],
    target: Path,
    today: date,
) -> list[ScanRecord]:
    """Write the scanned BLS certificate and the photographed Wondzorg certificate.

    taken: person ids that must not get one (the owners of the problem files).
    """
    held: dict[str, set[str]] = {}
    for record in records:
        held.setdefault(record.person_id, set()).add(record.key)
    excluded = set(taken)
    free = [p for p in people if not p.opt_out and p.id not in excluded]

    # The safety officer keeps their BLS certificate as a scan, and has no other.
    no_bls = [p for p in free if "bls" not in held.get(p.id, set())]
    scan_holder = min(
        no_bls, key=lambda p: (_index(_BLS_ROLES, p.role), p.department in CARE_DEPARTMENTS, p.id)
    )
    # A carer who photographed their wound care certificate; the text ones have none.
    no_wound = [
        p
        for p in free
        if p.department in CARE_DEPARTMENTS
        and "wondzorg" not in held.get(p.id, set())
        and p is not scan_holder
    ]
    photo_holder = min(
        no_wound,
        key=lambda p: ("wondzorg" not in profession(p.role, p.department).certificates, p.id),
    )

    bls = _record(scan_holder, "bls", today + timedelta(days=263), (0, 0))
    scan = _scan_record(bls, f"scan_{bls.issued:%Y%m%d}_0931.pdf", "pdf-scan")
    rng = random.Random(hash_id(scan.path))
    page = scanned(paper(bls, scan_holder, "L", rng), rng)
    save_image_pdf(target / scan.path, page, "Gescand document", 72, creator="RICOH IM C3000")

    wound = _record(photo_holder, "wondzorg", today + timedelta(days=517), (2, 2))
    photo = _scan_record(wound, f"IMG_{wound.issued:%Y%m%d}_184712.jpg", "photo")
    rng = random.Random(hash_id(photo.path))
    picture = photographed(paper(wound, photo_holder, "RGB", rng), rng)
    (target / photo.path).parent.mkdir(parents=True, exist_ok=True)
    picture.save(target / photo.path, format="JPEG", quality=84)
    return [scan, photo]


def _scan_record(record: CertRecord, filename: str, kind: str) -> ScanRecord:
    assert record.expires is not None  # _record always sets it
    return ScanRecord(
        person_id=record.person_id,
        path=f"{record.person_id}/certificates/{filename}",
        name=record.name,
        issuer=record.issuer,
        issued=record.issued,
        expires=record.expires,
        kind=kind,
    )


def _index(items: tuple[str, ...], item: str) -> int:
    return items.index(item) if item in items else len(items)


def _record(person: Person, key: str, expires: date, wording: tuple[int, int]) -> CertRecord:
    """The certificate as certs.py would word it: always Dutch, as the paper ones are."""
    course = CATALOGUE[key]
    years = course.years or 1
    return CertRecord(
        person_id=person.id,
        path=f"{person.id}/certificates/{course.stem} (scan).pdf",  # only seeds the number
        key=key,
        name=course.name,
        issuer=course.issuer,
        issued=_shift_years(expires, -years),
        expires=expires,
        lang="nl",
        wording=wording,
    )


__all__ = ["ScanRecord", "write_scans"]
