"""Filters and facets over the ranked list: a filter restricts it, a facet counts it.

Both look at the same masks (who has a matching document of each kind, who holds a
valid matching certificate), so a facet's count is exactly what its filter returns.
"""

from __future__ import annotations

from typing import Any

from indexer.query import Filters
from indexer.store import Roster
from indexer.store.roster import Mask


def passing(roster: Roster, f: Filters, kinds: dict[str, Mask], valid: Mask) -> Mask | None:
    """Who passes *f*: department and location by name, a kind (a matching document of
    it), a valid matching certificate; None when *f* refuses no one (hidden documents
    are no filter of the list: they never match)."""
    keep = None
    if f.departments or f.locations:
        keep = roster.within(f.departments, f.locations)
    if f.kinds:
        keep = _both(keep, roster.union(kinds[k] for k in f.kinds if k in kinds))
    if f.valid_certificates_only:
        keep = _both(keep, valid)
    return keep


def facets(shown: Any, roster: Roster, kinds: dict[str, Mask]) -> dict[str, dict[str, int]]:
    """Counts over exactly the list *shown* (roster numbers, best first); each is what
    its filter would return. Most first; ties: departments and locations in the order
    they first appear in the list, kinds in their usual order."""
    listed = roster.empty()
    listed[shown] = True
    kind = {k: int((members & listed).sum()) for k, members in kinds.items()}
    return {"department": roster.counts(shown, "department"),
            "location": roster.counts(shown, "location"),
            "kind": {k: n for k, n in sorted(kind.items(), key=lambda kv: -kv[1]) if n}}


def _both(a: Mask | None, b: Mask) -> Mask:
    return b if a is None else a & b
