"""Everyone in one generation, numbered: the finder ranks, filters and counts over arrays.

At 100,000 documents a question matches thousands of colleagues. Scores, "has a
matching document of this kind" and the filters are arrays indexed by a colleague's
number in the generation (the people index's document number), so ranking, filtering
and counting facets are a few numpy operations instead of Python loops over
thousands of dictionaries. Only the page's colleagues are looked up as records.

Engine-neutral: a store numbers its people however it likes, 0..n-1, and builds the
roster from their stored entries (``Roster.of``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from indexer.store.records import StoredPerson

Mask = Any  # bool[n]: one flag per colleague number
Scores = Any  # float64[n]: one score per colleague number


@dataclass(frozen=True, eq=False)
class Roster:
    """The colleagues of one generation by number; None where a number is unused."""

    people: tuple[StoredPerson | None, ...]
    number: Mapping[str, int]  # person id -> number
    name_rank: Any  # int[n]: place in name order (ties by number); unused numbers last
    department: Any  # int[n]: code into ``departments``
    departments: tuple[str, ...]
    location: Any  # int[n]: code into ``locations``
    locations: tuple[str, ...]

    @classmethod
    def of(cls, people: Sequence[StoredPerson | None]) -> Roster:
        """The roster of *people*, listed by their number."""
        number = {p.person_id: n for n, p in enumerate(people) if p is not None}
        order = sorted(number.values(), key=lambda n: (_name(people[n]), n))
        name_rank = np.full(len(people), len(people), np.int64)
        name_rank[np.asarray(order, np.int64)] = np.arange(len(order))
        department, departments = _codes([p.department if p else "" for p in people])
        location, locations = _codes([p.location if p else "" for p in people])
        return cls(tuple(people), number, name_rank, department, departments, location,
                   locations)

    def __len__(self) -> int:
        return len(self.people)

    def person(self, n: int) -> StoredPerson:
        """The colleague numbered *n* (KeyError for an unused number)."""
        found = self.people[n]
        if found is None:
            raise KeyError(n)
        return found

    def empty(self) -> Mask:
        """A mask with no one in it."""
        return np.zeros(len(self.people), bool)

    def union(self, masks: Iterable[Mask]) -> Mask:
        """Who is in any of *masks* (no one for none)."""
        out = self.empty()
        for m in masks:
            out |= m
        return out

    def mask(self, person_ids: Iterable[str]) -> Mask:
        """The colleagues among *person_ids* (ids not in the generation are left out)."""
        found = self.empty()
        numbers = [n for pid in person_ids if (n := self.number.get(pid)) is not None]
        found[numbers] = True
        return found

    def scatter(self, scores: Mapping[str, float]) -> Scores:
        """Scores by person id as an array by number (0 for everyone else)."""
        out = np.zeros(len(self.people))
        for pid, score in scores.items():
            n = self.number.get(pid)
            if n is not None:
                out[n] = score
        return out

    def within(self, departments: Sequence[str], locations: Sequence[str]) -> Mask:
        """Who works in one of *departments* and one of *locations* (an empty list does
        not restrict); names compare without case, as the people index's keys do."""
        keep = np.ones(len(self.people), bool)
        for codes, names, wanted in ((self.department, self.departments, departments),
                                     (self.location, self.locations, locations)):
            if wanted:
                lowered = {w.lower() for w in wanted}
                keep &= np.isin(codes, [i for i, name in enumerate(names)
                                        if name.lower() in lowered])
        return keep

    def ranked(self, scores: Scores, eligible: Mask) -> Any:
        """The numbers of the *eligible* colleagues, best score first, ties by name."""
        numbers = np.flatnonzero(eligible)
        return numbers[np.lexsort((self.name_rank[numbers], -scores[numbers]))]

    def counts(self, numbers: Any, column: str) -> dict[str, int]:
        """How many of *numbers* have each department or location ("department",
        "location"): most first, ties in the order they first appear in *numbers*."""
        codes, names = ((self.department, self.departments) if column == "department"
                        else (self.location, self.locations))
        found, first, count = np.unique(codes[numbers], return_index=True, return_counts=True)
        order = np.lexsort((first, -count))
        return {names[found[i]]: int(count[i]) for i in order.tolist()}


def _name(p: StoredPerson | None) -> str:
    return p.name if p else ""


def _codes(values: list[str]) -> tuple[Any, tuple[str, ...]]:
    names = tuple(dict.fromkeys(values))
    code = {name: i for i, name in enumerate(names)}
    return np.fromiter(map(code.__getitem__, values), np.int64, len(values)), names
