"""What staff typed -> an engine-neutral Query, forgiving where it can, clear where not.

Supported: plain words (ranked, any may match), "exact phrases", AND / OR /
NOT (and EN / OF / NIET, -word), parentheses-free power use, and filters
``dept:`` / ``afdeling:``, ``loc:`` / ``locatie:``, ``kind:`` / ``soort:``.
Unbalanced quotes are closed, lonely operators dropped; a query with nothing
left to search for raises QueryError with a sentence for the user.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from indexer.language.words import PROTECTED_ACRONYMS, fold, stop_words, wordset
from indexer.query import Clause, Filters, Group, Phrase, Query, Word
from indexer.store.records import KINDS, Kind

MAX_QUERY_CHARS = 500
MAX_WORDS = 32
DOCUMENT_KINDS: tuple[Kind, ...] = KINDS
# What may follow "kind:" / "soort:", in both languages.
KIND_WORDS: dict[str, Kind] = {"cv": "cv", "certificate": "certificate",
                               "certificaat": "certificate", "document": "document",
                               "diploma": "certificate"}
FILTER_NAMES = {"dept": "dept", "afdeling": "dept", "department": "dept",
                "loc": "loc", "locatie": "loc", "location": "loc",
                "kind": "kind", "soort": "kind", "type": "kind"}
AND_WORDS, OR_WORDS, NOT_WORDS = {"and", "en", "&&"}, {"or", "of", "||"}, {"not", "niet"}
TOKEN = re.compile(r'(?P<filter>\w+):(?:"(?P<fq>[^"]*)"?|(?P<fv>\S+))'
                   r'|(?P<sign>[+-]?)"(?P<phrase>[^"]*)"?'
                   r'|(?P<word>[^\s"]+)')
WORD_CHARS = re.compile(r"[\w][\w+#.'-]*")


_STOP_WORDS = stop_words("nl") | stop_words("en")


class QueryError(ValueError):
    """The query cannot be searched; the message is shown to the user as is."""


@dataclass(frozen=True)
class _Item:
    clause: Clause
    negate: bool = False


def parse(text: str, *, filters: Filters | None = None) -> Query:
    """Parse a query string; raise QueryError with a readable sentence when hopeless."""
    if text is None or not text.strip():
        raise QueryError("Typ een of meer woorden om te zoeken.")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"De zoekvraag is te lang (meer dan {MAX_QUERY_CHARS} tekens).")
    text = "".join(c for c in unicodedata.normalize("NFC", text)
                   if unicodedata.category(c)[0] != "C" or c in "\t\n")
    base = filters or Filters()
    depts, locs, kinds = list(base.departments), list(base.locations), list(base.kinds)
    items: list[_Item] = []
    mode = "any"
    negate_next = False
    for m in TOKEN.finditer(text):
        if m.group("filter"):
            name = FILTER_NAMES.get(m.group("filter").lower())
            value = (m.group("fq") if m.group("fq") is not None else m.group("fv") or "").strip()
            if name and value:
                if name == "dept":
                    depts.append(value)
                elif name == "loc":
                    locs.append(value)
                elif value.lower() in KIND_WORDS:
                    kinds.append(KIND_WORDS[value.lower()])
                else:
                    raise QueryError(f"Onbekende soort '{value}': kies cv, certificaat of "
                                     "document.")
                continue
            items.extend(_words(m.group(0), negate_next))  # not a filter: plain words
            negate_next = False
            continue
        if m.group("phrase") is not None:
            words = tuple(w.group(0) for w in WORD_CHARS.finditer(m.group("phrase")))[:MAX_WORDS]
            if words:
                clause: Clause = Phrase(words) if len(words) > 1 else Word(words[0])
                items.append(_Item(clause, negate=negate_next or m.group("sign") == "-"))
            negate_next = False
            continue
        raw = m.group("word")
        low = raw.lower()
        if raw in ("AND", "EN", "&&") or (low in AND_WORDS and raw.isupper()):
            mode = "all"
            continue
        if raw in ("OR", "OF", "||"):
            continue
        if raw in ("NOT", "NIET"):
            negate_next = True
            continue
        items.extend(_words(raw, negate_next))
        negate_next = False
    positive = _content([i for i in items if not i.negate])[:MAX_WORDS]
    negative = tuple(i.clause for i in items if i.negate)
    if not positive:
        if negative:
            raise QueryError("Alleen uitsluiten kan niet: zeg ook wat u zoekt, "
                             "bijvoorbeeld 'wondzorg NOT decubitus'.")
        raise QueryError("De zoekvraag bevat geen woorden om op te zoeken.")
    must = Group(tuple(i.clause for i in positive), mode=mode)
    return Query(must=must, must_not=negative, filters=Filters(
        departments=tuple(depts), locations=tuple(locs), kinds=tuple(dict.fromkeys(kinds)),
        valid_certificates_only=base.valid_certificates_only,
        hidden_documents=base.hidden_documents))


# How staff ask, not what they ask about: "wie weet er iets van decubitus?", "ik zoek
# iemand met ervaring in wondzorg", "who knows about fall prevention?". Left out, with
# the stop words, as long as a word that says what is asked about remains.
QUESTION_WORDS = wordset("""
    wie weet weten kent kennen iets iemand ergens zoek zoeken gezocht ervaring ervaren kennis
    verstand kan kunnen mij ik graag heeft hebben waar
    who knows know anyone anybody someone somebody looking experienced familiar can could
    please
""")


# Words that ask only when a preposition follows: "ervaring met", "experience in",
# "help with" (but "customer experience", "eerste hulp" are topics).
LEAD_INS = wordset("ervaring experience expertise kennis knowledge hulp help")
_PREPOSITIONS = wordset("in met van bij op over with of on about for")


def _content(items: list[_Item]) -> list[_Item]:
    """*items* without question and function words, unless nothing else would remain."""
    words = [fold(i.clause.text).strip("?!.,") if isinstance(i.clause, Word) else ""
             for i in items]

    def filler(n: int) -> bool:
        clause = items[n].clause
        if not isinstance(clause, Word):
            return False
        if clause.text.isupper() and clause.text.lower() in PROTECTED_ACRONYMS:  # "IT"
            return False
        follows = words[n + 1] if n + 1 < len(words) else ""
        return words[n] in QUESTION_WORDS or words[n] in _STOP_WORDS or (
            words[n] in LEAD_INS and follows in _PREPOSITIONS)

    kept = [item for n, item in enumerate(items) if not filler(n)]
    return kept or items


def _words(raw: str, negate: bool) -> list[_Item]:
    sign = raw[0] if raw[0] in "+-" and len(raw) > 1 else ""
    found = [w.group(0).strip(".'-") for w in WORD_CHARS.finditer(raw[len(sign):])]
    return [_Item(Word(w), negate=negate or sign == "-") for w in found if w]
