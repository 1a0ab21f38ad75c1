"""What a question returns: ranked colleagues with their evidence, and the API's JSON shape.

``finder.search`` builds them; the CLI and the web app show them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from finder.evidence import Evidence
from indexer.store import StoredPerson

__all__ = ["Evidence", "Expert", "Results", "expert", "results_json"]


@dataclass(frozen=True)
class Expert:
    """A colleague in the results."""

    person_id: str
    name: str
    department: str
    location: str
    role: str
    email: str
    phone: str
    score: float
    evidence: tuple[Evidence, ...] = ()
    topics: tuple[str, ...] = ()  # their "Vraag me over" topics that match (self-declared)


@dataclass(frozen=True)
class Results:
    """One page of ranked colleagues plus what helps refine the question."""

    query: str
    total: int
    experts: tuple[Expert, ...]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str = ""  # "did you mean"
    offset: int = 0
    limit: int = 10
    partial: bool = False  # the time budget ran out: ranked, but with less evidence
    expanded: tuple[str, ...] = ()  # searched besides the own words ("Ook gezocht op")


def results_json(results: Any) -> dict[str, Any]:
    """The API's JSON shape (BRIEF contract), shared by the CLI and the app."""
    data = dataclasses.asdict(results)
    return {"query": data["query"], "total": data["total"], "offset": data["offset"],
            "limit": data["limit"], "suggestion": data["suggestion"], "partial": data["partial"],
            "expanded": data["expanded"], "facets": data["facets"], "experts": data["experts"]}


def expert(pid: str, p: StoredPerson, score: float, evidence: tuple[Evidence, ...],
           topics: tuple[str, ...]) -> Expert:
    """A colleague in the results, from their stored entry."""
    return Expert(person_id=pid, name=p.name, department=p.department, location=p.location,
                  role=p.role, email=p.email, phone=p.phone, score=round(score, 4),
                  evidence=evidence, topics=topics)
