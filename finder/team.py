"""The team finder: the fewest colleagues who together cover every need.

Each need is answered on its own, by the search (a topic) or by the certificates
colleagues hold (a need that names a certificate requires a valid one). Then a greedy
set cover picks, again and again, the colleague who covers the most needs still open,
ties broken by the sum of their scores for those needs (then by name, so the answer is
stable). Greedy is within a factor ln(n) of the smallest team, and exact for the few
needs a team leader asks about in practice; needs nobody covers are listed, not hidden.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Member:
    """A colleague in the team and the needs they cover."""

    person_id: str
    name: str
    covers: tuple[str, ...]


def cover(candidates: Mapping[str, Mapping[str, float]],
          names: Mapping[str, str]) -> tuple[tuple[Member, ...], tuple[str, ...]]:
    """(members, uncovered) for *candidates*: need -> {person id: score}.

    The needs keep the order they were asked in, in each member's ``covers`` too.
    """
    order = list(candidates)
    open_needs = {need for need in order if candidates[need]}
    members: list[Member] = []
    while open_needs:
        gain: dict[str, tuple[int, float]] = {}
        for need in open_needs:
            for pid, score in candidates[need].items():
                count, total = gain.get(pid, (0, 0.0))
                gain[pid] = (count + 1, total + score)
        best = min(gain, key=lambda pid: (-gain[pid][0], -gain[pid][1], names.get(pid, pid),
                                          pid))
        covered = tuple(need for need in order if need in open_needs
                        and best in candidates[need])
        members.append(Member(best, names.get(best, best), covered))
        open_needs -= set(covered)
    uncovered = tuple(need for need in order if not candidates[need])
    return tuple(members), uncovered
