"""Document kinds and certificate facts: subject, issuer, issue and expiry dates (nl/en).

- ``kinds``: ``detect_kind`` tells a CV, a certificate and another document apart;
- ``dates``: dates as certificates print them, after labels ("Geldig tot", "valid until");
- ``subjects``: what the certificate is for and who issued it;
- here: ``parse_certificate`` puts them together, ``validity`` says what a date means today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from indexer.ingest.certificates.dates import find_labelled, parse_date_at, unlabelled_dates
from indexer.ingest.certificates.kinds import CERTIFICATE, CV, DOCUMENT, detect_kind
from indexer.ingest.certificates.subjects import certificate_name, issuer_of


@dataclass(frozen=True)
class CertificateInfo:
    """What a certificate says about itself; empty strings and None when it does not say."""

    name: str
    issuer: str
    issued: date | None
    expires: date | None


def parse_certificate(text: str, title: str = "") -> CertificateInfo:
    """Read subject, issuer and dates from a certificate's text (Dutch or English wordings)."""
    # PDF text layers end lines with \r\n (pdfium) or lone \r; the patterns work on \n.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    issued, expires, used = find_labelled(text)
    if issued is None:
        # A certificate with one unlabelled date ("Utrecht, 5 maart 2024") states its issue date.
        spare = [when for start, when in unlabelled_dates(text) if start not in used]
        if len(spare) == 1 and (expires is None or spare[0] < expires):
            issued = spare[0]
    return CertificateInfo(
        name=certificate_name(text, title),
        issuer=issuer_of(text),
        issued=issued,
        expires=expires,
    )


def validity(expires: date | None, today: date, soon_days: int = 90) -> str:
    """Return "valid", "expiring" (within soon_days, expiry day included), "expired", "unknown"."""
    if expires is None:
        return "unknown"
    # "geldig tot 12 maart" is read as valid through that day: expired only the day after.
    if expires < today:
        return "expired"
    if expires - today <= timedelta(days=soon_days):
        return "expiring"
    return "valid"


__all__ = [  # noqa: RUF022 - grouped by kind, not sorted
    "CERTIFICATE", "CV", "DOCUMENT", "CertificateInfo", "detect_kind", "parse_certificate",
    "parse_date_at", "validity",
]  # fmt: skip
