"""Every setting once, with its default and help text; read from EXPERTISE_* variables.

Only the app factory and the CLIs call ``Settings.from_env()``; deeper code
receives a Settings (or the SearchConfig derived from it).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from finder import ranking
from finder.search import SearchConfig

PREFIX = "EXPERTISE_"


def _s(default: Any, help: str) -> Any:  # noqa: A002 - "help" reads best here
    if isinstance(default, list | tuple):
        return field(default_factory=lambda: tuple(default), metadata={"help": help})
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """The finder's configuration. Environment variable = EXPERTISE_ + the name in capitals."""

    index: Path = _s(Path("var/index"), "Index directory written by expertise-indexer.")
    host: str = _s("127.0.0.1", "Address `serve` listens on.")
    port: int = _s(8000, "Port `serve` listens on.")
    page_size: int = _s(10, "Colleagues per results page.")
    language: str = _s("nl", "Default interface language (nl or en); browsers may ask for "
                       "the other one.")
    auth: str = _s("none", "Access control: none (demo), header (trusted reverse-proxy SSO "
                   "header) or basic (HTTP basic).")
    auth_header: str = _s("X-Remote-User", "With auth=header: the header the proxy sets.")
    basic_users: str = _s("", "With auth=basic: comma-separated user:password pairs.")
    admin_token: str = _s("", "Token for /admin (sent as ?token= or Bearer); empty disables "
                          "/admin.")
    allow_downloads: bool = _s(False, "Let staff download a colleague's documents from their "
                               "profile (needs EXPERTISE_SHARE).")
    share: str = _s("", "The document share the index was built from (only read for "
                    "downloads).")
    synonyms: tuple[str, ...] = _s((), "Extra synonym files (one group per line: a = b = c), "
                                   "separated by ':'.")
    model: str = _s("fused", "Ranking model: document, profile or fused.")
    expansion: bool = _s(True, "Expand queries with the thesaurus and Dutch-English terms.")
    expansion_weight: float = _s(0.7, "Weight of expansion terms against the user's own "
                                 "words.")
    concept_weight: float = _s(0.8, "Weight of English words found through ESCO occupations "
                               "for Dutch words the thesaurus can't translate (0 turns it "
                               "off).")
    feedback_people: int = _s(5, "Relevance feedback: learn extra terms from the best N "
                              "colleagues' text (0 turns it off; it doubles query time).")
    cache_size: int = _s(512, "Result pages kept in memory per index generation (0 turns "
                         "the cache off).")
    profile_weight: float = _s(0.7, "Weight of the profile-centric score in the fused model.")
    document_weight: float = _s(0.3, "Weight of the document-centric score in the fused model.")
    expiring_days: int = _s(90, "A certificate expiring within this many days is flagged.")
    max_request_bytes: int = _s(16_384, "Largest request (URL + headers) the app accepts.")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from EXPERTISE_* variables, defaults for the rest."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = _convert(f.type, raw, f.name)
        return cls(**values)

    def search_config(self) -> SearchConfig:
        """The ranking settings the search core needs."""
        return SearchConfig(
            model=self.model, expansion=self.expansion, expansion_weight=self.expansion_weight,
            concept_weight=self.concept_weight,
            feedback_people=self.feedback_people, cache_size=self.cache_size,
            weights=dataclasses.replace(ranking.Weights(), profile=self.profile_weight,
                                        document=self.document_weight),
            expiring_days=self.expiring_days,
            synonym_files=tuple(Path(p) for p in self.synonyms))


def documented() -> list[tuple[str, str, str]]:
    """(variable, default, help) for every setting: the README's table."""
    out = []
    for f in fields(Settings):
        factory = f.default_factory
        default = f.default if factory is dataclasses.MISSING else factory()
        out.append((PREFIX + f.name.upper(), str(default), f.metadata["help"]))
    return out


def _convert(kind: Any, raw: str, name: str) -> Any:
    kind = str(kind)
    try:
        if kind == "bool":
            if raw.lower() not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError(raw)
            return raw.lower() in {"1", "true", "yes", "on"}
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "Path":
            return Path(raw)
        if kind.startswith("tuple"):
            return tuple(p for p in raw.split(":") if p)
    except ValueError as exc:
        raise ValueError(f"{PREFIX}{name.upper()}={raw!r} is not a valid {kind}") from exc
    return raw
