"""Security around every request: size limits, access control and response headers.

Pure ASGI middleware (no response buffering), in the order the app installs it:
- ``RequestLimits``: refuse oversized URLs/headers (431) and request bodies (413);
- ``AccessControl``: none (demo), a trusted reverse-proxy header (SSO) or HTTP basic;
- ``SecurityHeaders``: CSP without inline script or style, nosniff, no framing,
  a same-origin referrer and cache headers (static assets long, pages private).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
from collections.abc import Iterable

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",  # for browsers that predate frame-ancestors
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
OPEN_PATHS = ("/healthz", "/static/")  # monitoring and assets need no login


def security_headers() -> dict[str, str]:
    """The headers every response carries (also used by the 500 handler)."""
    return dict(HEADERS)


class SecurityHeaders:
    """Adds the security and caching headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        versioned = b"v=" in scope.get("query_string", b"")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if "cache-control" not in headers:
                    headers["cache-control"] = _cache_control(path, versioned)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _cache_control(path: str, versioned: bool) -> str:
    if path.startswith("/static/"):
        # Templates link assets as /static/x?v=<content hash>: such URLs never change.
        return "public, max-age=31536000, immutable" if versioned else "public, max-age=3600"
    # Pages and JSON name colleagues: browsers may keep them, shared caches may not.
    return "private, no-cache"


class RequestLimits:
    """Refuses requests whose URL plus headers, or whose body, exceed *max_bytes*."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = len(scope.get("raw_path") or scope["path"].encode()) + len(
            scope.get("query_string", b"")) + sum(len(k) + len(v) for k, v in scope["headers"])
        if head > self.max_bytes:
            await _refuse(431, "Request too large.", scope, receive, send)
            return
        headers = Headers(scope=scope)
        length = headers.get("content-length", "0")
        # The app only answers GET: a chunked body (no length) is refused rather than counted.
        if (not length.isdigit() or int(length) > self.max_bytes
                or "transfer-encoding" in headers):
            await _refuse(413, "Request body too large.", scope, receive, send)
            return
        await self.app(scope, receive, send)


async def _refuse(status: int, text: str, scope: Scope, receive: Receive, send: Send) -> None:
    response = PlainTextResponse(text, status_code=status, headers=security_headers())
    await response(scope, receive, send)


class AccessControl:
    """Lets a request through only when the configured access mode accepts it."""

    def __init__(self, app: ASGIApp, mode: str, header: str = "X-Remote-User",
                 basic_users: str = "") -> None:
        check_access_settings(mode, basic_users)
        self.app = app
        self.mode = mode
        self.header = header.lower()
        self.users = parse_users(basic_users)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.mode == "none" or scope["path"].startswith(
                OPEN_PATHS):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        user = (headers.get(self.header, "").strip() if self.mode == "header"
                else self._basic_user(headers.get("authorization", "")))
        if not user:
            await self._deny(scope, receive, send)
            return
        scope.setdefault("state", {})["user"] = user
        await self.app(scope, receive, send)

    def _basic_user(self, authorization: str) -> str:
        scheme, _, encoded = authorization.partition(" ")
        if scheme.lower() != "basic":
            return ""
        try:
            name, _, password = base64.b64decode(encoded.strip(), validate=True).decode(
                "utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return ""
        # Compare against every user so timing reveals neither names nor passwords.
        ok = False
        for known, secret in self.users:
            ok |= hmac.compare_digest(known.encode(), name.encode()) & hmac.compare_digest(
                secret.encode(), password.encode())
        return name if ok else ""

    async def _deny(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = security_headers()
        if self.mode == "basic":
            headers["www-authenticate"] = 'Basic realm="Expertise Finder", charset="UTF-8"'
            text, status = "Log in om collega's te zoeken. / Please log in.", 401
        else:
            # The proxy should always set the header; without it someone bypassed the proxy.
            text, status = "Geen toegang. / Access denied.", 403
        await PlainTextResponse(text, status_code=status, headers=headers)(scope, receive, send)


def check_access_settings(mode: str, basic_users: str) -> None:
    """Raise ValueError with the variable to fix when the access settings cannot work."""
    if mode not in ("none", "header", "basic"):
        raise ValueError(f"EXPERTISE_AUTH={mode!r}: choose none, header or basic")
    if mode == "basic" and not parse_users(basic_users):
        raise ValueError("EXPERTISE_AUTH=basic needs EXPERTISE_BASIC_USERS=user:password")


def parse_users(spec: str) -> tuple[tuple[str, str], ...]:
    """'ann:secret,bob:pw' -> (('ann', 'secret'), ('bob', 'pw'))."""
    pairs: Iterable[str] = (p.strip() for p in spec.split(",") if p.strip())
    return tuple((u, pw) for u, _, pw in (p.partition(":") for p in pairs) if u and pw)


def token_matches(given: str, expected: str) -> bool:
    """Constant-time admin-token check; an empty expected token never matches."""
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())
