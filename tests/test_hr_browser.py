"""The HR overview and the team finder in a real Chromium (as tests/test_browser.py).

HR holds the admin session, opens the overview, drills down into a cell and
downloads the export; a team leader asks the team finder for three needs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from finder.settings import Settings
from finder.web.app import create_app
from finder.web.security import ADMIN_COOKIE, admin_session
from tests.app_helpers import live_server
from tests.conftest import DemoIndex
from tests.test_browser import CHROMIUM, open_page, playwright  # noqa: F401 - fixtures
from tests.test_hr_pages import RULES, TOKEN

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def server(demo: DemoIndex, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    rules = tmp_path_factory.mktemp("hr-browser") / "eisen.txt"
    rules.write_text(RULES, encoding="utf-8")
    settings = Settings(index=demo.index, requirements=str(rules), admin_token=TOKEN)
    with live_server(create_app(settings)) as base:
        yield base


def test_overview_drill_down_and_export(server: str, open_page: Any,  # noqa: F811
                                        tmp_path: Path) -> None:
    page = open_page(accept_downloads=True)
    # The session the /admin form sets (the form itself: test_hr_pages.py; its page is a
    # 403 before login, which the browser would log as a console error).
    page.context.add_cookies([{"name": ADMIN_COOKIE, "value": admin_session(TOKEN),
                               "url": server}])
    page.goto(server + "/overview")
    matrix = page.locator("table.matrix")
    assert matrix.is_visible()
    cell = matrix.get_by_role("link", name="Wijkverpleging, BLS / Reanimatie")
    counted = sum(int(b.split()[0]) for b in cell.locator(".badge").all_inner_texts())
    cell.click()
    page.wait_for_url("**/overview?*certificate=BLS*")
    listed = page.locator("table.drilldown tbody tr")
    assert listed.count() == counted > 0
    first = listed.first.get_by_role("link")
    name = first.inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    download = info.value
    assert download.suggested_filename.startswith("certificaten-")
    saved = tmp_path / download.suggested_filename
    download.save_as(str(saved))
    table = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8").lstrip("\ufeff"))))
    assert table[0][1] == "Naam" and len(table) == counted + 1
    assert name in {row[1] for row in table[1:]}
    first.click()  # the names link to the colleague's profile
    page.wait_for_url("**/people/*")
    assert page.get_by_role("heading", level=1).inner_text() == name


def test_team_finder_form(server: str, open_page: Any) -> None:  # noqa: F811
    page = open_page()
    page.goto(server + "/team")
    for number, need in enumerate(("BLS", "wondzorg", "diabetes"), start=1):
        page.get_by_label(f"Behoefte {number}").fill(need)
    page.get_by_role("button", name="Zoek een team").click()
    page.wait_for_url("**/team?need=BLS*")
    members = page.locator("li.member")
    assert 1 <= members.count() <= 3
    covered = " ".join(members.all_inner_texts())
    assert all(need in covered for need in ("BLS", "wondzorg", "diabetes"))
    assert page.locator(".uncovered").count() == 0
    assert page.get_by_label("Behoefte 2").input_value() == "wondzorg"  # the form keeps them
