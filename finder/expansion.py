"""A parsed question widened: thesaurus and concept expansions, and relevance feedback.

- thesaurus: synonyms and translations, each with its own weight; a multi-word one
  counts as its words, unless the user asked for an exact phrase;
- concepts: Dutch words the thesaurus can't translate, bridged to English through
  ESCO's occupations (``indexer.language.concepts``);
- feedback: terms the best first-pass candidates' text has in common, added with
  weights relative to the strongest (the store finds them, Bo1).
"""

from __future__ import annotations

import dataclasses

from indexer.language.concepts import ConceptBridge
from indexer.language.thesaurus import Thesaurus
from indexer.query import Clause, Group, IndexTerm, Phrase, Query, Word
from indexer.store import FeedbackTerm

MAX_THESAURUS = 12  # expansions taken from the thesaurus, strongest first


def expansions(parsed: Query, thesaurus: Thesaurus, bridge: ConceptBridge | None,
               concept_weight: float) -> tuple[Clause, ...]:
    """The thesaurus's and the concept bridge's clauses for the user's own words."""
    text = " ".join(parsed.words())
    exact = isinstance(parsed.must, Group) and any(
        isinstance(c, Phrase) for c in parsed.must.clauses)
    out: list[Clause] = []
    for exp in thesaurus.expand(text)[:MAX_THESAURUS]:
        words = tuple(exp.phrase.split())
        if not words:
            continue
        # A multi-word expansion counts as its words ("vehicle technician" should
        # find "automotive technician, vehicle repair"), unless the user asked for
        # an exact phrase: then its translations are exact phrases too.
        if len(words) == 1:
            out.append(Word(words[0], boost=exp.weight))
        elif exact:
            out.append(Phrase(words, boost=exp.weight))
        else:
            out.append(Group(tuple(Word(w) for w in words), boost=exp.weight))
    if bridge is not None and not exact:
        out.extend(Word(t.word, boost=round(concept_weight * t.weight, 3), lang="en")
                   for t in bridge.translate(parsed.words()))
    return tuple(out)


def with_feedback(q: Query, terms: list[FeedbackTerm], expansion_weight: float,
                  feedback_weight: float) -> Query:
    """The query plus the feedback *terms*, its expansions carrying their own weight.

    The result is to be searched with expansion weight 1.0: the expansions are
    scaled here, and the strongest feedback term weighs *feedback_weight*.
    """
    top = max((t.weight for t in terms), default=0.0)
    if top <= 0:
        return q
    scaled = tuple(_scaled(c, expansion_weight) for c in q.expansions)
    feedback = tuple(IndexTerm(t.lang, t.term, boost=feedback_weight * t.weight / top)
                     for t in terms)
    return dataclasses.replace(q, expansions=scaled + feedback)


def _scaled(c: Clause, factor: float) -> Clause:
    """A clause with its boost multiplied (expansions carry their weight themselves)."""
    return dataclasses.replace(c, boost=c.boost * factor)
