"""Access control: none (demo), a reverse-proxy header (SSO) or HTTP basic with a back-off.

The header is accepted only from the proxy's own addresses; behind a trusted proxy the
client is the one X-Forwarded-For names (``client_key``), which the back-off counts.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
import logging
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from finder.web.security.backoff import Backoff
from finder.web.security.headers import security_headers

logger = logging.getLogger(__name__)

OPEN_PATHS = ("/healthz", "/static/")  # monitoring and assets need no login

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


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

