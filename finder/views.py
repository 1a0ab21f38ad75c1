"""The HTML pages: thin handlers that parse the request, call the core and render a template."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from finder.api import BadParameter, bool_param, finder, int_param, kind_param
from finder.i18n import COOKIE, choose_language
from finder.openapi import MAX_OFFSET
from finder.profiles import load_profile
from finder.query import QueryError
from finder.security import token_matches
from indexer.people import valid_person_id
from indexer.store import IndexStore

logger = logging.getLogger(__name__)

EXAMPLES = ("wondzorg", "reanimatie", "palliatieve zorg", "diabetes", "dementie",
            "medicatieveiligheid")


def search_page(request: Request) -> Response:
    """GET /: the search box, and ranked colleagues when there is a question."""
    p = request.query_params
    q = p.get("q", "").strip()
    params: dict[str, Any] = {"q": q, "dept": p.get("dept", ""), "loc": p.get("loc", ""),
                              "kind": p.get("kind", ""), "valid": p.get("valid", "")}
    context: dict[str, Any] = {"query": q, "params": params, "results": None, "error": "",
                               "examples": EXAMPLES, "page": 1, "pages": 0}
    if "q" not in p:
        return render(request, "search/index.html", context)
    size = request.app.state.settings.page_size
    try:
        page = int_param(p.get("page"), 1, 1, MAX_OFFSET // size + 1, "page")
        results = finder(request).find_experts(
            q, limit=size, offset=(page - 1) * size, department=params["dept"] or None,
            location=params["loc"] or None, kind=kind_param(params["kind"]),
            valid_only=bool_param(params["valid"], "valid"))
    except (QueryError, BadParameter) as exc:
        context["error"] = str(exc)
        return render(request, "search/index.html", context, status=400)
    pages = min(-(-results.total // size), MAX_OFFSET // size + 1)
    context.update(results=results, page=page, pages=pages)
    return render(request, "search/index.html", context)


def profile_page(request: Request) -> Response:
    """GET /people/{person_id}: one colleague's profile."""
    profile = load_profile(finder(request), request.path_params["person_id"])
    if profile is None:
        return error_page(request, 404)
    back = request.query_params.get("q", "")[:500]
    by_kind: dict[str, list[Any]] = {}
    for doc in profile.documents:  # already in KIND_ORDER: cv, certificates, documents
        by_kind.setdefault(doc.kind, []).append(doc)
    settings = request.app.state.settings
    return render(request, "people/profile.html", {
        "profile": profile, "back_query": back, "documents_by_kind": list(by_kind.items()),
        "downloads": bool(settings.allow_downloads and settings.share)})


def download(request: Request) -> Response:
    """GET /people/{id}/documents/{path}: one of this colleague's documents, if enabled.

    Off unless an administrator sets allow_downloads and the share; only documents
    the index associates with this colleague, and only paths inside the share.
    """
    settings = request.app.state.settings
    if not (settings.allow_downloads and settings.share):
        return error_page(request, 404)
    person_id, document = request.path_params["person_id"], request.path_params["document"]
    if not valid_person_id(person_id):
        return error_page(request, 404)
    with finder(request).reader.snapshot() as s:
        known = {d.get("doc_id") for d in s.person_documents(person_id)}
    root = Path(settings.share).resolve()
    path = (root / document).resolve()
    if document not in known or not path.is_relative_to(root) or not path.is_file():
        return error_page(request, 404)
    return FileResponse(path, filename=path.name, content_disposition_type="attachment")


def admin_page(request: Request) -> Response:
    """GET /admin: index age, counts and the last batch report, for whoever holds the token."""
    settings = request.app.state.settings
    if not settings.admin_token:
        return error_page(request, 404)  # disabled: pretend it does not exist
    given = request.query_params.get("token", "")
    scheme, _, bearer = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        given = bearer.strip()
    if not token_matches(given, settings.admin_token):
        return error_page(request, 403)
    store = IndexStore(settings.index)
    gen = store.current()
    counts: dict[str, int] = {}
    if gen is not None:
        with finder(request).reader.snapshot() as s:
            counts = s.counts()
    age = time.time() - gen.stat().st_mtime if gen is not None else None
    return render(request, "admin/status.html", {
        "generation": gen.name if gen else "", "age_seconds": age, "counts": counts,
        "report": store.last_report() or {}, "settings": settings})


def error_page(request: Request, status: int, message: str = "") -> Response:
    """A friendly page for 400/403/404/500/503 (never a stack trace)."""
    return render(request, "errors/error.html", {"status": status, "message": message,
                                                 "examples": EXAMPLES}, status=status)


def render(request: Request, template: str, context: dict[str, Any],
           status: int = 200) -> Response:
    """Render in the visitor's language; remember an explicit ?lang= choice in a cookie."""
    state = request.app.state
    choice = choose_language(request.query_params.get("lang"), request.cookies.get(COOKIE),
                             request.headers.get("accept-language"), state.settings.language)
    other = "en" if choice.lang == "nl" else "nl"
    params = {k: v for k, v in request.query_params.items() if k not in ("lang", "token")}
    error = context.get("error")
    if error:  # the core's sentences are Dutch; the catalogs translate the fixed ones
        context["error"] = state.catalogs[choice.lang].gettext(error)
    response: Response = state.templates.TemplateResponse(
        request, template, {**context, "lang": choice.lang, "other_lang": other,
                            "switch_params": {**params, "lang": other},
                            "root": request.scope.get("root_path", "")},
        status_code=status)
    if choice.explicit:
        response.set_cookie(COOKIE, choice.lang, max_age=365 * 24 * 3600, httponly=True,
                            samesite="lax", secure=request.url.scheme == "https")
    return response
