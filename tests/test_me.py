"""Mijn profiel: a colleague sees what the index holds about them and has their say.

A tiny share, signed in through the proxy header: /me and /api/me (401 without a user),
"Vraag me over" topics searchable at the next request, a hidden document gone from
search, evidence and profile at once, CSRF on the forms, JSON only on the API, the
SQLite file kept across batches and erased with the colleague (remove and opt-out).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from starlette.testclient import TestClient

from finder.search import Finder
from finder.settings import Settings
from finder.web.app import create_app
from indexer import cli
from indexer.batch import run_batch
from indexer.ingest.extract.base import REASONS
from indexer.selfservice import FILENAME, SelfService
from indexer.share import is_photo
from tests.share import P, write_docx, write_people
from tests.test_erasure import opt_out, traces

ANNA, BRAM = P("p1", "Anna de Vries"), P("p2", "Bram Bos")
PROXY = "127.0.0.1"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TOPIC = "Kinaesthetics bij Parkinson"


@pytest.fixture
def share(tmp_path: Path) -> Path:
    root = tmp_path / "share"
    write_people(root, [ANNA, BRAM])
    write_docx(root / "p1" / "cv.docx", "Anna werkt in de wondzorg en de palliatieve zorg.")
    write_docx(root / "p1" / "protocol_stoma.docx", "Protocol stomazorg, door Anna.")
    (root / "p1" / "scan_kapot.docx").write_bytes(b"PK\x03\x04 broken")
    (root / "p1" / "photo.png").write_bytes(PNG)
    write_docx(root / "p2" / "cv.docx", "Bram kent reanimatie en wondzorg.")
    return root


@pytest.fixture
def index(share: Path, tmp_path: Path) -> Path:
    run_batch(share, tmp_path / "ix", workers=1)
    return tmp_path / "ix"


def _client(index: Path, share: Path, **changes: object) -> TestClient:
    settings = Settings(index=index, auth="header", trusted_proxies=PROXY, share=str(share),
                        allow_downloads=True, **changes)  # type: ignore[arg-type]
    # Every request comes through the proxy; by default Bram is the one searching.
    return TestClient(create_app(settings), client=(PROXY, 5555),
                      headers={"X-Remote-User": "p2"})


@pytest.fixture
def client(index: Path, share: Path) -> Iterator[TestClient]:
    with _client(index, share, chat_url="https://teams.example/chat?users={email}") as c:
        yield c


AS_ANNA = {"X-Remote-User": "P1@Zorg.Example"}  # by e-mail, case aside
JSON = {**AS_ANNA, "Content-Type": "application/json"}


def _csrf(client: TestClient) -> str:
    page = client.get("/me", headers=AS_ANNA)
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match and client.cookies.get("ef_csrf") == match.group(1)
    return match.group(1)


def test_without_a_signed_in_user_me_is_401(index: Path, share: Path) -> None:
    with TestClient(create_app(Settings(index=index))) as open_app:  # auth=none: nobody
        assert open_app.get("/api/me").status_code == 401
        assert open_app.get("/me").status_code == 401
        r = open_app.post("/api/me/topics", json={"topics": ["x"]})
        assert r.status_code == 401 and r.json()["error"].startswith("Log in")
        english = open_app.get("/api/me", headers={"Accept-Language": "en"})
        assert english.json()["error"] == "Sign in to see your own profile."


def test_a_sign_in_that_matches_no_colleague_is_404(client: TestClient) -> None:
    assert client.get("/api/me", headers={"X-Remote-User": "nobody@x.example"}).status_code == 404
    assert client.get("/api/me", headers={"X-Remote-User": "p2"}).json()["person_id"] == "p2"


def test_me_shows_documents_unreadable_files_certificates_and_expertise(
        client: TestClient) -> None:
    data = client.get("/api/me", headers=AS_ANNA).json()
    assert data["person_id"] == "p1"
    docs = {d["document"]: d for d in data["documents"]}
    assert set(docs) == {"p1/cv.docx", "p1/protocol_stoma.docx"}  # the photo is no document
    assert docs["p1/cv.docx"]["kind"] == "cv" and docs["p1/cv.docx"]["association"] == "owner"
    assert [(u["document"], u["reason"]) for u in data["unreadable"]] == [
        ("p1/scan_kapot.docx", "corrupt file")]
    assert "wondzorg" in data["profile"]["expertise"]
    page = client.get("/me", headers=AS_ANNA)
    assert page.status_code == 200 and "beschadigd bestand" in page.text  # reason in Dutch
    assert page.headers["cache-control"] == "no-store"
    assert 'src="/people/p1/photo"' in page.text


def test_my_topics_are_searchable_at_the_next_request_and_marked(client: TestClient) -> None:
    assert client.get("/api/search", params={"q": "kinaesthetics"}).json()["total"] == 0
    r = client.post("/api/me/topics", json={"topics": [TOPIC, " ", TOPIC.upper()]},
                    headers=JSON)
    assert r.status_code == 200 and r.json()["topics"] == [TOPIC]  # trimmed, no duplicates
    found = client.get("/api/search", params={"q": "kinaesthetics"}).json()
    assert [e["person_id"] for e in found["experts"]] == ["p1"]
    assert found["experts"][0]["topics"] == [TOPIC]
    page = client.get("/", params={"q": "parkinson"})
    assert "Zelf opgegeven" in page.text and TOPIC in page.text
    assert TOPIC in client.get("/api/people/p1").json()["topics"]


def test_a_topic_weighs_less_than_a_document() -> None:
    from finder.ranking import Weights, with_claims
    w = Weights()
    assert with_claims(np.zeros(1), np.ones(1), w)[0] < w.document * w.certificate / w.certificate
    assert w.self_declared < w.certificate


@pytest.mark.parametrize(("body", "status"), [
    ({"topics": ["x" * 81]}, 400), ({"topics": [f"t{i}" for i in range(21)]}, 400),
    ({"topics": "wondzorg"}, 400), ({"topics": [3]}, 400), ([], 400),
])
def test_topics_are_bounded_with_a_sentence(client: TestClient, body: object,
                                            status: int) -> None:
    r = client.post("/api/me/topics", json=body, headers=JSON)
    assert r.status_code == status and r.json()["error"].endswith(".")
    english = client.post("/api/me/topics", json={"topics": ["x" * 81]},
                          headers={**JSON, "Accept-Language": "en"})
    assert english.json()["error"] == "A topic is at most 80 ordinary characters long."


def test_the_api_takes_json_only(client: TestClient) -> None:
    r = client.post("/api/me/topics", content='{"topics": ["x"]}',
                    headers={**AS_ANNA, "Content-Type": "text/plain"})
    assert r.status_code == 415
    r = client.post("/api/me/topics", content="topics=x",
                    headers={**AS_ANNA, "Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415
    assert client.post("/api/me/topics", content="{", headers=JSON).status_code == 400


def test_hiding_a_document_removes_it_from_search_evidence_and_profile(
        client: TestClient) -> None:
    def stoma() -> list[str]:
        return [e["person_id"] for e in client.get(
            "/api/search", params={"q": "stomazorg"}).json()["experts"]]

    assert stoma() == ["p1"]
    r = client.post("/api/me/hidden", json={"document": "p1/protocol_stoma.docx"}, headers=JSON)
    assert r.status_code == 200 and r.json()["hidden"] == ["p1/protocol_stoma.docx"]
    assert stoma() == []
    profile = client.get("/api/people/p1").json()
    assert "p1/protocol_stoma.docx" not in {d["document"] for d in profile["documents"]}
    assert "stoma" not in client.get("/people/p1").text.lower()
    mine = client.get("/api/me", headers=AS_ANNA).json()
    assert {d["document"]: d["hidden"] for d in mine["documents"]}["p1/protocol_stoma.docx"]
    r = client.post("/api/me/hidden", json={"document": "p1/protocol_stoma.docx",
                                            "hidden": False}, headers=JSON)
    assert r.json()["hidden"] == [] and stoma() == ["p1"]


def test_only_own_documents_can_be_hidden(client: TestClient) -> None:
    for document in ("p2/cv.docx", "p1/nope.docx", 7):
        r = client.post("/api/me/hidden", json={"document": document}, headers=JSON)
        assert r.status_code == 400, document
    assert [e["person_id"] for e in client.get("/api/search", params={"q": "reanimatie"})
            .json()["experts"]] == ["p2"]


def test_the_forms_need_their_token(client: TestClient) -> None:
    r = client.post("/me/topics", data={"topics": "Stoma"}, headers=AS_ANNA)
    assert r.status_code == 403  # no token at all
    token = _csrf(client)
    r = client.post("/me/topics", data={"topics": "Stoma", "csrf": "forged"}, headers=AS_ANNA)
    assert r.status_code == 403
    r = client.post("/me/topics", data={"topics": "Stoma", "csrf": token},
                    headers={**AS_ANNA, "Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    r = client.post("/me/topics", data={"topics": "Stomazorg\nDecubitus", "csrf": token},
                    headers=AS_ANNA, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/me?saved=1"
    r = client.post("/me/hidden", data={"document": "p1/cv.docx", "csrf": token},
                    headers=AS_ANNA, follow_redirects=False)
    assert r.status_code == 303
    mine = client.get("/api/me", headers=AS_ANNA).json()
    assert mine["topics"] == ["Stomazorg", "Decubitus"] and mine["hidden"] == ["p1/cv.docx"]


def test_contact_chat_photo_and_updated_on_the_profile(client: TestClient, share: Path) -> None:
    page = client.get("/people/p1")
    assert 'href="https://teams.example/chat?users=p1%40zorg.example"' in page.text
    assert 'src="/people/p1/photo"' in page.text and "Bijgewerkt op" in page.text
    assert 'href="/people/p1/documents/p1/cv.docx"' in page.text
    photo = client.get("/people/p1/photo")
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/png"
    assert client.get("/people/p2/photo").status_code == 404  # none in the folder
    (share / "p2" / "photo.jpg").write_bytes(b"<script>not an image</script>")
    assert client.get("/people/p2/photo").status_code == 404  # only a real JPEG or PNG
    assert client.get("/people/..%2Fp1/photo").status_code == 404
    results = client.get("/", params={"q": "wondzorg"})
    assert 'src="/people/p1/photo"' in results.text


def test_without_downloads_there_is_no_photo(index: Path, share: Path) -> None:
    with TestClient(create_app(Settings(index=index))) as c:
        assert c.get("/people/p1/photo").status_code == 404
        assert "/photo" not in c.get("/people/p1").text


def test_photos_are_never_indexed() -> None:
    assert is_photo("p1/photo.jpg") and is_photo("p1/Photo.PNG")
    assert not is_photo("p1/certificates/photo.jpg") and not is_photo("shared/photo.png")


def test_additions_survive_a_restart_and_a_batch(client: TestClient, share: Path,
                                                 index: Path) -> None:
    client.post("/api/me/topics", json={"topics": [TOPIC]}, headers=JSON)
    run_batch(share, index, workers=1, full=True)
    with _client(index, share) as again:
        assert again.get("/api/me", headers=AS_ANNA).json()["topics"] == [TOPIC]
    db = sqlite3.connect(index / FILENAME)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT version FROM schema_version").fetchone()[0] >= 1
    db.close()


@pytest.mark.parametrize("how", ["remove", "opt_out"])
def test_a_colleagues_additions_are_erased_with_them(share: Path, index: Path,
                                                     how: str) -> None:
    store = SelfService(index)
    store.set_topics("p2", ["Nicole-onderwerp geheim"], "2026-01-01")
    store.set_hidden("p2", "p2/cv.docx", True, "2026-01-01")
    store.set_topics("p1", ["wondzorg"], "2026-01-01")
    store.close()
    with Finder(index) as finder:  # a running app holds the database open meanwhile
        assert finder.find_experts("geheim").experts[0].person_id == "p2"
        if how == "remove":
            assert cli.main(["remove", "p2", "--index", str(index)]) == 0
        else:
            opt_out(share, BRAM)
            run_batch(share, index, workers=1)
        assert finder.find_experts("geheim").experts == ()
        claims = finder.selfservice.claims()
        assert "p2" not in claims.topics and claims.topics["p1"] == ("wondzorg",)
    assert traces(index) == []  # tests.test_erasure's TRACES: "nicole" is in the topic
    assert not any(b"p2/cv.docx" in f.read_bytes() for f in index.glob(f"{FILENAME}*"))


def test_every_batch_reason_has_a_dutch_translation(client: TestClient) -> None:
    catalog = client.app.state.catalogs["nl"]  # type: ignore[attr-defined]
    assert all(catalog.gettext(reason) != reason for reason in REASONS)


def test_admin_english_link_keeps_the_session(index: Path, share: Path) -> None:
    token = "t" * 24
    with _client(index, share, admin_token=token) as c:
        r = c.post("/admin", data={"token": token}, headers={"X-Remote-User": "p1"},
                   follow_redirects=False)
        assert r.status_code == 303
        page = c.get("/admin", headers={"X-Remote-User": "p1"})
        link = re.search(r'href="([^"]*lang=en[^"]*)"', page.text)
        assert link and token not in page.text and "token" not in link.group(1)
        english = c.get("/admin" + link.group(1).replace("&amp;", "&"),
                        headers={"X-Remote-User": "p1"})
        assert english.status_code == 200 and "corrupt file" in english.text
        assert "beschadigd bestand" in page.text
