"""Every setting once, with its default, help text and allowed values; read from EXPERTISE_*.

Only the app factory and the CLIs call ``Settings.from_env()``; deeper code
receives a Settings (or the SearchConfig derived from it). A Settings is checked
when it is made, from the environment or in code: a value outside what its
declaration allows raises SettingError, whose message is one line naming the variable.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from finder import ranking
from finder.requirements import Requirement, RequirementsError, load_requirements
from finder.search import SearchConfig
from finder.web.assets import LANGUAGES
from finder.web.openapi import MAX_LIMIT
from finder.web.security import parse_networks, parse_users

PREFIX = "EXPERTISE_"
AUTH_MODES = ("none", "header", "basic")
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
MIN_ADMIN_TOKEN = 16
BASE_URL = re.compile(r"https?://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?(/[^\s?#]*)?")


class SettingError(ValueError):
    """A setting the finder cannot run with; str() is one line: variable, value, what's allowed."""


def _s(default: Any, help: str, *, choices: tuple[str, ...] = (),  # noqa: A002
       minimum: float | None = None, maximum: float | None = None,
       secret: bool = False) -> Any:
    """A setting: its default, help text and (optionally) the values it allows.

    A *secret* is left out of repr() and never echoed in a SettingError.
    """
    meta = {"help": help, "choices": choices, "minimum": minimum, "maximum": maximum}
    if isinstance(default, list | tuple):
        return field(default_factory=lambda: tuple(default), metadata=meta, repr=not secret)
    return field(default=default, metadata=meta, repr=not secret)


@dataclass(frozen=True)
class Settings:
    """The finder's configuration. Environment variable = EXPERTISE_ + the name in capitals."""

    index: Path = _s(Path("var/index"), "Index directory written by expertise-indexer.")
    host: str = _s("127.0.0.1", "Address `serve` listens on.")
    port: int = _s(8000, "Port `serve` listens on.", minimum=1, maximum=65535)
    workers: int = _s(1, "Server processes `serve` starts; each answers questions on its own "
                      "core (set it to the number of cores; each holds its own caches in "
                      "memory).", minimum=1, maximum=16)
    base_url: str = _s("", "The app's public address (such as https://intranet.example/"
                       "expertise) for links and the admin cookie's Secure flag; links never "
                       "use the request's Host header. Empty: links relative to the site.")
    page_size: int = _s(10, "Colleagues per results page.", minimum=1, maximum=MAX_LIMIT)
    language: str = _s("nl", "Default interface language; browsers may ask for the other "
                       "one.", choices=LANGUAGES)
    auth: str = _s("none", "Access control: none (demo), header (trusted reverse-proxy SSO "
                   "header) or basic (HTTP basic).", choices=AUTH_MODES)
    auth_header: str = _s("X-Remote-User", "With auth=header: the header the proxy sets.")
    trusted_proxies: str = _s("", "Comma-separated addresses or CIDRs of the reverse proxy "
                              "(such as 127.0.0.1). Required with auth=header: only these "
                              "peers may send the identity header, any other gets 403. With "
                              "auth=basic the proxy's X-Forwarded-For names the client for "
                              "the login back-off.")
    basic_users: str = _s("", "With auth=basic: comma-separated user:password pairs "
                          "(required then).", secret=True)
    admin_token: str = _s("", "Token for /admin, at least 16 characters: sent as "
                          "`Authorization: Bearer`, or typed once into the /admin form, "
                          "which sets an 8-hour session cookie; never accepted in a URL. "
                          "Empty disables /admin.", secret=True)
    allow_downloads: bool = _s(False, "Let staff download a colleague's documents from their "
                               "profile (needs EXPERTISE_SHARE).")
    share: str = _s("", "The document share the index was built from (only read for "
                    "downloads).")
    chat_url: str = _s("", "Chat link on results and profiles: an https address with "
                       "{email} where the colleague's e-mail address goes (such as "
                       "https://teams.microsoft.com/l/chat/0/0?users={email}). Empty: no "
                       "chat link.")
    synonyms: tuple[str, ...] = _s((), "Extra synonym files (one group per line: a = b = c), "
                                   "separated by ':'.")
    model: str = _s("fused", "Ranking model.", choices=ranking.MODELS)
    expansion: bool = _s(True, "Expand queries with the thesaurus and Dutch-English terms.")
    expansion_weight: float = _s(0.7, "Weight of expansion terms against the user's own "
                                 "words.", minimum=0, maximum=1)
    concept_weight: float = _s(0.8, "Weight of English words found through ESCO occupations "
                               "for Dutch words the thesaurus can't translate (0 turns it "
                               "off).", minimum=0, maximum=1)
    feedback_people: int = _s(5, "Relevance feedback: learn extra terms from the best N "
                              "colleagues' text (0 turns it off; it doubles query time).",
                              minimum=0, maximum=50)
    cache_size: int = _s(512, "Result pages kept in memory per index generation (0 turns "
                         "the cache off).", minimum=0)
    profile_weight: float = _s(0.7, "Weight of the profile-centric score in the fused model.",
                               minimum=0, maximum=1)
    document_weight: float = _s(0.3, "Weight of the document-centric score in the fused "
                                "model.", minimum=0, maximum=1)
    expiring_days: int = _s(90, "A certificate expiring within this many days is flagged.",
                            minimum=1, maximum=3650)
    requirements: str = _s("", "File of the certificates each role or department requires, "
                           "one rule per line ('Wijkverpleegkundige: BLS, BIG-registratie'); "
                           "the HR overview lists who lacks one. Read at start: a bad line "
                           "stops it with the line number. Empty: no requirements.")
    hr_users: str = _s("", "Comma-separated user names (as the sign-in gives them, case "
                       "aside) who may open the HR overview (/overview, /api/certificates) "
                       "without the admin token.")
    search_budget_ms: int = _s(3000, "Milliseconds one question may take: past it, results "
                               "come without the optional extras (feedback, more evidence, "
                               "'did you mean') and say so, and a request that gets no "
                               "searcher within it is answered 503 busy (0: no limit).",
                               minimum=0, maximum=60_000)
    max_request_bytes: int = _s(16_384, "Largest request (URL + headers) the app accepts.",
                                minimum=1024)

    def __post_init__(self) -> None:
        for f in fields(self):
            _check(f, getattr(self, f.name))
        if self.auth == "basic" and not parse_users(self.basic_users):
            shown = "(hidden)" if self.basic_users else "''"  # it may hold a password
            raise SettingError(f"{_var('basic_users')}={shown}: with "
                               f"{_var('auth')}=basic, give user:password pairs separated "
                               "by commas")
        if self.admin_token and len(self.admin_token) < MIN_ADMIN_TOKEN:
            raise SettingError(f"{_var('admin_token')}=(hidden, {len(self.admin_token)} "
                               f"characters): must be empty or at least {MIN_ADMIN_TOKEN} "
                               "characters")
        try:
            proxies = parse_networks(self.trusted_proxies)
        except ValueError as exc:
            raise SettingError(f"{_var('trusted_proxies')}={self.trusted_proxies!r}: "
                               f"{exc}") from None
        if self.auth == "header" and not proxies:
            raise SettingError(f"{_var('trusted_proxies')}={self.trusted_proxies!r}: with "
                               f"{_var('auth')}=header, give the reverse proxy's addresses "
                               "or CIDRs (such as 127.0.0.1), separated by commas")
        self.requirement_rules()  # a bad requirements file stops the start, naming its line
        if self.chat_url and not (self.chat_url.startswith(("https://", "http://"))
                                  and "{email}" in self.chat_url):
            raise SettingError(f"{_var('chat_url')}={self.chat_url!r}: must be empty or an "
                               "http(s) address with {email} in it")
        if self.base_url and not BASE_URL.fullmatch(self.base_url):
            raise SettingError(f"{_var('base_url')}={self.base_url!r}: must be empty or an "
                               "http(s) address without query or fragment, such as "
                               "https://intranet.example/expertise")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from EXPERTISE_* variables, defaults for the rest; SettingError if bad."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(_var(f.name))
            if raw is not None:
                values[f.name] = _convert(f, raw)
        return cls(**values)

    def requirement_rules(self) -> tuple[Requirement, ...]:
        """The rules of the requirements file (none without one); SettingError if bad."""
        try:
            return load_requirements(self.requirements)
        except RequirementsError as exc:
            raise SettingError(f"{_var('requirements')}: {exc}") from None

    def hr_user_names(self) -> frozenset[str]:
        """The HR users, case-folded."""
        return frozenset(u.strip().casefold() for u in self.hr_users.split(",") if u.strip())

    def search_config(self) -> SearchConfig:
        """The ranking settings the search core needs."""
        return SearchConfig(
            model=self.model, expansion=self.expansion, expansion_weight=self.expansion_weight,
            concept_weight=self.concept_weight,
            feedback_people=self.feedback_people, cache_size=self.cache_size,
            weights=dataclasses.replace(ranking.Weights(), profile=self.profile_weight,
                                        document=self.document_weight),
            expiring_days=self.expiring_days, budget=self.search_budget_ms / 1000,
            synonym_files=tuple(Path(p) for p in self.synonyms))


def documented() -> list[tuple[str, str, str]]:
    """(variable, default, help with the allowed values) for every setting: the README's table."""
    out = []
    for f in fields(Settings):
        factory = f.default_factory
        default = f.default if factory is dataclasses.MISSING else factory()
        allowed = _allowed(f)
        suffix = f" {allowed[0].upper()}{allowed[1:]}." if allowed else ""
        out.append((_var(f.name), str(default), f.metadata["help"] + suffix))
    return out


def _var(name: str) -> str:
    return PREFIX + name.upper()


def _allowed(f: dataclasses.Field[Any]) -> str:
    """What the declaration allows, as a phrase: 'one of nl, en', 'between 1 and 100', ''."""
    choices, lo, hi = f.metadata["choices"], f.metadata["minimum"], f.metadata["maximum"]
    if choices:
        return "one of " + ", ".join(choices)
    if lo is not None and hi is not None:
        return f"between {lo} and {hi}"
    if lo is not None:
        return f"at least {lo}"
    return f"at most {hi}" if hi is not None else ""


def _check(f: dataclasses.Field[Any], value: Any) -> None:
    choices, lo, hi = f.metadata["choices"], f.metadata["minimum"], f.metadata["maximum"]
    bad = f"{_var(f.name)}={value!r}"
    if choices and value not in choices:
        raise SettingError(f"{bad}: choose {_allowed(f)}")
    if lo is None and hi is None:
        return
    whole = f.type == "int"
    if isinstance(value, bool) or not isinstance(value, int if whole else int | float):
        raise SettingError(f"{bad}: must be {'a whole number' if whole else 'a number'} "
                           f"{_allowed(f)}")
    # written so that NaN fails too
    if not ((lo is None or value >= lo) and (hi is None or value <= hi)):
        raise SettingError(f"{bad}: must be {_allowed(f)}")


def _convert(f: dataclasses.Field[Any], raw: str) -> Any:
    """The environment's text as the field's type; SettingError when it isn't one."""
    kind, text = str(f.type), raw.strip()
    try:
        if kind == "bool":
            if text.lower() not in TRUE + FALSE:
                raise ValueError(raw)
            return text.lower() in TRUE
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text)
    except ValueError:
        allowed = _allowed(f)
        what = {"bool": "true or false (or 1/0, yes/no, on/off)", "int": "a whole number",
                "float": "a number"}[kind]
        raise SettingError(f"{_var(f.name)}={raw!r}: must be {what}"
                           + (f" {allowed}" if allowed else "")) from None
    if kind == "Path":
        return Path(raw)
    if kind.startswith("tuple"):
        return tuple(p for p in raw.split(":") if p)
    return raw
