"""The per-address back-off after failed logins (basic auth and the admin token share one).

Kept in SQLite (``INDEX/logins.sqlite3`` when served), so every server process of
``serve`` (``EXPERTISE_WORKERS``) counts the same failures: a guesser gains nothing by
landing on another process. A row holds an address and the times of its recent
failures, and goes once the address has not failed for *forget* seconds.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from indexer.sqlite import Connection, transaction

logger = logging.getLogger(__name__)

FILENAME = "logins.sqlite3"
_SCHEMA = """CREATE TABLE IF NOT EXISTS strikes (
    key TEXT PRIMARY KEY,
    failures TEXT NOT NULL,  -- JSON list of the failure times within the window
    blocks INTEGER NOT NULL,  -- blocks so far in this streak
    until REAL NOT NULL,  -- blocked until (clock time)
    last REAL NOT NULL  -- the last failure
);
CREATE INDEX IF NOT EXISTS strikes_last ON strikes (last);"""


class Backoff:
    """Per-address back-off: after *limit* failures within *window* seconds, wait.

    The first wait is *first* seconds; every further failure in the same streak waits
    twice as long as the one before, up to *cap*. A success, or *forget* seconds
    without a failure, ends the streak. At most *max_addresses* are remembered (the
    least recently failed are dropped first), so a flood of addresses costs bounded
    memory and disk. *path* None keeps it in this process's memory. Thread- and
    process-safe: each change is one immediate SQLite transaction.
    """

    def __init__(self, path: Path | None = None, *, limit: int = 5, window: float = 60.0,
                 first: float = 15.0, cap: float = 300.0, forget: float = 900.0,
                 max_addresses: int = 10_000, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.limit, self.window, self.first, self.cap = limit, window, first, cap
        self.forget, self.max_addresses, self.clock = forget, max_addresses, clock
        self._conn = Connection(self._open)

    def __len__(self) -> int:
        with self._transaction() as db:
            return int(db.execute("SELECT COUNT(*) FROM strikes").fetchone()[0])

    def retry_after(self, key: str) -> int:
        """Seconds *key* must still wait (0: it may try now)."""
        with self._transaction() as db:
            row = db.execute("SELECT until, last FROM strikes WHERE key = ?",
                             (key,)).fetchone()
        now = self.clock()
        wait = row[0] - now if row and row[1] <= now else 0.0
        return math.ceil(wait) if wait > 0 else 0

    def failed(self, key: str) -> int:
        """Count a failure; the seconds of the wait it starts (0: none yet)."""
        now = self.clock()
        with self._transaction() as db:
            row = db.execute("SELECT failures, blocks, until, last FROM strikes WHERE key = ?",
                             (key,)).fetchone()
            # Forgotten after *forget* seconds, or when the clock went back (a restart
            # onto another clock): a new streak.
            fresh = row is None or not 0 <= now - row[3] <= self.forget
            failures, blocks, until = ([], 0, 0.0) if fresh else (
                json.loads(row[0]), int(row[1]), float(row[2]))
            failures = [t for t in failures if now - t < self.window] + [now]
            # A streak that was blocked once is blocked again on its next failure.
            delay = 0.0
            if len(failures) >= (1 if blocks else self.limit):
                delay = min(self.cap, self.first * 2.0 ** min(blocks, 30))
                blocks, failures, until = blocks + 1, [], now + delay
            db.execute("INSERT OR REPLACE INTO strikes VALUES (?, ?, ?, ?, ?)",
                       (key, json.dumps(failures), blocks, until, now))
            db.execute("DELETE FROM strikes WHERE last < ?", (now - self.forget,))
            extra = int(db.execute("SELECT COUNT(*) FROM strikes").fetchone()[0]) \
                - self.max_addresses
            if extra > 0:
                db.execute("DELETE FROM strikes WHERE key IN (SELECT key FROM strikes "
                           "ORDER BY last LIMIT ?)", (extra,))
        if delay:
            logger.warning("login back-off: %s failed too often, waits %d s", key, delay)
        return math.ceil(delay)

    def succeeded(self, key: str) -> None:
        """A correct login ends the streak."""
        with self._transaction() as db:
            db.execute("DELETE FROM strikes WHERE key = ?", (key,))

    def close(self) -> None:
        """Close the database (a later call opens it again)."""
        self._conn.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._conn.use() as db:
            assert db is not None  # use() opens it
            with transaction(db):  # one writer at a time, across processes
                yield db

    def _open(self) -> sqlite3.Connection:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(":memory:" if self.path is None else self.path, timeout=10,
                             isolation_level=None, check_same_thread=False)
        # A forgotten address leaves no bytes: deleted rows are zeroed in place, and the
        # rollback journal (no write-ahead log, which would keep old pages) is gone
        # after each change. Failed logins are rare; speed does not matter here.
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA secure_delete = ON")
        db.executescript(_SCHEMA)
        return db
