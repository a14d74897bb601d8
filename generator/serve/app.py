"""The web app: its state, the three pages, the event stream, and the error edge (problems as JSON, never a traceback).

Starlette, because it is small, ASGI (uvicorn serves it), streams server-sent events with a plain
async generator and comes with a test client; Jinja2 (already presswork's) renders the pages,
whose templates and static files live in this package. The JSON and image routes are in
serve/api.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from generator.campaign.warm_pool import WarmPool
from generator.errors import PressworkError
from generator.serve import api
from generator.serve.importing import MAX_UPLOAD_BYTES
from generator.serve.live import Live
from generator.serve.office import Previews
from generator.serve.security import Guard, HostPolicy, new_token
from generator.serve.ui_text import COOKIE, TEXT, ui_lang

HERE = Path(__file__).resolve().parent
EVENTS_LIFETIME_S = 60.0  # then the browser reconnects (EventSource does it by itself), with Last-Event-ID
KEEPALIVE_S = 15.0

_PAGES = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                            undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@dataclass
class Server:
    """Everything the routes share: the workspace folder, the warm pool, the live preview, the token."""

    root: Path
    pool: WarmPool
    live: Live | None = None
    token: str = field(default_factory=new_token)
    previews: Previews = field(default_factory=Previews)
    debug: bool = False
    events_lifetime_s: float = EVENTS_LIFETIME_S
    loop: asyncio.AbstractEventLoop | None = None
    listeners: set = field(default_factory=set)

    def notify(self) -> None:
        """Wake every event stream (called from any thread); each then sends the newest state once."""
        loop = self.loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        for queue in list(self.listeners):
            if queue.empty():
                queue.put_nowait(None)


def create_app(root: Path, pool: WarmPool, *, hosts: HostPolicy | None = None, live: bool = True,
               debug: bool = False, events_lifetime_s: float = EVENTS_LIFETIME_S,
               poll_s: float | None = None) -> Starlette:
    """The app for the workspace at `root`; with `live`, the campaign's previews start rendering at startup."""
    server = Server(Path(root).resolve(), pool, debug=debug, events_lifetime_s=events_lifetime_s)
    if live:
        server.live = Live(server.root, pool, server.notify, **({"interval": poll_s} if poll_s else {}))

    @contextlib.asynccontextmanager
    async def lifespan(app):
        server.loop = asyncio.get_running_loop()
        if server.live is not None:
            server.live.start()
        try:
            yield
        finally:
            if server.live is not None:
                server.live.stop()
            server.loop = None

    routes = [
        Route("/", live_page), Route("/make", make_page), Route("/import", import_page),
        Route("/events", events), *api.routes(),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[
        Middleware(Guard, token=server.token, hosts=hosts or HostPolicy()), Middleware(Shield, debug=debug)],
        exception_handlers={PressworkError: _problems, HTTPException: _http_error})
    app.state.server = server
    return app


# --- the pages --------------------------------------------------------------------------------

def _page(request: Request, template: str, current: str, **extra) -> HTMLResponse:
    server: Server = request.app.state.server
    lang = ui_lang(request.query_params.get("ui"), request.cookies.get(COOKIE),
                   request.headers.get("accept-language"))
    text = TEXT[lang]
    boot = {"lang": lang, "text": text, "token": server.token, "cookie": COOKIE, "maxUpload": MAX_UPLOAD_BYTES}
    html = _PAGES.get_template(template).render(
        t=text, lang=lang, current=current, token=server.token, boot=_script_json(boot),
        max_upload_mb=MAX_UPLOAD_BYTES // 2**20, **extra)
    response = HTMLResponse(html, headers={"Cache-Control": "no-store", "Content-Security-Policy": _CSP,
                                           "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"})
    if request.query_params.get("ui") in TEXT:
        response.set_cookie(COOKIE, lang, max_age=365 * 86400, samesite="strict", httponly=True)
    return response


_CSP = ("default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")


def _script_json(value) -> Markup:
    # inside <script type="application/json">, "<" is written as \u003c so no text can end the element
    return Markup(json.dumps(value, ensure_ascii=False).replace("<", "\\u003c"))


async def live_page(request: Request) -> Response:
    return _page(request, "live.html", "live")


async def make_page(request: Request) -> Response:
    return _page(request, "make.html", "make")


async def import_page(request: Request) -> Response:
    return _page(request, "import.html", "import")


# --- the event stream -------------------------------------------------------------------------

async def events(request: Request) -> Response:
    """Server-sent events: `state` (the live preview's whole state) whenever it changes."""
    server: Server = request.app.state.server
    if server.live is None:
        raise HTTPException(404, "this server has no live preview")
    last = request.headers.get("last-event-id", "")
    queue: asyncio.Queue = asyncio.Queue(maxsize=1)
    loop = asyncio.get_running_loop()

    async def stream():
        server.listeners.add(queue)
        try:
            yield "retry: 500\n\n"
            sent = int(last) if last.isdigit() else -1
            deadline = loop.time() + server.events_lifetime_s
            while True:
                state = server.live.state()
                if state["version"] != sent:
                    sent = state["version"]
                    yield f"id: {sent}\nevent: state\ndata: {json.dumps(state, ensure_ascii=False)}\n\n"
                left = deadline - loop.time()
                if left <= 0:
                    return
                try:
                    await asyncio.wait_for(queue.get(), timeout=min(KEEPALIVE_S, left))
                except asyncio.TimeoutError:
                    yield ": still here\n\n"
        finally:
            server.listeners.discard(queue)

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


# --- the error edge ---------------------------------------------------------------------------

def _wants_json(request: Request) -> bool:
    if request.url.path.startswith(("/api/", "/events")):
        return True
    return "text/html" not in request.headers.get("accept", "")


async def _problems(request: Request, exc: PressworkError) -> Response:
    return JSONResponse({"problems": [str(p) for p in exc.problems]}, status_code=422)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    if _wants_json(request):
        return JSONResponse({"problems": [str(exc.detail)]}, status_code=exc.status_code, headers=exc.headers)
    lang = ui_lang(request.query_params.get("ui"), request.cookies.get(COOKIE), request.headers.get("accept-language"))
    html = _PAGES.get_template("error.html").render(t=TEXT[lang], lang=lang, status=exc.status_code,
                                                    message=str(exc.detail))
    return HTMLResponse(html, status_code=exc.status_code)


class Shield:
    """ASGI middleware: an unexpected exception becomes a one-line 500 (the traceback only with --debug)."""

    def __init__(self, app, debug: bool = False):
        self.app, self.debug = app, debug

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watch(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:  # noqa: BLE001 - the edge: reported, never shown as a traceback
            line = f"internal error: {type(exc).__name__}: {exc}"
            print(f"presswork serve: {line} ({scope.get('method')} {scope.get('path')})", file=sys.stderr)
            if self.debug:
                traceback.print_exc()
            if started:
                return
            body = json.dumps({"problems": [f"{line} (please report it; presswork serve --debug shows more)"]})
            await send({"type": "http.response.start", "status": 500,
                        "headers": [(b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": body.encode("utf-8")})
