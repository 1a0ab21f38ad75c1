"""Text extraction: one module per format, one signature.

Pipeline for a file:
- ``sniff(path)`` decides the real format from the file's bytes (magic numbers,
  zip member names, OLE2 stream names), not from its extension;
- guards refuse files that are too large, zip bombs and hostile XML;
- the format module's ``extract(path, limits) -> Extracted`` reads text and
  metadata; any problem is raised as ``ExtractionError`` with a reason a person
  can read ("encrypted", "no text layer (needs OCR)", "corrupt file", ...).
- anything unexpected inside a format module becomes "corrupt file", so one
  bad file never stops a batch. The per-file time limit is the caller's job
  (the batch runs extraction in worker processes); ``Limits`` carries it.

A new format is one module here plus one line in ``REGISTRY``.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Callable
from pathlib import Path

import olefile

from indexer.ingest.extract import doc, docx, image, odt, pdf, rtf, text
from indexer.ingest.extract.base import (
    CORRUPT,
    EMPTY,
    ENCRYPTED,
    REASONS,
    UNSUPPORTED,
    Extracted,
    ExtractionError,
    Limits,
    reason_for,
)
from indexer.ingest.extract.guards import check_file_size

__all__ = ["REASONS", "REGISTRY", "Extracted", "ExtractionError", "Limits", "extract", "sniff"]

log = logging.getLogger(__name__)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF_TEXT = (
    b"application/vnd.oasis.opendocument.text",
    b"application/vnd.oasis.opendocument.text-template",
)


def _encrypted_ooxml(path: Path, limits: Limits) -> Extracted:
    raise ExtractionError(ENCRYPTED, "password-protected Office Open XML document")


REGISTRY: dict[str, Callable[[Path, Limits], Extracted]] = {
    "docx": docx.extract,
    "pdf": pdf.extract,
    "odt": odt.extract,
    "rtf": rtf.extract,
    "txt": text.extract,
    "md": text.extract,
    "doc": doc.extract,
    "image": image.extract,
    "ooxml-encrypted": _encrypted_ooxml,
}


def _sniff_zip(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names and zf.getinfo("mimetype").file_size < 200:
                if zf.read("mimetype").strip() in _ODF_TEXT:
                    return "odt"
                return None  # spreadsheets, presentations: another format
            if "word/document.xml" in names:
                return "docx"
            # The main part may have another name; the content types say what it is.
            if (
                "[Content_Types].xml" in names
                and zf.getinfo("[Content_Types].xml").file_size < 1 << 20
            ):
                types = zf.read("[Content_Types].xml")
                if (
                    b"wordprocessingml.document.main" in types
                    or b"ms-word.document" in types
                    or b"wordprocessingml.template.main" in types
                    or b"ms-word.template" in types
                ):
                    return "docx"
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        log.debug("%s: zip unreadable while sniffing: %s", path, exc)
        return "zip-corrupt"
    return None


def _sniff_ole(path: Path) -> str | None:
    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
                return "ooxml-encrypted"
            if ole.exists("WordDocument"):
                return "doc"
    except OSError as exc:
        log.debug("%s: OLE2 unreadable while sniffing: %s", path, exc)
        return "ole-corrupt"
    return None


def sniff(path: Path) -> str | None:
    """The real format of *path* from its bytes, or None when not one we read.

    Besides the REGISTRY keys it may return "wordperfect", "zip-corrupt" and
    "ole-corrupt", which ``extract`` turns into readable errors.
    """
    with path.open("rb") as fh:
        head = fh.read(8192)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(path)
    if head.startswith(_OLE2):
        return _sniff_ole(path)
    # PDF allows up to 1 KB of junk before the header.
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf"):
        return "rtf"
    if image.looks_like_image(head):
        return "image"
    if head.startswith(b"\xffWPC"):
        return "wordperfect"
    if text.looks_like_text(head):
        return "md" if path.suffix.lower() in (".md", ".markdown") else "txt"
    return None


def _dispatch(path: Path, limits: Limits) -> Extracted:
    check_file_size(path, limits)
    if path.stat().st_size == 0:
        raise ExtractionError(EMPTY, "zero bytes")
    fmt = sniff(path)
    if fmt == "wordperfect":
        raise ExtractionError(UNSUPPORTED, "WordPerfect")
    if fmt in ("zip-corrupt", "ole-corrupt"):
        raise ExtractionError(CORRUPT, "damaged zip or OLE2 container")
    handler = REGISTRY.get(fmt or "")
    if handler is None:
        raise ExtractionError(UNSUPPORTED, f"not a document type we read ({path.suffix})")
    result = handler(path, limits)
    if not result.text.strip():
        raise ExtractionError(EMPTY, f"{result.format} without text")
    return result


def extract(path: Path, limits: Limits | None = None) -> Extracted:
    """Extract text and metadata from *path*, or raise ExtractionError."""
    path = Path(path)
    try:
        return _dispatch(path, limits or Limits())
    except ExtractionError:
        raise
    except OSError as exc:  # permission denied, deleted while the batch runs, I/O error
        raise ExtractionError(reason_for(exc), exc.strerror or str(exc)) from exc
    except RecursionError as exc:
        raise ExtractionError(CORRUPT, "structure nested too deeply") from exc
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop a batch
        log.debug("%s: unexpected %s", path, type(exc).__name__, exc_info=True)
        raise ExtractionError(CORRUPT, f"{type(exc).__name__}: {exc}") from exc
