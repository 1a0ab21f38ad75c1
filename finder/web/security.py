"""Security around every request: size limits, access control and response headers.

Pure ASGI middleware (no response buffering), in the order the app installs it:
- ``RequestLimits``: refuse oversized URLs/headers (431) and request bodies (413);
- ``AccessControl``: none (demo), a reverse-proxy header (SSO) accepted only from the
  proxy's own addresses, or HTTP basic with a per-address back-off after failures;
- ``SecurityHeaders``: CSP without inline script or style, nosniff, no framing,
  a same-origin referrer and cache headers (static assets long, pages private).

Also here: the admin session cookie (an HMAC of the token, never the token),
opening a download without following any symlink, and the access-log filter
that keeps query strings out of uvicorn's log. docs/security.md says what each
of these promises and which test shows it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import logging
import math
import os
import stat
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

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
ADMIN_COOKIE = "ef_admin"
ADMIN_SESSION_SECONDS = 8 * 3600  # one working day; the cookie holds no token

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


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
    """Lets a request through only when the configured access mode accepts it.

    header: only a peer in *trusted_proxies* may name the user, in exactly one
    header line; any other peer gets 403 whatever it sends. basic: after repeated
    failures one address gets 429 with Retry-After (see ``Backoff``).
    """

    def __init__(self, app: ASGIApp, mode: str, header: str = "X-Remote-User",
                 basic_users: str = "", trusted_proxies: str = "",
                 backoff: Backoff | None = None) -> None:
        check_access_settings(mode, basic_users, trusted_proxies)
        self.app = app
        self.mode = mode
        self.header = header.lower()
        self.users = parse_users(basic_users)
        self.trusted = parse_networks(trusted_proxies)
        self.backoff = backoff if backoff is not None else Backoff()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.mode == "none" or scope["path"].startswith(
                OPEN_PATHS):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if self.mode == "header":
            user, status = self._header_user(scope, headers)
        else:
            user, status = self._basic_login(scope, headers)
        if not user:
            await self._deny(status, scope, receive, send)
            return
        scope.setdefault("state", {})["user"] = user
        await self.app(scope, receive, send)

    def _header_user(self, scope: Scope, headers: Headers) -> tuple[str, int]:
        peer = peer_host(scope)
        if not is_trusted(peer, self.trusted):
            # Someone reached the app around the proxy: whatever header they sent is ignored.
            logger.warning("refused a request from %s: not a trusted proxy", peer or "?")
            return "", 403
        values = headers.getlist(self.header)
        if len(values) > 1:
            logger.warning("refused a request from %s: the identity header came %d times",
                           peer, len(values))
            return "", 400
        return (values[0].strip() if values else ""), 403

    def _basic_login(self, scope: Scope, headers: Headers) -> tuple[str, int]:
        key = client_key(scope, self.trusted)
        wait = self.backoff.retry_after(key)
        if wait:
            scope.setdefault("state", {})["retry_after"] = wait
            return "", 429
        authorization = headers.get("authorization", "")
        user = self._basic_user(authorization)
        if user:
            self.backoff.succeeded(key)
        elif authorization:  # a browser's first request, without credentials, is no failure
            self.backoff.failed(key)
        return user, 401

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

    async def _deny(self, status: int, scope: Scope, receive: Receive, send: Send) -> None:
        headers = security_headers()
        if status == 429:
            wait = int(scope.get("state", {}).get("retry_after", 1))
            headers["retry-after"] = str(wait)
            text = (f"Te veel mislukte pogingen; probeer het over {wait} seconden opnieuw. / "
                    f"Too many failed attempts; try again in {wait} seconds.")
        elif status == 400:
            text = "Dit verzoek kan niet. / Bad request."
        elif self.mode == "basic":
            headers["www-authenticate"] = 'Basic realm="Expertise Finder", charset="UTF-8"'
            text = "Log in om collega's te zoeken. / Please log in."
        else:
            # The proxy should always set the header; without it someone bypassed the proxy.
            text = "Geen toegang. / Access denied."
        await PlainTextResponse(text, status_code=status, headers=headers)(scope, receive, send)


def check_access_settings(mode: str, basic_users: str, trusted_proxies: str = "") -> None:
    """Raise ValueError with the variable to fix when the access settings cannot work."""
    if mode not in ("none", "header", "basic"):
        raise ValueError(f"EXPERTISE_AUTH={mode!r}: choose none, header or basic")
    if mode == "basic" and not parse_users(basic_users):
        raise ValueError("EXPERTISE_AUTH=basic needs EXPERTISE_BASIC_USERS=user:password")
    if mode == "header" and not parse_networks(trusted_proxies):
        raise ValueError("EXPERTISE_AUTH=header needs EXPERTISE_TRUSTED_PROXIES (the reverse "
                         "proxy's addresses)")


def parse_users(spec: str) -> tuple[tuple[str, str], ...]:
    """'ann:secret,bob:pw' -> (('ann', 'secret'), ('bob', 'pw'))."""
    pairs: Iterable[str] = (p.strip() for p in spec.split(",") if p.strip())
    return tuple((u, pw) for u, _, pw in (p.partition(":") for p in pairs) if u and pw)


def token_matches(given: str, expected: str) -> bool:
    """Constant-time admin-token check; an empty expected token never matches."""
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def bearer_token(authorization: str) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, or None for any other header."""
    scheme, _, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


# -- peers and proxies --------------------------------------------------------------------

def parse_networks(spec: str) -> tuple[Network, ...]:
    """'127.0.0.1, 10.0.0.0/24' -> networks; ValueError naming the first bad entry."""
    out = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        try:
            out.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ValueError(f"{part!r} is not an address or CIDR (such as 127.0.0.1 or "
                             "10.0.0.0/24)") from None
    return tuple(out)


def _address(text: str) -> Address | None:
    try:
        addr = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped  # ::ffff:10.0.0.5 on a dual-stack socket is 10.0.0.5
    return addr


def peer_host(scope: Scope) -> str:
    """The TCP peer's address as the server saw it ('' for none, e.g. a Unix socket)."""
    client = scope.get("client")
    return str(client[0]) if client else ""


def is_trusted(host: str, trusted: tuple[Network, ...]) -> bool:
    """Whether *host* is an address inside one of the *trusted* networks."""
    addr = _address(host)
    return addr is not None and any(addr.version == n.version and addr in n for n in trusted)


def client_key(scope: Scope, trusted: tuple[Network, ...]) -> str:
    """Who is asking, for the back-off: the peer, or behind a trusted proxy the client it names.

    X-Forwarded-For is read from the right: the proxy appends the address it saw, so
    the first entry that is not itself a trusted proxy is the client. Entries further
    left are the client's own claims and are never used.
    """
    peer = peer_host(scope)
    if not trusted or not is_trusted(peer, trusted):
        return peer or "-"
    hops = [hop for line in Headers(scope=scope).getlist("x-forwarded-for")
            for hop in line.split(",")]
    for hop in reversed(hops):
        addr = _address(hop)
        if addr is None:
            break
        if not is_trusted(str(addr), trusted):
            return str(addr)
    return peer


# -- back-off after failed logins ---------------------------------------------------------

@dataclass
class _Strikes:
    failures: list[float] = field(default_factory=list)  # recent failures, within the window
    blocks: int = 0  # blocks so far in this streak
    until: float = 0.0  # blocked until (clock time)
    last: float = 0.0  # the last failure


class Backoff:
    """Per-address back-off: after *limit* failures within *window* seconds, wait.

    The first wait is *first* seconds; every further failure in the same streak waits
    twice as long as the one before, up to *cap*. A success, or *forget* seconds
    without a failure, ends the streak. At most *max_addresses* are remembered (the
    least recently failed are dropped first), so a flood of addresses costs bounded
    memory. Thread-safe: the middleware and the admin views share one.
    """

    def __init__(self, limit: int = 5, window: float = 60.0, first: float = 15.0,
                 cap: float = 300.0, forget: float = 900.0, max_addresses: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.first, self.cap = limit, window, first, cap
        self.forget, self.max_addresses, self.clock = forget, max_addresses, clock
        self._strikes: OrderedDict[str, _Strikes] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._strikes)

    def retry_after(self, key: str) -> int:
        """Seconds *key* must still wait (0: it may try now)."""
        with self._lock:
            strikes = self._strikes.get(key)
            wait = strikes.until - self.clock() if strikes else 0.0
        return math.ceil(wait) if wait > 0 else 0

    def failed(self, key: str) -> int:
        """Count a failure; the seconds of the wait it starts (0: none yet)."""
        now = self.clock()
        with self._lock:
            strikes = self._strikes.pop(key, None)
            if strikes is None or now - strikes.last > self.forget:
                strikes = _Strikes()
            strikes.failures = [t for t in strikes.failures if now - t < self.window] + [now]
            strikes.last = now
            self._strikes[key] = strikes  # now the most recent
            while len(self._strikes) > self.max_addresses:
                self._strikes.popitem(last=False)
            # A streak that was blocked once is blocked again on its next failure.
            if len(strikes.failures) < (1 if strikes.blocks else self.limit):
                return 0
            delay: float = min(self.cap, self.first * 2.0 ** min(strikes.blocks, 30))
            strikes.blocks += 1
            strikes.until = now + delay
            strikes.failures = []
        logger.warning("login back-off: %s failed too often, waits %d s", key, delay)
        return math.ceil(delay)

    def succeeded(self, key: str) -> None:
        """A correct login ends the streak."""
        with self._lock:
            self._strikes.pop(key, None)


# -- the admin session --------------------------------------------------------------------

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


# -- downloads ----------------------------------------------------------------------------

def open_beneath(root: Path, relpath: str) -> tuple[int, os.stat_result] | None:
    """Open the regular file *relpath* below *root* without following any symlink.

    Every component is opened relative to the one before with O_NOFOLLOW, so a
    symlink anywhere below *root* (a folder or the file) fails instead of leading
    elsewhere; the file must be regular (no FIFO, device or socket: O_NONBLOCK keeps
    a FIFO from blocking the open). On Linux the kernel's name for the opened file
    is checked to lie below *root* as well. None for anything else, including a NUL.
    """
    parts = relpath.split("/")
    if any(p in ("", ".", "..") or "\x00" in p for p in parts):
        return None
    nofollow = os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except (OSError, ValueError):
        return None
    try:
        for part in parts[:-1]:
            inner = os.open(part, nofollow | os.O_DIRECTORY, dir_fd=folder)
            os.close(folder)
            folder = inner
        fd = os.open(parts[-1], nofollow | os.O_NONBLOCK, dir_fd=folder)
    except (OSError, ValueError):
        return None
    finally:
        os.close(folder)
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or not _opened_below(fd, root):
        os.close(fd)
        return None
    return fd, info


def _opened_below(fd: int, root: Path) -> bool:
    proc = Path(f"/proc/self/fd/{fd}")
    if not proc.parent.is_dir():  # not Linux: the O_NOFOLLOW walk is the guarantee
        return True
    try:
        real = Path(os.readlink(proc))
    except OSError:
        return False
    return real.is_relative_to(Path(os.path.realpath(root)))


# -- logging ------------------------------------------------------------------------------

class HideQueryStrings(logging.Filter):
    """Drops the query string from uvicorn's access-log lines.

    Queries name what staff searched for (sometimes a person) and an old bookmark
    may still carry ``?token=``: the access log keeps address, method, path and status.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], args[2].split("?", 1)[0], args[3], args[4])
        return True


def hide_query_strings_in_access_log() -> None:
    """Install ``HideQueryStrings`` on uvicorn's access logger (once; uvicorn keeps it)."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, HideQueryStrings) for f in access.filters):
        access.addFilter(HideQueryStrings())
