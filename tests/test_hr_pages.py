"""The kwaliteitspaspoort for HR and the team finder, on the demo organisation.

- the overview's counts and /api/certificates agree with each colleague's own profile;
- a certificate a role or department requires and a colleague lacks is listed missing;
- both exports open (the xlsx as a workbook), in the interface's language;
- a team for three needs covers all three, certificates valid;
- only the admin token or an HR user sees the overview; bad parameters are a 400;
- the cron command writes the same rows.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from finder import cli as finder_cli
from finder.settings import SettingError, Settings
from finder.web.app import create_app
from finder.web.security import admin_session
from indexer import cli as indexer_cli
from tests.conftest import DemoIndex

TOKEN = "hr-test-token-0123456789"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
RULES = """# Zorggroep De Linde
Wijkverpleegkundige: BLS, BIG-registratie
Wijkverpleging: Wondzorg
Intensive Care: Reanimatie, Voorbehouden handelingen
Geriatrie: Dementie
"""
RANK = {"valid": 0, "expiring": 1, "unknown": 2, "expired": 3}


@pytest.fixture(scope="module")
def requirements(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hr") / "eisen.txt"
    path.write_text(RULES, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def client(demo: DemoIndex, requirements: Path) -> Iterator[TestClient]:
    settings = Settings(index=demo.index, requirements=str(requirements), admin_token=TOKEN)
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture(scope="module")
def rows(client: TestClient) -> list[dict[str, str]]:
    r = client.get("/api/certificates", headers=BEARER)
    assert r.status_code == 200
    found: list[dict[str, str]] = r.json()["certificates"]
    return found


@pytest.fixture(scope="module")
def profiles(client: TestClient, rows: list[dict[str, str]]) -> dict[str, dict[str, Any]]:
    return {pid: client.get(f"/api/people/{pid}").json()
            for pid in sorted({r["person_id"] for r in rows})}


def best_per_name(profile: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The certificate that counts per name: the best validity, then the latest expiry."""
    best: dict[str, dict[str, str]] = {}
    for cert in profile["certificates"]:
        kept = best.get(cert["name"])
        key = (RANK[cert["validity"]], -int((cert["expires"] or "9999").replace("-", "")))
        if kept is None or key < (RANK[kept["validity"]],
                                  -int((kept["expires"] or "9999").replace("-", ""))):
            best[cert["name"]] = cert
    return best


def test_every_row_is_named_and_dated_as_on_the_profile(
        rows: list[dict[str, str]], profiles: dict[str, dict[str, Any]]) -> None:
    assert set(rows[0]) >= {"person_id", "person", "department", "role", "certificate",
                            "issued", "expires", "status"}
    held = [r for r in rows if r["status"] != "missing"]
    assert len(held) > 150
    for pid, profile in profiles.items():
        mine = {r["certificate"]: r for r in held if r["person_id"] == pid}
        best = best_per_name(profile)
        assert set(mine) == set(best), pid
        for name, cert in best.items():
            row = mine[name]
            assert (row["expires"], row["issued"], row["status"]) == (
                cert["expires"], cert["issued"], cert["validity"]), (pid, name)
            assert (row["person"], row["department"], row["role"]) == (
                profile["name"], profile["department"], profile["role"])


def test_the_matrix_counts_what_the_profiles_say(
        client: TestClient, rows: list[dict[str, str]],
        profiles: dict[str, dict[str, Any]]) -> None:
    r = client.get("/overview", headers=BEARER)
    assert r.status_code == 200 and r.template.name == "hr/overview.html"  # type: ignore[attr-defined]
    matrix = r.context["matrix"]  # type: ignore[attr-defined]
    expected: Counter[tuple[str, str, str]] = Counter()
    for profile in profiles.values():
        for name, cert in best_per_name(profile).items():
            expected[(profile["department"], name, cert["validity"])] += 1
    counted: Counter[tuple[str, str, str]] = Counter()
    missing: Counter[str] = Counter()
    for (dept, cert), cell in matrix.cells.items():
        for status, n in cell.items():
            if status == "missing":
                missing[dept] += n
            else:
                counted[(dept, cert, status)] += n
    assert counted == expected
    assert missing == Counter(r["department"] for r in rows if r["status"] == "missing")
    totals = r.context["totals"]  # type: ignore[attr-defined]
    assert sum(totals.values()) == len(rows) and totals["missing"] == sum(missing.values())


def test_required_certificates_a_colleague_lacks_are_missing(
        rows: list[dict[str, str]], profiles: dict[str, dict[str, Any]]) -> None:
    missing = {(r["person_id"], r["certificate"]) for r in rows if r["status"] == "missing"}
    assert missing and all(r["expires"] == "" for r in rows if r["status"] == "missing")
    # Worked out from the profiles alone: a geriatrics colleague without any dementia
    # certificate, a district nurse without BLS / BIG, an IC nurse without voorbehouden.
    lacking = set()
    for pid, p in profiles.items():
        names = " ".join(c["name"].lower() for c in p["certificates"])
        if p["department"] == "Geriatrie" and "dementie" not in names:
            lacking.add((pid, "Dementie"))
        if p["role"] == "Wijkverpleegkundige" and "bls" not in names:
            lacking.add((pid, "BLS"))
        if p["role"] == "Wijkverpleegkundige" and "big-registratie" not in names:
            lacking.add((pid, "BIG-registratie"))
        if p["department"] == "Intensive Care" and "voorbehouden" not in names:
            lacking.add((pid, "Voorbehouden handelingen"))
    assert lacking and lacking <= missing
    # "Reanimatie" is met by "BLS / Reanimatie": nobody holding one is listed as lacking it.
    for pid, name in missing:
        if name == "Reanimatie":
            assert not any("reanimatie" in c["name"].lower()
                           for c in profiles[pid]["certificates"])


def test_a_cell_drills_down_to_names_and_dates(client: TestClient,
                                               rows: list[dict[str, str]]) -> None:
    cell = [r for r in rows if r["department"] == "Wijkverpleging"
            and r["certificate"] in ("BLS / Reanimatie", "BLS")]
    r = client.get("/overview", params={"department": "Wijkverpleging",
                                        "certificate": "BLS / Reanimatie"}, headers=BEARER)
    assert r.status_code == 200
    listed = r.context["rows"]  # type: ignore[attr-defined]
    assert sorted(x.person_id for x in listed) == sorted(x["person_id"] for x in cell)
    for row in cell:
        assert f'href="/people/{row["person_id"]}"' in r.text
    expired = client.get("/api/certificates", headers=BEARER,
                         params={"status": "expired,missing", "department": "wijkverpleging",
                                 "certificate": "BLS"}).json()["certificates"]
    assert {x["status"] for x in expired} <= {"expired", "missing"}
    assert len(expired) == sum(1 for x in cell if x["status"] in ("expired", "missing"))


def test_within_widens_or_narrows_what_is_expiring(client: TestClient) -> None:
    def expiring(days: int) -> int:
        return len(client.get("/api/certificates", headers=BEARER, params={
            "status": "expiring", "within": str(days)}).json()["certificates"])

    assert expiring(0) <= expiring(30) <= expiring(90) <= expiring(365)
    assert expiring(365) > expiring(30)


def test_both_exports_open_with_the_interface_language(client: TestClient,
                                                       rows: list[dict[str, str]]) -> None:
    r = client.get("/overview.csv", headers=BEARER)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"].startswith('attachment; filename="certificaten-')
    table = list(csv.reader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert table[0][:3] == ["Personeelsnummer", "Naam", "Afdeling"]
    assert len(table) == len(rows) + 1 and {t[-1] for t in table[1:]} >= {"geldig", "ontbreekt"}
    x = client.get("/overview.xlsx", headers=BEARER, params={"lang": "en"})
    assert x.status_code == 200 and x.headers["content-disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(x.content)).active
    values = [[c.value or "" for c in line] for line in sheet.iter_rows()]
    assert values[0][:2] == ["Person id", "Name"] and len(values) == len(rows) + 1
    assert {v[-1] for v in values[1:]} >= {"valid", "missing"}
    only = client.get("/overview.csv", headers=BEARER, params={"status": "missing"})
    assert only.text.count("\r\n") == 1 + sum(r["status"] == "missing" for r in rows)


def test_a_team_for_three_needs_covers_all_three(client: TestClient) -> None:
    needs = ["BLS", "wondzorg", "diabetes"]
    r = client.get("/api/team", params=[("need", n) for n in needs])
    assert r.status_code == 200
    team = r.json()
    assert team["uncovered"] == [] and set(team["needs"]) == set(needs)
    assert {n for m in team["members"] for n in m["covers"]} == set(needs)
    assert 1 <= len(team["members"]) <= 3 and set(team["certificate_needs"]) >= {"BLS"}
    for member in team["members"]:
        assert member["covers"] and set(member["evidence"]) == set(member["covers"])
        profile = client.get(f"/api/people/{member['person_id']}").json()
        if "BLS" in member["covers"]:  # a certificate need: a valid certificate
            assert any("BLS" in c["name"] and c["validity"] in ("valid", "expiring")
                       for c in profile["certificates"])
    kampen = client.get("/api/team", params=[*[("need", n) for n in needs],
                                             ("location", "Kampen")]).json()
    for member in kampen["members"]:
        assert client.get(f"/api/people/{member['person_id']}").json()["location"] == "Kampen"
    nobody = client.get("/api/team", params=[("need", "BLS"), ("need", "klingon")]).json()
    assert nobody["uncovered"] == ["klingon"] and nobody["members"]
    page = client.get("/team", params=[("need", n) for n in needs])
    assert page.status_code == 200 and team["members"][0]["name"] in page.text


@pytest.mark.parametrize("path", ["/overview", "/overview.csv", "/overview.xlsx",
                                  "/api/certificates"])
def test_the_overview_is_only_for_the_admin_token(client: TestClient, path: str) -> None:
    client.cookies.clear()
    assert client.get(path).status_code == 403
    assert client.get(path, headers={"Authorization": "Bearer wrong-token"}).status_code == 403
    assert client.get(path, params={"token": TOKEN}).status_code == 403  # never in a URL
    assert client.get(path, headers=BEARER).status_code == 200
    client.cookies.set("ef_admin", admin_session(TOKEN))
    assert client.get(path).status_code == 200
    client.cookies.clear()
    if path.startswith("/api/"):
        assert "HR" in client.get(path).json()["error"]
    assert client.get("/team").status_code == 200  # the team finder is for everyone


def test_hr_users_see_the_overview_and_other_staff_do_not(demo: DemoIndex) -> None:
    settings = Settings(index=demo.index, auth="header", trusted_proxies="10.0.0.1",
                        hr_users="HR.Anna, piet")
    with TestClient(create_app(settings), client=("10.0.0.1", 40000)) as c:
        assert c.get("/overview", headers={"X-Remote-User": "hr.anna"}).status_code == 200
        assert c.get("/api/certificates", headers={"X-Remote-User": "Piet"}).status_code == 200
        denied = c.get("/overview", headers={"X-Remote-User": "bob"})
        assert denied.status_code == 403 and "EXPERTISE_HR_USERS" in denied.text
        team = c.get("/team", params={"need": "wondzorg"}, headers={"X-Remote-User": "bob"})
        assert team.status_code == 200


def test_the_admin_login_form_opens_the_overview(demo: DemoIndex) -> None:
    with TestClient(create_app(Settings(index=demo.index, admin_token=TOKEN))) as c:
        assert c.get("/overview").status_code == 403
        assert c.post("/admin", data={"token": TOKEN}).status_code == 200
        assert c.get("/overview").status_code == 200
        assert c.get("/overview.csv").status_code == 200


@pytest.mark.parametrize("params", [{"status": "bogus"}, {"status": "valid,nope"},
                                    {"within": "-1"}, {"within": "99999"}, {"within": "x"},
                                    {"department": "x" * 201}, {"certificate": "a\x00b"}])
def test_bad_overview_parameters_are_a_400_with_a_sentence(client: TestClient,
                                                           params: dict[str, str]) -> None:
    r = client.get("/api/certificates", params=params, headers=BEARER)
    assert r.status_code == 400 and r.json()["error"].endswith(".")
    page = client.get("/overview", params={**params, "lang": "en"}, headers=BEARER)
    assert page.status_code == 400 and "must" in page.text or "at most" in page.text


@pytest.mark.parametrize("params", [[], [("need", " ")], [("need", str(i)) for i in range(9)],
                                    [("need", "x" * 201)], [("need", "wondzorg"), ("valid", "2")],
                                    [("need", "NOT")]])
def test_bad_team_requests_are_a_400_with_a_sentence(client: TestClient,
                                                     params: list[tuple[str, str]]) -> None:
    r = client.get("/api/team", params=params)
    assert r.status_code == 400 and r.json()["error"]
    if params:
        assert client.get("/team", params=params).status_code == 400


def test_a_bad_requirements_file_stops_the_start_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "eisen.txt"
    bad.write_text("# ok\nWijkverpleging: BLS\nGeriatrie Dementie\n", encoding="utf-8")
    with pytest.raises(SettingError, match="EXPERTISE_REQUIREMENTS.*line 3"):
        Settings.from_env({"EXPERTISE_REQUIREMENTS": str(bad)})
    with pytest.raises(SettingError, match="cannot be read"):
        Settings(requirements=str(tmp_path / "nowhere.txt"))
    assert Settings(hr_users=" Anna ,BOB,").hr_user_names() == {"anna", "bob"}


def test_the_cron_command_writes_the_rows(demo: DemoIndex, requirements: Path, tmp_path: Path,
                                          rows: list[dict[str, str]],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "certificaten.csv"
    code = indexer_cli.main(["certificates", "--index", str(demo.index), "--csv", str(out),
                             "--requirements", str(requirements)])
    assert code == 0 and f"{len(rows)} certificate row(s)" in capsys.readouterr().out
    table = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8").lstrip("\ufeff"))))
    assert table[0][0] == "Personeelsnummer" and len(table) == len(rows) + 1
    assert finder_cli.main(["certificates", "--index", str(demo.index), "--lang", "en",
                            "--expiring", "0"]) == 0
    printed = capsys.readouterr().out
    assert printed.lstrip("\ufeff").startswith("Person id,") and ",expiring" not in printed
    bad = tmp_path / "bad.txt"
    bad.write_text("BLS\n", encoding="utf-8")
    assert finder_cli.main(["certificates", "--index", str(demo.index),
                            "--requirements", str(bad)]) == 2
    assert "line 1" in capsys.readouterr().err


def test_openapi_describes_the_hr_responses(client: TestClient) -> None:
    from tests.test_app import _validate

    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    checks = [("/api/certificates", "/api/certificates", "200", BEARER),
              ("/api/certificates?status=nope", "/api/certificates", "400", BEARER),
              ("/api/certificates", "/api/certificates", "403", {}),
              ("/api/team?need=BLS&need=diabetes", "/api/team", "200", {}),
              ("/api/team", "/api/team", "400", {})]
    for url, path, status, headers in checks:
        client.cookies.clear()
        r = client.get(url, headers=headers)
        assert str(r.status_code) == status, url
        schema = spec["paths"][path]["get"]["responses"][status]["content"][
            "application/json"]["schema"]
        _validate(r.json(), schema, schemas, url)
