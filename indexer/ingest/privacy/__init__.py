"""Redact personal data (AVG/GDPR) from document text before it reaches the index.

What goes, each replaced by ``PLACEHOLDER`` (no word characters, so the
analyzers drop it, and it reads as an ellipsis in a snippet):

- e-mail addresses, except the roster's work addresses (``keep_emails``);
- IBANs of a known country (upper or lower case, compact or printed in groups of four)
  whose mod-97 check passes;
- dates (and years) of birth near "geboren", "geb.", "geboortedatum",
  "geboorteplaats en -datum", "geboortejaar", "date/year of birth", "DOB", "born",
  also when the date is on the next line (a docx table row "Geboortedatum | 11-04-1991"
  arrives as two cells joined by a newline);
- phone numbers, Dutch and international ("+31 (0)6 …", "+32 470 …"), with
  non-breaking spaces, en dashes or one line break inside, except the roster's
  work numbers (``keep_phones``, compared on digits: +31 (0)20 … equals 020-…);
- BSNs: nine digits, plain or grouped 3-3-3 / 4-2-3 by spaces, dots or hyphens,
  only when the 11-proef passes (so a personnel number is not eaten);
- Belgian rijksregisternummers (YY.MM.DD-XXX.CC), only when the date part is
  plausible and the mod-97 check passes;
- home addresses: "Adres:"/"Address:"/"Woonplaats:" lines (or the next line when the
  label stands alone, as in a table: a work address under an "Adres" heading goes too),
  Dutch streets with a house number, English street addresses, Dutch postcodes
  (1234 AB); and a labelled place of birth ("Geboorteplaats: …"), which says nothing
  about expertise;
- everything in ``forget``: the names and e-mail addresses of colleagues who were
  removed or objected (see ``redact``).

What stays, on purpose: certificate dates ("Geldig tot 12-05-2027"), years and
periods in a CV ("2010 - 2014"), numbers that fail the checks above, and
BIG-registration numbers: the BIG register is public by law (Wet BIG) and a
colleague's BIG number is exactly the professional registration staff look for.
A BIG number written next to "BIG" is protected, like the roster's work contacts.

Limits: detection is pattern-based. A date of birth without a keyword, a place of birth
without a label, a name in free text (unless in ``forget``), an IBAN with odd spacing and
digits other than ASCII 0-9 (extraction folds full-width ones with NFKC) are not found.

How, module by module:

- ``text``: the text is first mapped, character for character, onto a detection copy
  in which exotic spaces, dashes and apostrophes are plain ASCII, so every span found
  in the copy is a span of the original;
- ``emails``, ``numbers`` (IBANs, phones, BSNs, rijksregisternummers and their checks),
  ``births``, ``addresses`` and ``forget``: every detector scans that copy once and
  yields spans;
- ``redact`` (here): kept work contacts and BIG numbers are protected spans that veto
  overlapping ones; forgotten names and e-mails are forced (they win over a protected
  span); the rest are merged and replaced in one pass.

Cost: linear in the text. Every repetition is bounded, separators have one way to
match (no catastrophic backtracking), backward looks are capped windows, label words
are found by substring search (no scan back to the line start per colon), patterns
start with a literal or a character class so the regex engine skips ahead, number
patterns only run inside "numeric runs" (long free-standing digit runs are blanked
first), and a detector only runs when the text holds the characters it needs. A
three-page CV costs about a millisecond; 8 MB of "a:", digits, "1 ", spaces, dots or
"@" costs 0.2-0.9 s on two shared cores (it was minutes).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterable, Iterator

from indexer.ingest.privacy.addresses import find_labelled, find_postcodes, find_streets
from indexer.ingest.privacy.births import find_births
from indexer.ingest.privacy.emails import email_keys, find_emails
from indexer.ingest.privacy.forget import NO_FORGET, find_forgotten, forget_plan
from indexer.ingest.privacy.numbers import (
    elfproef,
    find_big_numbers,
    find_ibans,
    find_numbers,
    iban_valid,
    phone_key,
    phone_keys,
    rijksregister_valid,
)
from indexer.ingest.privacy.text import PLACEHOLDER, Span, detection_copy, lower

__all__ = ["PLACEHOLDER", "elfproef", "iban_valid", "phone_key", "redact", "rijksregister_valid"]

_DIGIT = re.compile(r"[0-9]")
_LETTER = re.compile(r"[A-Za-z]")
_UPPER = re.compile(r"[A-Z]")  # street names and postcodes need a capital


def redact(text: str, *, keep_phones: Collection[str] = (), keep_emails: Collection[str] = (),
           forget: Iterable[str] = ()) -> str:
    """*text* with personal data replaced by PLACEHOLDER; work contacts in keep_* stay.

    *forget* holds names and e-mail addresses of colleagues who were removed or
    objected. Every occurrence goes, whatever the keep_* say, compared case-
    insensitively, ignoring diacritics (Zoë = Zoe) and across any whitespace:

    - an e-mail address as a whole address (not inside a longer one), and its local
      part on its own when it reads like a login ("nicole.dewit");
    - a name of at least a given name and a surname: "Nicole de Wit", also written
      "N. de Wit", "N.de Wit", "De Wit, Nicole", "Wit, N. de"; with several given names
      ("Anna Maria de Vries") also "Anna de Vries" and "A.M. de Vries". An initial needs
      its dot. A single word ("Nicole", "Wit") or a bare surname ("de Wit") is never
      forgotten on its own: too many other people and words share it.
    """
    if not text:
        return text
    norm = detection_copy(text)
    low = lower(norm)
    spans: list[Span] = []
    protected: list[Span] = []
    forced: list[Span] = []
    plan = forget_plan(forget) if forget else NO_FORGET
    if "@" in norm:
        find_emails(norm, email_keys(frozenset(keep_emails)), plan.emails, spans, protected,
                    forced)
    if _DIGIT.search(norm):  # each detector only where it can match at all
        find_numbers(norm, phone_keys(frozenset(keep_phones)), spans, protected)
        if _LETTER.search(norm):
            protected += find_big_numbers(norm)
            spans += find_ibans(norm)
            spans += find_births(low)
        if _UPPER.search(norm):
            spans += find_streets(norm)
            spans += find_postcodes(norm)
    spans += find_labelled(norm, low)
    forced += find_forgotten(norm, plan)
    return _apply(text, spans, protected, forced) if spans or forced else text


def _apply(text: str, spans: list[Span], protected: list[Span], forced: list[Span]) -> str:
    """Replace the merged spans that do not touch a protected (kept) span, and the forced."""
    keep = _merge(iter(protected))
    keep_ends = [e for _s, e in keep]
    chosen = [s for s in spans if not _overlaps(s, keep, keep_ends)] + forced
    out: list[str] = []
    pos = 0
    for start, end in _merge(iter(chosen)):
        out += [text[pos:start], PLACEHOLDER]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _merge(spans: Iterator[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _overlaps(span: Span, keep: list[Span], keep_ends: list[int]) -> bool:
    """Whether *span* overlaps one of *keep* (merged, sorted; ends in *keep_ends*)."""
    i = bisect_right(keep_ends, span[0])
    return i < len(keep) and keep[i][0] < span[1]

