"""Security around every request: size limits, access control and response headers.

Pure ASGI middleware (no response buffering), in the order the app installs it:
- ``RequestLimits`` (``headers``): refuse oversized URLs/headers (431) and request
  bodies (413);
- ``AccessControl`` (``access``): none (demo), a reverse-proxy header (SSO) accepted only
  from the proxy's own addresses, or HTTP basic with a per-address back-off after
  failures (``backoff``);
- ``SecurityHeaders`` (``headers``): CSP without inline script or style, nosniff, no
  framing, a same-origin referrer and cache headers (static assets long, pages private).

Also here: the admin session cookie, an HMAC of the token, never the token (``admin``);
opening a download without following any symlink (``downloads``); and the access-log
filter that keeps query strings out of uvicorn's log (``access_log``). docs/security.md
says what each of these promises and which test shows it.
"""

from __future__ import annotations

from finder.web.security.access import (
    OPEN_PATHS,
    AccessControl,
    Address,
    Network,
    check_access_settings,
    client_key,
    is_trusted,
    parse_networks,
    parse_users,
    peer_host,
)
from finder.web.security.access_log import HideQueryStrings, hide_query_strings_in_access_log
from finder.web.security.admin import (
    ADMIN_COOKIE,
    ADMIN_SESSION_SECONDS,
    AdminCheck,
    admin_session,
    admin_session_valid,
    bearer_token,
    check_admin,
    token_matches,
)
from finder.web.security.backoff import FILENAME as BACKOFF_FILE
from finder.web.security.backoff import Backoff
from finder.web.security.downloads import open_beneath
from finder.web.security.headers import (
    CSP,
    HEADERS,
    RequestLimits,
    SecurityHeaders,
    security_headers,
)

__all__ = [
    "ADMIN_COOKIE", "ADMIN_SESSION_SECONDS", "BACKOFF_FILE", "CSP", "HEADERS", "OPEN_PATHS",
    "AccessControl", "Address", "AdminCheck", "Backoff", "HideQueryStrings", "Network",
    "RequestLimits",
    "SecurityHeaders", "admin_session", "admin_session_valid", "bearer_token",
    "check_access_settings", "check_admin", "client_key", "hide_query_strings_in_access_log",
    "is_trusted", "open_beneath", "parse_networks", "parse_users", "peer_host",
    "security_headers", "token_matches",
]
