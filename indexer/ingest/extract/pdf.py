"""PDF: text from poppler's pdftotext, document facts from pypdfium2.

- pypdfium2 opens the file: encryption, damage, page count and the document info;
- poppler's ``pdftotext`` (Debian's poppler-utils) reads the text: PDFium's own text
  runs together words a PDF places apart without a space character ("generalledger"),
  which cost CVs about 40 % of their words (BENCHMARKS.md, "Extraction");
- without pdftotext, PDFium's text is used and a warning says what to install;
- pages without a text layer (scans) are rendered by PDFium and read by OCR
  (``indexer.ingest.extract.ocr``);
- both are normalised: ligatures and full-width forms (NFKC), words hyphenated at a
  line end joined again.
"""

from __future__ import annotations

import functools
import logging
import re
import shutil
import subprocess
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from indexer.ingest.extract import ocr
from indexer.ingest.extract.base import (
    CORRUPT,
    EMPTY,
    ENCRYPTED,
    NO_TEXT_LAYER,
    TIMED_OUT,
    Extracted,
    ExtractionError,
    Limits,
    unique,
)

log = logging.getLogger(__name__)

OCR_DPI = 300  # what Tesseract is trained for; a certificate page takes a few seconds
MAX_OCR_PAGES = 20  # a 100-page scanned report is not an e-portfolio document

_PDF_DATE = re.compile(
    r"^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+\-])?(\d{2})?'?(\d{2})?"
)


def parse_pdf_date(value: str) -> datetime | None:
    """Parse a PDF date string (``D:YYYYMMDDHHmmSS+HH'mm'``); junk gives None."""
    m = _PDF_DATE.match(value.strip())
    if not m:
        return None
    year, month, day, hour, minute, second, sign, tzh, tzm = m.groups()
    try:
        tz = None
        if sign in ("Z", "z"):
            tz = UTC
        elif sign in ("+", "-"):
            offset = timedelta(hours=int(tzh or 0), minutes=int(tzm or 0))
            tz = timezone(offset if sign == "+" else -offset)
        return datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=tz,
        )
    except ValueError:
        return None


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        # PDFium tries the empty user password by itself, so owner-password-only
        # files (print/copy restrictions) open and are read.
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ExtractionError(ENCRYPTED, "needs a password") from exc
        raise ExtractionError(CORRUPT, str(exc)) from exc


# "verpleeg-\nkundige" -> "verpleegkundige": only between lower-case letters, so
# "Results-\nOriented" and "2010-\n2014" keep their hyphen.
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u00ad]\n(?=[^\W\d_A-Z])")


def normalise(text: str) -> str:
    """Ligatures and full-width forms as plain letters, line-end hyphenation undone."""
    text = unicodedata.normalize("NFKC", text.replace("\r\n", "\n"))
    return _LINE_END_HYPHEN.sub("", text)


@functools.cache
def _pdftotext() -> str | None:
    found = shutil.which("pdftotext")
    if found is None:
        log.warning("pdftotext not found (Debian package poppler-utils): PDF text is read "
                    "by PDFium, which runs some words together")
    return found


def _pdfium_page(doc: pdfium.PdfDocument, index: int, path: Path) -> str:
    page = doc[index]
    try:
        textpage = page.get_textpage()
        try:
            return str(textpage.get_text_range())
        finally:
            textpage.close()
    except pdfium.PdfiumError as exc:
        # One broken page should not cost the rest of a CV.
        log.warning("%s: page %d unreadable: %s", path, index + 1, exc)
        return ""
    finally:
        page.close()


def poppler_pages(path: Path, limits: Limits) -> list[str] | None:
    """The text of each page by pdftotext, or None when it is missing or fails."""
    exe = _pdftotext()
    if exe is None:
        return None
    try:
        run = subprocess.run([exe, "-q", "-enc", "UTF-8", "-eol", "unix", str(path), "-"],
                             capture_output=True, timeout=limits.timeout_seconds, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError(TIMED_OUT, f"over {limits.timeout_seconds:g} s") from exc
    if run.returncode != 0:
        log.debug("%s: pdftotext failed (%d), PDFium reads it", path, run.returncode)
        return None
    return run.stdout.decode("utf-8", "replace").split("\f")


def extract(path: Path, limits: Limits) -> Extracted:
    """Text of every page, title/author from the document info, page count."""
    doc = _open(path)
    try:
        try:
            meta = doc.get_metadata_dict(skip_empty=True)
        except pdfium.PdfiumError:
            meta = {}
        page_count = len(doc)
        pages = poppler_pages(path, limits) if page_count else []
        if pages is None:
            pages = [_pdfium_page(doc, index, path) for index in range(page_count)]
        pages = (pages + [""] * page_count)[:page_count]
        scanned, cached = _ocr_pages(doc, path, pages, limits)
    finally:
        doc.close()
    text = "\n\n".join(normalise(p).strip() for p in pages if p.strip())
    if not text.strip():
        if page_count == 0:
            raise ExtractionError(EMPTY, "no pages")
        if scanned:
            raise ExtractionError(EMPTY, f"OCR found no text on {scanned} page(s)")
        raise ExtractionError(NO_TEXT_LAYER, f"{page_count} page(s) without text")
    return Extracted(
        text=text,
        format="pdf",
        title=(meta.get("Title") or "").strip(),
        authors=unique(meta.get("Author")),
        created=parse_pdf_date(meta.get("CreationDate") or ""),
        modified=parse_pdf_date(meta.get("ModDate") or ""),
        pages=page_count,
        ocr_pages=scanned,
        ocr_cached=bool(scanned) and cached == scanned,
    )


def _ocr_pages(doc: pdfium.PdfDocument, path: Path, pages: list[str],
               limits: Limits) -> tuple[int, int]:
    """OCR the pages without a text layer in place; (pages read, of which from cache)."""
    blank = [i for i, page in enumerate(pages) if not page.strip()][:MAX_OCR_PAGES]
    if not blank:
        return 0, 0
    if ocr.engine() is None:
        if len(blank) == len(pages):  # a scan, and nothing to read it with
            raise ExtractionError(NO_TEXT_LAYER, ocr.INSTALL_HINT)
        return 0, 0
    key, cached = ocr.file_key(path), 0
    for index in blank:
        pages[index], hit = ocr.read(key, f"page-{index + 1}", limits,
                                     functools.partial(_read_page, doc, index, limits, path))
        cached += hit
    return len(blank), cached


def _read_page(doc: pdfium.PdfDocument, index: int, limits: Limits, path: Path) -> str:
    """OCR of one page, rendered grey at OCR_DPI ("" for a page PDFium cannot load)."""
    try:
        page = doc[index]
    except pdfium.PdfiumError as exc:
        log.warning("%s: page %d unreadable: %s", path, index + 1, exc)
        return ""
    try:
        bitmap = page.render(scale=OCR_DPI / 72, grayscale=True)
        try:
            image = ocr.pgm(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride)
        finally:
            bitmap.close()
    finally:
        page.close()
    return ocr.read_pgm(image, limits)
