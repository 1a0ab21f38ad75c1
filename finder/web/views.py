"""The HTML pages: thin handlers that parse the request, call the core and render a template."""

from __future__ import annotations

import contextlib
import logging
import mimetypes
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qs, quote

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse

from finder.profiles import load_profile
from finder.query import QueryError
from finder.web.api import IndexStatus, finder
from finder.web.i18n import COOKIE, choose_language
from finder.web.openapi import MAX_OFFSET
from finder.web.params import BadParameter, bool_param, int_param, kind_param, without_param
from finder.web.security import (
    ADMIN_COOKIE,
    ADMIN_SESSION_SECONDS,
    Backoff,
    admin_session,
    check_admin,
    client_key,
    open_beneath,
    token_matches,
)
from indexer.people import valid_person_id
from indexer.store import IndexMissing, IndexStore

logger = logging.getLogger(__name__)

EXAMPLES = ("wondzorg", "reanimatie", "palliatieve zorg", "diabetes", "dementie",
            "medicatieveiligheid")
# The admin login form's few words (kept here so that the shared catalogs need no change;
# they may move into finder/locales as msgids later).
ADMIN_TEXT = {
    "nl": {"label": "Beheertoken", "submit": "Inloggen", "logout": "Uitloggen",
           "wrong": "Dit token klopt niet.",
           "wait": "Te veel mislukte pogingen. Probeer het over {seconds} seconden opnieuw."},
    "en": {"label": "Admin token", "submit": "Log in", "logout": "Log out",
           "wrong": "That token is not right.",
           "wait": "Too many failed attempts. Try again in {seconds} seconds."},
}
CHUNK = 64 * 1024


def search_page(request: Request) -> Response:
    """GET /: the search box, and ranked colleagues when there is a question."""
    p = request.query_params
    q = p.get("q", "").strip()
    params: dict[str, Any] = {"q": q, "dept": p.get("dept", ""), "loc": p.get("loc", ""),
                              "kind": p.get("kind", ""), "valid": p.get("valid", ""),
                              "without": p.getlist("without")}
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
            valid_only=bool_param(params["valid"], "valid"),
            without=without_param(params["without"]))
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
    downloads = bool(settings.allow_downloads and settings.share)
    own = f"{profile.person_id}/"
    base = f"{link_root(request)}/people/{quote(profile.person_id)}/documents/"
    # Only documents in the colleague's own folder can be downloaded (see download()).
    links = {doc.document: base + quote(doc.document, safe="/")
             for doc in profile.documents if downloads and doc.document.startswith(own)}
    return render(request, "people/profile.html", {
        "profile": profile, "back_query": back, "documents_by_kind": list(by_kind.items()),
        "downloads": downloads, "download_links": links})


def download(request: Request) -> Response:
    """GET /people/{id}/documents/{path}: one of this colleague's documents, if enabled.

    Off unless an administrator sets allow_downloads and the share. Served only when
    the index lists the document for this colleague, the path lies in the colleague's
    own folder (SHARE/<id>/...), and every component of it is a real folder or a
    regular file: no symlink is followed at any level. Anything else, including a
    NUL or a '..' in the path, is a 404.
    """
    settings = request.app.state.settings
    if not (settings.allow_downloads and settings.share):
        return error_page(request, 404)
    person_id, document = request.path_params["person_id"], request.path_params["document"]
    if not valid_person_id(person_id) or not document.startswith(f"{person_id}/") \
            or "\x00" in document:
        return error_page(request, 404)
    with finder(request).reader.snapshot() as s:
        known = {d.doc_id for d in s.person_documents(person_id)}
    opened = open_beneath(Path(settings.share), document) if document in known else None
    if opened is None:
        return error_page(request, 404)
    fd, info = opened
    # Who downloaded which colleague's document: the app log's audit line.
    logger.info("download: %s by %s", document, _user(request))
    fh = os.fdopen(fd, "rb")
    name = document.rsplit("/", 1)[-1]
    return StreamingResponse(
        _chunks(fh), media_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        headers={"content-length": str(info.st_size), "cache-control": "no-store",
                 "content-disposition": _attachment(name)},
        background=BackgroundTask(fh.close))


def _chunks(fh: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := fh.read(CHUNK):
            yield chunk
    finally:
        fh.close()


def _attachment(name: str) -> str:
    quoted = quote(name)
    if quoted == name:
        return f'attachment; filename="{name}"'
    return f"attachment; filename*=utf-8''{quoted}"


def _user(request: Request) -> str:
    return str(request.scope.get("state", {}).get("user") or "-")


# -- /admin ---------------------------------------------------------------------------------

def admin_page(request: Request) -> Response:
    """GET /admin: index age, counts and the last batch report, for whoever holds the token.

    The token comes as ``Authorization: Bearer`` (scripts) or as the session cookie the
    login form sets (people); a ``?token=`` in the URL is ignored, because URLs end up in
    access logs, browser history and Referer headers.
    """
    settings = request.app.state.settings
    check = check_admin(request)
    if check.status == 404:
        return error_page(request, 404)  # disabled: pretend it does not exist
    if check.status == 429:
        return _admin_login_page(request, 429, wait=check.wait)
    if not check.ok:
        return error_page(request, 403) if check.bearer else _admin_login_page(request, 403)
    store = IndexStore(settings.index)
    counts: dict[str, int] = {}
    gen: Path | None = None
    status: IndexStatus = request.app.state.index_status
    with contextlib.suppress(IndexMissing):  # no index yet: the page says so
        gen, counts = status.current()
    age = time.time() - gen.stat().st_mtime if gen is not None else None
    return render(request, "admin/status.html", {
        "generation": gen.name if gen else "", "age_seconds": age, "counts": counts,
        "report": store.last_report() or {}, "session": not check.bearer,
        "admin_text": ADMIN_TEXT})


async def admin_login(request: Request) -> Response:
    """POST /admin: the login form; a right token sets the session cookie and redirects."""
    settings = request.app.state.settings
    if not settings.admin_token:
        return error_page(request, 404)
    if request.headers.get("sec-fetch-site", "") == "cross-site":
        return error_page(request, 403)  # another site's form: never log in through it
    backoff, key = _admin_backoff(request)
    wait = backoff.retry_after(key)
    if wait:
        return _admin_login_page(request, 429, wait=wait)
    body = (await request.body()).decode("utf-8", "replace")  # RequestLimits caps its size
    given = parse_qs(body, max_num_fields=4).get("token", [""])[0]
    if not token_matches(given, settings.admin_token):
        wait = backoff.failed(key)
        logger.warning("admin: wrong token typed from %s", key)
        return _admin_login_page(request, 429 if wait else 403, wait=wait, wrong=True)
    backoff.succeeded(key)
    logger.info("admin: logged in from %s", key)
    root = link_root(request)
    response = RedirectResponse(f"{root}/admin", status_code=303)
    response.set_cookie(ADMIN_COOKIE, admin_session(settings.admin_token),
                        max_age=ADMIN_SESSION_SECONDS, path=_path_of(root) or "/",
                        httponly=True, samesite="strict", secure=_https(request))
    return response


def admin_logout(request: Request) -> Response:
    """POST /admin/logout: forget the session cookie."""
    root = link_root(request)
    response = RedirectResponse(f"{root}/", status_code=303)
    response.delete_cookie(ADMIN_COOKIE, path=_path_of(root) or "/", httponly=True,
                           samesite="strict", secure=_https(request))
    return response


def _admin_backoff(request: Request) -> tuple[Backoff, str]:
    state = request.app.state
    return state.backoff, client_key(request.scope, state.trusted_proxies)


def _admin_login_page(request: Request, status: int, *, wait: int = 0,
                      wrong: bool = False) -> Response:
    response = render(request, "admin/login.html", {
        "admin_text": ADMIN_TEXT, "wait": wait, "wrong": wrong}, status=status)
    if wait:
        response.headers["retry-after"] = str(wait)
    return response


def _https(request: Request) -> bool:
    return request.url.scheme == "https" or str(
        request.app.state.settings.base_url).startswith("https://")


def _path_of(root: str) -> str:
    """'https://intranet.example/expertise' -> '/expertise'; a path stays itself."""
    if "://" in root:
        rest = root.split("://", 1)[1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else ""
    return root


def link_root(request: Request) -> str:
    """What every link starts with: EXPERTISE_BASE_URL, else the ASGI root path.

    Never the Host header: a request that names another host gets the same links.
    """
    base = str(request.app.state.settings.base_url).rstrip("/")
    return base or str(request.scope.get("root_path", ""))


def error_page(request: Request, status: int, message: str = "", *,
               busy: bool = False) -> Response:
    """A friendly page for 400/403/404/500/503 (never a stack trace); *busy*: no searcher free."""
    return render(request, "errors/error.html", {"status": status, "message": message,
                                                 "busy": busy, "examples": EXAMPLES},
                  status=status)


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
                            "root": link_root(request)},
        status_code=status)
    if choice.explicit:
        response.set_cookie(COOKIE, choice.lang, max_age=365 * 24 * 3600, httponly=True,
                            samesite="lax", secure=request.url.scheme == "https")
    return response
