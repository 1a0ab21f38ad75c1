"""create_app(settings=None): routes, lifespan (one Finder), middleware, templates, errors."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from finder import runtime
from finder.search import Finder
from finder.selfservice import Identities
from finder.settings import Settings
from finder.web import api, assets, files, hr, me, views
from finder.web.i18n import load_catalogs
from finder.web.security import (
    BACKOFF_FILE,
    AccessControl,
    Backoff,
    RequestLimits,
    SecurityHeaders,
    check_access_settings,
    hide_query_strings_in_access_log,
    parse_networks,
    security_headers,
)
from finder.web.templating import make_templates
from indexer.store import Busy, IndexMissing

logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> Starlette:
    """The intranet app; settings from EXPERTISE_* variables unless given."""
    settings = settings or Settings.from_env()  # checked when made: SettingError if bad
    # fail at start, not per request
    check_access_settings(settings.auth, settings.basic_users, settings.trusted_proxies)
    found = assets.locate()  # an install without templates or catalogs stops here

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # One Finder for the app's life: it notices new generations by itself, so a
        # re-index shows up on the next request without a restart.
        with Finder(settings.index, settings.search_config()) as found:
            app.state.finder = found
            logger.info("serving the index at %s", settings.index)
            yield
        backoff.close()

    routes = [
        Route("/", views.search_page, name="search"),
        Route("/people/{person_id}", views.profile_page, name="person"),
        Route("/people/{person_id}/documents/{document:path}", views.download,
              name="download"),
        Route("/people/{person_id}/photo", files.photo, name="photo"),
        Route("/me", me.page, methods=["GET"], name="me"),
        Route("/me/topics", me.topics_form, methods=["POST"], name="me_topics"),
        Route("/me/hidden", me.hidden_form, methods=["POST"], name="me_hidden"),
        Route("/api/me", me.api, methods=["GET"], name="api_me"),
        Route("/api/me/topics", me.api_topics, methods=["POST"], name="api_me_topics"),
        Route("/api/me/hidden", me.api_hidden, methods=["POST"], name="api_me_hidden"),
        Route("/admin", views.admin_page, methods=["GET"], name="admin"),
        Route("/admin", views.admin_login, methods=["POST"], name="admin_login"),
        Route("/admin/logout", views.admin_logout, methods=["POST"], name="admin_logout"),
        Route("/overview", hr.overview, name="overview"),
        Route("/overview.csv", hr.overview_csv, name="overview_csv"),
        Route("/overview.xlsx", hr.overview_xlsx, name="overview_xlsx"),
        Route("/team", hr.team_page, name="team"),
        Route("/api/certificates", hr.certificates_api, name="api_certificates"),
        Route("/api/team", hr.team_api, name="api_team"),
        Route("/api/search", api.search, name="api_search"),
        Route("/api/people/{person_id}", api.person, name="api_person"),
        Route("/api/suggest", api.suggest, name="api_suggest"),
        Route("/openapi.json", api.openapi_json, name="openapi"),
        Route("/healthz", api.health, name="health"),
        Mount("/static", StaticFiles(directory=str(found.static)), name="static"),
    ]
    # Failed logins per address, for basic auth and the admin token; in a file that every
    # server process shares (EXPERTISE_WORKERS).
    backoff = Backoff(settings.index / BACKOFF_FILE)
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(RequestLimits, max_bytes=settings.max_request_bytes),
        Middleware(AccessControl, mode=settings.auth, header=settings.auth_header,
                   basic_users=settings.basic_users, trusted_proxies=settings.trusted_proxies,
                   backoff=backoff),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={HTTPException: _http_error, IndexMissing: _no_index,
                                        Busy: _busy, Exception: _server_error})
    # Starlette would answer /people/x/ with a redirect to an absolute URL made from the
    # Host header; without the redirect such a path is simply not found.
    app.router.redirect_slashes = False
    hide_query_strings_in_access_log()
    app.state.settings = settings
    app.state.requirements = settings.requirement_rules()  # read once; checked at start
    app.state.backoff = backoff
    app.state.trusted_proxies = parse_networks(settings.trusted_proxies)
    app.state.index_status = api.IndexStatus(settings.index)
    app.state.catalogs = load_catalogs(found)
    app.state.templates = make_templates(app.state.catalogs, settings.language, found)
    app.state.identities = Identities()  # sign-in names to colleagues, per generation
    env = app.state.templates.env
    env.globals.update(chat_url=settings.chat_url, photo_src=files.photo_finder(settings),
                       download_href=files.download_finder(settings),
                       signed_in=settings.auth != "none")
    return app


def serving_app() -> Starlette:
    """The app as each worker process of ``serve --workers N`` makes it: settings from
    the environment, the process tuned for serving (``finder.runtime``)."""
    runtime.for_serving()
    return create_app()


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if _is_api(request):
        return api.error("Niet gevonden." if status == 404 else "Dit verzoek kan niet.", status,
                         request)
    return views.error_page(request, status)


def _no_index(request: Request, exc: Exception) -> Response:
    logger.warning("request before the first index: %s", exc)
    if _is_api(request):
        return api.error("Er is nog geen index: HR moet eerst de documenten indexeren.", 503,
                         request)
    return views.error_page(request, 503)


def _busy(request: Request, exc: Exception) -> Response:
    logger.warning("busy: %s on %s", exc, request.url.path)
    response = (api.error("Het is nu erg druk. Probeer het over een paar seconden opnieuw.", 503,
                          request)
                if _is_api(request) else views.error_page(request, 503, busy=True))
    response.headers["retry-after"] = "2"
    return response


def _server_error(request: Request, exc: Exception) -> Response:
    # Runs outside the middleware stack, so the security headers are added here.
    logger.exception("unexpected error on %s", request.url.path, exc_info=exc)
    headers = security_headers()
    response: Response
    try:
        if _is_api(request):
            response = api.error("Er ging iets mis aan onze kant. Probeer het later opnieuw.",
                                 500, request)
        else:
            response = views.error_page(request, 500)
    except Exception:  # the error page itself failed: plain text, still no details
        logger.exception("the error page failed too")
        response = PlainTextResponse("Er ging iets mis. / Something went wrong.", 500)
    response.headers.update(headers)
    response.headers["cache-control"] = "no-store"
    return response
