"""What a certificate is for and who issued it, with canonical names for the well-known ones."""

from __future__ import annotations

import re

from indexer.ingest.certificates.dates import DATE

# Canonical names make the same certificate look the same across people and issuers;
# None keeps the matched words (versions matter for ITIL and PRINCE2).
_KNOWN_SUBJECTS: tuple[tuple[re.Pattern[str], str | None], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), canonical)
    for pattern, canonical in (
        (r"\bBIG[- ]?regist(?:ratie|er)\b|\bBIG\b", "BIG-registratie"),
        (r"\bBLS\b|reanimatie|basic life support|\bcpr\b", "BLS / Reanimatie"),
        (r"\bVCA[- ]?VOL\b", "VCA-VOL"),
        (r"\bVCA\b", "VCA-basis"),
        (r"\bITIL\b(?:[ ®]*v?\d)?(?: (?:Foundation|Practitioner|Specialist))?", None),
        (r"\bPRINCE2\b(?:[ ®]*(?:Foundation|Practitioner|Agile))*", None),
        (r"wondzorg|wondverzorging|wound care|decubitus", "Wondzorg"),
        (r"medicatieveiligheid|medication safety|veilig medicatie", "Medicatieveiligheid"),
        (r"palliatieve zorg|palliative care", "Palliatieve zorg"),
        (r"dementie|dementia", "Dementie"),
        (r"tillift|til- en transfer|tiltechniek|patient handling", "Tilliften"),
        (r"infectiepreventie|infection prevention|infection control|hygiëne", "Infectiepreventie"),
        (r"\bBHV\b|bedrijfshulpverlening", "BHV"),
        (r"\bEHBO\b|first aid", "EHBO"),
        (r"voorbehouden handelingen", "Voorbehouden handelingen"),
        (r"diabetes", "Diabeteszorg"),
        (r"\bAVG\b|\bGDPR\b|privacywetgeving", "AVG / Privacy"),
    )
)
_SUBJECT_PHRASES = re.compile(
    r"(?:heeft (?:met goed gevolg )?deelgenomen aan|met goed gevolg(?: afgerond| afgelegd)?:?"
    r"|for successfully completing|has successfully completed|has completed"
    r"|certificaat(?: voor| van)?|certificate(?: of| in| for)?|diploma)"
    r"[ \t:]+(?:(?:de|het|the|een|a)\s+)?(?:(?:cursus|training|opleiding|examen|module|course"
    r"|e-learning|exam)\s+)?(?P<subject>[^\n.;]{3,80})",
    re.IGNORECASE,
)
_SUBJECT_TAIL = re.compile(
    r"\s+(?:afgerond|afgelegd|behaald|voltooid|gevolgd|course|training|volgens|according|op|on"
    r"|d\.d\.|dated)\b.*$",
    re.IGNORECASE,
)
_GENERIC_TITLE = re.compile(
    r"^(?:certifica(?:at|te)|diploma|bewijs|deelnamebewijs|certificate of (?:completion|"
    r"achievement|attendance)|verklaring|registratie)\W*$",
    re.IGNORECASE,
)


def _known_subject(text: str) -> str:
    for pattern, canonical in _KNOWN_SUBJECTS:
        match = pattern.search(text)
        if match:
            return canonical or " ".join(match.group(0).split())
    return ""


def certificate_name(text: str, title: str) -> str:
    """The certificate's subject: a known one by its canonical name, else its own words."""
    head = "\n".join(text.splitlines()[:25])
    phrase = ""
    for match in _SUBJECT_PHRASES.finditer(head):
        candidate = _SUBJECT_TAIL.sub("", match.group("subject")).strip(" :,-–\"'")
        if (
            candidate
            and not DATE.match(candidate)
            and not candidate.lower().startswith(
                ("nummer", "number", "hierbij", "that", "dat", "aan", "to ")
            )
        ):
            phrase = candidate
            break
    for source in (title, phrase, head):
        known = _known_subject(source)
        if known:
            return known
    if phrase:
        return phrase
    for line in [title, *text.splitlines()[:8]]:
        line = line.strip()
        if line and not _GENERIC_TITLE.match(line) and not _known_issuer(line):
            return re.sub(r"^(?:certificaat|certificate|diploma)\s+", "", line, flags=re.I)[:80]
    return ""


# --- issuer ----------------------------------------------------------------------------------
_KNOWN_ISSUERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), canonical)
    for pattern, canonical in (
        (r"\bNRR\b|Nederlandse Reanimatieraad", "NRR"),
        (r"BIG-register|\bCIBG\b", "BIG-register"),
        (r"\bSSVV\b|Stichting Samenwerken voor Veiligheid", "SSVV"),
        (r"\bV&VN\b|Verpleegkundigen & Verzorgenden Nederland", "V&VN"),
        (r"\bNIBHV\b", "NIBHV"),
        (r"\bPeopleCert\b", "PeopleCert"),
        (r"\bAXELOS\b", "AXELOS"),
        (r"\bEXIN\b", "EXIN"),
        (r"\bEuropean Resuscitation Council\b|\bERC\b", "ERC"),
        (r"Het Oranje Kruis|\bOranje Kruis\b", "Het Oranje Kruis"),
        (r"\bVilans\b", "Vilans"),
        (r"\bNCOI\b", "NCOI"),
        (r"\bLOI\b", "LOI"),
    )
)
_ISSUER_PHRASE = re.compile(
    r"(?:uitgereikt|afgegeven|verstrekt|uitgegeven|issued|awarded|certified)\s+(?:door|by)\s*:?\s*"
    r"(?:(?:de|het|the)\s+)?(?P<issuer>[^\n;]{2,80})",
    re.IGNORECASE,
)


def _known_issuer(text: str) -> str:
    for pattern, canonical in _KNOWN_ISSUERS:
        if pattern.search(text):
            return canonical
    return ""


def issuer_of(text: str) -> str:
    """Who issued the certificate: the "issued by ..." phrase, else a known issuer."""
    match = _ISSUER_PHRASE.search(text)
    if match:
        issuer = match.group("issuer")
        # "uitgereikt door X op 5 maart 2024" / "issued by X on ..." / "X, Utrecht"
        issuer = re.split(r"\s+(?:op|on|d\.d\.|te|in)\s+|\s+\d|,\s", issuer, maxsplit=1)[0]
        issuer = issuer.strip(" \t.:-–")
        if issuer:
            return issuer
    for line in text.splitlines()[:40]:
        known = _known_issuer(line)
        if known:
            return known
    return ""
