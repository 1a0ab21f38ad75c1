"""An engine-neutral query: what the finder asks, before any engine compiles it.

The finder parses what staff typed into these values; ``indexer.store`` turns
them into Whoosh queries. Keeping them engine-neutral is what lets another
engine replace Whoosh behind the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Word:
    """A word as the user typed it; the store analyses it per language field.

    ``lang`` keeps a translation to the fields of its own language ("design" as the
    English for "vormgever" should not match Dutch text).
    """

    text: str
    boost: float = 1.0
    lang: str = ""  # "": every language


@dataclass(frozen=True)
class Phrase:
    """Words that must appear next to each other, in this order."""

    words: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class IndexTerm:
    """A term already in the index's analysed form (from relevance feedback)."""

    lang: str
    term: str
    boost: float = 1.0


@dataclass(frozen=True)
class Group:
    """``all`` of the clauses must match (AND) or ``any`` (OR, ranked by how many match)."""

    clauses: tuple[Clause, ...]
    mode: str = "any"  # "any" | "all"
    boost: float = 1.0


Clause = Word | Phrase | IndexTerm | Group


@dataclass(frozen=True)
class Filters:
    """Restrictions that do not change the ranking, only who may appear."""

    departments: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    valid_certificates_only: bool = False
    # Documents their colleague hid (self-service): never a match, a vote or evidence.
    hidden_documents: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Query:
    """A parsed question: what must match, what must not, what expands it, and filters.

    *expansions* (translations, synonyms) find documents as the own words do; *hints*
    only order what matches otherwise: guesses such as the concept bridge's words when
    the thesaurus already translated the question, or relevance-feedback terms.
    """

    must: Clause
    must_not: tuple[Clause, ...] = ()
    expansions: tuple[Clause, ...] = ()
    filters: Filters = field(default_factory=Filters)
    hints: tuple[Clause, ...] = ()

    def words(self) -> list[str]:
        """The user's own positive words, for highlighting and spelling."""
        return clause_words(self.must)

    def expansion_words(self) -> list[str]:
        """The words of the expansions (translations, synonyms), for highlighting."""
        return [w for c in self.expansions for w in clause_words(c)]


def clause_words(clause: Clause) -> list[str]:
    """The plain words of a clause; analysed feedback terms have none."""
    if isinstance(clause, Word):
        return [clause.text]
    if isinstance(clause, Phrase):
        return list(clause.words)
    if isinstance(clause, IndexTerm):
        return []
    return [w for c in clause.clauses for w in clause_words(c)]
