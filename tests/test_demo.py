"""The generated demo share: a believable organisation, readable files, planted problems, stable."""

from __future__ import annotations

import csv
import zipfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest

from indexer.certificates import detect_kind, parse_certificate, validity
from indexer.demo import DemoSummary, generate_demo
from indexer.demo.__main__ import main as demo_main
from indexer.demo.problems import ENCRYPTED_PASSWORD

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
    assert "60 colleagues" in capsys.readouterr().out
    assert (tmp_path / "people.csv").read_bytes() == (demo.target / "people.csv").read_bytes()
    first = sorted(p.relative_to(demo.target).as_posix() for p in demo.target.rglob("*"))
    second = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert first == second
    for relpath in first:
        if relpath.endswith(".docx") and not any(p.path == relpath for p in demo.problems):
            assert docx_text(tmp_path / relpath) == docx_text(demo.target / relpath), relpath


def test_another_seed_gives_other_colleagues(demo: DemoSummary, tmp_path: Path) -> None:
    other = generate_demo(tmp_path, today=TODAY, seed=8)
    assert (tmp_path / "people.csv").read_text() != (demo.target / "people.csv").read_text()
    assert len(other.bls_valid) >= 8 and len(other.bls_expired) >= 2
