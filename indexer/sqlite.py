"""The project's SQLite habits, shared by the self-service database and the login back-off:
one connection per file, opened on first use and shared by threads under a lock, and
immediate transactions (one writer at a time, across processes)."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator


class Connection:
    """One SQLite connection, opened by *opener* on first use; safe to share between
    threads (each use holds the lock). ``close`` lets a later use open it again."""

    def __init__(self, opener: Callable[[], sqlite3.Connection]) -> None:
        self._opener = opener
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    @contextlib.contextmanager
    def use(self, open_it: bool = True) -> Iterator[sqlite3.Connection | None]:
        """The connection, under the lock: opened first when *open_it*, else None while
        it is not open yet."""
        with self._lock:
            if self._conn is None and open_it:
                self._conn = self._opener()
            yield self._conn

    def close(self) -> None:
        """Close the connection (a later use opens it again)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


@contextlib.contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """An immediate transaction: committed when the block ends, rolled back on an error."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
