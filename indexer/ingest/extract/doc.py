"""Legacy Word 97-2003 (and best-effort Word 6/95) .doc via olefile and the piece table."""

from __future__ import annotations

import logging
import re
import struct
from pathlib import Path

import olefile

from indexer.ingest.extract.base import (
    CORRUPT,
    ENCRYPTED,
    UNSUPPORTED,
    Extracted,
    ExtractionError,
    Limits,
    unique,
)

log = logging.getLogger(__name__)

_F_COMPLEX = 0x0004
_F_ENCRYPTED = 0x0100
_F_WHICH_TBL = 0x0200
_WORD97_NFIB = 0x00C1  # Word 6/95 files have smaller nFib values

# Field codes: \x13 instruction \x14 result \x15. Keep the result only.
_FIELD = re.compile(r"\x13[^\x13\x14\x15]*\x14([^\x13\x14\x15]*)\x15|\x13[^\x13\x14\x15]*\x15")
_CONTROL = {
    "\r": "\n",
    "\x07": "\t",
    "\x0b": "\n",
    "\x0c": "\n",
    "\x0e": "\n",
    "\x1e": "-",
    "\x1f": "",
    "\xa0": " ",
}
_DROP = re.compile(r"[\x00-\x06\x08\x10-\x12\x16-\x1d]")


def _u16(data: bytes, offset: int) -> int:
    return int(struct.unpack_from("<H", data, offset)[0])


def _u32(data: bytes, offset: int) -> int:
    return int(struct.unpack_from("<I", data, offset)[0])


def _pieces(clx: bytes) -> list[tuple[int, int, int, bool]]:
    """(cp_start, cp_end, file_offset, compressed) for every piece in a CLX."""
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: property modifiers, skipped
        pos += 3 + _u16(clx, pos + 1)
    if pos >= len(clx) or clx[pos] != 0x02:
        raise ExtractionError(CORRUPT, "no piece table")
    size = _u32(clx, pos + 1)
    plc = clx[pos + 5 : pos + 5 + size]
    count = (len(plc) - 4) // 12
    cps = [_u32(plc, 4 * i) for i in range(count + 1)]
    pieces = []
    for i in range(count):
        fc = _u32(plc, 4 * (count + 1) + 8 * i + 2)
        compressed = bool(fc & 0x40000000)
        offset = (fc & 0x3FFFFFFF) // 2 if compressed else fc & 0x3FFFFFFF
        pieces.append((cps[i], cps[i + 1], offset, compressed))
    return pieces


def _text_from_pieces(word: bytes, clx: bytes, limit: int) -> str:
    parts: list[str] = []
    for start, end, offset, compressed in _pieces(clx):
        if start >= limit:
            break
        n = min(end, limit) - start
        if compressed:
            parts.append(word[offset : offset + n].decode("cp1252", "replace"))
        else:
            parts.append(word[offset : offset + 2 * n].decode("utf-16-le", "replace"))
    return "".join(parts)


def _clean(raw: str) -> str:
    text = raw
    for _ in range(4):  # nested fields resolve from the inside out
        text = _FIELD.sub(lambda m: m.group(1) or "", text)
    text = "".join(_CONTROL.get(ch, ch) for ch in text)
    text = _DROP.sub("", text)
    lines = [line.strip(" \t") for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _word97(ole: olefile.OleFileIO, word: bytes, flags: int) -> str:
    table_name = "1Table" if flags & _F_WHICH_TBL else "0Table"
    if not ole.exists(table_name):
        raise ExtractionError(CORRUPT, f"missing {table_name} stream")
    table = ole.openstream(table_name).read()
    csw = _u16(word, 32)
    lw = 34 + 2 * csw
    cslw = _u16(word, lw)
    rg_lw = lw + 2
    # ccpText, ccpFtn, ccpHdd, (reserved), ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx
    ccp = [_u32(word, rg_lw + 4 * i) for i in (3, 4, 5, 7, 8, 9, 10)] if cslw >= 11 else []
    fc_lcb = rg_lw + 4 * cslw + 2
    fc_clx = _u32(word, fc_lcb + 8 * 33)
    lcb_clx = _u32(word, fc_lcb + 8 * 33 + 4)
    if lcb_clx == 0 or fc_clx + lcb_clx > len(table):
        raise ExtractionError(CORRUPT, "piece table outside the table stream")
    limit = sum(ccp) if ccp else 1 << 30
    return _text_from_pieces(word, table[fc_clx : fc_clx + lcb_clx], limit)


def _word6(word: bytes, flags: int) -> str:
    # Word 6/95: 8-bit text between fcMin and fcMac; a complex (fast-saved) file
    # keeps its piece table in the WordDocument stream itself.
    fc_min, fc_mac = _u32(word, 0x18), _u32(word, 0x1C)
    if flags & _F_COMPLEX:
        fc_clx, lcb_clx = _u32(word, 0x160), _u32(word, 0x164)
        if lcb_clx and fc_clx + lcb_clx <= len(word):
            pieces = _pieces(word[fc_clx : fc_clx + lcb_clx])
            return "".join(
                word[off : off + (end - start)].decode("cp1252", "replace")
                for start, end, off, _ in pieces
            )
    return word[fc_min:fc_mac].decode("cp1252", "replace")


def _properties(ole: olefile.OleFileIO) -> tuple[str, tuple[str, ...], object, object]:
    try:
        meta = ole.get_metadata()
    except Exception as exc:  # noqa: BLE001 - metadata is optional, text is what counts
        log.debug("summary information unreadable: %s", exc)
        return "", (), None, None

    def s(value: object) -> str:
        return value.decode("cp1252", "replace") if isinstance(value, bytes) else str(value or "")

    authors = unique(s(meta.author), s(meta.last_saved_by))
    return s(meta.title).strip(), authors, meta.create_time, meta.last_saved_time


def extract(path: Path, limits: Limits) -> Extracted:
    """Text of a Word binary file through its FIB and piece table."""
    with olefile.OleFileIO(str(path)) as ole:
        if not ole.exists("WordDocument"):
            raise ExtractionError(UNSUPPORTED, "OLE2 file without a Word document")
        word = ole.openstream("WordDocument").read()
        if len(word) < 0x200 or _u16(word, 0) not in (0xA5EC, 0xA5DC):
            raise ExtractionError(CORRUPT, "bad Word file header")
        nfib, flags = _u16(word, 2), _u16(word, 0x0A)
        if flags & _F_ENCRYPTED:
            raise ExtractionError(ENCRYPTED, "Word document with a password")
        raw = _word97(ole, word, flags) if nfib >= _WORD97_NFIB else _word6(word, flags)
        title, authors, created, modified = _properties(ole)
    return Extracted(
        text=_clean(raw),
        format="doc",
        title=title,
        authors=authors,
        created=created if hasattr(created, "year") else None,  # type: ignore[arg-type]
        modified=modified if hasattr(modified, "year") else None,  # type: ignore[arg-type]
        extra={"word_version": "97+" if nfib >= _WORD97_NFIB else "6/95"},
    )
