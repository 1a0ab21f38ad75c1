"""Language data analysed once, ahead of time: the thesaurus's ESCO layer and the bridge.

Analysing ESCO's 3,000 occupation texts with the index's analyzers took seconds at every
start (issue 16); ``scripts/build_language_cache.py`` does it once and writes the result
beside the data, as gzip'd JSON (plain values only: nothing in it runs code when read).

- ``fingerprint(files)``: SHA-256 of every file the result is computed from, code and
  data, plus the Whoosh and Unicode versions (the stemmers and the fold); a file written
  with another fingerprint is stale
- ``read(path, sources)``: the stored value, or None when the file is missing, unreadable
  or stale; the caller then computes it the slow way, which gives the same result
- ``write(path, sources, value)``: the same bytes for the same value (no time stamp)
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import logging
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FORMAT = 1  # bumped when the layout of the files changes
LANGUAGE_DIR = Path(__file__).resolve().parent  # indexer/language
STORE_DIR = LANGUAGE_DIR.parent / "store"  # indexer/store: the analyzers
BUILD_SCRIPT = "scripts/build_language_cache.py"


def fingerprint(files: Iterable[Path]) -> str:
    """A key that changes when any of *files*, Whoosh or the Unicode tables change."""
    digest = hashlib.sha256(f"{FORMAT} {unicodedata.unidata_version}".encode())
    for path in [*files, _whoosh_init()]:
        stat = path.stat()
        digest.update(f"\0{path.name}\0{_digest(path, stat.st_mtime_ns, stat.st_size)}".encode())
    return digest.hexdigest()


@cache
def _digest(path: Path, _mtime_ns: int, _size: int) -> str:
    """One file's SHA-256, once per version of it (the bridge and thesaurus share files)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def code(*language_modules: str, store_modules: Iterable[str] = ()) -> list[Path]:
    """The source files of modules of ``indexer.language`` and ``indexer.store``."""
    return [*(LANGUAGE_DIR / f"{m}.py" for m in language_modules),
            *(STORE_DIR / f"{m}.py" for m in store_modules)]


def _whoosh_init() -> Path:
    """Whoosh's ``__init__.py``, which holds its version: found without importing it here
    (only the store imports Whoosh) and without the slower package metadata."""
    spec = importlib.util.find_spec("whoosh")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("whoosh")
    return Path(spec.origin)


def read(path: Path, sources: Iterable[Path]) -> Any | None:
    """The value stored at *path* from *sources*; None (and why, in the log) when it can't be
    used."""
    try:
        stored = json.loads(gzip.decompress(path.read_bytes()))
    except FileNotFoundError:
        log.info("%s is missing: analysing the language data (run %s)", path.name, BUILD_SCRIPT)
        return None
    except (OSError, EOFError, ValueError) as exc:
        log.warning("%s is unreadable (%s): analysing the language data (run %s)",
                    path.name, exc, BUILD_SCRIPT)
        return None
    try:
        key = fingerprint(sources)
    except OSError as exc:  # a source file missing: nothing to check the file against
        log.warning("cannot check %s (%s): analysing the language data", path.name, exc)
        return None
    if not isinstance(stored, dict) or stored.get("key") != key:
        log.warning("%s is stale (its data, code or Whoosh changed): analysing the language "
                    "data; run %s", path.name, BUILD_SCRIPT)
        return None
    return stored.get("value")


def write(path: Path, sources: Iterable[Path], value: Any) -> None:
    """Store *value* computed from *sources* at *path*, the same bytes for the same value."""
    text = json.dumps({"key": fingerprint(sources), "value": value}, ensure_ascii=False,
                      separators=(",", ":"))
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
