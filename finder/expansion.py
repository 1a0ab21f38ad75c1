"""A parsed question widened: thesaurus and concept expansions, and relevance feedback.

- thesaurus: synonyms and translations, each with its own weight; a multi-word one
  counts as its words, unless the user asked for an exact phrase;
- cognates: the other language's forms of words of Latin and Greek stock
  (``indexer.language.cognates``: dementie/dementia) that the index holds;
- loanwords: a Dutch compound made of words English writes as well, as those words
  (patiëntintake: "patient intake", restaurantmenu: "restaurant menu");
- concepts: the question bridged to English through ESCO's occupations
  (``indexer.language.concepts``): the translation when the thesaurus has none,
  otherwise hints that only order the matches;
- feedback: terms the best first-pass candidates' text has in common, added as hints
  with weights relative to the strongest (the store finds them, Bo1).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence

from indexer.language.cognates import dutch_forms, english_forms
from indexer.language.compounds import split_compound
from indexer.language.concepts import ConceptBridge
from indexer.language.thesaurus import PART_FACTOR, Thesaurus, normalize
from indexer.language.words import stop_words
from indexer.query import Clause, Group, IndexTerm, Phrase, Query, Word
from indexer.store import FeedbackTerm, Snapshot

MAX_THESAURUS = 12  # expansions taken from the thesaurus, strongest first
COGNATE_WEIGHT = 0.7  # dementie -> dementia: as sure as an ESCO occupation label
MAX_COGNATES = 4  # phrases of cognate forms per question
# patiëntintake -> "patient intake": as sure as a compound translated through its parts
LOANWORD_WEIGHT = PART_FACTOR


def widen(parsed: Query, thesaurus: Thesaurus, bridge: ConceptBridge | None,
          concept_weight: float, without: Iterable[str] = (),
          index: Snapshot | None = None) -> tuple[Query, tuple[str, ...]]:
    """*parsed* with the thesaurus's, the cognate rules' and the concept bridge's clauses
    for the user's own words, and the phrases searched besides them (to show, and remove).

    *without* names phrases the user took out ("Ook gezocht op" lets them); compared
    folded. A cognate counts when the *index* has it, a loanword when its English
    documents use each part (``loanwords``). The bridge guesses
    from ESCO's occupations: for a question that names an occupation, or that a synonym
    file or the cognates do not translate word for word, its words find colleagues; for
    a skill or topic translated as a whole ("wondzorg": wound care) they would list
    every nurse, so they only order the matches (hints).
    """
    own = parsed.words()
    exact = isinstance(parsed.must, Group) and any(
        isinstance(c, Phrase) for c in parsed.must.clauses)
    removed = {normalize(w) for w in without}
    out: list[Clause] = []
    shown: list[str] = []
    covered: set[str] = set()  # words a synonym file (or a compound's parts) translated
    stop = stop_words("nl") | stop_words("en")
    mine = set(normalize(" ".join(own)).split())
    occupation = False  # the question names an ESCO occupation
    for exp in thesaurus.expand(" ".join(own)):
        words = tuple(exp.phrase.split())
        if not words or len(shown) == MAX_THESAURUS or (
                bridge is not None and exp.source.endswith("+compound")
                and bridge.mixed(words)):  # "informatie security", "suikerziekte care"
            continue
        occupation |= exp.source == "esco-occupation"
        if "synonyms:" in exp.source:  # not the statistical lexicon alone
            covered.update(exp.key.split())
        # Only the user's own words again ("coordination of care" for "patient care
        # coordination"): nothing new to find, it would only weigh those words twice.
        if normalize(exp.phrase) in removed or set(normalize(exp.phrase).split()) - stop <= mine:
            continue
        shown.append(exp.phrase)
        # A multi-word expansion counts as its words ("vehicle technician" should
        # find "automotive technician, vehicle repair"), unless the user asked for
        # an exact phrase: then its translations are exact phrases too.
        if len(words) == 1:
            out.append(Word(words[0], boost=exp.weight))
        elif exact:
            out.append(Phrase(words, boost=exp.weight))
        else:
            out.append(Group(tuple(Word(w) for w in words), boost=exp.weight))
    if index is not None and not exact:
        for word, phrase in loanwords(own, index):
            covered.add(word)
            if phrase not in removed and phrase not in {normalize(p) for p in shown}:
                shown.append(phrase)
                out.append(Group(tuple(Word(w, lang="en") for w in phrase.split()),
                                 boost=LOANWORD_WEIGHT))
        for phrase in cognates(own, index.known_words):
            covered.update(normalize(w) for w in own)
            if phrase not in removed and phrase not in {normalize(p) for p in shown}:
                shown.append(phrase)
                words = tuple(phrase.split())
                out.append(Word(words[0], boost=COGNATE_WEIGHT) if len(words) == 1 else
                           Group(tuple(Word(w) for w in words), boost=COGNATE_WEIGHT))
    guesses: tuple[Clause, ...] = ()
    if bridge is not None and not exact:
        guesses = tuple(Word(t.word, boost=round(concept_weight * t.weight, 3), lang="en")
                        for t in bridge.translate(own))
    # Translated as a whole: every word that is no stop word (a task question the
    # glossary knows one word of still needs the bridge for the rest).
    whole = all(w in covered or w in stop for w in normalize(" ".join(own)).split())
    if covered and whole and not occupation:
        return dataclasses.replace(parsed, expansions=tuple(out), hints=guesses), tuple(shown)
    return dataclasses.replace(parsed, expansions=(*out, *guesses)), tuple(shown)


def loanwords(own: Sequence[str], index: Snapshot) -> list[tuple[str, str]]:
    """The question's Dutch compounds made of English words, each with those words as a
    phrase: Dutch work language compounds English ("stakeholderworkshops", "patiëntintake")
    where an English CV writes the words apart. A part counts as English when the
    index's English documents use it at least as much as its Dutch ones (for their
    length): "patient" and "workshops" do, "wond" and "zorg" do not; a word they use
    whole ("subcontractor") is English already."""
    found = []
    for word in normalize(" ".join(own)).split():
        parts = split_compound(word)
        if len(parts) > 1 and not index.typical_words([word], "en") \
                and len(index.typical_words(parts, "en")) == len(set(parts)):
            found.append((word, " ".join(parts)))
    return found


def cognates(own: Sequence[str], known: Callable[[Sequence[str]], frozenset[str]]) -> list[str]:
    """The question in the other language's cognate forms that the index has. A phrase
    stays a phrase, and only when each of its words has a form ("infection prevention"
    -> "infectie preventie"): half translated, it would be neither language."""
    words = [normalize(w) for w in own]
    forms = [[*english_forms(w), *dutch_forms(w)] for w in words]
    found = known([f for fs in forms for f in fs])
    choices = [[f for f in fs if f in found] for fs in forms]
    if len(words) == 1:
        return choices[0][:MAX_COGNATES]
    return [" ".join(c[0] for c in choices)] if all(choices) else []


def with_feedback(q: Query, terms: list[FeedbackTerm], expansion_weight: float,
                  feedback_weight: float) -> Query:
    """The query plus the feedback *terms*, its expansions carrying their own weight.

    The result is to be searched with expansion weight 1.0: the expansions are
    scaled here, and the strongest feedback term weighs *feedback_weight*.
    """
    top = max((t.weight for t in terms), default=0.0)
    if top <= 0:
        return q
    feedback = tuple(IndexTerm(t.lang, t.term, boost=feedback_weight * t.weight / top)
                     for t in terms)
    return dataclasses.replace(
        q, expansions=tuple(_scaled(c, expansion_weight) for c in q.expansions),
        hints=tuple(_scaled(c, expansion_weight) for c in q.hints) + feedback)


def _scaled(c: Clause, factor: float) -> Clause:
    """A clause with its boost multiplied (expansions carry their weight themselves)."""
    return dataclasses.replace(c, boost=c.boost * factor)
