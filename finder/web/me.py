"""Mijn profiel: /me and /api/me, for the signed-in colleague only.

- who: the user the access control signed in (proxy header or basic), matched to a
  colleague by e-mail or id (``finder.selfservice.Identities``); nobody signed in is 401;
- the forms on /me carry a per-browser token (double submit: an HttpOnly, SameSite=Strict
  cookie and the same value in a hidden field), and a cross-site request is refused;
- the JSON API takes only ``Content-Type: application/json`` (a form of another site
  cannot send it) and always acts for the signed-in user, never for an id it is given.
"""

from __future__ import annotations

import dataclasses
import hmac
import json
import logging
import secrets
from typing import Any
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from finder.selfservice import ClaimError, Identities, my_data, set_hidden, set_topics
from finder.web.api import error, finder, translate
from finder.web.views import _https, _path_of, error_page, link_root, render
from indexer.selfservice import MAX_TOPIC_CHARS, MAX_TOPICS
from indexer.store import IndexStore

logger = logging.getLogger(__name__)

CSRF_COOKIE = "ef_csrf"
MAX_BODY = 16 * 1024
NOT_SIGNED_IN = "Log in om uw eigen profiel te zien."
NOT_A_COLLEAGUE = "U staat niet als collega in de index (uw e-mailadres of nummer is onbekend)."


def _me(request: Request) -> tuple[str | None, int]:
    """(person id, 0), or (None, 401 without a signed-in user / 404 for an unknown one)."""
    user = str(request.scope.get("state", {}).get("user") or "")
    if not user:
        return None, 401
    identities: Identities = request.app.state.identities
    pid = identities.person_id(finder(request), user)
    return (pid, 0) if pid else (None, 404)


def _data(request: Request, pid: str) -> Any:
    return my_data(finder(request), pid, IndexStore(request.app.state.settings.index)
                   .last_report())


def _cross_site(request: Request) -> bool:
    return request.headers.get("sec-fetch-site", "") == "cross-site"


# -- the page -------------------------------------------------------------------------------

def page(request: Request) -> Response:
    """GET /me: what the index holds about me, with the forms to change my say."""
    pid, status = _me(request)
    data = _data(request, pid) if pid else None
    if data is None:
        response = error_page(request, status or 404, translate(
            request, NOT_SIGNED_IN if status == 401 else NOT_A_COLLEAGUE))
        if status == 401 and request.app.state.settings.auth == "basic":
            response.headers["www-authenticate"] = 'Basic realm="Expertise Finder"'
        return response
    token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = render(request, "people/me.html", {
        "me": data, "csrf": token, "saved": request.query_params.get("saved", ""),
        "max_topics": MAX_TOPICS, "max_chars": MAX_TOPIC_CHARS})
    response.headers["cache-control"] = "no-store"
    if request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(CSRF_COOKIE, token, path=_path_of(link_root(request)) or "/",
                            httponly=True, samesite="strict", secure=_https(request))
    return response


async def _form(request: Request) -> dict[str, str] | None:
    """The form's fields when its token matches the cookie, else None."""
    body = (await request.body())[:MAX_BODY].decode("utf-8", "replace")
    fields = {k: v[0] for k, v in parse_qs(body, max_num_fields=8).items()}
    cookie = request.cookies.get(CSRF_COOKIE, "")
    given = fields.get("csrf", "")
    if _cross_site(request) or not cookie or not hmac.compare_digest(given.encode(),
                                                                     cookie.encode()):
        logger.warning("self-service: a form without a valid token was refused")
        return None
    return fields


async def topics_form(request: Request) -> Response:
    """POST /me/topics: the textarea, one topic a line."""
    return await _act(request, lambda pid, f: set_topics(
        finder(request), pid, (f.get("topics") or "").splitlines()))


async def hidden_form(request: Request) -> Response:
    """POST /me/hidden: hide one document, or show it again (hidden=0)."""
    return await _act(request, lambda pid, f: set_hidden(
        finder(request), pid, f.get("document", ""), f.get("hidden", "1") != "0"))


async def _act(request: Request, change: Any) -> Response:
    pid, status = await run_in_threadpool(_me, request)
    if pid is None:
        return error_page(request, status, translate(
            request, NOT_SIGNED_IN if status == 401 else NOT_A_COLLEAGUE))
    fields = await _form(request)
    if fields is None:
        return error_page(request, 403)
    try:
        await run_in_threadpool(change, pid, fields)
    except ClaimError as exc:
        return error_page(request, 400, translate(request, str(exc)))
    return RedirectResponse(f"{link_root(request)}/me?saved=1", status_code=303)


# -- the JSON API ---------------------------------------------------------------------------

def api(request: Request) -> JSONResponse:
    """GET /api/me: the same as /me, as JSON."""
    pid, status = _me(request)
    data = _data(request, pid) if pid else None
    if data is None:
        return error(NOT_SIGNED_IN if status == 401 else NOT_A_COLLEAGUE, status or 404,
                     request)
    return JSONResponse(dataclasses.asdict(data), headers={"cache-control": "no-store"})


async def _json(request: Request) -> tuple[str | None, dict[str, Any] | JSONResponse]:
    pid, status = await run_in_threadpool(_me, request)
    if pid is None:
        return None, error(NOT_SIGNED_IN if status == 401 else NOT_A_COLLEAGUE, status,
                           request)
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json" or _cross_site(request):
        return None, error("Stuur de gegevens als JSON (Content-Type: application/json).",
                           415, request)
    try:
        body = json.loads((await request.body())[:MAX_BODY])
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        return None, error("Dit is geen geldig JSON-object.", 400, request)
    return pid, body


async def api_topics(request: Request) -> JSONResponse:
    """POST /api/me/topics {"topics": [...]}: replace my "Vraag me over" topics."""
    pid, body = await _json(request)
    if pid is None or isinstance(body, JSONResponse):
        return body if isinstance(body, JSONResponse) else error("", 400)
    try:
        kept = await run_in_threadpool(set_topics, finder(request), pid, body.get("topics"))
    except ClaimError as exc:
        return error(str(exc), 400, request)
    return JSONResponse({"person_id": pid, "topics": list(kept)})


async def api_hidden(request: Request) -> JSONResponse:
    """POST /api/me/hidden {"document": path[, "hidden": false]}: hide or show one again."""
    pid, body = await _json(request)
    if pid is None or isinstance(body, JSONResponse):
        return body if isinstance(body, JSONResponse) else error("", 400)
    try:
        await run_in_threadpool(set_hidden, finder(request), pid, body.get("document"),
                                body.get("hidden", True))
    except ClaimError as exc:
        return error(str(exc), 400, request)
    hidden = finder(request).selfservice.claims().hidden_by_person.get(pid, frozenset())
    return JSONResponse({"person_id": pid, "hidden": sorted(hidden)})
