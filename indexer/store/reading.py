"""One published generation open for reading: its two Whoosh searchers and its postings."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq

from indexer.store import postings
from indexer.store.codec import Documents, decode_person
from indexer.store.records import StoredPerson
from indexer.store.schema import columnar


class OpenGeneration:
    """Searchers and postings over one generation; closed when the last user lets go."""

    def __init__(self, gen: Path, fast: dict[str, postings.Postings] | None) -> None:
        self.gen = gen
        self.docs = whoosh_index.open_dir(str(gen / "docs")).searcher()
        self.people = whoosh_index.open_dir(str(gen / "people")).searcher()
        self.documents = Documents(self.docs)
        self.fast = fast  # None: an older generation, Whoosh scores it
        self._people: dict[int, StoredPerson] = {}  # decoded once per generation
        self._leads: Any = None  # the people index's feedback lead column

    def people_at(self, numbers: list[int]) -> list[StoredPerson]:
        """The colleagues stored as these documents of the people index, in order."""
        cache = self._people
        for number in numbers:
            if number not in cache:
                cache[number] = decode_person(self.people.stored_fields(number))
        return list(map(cache.__getitem__, numbers))

    def person_at(self, number: int) -> StoredPerson:
        """The colleague stored as document *number* of the people index."""
        return self.people_at([number])[0]

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
