"""The expert model's arithmetic, without an index."""

from __future__ import annotations

from datetime import date

import numpy as np

from finder.ranking import Vote, Weights, document_scores, fuse, recency

TODAY = date(2026, 11, 27)
W = Weights()


def vote(pid: str, relevance: float = 1.0, kind: str = "cv", validity: str = "",
         strength: float = 1.0, modified: date | None = TODAY) -> Vote:
    return Vote(pid, f"{pid}-{relevance}", relevance, strength, kind, validity, modified)


def test_valid_certificate_outweighs_a_claim_and_expired_hardly_counts() -> None:
    scores = document_scores([vote("cert", kind="certificate", validity="valid"),
                              vote("cv"),
                              vote("old", kind="certificate", validity="expired")], TODAY, W)
    assert scores["cert"] > scores["cv"] > 5 * scores["old"]


def test_mention_counts_less_than_authorship() -> None:
    scores = document_scores([vote("author"), vote("mentioned", strength=0.5)], TODAY, W)
    assert scores["author"] == 2 * scores["mentioned"]


def test_old_evidence_counts_less_but_never_nothing() -> None:
    assert recency(TODAY, TODAY, W) == 1.0
    assert abs(recency(date(2018, 11, 27), TODAY, W) - 0.5) < 0.01
    assert recency(date(1970, 1, 1), TODAY, W) == 0.25


def test_many_weak_votes_do_not_beat_one_strong_one() -> None:
    votes = [vote("prolific", relevance=1.0) for _ in range(15)] + [vote("specialist", 2.0)]
    scores = document_scores(votes, TODAY, W, {"prolific": 15, "specialist": 1})
    assert scores["specialist"] > scores["prolific"]


def test_fusion_normalises_each_model() -> None:
    # Colleagues a, b, c by number: a matches the profile only, c one document only.
    fused = fuse(np.array([10.0, 5.0, 0.0]), np.array([0.0, 0.2, 0.1]), "fused",
                 Weights(profile=0.5, document=0.5))
    assert fused.tolist() == [0.5, 0.75, 0.25]
    assert fuse(np.array([10.0, 0.0]), np.array([0.0, 1.0]), "profile", W).tolist() == [1.0, 0.0]
    assert fuse(np.zeros(2), np.zeros(2), "fused", W).tolist() == [0.0, 0.0]  # no one matched
