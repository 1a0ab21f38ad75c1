"""One published generation open for reading: its two Whoosh searchers, and what all its
searchers share (``Shared``: the postings and the roster)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq

from indexer.store import postings
from indexer.store.codec import Documents, decode_person
from indexer.store.records import StoredPerson
from indexer.store.roster import Roster
from indexer.store.schema import columnar


class Shared:
    """What every searcher of one generation shares, loaded once: its postings (None:
    an older generation, Whoosh scores it) and, on first use, its roster."""

    def __init__(self, gen: Path) -> None:
        self.fast = postings.load(gen)
        self.roster: Roster | None = None
        self.owner_numbers: Any = None  # the docs' "persons" terms as roster numbers


class OpenGeneration:
    """Searchers over one generation; closed when the last user lets go."""

    def __init__(self, gen: Path, shared: Shared) -> None:
        self.gen = gen
        self.docs = whoosh_index.open_dir(str(gen / "docs")).searcher()
        self.people = whoosh_index.open_dir(str(gen / "people")).searcher()
        self.documents = Documents(self.docs, shared.fast["docs"].stored if shared.fast else None)
        self.shared = shared
        self.fast = shared.fast
        self._leads: Any = None  # the people index's feedback lead column

    def roster(self) -> Roster:
        """Everyone in the generation, numbered as the people index's documents (built by
        the first searcher that asks; two building it at once get equal rosters)."""
        if self.shared.roster is None:
            people: list[StoredPerson | None] = [None] * self.people.doc_count_all()
            for number, fields in self.people.reader().iter_docs():
                people[number] = decode_person(fields)
            self.shared.roster = Roster.of(people)
        return self.shared.roster

    def lead(self, person_id: str) -> Mapping[str, Mapping[str, float]] | None:
        """A colleague's stored feedback lead (``indexer.store.feedback``); None when
        absent or in a generation written before leads were stored."""
        if not columnar(self.people.schema, "lead"):
            return None
        number = self.people.document_number(person_id=person_id)
        if number is None:
            return None
        if self._leads is None:
            self._leads = self.people.reader().column_reader("lead")
        found = self._leads[number]
        return found if isinstance(found, Mapping) else None

    def search(self, index: str, q: wq.Query, limit: int,
               filter: wq.Query | None = None) -> tuple[list[tuple[int, float]], int]:
        """(document number, score) of the best *limit* matches of *q*, and how many."""
        s = self.docs if index == "docs" else self.people
        if self.fast is not None:
            return self.fast[index].search(q, s, limit, filter)
        results = s.search(q, limit=limit, filter=filter)
        return [(h.docnum, h.score) for h in results], len(results)

    def close(self) -> None:
        self.docs.close()
        self.people.close()
