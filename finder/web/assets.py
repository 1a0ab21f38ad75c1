"""Where the page's templates, static files and message catalogs are, installed or not.

- an installed wheel holds them inside the ``finder`` package (``finder/templates``,
  ``finder/static``, ``finder/locales``: pyproject maps the top-level folders there);
- a source checkout keeps ``templates/`` and ``static/`` at its top, beside ``finder/``.

``locate()`` checks that each is complete, so an install that lacks them refuses to
start with a sentence instead of serving an unstyled page or an English interface.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

LANGUAGES = ("nl", "en")
# One file that each folder cannot do without: the check that it is really there.
_TELLTALE = {"templates": "base.html", "static": "app.css"}


class AssetsMissing(RuntimeError):
    """The installation lacks templates, static files or a catalog; the message says which."""


@dataclass(frozen=True)
class Assets:
    """The three folders the web app reads at start-up."""

    templates: Path
    static: Path
    locales: Path

    def catalog(self, lang: str) -> Path:
        """The .po file of one interface language."""
        return self.locales / lang / "LC_MESSAGES" / "messages.po"


def locate(package: Path | None = None) -> Assets:
    """The assets of this installation; raise AssetsMissing naming what is absent."""
    package = package or Path(str(resources.files("finder")))
    found = {name: _folder(package, name, telltale) for name, telltale in _TELLTALE.items()}
    assets = Assets(templates=found["templates"], static=found["static"],
                    locales=package / "locales")
    for lang in LANGUAGES:
        if not assets.catalog(lang).is_file():
            raise AssetsMissing(f"the {lang} message catalog is missing "
                                f"({assets.catalog(lang)}); {_ADVICE}")
    return assets


_ADVICE = "reinstall expertise-finder from its wheel or sdist, which include it"


def _folder(package: Path, name: str, telltale: str) -> Path:
    for candidate in (package / name, package.parent / name):  # installed, then checkout
        if (candidate / telltale).is_file():
            return candidate
    raise AssetsMissing(f"the finder's {name} are missing (no {name}/{telltale} in {package} "
                        f"or beside it); {_ADVICE}")
