"""Response headers and request limits: the two middleware outside access control.

- ``RequestLimits``: refuse oversized URLs/headers (431) and request bodies (413);
- ``SecurityHeaders``: CSP without inline script or style, nosniff, no framing,
  a same-origin referrer and cache headers (static assets long, pages private).
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
