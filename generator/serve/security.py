"""The app's two gates, before any route runs: the Host header (DNS rebinding) and the CSRF token.

A page on another site can make a browser send requests to http://127.0.0.1:8000, and a domain
that resolves to 127.0.0.1 (DNS rebinding) can even read the answers. So: a request whose Host
is not this machine's loopback name is refused, and so is one whose Origin is another site's
(or that the browser marks as sent by another site's page, a link followed excepted);
every request that changes anything (any method but GET and HEAD) must carry the token the
page was served with, which another site cannot read. No cookie takes part in either check.
"""

from __future__ import annotations

import ipaddress
import json
import secrets

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
SAFE_METHODS = frozenset({"GET", "HEAD"})
TOKEN_HEADER = "x-csrf-token"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def host_name(value: str) -> str:
    """The name of a Host header or an Origin's authority, without port or IPv6 brackets, lower case."""
    value = value.strip().lower()
    if "://" in value:
        value = value.split("://", 1)[1].split("/", 1)[0]
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class HostPolicy:
    """Which Host names the app answers to: the loopback names, plus, when serving beyond loopback
    (`--host`), that host's name and any address literal (DNS rebinding needs a name, not an address)."""

    def __init__(self, extra: tuple[str, ...] = (), any_address: bool = False):
        self.names = LOOPBACK_NAMES | {host_name(n) for n in extra if n}
        self.any_address = any_address

    def allows(self, header: str | None) -> bool:
        if not header:
            return False
        name = host_name(header)
        if name in self.names or name.startswith("127.") and _is_ip(name):
            return True
        return self.any_address and _is_ip(name)


class Guard:
    """ASGI middleware: refuse a foreign Host or Origin, and a state-changing request without the token."""

    def __init__(self, app, token: str, hosts: HostPolicy):
        self.app, self.token, self.hosts = app, token, hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":  # lifespan; the app has no websockets
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if not self.hosts.allows(headers.get("host")):
            return await _refuse(send, 421, "this server answers only to http://localhost and http://127.0.0.1",
                                 "open the address presswork serve printed")
        origin = headers.get("origin")
        if origin and origin != "null" and not self.hosts.allows(origin):
            return await _refuse(send, 403, "a page of another site may not use presswork serve",
                                 "open the address presswork serve printed")
        # a browser says where a request comes from: another site may link to the page, nothing more
        # (an <img> pointing at /live/x.pdf would otherwise make this machine render for it)
        if headers.get("sec-fetch-site") == "cross-site" and headers.get("sec-fetch-mode") != "navigate":
            return await _refuse(send, 403, "a page of another site may not use presswork serve",
                                 "open the address presswork serve printed")
        if scope["method"] not in SAFE_METHODS:
            given = headers.get(TOKEN_HEADER, "")
            if not secrets.compare_digest(given.encode("utf-8", "replace"), self.token.encode("ascii")):
                return await _refuse(send, 403, "the request carries no valid CSRF token",
                                     "reload the page: presswork serve was restarted since it was opened")
        return await self.app(scope, receive, send)


async def _refuse(send, status: int, message: str, fix: str) -> None:
    body = json.dumps({"problems": [f"{message} ({fix})"]}).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})
