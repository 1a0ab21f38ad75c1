"""Security: escaping everywhere, headers on every response, access control, limits."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from finder.settings import Settings
from finder.web.app import create_app
from finder.web.security import CSP, token_matches
from tests.app_helpers import build, write_share
from tests.conftest import DemoIndex

SCRIPT = "<script>alert(1)</script>"
ADMIN = "admin-token-0123456789"
BEARER = {"Authorization": f"Bearer {ADMIN}"}


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A share whose CV and roster carry markup, as a careless or hostile author might."""
    root = tmp_path_factory.mktemp("hostile")
    share = write_share(root / "share",
                        {"x1": ('Eve <img src=x onerror="alert(2)">', "Geriatrie", "<b>Hacker</b>"),
                         "y2": ("Ymke Visser", "Geriatrie", "Verpleegkundige")},
                        {"x1": [f"Wondzorg specialist {SCRIPT} met ervaring in wondzorg.",
                                'Ook "quotes" & <i>tags</i> en wondzorg.'],
                         "y2": ["Wondzorg en dementiezorg."]})
    return build(share, root / "index")


@pytest.fixture(scope="module")
def hostile(hostile_index: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(index=hostile_index))) as client:
        yield client


def test_script_in_a_cv_renders_as_text_everywhere(hostile: TestClient) -> None:
    page = hostile.get("/", params={"q": "wondzorg"})
    assert page.status_code == 200 and "Eve" in page.text
    assert SCRIPT not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<img src=x" not in page.text and "<b>Hacker</b>" not in page.text
    assert "<i>tags</i>" not in page.text
    assert "<mark>" in page.text  # the highlight itself is still markup
    data = hostile.get("/api/search", params={"q": "wondzorg"}).json()
    eve = next(e for e in data["experts"] if e["person_id"] == "x1")
    assert SCRIPT not in "".join(ev["snippet"] for ev in eve["evidence"])
    profile = hostile.get("/people/x1")
    assert profile.status_code == 200
    assert "<img src=x" not in profile.text and "&lt;img src=x" in profile.text


def test_the_highlight_filter_lets_only_mark_through() -> None:
    from finder.web.templating import highlight

    out = str(highlight('a <mark>b</mark> &amp; <script>x</script> <mark onclick="y">c'))
    assert out == 'a <mark>b</mark> &amp; &lt;script&gt;x&lt;/script&gt; ' \
                  '&lt;mark onclick=&#34;y&#34;&gt;c'


def test_queries_are_escaped_where_they_are_echoed(hostile: TestClient) -> None:
    r = hostile.get("/", params={"q": f'wondzorg {SCRIPT} "x'})
    assert SCRIPT not in r.text and "&lt;script&gt;" in r.text
    r = hostile.get("/", params={"q": "wondzorg", "dept": '"><script>alert(3)</script>'})
    assert "<script>alert(3)" not in r.text


@pytest.fixture(scope="module")
def demo_client(demo: DemoIndex) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(index=demo.index, admin_token=ADMIN)),
                    raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("url", ["/", "/?q=wondzorg", "/?q=", "/people/p001", "/people/p999",
                                 "/api/search?q=wondzorg", "/api/search?q=", "/api/people/p001",
                                 "/api/suggest?q=wo", "/openapi.json", "/healthz", "/admin",
                                 "/admin?token=tok", "/static/app.css", "/static/nothing.css",
                                 "/nowhere"])
def test_security_headers_on_every_response(demo_client: TestClient, url: str) -> None:
    r = demo_client.get(url)
    assert r.status_code < 500
    assert r.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "frame-ancestors 'none'" in CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"
    assert r.headers["x-frame-options"] == "DENY"


def test_pages_have_no_inline_script_or_style(demo_client: TestClient) -> None:
    for url, headers in [("/", {}), ("/?q=wondzorg", {}), ("/people/p001", {}),
                         ("/admin", BEARER), ("/admin", {}), ("/nowhere", {})]:
        html = demo_client.get(url, headers=headers).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert "<style" not in html and " style=" not in html and " on" + "click=" not in html
        assert "http://" not in html and "https://" not in html  # no CDN, no external fonts


def test_admin_token_is_checked_in_constant_time() -> None:
    assert token_matches("secret", "secret")
    assert not token_matches("secreT", "secret") and not token_matches("", "")
    source = Path(__file__).resolve().parents[1] / "finder" / "web" / "security" / "admin.py"
    assert "hmac.compare_digest(given.encode(), expected.encode())" in source.read_text()


def test_requests_over_the_size_limit_are_refused(demo: DemoIndex) -> None:
    app = create_app(Settings(index=demo.index, max_request_bytes=2048))
    with TestClient(app) as client:
        assert client.get("/", params={"q": "wondzorg"}).status_code == 200
        r = client.get("/", params={"q": "w" * 3000})
        assert r.status_code == 431 and r.headers["x-content-type-options"] == "nosniff"
        assert client.get("/", headers={"X-Padding": "p" * 3000}).status_code == 431
        assert client.post("/api/search", content=b"x" * 4096).status_code == 413


def test_header_auth_trusts_only_requests_with_the_proxy_header(demo: DemoIndex) -> None:
    app = create_app(Settings(index=demo.index, auth="header", auth_header="X-Remote-User",
                              trusted_proxies="10.0.0.1"))
    with TestClient(app, client=("10.0.0.1", 40000)) as client:  # the proxy itself
        assert client.get("/", params={"q": "wondzorg"}).status_code == 403
        assert client.get("/api/search", params={"q": "wondzorg"}).status_code == 403
        ok = client.get("/", params={"q": "wondzorg"}, headers={"X-Remote-User": "ann"})
        assert ok.status_code == 200 and "<mark>" in ok.text
        assert client.get("/healthz").status_code == 200  # monitoring needs no login
        assert client.get("/static/app.css").status_code == 200


def test_basic_auth(demo: DemoIndex) -> None:
    app = create_app(Settings(index=demo.index, auth="basic", basic_users="ann:s3cret,bob:pw2"))

    def basic(user: str, password: str) -> dict[str, str]:
        return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()
                                                             ).decode()}

    with TestClient(app) as client:
        r = client.get("/")
        assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Basic")
        assert client.get("/", headers=basic("ann", "s3cret")).status_code == 200
        assert client.get("/", headers=basic("bob", "pw2")).status_code == 200
        assert client.get("/", headers=basic("ann", "pw2")).status_code == 401
        assert client.get("/", headers={"Authorization": "Basic !!!"}).status_code == 401
        assert client.get("/healthz").status_code == 200


def test_misconfigured_access_control_fails_at_start(demo: DemoIndex) -> None:
    with pytest.raises(ValueError, match="EXPERTISE_AUTH"):
        create_app(Settings(index=demo.index, auth="ldap"))
    with pytest.raises(ValueError, match="BASIC_USERS"):
        create_app(Settings(index=demo.index, auth="basic"))
