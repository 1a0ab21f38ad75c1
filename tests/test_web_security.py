"""The web attacks of issue 13, each reproduced against the real app and a real tiny index.

Header login only through the proxy; the admin token never in a URL or a log;
downloads that follow no symlink and give 404 for bad paths; links that never
come from the Host header; a back-off after failed logins; /healthz that never
waits for a searcher. docs/security.md names these tests.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from finder.cli import UVICORN_OPTIONS
from finder.settings import SettingError, Settings
from finder.web.app import create_app
from finder.web.security import (
    ADMIN_COOKIE,
    ADMIN_SESSION_SECONDS,
    BACKOFF_FILE,
    Backoff,
    HideQueryStrings,
    admin_session,
    admin_session_valid,
    open_beneath,
)
from tests.app_helpers import build, live_server, write_cv, write_share

TOKEN = "admin-token-for-web-tests"
PROXY = "10.0.0.1"
SECRET_QUERY = "geheimezoekterm"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(share, index): two colleagues, a note and a certificate folder for a1, a shared doc."""
    root = tmp_path_factory.mktemp("web")
    share = write_share(root / "share",
                        {"a1": ("Anna Bakker", "Geriatrie", "Verpleegkundige"),
                         "b2": ("Bram de Vries", "Wijkverpleging", "Wondconsulent")},
                        {"a1": ["Ervaren in dementiezorg en wondzorg."],
                         "b2": ["Specialist wondzorg en decubituspreventie."]})
    (share / "a1" / "notes.txt").write_text("Aantekeningen over wondzorg.\n", encoding="utf-8")
    (share / "a1" / "certs").mkdir()
    (share / "a1" / "certs" / "bls.txt").write_text("Certificaat BLS reanimatie.\n",
                                                    encoding="utf-8")
    write_cv(share / "shared" / "protocol.docx",
             ["Protocol wondzorg, geschreven door Anna Bakker en Bram de Vries."])
    return share, build(share, root / "index")


def _app(index: Path, **changes: object) -> TestClient:
    return TestClient(create_app(Settings(index=index, **changes)))  # type: ignore[arg-type]


def _basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


# -- 1. header login only through the proxy ------------------------------------------------

def test_header_auth_refuses_to_start_without_trusted_proxies(tiny: tuple[Path, Path]) -> None:
    with pytest.raises(SettingError) as caught:
        Settings.from_env({"EXPERTISE_AUTH": "header"})
    assert str(caught.value).startswith("EXPERTISE_TRUSTED_PROXIES='': with EXPERTISE_AUTH="
                                        "header, give the reverse proxy's addresses")
    assert "\n" not in str(caught.value)
    with pytest.raises(SettingError, match=r"^EXPERTISE_TRUSTED_PROXIES='127.0.0.1, 10.0.0.300': "
                                           r"'10.0.0.300' is not an address or CIDR"):
        Settings(auth="header", trusted_proxies="127.0.0.1, 10.0.0.300")
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        create_app(Settings(index=tiny[1], auth="header", trusted_proxies=" , "))
    ok = Settings(auth="header", trusted_proxies="127.0.0.1, 10.0.0.0/24, ::1")
    assert ok.trusted_proxies


def test_identity_header_from_any_peer_but_the_proxy_is_ignored(
        tiny: tuple[Path, Path]) -> None:
    """The attack: curl -H 'X-Remote-User: mallory' from anywhere got 200."""
    settings = Settings(index=tiny[1], auth="header", trusted_proxies=f"{PROXY},10.1.0.0/24")
    app = create_app(settings)
    mallory = {"X-Remote-User": "mallory", "X-Forwarded-For": PROXY}
    for peer in ("10.9.9.9", "10.0.0.2", "::1", "fe80::1", "testclient"):
        with TestClient(app, client=(peer, 5555)) as client:
            for url in ("/", "/?q=wondzorg", "/api/search?q=wondzorg", "/people/a1",
                        "/api/people/a1", "/api/suggest?q=wo"):
                assert client.get(url, headers=mallory).status_code == 403, (peer, url)
            assert client.get("/healthz").status_code == 200  # monitoring stays open
    for peer in (PROXY, "10.1.0.77", f"::ffff:{PROXY}"):
        with TestClient(app, client=(peer, 5555)) as client:
            r = client.get("/api/search", params={"q": "wondzorg"},
                           headers={"X-Remote-User": "ann"})
            assert r.status_code == 200 and r.json()["total"] > 0, peer
            assert client.get("/api/search", params={"q": "wondzorg"}).status_code == 403


def test_a_duplicated_identity_header_is_a_400(tiny: tuple[Path, Path]) -> None:
    """The attack: with two identity headers, the first one won."""
    app = create_app(Settings(index=tiny[1], auth="header", trusted_proxies=PROXY))
    with TestClient(app, client=(PROXY, 5555)) as client:
        for pair in ([("X-Remote-User", "ann"), ("X-Remote-User", "mallory")],
                     [("x-remote-user", "ann"), ("X-REMOTE-USER", "ann")]):
            r = client.get("/", params={"q": "wondzorg"}, headers=pair)
            assert r.status_code == 400 and "wondzorg" not in r.text
        one = client.get("/", params={"q": "wondzorg"}, headers=[("X-Remote-User", "ann")])
        assert one.status_code == 200


def test_serve_keeps_the_real_peer_so_a_forged_forwarded_for_does_not_pass(
        tiny: tuple[Path, Path]) -> None:
    """Under uvicorn's defaults, X-Forwarded-For from 127.0.0.1 would replace the peer."""
    assert UVICORN_OPTIONS["proxy_headers"] is False
    app = create_app(Settings(index=tiny[1], auth="header", trusted_proxies=PROXY))
    with live_server(app, log_level="info") as base:
        status, _ = _fetch(base + "/?q=wondzorg",
                           {"X-Remote-User": "mallory", "X-Forwarded-For": PROXY})
    assert status == 403


# -- 2. the admin token: a header or a session cookie, never in a URL or a log -------------

def test_the_admin_token_is_refused_in_the_url(tiny: tuple[Path, Path]) -> None:
    with _app(tiny[1], admin_token=TOKEN) as client:
        r = client.get("/admin", params={"token": TOKEN})
        assert r.status_code == 403 and TOKEN not in r.text
        assert 'name="token"' in r.text and 'method="post"' in r.text  # the login form
        bearer = client.get("/admin", headers={"Authorization": f"Bearer {TOKEN}"})
        assert bearer.status_code == 200 and "Index" in bearer.text
        assert client.get("/admin", headers={"Authorization": "Bearer nope"}).status_code == 403
        assert client.get("/admin", headers={"Authorization": TOKEN}).status_code == 403


def test_the_admin_form_sets_a_strict_httponly_cookie_without_the_token(
        tiny: tuple[Path, Path]) -> None:
    with _app(tiny[1], admin_token=TOKEN) as client:
        r = client.post("/admin", data={"token": TOKEN}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/admin"
        cookie = r.headers["set-cookie"]
        assert cookie.startswith(f"{ADMIN_COOKIE}=") and TOKEN not in cookie
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
        # the whole app: the session opens the HR overview (/overview, its exports) too
        assert "Path=/;" in cookie and "Secure" not in cookie  # plain http in the test
        assert f"Max-Age={ADMIN_SESSION_SECONDS}" in cookie
        page = client.get("/admin")
        assert page.status_code == 200 and "Index" in page.text and "/admin/logout" in page.text
        out = client.post("/admin/logout", follow_redirects=False)
        assert out.status_code == 303 and ADMIN_COOKIE in out.headers["set-cookie"]
        client.cookies.clear()
        assert client.get("/admin").status_code == 403
        wrong = client.post("/admin", data={"token": TOKEN[:-1]}, follow_redirects=False)
        assert wrong.status_code == 403 and "set-cookie" not in wrong.headers
        cross = client.post("/admin", data={"token": TOKEN}, follow_redirects=False,
                            headers={"Sec-Fetch-Site": "cross-site"})
        assert cross.status_code == 403 and "set-cookie" not in cross.headers
    with _app(tiny[1], admin_token=TOKEN, base_url="https://intranet.example/expertise") as c:
        r = c.post("/admin", data={"token": TOKEN}, follow_redirects=False)
        assert "Secure" in r.headers["set-cookie"]
        assert "Path=/expertise;" in r.headers["set-cookie"]
        assert r.headers["location"] == "https://intranet.example/expertise/admin"


def test_forged_old_and_foreign_admin_sessions_are_refused(tiny: tuple[Path, Path]) -> None:
    now = time.time()
    assert admin_session_valid(admin_session(TOKEN, now), TOKEN, now)
    assert not admin_session_valid(admin_session(TOKEN, now), TOKEN + "x", now)  # token changed
    assert not admin_session_valid(admin_session(TOKEN, now - ADMIN_SESSION_SECONDS - 1),
                                   TOKEN, now)  # expired
    expires = int(now) + 60
    forged = [f"{expires}.{'0' * 64}", "", ".", "x.y", f"{expires}", TOKEN,
              f"{expires + 10**9}.{admin_session(TOKEN, now).split('.')[1]}", "١٢٣.abc"]
    with _app(tiny[1], admin_token=TOKEN) as client:
        for value in forged:
            assert not admin_session_valid(value, TOKEN, now), value
            if not value.isascii():
                continue  # a header cannot carry it anyway
            client.cookies.set(ADMIN_COOKIE, value)
            assert client.get("/admin").status_code == 403, value
        client.cookies.set(ADMIN_COOKIE, admin_session(TOKEN))
        assert client.get("/admin").status_code == 200


def test_short_admin_tokens_and_secrets_are_never_echoed() -> None:
    with pytest.raises(SettingError) as caught:
        Settings(admin_token="short-secret")
    assert str(caught.value) == ("EXPERTISE_ADMIN_TOKEN=(hidden, 12 characters): must be "
                                 "empty or at least 16 characters")
    with pytest.raises(SettingError) as caught:
        Settings(auth="basic", basic_users="ann;pass-word-1")
    assert "pass-word-1" not in str(caught.value)
    text = repr(Settings(admin_token=TOKEN, auth="basic", basic_users="ann:pass-word-2"))
    assert TOKEN not in text and "pass-word-2" not in text


def test_no_log_line_holds_the_token_a_password_or_a_query(
        tiny: tuple[Path, Path], caplog: pytest.LogCaptureFixture) -> None:
    """The attack: /admin?token=… was written verbatim to the access log."""
    app = create_app(Settings(index=tiny[1], admin_token=TOKEN, auth="basic",
                              basic_users="ann:pass-word-3"))
    lines: list[str] = []
    handler = _Collect(lines)
    caplog.set_level(logging.DEBUG)
    with live_server(app, log_level="info", access_log=True) as base:
        # After uvicorn configured its logging (which replaces its loggers' handlers).
        loggers = [logging.getLogger(n) for n in ("", "uvicorn", "uvicorn.access",
                                                  "uvicorn.error")]
        for lg in loggers:
            lg.addHandler(handler)
        try:
            ann = _basic("ann", "pass-word-3")
            for url, headers in [
                    (f"/admin?token={TOKEN}", ann),
                    ("/admin", {"Authorization": f"Bearer {TOKEN}"}),
                    ("/admin", {"Authorization": "Bearer wrong-token-guess"}),
                    (f"/?q={SECRET_QUERY}", ann), (f"/api/search?q={SECRET_QUERY}", ann),
                    ("/", _basic("ann", "wrong-pass-word")), ("/", ann)]:
                _fetch(base + url, headers)
        finally:
            for lg in loggers:
                lg.removeHandler(handler)
    logged = "\n".join(lines) + caplog.text
    access = [line for line in lines if '"GET ' in line]
    assert any("/admin" in line for line in access), lines  # the access log still works
    for secret in (TOKEN, "pass-word-3", "wrong-pass-word", "wrong-token-guess", SECRET_QUERY,
                   base64.b64encode(b"ann:pass-word-3").decode(), "Authorization"):
        assert secret not in logged, secret


def test_the_access_log_filter_keeps_the_path_and_drops_the_query() -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                               '%s - "%s %s HTTP/%s" %d',
                               ("10.0.0.5:1", "GET", f"/admin?token={TOKEN}", "1.1", 403), None)
    assert HideQueryStrings().filter(record)
    assert record.getMessage() == '10.0.0.5:1 - "GET /admin HTTP/1.1" 403'


# -- 3. downloads ------------------------------------------------------------------------

@pytest.fixture
def downloads(tiny: tuple[Path, Path], tmp_path: Path) -> Iterator[tuple[Path, TestClient]]:
    """A private copy of the share (the tests change it behind the index) and a client."""
    share = tmp_path / "share"
    shutil.copytree(tiny[0], share, symlinks=True)
    with _app(tiny[1], allow_downloads=True, share=str(share)) as client:
        yield share, client


def test_a_colleagues_own_regular_files_download(downloads: tuple[Path, TestClient]) -> None:
    share, client = downloads
    r = client.get("/people/a1/documents/a1/notes.txt")
    assert r.status_code == 200 and r.content == (share / "a1" / "notes.txt").read_bytes()
    assert r.headers["content-disposition"].startswith("attachment")
    assert r.headers["cache-control"] == "no-store"
    assert client.get("/people/a1/documents/a1/certs/bls.txt").status_code == 200


def test_nul_and_other_bad_paths_are_404_not_500(downloads: tuple[Path, TestClient]) -> None:
    """The attack: a NUL (%00) in a download path gave a 500."""
    _share, client = downloads
    for path in ("a1/notes.txt%00", "a1/%00", "a1/notes%00.txt", "a1%00/notes.txt",
                 "a1/..%2F..%2Fpeople.csv", "a1/../people.csv", "a1//notes.txt",
                 "a1/%2E/notes.txt", "a1/certs/%2E%2E/notes.txt", "a1/%2E%2E/people.csv",
                 "a1/notes.txt/", "a1",
                 "a1/" + "x" * 300, "a1/%ff%fe", "a1\\notes.txt", "people.csv",
                 "%2Fetc%2Fpasswd", "b2/cv.docx", "shared/protocol.docx"):
        r = client.get(f"/people/a1/documents/{path}")
        assert r.status_code == 404, path
    assert client.get("/people/a%001/documents/a1/notes.txt").status_code == 404


def test_symlinks_are_never_followed_at_any_level(downloads: tuple[Path, TestClient]) -> None:
    """The attack: ln -s ../people.csv x/roster.txt made the whole roster downloadable."""
    share, client = downloads
    (share / "a1" / "notes.txt").unlink()
    (share / "a1" / "notes.txt").symlink_to("../people.csv")  # an indexed name, now a link
    r = client.get("/people/a1/documents/a1/notes.txt")
    assert r.status_code == 404 and b"email" not in r.content
    # A folder swapped for a link to someone else's folder, holding the same file name.
    (share / "b2" / "certs").mkdir()
    (share / "b2" / "certs" / "bls.txt").write_text("b2's own certificate\n")
    shutil.rmtree(share / "a1" / "certs")
    (share / "a1" / "certs").symlink_to("../b2/certs", target_is_directory=True)
    assert client.get("/people/a1/documents/a1/certs/bls.txt").status_code == 404
    # The colleague's folder itself swapped for a link.
    moved = share / "a1-real"
    (share / "a1").rename(moved)
    (share / "a1").symlink_to("a1-real", target_is_directory=True)
    assert client.get("/people/a1/documents/a1/cv.docx").status_code == 404


def test_only_regular_files_that_the_index_lists_are_served(
        downloads: tuple[Path, TestClient]) -> None:
    share, client = downloads
    (share / "a1" / "new.txt").write_text("not indexed yet\n")
    assert client.get("/people/a1/documents/a1/new.txt").status_code == 404
    (share / "a1" / "notes.txt").unlink()
    os.mkfifo(share / "a1" / "notes.txt")  # must neither block nor be served
    assert client.get("/people/a1/documents/a1/notes.txt").status_code == 404
    page = client.get("/people/a1").text
    assert "/people/a1/documents/a1/cv.docx" in page
    assert "/documents/shared/" not in page and "/documents/b2/" not in page


def test_open_beneath_opens_only_regular_files_below_the_root(tmp_path: Path) -> None:
    (tmp_path / "in" / "a").mkdir(parents=True)
    (tmp_path / "in" / "a" / "f.txt").write_text("ok")
    (tmp_path / "secret.txt").write_text("no")
    (tmp_path / "in" / "a" / "link.txt").symlink_to(tmp_path / "secret.txt")
    (tmp_path / "in" / "b").symlink_to(tmp_path / "in" / "a")
    root = tmp_path / "in"
    opened = open_beneath(root, "a/f.txt")
    assert opened is not None
    os.close(opened[0])
    for bad in ("a/link.txt", "b/f.txt", "a/../../secret.txt", "a", "a/", "/a/f.txt",
                "a/f.txt\x00", "a/missing", "", "a/./f.txt"):
        assert open_beneath(root, bad) is None, bad


# -- 4. links never come from the Host header -------------------------------------------

def test_no_link_or_redirect_names_the_host_header(downloads: tuple[Path, TestClient]) -> None:
    """The attack: the Host header ended up in download links."""
    _share, client = downloads
    evil = {"Host": "evil.example"}
    for url in ("/people/a1", "/?q=wondzorg", "/", "/nowhere", "/people/a1?q=wondzorg"):
        r = client.get(url, headers=evil, follow_redirects=False)
        assert "evil.example" not in r.text and "evil.example" not in str(r.headers), url
    assert 'href="/people/a1/documents/a1/cv.docx"' in client.get("/people/a1",
                                                                  headers=evil).text
    for url in ("/people/a1/", "/admin/", "/api/search/?q=wondzorg"):
        r = client.get(url, headers=evil, follow_redirects=False)
        assert r.status_code == 404 and "location" not in r.headers, url


def test_links_use_the_configured_base_url(tiny: tuple[Path, Path]) -> None:
    base = "https://intranet.example/expertise"
    with _app(tiny[1], allow_downloads=True, share=str(tiny[0]), base_url=base + "/",
              admin_token=TOKEN) as client:
        page = client.get("/people/a1", headers={"Host": "evil.example"}).text
        assert f'href="{base}/people/a1/documents/a1/cv.docx"' in page
        assert f'href="{base}/"' in page and "evil.example" not in page
        r = client.post("/admin", data={"token": TOKEN}, headers={"Host": "evil.example"},
                        follow_redirects=False)
        assert r.headers["location"] == f"{base}/admin"
    for bad in ("intranet.example", "https://x.example/?a=1", "javascript:alert(1)",
                "https://x.example/#top", "https://evil example"):
        with pytest.raises(SettingError, match=r"^EXPERTISE_BASE_URL="):
            Settings(base_url=bad)


# -- 5. back-off after failed logins ------------------------------------------------------

class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_backoff_grows_caps_resets_and_stays_bounded() -> None:
    clock = _Clock()
    b = Backoff(clock=clock)
    assert [b.failed("x") for _ in range(4)] == [0, 0, 0, 0] and b.retry_after("x") == 0
    assert b.failed("x") == 15 and b.retry_after("x") == 15
    clock.now += 15
    assert b.retry_after("x") == 0
    waits = []
    for _ in range(6):
        waits.append(b.failed("x"))
        clock.now += waits[-1]
    assert waits == [30, 60, 120, 240, 300, 300]  # doubling, capped at five minutes
    b.succeeded("x")
    assert b.retry_after("x") == 0 and b.failed("x") == 0  # a new streak
    clock.now += 30
    assert [b.failed("slow") for _ in range(4)] == [0] * 4
    clock.now += 61  # failures older than the window do not count
    assert b.failed("slow") == 0
    small = Backoff(max_addresses=10, clock=clock)
    for i in range(50):
        small.failed(f"10.0.{i}.1")
    assert len(small) == 10 and small.retry_after("10.0.0.1") == 0


def test_basic_auth_guessing_gets_429_with_retry_after(tiny: tuple[Path, Path]) -> None:
    """The attack: basic-auth guessing had no back-off."""
    app = create_app(Settings(index=tiny[1], auth="basic", basic_users="ann:s3cret-pw"))
    clock = _Clock()
    app.state.backoff.clock = clock
    with TestClient(app, client=("192.0.2.7", 1)) as guesser, \
            TestClient(app, client=("192.0.2.8", 1)) as colleague:
        assert guesser.get("/").status_code == 401  # no credentials yet: not a failure
        for n in range(5):
            assert guesser.get("/", headers=_basic("ann", f"guess{n}")).status_code == 401
        r = guesser.get("/", headers=_basic("ann", "s3cret-pw"))  # even the right one waits
        assert r.status_code == 429 and r.headers["retry-after"] == "15"
        assert "s3cret" not in r.text
        assert colleague.get("/", headers=_basic("ann", "s3cret-pw")).status_code == 200
        clock.now += 15
        assert guesser.get("/", headers=_basic("ann", "guess5")).status_code == 401
        assert guesser.get("/", headers=_basic("ann", "s3cret-pw")).headers[
            "retry-after"] == "30"  # the next failure doubled the wait
        clock.now += 30
        assert guesser.get("/", headers=_basic("ann", "s3cret-pw")).status_code == 200
        assert app.state.backoff.retry_after("192.0.2.7") == 0
        assert guesser.get("/", headers=_basic("ann", "typo")).status_code == 401  # reset
        assert guesser.get("/healthz").status_code == 200


def test_behind_the_proxy_the_backoff_counts_the_forwarded_client(
        tiny: tuple[Path, Path]) -> None:
    app = create_app(Settings(index=tiny[1], auth="basic", basic_users="ann:s3cret-pw",
                              trusted_proxies=PROXY))
    with TestClient(app, client=(PROXY, 1)) as proxy:
        for n in range(5):  # a forged left-most entry does not change who is counted
            forwarded = {"X-Forwarded-For": f"203.0.113.{n}, 192.0.2.7",
                         **_basic("ann", f"guess{n}")}
            assert proxy.get("/", headers=forwarded).status_code == 401
        blocked = proxy.get("/", headers={"X-Forwarded-For": "192.0.2.7",
                                          **_basic("ann", "s3cret-pw")})
        assert blocked.status_code == 429
        other = proxy.get("/", headers={"X-Forwarded-For": "192.0.2.8",
                                        **_basic("ann", "s3cret-pw")})
        assert other.status_code == 200  # everyone else behind the proxy can still log in


def test_admin_token_guessing_backs_off_too(tiny: tuple[Path, Path]) -> None:
    app = create_app(Settings(index=tiny[1], admin_token=TOKEN))
    with TestClient(app, client=("192.0.2.9", 1)) as client:
        codes = [client.post("/admin", data={"token": f"guess-{n}"},
                             follow_redirects=False).status_code for n in range(5)]
        assert codes == [403, 403, 403, 403, 429]
        r = client.post("/admin", data={"token": TOKEN}, follow_redirects=False)
        assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
        assert "set-cookie" not in r.headers
        assert client.get("/admin", headers={"Authorization": f"Bearer {TOKEN}"}
                          ).status_code == 429


# -- 6. /healthz never waits for a searcher ------------------------------------------------

def test_healthz_answers_while_every_searcher_slot_is_held(tiny: tuple[Path, Path]) -> None:
    """The attack: /healthz queued 50 s behind slow searches for one of the four slots."""
    # No time budget: the extra borrower below waits for a slot as long as it takes.
    app = create_app(Settings(index=tiny[1], admin_token=TOKEN, search_budget_ms=0))
    with TestClient(app) as client, contextlib.ExitStack() as held:
        expected = client.get("/healthz").json()
        reader = app.state.finder.reader
        for _ in range(reader.max_searchers):
            held.enter_context(reader.snapshot())
        fifth = threading.Event()

        def borrow() -> None:
            with reader.snapshot():
                fifth.set()

        waiting = threading.Thread(target=borrow, daemon=True)
        waiting.start()
        assert not fifth.wait(0.3), "the test must hold every slot"
        answers: list[tuple[int, dict[str, object], float]] = []

        def check() -> None:
            for _ in range(5):
                start = time.perf_counter()
                r = client.get("/healthz")
                answers.append((r.status_code, r.json(), time.perf_counter() - start))
            admin = client.get("/admin", headers={"Authorization": f"Bearer {TOKEN}"})
            answers.append((admin.status_code, {}, 0.0))

        probe = threading.Thread(target=check, daemon=True)
        probe.start()
        probe.join(timeout=10)
        assert not probe.is_alive(), "/healthz waited for a searcher"
        held.close()
        waiting.join(timeout=10)
    assert [a[0] for a in answers] == [200] * 6
    assert all(body == expected for _code, body, _s in answers[:5])
    assert expected["people"] == 2 and expected["documents"] >= 4
    assert min(seconds for _c, _b, seconds in answers[:5]) < 0.1


def test_healthz_counts_agree_with_the_searcher(tiny: tuple[Path, Path]) -> None:
    app = create_app(Settings(index=tiny[1]))
    with TestClient(app) as client:
        data = client.get("/healthz").json()
        with app.state.finder.reader.snapshot() as s:
            assert data == {"status": "ok", "generation": s.generation, **s.counts()}


# -- helpers ----------------------------------------------------------------------------

class _Collect(logging.Handler):
    def __init__(self, lines: list[str]) -> None:
        super().__init__(logging.DEBUG)
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _fetch(url: str, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_the_backoff_is_kept_in_a_file_every_process_shares(tmp_path: Path) -> None:
    path = tmp_path / BACKOFF_FILE
    three = ("import sys; from pathlib import Path; from finder.web.security import Backoff; "
             "b = Backoff(Path(sys.argv[1]), clock=lambda: 1000.0); "
             "print([b.failed('192.0.2.7') for _ in range(3)])")
    other = subprocess.run([sys.executable, "-c", three, str(path)], capture_output=True,
                           text=True, check=True)
    assert other.stdout.strip() == "[0, 0, 0]"
    clock = _Clock()  # the same time as the other process's
    here = Backoff(path, clock=clock)
    assert here.failed("192.0.2.7") == 0 and here.failed("192.0.2.7") == 15  # 3 + 2 failures
    assert Backoff(path, clock=clock).retry_after("192.0.2.7") == 15  # a third process sees it
    clock.now += 901  # forgotten: the address is no longer in the file
    here.failed("198.51.100.1")
    assert len(here) == 1 and b"192.0.2.7" not in path.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == [BACKOFF_FILE]  # no journal left
    here.close()


def test_serve_with_two_workers_shares_the_login_backoff(tiny: tuple[Path, Path],
                                                         tmp_path: Path) -> None:
    """Two server processes answer; a guesser spread over both is still blocked."""
    index = tmp_path / "index"
    shutil.copytree(tiny[1], index)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("EXPERTISE_")},
           "EXPERTISE_WORKERS": "2", "EXPERTISE_AUTH": "basic",
           "EXPERTISE_BASIC_USERS": "ann:s3cret-pw"}
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen([str(Path(sys.executable).with_name("expertise-finder")),
                                 "serve", "--index", str(index), "--port", str(port)],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def status(password: str) -> int:
        token = base64.b64encode(f"ann:{password}".encode()).decode()
        request = urllib.request.Request(f"{base}/api/search?q=wondzorg",
                                         headers={"Authorization": f"Basic {token}"})
        try:  # a new connection each time: either process may take it
            with urllib.request.urlopen(request, timeout=10) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code

    try:
        for _ in range(300):
            if proc.poll() is not None:
                pytest.fail(f"serve stopped at start: {log.read_text()}")
            if log.read_text().count("Application startup complete") == 2:
                break
            time.sleep(0.1)
        assert status("s3cret-pw") == 200
        assert [status("wrong") for _ in range(5)] == [401] * 5
        assert status("s3cret-pw") == 429  # blocked, whichever process answered which
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert log.read_text().count("Started server process") == 2
