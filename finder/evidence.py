"""Evidence: the votes a document casts, and the passages shown for a colleague.

- ``votes``: one ``ranking.Vote`` per person a retrieved document belongs to, with
  its association strength, kind, certificate validity today and date;
- ``passages``: a colleague's best documents by the value of their vote, each as
  an ``Evidence`` with the query's words marked (``finder.snippets``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from finder import ranking
from finder.snippets import Marker, snippet
from indexer.ingest.certificates import validity
from indexer.store import Association, DocHit, Kind, StoredDocument, Validity
from indexer.store.records import as_validity


@dataclass(frozen=True)
class Evidence:
    """A passage that made a colleague rank."""

    document: str
    title: str
    kind: Kind
    snippet: str  # escaped HTML; only <mark> is markup
    certificate: str = ""
    validity: Validity | Literal[""] = ""  # "" when not a certificate
    expires: str = ""  # ISO date
    association: Association = "owner"


def certificate_validity(doc: StoredDocument, today: date,
                         expiring_days: int) -> Validity | Literal[""]:
    """Valid, expiring, expired or unknown today; "" when *doc* is no certificate."""
    if doc.kind != "certificate":
        return ""
    return as_validity(validity(doc.expires, today, expiring_days))


def vote(hit: DocHit, person_id: str, today: date, expiring_days: int) -> ranking.Vote:
    """A retrieved document's vote for one of its people."""
    doc = hit.document
    return ranking.Vote(person_id=person_id, doc_id=hit.doc_id, relevance=hit.score,
                        strength=doc.strength(person_id), kind=doc.kind,
                        validity=certificate_validity(doc, today, expiring_days),
                        modified=doc.modified)


def votes(hit: DocHit, today: date, expiring_days: int) -> list[ranking.Vote]:
    """The votes of one retrieved document, one per person it belongs to."""
    return [vote(hit, pid, today, expiring_days) for pid in hit.document.persons]


def passages(hits: list[tuple[DocHit, ranking.Vote]], marker: Marker, today: date,
             weights: ranking.Weights, count: int,
             text: Callable[[str], str] | None = None) -> tuple[Evidence, ...]:
    """The *count* documents whose votes weigh most for one colleague and that show a
    marked match, as Evidence.

    *hits* pairs each document with its vote for this colleague; *marker* marks the
    query's words and expansions in the passage. *text* reads a document's text by id,
    for hits retrieved without it (``Snapshot.document_text``).
    """
    ranked = sorted(hits, key=lambda pair: -ranking.vote_value(pair[1], today, weights))
    out: list[Evidence] = []
    for hit, vote in ranked:
        if len(out) == count:
            break
        doc = hit.document
        html, marked = snippet(text(doc.doc_id) if text else doc.content, marker, doc.lang)
        if not marked:  # found through a hint or feedback term only: no evidence to show
            continue
        out.append(Evidence(
            document=hit.doc_id, title=doc.title, kind=doc.kind, snippet=str(html),
            certificate=doc.cert_name if doc.kind == "certificate" else "",
            validity=vote.validity,
            expires=doc.expires.isoformat() if doc.expires else "",
            association=doc.association(vote.person_id)))
    return tuple(out)
