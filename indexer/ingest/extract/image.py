"""Photos and scans (.jpg, .jpeg, .png, .tif, .tiff): their text is read by OCR."""

from __future__ import annotations

from pathlib import Path

from indexer.ingest.extract import ocr
from indexer.ingest.extract.base import Extracted, Limits

MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")


def looks_like_image(head: bytes) -> bool:
    """JPEG, PNG or TIFF by its first bytes."""
    return head.startswith(MAGIC)


def extract(path: Path, limits: Limits) -> Extracted:
    """The OCR text of the picture (cached by content hash)."""
    text, cached = ocr.read_image(path, limits)
    return Extracted(text=text, format="image", ocr_pages=1, ocr_cached=cached)
