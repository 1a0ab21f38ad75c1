"""Request parameters: a value the core can use, or BadParameter with a sentence for people."""

from __future__ import annotations

from finder.query import DOCUMENT_KINDS

TRUE, FALSE = {"1", "true", "on", "yes", "ja"}, {"", "0", "false", "off", "no", "nee"}


class BadParameter(ValueError):
    """A request parameter cannot be used; the message is for people."""


def int_param(raw: str | None, default: int, low: int, high: int, name: str) -> int:
    """A whole number within [low, high]; BadParameter with a sentence otherwise."""
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise BadParameter(f"'{name}' moet een geheel getal van {low} tot en met {high} zijn.")
    return int(raw)


def kind_param(raw: str | None) -> str | None:
    """cv, certificate, document or None."""
    if not raw:
        return None
    if raw not in DOCUMENT_KINDS:
        raise BadParameter("'kind' moet cv, certificate of document zijn.")
    return raw


def bool_param(raw: str | None, name: str) -> bool:
    """1/true/on or 0/false/off (empty is false)."""
    value = (raw or "").strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise BadParameter(f"'{name}' moet 1 of 0 zijn.")



MAX_WITHOUT = 20  # expansions a question can leave out


def without_param(values: list[str]) -> tuple[str, ...]:
    """The expansions the user took out ("Ook gezocht op"), each at most 200 characters."""
    if len(values) > MAX_WITHOUT:
        raise BadParameter(f"'without' mag hoogstens {MAX_WITHOUT} keer voorkomen.")
    return tuple(dict.fromkeys(v.strip()[:200] for v in values if v.strip()))
