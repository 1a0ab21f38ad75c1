"""A document's kind, "cv", "certificate" or "document": folder over file name over content."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

CV = "cv"
CERTIFICATE = "certificate"
DOCUMENT = "document"

# fmt: off
# Folder names seen in e-portfolios ("kwaliteitspaspoort") and HR shares.
_CERT_FOLDERS = frozenset((
    "certificates", "certificate", "certificaten", "certificaat", "certs", "diplomas", "diploma",
    "diploma's", "diplomas_en_certificaten", "bewijzen", "registraties", "kwaliteitspaspoort",
    "e-portfolio", "scholing",
))
_CV_FOLDERS = frozenset(("cv", "cvs", "cv's", "curriculum", "resume", "resumes"))
# Word-bounded so "cvs-export" or "moscow" decide nothing by accident.
_CV_NAME = re.compile(r"(?<![a-z])(cv|curriculum|r[eé]sum[eé]|levensloop|lebenslauf)(?![a-z])")
_CERT_NAME = re.compile(
    r"certifica|diploma|bewijs|registratie|getuigschrift|(?<![a-z])big(?![a-z])"
)
_CV_MARKERS = (
    "curriculum vitae", "werkervaring", "opleidingen", "opleiding", "personalia", "vaardigheden",
    "work experience", "professional experience", "education", "skills", "employment history",
    "levensloop", "nevenactiviteiten",
)
_CERT_STRONG = (
    "heeft met goed gevolg", "met goed gevolg", "is hereby certified", "hereby certifies",
    "this is to certify", "verklaart dat", "heeft deelgenomen aan", "has successfully completed",
    "for successfully completing", "bewijs van inschrijving", "ingeschreven in het big-register",
    "bewijs van big-registratie", "proof of big registration", "registered in the big register",
)
_CERT_WEAK = (
    "certificaat", "certificate", "diploma", "geldig tot", "geldig t/m", "valid until",
    "vervaldatum", "expiry date", "expires", "uitgereikt", "issued by", "deelnamebewijs",
    "accreditatie", "certificaatnummer", "certificate number",
)
# fmt: on


def detect_kind(relpath: str, text: str, title: str = "") -> str:
    """Return "cv", "certificate" or "document"; the folder wins over the name over the content."""
    path = PurePosixPath(relpath.replace("\\", "/").lower())
    for folder in path.parts[:-1]:
        if folder in _CERT_FOLDERS:
            return CERTIFICATE
        if folder in _CV_FOLDERS:
            return CV
    stem = path.stem
    if _CV_NAME.search(stem):
        return CV
    if _CERT_NAME.search(stem):
        return CERTIFICATE
    return _kind_from_content(f"{title}\n{text}")


def _kind_from_content(text: str) -> str:
    # Only the opening counts: a long protocol may mention "certificaat geldig tot" deep down.
    head = text[:4000].lower()
    cv_score = sum(marker in head for marker in _CV_MARKERS)
    if "curriculum vitae" in head or "levensloop" in head:
        cv_score += 2
    strong = any(phrase in head for phrase in _CERT_STRONG)
    cert_score = sum(word in head for word in _CERT_WEAK) + (2 if strong else 0)
    if cv_score >= 2 and cv_score >= cert_score:
        return CV
    # A long text with a few certificate words is a document about certificates.
    if strong and (len(text) < 8000 or cert_score >= 3):
        return CERTIFICATE
    if cert_score >= 2 and len(text) < 4000:
        return CERTIFICATE
    if cv_score >= 2:
        return CV
    return DOCUMENT
