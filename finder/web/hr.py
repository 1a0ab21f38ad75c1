"""The kwaliteitspaspoort pages for HR (overview, exports, API) and the team finder.

Thin handlers over ``finder.passport`` and ``finder.team``. The overview, its exports and
``/api/certificates`` are for HR: the admin token (bearer or the /admin session
cookie) or a signed-in user named in ``EXPERTISE_HR_USERS``; anyone else gets 403
with a page that says how to get in. The team finder is for all staff, like search.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from finder import exports, passport
from finder.passport import STATUSES, CertificateRow
from finder.query import QueryError
from finder.requirements import CertificateNames
from finder.team import MAX_NEEDS, find_team, team_json
from finder.web.api import error, finder
from finder.web.i18n import COOKIE, choose_language
from finder.web.params import BadParameter, bool_param, int_param
from finder.web.security import check_admin
from finder.web.views import error_page, render

logger = logging.getLogger(__name__)

MAX_TEXT = 200  # characters of a department, location or certificate filter
DENIED = ("Dit overzicht is voor HR: log in met het beheertoken op /admin, of vraag de "
          "beheerder om uw gebruikersnaam aan EXPERTISE_HR_USERS toe te voegen.")


def hr_denial(request: Request, *, api: bool) -> Response | None:
    """None when the request may see the HR overview; else the 403 (or 429) to answer."""
    user = str(request.scope.get("state", {}).get("user") or "")
    if user and user.casefold() in request.app.state.settings.hr_user_names():
        return None
    check = check_admin(request)
    if check.ok:
        return None
    status = 429 if check.status == 429 else 403
    response = (error(DENIED if status == 403 else "Te veel mislukte pogingen. Probeer het "
                      "later opnieuw.", status) if api
                else error_page(request, status, _gettext(request, DENIED)))
    if check.wait:
        response.headers["retry-after"] = str(check.wait)
    return response


def _gettext(request: Request, message: str) -> str:
    return str(request.app.state.catalogs[_lang(request)].gettext(message))


def _lang(request: Request) -> str:
    return choose_language(request.query_params.get("lang"), request.cookies.get(COOKIE),
                           request.headers.get("accept-language"),
                           request.app.state.settings.language).lang


def _filters(request: Request) -> dict[str, Any]:
    """The overview's filters from the query string; BadParameter with a sentence if bad."""
    p = request.query_params
    out: dict[str, Any] = {}
    for name in ("department", "location", "certificate"):
        value = " ".join(p.get(name, "").split())
        if len(value) > MAX_TEXT or not value.isprintable():
            raise BadParameter(f"'{name}' is hoogstens {MAX_TEXT} gewone tekens lang.")
        out[name] = value
    statuses = tuple(s.strip() for s in p.get("status", "").split(",") if s.strip())
    if any(s not in STATUSES for s in statuses):
        raise BadParameter("'status' moet valid, expiring, expired, missing of unknown zijn.")
    out["statuses"] = statuses
    out["within"] = int_param(p.get("within"), request.app.state.settings.expiring_days, 0,
                              3650, "within")
    return out


def _selected(request: Request, *, api: bool) -> Response | tuple[
        dict[str, Any], list[CertificateRow], list[CertificateRow]]:
    """The HR access check, the filters and (every row, the rows passing the filters);
    or the answer to give instead: refused (403) or a bad parameter (400)."""
    denied = hr_denial(request, api=api)
    if denied:
        return denied
    try:
        f = _filters(request)
    except BadParameter as exc:
        return error(str(exc), 400) if api else \
            error_page(request, 400, _gettext(request, str(exc)))
    found = finder(request)
    names = CertificateNames(found.thesaurus)
    with found.reader.snapshot() as s:
        rows = passport.certificate_rows(s, request.app.state.requirements, names,
                                         today=date.today(), expiring_days=f["within"])
    return f, rows, passport.select(rows, names, department=f["department"],
                                    location=f["location"], certificate=f["certificate"],
                                    statuses=f["statuses"])


def overview(request: Request) -> Response:
    """GET /overview: department × certificate counts, filters and the drill-down list."""
    selected = _selected(request, api=False)
    if isinstance(selected, Response):
        return selected
    f, rows, shown = selected
    params = {k: v for k, v in request.query_params.items()
              if k in ("department", "location", "certificate", "status", "within") and v}
    filtered = any(f[k] for k in ("department", "location", "certificate", "statuses"))
    return render(request, "hr/overview.html", {
        "matrix": passport.matrix(shown), "rows": shown if filtered else [],
        "filtered": filtered, "totals": passport.totals(shown), "params": params,
        "statuses": STATUSES, "requirements": len(request.app.state.requirements),
        "options": {"department": sorted({r.department for r in rows}, key=str.casefold),
                    "location": sorted({r.location for r in rows}, key=str.casefold),
                    "certificate": sorted({r.column for r in rows}, key=str.casefold)}})


def certificates_api(request: Request) -> Response:
    """GET /api/certificates: every certificate row passing the filters, as JSON."""
    selected = _selected(request, api=True)
    if isinstance(selected, Response):
        return selected
    _f, _all, shown = selected
    return JSONResponse({"certificates": [r.to_json() for r in shown]})


def overview_csv(request: Request) -> Response:
    """GET /overview.csv: the filtered rows for a spreadsheet (UTF-8 with a BOM)."""
    return _export(request, "csv")


def overview_xlsx(request: Request) -> Response:
    """GET /overview.xlsx: the filtered rows as an Excel workbook."""
    return _export(request, "xlsx")


def _export(request: Request, kind: str) -> Response:
    selected = _selected(request, api=False)
    if isinstance(selected, Response):
        return selected
    _f, _all, shown = selected
    catalog = request.app.state.catalogs[_lang(request)]
    header, body = passport.export_table(shown, catalog.gettext)
    name = f"{catalog.gettext('certificates')}-{date.today().isoformat()}.{kind}"
    headers = {"content-disposition": f'attachment; filename="{name}"',
               "cache-control": "no-store"}
    logger.info("overview export (%s, %d rows) by %s", kind, len(body),
                request.scope.get("state", {}).get("user") or "admin token")
    if kind == "csv":
        return Response(exports.to_csv(header, body), media_type="text/csv; charset=utf-8",
                        headers=headers)
    return Response(exports.to_xlsx(catalog.gettext("Certificates"), header, body),
                    media_type="application/vnd.openxmlformats-officedocument"
                               ".spreadsheetml.sheet", headers=headers)


# -- the team finder ------------------------------------------------------------------------

def _team(request: Request) -> Any:
    """The team for the request's needs and filters (QueryError/BadParameter if bad)."""
    p = request.query_params
    found = finder(request)
    return find_team(found, p.getlist("need"), CertificateNames(found.thesaurus),
                     department=p.get("department") or None,
                     location=p.get("location") or None,
                     valid_only=bool_param(p.get("valid"), "valid"))


def team_api(request: Request) -> JSONResponse:
    """GET /api/team?need=X&need=Y: the fewest colleagues who together cover the needs."""
    try:
        team = _team(request)
    except (QueryError, BadParameter) as exc:
        return error(str(exc), 400)
    return JSONResponse(team_json(team))


def team_page(request: Request) -> Response:
    """GET /team: the form (a few needs, location, department, valid-only) and the team."""
    p = request.query_params
    needs = p.getlist("need")[:MAX_NEEDS]
    context: dict[str, Any] = {
        "needs": needs + [""] * max(0, 3 - len(needs)), "team": None, "error": "",
        "params": {"location": p.get("location", ""), "department": p.get("department", ""),
                   "valid": p.get("valid", "")}}
    if not any(n.strip() for n in needs) and "need" not in p:
        return render(request, "hr/team.html", context)
    try:
        context["team"] = _team(request)
    except (QueryError, BadParameter) as exc:
        context["error"] = str(exc)
        return render(request, "hr/team.html", context, status=400)
    return render(request, "hr/team.html", context)
