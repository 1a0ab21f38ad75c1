"""Rich Text Format via striprtf (it honours ``\\ansicpg`` and ``\\uN`` escapes)."""

from __future__ import annotations

import re
from pathlib import Path

from striprtf.striprtf import rtf_to_text

from indexer.ingest.extract.base import Extracted, Limits

_INFO = re.compile(rb"\{\\(title|author|operator)\s+([^{}\\]*)\}")


def extract(path: Path, limits: Limits) -> Extracted:
    """Plain text of an RTF file; title and author from its info group."""
    raw = path.read_bytes()
    # RTF is 7-bit with escapes; latin-1 maps every byte, so nothing is lost
    # before striprtf applies the file's own code page to the escapes.
    text: str = rtf_to_text(raw.decode("latin-1"), errors="ignore")  # type: ignore[no-untyped-call]
    info = {m.group(1).decode(): m.group(2).decode("latin-1").strip() for m in _INFO.finditer(raw)}
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").splitlines()]
    tidy = "\n".join(lines).strip()
    authors = tuple(dict.fromkeys(a for a in (info.get("author"), info.get("operator")) if a))
    return Extracted(text=tidy, format="rtf", title=info.get("title", ""), authors=authors)
