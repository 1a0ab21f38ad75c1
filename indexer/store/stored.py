"""The docs index's stored fields as one flat file per generation.

A question reads the stored fields of its 400 best documents: a vote needs each one's
people, kind and dates (``finder.evidence``). Whoosh keeps them as a zlib-compressed
pickle per document behind a file read, and filters the keys against the schema on
every read: 17 µs a document, decoded, at 100,000 documents (issue 16). At publish,
next to the postings, every document's stored fields (its text stays in its column)
are written once, uncompressed:

- ``stored.bin``: the fields of each document, a pickle after another;
- ``stored.offsets.npy``: document *n*'s are ``stored.bin[o[n]:o[n+1]]`` (empty for a
  deleted one).

``StoredFields.fields(n)`` is then one ``pread`` and ``pickle.loads``: 7.5-9 µs a
document with ``codec.decode_document``, the same mapping Whoosh gives. Read, not mapped: the
questions of a day touch nearly every document, and mapped pages would count in every
server process's memory; read ones stay in the kernel's page cache.
"""

from __future__ import annotations

import os
import pickle
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

BLOB, OFFSETS = "stored.bin", "stored.offsets.npy"


def export(reader: Any, folder: Path) -> None:
    """Write the stored fields of *reader*'s documents (a Whoosh reader) into *folder*."""
    offsets = np.zeros(reader.doc_count_all() + 1, np.int64)
    with (folder / BLOB).open("wb") as out:
        for number, fields in reader.iter_docs():  # live documents, in number order
            data = pickle.dumps(fields, pickle.HIGHEST_PROTOCOL)
            out.write(data)
            offsets[number + 1] = len(data)
    np.save(folder / OFFSETS, np.cumsum(offsets))


def load(folder: Path) -> StoredFields | None:
    """The exported stored fields in *folder*, or None (a generation exported before
    them: Whoosh reads them)."""
    return StoredFields(folder) if (folder / OFFSETS).exists() else None


class StoredFields:
    """One generation's exported stored fields, shared by its searchers (and threads:
    ``pread`` keeps no file position)."""

    def __init__(self, folder: Path) -> None:
        # As a list (36 bytes a document): a lookup without numpy's cost per item.
        self._offsets: list[int] = np.load(folder / OFFSETS).tolist()
        self._fd = os.open(folder / BLOB, os.O_RDONLY)
        weakref.finalize(self, os.close, self._fd)  # with the generation's last searcher

    def fields(self, number: int) -> Mapping[str, Any] | None:
        """Document *number*'s stored fields, as Whoosh's ``stored_fields`` gives them;
        None for a number the file does not hold (a deleted document)."""
        if not 0 <= number < len(self._offsets) - 1:
            return None
        lo, hi = self._offsets[number], self._offsets[number + 1]
        return pickle.loads(os.pread(self._fd, hi - lo, lo)) if hi > lo else None
