"""Every setting is documented in the README, with its environment variable."""

from __future__ import annotations

from pathlib import Path

from finder.settings import documented

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_is_in_the_readme() -> None:
    assert README.is_file(), "README.md is missing"
    text = README.read_text(encoding="utf-8")
    missing = [variable for variable, _default, _help in documented()
               if f"`{variable}`" not in text]
    assert not missing, f"add these settings to README.md's table: {missing}"


def test_every_setting_has_help_text() -> None:
    for variable, _default, help_text in documented():
        assert variable.startswith("EXPERTISE_") and len(help_text) > 10, variable
