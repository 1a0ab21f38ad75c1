"""What colleagues say about themselves: their "Vraag me over" topics and hidden documents.

Kept in SQLite next to the index (``INDEX/selfservice.sqlite3``), outside every
generation, so it survives batches and restarts. WAL mode lets the app read while the
indexer erases; ``secure_delete`` and a truncating checkpoint after an erasure leave
no byte of a removed colleague's additions in the file or its journal. The schema is
an ordered list of migrations; ``schema_version`` records how many have run.

The indexer's ``remove`` and opt-out paths call ``erase`` / ``keep_only`` (no finder
import here); the finder reads ``Claims`` and writes through ``set_topics`` and
``set_hidden``.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from indexer.sqlite import Connection, transaction

logger = logging.getLogger(__name__)

FILENAME = "selfservice.sqlite3"
MAX_TOPICS = 20
MAX_TOPIC_CHARS = 80
MAX_HIDDEN = 500  # more than anyone has documents; bounds the filter a search carries

# Ordered: each runs once, in a transaction, and bumps schema_version by one.
MIGRATIONS: tuple[str, ...] = (
    """CREATE TABLE topics (person_id TEXT NOT NULL, position INTEGER NOT NULL,
                            topic TEXT NOT NULL, PRIMARY KEY (person_id, position));
       CREATE TABLE hidden (person_id TEXT NOT NULL, document TEXT NOT NULL,
                            PRIMARY KEY (person_id, document));
       CREATE TABLE revision (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
       INSERT INTO revision VALUES (1, 0);""",
    """CREATE TABLE updated (person_id TEXT PRIMARY KEY, day TEXT NOT NULL);""",
)


class ClaimError(ValueError):
    """What a colleague sent cannot be kept; str() is a sentence for them (Dutch)."""


@dataclass(frozen=True)
class Claims:
    """Everyone's additions at one revision; ``revision`` changes with every write."""

    revision: int = -1
    topics: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    hidden_by_person: Mapping[str, frozenset[str]] = field(
        default_factory=lambda: MappingProxyType({}))
    updated: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def hidden(self) -> frozenset[str]:
        """Every hidden document, of anyone."""
        return frozenset().union(*self.hidden_by_person.values())


def clean_topics(topics: Iterable[object]) -> tuple[str, ...]:
    """Trimmed, de-duplicated topics within the bounds; ClaimError with a sentence if not."""
    out: list[str] = []
    seen: set[str] = set()
    for topic in topics:
        if not isinstance(topic, str):
            raise ClaimError("Een onderwerp is tekst, zoals 'wondzorg'.")
        text = " ".join(topic.split())
        if not text:
            continue
        if len(text) > MAX_TOPIC_CHARS or not text.isprintable():
            raise ClaimError(f"Een onderwerp is hoogstens {MAX_TOPIC_CHARS} gewone tekens "
                             "lang.")
        if text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    if len(out) > MAX_TOPICS:
        raise ClaimError(f"Geef hoogstens {MAX_TOPICS} onderwerpen op.")
    return tuple(out)


class SelfService:
    """The self-service database of one index directory; safe to share between threads."""

    def __init__(self, index_dir: Path) -> None:
        self.path = Path(index_dir) / FILENAME
        self._conn = Connection(lambda: _open(self.path))
        self._cached = Claims()

    def close(self) -> None:
        """Close the connection (a later call opens it again)."""
        self._conn.close()

    def _db(self, create: bool) -> contextlib.AbstractContextManager[sqlite3.Connection | None]:
        """The database; None when it does not exist and *create* is false."""
        return self._conn.use(open_it=create or self.path.exists())

    def claims(self) -> Claims:
        """The current additions: one tiny query when nothing changed since the last call."""
        with self._db(create=False) as db:
            if db is None:
                return Claims()
            revision = int(db.execute("SELECT n FROM revision").fetchone()[0])
            if revision == self._cached.revision:
                return self._cached
            topics: dict[str, list[str]] = {}
            for pid, topic in db.execute("SELECT person_id, topic FROM topics "
                                         "ORDER BY person_id, position"):
                topics.setdefault(pid, []).append(topic)
            hidden: dict[str, set[str]] = {}
            for pid, doc in db.execute("SELECT person_id, document FROM hidden"):
                hidden.setdefault(pid, set()).add(doc)
            updated = dict(db.execute("SELECT person_id, day FROM updated").fetchall())
            self._cached = Claims(
                revision, MappingProxyType({p: tuple(t) for p, t in topics.items()}),
                MappingProxyType({p: frozenset(d) for p, d in hidden.items()}),
                MappingProxyType(updated))
            return self._cached

    def set_topics(self, person_id: str, topics: Iterable[object], day: str) -> tuple[str, ...]:
        """Replace *person_id*'s topics; returns them as kept."""
        kept = clean_topics(topics)
        with self._db(create=True) as db:
            assert db is not None
            with transaction(db):
                db.execute("DELETE FROM topics WHERE person_id = ?", (person_id,))
                db.executemany("INSERT INTO topics VALUES (?, ?, ?)",
                               [(person_id, i, t) for i, t in enumerate(kept)])
                _touch(db, person_id, day)
        return kept

    def set_hidden(self, person_id: str, document: str, hidden: bool, day: str) -> None:
        """Hide *document* for *person_id*, or show it again."""
        with self._db(create=True) as db:
            assert db is not None
            with transaction(db):
                if hidden:
                    count = db.execute("SELECT count(*) FROM hidden WHERE person_id = ?",
                                       (person_id,)).fetchone()[0]
                    if count >= MAX_HIDDEN:
                        raise ClaimError(f"U kunt hoogstens {MAX_HIDDEN} documenten "
                                         "verbergen.")
                    db.execute("INSERT OR IGNORE INTO hidden VALUES (?, ?)",
                               (person_id, document))
                else:
                    db.execute("DELETE FROM hidden WHERE person_id = ? AND document = ?",
                               (person_id, document))
                _touch(db, person_id, day)

    def erase(self, person_id: str) -> bool:
        """Forget everything *person_id* added; whether there was anything."""
        return self.keep_only(None, drop=(person_id,))

    def keep_only(self, keep: Iterable[str] | None, drop: Iterable[str] = ()) -> bool:
        """Forget the additions of everyone not in *keep* (None: keep all) and of *drop*."""
        with self._db(create=False) as db:
            if db is None:
                return False
            known = {r[0] for r in db.execute(
                "SELECT person_id FROM topics UNION SELECT person_id FROM hidden "
                "UNION SELECT person_id FROM updated")}
            kept = known if keep is None else known & set(keep)
            gone = sorted((known - kept) | (known & set(drop)))
            if not gone:
                return False
            with transaction(db):
                for table in ("topics", "hidden", "updated"):
                    db.executemany(f"DELETE FROM {table} WHERE person_id = ?",  # noqa: S608
                                   [(p,) for p in gone])
                db.execute("UPDATE revision SET n = n + 1")
            # secure_delete zeroed the rows; the checkpoint empties the journal too.
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.execute("VACUUM")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            logger.info("self-service: erased the additions of %d colleague(s)", len(gone))
            return True


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA secure_delete = ON")
    db.execute("PRAGMA synchronous = NORMAL")
    _migrate(db)
    return db


def _migrate(db: sqlite3.Connection) -> None:
    with transaction(db):
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = db.execute("SELECT version FROM schema_version").fetchone()
        version = int(row[0]) if row else 0
        if row is None:
            db.execute("INSERT INTO schema_version VALUES (0)")
        if version > len(MIGRATIONS):
            raise RuntimeError(f"{FILENAME} was written by a newer version (schema "
                               f"{version}); upgrade the finder")
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            for statement in (s.strip() for s in script.split(";")):
                if statement:
                    db.execute(statement)
            db.execute("UPDATE schema_version SET version = ?", (number,))
            logger.info("self-service database migrated to schema %d", number)


def _touch(db: sqlite3.Connection, person_id: str, day: str) -> None:
    db.execute("INSERT INTO updated VALUES (?, ?) ON CONFLICT (person_id) DO UPDATE "
               "SET day = excluded.day", (person_id, day))
    db.execute("UPDATE revision SET n = n + 1")
