"""The app's JSON and image routes: live pages, excerpt search, office previews and downloads, add to campaign, import.

Materials go by card id, excerpts by excerpt id and office previews by a random id: no request
names a file. Bodies are read with a cap before they are parsed. Renders run in the warm pool
(a person waiting goes before the live preview's background renders).
"""

from __future__ import annotations

import asyncio
import io
import json
import zipfile
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.campaign.run import setting
from generator.content.workspace import Workspace
from generator.errors import ConfigError, Problem
from generator.serve import campaign_file, importing, office
from generator.serve.live import preview_target

MAX_JSON_BYTES = 256 * 1024
DOWNLOAD_TYPES = {"pdf": "application/pdf", "png": "image/png", "zip": "application/zip",
                  "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
_NO_STORE = {"Cache-Control": "no-store"}


def routes() -> list[Route]:
    return [
        Route("/api/state", state), Route("/api/catalogue", catalogue), Route("/api/excerpts", excerpts),
        Route("/api/preview", preview, methods=["POST"]), Route("/api/campaign", add_to_campaign, methods=["POST"]),
        Route("/api/import", import_article, methods=["POST"]),
        Route("/live/{card}/page-{number:int}.png", live_png), Route("/live/{card}.pdf", live_pdf),
        Route("/made/{key}/page-{number:int}.png", made_png), Route("/made/{key}/download.{fmt}", made_download),
    ]


def _server(request: Request):
    return request.app.state.server


def _workspace(request: Request) -> Workspace:
    return Workspace.open(_server(request).root)


async def read_body(request: Request, cap: int) -> bytes:
    """The request's body, refused (413) as soon as it is longer than `cap`, whatever Content-Length says."""
    length = request.headers.get("content-length", "")
    too_large = HTTPException(413, f"the upload is larger than {cap // 1024 // 1024 or cap // 1024} "
                                   f"{'MB' if cap >= 2**20 else 'KB'} (send a smaller file)")
    if length.isdigit() and int(length) > cap:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


async def _json(request: Request) -> object:
    body = await read_body(request, MAX_JSON_BYTES)
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise HTTPException(400, "the request is not JSON (reload the page)") from None


def _attachment(name: str, inline: bool = False) -> dict:
    ascii_name = name.encode("ascii", "replace").decode("ascii").replace("?", "_").replace('"', "_")
    kind = "inline" if inline else "attachment"
    return {"Content-Disposition": f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}", **_NO_STORE}


async def _render(request: Request, target, ws: Workspace, priority: int = 0):
    future = _server(request).pool.submit(target, setting(ws), priority)
    try:
        return await asyncio.wrap_future(future)
    except asyncio.CancelledError:
        _server(request).pool.cancel(future)  # the person left: their render is not needed
        raise


# --- the live preview -------------------------------------------------------------------------

def _live(request: Request):
    live = _server(request).live
    if live is None:
        raise HTTPException(404, "this server has no live preview")
    return live


async def state(request: Request) -> Response:
    return JSONResponse(_live(request).state(), headers=_NO_STORE)


async def live_png(request: Request) -> Response:
    data = _live(request).page(request.path_params["card"], request.path_params["number"])
    if data is None:
        raise HTTPException(404, "no such material or page in the campaign (reload the page)")
    # the page asks for ?v=VERSION, so a URL always means the same picture
    return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


async def live_pdf(request: Request) -> Response:
    card = request.path_params["card"]
    target = _live(request).target(card)
    if target is None:
        raise HTTPException(404, "no such material in the campaign (reload the page)")
    ws = _workspace(request)
    rendered = await _render(request, office.for_format(target, "pdf", card), ws)
    return Response(rendered.files[0][1].data, media_type="application/pdf", headers=_attachment(f"{card}.pdf", True))


# --- the office page --------------------------------------------------------------------------

async def catalogue(request: Request) -> Response:
    return JSONResponse(await run_in_threadpool(office.catalogue, _workspace(request)), headers=_NO_STORE)


async def excerpts(request: Request) -> Response:
    q = request.query_params
    args = [(q.get(k) or None) for k in ("q", "tag", "since", "until", "collection")]
    if any(a is not None and len(a) > 300 for a in args):
        raise HTTPException(400, "a search term is longer than 300 characters (shorten it)")
    rows = await run_in_threadpool(office.search, _workspace(request), *args)
    return JSONResponse({"excerpts": rows}, headers=_NO_STORE)


async def preview(request: Request) -> Response:
    body = await _json(request)
    ws = _workspace(request)

    def plan():
        order = office.parse_order(body, ws.resources.theme_names())
        return order, office.plan_order(ws, order), office.file_name(ws, order)

    order, target, name = await run_in_threadpool(plan)
    rendered = await _render(request, preview_target(target, pdf=True), ws)
    pages = [a.data for _, a in rendered.files if a.format == "png"]
    pdf = next(a for _, a in rendered.files if a.format == "pdf")
    warnings = list(dict.fromkeys(w for _, a in rendered.files for w in a.warnings))
    key = _server(request).previews.add(office.Made(order, target, name, pages, pdf.data, warnings))
    return JSONResponse({"id": key, "name": name, "kind": order.kind, "pages": len(pages),
                         "page": target.material.page.describe(), "warnings": warnings}, headers=_NO_STORE)


def _made(request: Request) -> office.Made:
    made = _server(request).previews.get(request.path_params["key"])
    if made is None:
        raise HTTPException(404, "that preview is no longer kept (make the preview again)")
    return made


async def made_png(request: Request) -> Response:
    made, number = _made(request), request.path_params["number"]
    if not 1 <= number <= len(made.pages):
        raise HTTPException(404, f"the preview has {len(made.pages)} page(s)")
    return Response(made.pages[number - 1], media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


async def made_download(request: Request) -> Response:
    made, fmt = _made(request), request.path_params["fmt"]
    if fmt not in ("pdf", "png", "docx"):
        raise HTTPException(404, f"no download as '{fmt}' (use pdf, png or docx)")
    if fmt == "pdf":
        return Response(made.pdf, media_type=DOWNLOAD_TYPES["pdf"], headers=_attachment(f"{made.name}.pdf"))
    rendered = await _render(request, office.for_format(made.target, fmt, made.name), _workspace(request))
    files = [a.data for _, a in rendered.files]
    if fmt == "png" and len(files) > 1:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
            for number, data in enumerate(files, start=1):
                zf.writestr(f"{made.name}-page-{number:02d}.png", data)
        return Response(buffer.getvalue(), media_type=DOWNLOAD_TYPES["zip"], headers=_attachment(f"{made.name}.zip"))
    return Response(files[0], media_type=DOWNLOAD_TYPES[fmt], headers=_attachment(f"{made.name}.{fmt}"))


async def add_to_campaign(request: Request) -> Response:
    body = await _json(request)
    ws = _workspace(request)

    def add():
        order = office.parse_order(body, ws.resources.theme_names())
        office.plan_order(ws, order)  # the material itself must plan before it goes into the file
        outputs = body.get("outputs", ["pdf"]) if isinstance(body, dict) else ["pdf"]
        if not isinstance(outputs, list) or not outputs or not all(o in ("pdf", "png", "docx", "html") for o in outputs):
            raise ConfigError(Problem("outputs: must be a list of pdf, png, docx or html"))
        return campaign_file.add_material(ws, order, tuple(dict.fromkeys(outputs)))

    name = await run_in_threadpool(add)
    return JSONResponse({"name": name, "file": "presswork.toml"}, headers=_NO_STORE)


async def import_article(request: Request) -> Response:
    filename = request.query_params.get("filename", "")
    if not filename or len(filename) > 255:
        raise HTTPException(400, "the upload has no file name (choose the file again)")
    data = await read_body(request, importing.MAX_UPLOAD_BYTES)
    result = await run_in_threadpool(importing.import_upload, _workspace(request), filename, data)
    return JSONResponse(result, headers=_NO_STORE)
