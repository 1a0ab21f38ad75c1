"""The Jinja2 environment: autoescape, gettext per request language, and the few filters.

``highlight`` is the one place where HTML from outside the templates becomes
markup: evidence snippets, in which only ``<mark>`` may survive.
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date
from babel.support import NullTranslations
from jinja2 import Environment, FileSystemLoader, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from starlette.templating import Jinja2Templates

from finder.web.assets import Assets

MARK = re.compile(r"(</?mark>)")


def make_templates(catalogs: dict[str, NullTranslations], default_lang: str,
                   assets: Assets) -> Jinja2Templates:
    """Templates whose ``_()`` translates into the ``lang`` of the rendering context."""
    env = Environment(loader=FileSystemLoader(str(assets.templates)), autoescape=True,
                      extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)

    def catalog(ctx: Context) -> NullTranslations:
        return catalogs.get(ctx.get("lang") or default_lang) or NullTranslations()

    @pass_context
    def gettext(ctx: Context, message: str) -> str:
        return catalog(ctx).gettext(message)

    @pass_context
    def ngettext(ctx: Context, singular: str, plural: str, n: int) -> str:
        return catalog(ctx).ngettext(singular, plural, n)

    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["highlight"] = highlight
    env.filters["nice_date"] = nice_date
    env.globals["static_url"] = static_urls(assets.static)
    env.globals["query_string"] = query_string
    return Jinja2Templates(env=env)


def highlight(snippet: str) -> Markup:
    """Evidence HTML with only <mark> as markup; everything else is (re-)escaped text.

    The search core already escapes; unescaping and escaping again keeps its
    entities intact and makes any markup that slipped through plain text.
    """
    parts = MARK.split(str(snippet))
    return Markup("").join(Markup(p) if MARK.fullmatch(p) else escape(html.unescape(p))
                           for p in parts)


def nice_date(iso: str, lang: str) -> str:
    """2028-11-11 -> '11 nov 2028' (nl) or 'Nov 11, 2028' (en); '' stays ''."""
    try:
        return format_date(date.fromisoformat(iso), format="medium", locale=lang)
    except (TypeError, ValueError):
        return iso


def static_urls(static: Path) -> Any:
    """static_url('app.css') -> '/static/app.css?v=<hash>' so assets can be cached for a year."""
    versions = {p.relative_to(static).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()[:10]
                for p in static.rglob("*") if p.is_file()}

    def static_url(name: str) -> str:
        return f"/static/{name}?v={versions.get(name, '0')}"

    return static_url


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """'?q=..&dept=..' from the current parameters with some changed (None/'' drops one)."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v not in (None, "", False, 0, [], ())}
    return "?" + urlencode(kept, doseq=True) if kept else "?"
