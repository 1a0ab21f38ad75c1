"""The only place that opens, locks, writes, swaps and searches the index (Whoosh lives here).

- ``IndexStore.batch()`` takes the lock, prepares a new generation, hands out a
  ``Batch`` to put and delete records, and publishes the generation atomically
  on success (nothing is published on an exception);
- ``IndexReader`` (a ``SearchStore``) lends ``Searcher`` snapshots (a ``Snapshot``)
  of the current generation and notices when a batch published a new one;
- what goes in and comes out are the typed, frozen values of ``records``: no caller
  sees a Whoosh field name or a stored string (``codec`` decodes them).
"""

from __future__ import annotations

from indexer.store.generations import IndexLocked, IndexMissing
from indexer.store.protocol import Busy, SearchStore, Snapshot
from indexer.store.records import (
    ASSOCIATIONS,
    KINDS,
    VALIDITIES,
    Association,
    DocHit,
    DocumentRecord,
    FeedbackTerm,
    Kind,
    PersonHit,
    PersonRecord,
    StoredDocument,
    StoredPerson,
    Validity,
)
from indexer.store.roster import Roster
from indexer.store.search import IndexReader
from indexer.store.writing import Batch, IndexStore

__all__ = [
    "ASSOCIATIONS",
    "KINDS",
    "VALIDITIES",
    "Association",
    "Batch",
    "Busy",
    "DocHit",
    "DocumentRecord",
    "FeedbackTerm",
    "IndexLocked",
    "IndexMissing",
    "IndexReader",
    "IndexStore",
    "Kind",
    "PersonHit",
    "PersonRecord",
    "Roster",
    "SearchStore",
    "Snapshot",
    "StoredDocument",
    "StoredPerson",
    "Validity",
]
