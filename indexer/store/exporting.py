"""Writing a generation's postings, positions, surface vocabulary and the documents'
stored fields (the formats are described in ``indexer.store.postings``, ``positions``,
``surface`` and ``stored``), once, at publish."""

from __future__ import annotations

import json
import math
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.fields import ID, KEYWORD, TEXT
from whoosh.matching.wrappers import MultiMatcher
from whoosh.reading import SegmentReader

from indexer.store import positions, stored, surface
from indexer.store.codec import Documents
from indexer.store.postings import FORMAT, MANIFEST


def seal(gen: Path) -> None:
    """Record that *gen*'s postings are complete (readers use them only then)."""
    (gen / "postings" / MANIFEST).write_text(json.dumps({"format": FORMAT}), encoding="utf-8")


def export_index(gen: Path, name: str, read: dict[str, Part] | None = None) -> None:
    """Write the postings of *gen*'s index *name* ("docs" or "people"), replacing any.
    *read*: segments of the people index another process has read (``read_segment``),
    by segment id."""
    out = gen / "postings" / name
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    ix = whoosh_index.open_dir(str(gen / name))
    if name == "docs":  # positions too, streamed to their files: read as one index
        with ix.searcher() as s:
            part = _read_index(s.reader(), s.schema, out)
            _write(part, out)
            surface.export(Documents(s).texts(), out / "surface",
                           {field: f.terms for field, f in part.fields.items()})
            stored.export(s.reader(), out)
        return
    # Segment by segment: those written in another process were read there (issue 16).
    known = read or {}
    parts = [known.get(segment.segment_id()) or read_segment(ix, segment)
             for segment in ix._segments()]
    if not parts:  # nobody indexed yet
        with ix.reader() as reader:
            parts = [_read_index(reader, ix.schema, None)]
    _write(_merge(parts), out)


@dataclass
class Field:
    """One field's postings in an index or a segment (document numbers its own)."""

    terms: list[str]
    offsets: Any  # int64: a term's postings are offsets[i]:offsets[i + 1]
    docs: Any  # int64
    weights: Any  # float64
    df: Any  # int64 per term: documents holding it, deleted ones too (as Whoosh)
    cf: Any  # float64 per term: its frequency in all of them
    lengths: Any  # float32 per document for a scored field (Whoosh's length byte), or None
    total: int  # the field's length in all documents (Whoosh's ``field_length``)


@dataclass
class Part:
    """An index or one of its segments, read."""

    count: int  # documents, deleted ones too
    fields: dict[str, Field]


def read_segment(ix: Any, segment: Any) -> Part:
    """One segment of *ix* read (without positions)."""
    reader = SegmentReader(ix.storage, ix.schema, segment)
    try:
        return _read_index(reader, ix.schema, None)
    finally:
        reader.close()


def _read_index(reader: Any, schema: Any, spans: Path | None) -> Part:
    """Every indexed field's postings; with *spans*, a folder, the positions of those
    that keep them are written there (``positions``)."""
    count = reader.doc_count_all()
    fields = {}
    for field, ftype in schema.items():
        if not isinstance(ftype, TEXT | ID | KEYWORD):
            continue
        terms: list[str] = []
        offsets, df, cf = [0], [], []
        docs: list[int] = []
        weights: list[float] = []
        writer = positions.PositionsWriter(spans, field, ftype.format) \
            if spans and ftype.format.supports("positions") else None
        # One pass over the term dictionary: each term's statistics come with it.
        for text, info in reader.iter_field(field):
            values: list[bytes] | None = [] if writer else None
            _read(_postings(reader, field, text, info), docs, weights, values)
            if writer and values is not None:
                writer.add(values)
            terms.append(text.decode("utf-8"))
            offsets.append(len(docs))
            df.append(info.doc_frequency())
            cf.append(info.weight())
        if writer:
            writer.close()
        lengths = np.array([reader.doc_field_length(d, field, 1) for d in range(count)],
                           np.float32) if ftype.scorable else None
        fields[field] = Field(terms, np.array(offsets, np.int64), np.array(docs, np.int64),
                              np.array(weights, np.float64), np.array(df, np.int64),
                              np.array(cf, np.float64), lengths, reader.field_length(field))
    return Part(count, fields)


def _merge(parts: list[Part]) -> Part:
    """Segments read one by one as the one index they make: a term's postings are each
    segment's in turn, numbered after the segments before it."""
    if len(parts) == 1:
        return parts[0]
    bases = np.cumsum([0] + [part.count for part in parts])
    fields = {}
    for field in parts[0].fields:
        ours = [part.fields[field] for part in parts]
        terms = sorted(set().union(*(f.terms for f in ours)))
        where = {term: i for i, term in enumerate(terms)}
        sizes, df, cf = (np.zeros(len(terms), np.int64), np.zeros(len(terms), np.int64),
                         np.zeros(len(terms), np.float64))
        slots = []
        for f in ours:  # each term's place among all, its postings counted
            slot = np.array([where[term] for term in f.terms], np.int64)
            slots.append(slot)
            np.add.at(sizes, slot, np.diff(f.offsets))
            np.add.at(df, slot, f.df)
            np.add.at(cf, slot, f.cf)
        offsets = np.concatenate([[0], np.cumsum(sizes)])
        filled = offsets[:-1].copy()  # where each term's next postings go
        docs = np.empty(offsets[-1], np.int64)
        weights = np.empty(offsets[-1], np.float64)
        for f, slot, base in zip(ours, slots, bases[:-1].tolist(), strict=True):
            counts = np.diff(f.offsets)
            at = np.repeat(filled[slot] - f.offsets[:-1], counts) + np.arange(len(f.docs))
            docs[at], weights[at] = f.docs + base, f.weights
            filled[slot] += counts
        lengths = None if ours[0].lengths is None else np.concatenate([f.lengths for f in ours])
        fields[field] = Field(terms, offsets, docs, weights, df, cf, lengths,
                              sum(f.total for f in ours))
    return Part(int(bases[-1]), fields)


def _write(part: Part, folder: Path) -> None:
    """The files ``postings.Postings`` reads, with the statistics Whoosh scores with."""
    meta: dict[str, Any] = {"doc_count_all": part.count, "fields": {}}
    for field, f in part.fields.items():
        idf = np.array([math.log(part.count / (n + 1)) + 1 for n in f.df.tolist()], np.float64)
        # Frequencies and Whoosh's field lengths are whole numbers: float32 holds them
        # exactly, and scoring widens them to float64 as Whoosh computes.
        arrays: dict[str, Any] = {
            "offsets": f.offsets, "docs": _narrow(f.docs, np.int32),
            "weights": _narrow(f.weights, np.float32), "idf": idf, "cf": f.cf}
        if f.lengths is not None:
            arrays["lengths"] = f.lengths
        (folder / f"{field}.terms").write_text("\n".join(f.terms), encoding="utf-8")
        for name, array in arrays.items():
            np.save(folder / f"{field}.{name}.npy", array)
        # Whoosh's ``Searcher.avg_field_length`` (None for a field not scored).
        avgfl = f.total / (part.count or 1) if f.lengths is not None else None
        meta["fields"][field] = {"scored": f.lengths is not None, "avgfl": avgfl or 1}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


def _postings(reader: Any, field: str, text: bytes, info: Any) -> Any:
    """``reader.postings(field, text)``, from the term's *info* when *reader* is one
    segment without deletions (a batch's): Whoosh would look the term up again."""
    if type(reader) is not SegmentReader or reader.has_deletions():
        return reader.postings(field, text)
    terms = reader._terms
    return terms._codec.postings_reader(terms._postfile, info, reader.schema[field].format,
                                        term=(field, text))


def _read(m: Any, docs: list[int], weights: list[float], values: list[bytes] | None,
          base: int = 0) -> None:
    """Append the postings of matcher *m* (and their encoded *values*, when a list), its
    document numbers + *base*: a block at a time from a plain segment's matcher (a
    segment without deletions, what a batch leaves), each segment in turn of an index of
    several (the documents after an incremental batch), else one by one."""
    if isinstance(m, MultiMatcher):
        for sub, offset in zip(m.matchers, m.offsets, strict=True):
            _read(sub, docs, weights, values, base + offset)
        return
    if isinstance(m, W3LeafMatcher):
        while m.is_active():
            m._read_ids()  # the block's arrays; a posting at a time costs 20 times more
            m._read_weights()
            docs.extend([number + base for number in m._ids] if base else m._ids)
            weights.extend(m._weights)
            if values is not None:
                m._read_values()
                values.extend(m._values)
            m._next_block()
        return
    while m.is_active():
        docs.append(m.id() + base)
        weights.append(m.weight())
        if values is not None:
            values.append(m.value())
        m.next()


def _narrow(values: Any, wide: Any) -> Any:
    """*values* as uint16 when they all are whole numbers below 65,536 (the document
    numbers of an index of fewer documents, nearly every term frequency), else as
    *wide*: exact either way, and the postings a question reads are half the pages
    (read as they are: scoring widens them to float64)."""
    found = np.asarray(values).astype(wide)
    if found.size and (found.min() < 0 or found.max() >= 2**16
                       or not np.array_equal(found, np.floor(found))):
        return found
    return found.astype(np.uint16)
