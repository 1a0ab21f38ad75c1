"""Interface languages: gettext catalogs read from .po files with Babel, and choosing one.

The catalogs live as plain ``.po`` files in ``finder/locales/<lang>/LC_MESSAGES/``
(``finder.web.assets`` finds them and refuses to start without them) and are compiled
in memory at start-up (Babel's ``read_po`` + ``write_mo``), so no
binary ``.mo`` file is committed or can go stale. Message ids are English; the
Dutch catalog is the default interface; English falls back to the ids, and its
catalog only translates the search core's Dutch error sentences.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from finder.web.assets import LANGUAGES, Assets

logger = logging.getLogger(__name__)

COOKIE = "lang"


def load_catalogs(assets: Assets) -> dict[str, NullTranslations]:
    """One gettext Translations per interface language."""
    out: dict[str, NullTranslations] = {}
    for lang in LANGUAGES:
        with assets.catalog(lang).open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        out[lang] = Translations(fp=buf)
        logger.debug("loaded %d messages for %s", len(catalog), lang)
    return out


@dataclass(frozen=True)
class LanguageChoice:
    """The language of one response and whether the visitor asked for it explicitly."""

    lang: str
    explicit: bool  # from ?lang=: remember it in a cookie


def choose_language(query_lang: str | None, cookie: str | None, accept: str | None,
                    default: str) -> LanguageChoice:
    """?lang= wins, then the cookie, then Accept-Language, then the configured default."""
    if query_lang in LANGUAGES:
        return LanguageChoice(str(query_lang), True)
    if cookie in LANGUAGES:
        return LanguageChoice(str(cookie), False)
    for tag in _accepted(accept or ""):
        base = tag.split("-")[0]
        if base in LANGUAGES:
            return LanguageChoice(base, False)
    return LanguageChoice(default if default in LANGUAGES else "nl", False)


def _accepted(header: str) -> list[str]:
    """Language tags from an Accept-Language header, best first (q=0 dropped)."""
    tags: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        m = re.search(r"q\s*=\s*([0-9.]+)", params)
        try:
            q = float(m.group(1)) if m else 1.0
        except ValueError:
            q = 0.0
        if tag and q > 0:
            tags.append((-q, i, tag.strip().lower()))
    return [t for _q, _i, t in sorted(tags)]
