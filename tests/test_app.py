"""The intranet app through Starlette's TestClient: every route, status and template context."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract
from starlette.testclient import TestClient

from finder.settings import Settings
from finder.web.app import create_app
from finder.web.assets import locate
from finder.web.i18n import choose_language
from tests.app_helpers import build, write_cv, write_share
from tests.conftest import DemoIndex

TOKEN = "admin-token-for-tests"


@pytest.fixture(scope="module")
def app_client(demo: DemoIndex) -> Iterator[TestClient]:
    app = create_app(Settings(index=demo.index, admin_token=TOKEN))
    with TestClient(app) as client:
        yield client


@pytest.fixture
def client(app_client: TestClient) -> Iterator[TestClient]:
    """The shared client, with no language cookie left over from another test."""
    app_client.cookies.clear()
    yield app_client
    app_client.cookies.clear()


# -- search page -----------------------------------------------------------------------

def test_home_page_is_dutch_with_a_focused_search_box_and_examples(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.template.name == "search/index.html"  # type: ignore[attr-defined]
    assert r.context["results"] is None  # type: ignore[attr-defined]
    assert '<html lang="nl">' in r.text
    assert re.search(r'<input type="search" id="q" name="q"[^>]*autofocus', r.text)
    assert 'for="q"' in r.text and "Wie weet er iets van" in r.text
    assert 'href="/?q=wondzorg"' in r.text  # examples to try


def test_search_ranks_colleagues_with_highlighted_evidence_and_badges(client: TestClient) -> None:
    r = client.get("/", params={"q": "wondzorg"})
    assert r.status_code == 200
    results = r.context["results"]  # type: ignore[attr-defined]
    assert results.total > 10 and len(results.experts) == 10
    top = results.experts[0]
    assert f'href="/people/{top.person_id}?q=wondzorg"' in r.text
    assert f'href="mailto:{top.email}"' in r.text and 'href="tel:' in r.text
    assert "<mark>" in r.text
    assert 'class="badge badge-valid">geldig' in r.text
    # One evidence line each, the rest behind a disclosure; no "Waarom:" repeating the boxes.
    assert "Waarom:" not in r.text and '<details class="more-evidence">' in r.text
    assert r.text.count('<li class="expert">') == 10
    assert "collega’s weten iets van “wondzorg”" in r.text
    # facets with counts, as links that keep the question
    assert re.search(r'href="\?q=wondzorg&amp;dept=Geriatrie">\s*Geriatrie <span class="count">'
                     r"\(\d+\)", r.text)
    assert 'rel="next" href="?q=wondzorg&amp;page=2"' in r.text


def test_second_page_continues_the_ranking(client: TestClient) -> None:
    first = client.get("/", params={"q": "wondzorg"}).context["results"]  # type: ignore[attr-defined]
    r = client.get("/", params={"q": "wondzorg", "page": "2"})
    second = r.context["results"]  # type: ignore[attr-defined]
    assert r.context["page"] == 2 and second.offset == 10  # type: ignore[attr-defined]
    assert '<ol class="experts" start="11">' in r.text
    assert not {e.person_id for e in first.experts} & {e.person_id for e in second.experts}
    assert 'rel="prev"' in r.text


def test_facet_links_filter_the_results(client: TestClient) -> None:
    r = client.get("/", params={"q": "wondzorg", "dept": "Geriatrie"})
    experts = r.context["results"].experts  # type: ignore[attr-defined]
    assert experts and {e.department for e in experts} == {"Geriatrie"}
    assert 'aria-current="true"' in r.text  # the active filter, with a link to remove it
    assert '<input type="hidden" name="dept" value="Geriatrie">' in r.text
    r = client.get("/", params={"q": "wondzorg", "kind": "cv"})
    kinds = {ev.kind for e in r.context["results"].experts for ev in e.evidence}  # type: ignore[attr-defined]
    assert kinds == {"cv"}


def test_only_valid_certificates_checkbox(client: TestClient, demo: DemoIndex) -> None:
    r = client.get("/", params={"q": "reanimatie", "valid": "1"})
    experts = r.context["results"].experts  # type: ignore[attr-defined]
    assert experts
    for e in experts:
        assert any(ev.validity in ("valid", "expiring") for ev in e.evidence), e.name
        assert e.person_id not in demo.summary.bls_expired
    assert 'id="valid" name="valid" value="1" checked' in r.text


def test_did_you_mean_offers_the_corrected_question(client: TestClient) -> None:
    r = client.get("/", params={"q": "wondzrg"})
    assert r.context["results"].suggestion == "wondzorg"  # type: ignore[attr-defined]
    assert 'Bedoelde u <a href="?q=wondzorg">wondzorg</a>' in r.text


def test_no_results_gives_a_helpful_empty_state(client: TestClient) -> None:
    r = client.get("/", params={"q": "xylofoonstemmer"})
    assert r.status_code == 200
    assert r.context["results"].total == 0  # type: ignore[attr-defined]
    assert "Geen collega’s gevonden voor “xylofoonstemmer”" in r.text
    assert "Probeer bijvoorbeeld" in r.text and 'href="/?q=reanimatie"' in r.text


def test_a_bad_question_is_a_400_page_with_a_sentence(client: TestClient) -> None:
    r = client.get("/", params={"q": "kind:foo"})
    assert r.status_code == 400
    assert "Onbekende soort" in r.context["error"]  # type: ignore[attr-defined]
    assert 'role="alert"' in r.text and "Traceback" not in r.text


# -- language ---------------------------------------------------------------------------

def test_english_through_accept_language(client: TestClient) -> None:
    r = client.get("/", params={"q": "wondzorg"}, headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert '<html lang="en">' in r.text
    assert "colleagues know about “wondzorg”" in r.text and ">valid <" in r.text
    assert 'href="?q=wondzorg&amp;lang=nl"' in r.text  # the visible switch back


def test_language_switch_is_remembered_in_a_cookie(client: TestClient) -> None:
    r = client.get("/", params={"lang": "en"})
    assert r.cookies.get("lang") == "en" and "Search</button>" in r.text
    assert "Search</button>" in client.get("/").text  # remembered
    assert "Zoeken</button>" in client.get("/", params={"lang": "nl"}).text
    assert "Zoeken</button>" in client.get("/").text


def test_english_error_sentences_come_from_the_catalog(client: TestClient) -> None:
    r = client.get("/", params={"q": "", "lang": "en"})
    assert r.status_code == 400 and "Type one or more words to search for." in r.text


@pytest.mark.parametrize(("query", "cookie", "accept", "expected"), [
    (None, None, None, "nl"), ("en", "nl", "nl", "en"), (None, "en", "nl", "en"),
    (None, None, "de-DE,en;q=0.5,nl;q=0.9", "nl"), (None, None, "fr, en-US;q=0.3", "en"),
    ("xx", "yy", "en;q=0", "nl"),
])
def test_language_choice_order(query: str | None, cookie: str | None, accept: str | None,
                               expected: str) -> None:
    assert choose_language(query, cookie, accept, "nl").lang == expected


def test_every_template_string_has_a_dutch_translation() -> None:
    with locate().catalog("nl").open("rb") as fh:
        catalog = read_po(fh)
    missing = []
    for path in locate().templates.rglob("*.html"):
        with path.open("rb") as fh:
            for _line, _func, message, _comments in babel_extract(
                    fh, ["_", "gettext", "ngettext"], [], {}):
                if message is None:  # _(variable): a batch report's reason (test_me.py)
                    continue
                msgid = message if isinstance(message, str) else message[0]
                entry = catalog.get(msgid)
                if entry is None or not entry.string or entry.fuzzy:
                    missing.append(f"{path.name}: {msgid}")
    assert not missing


def test_templates_hold_no_untranslated_text() -> None:
    """Visible text in templates goes through _(); only names, symbols and markup remain."""
    allowed = {"English", "Nederlands", "←", "→", "×", "·", "(", ")", "“", "”", ",", "?"}
    for path in locate().templates.rglob("*.html"):
        source = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", path.read_text(), flags=re.S)
        text = re.sub(r"<[^>]+>", " ", source)
        stray = [w for w in text.split() if w not in allowed]
        assert not stray, f"{path.name}: {stray[:5]}"


# -- profile ----------------------------------------------------------------------------

def test_profile_shows_contact_expertise_certificates_documents_and_similar(
        client: TestClient, demo: DemoIndex) -> None:
    person = next(r.person_id for r in demo.summary.certificates if r.key == "bls")
    r = client.get(f"/people/{person}", params={"q": "reanimatie"})
    assert r.status_code == 200 and r.template.name == "people/profile.html"  # type: ignore[attr-defined]
    profile = r.context["profile"]  # type: ignore[attr-defined]
    assert profile.person_id == person and profile.email and profile.department
    assert profile.expertise and not set(profile.name.lower().split()) & set(profile.expertise)
    assert any("BLS" in c.name for c in profile.certificates)
    assert {c.validity for c in profile.certificates} <= {"valid", "expiring", "expired",
                                                          "unknown"}
    assert [k for k, _docs in r.context["documents_by_kind"]][0] == "cv"  # type: ignore[attr-defined]
    assert profile.similar and person not in {s.person_id for s in profile.similar}
    assert f'<h1 id="profile-name">{profile.name}</h1>' in r.text
    assert 'href="/?q=reanimatie"' in r.text  # back to the results
    assert ".docx" not in r.text and ".pdf" not in r.text  # titles only, no download links


@pytest.mark.parametrize("path", ["/people/p999", "/people/.hidden", "/people/shared",
                                  "/people/%3Cscript%3E", "/people/" + "p" * 80])
def test_unknown_or_invalid_colleague_is_a_friendly_404(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert "Pagina niet gevonden" in r.text and "<script>" not in r.text


def test_opted_out_colleague_has_no_profile(client: TestClient, demo: DemoIndex) -> None:
    assert demo.summary.opt_out
    for pid in demo.summary.opt_out:
        assert client.get(f"/people/{pid}").status_code == 404
        assert client.get(f"/api/people/{pid}").status_code == 404


# -- JSON API ---------------------------------------------------------------------------

def test_api_search_has_the_contract_shape(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "wondzorg", "limit": "3"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    data = r.json()
    assert data["query"] == "wondzorg" and data["total"] > 3 and len(data["experts"]) == 3
    expert = data["experts"][0]
    assert {"person_id", "name", "department", "score", "evidence"} <= expert.keys()
    assert {"document", "kind", "snippet"} <= expert["evidence"][0].keys()
    assert set(data["facets"]) == {"department", "location", "kind"}
    page2 = client.get("/api/search", params={"q": "wondzorg", "limit": "3", "offset": "3"})
    assert page2.json()["experts"][0]["person_id"] not in {e["person_id"] for e in
                                                          data["experts"]}


def test_api_search_filters(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "wondzorg", "department": "Geriatrie",
                                             "kind": "certificate", "valid": "1"}).json()
    assert data["experts"]
    for e in data["experts"]:
        assert e["department"] == "Geriatrie"
        assert all(ev["kind"] == "certificate" for ev in e["evidence"])


@pytest.mark.parametrize("params", [{"q": "x", "limit": "0"}, {"q": "x", "limit": "abc"},
                                    {"q": "x", "limit": "101"}, {"q": "x", "offset": "-1"},
                                    {"q": "x", "kind": "foto"}, {"q": "x", "valid": "misschien"},
                                    {"q": "x", "limit": "١"}])
def test_api_rejects_bad_parameters_with_a_sentence(client: TestClient,
                                                    params: dict[str, str]) -> None:
    r = client.get("/api/search", params=params)
    assert r.status_code == 400 and r.json()["error"].endswith(".")


def test_api_person(client: TestClient) -> None:
    pid = client.get("/api/search", params={"q": "wondzorg"}).json()["experts"][0]["person_id"]
    data = client.get(f"/api/people/{pid}").json()
    assert data["person_id"] == pid and data["certificates"] and data["documents"]
    assert client.get("/api/people/p999").json() == {
        "error": "Deze collega bestaat niet (meer) in de index."}


def test_api_suggest_completes_the_last_word(client: TestClient) -> None:
    data = client.get("/api/suggest", params={"q": "palliatieve wond"}).json()
    assert "palliatieve wondzorg" in data["suggestions"]
    assert client.get("/api/suggest", params={"q": "w"}).json()["suggestions"] == []
    assert client.get("/api/suggest").json()["suggestions"] == []


def test_openapi_describes_the_real_responses(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    schemas = spec["components"]["schemas"]
    pid = client.get("/api/search", params={"q": "wondzorg"}).json()["experts"][0]["person_id"]
    checks = [("/api/search?q=wondzorg", "/api/search", "200"),
              ("/api/search?q=", "/api/search", "400"),
              (f"/api/people/{pid}", "/api/people/{person_id}", "200"),
              ("/api/people/p999", "/api/people/{person_id}", "404"),
              ("/api/suggest?q=wond", "/api/suggest", "200"),
              ("/healthz", "/healthz", "200")]
    for url, path, status in checks:
        r = client.get(url)
        assert str(r.status_code) == status, url
        schema = spec["paths"][path]["get"]["responses"][status]["content"][
            "application/json"]["schema"]
        _validate(r.json(), schema, schemas, url)


def _validate(value: Any, schema: dict[str, Any], schemas: dict[str, Any], where: str) -> None:
    """The small subset of JSON Schema the document uses: $ref, type, required, enum, items."""
    if "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
    kind = schema.get("type")
    types = {"object": dict, "array": list, "string": str, "integer": int, "number": (int, float),
             "boolean": bool}
    if kind:
        assert isinstance(value, types[kind]), f"{where}: {value!r} is not {kind}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if kind == "object":
        assert set(schema.get("required", ())) <= value.keys(), f"{where}: missing keys"
        for key, item in value.items():
            sub = schema.get("properties", {}).get(key) or schema.get("additionalProperties")
            assert sub is not None, f"{where}: undocumented key {key!r}"
            _validate(item, sub, schemas, f"{where}.{key}")
    if kind == "array":
        for item in value:
            _validate(item, schema["items"], schemas, f"{where}[]")


# -- health, admin, static, errors ------------------------------------------------------

def test_healthz_names_the_generation(client: TestClient) -> None:
    data = client.get("/healthz").json()
    assert data["status"] == "ok" and data["generation"].startswith("gen-")
    assert data["people"] > 0 and data["documents"] > 0


def test_without_an_index_pages_say_so_and_health_is_503(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(index=tmp_path / "none"))) as client:
        assert client.get("/healthz").status_code == 503
        r = client.get("/", params={"q": "wondzorg"})
        assert r.status_code == 503 and "Er is nog geen index" in r.text
        assert client.get("/api/search", params={"q": "x"}).json()["error"].startswith(
            "Er is nog geen index")
        assert client.get("/").status_code == 200  # the search box itself still works


def test_admin_needs_the_token(client: TestClient, demo: DemoIndex) -> None:
    assert client.get("/admin").status_code == 403
    assert client.get("/admin", params={"token": TOKEN}).status_code == 403  # never in a URL
    wrong = {"Authorization": f"Bearer {TOKEN[:-1]}"}
    assert client.get("/admin", headers=wrong).status_code == 403
    r = client.get("/admin", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and r.template.name == "admin/status.html"  # type: ignore[attr-defined]
    assert r.context["counts"]["people"] > 0  # type: ignore[attr-defined]
    assert r.context["report"]["failed"]  # type: ignore[attr-defined]
    assert "versleuteld" in r.text  # the reason in the page's language ("encrypted")
    english = client.get("/admin", params={"lang": "en"},
                         headers={"Authorization": f"Bearer {TOKEN}"})
    assert demo.report.failed[0].reason in english.text
    assert TOKEN not in r.text  # not echoed into links such as the language switch
    assert client.get("/admin", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_admin_is_absent_without_a_configured_token(demo: DemoIndex) -> None:
    with TestClient(create_app(Settings(index=demo.index))) as client:
        assert client.get("/admin", params={"token": ""}).status_code == 404


def test_static_files_are_cached(client: TestClient) -> None:
    page = client.get("/").text
    css = re.search(r'href="(/static/app\.css\?v=[0-9a-f]+)"', page)
    assert css
    r = client.get(css.group(1))
    assert r.status_code == 200 and "immutable" in r.headers["cache-control"]
    again = client.get(css.group(1), headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304
    assert client.get("/static/suggest.js").headers["cache-control"] == "public, max-age=3600"
    assert client.get("/").headers["cache-control"] == "private, no-cache"


def test_unknown_pages_get_custom_404s(client: TestClient) -> None:
    r = client.get("/nergens")
    assert r.status_code == 404 and "Naar de zoekpagina" in r.text
    assert client.get("/api/nergens").json() == {"error": "Niet gevonden."}
    assert client.post("/api/search").status_code == 405


def test_a_broken_index_gives_a_friendly_500(tmp_path: Path, demo: DemoIndex) -> None:
    index = tmp_path / "index"
    shutil.copytree(demo.index, index, ignore=shutil.ignore_patterns(".lock"))
    gen = index / (index / "CURRENT").read_text().strip()
    for toc in (gen / "docs").glob("*.toc"):
        toc.unlink()  # damaged on disk behind the app's back
    app = create_app(Settings(index=index))
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/", params={"q": "wondzorg"})
        assert r.status_code == 500 and "Er ging iets mis" in r.text
        assert "Traceback" not in r.text and "whoosh" not in r.text.lower()
        assert r.headers["content-security-policy"].startswith("default-src 'self'")
        api = client.get("/api/search", params={"q": "wondzorg"})
        assert api.status_code == 500 and "Traceback" not in api.text
        assert client.get("/healthz").status_code == 503


# -- malformed questions ----------------------------------------------------------------

MALFORMED = ['"', "(", ")", "AND", "NOT", "OR", "dept:", "kind:foo", "a" * 600, "x" * 499,
             "wond\x00zorg", "\x07\x1b[31m", "", "   ", '"unbalanced', "((wondzorg", "*", "?",
             "wond*", "-", "NOT wondzorg", "dept:Geriatrie", "loc:", '""', "🙂", "\u202e",
             "AND OR NOT", "%", "\\", "<script>alert(1)</script>", "kind:cv wondzorg"]


@pytest.mark.parametrize("query", MALFORMED)
def test_malformed_questions_never_give_500(client: TestClient, query: str) -> None:
    api = client.get("/api/search", params={"q": query})
    assert api.status_code in (200, 400), query
    if api.status_code == 400:
        assert api.json()["error"]
    page = client.get("/", params={"q": query})
    assert page.status_code == api.status_code
    assert "<script>alert(1)</script>" not in page.text
    assert client.get("/api/suggest", params={"q": query}).status_code == 200


# -- live re-index ----------------------------------------------------------------------

def test_a_reindex_shows_up_without_a_restart(tmp_path: Path) -> None:
    share = write_share(tmp_path / "share",
                        {"a1": ("Anna Bakker", "Geriatrie", "Verpleegkundige"),
                         "b2": ("Bram de Vries", "Wijkverpleging", "Wondconsulent")},
                        {"a1": ["Ervaren in dementiezorg en palliatieve zorg."],
                         "b2": ["Specialist wondzorg en decubituspreventie."]})
    index = build(share, tmp_path / "index")
    with TestClient(create_app(Settings(index=index))) as client:
        before = client.get("/api/search", params={"q": "stomazorg"}).json()
        assert before["total"] == 0
        generation = client.get("/healthz").json()["generation"]
        write_cv(share / "a1" / "cv.docx", ["Ervaren in dementiezorg.",
                                            "Aandachtsvelder stomazorg sinds 2020."])
        build(share, index)
        after = client.get("/api/search", params={"q": "stomazorg"}).json()
        assert [e["name"] for e in after["experts"]] == ["Anna Bakker"]
        assert client.get("/healthz").json()["generation"] != generation
        assert "stomazorg" in client.get("/", params={"q": "stomazorg"}).text


# -- downloads ---------------------------------------------------------------------------
def test_documents_are_not_downloadable_by_default(client: TestClient, demo: DemoIndex) -> None:
    cv = next(p for p in (demo.share / "p001").iterdir() if p.suffix == ".docx")
    page = client.get("/people/p001").text
    assert "/documents/" not in page
    assert client.get(f"/people/p001/documents/p001/{cv.name}").status_code == 404


def test_administrator_can_enable_downloads_of_a_colleagues_own_documents(
        demo: DemoIndex) -> None:
    cv = next(p for p in (demo.share / "p001").iterdir() if p.suffix == ".docx")
    settings = Settings(index=demo.index, allow_downloads=True, share=str(demo.share))
    with TestClient(create_app(settings)) as c:
        assert f"/people/p001/documents/p001/{cv.name}".replace(" ", "%20") in \
            c.get("/people/p001").text
        response = c.get(f"/people/p001/documents/p001/{cv.name}")
        assert response.status_code == 200 and response.content == cv.read_bytes()
        assert response.headers["content-disposition"].startswith("attachment")
        # Someone else's document, a path outside the share, an unknown file: 404.
        other = next(p for p in (demo.share / "p002").iterdir() if p.suffix == ".docx")
        assert c.get(f"/people/p001/documents/p002/{other.name}").status_code == 404
        assert c.get("/people/p001/documents/..%2F..%2Fetc%2Fpasswd").status_code == 404
        assert c.get("/people/p001/documents/people.csv").status_code == 404
