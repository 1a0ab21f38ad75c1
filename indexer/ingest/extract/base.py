"""The values every extractor returns or raises (re-exported by the package)."""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from datetime import datetime

# The reasons HR sees in the batch report; the report groups files by them.
UNSUPPORTED = "unsupported format"
ENCRYPTED = "encrypted"
NO_TEXT_LAYER = "no text layer (needs OCR)"
CORRUPT = "corrupt file"
TOO_LARGE = "file too large"
ZIP_BOMB = "zip bomb"
TIMED_OUT = "timed out"
EMPTY = "empty document"
PERMISSION_DENIED = "permission denied"
DISAPPEARED = "disappeared during the batch"
UNREADABLE = "cannot be read"
SYMLINK = "symbolic link (not followed)"
REASONS = (UNSUPPORTED, ENCRYPTED, NO_TEXT_LAYER, CORRUPT, TOO_LARGE, ZIP_BOMB, TIMED_OUT, EMPTY,
           PERMISSION_DENIED, DISAPPEARED, UNREADABLE, SYMLINK)


def reason_for(exc: OSError) -> str:
    """The report's words for an OSError met while reading a file or folder of the share."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return PERMISSION_DENIED
    if exc.errno == errno.ENOENT:
        return DISAPPEARED
    return UNREADABLE


@dataclass(frozen=True)
class Limits:
    """Guards applied to every file before and during extraction."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_unzipped_bytes: int = 200 * 1024 * 1024
    max_zip_ratio: float = 100.0
    timeout_seconds: float = 30.0
    max_text_chars: int = 500_000  # text indexed per file: about 200 pages
    ocr_cache: str = ""  # folder for OCR results by content hash ("" = no cache)


@dataclass(frozen=True)
class Extracted:
    """Text and metadata read from one file."""

    text: str
    format: str  # "docx", "pdf", "odt", "rtf", "txt", "md", "doc"
    title: str = ""
    authors: tuple[str, ...] = ()  # core-properties creator / last modified by
    created: datetime | None = None
    modified: datetime | None = None
    pages: int | None = None
    extra: dict[str, str] = field(default_factory=dict)
    ocr_pages: int = 0  # pages (or photos) whose text came from OCR
    ocr_cached: bool = False  # all of it from the OCR cache


class ExtractionError(Exception):
    """A file that cannot be indexed; ``reason`` is shown to HR as is."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason if not detail else f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def parse_date(value: str | None) -> datetime | None:
    """Parse a W3CDTF/ISO date from document metadata; junk gives None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def unique(*names: str | None) -> tuple[str, ...]:
    """Non-empty names, stripped, in order, without repeats."""
    seen: list[str] = []
    for name in names:
        name = (name or "").strip()
        if name and name not in seen:
            seen.append(name)
    return tuple(seen)
