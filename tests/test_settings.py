"""Settings: each one declares what it allows; a bad value stops the finder with one line."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from finder.settings import SettingError, Settings, documented

README = Path(__file__).resolve().parents[1] / "README.md"

BAD = [
    ("EXPERTISE_MODEL", "fusd", "EXPERTISE_MODEL='fusd': choose one of document, profile, fused"),
    ("EXPERTISE_PAGE_SIZE", "0", "EXPERTISE_PAGE_SIZE=0: must be between 1 and 100"),
    ("EXPERTISE_PAGE_SIZE", "101", "EXPERTISE_PAGE_SIZE=101: must be between 1 and 100"),
    ("EXPERTISE_PAGE_SIZE", "ten",
     "EXPERTISE_PAGE_SIZE='ten': must be a whole number between 1 and 100"),
    ("EXPERTISE_PORT", "70000", "EXPERTISE_PORT=70000: must be between 1 and 65535"),
    ("EXPERTISE_LANGUAGE", "de", "EXPERTISE_LANGUAGE='de': choose one of nl, en"),
    ("EXPERTISE_AUTH", "ldap", "EXPERTISE_AUTH='ldap': choose one of none, header, basic"),
    ("EXPERTISE_EXPANSION", "maybe",
     "EXPERTISE_EXPANSION='maybe': must be true or false (or 1/0, yes/no, on/off)"),
    ("EXPERTISE_PROFILE_WEIGHT", "1.5", "EXPERTISE_PROFILE_WEIGHT=1.5: must be between 0 and 1"),
    ("EXPERTISE_DOCUMENT_WEIGHT", "nan", "EXPERTISE_DOCUMENT_WEIGHT=nan: must be between 0 and 1"),
    ("EXPERTISE_CONCEPT_WEIGHT", "-0.1", "EXPERTISE_CONCEPT_WEIGHT=-0.1: must be between 0 and 1"),
    ("EXPERTISE_FEEDBACK_PEOPLE", "51", "EXPERTISE_FEEDBACK_PEOPLE=51: must be between 0 and 50"),
    ("EXPERTISE_CACHE_SIZE", "-1", "EXPERTISE_CACHE_SIZE=-1: must be at least 0"),
    ("EXPERTISE_EXPIRING_DAYS", "0", "EXPERTISE_EXPIRING_DAYS=0: must be between 1 and 3650"),
    ("EXPERTISE_MAX_REQUEST_BYTES", "100",
     "EXPERTISE_MAX_REQUEST_BYTES=100: must be at least 1024"),
    ("EXPERTISE_LANGUAGE", "en\nde", "EXPERTISE_LANGUAGE='en\\nde': choose one of nl, en"),
]


@pytest.mark.parametrize(("variable", "value", "message"), BAD,
                         ids=[f"{v}={x!r}" for v, x, _m in BAD])
def test_a_bad_environment_value_is_refused_in_one_line(variable: str, value: str,
                                                        message: str) -> None:
    with pytest.raises(SettingError) as caught:
        Settings.from_env({variable: value})
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


def test_a_settings_built_in_code_is_checked_too() -> None:
    with pytest.raises(SettingError, match=r"^EXPERTISE_PAGE_SIZE=0: must be between 1 and 100$"):
        Settings(page_size=0)
    with pytest.raises(SettingError, match="EXPERTISE_MODEL='fusd'"):
        dataclasses.replace(Settings(), model="fusd")
    with pytest.raises(SettingError, match="EXPERTISE_PAGE_SIZE='10': must be a whole number"):
        Settings(page_size="10")  # type: ignore[arg-type]
    with pytest.raises(SettingError, match="EXPERTISE_PAGE_SIZE=2.5: must be a whole number"):
        Settings(page_size=2.5)  # type: ignore[arg-type]
    assert issubclass(SettingError, ValueError)  # what create_app raised before


def test_basic_auth_without_users_names_the_variable_to_fill_in() -> None:
    with pytest.raises(SettingError, match=r"^EXPERTISE_BASIC_USERS='': with EXPERTISE_AUTH=basic"):
        Settings.from_env({"EXPERTISE_AUTH": "basic"})
    assert Settings(auth="basic", basic_users="ann:s3cret").auth == "basic"


def test_good_values_are_converted_and_the_bounds_themselves_are_allowed() -> None:
    s = Settings.from_env({"EXPERTISE_PAGE_SIZE": " 100 ", "EXPERTISE_PORT": "65535",
                           "EXPERTISE_CACHE_SIZE": "0", "EXPERTISE_EXPANSION": "off",
                           "EXPERTISE_MODEL": "profile", "EXPERTISE_LANGUAGE": "en",
                           "EXPERTISE_PROFILE_WEIGHT": "1", "EXPERTISE_DOCUMENT_WEIGHT": "0",
                           "EXPERTISE_SYNONYMS": "a.txt::b.txt", "EXPERTISE_INDEX": "/srv/ix"})
    assert (s.page_size, s.port, s.cache_size, s.expansion) == (100, 65535, 0, False)
    assert (s.model, s.language, s.profile_weight, s.document_weight) == ("profile", "en", 1, 0)
    assert s.synonyms == ("a.txt", "b.txt") and s.index == Path("/srv/ix")
    assert Settings.from_env({}) == Settings()  # the defaults pass their own checks
    config = Settings(page_size=1, expiring_days=3650, feedback_people=0).search_config()
    assert config.expiring_days == 3650 and config.feedback_people == 0


def test_the_readme_shows_what_each_setting_allows() -> None:
    text = README.read_text(encoding="utf-8")
    rows = {v: h for v, _d, h in documented()}
    assert rows["EXPERTISE_MODEL"].endswith("One of document, profile, fused.")
    assert rows["EXPERTISE_PAGE_SIZE"].endswith("Between 1 and 100.")
    assert rows["EXPERTISE_MAX_REQUEST_BYTES"].endswith("At least 1024.")
    stale = [v for v, d, h in documented() if f"| `{v}` | `{d}` | {h} |" not in text]
    assert not stale, f"README's settings table differs from finder.settings for {stale}"
