"""The team finder: the fewest colleagues who together cover every need.

Each need is answered on its own, by the search (a topic) or by the certificates
colleagues hold (a need that names a certificate requires a valid one). Then a greedy
set cover picks, again and again, the colleague who covers the most needs still open,
ties broken by the sum of their scores for those needs (then by name, so the answer is
stable). Greedy is within a factor ln(n) of the smallest team, and exact for the few
needs a team leader asks about in practice; needs nobody covers are listed, not hidden.

``find_team`` answers the needs over the index (``cover`` itself needs none).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from finder.evidence import Evidence
from finder.profiles import certificate_of, holds
from finder.query import QueryError
from finder.requirements import CertificateNames
from finder.search import Finder
from indexer.query import Filters

MAX_NEEDS = 8
MAX_NEED_CHARS = 200
CANDIDATES = 50  # colleagues the search gives per need: the cover chooses among them


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


@dataclass(frozen=True)
class Team:
    """The needs, who could cover each (best first), the team chosen and its evidence."""

    needs: dict[str, tuple[str, ...]]
    members: tuple[Member, ...]
    uncovered: tuple[str, ...]
    certificate_needs: tuple[str, ...]  # needs that named a certificate: a valid one counts
    evidence: dict[str, dict[str, Evidence]]  # need -> person id -> why they cover it


def clean_needs(raw: Sequence[str]) -> tuple[str, ...]:
    """The needs asked, trimmed, each once; QueryError (a sentence) when unusable."""
    needs = tuple(dict.fromkeys(" ".join(n.split()) for n in raw if n.strip()))
    if not needs:
        raise QueryError("Geef minstens één behoefte op, zoals wondzorg of BLS.")
    if len(needs) > MAX_NEEDS:
        raise QueryError(f"Geef hoogstens {MAX_NEEDS} behoeften op.")
    if any(len(n) > MAX_NEED_CHARS or not n.isprintable() for n in needs):
        raise QueryError(f"Een behoefte is hoogstens {MAX_NEED_CHARS} gewone tekens lang.")
    return needs


def find_team(finder: Finder, needs: Sequence[str], names: CertificateNames, *,
              department: str | None = None, location: str | None = None,
              valid_only: bool = False, today: date | None = None) -> Team:
    """The fewest colleagues covering *needs*; QueryError for a need that can't be searched.

    A need that names a certificate someone holds ("BLS", "wondzorg") is met only by a
    certificate of that name valid today (expiring soon still counts); the search
    score for the need breaks ties. Any other need is answered by the search, with
    the same department, location and valid-only filters as the search page.
    """
    today = today or date.today()
    expiring = finder.config.expiring_days
    filters = Filters(departments=(department,) if department else (),
                      locations=(location,) if location else ())
    with finder.reader.snapshot() as s:
        held = [(pid, doc, certificate_of(doc, today, expiring)) for doc in s.certificates()
                for pid in doc.persons if holds(doc, pid)]
    candidates: dict[str, dict[str, float]] = {}
    evidence: dict[str, dict[str, Evidence]] = {}
    names_of: dict[str, str] = {}
    certificate_needs = []
    for need in clean_needs(needs):
        named = [(pid, doc, c) for pid, doc, c in held if names.matches(need, c.name)]
        try:
            results = finder.find_experts(need, limit=CANDIDATES, department=department,
                                          location=location, valid_only=valid_only,
                                          today=today)
        except QueryError:
            if not named:
                raise
            results = None
        experts = results.experts if results else ()
        scores = {e.person_id: e.score for e in experts}
        names_of.update({e.person_id: e.name for e in experts})
        if not named:
            candidates[need] = scores
            evidence[need] = {e.person_id: e.evidence[0] for e in experts if e.evidence}
            continue
        certificate_needs.append(need)
        valid = {pid: (doc, c) for pid, doc, c in named if c.validity in ("valid", "expiring")}
        with finder.reader.snapshot() as s:
            allowed = s.people_by_id(sorted(valid), filters)
        names_of.update({pid: p.name for pid, p in allowed.items()})
        candidates[need] = {pid: scores.get(pid, 0.0) for pid in allowed}
        evidence[need] = {pid: Evidence(
            document=doc.doc_id, title=doc.title, kind="certificate", snippet="",
            certificate=c.name, validity=c.validity, expires=c.expires)
            for pid, (doc, c) in valid.items() if pid in allowed}
    members, uncovered = cover(candidates, names_of)
    ranked = {need: _best_first(found, names_of) for need, found in candidates.items()}
    return Team(ranked, members, uncovered, tuple(certificate_needs), evidence)


def _best_first(scores: Mapping[str, float], names: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(sorted(scores, key=lambda pid: (-scores[pid], names.get(pid, pid), pid)))


def team_json(team: Team) -> dict[str, Any]:
    """The API's shape: needs, members (with the evidence for what they cover), uncovered."""
    return {
        "needs": {need: list(ids) for need, ids in team.needs.items()},
        "members": [{"person_id": m.person_id, "name": m.name, "covers": list(m.covers),
                     "evidence": {need: dataclasses.asdict(team.evidence[need][m.person_id])
                                  for need in m.covers if m.person_id in team.evidence[need]}}
                    for m in team.members],
        "uncovered": list(team.uncovered),
        "certificate_needs": list(team.certificate_needs),
    }
