"""OCR of scans and photos with Tesseract (Debian's tesseract-ocr with nld and eng).

- ``read_image(path)`` reads a photo or scan (.jpg, .png, .tif); ``read_pixels``
  a page PDFium rendered, handed to Tesseract as a PGM on its standard input;
- Tesseract's own layout analysis copes with a slightly rotated or noisy scan;
  one thread per call, because the batch already runs one worker per core;
- results are cached by the file's content hash in ``Limits.ocr_cache`` (the batch
  keeps it beside the index and prunes the entries of files no longer in it), so an
  unchanged scan is never read twice;
- without Tesseract the file stays "no text layer (needs OCR)", with the hint.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from indexer.ingest.extract.base import CORRUPT, NO_TEXT_LAYER, TIMED_OUT, ExtractionError, Limits

LANGUAGES = ("nld", "eng")
INSTALL_HINT = "install Debian's tesseract-ocr and tesseract-ocr-nld to read scans"
_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


@functools.cache
def engine() -> tuple[str, str] | None:
    """(tesseract executable, "nld+eng" or the part installed), or None without an engine."""
    exe = shutil.which("tesseract")
    if exe is None:
        return None
    try:
        listed = subprocess.run([exe, "--list-langs"], capture_output=True, text=True,
                                timeout=30, check=False).stdout.split()
    except (OSError, subprocess.TimeoutExpired):
        return None
    langs = [lang for lang in LANGUAGES if lang in listed]
    return (exe, "+".join(langs)) if langs else None


def require_engine() -> tuple[str, str]:
    """The engine, or the "needs OCR" error with how to install one."""
    found = engine()
    if found is None:
        raise ExtractionError(NO_TEXT_LAYER, INSTALL_HINT)
    return found


def file_key(path: Path) -> str:
    """The cache key of a file: the SHA-256 of its bytes, as the batch manifest keeps it."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def content_hash(path: Path) -> str:
    """``file_key``, the hash the batch manifest keeps, or "" when the file cannot be
    read (extracting it says why)."""
    try:
        return file_key(path)
    except OSError:
        return ""


def read_image(path: Path, limits: Limits) -> tuple[str, bool]:
    """(text, from cache) of a photo or scan file."""
    return read(file_key(path), "image", limits, lambda: _tesseract(str(path), None, limits))


def read(key: str, part: str, limits: Limits, ocr: Callable[[], str]) -> tuple[str, bool]:
    """(text, from cache) of one *part* ("image", "page-3") of the file with *key*."""
    _exe, langs = require_engine()
    entry = Path(limits.ocr_cache) / key / f"{part}.{langs}.txt" if limits.ocr_cache else None
    if entry is not None and entry.is_file():
        return entry.read_text(encoding="utf-8"), True
    text = ocr()
    if entry is not None:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        # OCR text is not redacted yet: readable by the indexer's account only.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, entry)
    return text, False


def read_pgm(image: bytes, limits: Limits) -> str:
    """Tesseract's text of a PGM image (a page PDFium rendered)."""
    return _tesseract("stdin", image, limits)


def pgm(gray: bytes, width: int, height: int, stride: int) -> bytes:
    """A binary PGM image from 8-bit grey rows that may be padded to *stride* bytes."""
    rows = gray if stride == width else b"".join(
        gray[y * stride:y * stride + width] for y in range(height))
    return b"P5\n%d %d\n255\n" % (width, height) + rows


def prune(cache: Path, keep: set[str]) -> int:
    """Delete the cached text of files no longer indexed (erasure reaches the cache too)."""
    removed = 0
    for entry in cache.glob("*") if cache.is_dir() else ():
        if entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed


def _tesseract(source: str, stdin: bytes | None, limits: Limits) -> str:
    exe, langs = require_engine()
    try:
        run = subprocess.run([exe, source, "stdout", "-l", langs, "--psm", "3"], input=stdin,
                             capture_output=True, timeout=limits.timeout_seconds, env=_ENV,
                             check=False)
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError(TIMED_OUT, f"OCR over {limits.timeout_seconds:g} s") from exc
    if run.returncode != 0:
        detail = run.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["failed"]
        raise ExtractionError(CORRUPT, f"OCR: {detail[0]}")
    return run.stdout.decode("utf-8", "replace")
