"""Term positions of the docs index's text fields as arrays, and "near" matching over them.

Who is listed depends on strict matching (``compile_text(strict=True)``): a compound's
parts near each other, a multi-word translation as one passage, both Whoosh
``SpanNear2`` queries. Whoosh checks those in pure Python, a document at a time, and
at 100,000 documents that was most of a question's strict search (issue 16). So the
export writes, for every posting of a positional field,

- ``<field>.positions.i32``: the positions, posting after posting (raw int32);
- ``<field>.posoffsets.npy``: posting *k*'s positions are ``positions[o[k]:o[k+1]]``,

and ``near`` answers an unordered ``SpanNear2`` (``mindist`` 0) exactly as Whoosh's
``SpanNear2Matcher._get_spans`` does, for the documents that hold all of its terms.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np


class PositionsWriter:
    """Writes one field's positions, term after term, as the export reads its postings."""

    def __init__(self, folder: Path, field: str, fmt: Any) -> None:
        self._folder, self._field = folder, field
        # Decoded by the encoded bytes: most postings hold one position, and the same few
        # thousand numbers recur across documents (decoding was about a fifth of the documents'
        # export at 100k; 51.3 -> 47.7 s with the cache).
        self._decode = lru_cache(maxsize=1 << 16)(fmt.decode_positions)
        self._out = (folder / f"{field}.positions.i32").open("wb")
        self._offsets = [0]

    def add(self, values: list[bytes]) -> None:
        """The encoded values of one term's postings, in posting order."""
        flat: list[int] = []
        end = self._offsets[-1]
        for value in values:
            found = self._decode(value)
            flat += found
            end += len(found)
            self._offsets.append(end)
        np.array(flat, np.int32).tofile(self._out)

    def close(self) -> None:
        """Finish the field's files."""
        self._out.close()
        dtype = np.int32 if self._offsets[-1] < 2**31 else np.int64
        np.save(self._folder / f"{self._field}.posoffsets.npy", np.array(self._offsets, dtype))


def load(folder: Path, field: str) -> tuple[Any, Any] | None:
    """A field's (positions, posting offsets), memory-mapped; None when not exported."""
    raw, offsets = folder / f"{field}.positions.i32", folder / f"{field}.posoffsets.npy"
    if not (raw.exists() and offsets.exists()):
        return None
    positions = np.asarray(np.memmap(raw, np.int32, mode="r")) if raw.stat().st_size else \
        np.zeros(0, np.int32)
    return positions, np.asarray(np.load(offsets, mmap_mode="r"))


def near(spans_per_term: list[list[int]], slop: int) -> bool:
    """Whether the terms occur within *slop* of each other, in any order (Whoosh's
    ``SpanNear2(ordered=False, mindist=0)``): each next term must lie within *slop* of
    a span the terms before it made, which then grows to hold it."""
    spans = [(p, p) for p in spans_per_term[0]]
    for positions in spans_per_term[1:]:
        if not spans:
            return False
        grown: set[tuple[int, int]] = set()
        for start, end in spans:
            for p in positions:  # sorted: Whoosh's bisect and break, the same pairs
                if p < start - slop:
                    continue
                if p > end + slop:
                    break
                grown.add((min(start, p), max(end, p)))
        spans = sorted(grown)
    return bool(spans)


def near_documents(candidates: Any, postings: list[Any], starts: list[int],
                   spans: tuple[Any, Any], slop: int) -> Any:
    """Which *candidates* (document numbers holding every term) have the terms near
    each other. For each term, *postings* are its posting list's documents from
    its first posting on (sorted; a candidate is found by bisection) and *starts*
    that first posting's number; *spans* is the field's ``load``."""
    pos, offsets = spans
    ranges = []
    for docs, first in zip(postings, starts, strict=True):
        k = first + np.searchsorted(docs, candidates)
        ranges.append((offsets[k].tolist(), offsets[k + 1].tolist()))
    return np.array([near([pos[a[j]:b[j]].tolist() for a, b in ranges], slop)
                     for j in range(len(candidates))], bool)
