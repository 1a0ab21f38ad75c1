"""Which certificates a role or department requires (``EXPERTISE_REQUIREMENTS``).

A plain file, one rule per line, ``role or department: certificate, certificate``::

    # Zorggroep De Linde, 2026
    Wijkverpleegkundige: BLS, BIG-registratie
    Geriatrie: Dementie

Blank lines and ``#`` comments are skipped; a line that is not a rule is an error
with its line number. A rule applies to a colleague whose role or department is the
rule's name (case and accents aside). Required names are matched to the
certificates colleagues hold through the synonym groups the search uses, so "BLS"
is met by "BLS / Reanimatie" or "Basic Life Support".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from indexer.language.thesaurus import Thesaurus, normalize

MAX_RULES = 1_000


class RequirementsError(ValueError):
    """The requirements file cannot be used; str() names the line."""


@dataclass(frozen=True)
class Requirement:
    """One rule: who (a role or a department) must hold which certificates."""

    scope: str
    certificates: tuple[str, ...]
    line: int

    def applies_to(self, role: str, department: str) -> bool:
        """Whether a colleague with this role and department falls under the rule."""
        key = normalize(self.scope)
        return key in (normalize(role), normalize(department))


def parse_requirements(text: str, name: str = "requirements") -> tuple[Requirement, ...]:
    """The rules of a requirements file; RequirementsError with the line number if bad."""
    rules: list[Requirement] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        scope, colon, rest = line.partition(":")
        certificates = tuple(dict.fromkeys(c.strip() for c in rest.split(",") if c.strip()))
        if not colon or not normalize(scope) or not certificates:
            raise RequirementsError(
                f"{name}, line {number}: expected 'role or department: certificate, "
                f"certificate', got {raw.strip()!r}")
        if any(not normalize(c) for c in certificates):
            raise RequirementsError(f"{name}, line {number}: a certificate name has no letters "
                                    f"or digits: {raw.strip()!r}")
        rules.append(Requirement(scope.strip(), certificates, number))
        if len(rules) > MAX_RULES:
            raise RequirementsError(f"{name}, line {number}: more than {MAX_RULES} rules")
    return tuple(rules)


def load_requirements(path: str | Path) -> tuple[Requirement, ...]:
    """The rules in *path* ("" or no path: none); RequirementsError if unreadable or bad."""
    if not str(path):
        return ()
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RequirementsError(f"{path}: cannot be read ({exc})") from None
    return parse_requirements(text, str(path))


class CertificateNames:
    """Tells whether a certificate a colleague holds is the one a rule or a need names.

    A name stands for itself and for the phrases of its synonym groups (hand-made
    groups only, such as ``reanimatie = BLS = CPR = basic life support``; the ESCO
    translations are too loose to decide who is qualified). A certificate matches when
    one of those phrases is its whole name or a run of whole words in it: "BLS" matches
    "BLS / Reanimatie" and "Basic Life Support (BLS)", not "BLSX".
    """

    def __init__(self, thesaurus: Thesaurus) -> None:
        self.thesaurus = thesaurus

    def phrases(self, name: str) -> frozenset[str]:
        """The normalised phrases *name* stands for."""
        own = normalize(name)
        synonyms = {normalize(e.phrase) for e in self.thesaurus.expand(name)
                    if e.source.startswith("synonyms:")}
        return frozenset({own, *synonyms} - {""})

    def matches(self, required: str, held: str) -> bool:
        """Whether the certificate named *held* meets the name *required*."""
        words = f" {normalize(held)} "
        return any(f" {phrase} " in words for phrase in self.phrases(required))

    def first_match(self, required: str, held: Iterable[str]) -> str | None:
        """The first of *held* that meets *required*, or None."""
        return next((h for h in held if self.matches(required, h)), None)
