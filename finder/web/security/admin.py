"""The admin token and session: constant-time checks, a cookie that holds an HMAC, not the token."""

from __future__ import annotations

import hashlib
import hmac
import time

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
