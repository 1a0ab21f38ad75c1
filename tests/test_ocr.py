"""Scans and photos are read: a BLS certificate that exists only as pixels is found.

The certificates are rendered here (Pillow, reportlab's own Vera font), slightly
rotated and noisy like a scanner or a phone makes them, then indexed by the real
batch with the real Tesseract. Without Tesseract these tests skip, except the one
that checks what HR is told then.
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import reportlab
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from finder.profiles import load_profile
from finder.search import Finder
from indexer.batch import run_batch
from indexer.ingest.extract import ocr
from tests.share import P, write_docx, write_people

REPO = Path(__file__).resolve().parents[1]
FONT = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
EXPIRES = date(date.today().year + 2, 5, 12)
needs_tesseract = pytest.mark.skipif(ocr.engine() is None, reason="tesseract-ocr not installed")


def certificate_image(holder: str, angle: float) -> Image.Image:
    """A BLS certificate as a scanner or phone sees it: grey paper, skew, speckles."""
    image = Image.new("L", (1240, 1754), color=240)
    draw = ImageDraw.Draw(image)
    big, small = ImageFont.truetype(str(FONT), 56), ImageFont.truetype(str(FONT), 40)
    lines = [("Certificaat", big), ("Basic Life Support (BLS) en reanimatie", small),
             (f"Naam: {holder}", small),
             ("Uitgegeven door: Stichting Reanimatie Opleidingen", small),
             ("Datum afgifte: 12-05-2024", small),
             (f"Geldig tot: {EXPIRES:%d-%m-%Y}", small)]
    y = 260
    for text, font in lines:
        draw.text((620, y), text, fill=30, font=font, anchor="mm")
        y += 150
    rng = random.Random(holder)
    for _ in range(4000):  # scanner dust
        x, y = rng.randrange(image.width), rng.randrange(image.height)
        draw.point((x, y), fill=rng.choice((90, 160, 255)))
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=225, expand=False)


def write_scanned_pdf(path: Path, holder: str) -> None:
    """An image-only PDF, as a copier's scan-to-PDF writes it."""
    buffer = io.BytesIO()
    certificate_image(holder, 1.2).save(buffer, format="JPEG", quality=75)
    buffer.seek(0)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawImage(ImageReader(buffer), 0, 0, width=A4[0], height=A4[1])
    pdf.showPage()
    pdf.save()


def write_photo(path: Path, holder: str) -> None:
    """A phone photo (JPEG) of the certificate."""
    path.parent.mkdir(parents=True, exist_ok=True)
    certificate_image(holder, -2.0).save(path, format="JPEG", quality=80)


@pytest.fixture(scope="module")
def scanned_share(tmp_path_factory: pytest.TempPathFactory) -> Path:
    share = tmp_path_factory.mktemp("ocr") / "share"
    write_people(share, [P("p1", "Anna de Vries"), P("p2", "Bram Bos"), P("p3", "Cees Kok")])
    write_scanned_pdf(share / "p1" / "certificates" / "bls_scan.pdf", "Anna de Vries")
    write_photo(share / "p2" / "certificates" / "bls_foto.jpg", "Bram Bos")
    write_docx(share / "p3" / "cv.docx", "Cees werkt in de ICT en kent netwerken.")
    return share


@needs_tesseract
def test_a_scanned_and_a_photographed_certificate_are_found_with_their_expiry(
        scanned_share: Path, tmp_path: Path) -> None:
    report = run_batch(scanned_share, tmp_path / "ix", workers=1)
    assert report.failed == () and (report.ocr, report.ocr_cached) == (2, 0)
    with Finder(tmp_path / "ix") as finder:
        found = finder.find_experts("reanimatie").experts
        assert sorted(e.person_id for e in found) == ["p1", "p2"]
        for pid in ("p1", "p2"):
            profile = load_profile(finder, pid)
            assert profile is not None
            assert [(c.expires, c.validity) for c in profile.certificates] == [
                (EXPIRES.isoformat(), "valid")]


@needs_tesseract
def test_an_unchanged_scan_is_not_read_again(scanned_share: Path, tmp_path: Path) -> None:
    first = run_batch(scanned_share, tmp_path / "ix", workers=1)
    again = run_batch(scanned_share, tmp_path / "ix", workers=1, full=True)
    assert (first.ocr, first.ocr_cached) == (2, 0)
    assert (again.ocr, again.ocr_cached) == (2, 2)  # a full rebuild, yet no OCR run
    assert again.seconds < first.seconds


@needs_tesseract
def test_removing_a_colleague_removes_their_scans_from_the_ocr_cache(
        scanned_share: Path, tmp_path: Path) -> None:
    from indexer.batch import remove_person

    run_batch(scanned_share, tmp_path / "ix", workers=1)
    cache = tmp_path / "ix" / "ocr-cache"
    assert any(b"Anna de Vries" in f.read_bytes() for f in cache.rglob("*.txt"))
    remove_person(tmp_path / "ix", "p1")
    assert not any(b"Anna de Vries" in f.read_bytes() for f in cache.rglob("*.txt"))
    assert any(b"Bram Bos" in f.read_bytes() for f in cache.rglob("*.txt"))


def test_without_an_ocr_engine_a_scan_says_how_to_install_one(
        scanned_share: Path, tmp_path: Path) -> None:
    """PATH without tesseract, as on a server where nobody installed it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXPERTISE_")}
    env["PATH"] = str(tmp_path / "empty")
    done = subprocess.run([sys.executable, "-m", "indexer.cli", str(scanned_share), "--index",
                           str(tmp_path / "ix"), "--workers", "1"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "2 × no text layer (needs OCR)" in done.stdout
    assert "install Debian's tesseract-ocr and tesseract-ocr-nld" in done.stdout
