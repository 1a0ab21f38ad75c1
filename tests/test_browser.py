"""The app in a real Chromium (Playwright, Debian's /usr/bin/chromium): what staff actually do.

Runs the real app with uvicorn on 127.0.0.1 against the demo index. Skipped
when Chromium or Playwright is missing; never downloads a browser.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from finder.settings import Settings
from finder.web.app import create_app
from tests.app_helpers import live_server
from tests.conftest import DemoIndex

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
# Read at import: the autouse fixture in conftest clears EXPERTISE_* before each test.
UPDATE_SCREENSHOTS = os.environ.get("EXPERTISE_UPDATE_SCREENSHOTS") == "1"
ARTIFACTS = ROOT / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(demo: DemoIndex) -> Iterator[str]:
    """The real app served by uvicorn in a thread; yields its base URL."""
    with live_server(create_app(Settings(index=demo.index))) as base:
        yield base


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        yield p


@pytest.fixture
def open_page(playwright: Any, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """open_page(**context options) -> a page in a fresh browser profile (Dutch by default)."""
    contexts: list[Any] = []
    errors: list[str] = []

    def make(**options: Any) -> Any:
        profile = tmp_path / f"profile-{len(contexts)}"
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), args=ARGS, headless=True,
            **{"locale": "nl-NL", "viewport": {"width": 1100, "height": 800}, **options})
        contexts.append(context)
        page = context.pages[0] if context.pages else context.new_page()
        # CSP violations and script errors surface as console errors.
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, errors


def shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def test_search_wondzorg_shows_ranked_colleagues_with_evidence(server: str,
                                                              open_page: Any) -> None:
    page = open_page()
    page.goto(server + "/")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_label("Zoek een collega met kennis van").fill("wondzorg")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=wondzorg*")
    experts = page.locator("li.expert")
    assert experts.count() == 10
    first = experts.first
    assert first.locator("mark").first.is_visible()
    assert page.locator(".badge-valid").first.inner_text().startswith("geldig")
    assert first.locator("details.more-evidence").count() <= 1  # the rest behind a disclosure
    assert page.get_by_role("heading", name="Afdeling").is_visible()
    path = shot(page, "results")
    assert path.stat().st_size < 200_000  # small enough for the README
    if UPDATE_SCREENSHOTS:  # the README's picture
        shutil.copyfile(path, ROOT / "docs" / "screenshot-results.png")


def test_open_a_profile_then_switch_to_english(server: str, open_page: Any) -> None:
    page = open_page()
    page.goto(server + "/?q=wondzorg")
    link = page.locator("li.expert h3 a").first
    name = link.inner_text()
    link.click()
    page.wait_for_url("**/people/**")
    assert page.get_by_role("heading", level=1).inner_text() == name
    assert page.get_by_role("heading", name="Certificaten").is_visible()
    assert page.locator("table.certificates .badge").count() > 0
    assert page.get_by_role("heading", name="Collega’s met vergelijkbare expertise").is_visible()
    shot(page, "profile")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**lang=en*")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Certificates").is_visible()
    page.get_by_role("link", name="Back to search").click()  # the choice is remembered
    assert page.locator("html").get_attribute("lang") == "en"
    assert "colleagues know about" in page.locator("#results-title").inner_text()
    shot(page, "results-en")


def test_keyboard_only(server: str, open_page: Any) -> None:
    page = open_page()
    page.goto(server + "/")

    def active(attr: str) -> str:
        return str(page.evaluate(f"document.activeElement.{attr} || ''"))

    for _ in range(10):  # the box has autofocus; otherwise it is a few Tabs away
        if active("id") == "q":
            break
        page.keyboard.press("Tab")
    assert active("id") == "q"
    page.keyboard.type("wondzorg")
    page.keyboard.press("Enter")
    page.wait_for_selector("li.expert")
    first = page.locator("li.expert h3 a").first.get_attribute("href")
    for _ in range(40):
        page.keyboard.press("Tab")
        if active("getAttribute('href')") == first:
            break
    assert active("getAttribute('href')") == first
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    page.wait_for_url("**/people/**")
    assert page.locator("h1").is_visible()


def test_skip_link_is_first_and_visible_on_focus(server: str, open_page: Any) -> None:
    page = open_page()
    page.goto(server + "/?q=wondzorg")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    assert skip.evaluate("el => el === document.activeElement") and skip.is_visible()
    assert skip.bounding_box()["y"] >= 0


def test_everything_works_without_javascript(server: str, open_page: Any) -> None:
    page = open_page(java_script_enabled=False)
    page.goto(server + "/")
    page.fill("#q", "reanimatie")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**/?q=reanimatie*")
    assert page.locator("li.expert").count() > 0
    page.locator(".facets a", has_text="Geriatrie").first.click()
    page.wait_for_url("**dept=Geriatrie*")
    departments = page.locator("li.expert .expert-meta").all_inner_texts()
    assert departments and all("Geriatrie" in d for d in departments)
    page.get_by_label("Alleen geldige certificaten").check()
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**valid=1*")
    assert "dept=Geriatrie" in page.url
    assert page.locator(".badge-valid, .badge-expiring").count() > 0
    assert page.locator("#q-suggestions option").count() == 0  # no JS, no autocomplete


def test_autocomplete_suggests_while_typing(server: str, open_page: Any) -> None:
    page = open_page()
    page.goto(server + "/")
    page.locator("#q").press_sequentially("wond", delay=30)
    # (wait_for_function would eval a string, which our CSP rightly forbids)
    page.locator("#q-suggestions option").first.wait_for(state="attached")
    values = page.eval_on_selector_all("#q-suggestions option", "os => os.map(o => o.value)")
    assert "wondzorg" in values
    assert page.locator("#q").get_attribute("list") == "q-suggestions"


def test_works_on_a_phone(server: str, open_page: Any) -> None:
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(server + "/?q=wondzorg")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "results-phone")
    page.locator("li.expert h3 a").first.click()
    page.wait_for_url("**/people/**")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "profile-phone")
