"""The JSON API: thin handlers that parse parameters, call the search core and answer JSON."""

from __future__ import annotations

import dataclasses
import logging
import threading
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse

from finder.profiles import load_profile
from finder.query import MAX_QUERY_CHARS, QueryError
from finder.search import Finder, results_json
from finder.web.i18n import COOKIE, choose_language
from finder.web.openapi import MAX_LIMIT, MAX_OFFSET, openapi
from finder.web.params import BadParameter, bool_param, int_param, kind_param, without_param
from indexer.store import IndexMissing
from indexer.store.generations import current_generation, document_counts

logger = logging.getLogger(__name__)

def search(request: Request) -> JSONResponse:
    """GET /api/search: the BRIEF's JSON of ranked colleagues."""
    p = request.query_params
    try:
        limit = int_param(p.get("limit"), request.app.state.settings.page_size, 1, MAX_LIMIT,
                          "limit")
        offset = int_param(p.get("offset"), 0, 0, MAX_OFFSET, "offset")
        results = finder(request).find_experts(
            p.get("q", ""), limit=limit, offset=offset,
            department=p.get("department") or None, location=p.get("location") or None,
            kind=kind_param(p.get("kind")), valid_only=bool_param(p.get("valid"), "valid"),
            without=without_param(p.getlist("without")))
    except (QueryError, BadParameter) as exc:
        return error(str(exc), 400, request)
    return JSONResponse(results_json(results))


def person(request: Request) -> JSONResponse:
    """GET /api/people/{person_id}: one colleague's profile."""
    profile = load_profile(finder(request), request.path_params["person_id"])
    if profile is None:
        return error("Deze collega bestaat niet (meer) in de index.", 404, request)
    return JSONResponse(dataclasses.asdict(profile))


def suggest(request: Request) -> JSONResponse:
    """GET /api/suggest?q=: completions of the last word typed (for the search box)."""
    q = request.query_params.get("q", "")[:MAX_QUERY_CHARS]
    words = finder(request).suggest(q, 8) if q.isprintable() else []
    return JSONResponse({"query": q, "suggestions": words})


class IndexStatus:
    """The published generation and its counts, without a searcher.

    CURRENT names the generation; its counts come from the two Whoosh tables of
    contents (a small file each), read once per generation and then kept. No
    searcher slot is taken, so health checks and /admin never queue behind searches.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()
        self._cached: tuple[Path, dict[str, int]] | None = None

    def current(self) -> tuple[Path, dict[str, int]]:
        """(generation, {"documents": n, "people": n}); IndexMissing before the first batch."""
        gen = current_generation(self.root)
        if gen is None:
            raise IndexMissing(f"no index at {self.root}: run expertise-indexer first")
        with self._lock:
            cached = self._cached
        if cached is not None and cached[0] == gen:
            return gen, dict(cached[1])
        counts = document_counts(gen)
        with self._lock:
            self._cached = (gen, counts)
        return gen, dict(counts)


async def health(request: Request) -> JSONResponse:
    """GET /healthz: 200 with the generation when the index opens, 503 otherwise.

    Async and searcher-free: it needs neither a worker thread nor a searcher slot,
    so it answers while every slot is busy with slow searches.
    """
    status: IndexStatus = request.app.state.index_status
    try:
        gen, counts = status.current()
        return JSONResponse({"status": "ok", "generation": gen.name, **counts})
    except IndexMissing:
        return JSONResponse({"status": "unavailable", "error": "no index yet"}, 503)
    except Exception:  # any failure to open the index is what a health check reports
        logger.exception("health check could not open the index")
        return JSONResponse({"status": "unavailable", "error": "index cannot be opened"}, 503)


def openapi_json(request: Request) -> JSONResponse:
    """GET /openapi.json."""
    return JSONResponse(openapi())


def error(message: str, status: int, request: Request | None = None) -> JSONResponse:
    """The API's error shape; with *request*, in its language (the sentences are Dutch,
    the English catalog translates them)."""
    return JSONResponse({"error": translate(request, message) if request else message}, status)


def translate(request: Request, message: str) -> str:
    """A Dutch sentence of the core in the request's language (via the catalogs)."""
    state = request.app.state
    lang = choose_language(request.query_params.get("lang"), request.cookies.get(COOKIE),
                           request.headers.get("accept-language"), state.settings.language).lang
    return str(state.catalogs[lang].gettext(message))


def finder(request: Request) -> Finder:
    """The Finder the lifespan opened."""
    found: Finder = request.app.state.finder
    return found
