"""The only place that opens, locks, writes and swaps the index (Whoosh lives here).

- ``IndexStore.batch()`` takes the lock, prepares a new generation, hands out a
  ``Batch`` to put and delete records, and publishes the generation atomically
  on success (nothing is published on an exception);
- ``IndexStore.reader()`` gives searchers over the current generation and
  notices when a batch published a new one.
"""

from __future__ import annotations

from indexer.store.generations import IndexLocked, IndexMissing
from indexer.store.records import DocumentRecord, PersonRecord
from indexer.store.search import Busy, DocHit, IndexReader, PersonHit
from indexer.store.writing import Batch, IndexStore

__all__ = [
    "Batch",
    "Busy",
    "DocHit",
    "DocumentRecord",
    "IndexLocked",
    "IndexMissing",
    "IndexReader",
    "IndexStore",
    "PersonHit",
    "PersonRecord",
]
