"""Document scores -> person scores: the expert-finding model, testable without an index.

- document-centric (Balog et al. 2006, "Model 2"): every retrieved document
  votes for the people associated with it, weighted by association strength,
  evidence kind and validity, and recency; each person keeps a rank-discounted
  sum of their best votes, divided by a power of their document count, so a
  prolific writer cannot win on volume alone;
- profile-centric ("Model 1"): BM25 over one text per person, computed by the store;
- fused: both normalised to [0, 1] and mixed with named weights, as arrays by
  colleague (``indexer.store.roster``): thousands of colleagues match a question.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Literal

from indexer.store.records import Kind, Validity
from indexer.store.roster import Scores

MODELS = ("document", "profile", "fused")


@dataclass(frozen=True)
class Weights:
    """The model's knobs; defaults chosen on bench/quality (see BENCHMARKS.md)."""

    profile: float = 0.7
    document: float = 0.3
    certificate: float = 1.5  # valid certificate: proven
    certificate_expiring: float = 1.3
    certificate_expired: float = 0.1  # shown, but hardly counts
    cv: float = 1.0  # a claim
    document_kind: float = 0.8  # written work: shown
    # A "Vraag me over" topic: the colleague's own word for it, a claim below a
    # certificate; one that holds the whole question adds as a top document vote would.
    self_declared: float = 0.8
    half_life_years: float = 8.0  # evidence this old counts half
    votes_per_person: int = 5  # only the best votes count, discounted by rank
    volume_norm: float = 0.33  # divide by (documents the person has) ** this


@dataclass(frozen=True)
class Vote:
    """One retrieved document's vote for one person."""

    person_id: str
    doc_id: str
    relevance: float
    strength: float
    kind: Kind
    validity: Validity | Literal[""]  # "" when not a certificate
    modified: date | None


def kind_weight(vote: Vote, w: Weights) -> float:
    """How much evidence of this kind and validity counts."""
    if vote.kind == "certificate":
        return {"expired": w.certificate_expired,
                "expiring": w.certificate_expiring}.get(vote.validity, w.certificate)
    return w.cv if vote.kind == "cv" else w.document_kind


def recency(modified: date | None, today: date, w: Weights) -> float:
    """1.0 for new evidence, 0.5 at the half-life, never below 0.25."""
    if modified is None:
        return 0.75
    years = max(0.0, (today - modified).days / 365.25)
    return max(0.25, float(0.5 ** (years / w.half_life_years)))


def vote_value(vote: Vote, today: date, w: Weights) -> float:
    """The weight of one vote."""
    return vote.relevance * vote.strength * kind_weight(vote, w) * recency(vote.modified, today, w)


def document_scores(votes: list[Vote], today: date, w: Weights,
                    doc_counts: dict[str, int] | None = None) -> dict[str, float]:
    """Model 2 with per-person normalisation.

    Each person's best votes are summed with a rank discount, then divided by a
    power of how many documents they have (Balog's p(d|ca) = 1/|D_ca| softened),
    so fifteen passing mentions do not beat one document about the subject.
    """
    doc_counts = doc_counts or {}
    per_person: dict[str, list[float]] = defaultdict(list)
    for vote in votes:
        per_person[vote.person_id].append(vote_value(vote, today, w))
    scores = {}
    for pid, values in per_person.items():
        best = sorted(values, reverse=True)[: w.votes_per_person]
        volume = max(1, doc_counts.get(pid, len(values))) ** w.volume_norm
        scores[pid] = sum(v / math.log2(rank + 2) for rank, v in enumerate(best)) / volume
    return scores


def fuse(profile: Scores, document: Scores, model: str, w: Weights) -> Scores:
    """Combine the two models' scores (arrays by colleague), each normalised by its best."""
    if model == "profile":
        return _normalise(profile)
    if model == "document":
        return _normalise(document)
    return w.profile * _normalise(profile) + w.document * _normalise(document)


def _normalise(scores: Scores) -> Scores:
    top = float(scores.max(initial=0.0))
    return scores / top if top > 0 else scores.copy()


def with_claims(scores: Scores, coverage: Scores, w: Weights) -> Scores:
    """Fused scores plus self-declared topics: *coverage* (0..1) of the question.

    A topic counts as a document vote of kind self-declared: at most the document
    model's share times self_declared / certificate, so a matching valid certificate
    always weighs more than a claim.
    """
    return scores + w.document * w.self_declared / w.certificate * coverage
