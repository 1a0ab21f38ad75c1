"""Mijn profiel and the results at a glance in a real Chromium (see tests/test_browser.py).

Signed in as the reverse proxy would: the browser sends the identity header to an app
that trusts 127.0.0.1. The demo index is copied first, so the self-service database
written here never touches the session's shared demo.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from finder.settings import Settings
from finder.web.app import create_app
from tests.app_helpers import live_server
from tests.conftest import DemoIndex
from tests.test_browser import CHROMIUM, open_page, playwright, shot  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
]
pytest.importorskip("playwright.sync_api")

GERT = {"X-Remote-User": "Gert.Vermeulen@delinde.example"}  # p001 of the demo


@pytest.fixture(scope="module")
def signed_in_server(demo: DemoIndex, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    index = tmp_path_factory.mktemp("me") / "index"
    shutil.copytree(demo.index, index)
    settings = Settings(index=index, auth="header", trusted_proxies="127.0.0.1",
                        share=str(demo.share), allow_downloads=True)
    with live_server(create_app(settings)) as base:
        yield base


def test_edit_my_topics_and_find_them(signed_in_server: str, open_page: Any) -> None:  # noqa: F811
    page = open_page(extra_http_headers=GERT)
    page.goto(signed_in_server + "/")
    page.get_by_role("link", name="Mijn profiel").click()
    page.wait_for_url("**/me")
    assert page.get_by_role("heading", name="Gebruikte documenten").is_visible()
    page.get_by_label("Eén onderwerp per regel").fill("Kinaesthetics\nValpreventie thuis")
    page.get_by_role("button", name="Onderwerpen opslaan").click()
    page.wait_for_url("**/me?saved=1")
    assert "Opgeslagen" in page.locator("[role=status]").inner_text()
    page.goto(signed_in_server + "/?q=kinaesthetics")
    expert = page.locator("li.expert").first
    assert "Gert Vermeulen" in expert.locator("h3").inner_text()
    assert "zelf opgegeven" in expert.locator(".self-declared").inner_text().lower()
    shot(page, "me-topics")


def test_hide_a_document_and_see_it_gone(signed_in_server: str, open_page: Any) -> None:  # noqa: F811
    page = open_page(extra_http_headers=GERT)
    page.goto(signed_in_server + "/me")
    row = page.locator("table.my-documents tbody tr").filter(
        has=page.get_by_role("button", name="Verbergen")).first
    title = row.locator("th a, th").first.inner_text().split("\n")[0].strip()
    row.get_by_role("button", name="Verbergen").click()
    page.wait_for_url("**/me?saved=1")
    assert page.locator("tr.is-hidden").count() == 1
    page.goto(signed_in_server + "/people/p001")
    assert title not in " ".join(page.locator("ul.documents").all_inner_texts())
    page.goto(signed_in_server + "/me")
    page.get_by_role("button", name="Weer tonen").click()
    page.wait_for_url("**/me?saved=1")
    assert page.locator("tr.is-hidden").count() == 0
    page.goto(signed_in_server + "/people/p001")
    assert title in " ".join(page.locator("ul.documents").all_inner_texts())


def test_ten_results_fit_in_2000_px_at_1280(signed_in_server: str, open_page: Any) -> None:  # noqa: F811
    page = open_page(extra_http_headers=GERT, viewport={"width": 1280, "height": 900})
    page.goto(signed_in_server + "/?q=wondzorg")
    assert page.locator("li.expert").count() == 10
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"results page height at 1280 px: {height} px")
    assert height <= 2000
    more = page.locator("details.more-evidence").first
    assert not more.locator(".evidence").first.is_visible()
    more.locator("summary").click()  # the rest of the evidence, without any script of ours
    assert more.locator(".evidence").first.is_visible()


def test_on_a_phone_the_filters_come_before_the_results(signed_in_server: str,
                                                        open_page: Any) -> None:  # noqa: F811
    page = open_page(extra_http_headers=GERT, viewport={"width": 390, "height": 844},
                     is_mobile=True, has_touch=True)
    page.goto(signed_in_server + "/?q=wondzorg")
    facets = page.locator("aside.facets").bounding_box()
    first = page.locator("li.expert").first.bounding_box()
    print(f"phone: filters at {facets['y']:.0f} px, first result at {first['y']:.0f} px")
    assert facets["y"] < first["y"] and facets["y"] < 844 * 1.5
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
