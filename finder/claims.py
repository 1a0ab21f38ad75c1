"""Self-declared topics ("Vraag me over") matched against a question at query time.

No index is involved: a colleague's topics are searchable at the very next request.
A topic matches when it holds the question's own words (a word also matches the
start of a longer topic word, "wond" in "wondzorg"), or, weighed less, the words of
its expansions; a NOT word in a topic rules it out. The match is a claim: the
ranking weighs it below certificates (``ranking.Weights.self_declared``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from finder import ranking
from indexer.language.words import stop_words, words
from indexer.query import Query, clause_words
from indexer.store import Roster
from indexer.store.roster import Scores

PREFIX_MIN = 4  # a shorter question word must match a topic word whole
STOP = stop_words("nl") | stop_words("en")


@dataclass(frozen=True)
class TopicMatch:
    """How well one colleague's topics answer a question (0..1) and which topics did."""

    coverage: float
    topics: tuple[str, ...]


def _content(text_words: list[str]) -> list[str]:
    return [w for w in text_words if w not in STOP] or text_words


def _has(topic_words: set[str], word: str) -> bool:
    if word in topic_words:
        return True
    return len(word) >= PREFIX_MIN and any(t.startswith(word) for t in topic_words)


def match_topics(query: Query, topics: Mapping[str, tuple[str, ...]],
                 expansion_weight: float) -> dict[str, TopicMatch]:
    """Per colleague, the share of the question their topics hold, and those topics."""
    own = list(dict.fromkeys(_content([w for t in query.words() for w in words(t)])))
    wider = list(dict.fromkeys(w for t in query.expansion_words() for w in words(t)
                               if w not in STOP))
    banned = {w for c in query.must_not for t in clause_words(c) for w in words(t)}
    if not own and not wider:
        return {}
    out: dict[str, TopicMatch] = {}
    for pid, declared in topics.items():
        best, matched = 0.0, []
        for topic in declared:
            tw = set(words(topic))
            if banned & tw:
                continue
            hit = sum(1 for w in own if _has(tw, w)) / len(own) if own else 0.0
            if hit == 0 and wider and any(_has(tw, w) for w in wider):
                hit = expansion_weight
            if hit > 0:
                matched.append(topic)
                best = max(best, hit)
        if matched:
            out[pid] = TopicMatch(best, tuple(matched))
    return out


def with_topics(roster: Roster, q: Query, topics: Mapping[str, tuple[str, ...]],
                scores: Scores, expansion_weight: float,
                w: ranking.Weights) -> tuple[Scores, dict[str, TopicMatch]]:
    """*scores* with the topic matches of *q* added, and the matches of colleagues in
    the generation (a colleague found only through their topics ranks like any other)."""
    found = {pid: m for pid, m in match_topics(q, topics, expansion_weight).items()
             if pid in roster.number}
    if not found:
        return scores, found
    coverage = roster.scatter({pid: m.coverage for pid, m in found.items()})
    return ranking.with_claims(scores, coverage, w), found
