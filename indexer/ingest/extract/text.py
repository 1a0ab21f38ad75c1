"""Plain text and Markdown; charset-normalizer guesses the encoding."""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from indexer.ingest.extract.base import UNSUPPORTED, Extracted, ExtractionError, Limits

# Bytes that never occur in text files; a few of them mean "binary".
_BINARY = frozenset(range(0, 9)) | frozenset(range(14, 27)) | frozenset(range(28, 32))


def decode(data: bytes) -> str | None:
    """Decode *data* as text, or None when it does not look like text."""
    if not data:
        return ""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    sample = data[:4096]
    if sum(b in _BINARY for b in sample) > max(1, len(sample) // 200):
        return None
    try:
        return data.decode("utf-8")  # the common case, and cheap
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    return None if best is None else str(best)


def looks_like_text(head: bytes) -> bool:
    """Whether the first bytes of a file look like text (used by the sniffer)."""
    if not head:
        return False
    # A cut multi-byte sequence at the end of the sample is not a reason to refuse.
    return decode(head) is not None or decode(head[:-3]) is not None


def extract(path: Path, limits: Limits) -> Extracted:
    """The whole file as text; Markdown stays as written (its markup is words too)."""
    text = decode(path.read_bytes())
    if text is None:
        raise ExtractionError(UNSUPPORTED, "binary data, not text")
    fmt = "md" if path.suffix.lower() in (".md", ".markdown") else "txt"
    return Extracted(text=text.replace("\r\n", "\n").strip(), format=fmt)
