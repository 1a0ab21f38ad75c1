"""Limits every extractor shares: file size, zip bombs and hostile XML."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from indexer.ingest.extract.base import CORRUPT, TOO_LARGE, ZIP_BOMB, ExtractionError, Limits

# Small archives may compress extremely well without being an attack (empty
# parts); the ratio check only applies once the unpacked total is large. The
# ratio is taken over the whole archive: single members legitimately exceed
# 100 (a 1 MB EMF drawing in the Tika corpus packs 130:1).
_RATIO_FLOOR_BYTES = 1024 * 1024


def check_file_size(path: Path, limits: Limits) -> None:
    """Refuse files larger than ``limits.max_file_bytes`` before reading them."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise ExtractionError(TOO_LARGE, f"{size} bytes, limit {limits.max_file_bytes}")


def open_zip(path: Path, limits: Limits) -> zipfile.ZipFile:
    """Open a zip container after checking its central directory for a bomb.

    The directory declares each member's sizes; zipfile never inflates a member
    beyond its declared ``file_size``, so checking the declarations up front
    bounds what any later ``read`` can produce.
    """
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ExtractionError(CORRUPT, f"not a readable zip: {exc}") from exc
    try:
        check_zip_directory(zf, limits)
    except ExtractionError:
        zf.close()
        raise
    return zf


def check_zip_directory(zf: zipfile.ZipFile, limits: Limits) -> None:
    """Raise "zip bomb" when the declared sizes or ratios exceed the limits."""
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > limits.max_unzipped_bytes:
        raise ExtractionError(
            ZIP_BOMB, f"{total} bytes unpacked, limit {limits.max_unzipped_bytes}"
        )
    if total > _RATIO_FLOOR_BYTES and total / max(packed, 1) > limits.max_zip_ratio:
        raise ExtractionError(ZIP_BOMB, f"compression ratio {total / max(packed, 1):.0f}")


def read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    """Read one zip member; damage inside the archive is a corrupt file."""
    try:
        return zf.read(name)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise ExtractionError(CORRUPT, f"{name}: {exc}") from exc


def _parser() -> etree.XMLParser:
    # Entities are never expanded and nothing is fetched; huge_tree stays off so
    # libxml2's own depth and size limits apply.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def parse_xml(data: bytes, name: str = "xml") -> etree._Element:
    """Parse an XML part safely; a DTD with entity declarations is refused.

    Office formats never carry a DTD, so one that declares entities is either
    damage or an entity-expansion attack ("billion laughs").
    """
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise ExtractionError(CORRUPT, f"{name}: {exc}") from exc
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ExtractionError(CORRUPT, f"{name}: XML declares entities (refused)")
    return root


def local(tag: object) -> str:
    """The local name of an lxml tag, whatever its namespace (Strict OOXML too)."""
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rpartition("}")[2]
