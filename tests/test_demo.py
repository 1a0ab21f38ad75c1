"""The generated demo share: a believable organisation, readable files, planted problems, stable."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import zipfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

from indexer.demo import DemoSummary, generate_demo
from indexer.demo.__main__ import main as demo_main
from indexer.demo.problems import ENCRYPTED_PASSWORD
from indexer.ingest.certificates import detect_kind, parse_certificate, validity

TODAY = date(2026, 11, 27)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    return generate_demo(tmp_path_factory.mktemp("demo"), today=TODAY, seed=7)


@pytest.fixture(scope="module")
def people(demo: DemoSummary) -> list[dict[str, str]]:
    with (demo.target / "people.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def docx_text(path: Path) -> str:
    """Body paragraphs, tables, headers/footers and text boxes, as an indexer should see them."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    # Text boxes: python-docx does not see them; skip the VML fallback copy of a DrawingML box.
    body = document.element.body
    for box in body.iter(f"{W}txbxContent"):
        if any(a.tag.endswith("}Fallback") for a in box.iterancestors()):
            continue
        parts += ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in box.iter(f"{W}p")]
    return "\n".join(parts)


def pdf_text(path: Path, password: str | None = None) -> str:
    pdf = pdfium.PdfDocument(str(path), password=password)
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(pages)
    finally:
        pdf.close()


def file_text(path: Path) -> str:
    return pdf_text(path) if path.suffix == ".pdf" else docx_text(path)


def test_people_csv_is_a_believable_roster(people: list[dict[str, str]], demo: DemoSummary) -> None:
    header = (demo.target / "people.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "id,name,email,department,location,role,phone,opt_out"
    assert 55 <= len(people) <= 65
    assert len({p["id"] for p in people}) == len(people)
    assert len({p["email"] for p in people}) == len(people)
    assert all(p["email"].endswith("@delinde.example") for p in people)
    assert set(Counter(p["department"] for p in people)) == {
        "Wijkverpleging",
        "Intensive Care",
        "Geriatrie",
        "Fysiotherapie",
        "ICT",
        "HR",
        "Kwaliteit & Veiligheid",
    }
    assert 3 <= len({p["location"] for p in people}) <= 4
    assert [p["id"] for p in people if p["opt_out"] == "1"] == list(demo.opt_out)
    assert len(demo.opt_out) == 1
    assert any(" van " in p["name"] or " de " in p["name"] for p in people)  # Dutch surnames
    assert all(p["phone"][0] == "0" and len(p["phone"].replace("-", "")) == 10 for p in people)


def test_every_colleague_has_a_folder_with_a_cv(
    people: list[dict[str, str]], demo: DemoSummary
) -> None:
    for person in people:
        folder = demo.target / person["id"]
        cvs = [f for f in folder.glob("*.docx") if detect_kind(f.name, "") == "cv"]
        assert len(cvs) == 1, person["id"]
        document = docx.Document(str(cvs[0]))
        assert document.core_properties.author == person["name"]
        text = docx_text(cvs[0])
        assert person["email"] in text
        assert detect_kind(f"{person['id']}/profiel.docx", text) == "cv"


def test_cvs_use_every_layout_and_both_languages(demo: DemoSummary) -> None:
    layouts: Counter[str] = Counter()
    for path in demo.target.glob("p*/*.docx"):
        if detect_kind(path.name, "") != "cv":
            continue
        document = docx.Document(str(path))
        xml = document.element.xml
        layouts["table"] += bool(document.tables)
        layouts["drawing text box"] += "wps:txbx" in xml
        layouts["vml text box"] += "v:textbox" in xml and "mc:AlternateContent" not in xml
        layouts["header"] += bool(document.sections[0].header.paragraphs[0].text)
        text = docx_text(path)
        layouts["english"] += "Work experience" in text
        layouts["dutch"] += "Werkervaring" in text
        layouts["old"] += document.core_properties.created.year < TODAY.year - 5
    assert all(
        layouts[key] >= 3
        for key in ("table", "drawing text box", "vml text box", "header", "english", "old")
    ), layouts
    assert layouts["dutch"] > layouts["english"]


def test_text_box_text_is_only_in_the_text_box(demo: DemoSummary) -> None:
    """The demo's point: a CV whose profile sits in a text box python-docx cannot see."""
    for path in demo.target.glob("p*/*.docx"):
        document = docx.Document(str(path))
        if "wps:txbx" in document.element.xml:
            visible = "\n".join(p.text for p in document.paragraphs)
            assert "Profiel" in docx_text(path) or "Profile" in docx_text(path)
            assert "Profiel" not in visible and "Profile" not in visible
            return
    pytest.fail("no CV with a DrawingML text box")


def test_planted_problems(demo: DemoSummary) -> None:
    reasons = {p.reason: demo.target / p.path for p in demo.problems}
    assert set(reasons) == {"encrypted", "corrupt", "image-only", "unsupported", "empty"}
    owners = [Path(p.path).parts[0] for p in demo.problems]
    assert len(set(owners)) == len(owners)
    assert demo.opt_out[0] not in owners
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(str(reasons["encrypted"]))
    assert "BHV" in pdf_text(reasons["encrypted"], password=ENCRYPTED_PASSWORD)
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(reasons["corrupt"])
    scan = reasons["image-only"]
    assert scan.stat().st_size > 10_000 and pdf_text(scan).strip() == ""
    assert scan.parent.name == "certificates"
    assert reasons["unsupported"].suffix == ".wpd"
    assert reasons["empty"].stat().st_size == 0


def test_certificates_say_what_was_planned(demo: DemoSummary) -> None:
    formats: Counter[str] = Counter()
    for record in demo.certificates:
        path = demo.target / record.path
        formats[path.suffix] += 1
        text = file_text(path)
        info = parse_certificate(text)
        # Saved under a meaningless name, a certificate is still recognised by its content.
        assert detect_kind("p000/scan0042" + path.suffix, text) == "certificate", record.path
        assert (info.name, info.issuer, info.issued, info.expires) == (
            record.name,
            record.issuer,
            record.issued,
            record.expires,
        ), record.path
        assert detect_kind(record.path, "") == "certificate"
    assert formats[".pdf"] > 50 and formats[".docx"] > 30
    statuses = Counter(validity(r.expires, TODAY) for r in demo.certificates)
    assert statuses["valid"] > statuses["expiring"] > 0
    assert statuses["expired"] > 0 and statuses["unknown"] > 0  # ITIL 4 never expires


def test_names_are_drawn_exactly_in_the_text_pdfs(
    demo: DemoSummary, people: list[dict[str, str]]
) -> None:
    """The embedded font draws every letter: "Yılmaz" does not come out as "Y■lmaz"."""
    names = {p["id"]: p["name"] for p in people}
    checked: set[str] = set()
    for record in demo.certificates:
        if not record.path.endswith(".pdf"):
            continue
        text = pdf_text(demo.target / record.path)
        lines = [line.strip() for line in text.splitlines()]
        assert names[record.person_id] in lines, (record.path, text)
        assert "\ufffd" not in text and "\u25a0" not in text, record.path
        checked.add(names[record.person_id])
    assert len(checked) > 40
    assert "Mehmet Yılmaz" in checked
    assert any(ord(ch) > 0xFF for name in checked for ch in name)  # beyond Latin-1


def test_scans_are_image_only_and_listed(demo: DemoSummary, people: list[dict[str, str]]) -> None:
    """A scanned BLS certificate (PDF) and a photographed one (JPEG): pixels, no text."""
    assert sorted(scan.kind for scan in demo.scans) == ["pdf-scan", "photo"]
    by_id = {p["id"]: p for p in people}
    owners = {Path(problem.path).parts[0] for problem in demo.problems}
    texts = {record.path for record in demo.certificates}
    held = {(r.person_id, r.name) for r in demo.certificates}
    for scan in demo.scans:
        path = demo.target / scan.path
        assert path.is_file() and path.parent.name == "certificates", scan.path
        assert Path(scan.path).parts[0] == scan.person_id
        assert detect_kind(scan.path, "") == "certificate"
        assert by_id[scan.person_id]["opt_out"] == "0" and scan.person_id not in owners
        assert scan.path not in texts
        # Valid today, and the only certificate of its kind the holder has.
        assert validity(scan.expires, TODAY) == "valid" and scan.issued < TODAY
        assert (scan.person_id, scan.name) not in held
        assert path.stat().st_size > 100_000
        if scan.kind == "pdf-scan":
            assert path.suffix == ".pdf"
            pdf = pdfium.PdfDocument(str(path))
            assert len(pdf) == 1
            kinds = [obj.type for obj in pdf[0].get_objects()]
            assert kinds == [pdfium_c.FPDF_PAGEOBJ_IMAGE]
            pdf.close()
            assert pdf_text(path).strip() == ""
        else:
            assert path.suffix == ".jpg"
            with Image.open(path) as image:
                assert image.format == "JPEG" and image.mode == "RGB"
                assert min(image.size) >= 1200
    bls = [scan for scan in demo.scans if scan.name == "BLS / Reanimatie"]
    assert [scan.kind for scan in bls] == ["pdf-scan"]
    # bls_valid and bls_expired describe the text certificates: the scan changes neither.
    assert bls[0].person_id not in demo.bls_valid + demo.bls_expired
    # Every picture and every PDF without text in the share is a scan or a planted problem.
    listed = {scan.path for scan in demo.scans} | {p.path for p in demo.problems}
    for path in demo.target.glob("p*/**/*"):
        relpath = path.relative_to(demo.target).as_posix()
        if path.suffix in (".jpg", ".jpeg", ".png", ".tif", ".tiff") or (
            path.suffix == ".pdf" and relpath not in listed and not pdf_text(path).strip()
        ):
            assert relpath in listed, relpath


def tesseract(path: Path) -> str:
    run = subprocess.run(
        ["tesseract", str(path), "stdout", "-l", "nld+eng"],
        capture_output=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        check=True,
        timeout=120,
    )
    return run.stdout.decode("utf-8")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs tesseract-ocr (nld+eng)")
def test_scans_are_readable_by_ocr(
    demo: DemoSummary, people: list[dict[str, str]], tmp_path: Path
) -> None:
    """What Tesseract reads from the scans gives the facts they were made with."""
    names = {p["id"]: p["name"] for p in people}
    for scan in demo.scans:
        source = demo.target / scan.path
        if scan.kind == "pdf-scan":
            pdf = pdfium.PdfDocument(str(source))
            source = tmp_path / "page.png"
            pdf[0].render(scale=2).to_pil().save(source)
            pdf.close()
        text = tesseract(source)
        info = parse_certificate(text)
        assert (info.name, info.issuer, info.issued, info.expires) == (
            scan.name,
            scan.issuer,
            scan.issued,
            scan.expires,
        ), (scan.path, text)
        assert names[scan.person_id] in text, (scan.path, text)
        assert detect_kind("p000/scan0042.pdf", text) == "certificate"


def test_bls_lists_match_the_files(demo: DemoSummary) -> None:
    held: dict[str, set[str]] = {}
    for path in demo.target.glob("p*/certificates/*"):
        if path.suffix not in (".pdf", ".docx") or any(
            demo.target / p.path == path for p in demo.problems
        ):
            continue
        info = parse_certificate(file_text(path))
        if info.name == "BLS / Reanimatie":
            held.setdefault(path.parts[-3], set()).add(validity(info.expires, TODAY))
    valid = sorted(pid for pid, states in held.items() if states - {"expired"})
    expired = sorted(pid for pid, states in held.items() if states == {"expired"})
    assert (valid, expired) == (list(demo.bls_valid), list(demo.bls_expired))
    assert len(demo.bls_valid) >= 8 and len(demo.bls_expired) >= 2


def test_shared_documents_name_their_authors(
    demo: DemoSummary, people: list[dict[str, str]]
) -> None:
    names = {p["name"] for p in people}
    created = []
    assert 6 <= len(demo.shared) <= 10
    english = 0
    for relpath in demo.shared:
        path = demo.target / relpath
        props = docx.Document(str(path)).core_properties
        assert props.author in names and props.last_modified_by in names
        assert props.author != props.last_modified_by
        text = docx_text(path)
        assert props.author in text and "@delinde.example" in text
        assert detect_kind(relpath, text) == "document"
        english += "Written by" in text
        created.append(props.created.replace(tzinfo=None))
    assert english == 1
    assert (
        min(created)
        < datetime(TODAY.year - 5, 1, 1)
        < datetime(TODAY.year - 1, 1, 1)
        < max(created)
    )


def test_cli_run_is_identical_to_the_first(
    demo: DemoSummary, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert demo_main([str(tmp_path), "--today", TODAY.isoformat(), "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "60 colleagues" in out
    assert "2 scanned certificates (need OCR: tesseract-ocr)" in out
    assert (tmp_path / "people.csv").read_bytes() == (demo.target / "people.csv").read_bytes()
    first = sorted(p.relative_to(demo.target).as_posix() for p in demo.target.rglob("*"))
    second = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert first == second
    for relpath in first:
        if relpath.endswith(".docx") and not any(p.path == relpath for p in demo.problems):
            assert docx_text(tmp_path / relpath) == docx_text(demo.target / relpath), relpath
        elif relpath.endswith((".pdf", ".jpg")):  # same seed, same bytes
            assert (tmp_path / relpath).read_bytes() == (demo.target / relpath).read_bytes()


def test_another_seed_gives_other_colleagues(demo: DemoSummary, tmp_path: Path) -> None:
    other = generate_demo(tmp_path, today=TODAY, seed=8)
    assert (tmp_path / "people.csv").read_text() != (demo.target / "people.csv").read_text()
    assert len(other.bls_valid) >= 8 and len(other.bls_expired) >= 2
