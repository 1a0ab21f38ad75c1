"""Filters and facets over the ranked list: a filter restricts it, a facet counts it.

Both look at the same sets (who has a matching document of each kind, who holds a
valid matching certificate), so a facet's count is exactly what its filter returns.
"""

from __future__ import annotations

from collections import Counter
from operator import attrgetter

from indexer.query import Filters
from indexer.store import StoredPerson


def restricts(f: Filters) -> bool:
    """Whether ``passes`` can refuse anyone under *f* (hidden documents are no filter
    of the list: they never match)."""
    return bool(f.departments or f.locations or f.kinds or f.valid_certificates_only)


def passes(p: StoredPerson, pid: str, f: Filters, kinds: dict[str, frozenset[str]],
            valid: frozenset[str]) -> bool:
    """Department/location by name; a kind: a matching document of it; a valid certificate."""
    if f.departments and p.department.lower() not in {d.lower() for d in f.departments}:
        return False
    if f.locations and p.location.lower() not in {loc.lower() for loc in f.locations}:
        return False
    if f.kinds and not any(pid in kinds.get(k, frozenset()) for k in f.kinds):
        return False
    return not f.valid_certificates_only or pid in valid


def facets(shown: list[str], people: dict[str, StoredPerson],
            kinds: dict[str, frozenset[str]]) -> dict[str, dict[str, int]]:
    """Counts over exactly the list shown; each is what its filter would return."""
    listed_people = [people[p] for p in shown]  # thousands at 100,000 documents: map()
    dept = Counter(map(attrgetter("department"), listed_people))
    loc = Counter(map(attrgetter("location"), listed_people))
    listed = frozenset(shown)
    kind = Counter({k: len(members & listed) for k, members in kinds.items()})
    return {"department": dict(dept.most_common()), "location": dict(loc.most_common()),
            "kind": {k: n for k, n in kind.most_common() if n}}
