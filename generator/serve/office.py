"""The office page's work: find excerpts, turn the form into one material's Target, keep its preview for download.

The browser sends excerpt ids and option values, never a path: an Order is checked against the
one options table with the same rules as presswork.toml (`check_value`), then planned as
`presswork poster|handout|bulletin` plans it. A preview is kept under a random id (a few at a
time), so its download is the very material the person saw.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path

from generator.campaign.config import semantic
from generator.campaign.plan import Target, choose_passages, default_name, plan_single
from generator.content.selection import Selection, select_passages
from generator.content.workspace import Workspace
from generator.errors import ConfigError, PressworkError, Problem, SelectionError
from generator.materials.options import BY_NAME, FORMATS, KINDS, LANGS, check_value, options_for, render_options
from generator.materials.page import ALLOWED_SIZES, DEFAULT_PAGE, SIZE_NAMES

MAX_EXCERPTS = 200
MAX_TEXT = 2000        # characters in one text option
MAX_RESULTS = 300      # excerpts listed for one search
KEPT_PREVIEWS = 24
SNIPPET = 240


@dataclass(frozen=True, slots=True)
class Order:
    """What the office page asked for: a kind, excerpts by id (in order), option values by presswork.toml key."""

    kind: str
    refs: tuple[str, ...] = ()
    collection: str | None = None
    values: tuple[tuple[str, object], ...] = ()

    @property
    def options(self) -> dict:
        return dict(self.values)

    @property
    def selection(self) -> Selection:
        return Selection(refs=self.refs, collection=self.collection)


def parse_order(body: object, themes: list[str]) -> Order:
    """Check a request's JSON: every problem at once, worded as presswork.toml's checks word them."""
    if not isinstance(body, dict):
        raise ConfigError(Problem("the request is not a JSON object", fix="reload the page"))
    problems: list[Problem] = []
    kind = body.get("kind")
    if kind not in KINDS:
        raise ConfigError(Problem(f"kind: {kind!r} is not one of {', '.join(KINDS)}", fix="choose a kind"))
    refs = body.get("excerpts", [])
    if not isinstance(refs, list) or not all(isinstance(r, str) and 0 < len(r) <= 300 for r in refs):
        problems.append(Problem("excerpts: must be a list of excerpt ids", fix="pick excerpts from the list"))
        refs = []
    if len(refs) > MAX_EXCERPTS:
        problems.append(Problem(f"excerpts: {len(refs)} chosen, more than {MAX_EXCERPTS}", fix="choose fewer"))
    collection = body.get("collection") or None
    if collection is not None and not isinstance(collection, str):
        problems.append(Problem("collection: must be a collection's name"))
        collection = None
    raw = body.get("options", {})
    if not isinstance(raw, dict):
        raise ConfigError(problems + [Problem("options: must be a JSON object", fix="reload the page")])
    allowed = {o.name for o in options_for(kind) if o.render}
    values = {k: v for k, v in raw.items() if v is not None and v != "" and v != []}
    check = semantic(kind, values, themes)
    for key, value in values.items():
        if key not in allowed:
            problems.append(Problem(f"{key}: a {kind} has no such option", fix="known: " + ", ".join(sorted(allowed))))
            continue
        if isinstance(value, str) and len(value) > MAX_TEXT:
            problems.append(Problem(f"{key}: longer than {MAX_TEXT} characters", fix="shorten it"))
            continue
        issue = check_value(BY_NAME[key], value, kind, check)
        if issue is not None:
            problems.append(Problem(f"{issue.key}: {issue.message}", fix=issue.fix))
    if problems:
        raise ConfigError(problems)
    ordered = tuple((o.name, values[o.name]) for o in options_for(kind) if o.name in values)
    return Order(kind, tuple(refs), collection, ordered)


def plan_order(ws: Workspace, order: Order) -> Target:
    """The order as `presswork KIND` would plan it (its file name too), to render in any format."""
    options = render_options({k: tuple(v) if isinstance(v, list) else v for k, v in order.values})
    return plan_single(ws, order.kind, order.selection, options, fmt="pdf")[0]


def file_name(ws: Workspace, order: Order) -> str:
    """What the download is called: the name `presswork KIND` gives the file (without the suffix)."""
    return default_name(order.kind, choose_passages(ws, order.kind, order.selection))


def for_format(target: Target, fmt: str, name: str) -> Target:
    """The same material to one format; PNG of a page set comes as one file per page."""
    if fmt not in FORMATS:
        raise ConfigError(Problem(f"no format '{fmt}'", fix="use " + ", ".join(FORMATS)))
    return replace(target, outputs=((fmt, Path(f"{name}.{fmt}")),), dpi=150 if fmt == "png" else target.dpi,
                   png_pages=fmt == "png")


def search(ws: Workspace, text: str | None = None, tag: str | None = None, since: str | None = None,
           until: str | None = None, collection: str | None = None) -> list[dict]:
    """Excerpts matching the filters (all of them, with none), as the page lists them."""
    selection = Selection(tags=(tag,) if tag else (), since=since or None, until=until or None,
                          search=text or None, collection=collection or None)
    try:
        passages = select_passages(ws.load_collections(), selection)
    except SelectionError as exc:
        if "nothing matches" in str(exc):
            return []
        raise
    rows = []
    for p in passages[:MAX_RESULTS]:
        ex = p.excerpt
        text_ = p.text if len(p.text) <= SNIPPET else p.text[:SNIPPET].rstrip() + "…"
        rows.append({"id": ex.id, "collection": p.collection.name, "date": ex.date.iso() if ex.date else None,
                     "attribution": ex.attribution(), "source": ex.source, "tags": list(ex.tags), "lang": ex.lang,
                     "text": text_, "words": p.words, "pull_quote": ex.pull_quote,
                     "translated": bool(ex.translation)})
    return rows


def catalogue(ws: Workspace) -> dict:
    """What the form offers: kinds with their sizes and default page, themes, languages, collections, tags."""
    collections = ws.load_collections()
    sizes = {k: list(ALLOWED_SIZES[k] or SIZE_NAMES) for k in KINDS}
    return {"kinds": list(KINDS), "sizes": sizes,
            "defaults": {k: {"size": DEFAULT_PAGE[k][0], "landscape": DEFAULT_PAGE[k][1]} for k in KINDS},
            "themes": ws.resources.theme_names(), "langs": list(LANGS),
            "options": {k: [o.name for o in options_for(k) if o.render] for k in KINDS},
            "collections": [{"name": c.name, "title": c.title, "excerpts": len(c.excerpts), "lang": c.lang}
                            for c in collections],
            "tags": sorted({t for c in collections for e in c.excerpts for t in e.tags}, key=str.casefold)}


@dataclass
class Made:
    """One office preview, kept for its pages and downloads."""

    order: Order
    target: Target
    name: str
    pages: list[bytes]
    pdf: bytes
    warnings: list[str]


class Previews:
    """The last few office previews by random id (a bounded memory, whatever the traffic)."""

    def __init__(self, kept: int = KEPT_PREVIEWS):
        self._kept = kept
        self._items: OrderedDict[str, Made] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, made: Made) -> str:
        key = secrets.token_urlsafe(12)
        with self._lock:
            self._items[key] = made
            while len(self._items) > self._kept:
                self._items.popitem(last=False)
        return key

    def get(self, key: str) -> Made | None:
        with self._lock:
            made = self._items.get(key)
            if made is not None:
                self._items.move_to_end(key)
            return made


def check_workspace(ws: Workspace) -> list[str]:
    """Problems that stop the office page before any form: no content, a broken collection."""
    try:
        ws.load_collections()
    except PressworkError as exc:
        return [str(p) for p in exc.problems]
    return []
