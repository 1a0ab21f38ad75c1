"""E-mail addresses: the roster's work addresses kept, forgotten ones forced, the rest redacted."""

from __future__ import annotations

import re
from functools import lru_cache

from indexer.ingest.privacy.text import Span

_DOMAIN = r"@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,10}\.[A-Za-z]{2,24}"
# The usual address in one pass: a local part of at most 64 characters that starts a word.
_EMAIL = re.compile(rf"\w(?<![\w.%+-]\w)[\w.%+-]{{0,63}}+{_DOMAIN}")
# The rest (a longer run before the "@", ".anna@…"): anchored on the "@", the domain
# forwards, the local part backwards in a capped window.
_EMAIL_DOMAIN = re.compile(_DOMAIN)
_LOCAL_REVERSED = re.compile(r"[\w.%+-]{1,64}")
_EMAIL_DENSE = 50  # an "@" per this many characters makes the one-pass regex cheaper


def find_emails(text: str, kept: frozenset[str], forgotten: frozenset[str],
                spans: list[Span], protected: list[Span], forced: list[Span]) -> None:
    """E-mail addresses: kept ones protected, forgotten ones forced, the rest redacted."""

    def add(span: Span) -> None:
        address = text[span[0]:span[1]].lower()
        (forced if address in forgotten else protected if address in kept else spans).append(span)

    ats = text.count("@")
    # Many "@"s: one regex pass over the text; a few: look around each "@" only.
    found = [m.span() for m in _EMAIL.finditer(text)] if ats * _EMAIL_DENSE > len(text) else []
    for span in found:
        add(span)
    if len(found) == ats:
        return
    covered = {text.find("@", start) for start, _end in found}
    for domain in _EMAIL_DOMAIN.finditer(text):
        at = domain.start()
        if at in covered:
            continue
        local = _LOCAL_REVERSED.match(text[max(0, at - 64):at][::-1])
        if not local:
            continue
        start = at - local.end()
        while start < at and text[start] in ".%+-":  # no address starts with these
            start += 1
        if start == at:
            continue
        add((start, domain.end()))


@lru_cache(maxsize=8)
def email_keys(emails: frozenset[str]) -> frozenset[str]:
    """The work addresses to keep, as compared: stripped and lower-cased."""
    return frozenset(e.strip().lower() for e in emails if e)
