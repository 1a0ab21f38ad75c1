"""Text extraction from generated documents of every format, and from the real corpus."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import docx
import pytest
from extract_helpers import (
    BILLION_LAUGHS,
    make_cv_docx,
    make_drawing_only_pdf,
    make_odt,
    make_pdf,
    make_strict_docx,
    rewrite_zip,
    word_recall,
)

from indexer.ingest.extract import REASONS, ExtractionError, Limits, extract, ocr, sniff

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "documents"


def reason_of(path: Path, limits: Limits | None = None) -> str:
    with pytest.raises(ExtractionError) as info:
        extract(path, limits)
    assert info.value.reason in REASONS
    return info.value.reason


@pytest.fixture(scope="module")
def cv_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_cv_docx(tmp_path_factory.mktemp("docx") / "cv.docx")


# --- .docx -------------------------------------------------------------------


def test_docx_reads_body_table_header_footer_and_properties(cv_docx: Path) -> None:
    got = extract(cv_docx)
    assert got.format == "docx"
    assert "Verpleegkundige met ervaring in wondverzorging" in got.text
    assert "Zorggroep Noord vertrouwelijk" in got.text
    assert "Pagina voettekst geriatrie" in got.text
    assert got.title == "Curriculum vitae Anna de Vries"
    assert got.authors == ("Anna de Vries", "HR Afdeling")
    assert got.created is not None and got.modified is not None


def test_docx_table_cells_are_never_glued(cv_docx: Path) -> None:
    words = extract(cv_docx).text.split()
    assert {"Diploma", "Jaar", "HBO-V", "2015"} <= set(words)
    assert "DiplomaJaar" not in extract(cv_docx).text


def test_docx_text_box_is_read_once_and_vml_box_too(cv_docx: Path) -> None:
    text = extract(cv_docx).text
    assert text.count("Reanimatie instructeur BLS") == 1  # mc:Fallback copy skipped
    assert "Oude tekstvak decubituspreventie" in text


def test_docx_content_control_is_read(cv_docx: Path) -> None:
    assert "Wondconsulent" in extract(cv_docx).text


def test_docx_body_keeps_reading_order(cv_docx: Path) -> None:
    text = extract(cv_docx).text
    assert text.index("wondverzorging") < text.index("HBO-V") < text.index("Specialisaties")


def test_strict_ooxml_reads_like_transitional(cv_docx: Path, tmp_path: Path) -> None:
    strict = make_strict_docx(cv_docx, tmp_path / "strict.docx")
    assert b"purl.oclc.org/ooxml/wordprocessingml" in zipfile.ZipFile(strict).read(
        "word/document.xml"
    )
    with pytest.raises(KeyError):  # the trap the corpus README names
        docx.Document(str(strict))
    got = extract(strict)
    assert "Verpleegkundige met ervaring in wondverzorging" in got.text
    assert "Zorggroep Noord vertrouwelijk" in got.text
    assert got.text.count("Reanimatie instructeur BLS") == 1


def test_docm_and_dotx_are_sniffed_as_docx_whatever_the_name(cv_docx: Path, tmp_path: Path) -> None:
    for name in ("cv.docm", "cv.dotx", "cv.pdf"):
        copy = tmp_path / name
        copy.write_bytes(cv_docx.read_bytes())
        assert sniff(copy) == "docx"
        assert "wondverzorging" in extract(copy).text


def test_blank_docx_is_an_empty_document(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    assert reason_of(path) == "empty document"


def test_billion_laughs_docx_is_refused(cv_docx: Path, tmp_path: Path) -> None:
    bomb = rewrite_zip(cv_docx, tmp_path / "lol.docx", {"word/document.xml": BILLION_LAUGHS})
    assert reason_of(bomb) == "corrupt file"


def test_docx_with_broken_xml_is_corrupt(cv_docx: Path, tmp_path: Path) -> None:
    bad = rewrite_zip(cv_docx, tmp_path / "bad.docx", {"word/document.xml": b"<w:document><w:bo"})
    assert reason_of(bad) == "corrupt file"


def test_truncated_docx_is_corrupt(cv_docx: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.docx"
    cut.write_bytes(cv_docx.read_bytes()[: cv_docx.stat().st_size // 2])
    assert reason_of(cut) == "corrupt file"


# --- guards ------------------------------------------------------------------


def test_zip_bomb_by_ratio_is_refused_before_reading(cv_docx: Path, tmp_path: Path) -> None:
    bomb = rewrite_zip(cv_docx, tmp_path / "bomb.docx", {"word/media/zeros.bin": None})
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/zeros.bin", b"\0" * (20 * 1024 * 1024))
    assert bomb.stat().st_size < 100_000
    assert reason_of(bomb) == "zip bomb"


def test_zip_bomb_by_total_size(cv_docx: Path) -> None:
    assert reason_of(cv_docx, Limits(max_unzipped_bytes=10_000)) == "zip bomb"


def test_file_too_large(cv_docx: Path) -> None:
    assert reason_of(cv_docx, Limits(max_file_bytes=1000)) == "file too large"


def test_timeout_is_a_reason_and_a_limit() -> None:
    # The batch enforces it in worker processes; extraction only carries it.
    assert "timed out" in REASONS
    assert Limits().timeout_seconds > 0


# --- .pdf --------------------------------------------------------------------


def test_pdf_text_title_author_pages(tmp_path: Path) -> None:
    pdf = make_pdf(
        tmp_path / "cert.pdf",
        ["Certificaat BLS reanimatie", "Geldig tot 2026"],
        title="BLS certificaat",
        author="Anna de Vries",
    )
    got = extract(pdf)
    assert (got.format, got.pages, got.title, got.authors) == (
        "pdf",
        1,
        "BLS certificaat",
        ("Anna de Vries",),
    )
    assert "Certificaat BLS reanimatie" in got.text


def test_pdf_with_owner_password_only_is_read(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "locked.pdf", ["Kopieren verboden diploma"], user_password="")
    assert "Kopieren verboden diploma" in extract(pdf).text


def test_pdf_with_user_password_is_encrypted(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "secret.pdf", ["Geheim"], user_password="geheim")
    assert reason_of(pdf) == "encrypted"


def test_drawing_only_pdf_needs_ocr_or_has_no_text(tmp_path: Path) -> None:
    wanted = "no text layer (needs OCR)" if ocr.engine() is None else "empty document"
    assert reason_of(make_drawing_only_pdf(tmp_path / "scan.pdf")) == wanted


def test_pdf_header_with_garbage_is_corrupt(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    assert reason_of(bad) == "corrupt file"


# --- .odt, .rtf, text --------------------------------------------------------


def test_odt_text_table_and_meta(tmp_path: Path) -> None:
    body = (
        "<text:h>Protocol valpreventie</text:h>"
        "<text:p>Auteur<text:s/>is<text:tab/>specialist "
        "<text:span>ouderenzorg</text:span>.</text:p>"
        "<table:table><table:table-row><table:table-cell><text:p>Cel een</text:p>"
        "</table:table-cell><table:table-cell><text:p>Cel twee</text:p></table:table-cell>"
        "</table:table-row></table:table>"
    )
    got = extract(make_odt(tmp_path / "p.odt", body, creator="Piet Jansen", title="Valpreventie"))
    assert got.format == "odt"
    assert "Protocol valpreventie" in got.text
    assert "Auteur is\tspecialist ouderenzorg." in got.text
    assert "Cel een" in got.text and "Cel twee" in got.text and "eenCel" not in got.text
    assert (got.title, got.authors) == ("Valpreventie", ("Piet Jansen",))


def test_encrypted_odt(tmp_path: Path) -> None:
    odt = make_odt(tmp_path / "e.odt", "<text:p>geheim</text:p>", encrypted=True)
    assert reason_of(odt) == "encrypted"


def test_rtf_with_code_page_and_unicode_escapes(tmp_path: Path) -> None:
    rtf = tmp_path / "cv.rtf"
    rtf.write_bytes(
        rb"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\info{\title Mijn CV}{\author Eva Bakker}}"
        rb"\f0 Co\'f6rdinator wondzorg\par Caf\u233? en cr\u232?che\par}"
    )
    got = extract(rtf)
    assert got.format == "rtf"
    assert "Coördinator wondzorg" in got.text
    assert "Café en crèche" in got.text
    assert (got.title, got.authors) == ("Mijn CV", ("Eva Bakker",))


def test_text_in_windows_1252_is_decoded(tmp_path: Path) -> None:
    txt = tmp_path / "notities.txt"
    sentence = "Coördinatie van zorg, één cursus geriatrie, ervaring met cliënten en hun naasten. "
    txt.write_bytes((sentence * 5).encode("cp1252"))
    got = extract(txt)
    assert got.format == "txt"
    assert "Coördinatie van zorg, één cursus" in got.text


def test_markdown_keeps_its_format(tmp_path: Path) -> None:
    md = tmp_path / "README.md"
    md.write_text("# Expertise\n\n- dementiezorg\n", encoding="utf-8")
    got = extract(md)
    assert got.format == "md" and "dementiezorg" in got.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xffWPC" + bytes(range(200)), "unsupported format"),
        (bytes(range(256)) * 4, "unsupported format"),
        (b"", "empty document"),
        (b"PK\x03\x04" + b"\0" * 40, "corrupt file"),
    ],
    ids=["wordperfect", "binary", "zero-bytes", "broken-zip"],
)
def test_unreadable_inputs_get_a_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "file.doc"
    path.write_bytes(data)
    assert reason_of(path) == reason


def test_missing_file_is_an_extraction_error(tmp_path: Path) -> None:
    assert reason_of(tmp_path / "weg.docx") == "disappeared during the batch"


# --- the real corpus ---------------------------------------------------------


def corpus_files() -> list[str]:
    if not (CORPUS / "MANIFEST.csv").exists():
        return []
    with (CORPUS / "MANIFEST.csv").open(encoding="utf-8") as fh:
        return [row["path"] for row in csv.DictReader(fh)]


def expected_texts() -> dict[str, list[Path]]:
    """textract pairs ``dir/name.ext`` with ``dir/name.txt`` (and ``name-m=tool.txt``)."""
    pairs: dict[str, list[Path]] = {}
    for source in sorted((CORPUS / "textract").glob("*/*")):
        if source.suffix == ".txt":
            continue
        found = [source.with_suffix(".txt"), *source.parent.glob(f"{source.stem}-m=*.txt")]
        pairs[str(source.relative_to(CORPUS))] = [p for p in found if p.exists()]
    return pairs


# Files that must fail, with the reason a person would expect.
EXPECTED_FAILURES = {
    "tika/testWORD_protected_passtika.docx": "encrypted",
    "tika/testWORD_protected_passtika.doc": "encrypted",
    "tika/testODTEncrypted.odt": "encrypted",
    "py-pdf-sample-files/libreoffice-writer-password.pdf": "encrypted",
    "tika/testUnicodePassword.pdf": "encrypted",
    "tika/testWORD_truncated.docx": "corrupt file",
    "tika/testWordPerfect_42.doc": "unsupported format",
    "python-docx/doc-word-default-blank.docx": "empty document",
}
# Scans: read by OCR when Tesseract is installed (the 4x4-point fax image holds no text).
if ocr.engine() is None:
    EXPECTED_FAILURES |= dict.fromkeys(("tika/testOCR.pdf", "textract/pdf/ocr_text.pdf",
                                        "py-pdf-sample-files/imagemagick-CCITTFaxDecode.pdf"),
                                       "no text layer (needs OCR)")
else:
    EXPECTED_FAILURES["py-pdf-sample-files/imagemagick-CCITTFaxDecode.pdf"] = "empty document"


@pytest.mark.corpus
def test_corpus_every_file_extracts_or_gives_a_reason() -> None:
    files = corpus_files()
    if not files:
        pytest.skip("corpus absent")
    assert len(files) == 84
    for name in files:
        try:
            got = extract(CORPUS / name)
        except ExtractionError as exc:
            assert exc.reason in REASONS, name
            assert EXPECTED_FAILURES.get(name, exc.reason) == exc.reason, name
            continue
        assert got.text.strip(), name
        assert name not in EXPECTED_FAILURES, f"{name} should fail"


@pytest.mark.corpus
def test_corpus_expected_words_are_found(capsys: pytest.CaptureFixture[str]) -> None:
    if not corpus_files():
        pytest.skip("corpus absent")
    recalls: dict[str, float] = {}
    for name, expected in expected_texts().items():
        if name in EXPECTED_FAILURES:
            continue
        got = extract(CORPUS / name).text
        for exp in expected:
            recalls[f"{name} vs {exp.name}"] = word_recall(exp.read_text(encoding="utf-8"), got)
    with capsys.disabled():
        for label, recall in sorted(recalls.items()):
            print(f"\n  word recall {recall:6.1%}  {label}", end="")
    assert len(recalls) >= 6
    assert min(recalls.values()) >= 0.9


@pytest.mark.corpus
def test_corpus_metadata_and_legacy_doc() -> None:
    if not corpus_files():
        pytest.skip("corpus absent")
    props = extract(CORPUS / "python-docx/hdr-header-footer.docx")
    assert props.authors and props.created is not None
    word97 = extract(CORPUS / "tika/testWORD.doc")
    assert "This is a sample Microsoft Word Document" in word97.text
    word6 = extract(CORPUS / "tika/testWORD6.doc")
    assert "The quick brown fox jumps over the lazy dog" in word6.text
    strict = extract(CORPUS / "docx2python/strict.docx")
    assert "Cellaa" in strict.text and "Cellbb" in strict.text
    renamed = extract(CORPUS / "docx2python/renamed_document_xml.docx")
    assert renamed.text.strip()
    pdf = extract(CORPUS / "py-pdf-sample-files/GeoTopo-komprimiert.pdf")
    assert pdf.pages == 117


def test_zip_that_is_not_a_word_document_is_unsupported(tmp_path: Path) -> None:
    sheet = tmp_path / "cijfers.docx"
    with zipfile.ZipFile(sheet, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert reason_of(sheet) == "unsupported format"
