"""Engine-neutral queries (indexer.query) -> Whoosh queries, per index."""

from __future__ import annotations

from datetime import datetime

from whoosh import query as wq
from whoosh.query.spans import SpanNear2

from indexer.language.compounds import split_compound
from indexer.query import Clause, Filters, Group, IndexTerm, Phrase, Query, Word
from indexer.store.analyzers import analyze_word
from indexer.store.schema import BODY_FIELDS

# A compound's parts count, but less than the whole word the user typed.
PART_BOOST = 0.6
NAME_BOOST = 0.3  # a colleague can be found by name, but expertise ranks first
# Strict matching (who is listed): a compound's parts only near each other ("wond- en
# decubituszorg", "zorg voor wonden" are wondzorg; "Zorggroep De Linde ... een wond" is
# not), and a multi-word translation as one passage ("wound care", never "care" alone).
PART_SLOP = 3
CONCEPT_SLOP = 4
# Strictly, a two-word question of plain words ("palliatieve zorg", "wound care") is one
# concept: a matching document has both. Three words and more are a description, any of
# whose words may match ("logo and brand identity": ANDing them cut English MAP on the
# held-out set E from 0.271 to 0.234, see BENCHMARKS.md). A Dutch compound counts as its
# parts, as English writes them: "patiëntintake en triage" is "patient intake and triage".
CONCEPT_WORDS = 2


def compile_text(query: Query, *, people: bool = False, expansion_weight: float = 1.0,
                 strict: bool = False) -> wq.Query:
    """The ranking part of a query: the user's words, minus NOT, plus expansions.

    *strict* compiles what a matching document must hold (see PART_SLOP); the ranking
    itself scores the looser form, which finds more of the relevant people.
    """
    must = query.must
    if strict and isinstance(must, Group) and must.mode == "any" and len(must.clauses) > 1:
        words = [c.text.lower() for c in must.clauses if isinstance(c, Word)]
        if len(words) == len(must.clauses) \
                and sum(len(split_compound(w)) for w in words) <= CONCEPT_WORDS:
            must = Group(must.clauses, mode="all", boost=must.boost)
    positive = _clause(must, people, strict)
    # Strictly, hints never make a match; they only order what matches otherwise.
    # A concept-bridge word that is an expansion (the thesaurus knew nothing) stays a
    # single word: without them Dutch questions miss English CVs (nl MAP 0.455 -> 0.372).
    wider = query.expansions if strict else query.expansions + query.hints
    if wider and expansion_weight > 0:
        extra = wq.Or([_concept(c, people, strict) for c in wider], boost=expansion_weight)
        positive = wq.Or([positive, extra])
    if query.must_not:
        negative = wq.Or([_clause(c, people, strict) for c in query.must_not])
        positive = wq.AndNot(positive, negative)
    # Normalised, because Whoosh scores a one-query Or/And without its boost: a
    # translation that exists in one language only would weigh as much as the own words.
    return positive.normalize()


def _concept(clause: Clause, people: bool, strict: bool) -> wq.Query:
    """An expansion; strictly, a multi-word one is all of its words in one passage."""
    if strict and isinstance(clause, Group) and clause.mode == "any" and len(clause.clauses) > 1 \
            and all(isinstance(c, Word) for c in clause.clauses):
        words = tuple(c.text for c in clause.clauses if isinstance(c, Word))
        return _phrase(Phrase(words, boost=clause.boost), slop=CONCEPT_SLOP)
    return _clause(clause, people, strict)


def _clause(clause: Clause, people: bool, strict: bool = False) -> wq.Query:
    if isinstance(clause, Word):
        return _word(clause, people, strict)
    if isinstance(clause, Phrase):
        return _phrase(clause)
    if isinstance(clause, IndexTerm):
        return wq.Term(BODY_FIELDS[clause.lang], clause.term, boost=clause.boost)
    assert isinstance(clause, Group)
    subs = [_clause(c, people, strict) for c in clause.clauses]
    subs = [s for s in subs if s is not wq.NullQuery]
    if not subs:  # every word was a stop word or punctuation
        return wq.NullQuery
    if clause.mode == "all":
        return wq.And(subs, boost=clause.boost)
    return wq.Or(subs, boost=clause.boost)


def _word(word: Word, people: bool, strict: bool = False) -> wq.Query:
    alternatives: list[wq.Query] = []
    for lang, field in BODY_FIELDS.items():
        terms = analyze_word(word.text, lang) if word.lang in ("", lang) else ()
        if not terms:
            continue
        whole = wq.Term(field, terms[0])
        if len(terms) == 1:
            alternatives.append(whole)
        else:  # a compound (or a word the tokenizer split): whole word or all its parts
            subs = [wq.Term(field, t) for t in terms[1:]]
            parts = _near(subs, PART_SLOP, PART_BOOST) if strict else wq.And(subs,
                                                                             boost=PART_BOOST)
            alternatives.append(wq.Or([whole, parts]))
    if people and not word.lang:
        alternatives.append(wq.Term("name", word.text.lower(), boost=NAME_BOOST))
    if not alternatives:
        return wq.NullQuery
    return wq.Or(alternatives, boost=word.boost)


def _phrase(phrase: Phrase, slop: int = 0) -> wq.Query:
    """The words in this order, next to each other; with *slop*, near in any order."""
    alternatives: list[wq.Query] = []
    for lang, field in BODY_FIELDS.items():
        terms = [t for w in phrase.words for t in analyze_word(w, lang)[:1]]
        if len(terms) == 1:
            alternatives.append(wq.Term(field, terms[0]))
        elif terms:
            alternatives.append(_near([wq.Term(field, t) for t in terms], slop) if slop
                                else wq.Phrase(field, terms))
    return wq.Or(alternatives, boost=phrase.boost) if alternatives else wq.NullQuery


def _near(terms: list[wq.Term], slop: int, boost: float = 1.0) -> wq.Query:
    """All *terms* within *slop* positions of each other, in any order (also at one
    position, where a compound's parts are indexed)."""
    distinct = list(dict.fromkeys(terms))
    if len(distinct) == 1:
        return wq.Term(distinct[0].fieldname, distinct[0].text, boost=boost)
    near = SpanNear2(distinct, slop=slop, ordered=False, mindist=0)
    near.boost = boost  # SpanNear2 takes no boost argument
    return near


def people_filter(filters: Filters) -> wq.Query | None:
    """Department and location restrictions on the people index."""
    parts: list[wq.Query] = []
    if filters.departments:
        parts.append(wq.Or([wq.Term("dept_key", d.lower()) for d in filters.departments]))
    if filters.locations:
        parts.append(wq.Or([wq.Term("loc_key", loc.lower()) for loc in filters.locations]))
    return wq.And(parts) if parts else None


def docs_filter(filters: Filters, persons: list[str], today: datetime) -> wq.Query | None:
    """Kind and validity restrictions, the candidate people and the documents their
    colleague hid, on the docs index."""
    parts: list[wq.Query] = []
    if filters.hidden_documents:
        hidden = wq.Or([wq.Term("doc_id", d) for d in sorted(filters.hidden_documents)])
        parts.append(wq.AndNot(wq.Every(), hidden))
    if persons:
        parts.append(wq.Or([wq.Term("persons", pid) for pid in persons]))
    if filters.kinds:
        parts.append(wq.Or([wq.Term("kind", k) for k in filters.kinds]))
    if filters.valid_certificates_only:
        expired = wq.DateRange("expires", None, today, endexcl=True)
        parts.append(wq.AndNot(wq.Term("kind", "certificate"), expired))
    return wq.And(parts) if parts else None
