"""Writing a generation's postings, positions and surface vocabulary (the formats are
described in ``indexer.store.postings``, ``positions`` and ``surface``), once, at publish."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.fields import ID, KEYWORD, TEXT

from indexer.store import positions, surface
from indexer.store.codec import Documents
from indexer.store.postings import FORMAT, INDEXES, MANIFEST


def export(gen: Path, names: tuple[str, ...] = INDEXES) -> None:
    """Write the postings of *gen*'s indexes *names* (``seal`` says when all are there)."""
    for name in names:
        export_index(gen, name)


def seal(gen: Path) -> None:
    """Record that *gen*'s postings are complete (readers use them only then)."""
    (gen / "postings" / MANIFEST).write_text(json.dumps({"format": FORMAT}), encoding="utf-8")


def export_index(gen: Path, name: str) -> None:
    """Write the postings of *gen*'s index *name* ("docs" or "people"), replacing any."""
    out = gen / "postings" / name
    shutil.rmtree(out, ignore_errors=True)
    with whoosh_index.open_dir(str(gen / name)).searcher() as s:
        lexicons = _export_index(s, out, with_positions=name == "docs")
        if name == "docs":
            surface.export(Documents(s).texts(), out / "surface", lexicons)


def _export_index(s: Any, folder: Path, with_positions: bool) -> dict[str, list[str]]:
    """Write one index's postings into *folder*; returns each field's terms."""
    folder.mkdir(parents=True)
    lexicons: dict[str, list[str]] = {}
    reader, count = s.reader(), s.doc_count_all()
    meta: dict[str, Any] = {"doc_count_all": count, "fields": {}}
    for field, ftype in s.schema.items():
        if not isinstance(ftype, TEXT | ID | KEYWORD):
            continue
        terms: list[str] = []
        offsets, idf, cf = [0], [], []
        docs: list[int] = []
        weights: list[float] = []
        # The docs index's text fields keep their positions too (``positions``).
        spans = positions.PositionsWriter(folder, field, ftype.format) \
            if with_positions and ftype.format.supports("positions") else None
        # One pass over the term dictionary: each term's statistics come with it.
        for text, info in reader.iter_field(field):
            values: list[bytes] | None = [] if spans else None
            _read(reader.postings(field, text), docs, weights, values)
            if spans and values is not None:
                spans.add(values)
            terms.append(text.decode("utf-8"))
            offsets.append(len(docs))
            idf.append(math.log(count / (info.doc_frequency() + 1)) + 1)
            cf.append(info.weight())  # deleted documents too, as Whoosh
        # Frequencies and Whoosh's field lengths are whole numbers: float32 holds them
        # exactly, and scoring widens them to float64 as Whoosh computes.
        arrays: dict[str, Any] = {
            "offsets": np.array(offsets, np.int64), "docs": _narrow(docs, np.int32),
            "weights": _narrow(weights, np.float32), "idf": np.array(idf, np.float64),
            "cf": np.array(cf, np.float64)}
        scored = bool(ftype.scorable)
        if scored:
            arrays["lengths"] = np.array([s.doc_field_length(d, field, 1) for d in range(count)],
                                         np.float32)
        if spans:
            spans.close()
        lexicons[field] = terms
        (folder / f"{field}.terms").write_text("\n".join(terms), encoding="utf-8")
        for name, array in arrays.items():
            np.save(folder / f"{field}.{name}.npy", array)
        meta["fields"][field] = {"scored": scored, "avgfl": s.avg_field_length(field) or 1}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return lexicons


def _read(m: Any, docs: list[int], weights: list[float], values: list[bytes] | None) -> None:
    """Append the postings of matcher *m* (and their encoded *values*, when a list):
    a block at a time from a plain segment's matcher (one segment without deletions,
    what a batch leaves), else one by one."""
    if isinstance(m, W3LeafMatcher):
        while m.is_active():
            m._read_ids()  # the block's arrays; a posting at a time costs 20 times more
            m._read_weights()
            docs.extend(m._ids)
            weights.extend(m._weights)
            if values is not None:
                m._read_values()
                values.extend(m._values)
            m._next_block()
        return
    while m.is_active():
        docs.append(m.id())
        weights.append(m.weight())
        if values is not None:
            values.append(m.value())
        m.next()


def _narrow(values: list[int] | list[float], wide: Any) -> Any:
    """*values* as uint16 when they all are whole numbers below 65,536 (the document
    numbers of an index of fewer documents, nearly every term frequency), else as
    *wide*: exact either way, and the postings a question reads are half the pages
    (read as they are: scoring widens them to float64)."""
    found = np.array(values, wide)
    if found.size and (found.min() < 0 or found.max() >= 2**16
                       or not np.array_equal(found, np.floor(found))):
        return found
    return found.astype(np.uint16)
