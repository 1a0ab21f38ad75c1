"""The admin token and session: constant-time checks, a cookie that holds an HMAC, not the token."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from dataclasses import dataclass

from starlette.requests import Request

from finder.web.security.access import client_key

logger = logging.getLogger(__name__)

ADMIN_COOKIE = "ef_admin"
ADMIN_SESSION_SECONDS = 8 * 3600  # one working day; the cookie holds no token


def token_matches(given: str, expected: str) -> bool:
    """Constant-time admin-token check; an empty expected token never matches."""
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def bearer_token(authorization: str) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, or None for any other header."""
    scheme, _, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def _session_mac(token: str, expires: int) -> str:
    message = f"expertise-finder admin session until {expires}".encode()
    return hmac.new(token.encode(), message, hashlib.sha256).hexdigest()


def admin_session(token: str, now: float | None = None) -> str:
    """A cookie value '<expiry>.<HMAC-SHA256 keyed by the token>': proof, not the token."""
    expires = int(time.time() if now is None else now) + ADMIN_SESSION_SECONDS
    return f"{expires}.{_session_mac(token, expires)}"


def admin_session_valid(value: str, token: str, now: float | None = None) -> bool:
    """Whether *value* is an unexpired session for *token* (constant-time comparison)."""
    now = time.time() if now is None else now
    expires, _, mac = value.partition(".")
    if not token or not expires.isascii() or not expires.isdigit() or len(expires) > 12:
        return False
    if not now < int(expires) <= now + ADMIN_SESSION_SECONDS:
        return False
    return hmac.compare_digest(mac.encode(), _session_mac(token, int(expires)).encode())


@dataclass(frozen=True)
class AdminCheck:
    """Whether a request holds the admin token: 200, 403, 429 (backing off) or 404 (no token)."""

    status: int
    bearer: bool  # it came as ``Authorization: Bearer`` (a script), not as the session cookie
    wait: int = 0  # seconds, with 429

    @property
    def ok(self) -> bool:
        """The request may do what the admin token allows."""
        return self.status == 200


def check_admin(request: Request) -> AdminCheck:
    """The admin token as a bearer header or the session cookie; never from the URL.

    A wrong bearer token counts as a failed login for the caller's address (the
    back-off shared with basic auth and the /admin form); a wrong cookie is simply no
    session. Used by /admin and by the HR pages.
    """
    state = request.app.state
    token = state.settings.admin_token
    if not token:
        return AdminCheck(404, False)
    bearer = bearer_token(request.headers.get("authorization", ""))
    if bearer is None:
        valid = admin_session_valid(request.cookies.get(ADMIN_COOKIE, ""), token)
        return AdminCheck(200 if valid else 403, False)
    key = client_key(request.scope, state.trusted_proxies)
    wait = state.backoff.retry_after(key)
    if wait:
        return AdminCheck(429, True, wait)
    if not token_matches(bearer, token):
        state.backoff.failed(key)
        logger.warning("admin: wrong bearer token from %s", key)
        return AdminCheck(403, True)
    state.backoff.succeeded(key)
    return AdminCheck(200, True)
