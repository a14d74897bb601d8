"""Serving the app: the socket bound first (so a port in use is a clear error), the warm pool forked before any thread, uvicorn.

uvicorn is a real HTTP server (HTTP/1.1 with keep-alive, streaming for server-sent events,
graceful shutdown on Ctrl+C) that serves an ASGI app as it is, the one the tests drive.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
from collections.abc import Callable
from pathlib import Path

from generator.campaign.pool import Limits
from generator.campaign.run import setting
from generator.campaign.warm_pool import WarmPool
from generator.content.workspace import Workspace
from generator.errors import ConfigError, Problem
from generator.serve.security import LOOPBACK_NAMES, HostPolicy

DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_policy(host: str) -> HostPolicy:
    """Beyond loopback, the page also answers to the host's name and to address literals."""
    if is_loopback(host):
        return HostPolicy()
    wildcard = host in ("0.0.0.0", "::", "")
    return HostPolicy((host, socket.gethostname(), socket.getfqdn()) if wildcard else (host,), any_address=True)


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(Problem(f"port {port} is in use on {host}",
                                      fix="stop what uses it, or pass --port with another number (0 picks a free one)")) from None
        raise ConfigError(Problem(f"cannot listen on {host}:{port}: {exc.strerror}",
                                  fix="pass --host 127.0.0.1, or another --port")) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket, host: str) -> str:
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if is_loopback(host) or host in ("0.0.0.0", "::", "") else host
    return f"http://{'[' + shown + ']' if ':' in shown else shown}:{port}/"


def serve(root: Path, host: str = "127.0.0.1", port: int = DEFAULT_PORT, jobs: int | None = None,
          limits: Limits = Limits(), debug: bool = False, ready: Callable[[str], None] = print) -> None:
    """Run until Ctrl+C: `ready` hears the page's address once the socket listens."""
    import uvicorn

    from generator.serve.app import create_app

    ws = Workspace.open(root)
    # the pool forks its supervisor now, while this process has no threads and no socket yet
    pool = WarmPool(jobs, limits, setting=setting(ws))
    try:
        sock = bind(host, port)
        try:
            app = create_app(ws.root, pool, hosts=host_policy(host), debug=debug)
            config = uvicorn.Config(app, log_level="debug" if debug else "warning", access_log=debug,
                                    timeout_graceful_shutdown=2, lifespan="on", server_header=False)
            server = uvicorn.Server(config)
            ready(url_of(sock, host))
            try:
                server.run(sockets=[sock])
            except KeyboardInterrupt:
                pass  # uvicorn has shut down gracefully and passes Ctrl+C on: that is the way to stop
        finally:
            sock.close()
    finally:
        pool.close()
