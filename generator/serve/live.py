"""The campaign's live preview: every material of presswork.toml as PNG pages, re-rendered when its inputs change.

A thread polls the workspace's inputs (serve/watch.py). On a change it plans the whole campaign
again (cheap: no rendering) and, as the incremental build does, renders only the targets whose
Material changed or one of whose files read last time (templates, stylesheets, themes) has new
contents, in the warm pool's workers. A problem in presswork.toml or a collection is shown as
the CLI's `file:line: what (fix)` lines, and the last good previews stay; so does a material's
last good pages when only its render fails.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.campaign.config import read_config
from generator.campaign.manifest import FileHashes, file_digest
from generator.campaign.plan import Target, plan_build
from generator.campaign.run import setting
from generator.campaign.warm_pool import WarmPool
from generator.content.workspace import Workspace
from generator.errors import PressworkError
from generator.materials.page import PageSpec
from generator.resources import BUILTIN_DIR
from generator.serve.watch import changed, snapshot, watched_roots

PREVIEW_PX = 900  # the long side of a preview page, in pixels: sharp on a laptop, light to send
POLL_S = 0.05
SETTLE_S = 0.01  # an editor saving by writing and renaming is done within this


def preview_dpi(page: PageSpec) -> int:
    long_in = max(page.width_mm, page.height_mm) / 25.4
    return max(20, min(96, round(PREVIEW_PX / long_in)))


def preview_target(target: Target, pdf: bool = False) -> Target:
    """The target rendered as one PNG per page at preview resolution (and the PDF too, with `pdf`)."""
    outputs = ((("pdf", Path("preview.pdf")),) if pdf else ()) + (("png", Path("preview")),)
    return replace(target, outputs=outputs, dpi=preview_dpi(target.material.page), png_pages=True)


def problem_lines(exc: BaseException) -> list[str]:
    if isinstance(exc, PressworkError):
        return [str(p) for p in exc.problems]
    return [f"internal error: {type(exc).__name__}: {exc} (please report it)"]


def card_id(target: Target) -> str:
    stem = Path(target.outputs[0][1]).stem
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}", stem):
        return stem
    return "m-" + hashlib.sha256(stem.encode("utf-8")).hexdigest()[:16]


@dataclass
class Card:
    """One target of the campaign as the page shows it: its last good pages, and how it stands now."""

    id: str
    target: Target
    pages: list[bytes] = field(default_factory=list)
    version: int = 0          # bumped each time new pages arrive; the page asks for ?v=version
    status: str = "rendering"  # "ok", "rendering" or "error"
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    digest: str | None = None
    reads: dict[str, str | None] = field(default_factory=dict)
    failed: bool = False
    generation: int = 0
    future: Future | None = None
    pending: str | None = None  # the digest of the render on its way
    renders: int = 0

    def as_json(self, ws_display: Callable[[Path], str]) -> dict:
        t = self.target
        return {"id": self.id, "source": t.source, "kind": t.material.kind,
                "files": [ws_display(path) for _, path in t.outputs], "page": t.material.page.describe(),
                "pages": len(self.pages), "version": self.version, "status": self.status,
                "problems": self.problems, "warnings": self.warnings, "renders": self.renders}


class Live:
    """The live preview's state and its watching thread; `notify` hears of every change (any thread)."""

    def __init__(self, root: Path, pool: WarmPool, notify: Callable[[], None] = lambda: None,
                 interval: float = POLL_S):
        self.root, self.pool, self.notify, self.interval = Path(root), pool, notify, interval
        self.cards: dict[str, Card] = {}
        self.problems: list[str] = []
        self.version = 0
        self.rounds = 0
        self._extra: list[Path] = []
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._again = threading.Event()  # a render read a file that changed under it: plan again
        self._thread: threading.Thread | None = None

    # --- the watching thread ------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="presswork-live", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        with self._lock:
            for card in self.cards.values():
                if card.future is not None:
                    self.pool.cancel(card.future)

    def _run(self) -> None:
        before = snapshot(watched_roots(self.root, self._extra))
        self.refresh()
        while not self._stop.wait(self.interval):
            after = snapshot(watched_roots(self.root, self._extra))
            if not changed(before, after):
                if self._again.is_set():
                    self._again.clear()
                    self.refresh()
                continue
            time.sleep(SETTLE_S)
            before = snapshot(watched_roots(self.root, self._extra))
            self.refresh()

    # --- one round: plan, then render what changed --------------------------------------------

    def refresh(self) -> None:
        """Plan the campaign again and render the targets that are not up to date."""
        try:
            ws = Workspace.open(self.root)
            config = read_config(ws)
            plan = plan_build(ws, config)
        except PressworkError as exc:
            with self._lock:
                self.problems = problem_lines(exc)
                self.rounds += 1
                self._changed()
            return
        self._extra = [ws.root / e.data for e in config.entries if e.data]
        where, hashes, submitted = setting(ws), FileHashes(), time.time_ns()
        with self._lock:
            cards: dict[str, Card] = {}
            for target in plan:
                cid = card_id(target)
                card = self.cards.get(cid) or Card(cid, target)
                card.target = target
                preview = preview_target(target)
                digest = file_digest(preview, "png")
                stale = (card.failed or not card.pages or card.digest != digest
                         or any(hashes(path) != sha for path, sha in card.reads.items())
                         or _overridden(ws, card.reads))
                if stale and not (card.future is not None and not card.future.done() and card.pending == digest):
                    self._render(card, preview, where, digest, submitted)
                cards[cid] = card
            for cid, card in self.cards.items():
                if cid not in cards and card.future is not None:
                    self.pool.cancel(card.future)
            self.cards = cards
            self.problems = []
            self.rounds += 1
            self._changed()

    def _render(self, card: Card, preview: Target, where, digest: str, submitted: int) -> None:
        if card.future is not None:
            self.pool.cancel(card.future)
        card.generation += 1
        card.status = "rendering"
        card.pending = digest
        generation = card.generation
        card.future = self.pool.submit(preview, where, priority=1)
        card.future.add_done_callback(lambda f: self._done(card, generation, digest, submitted, f))

    def _done(self, card: Card, generation: int, digest: str, submitted: int, future: Future) -> None:
        if future.cancelled():
            return
        with self._lock:
            if card.generation != generation:
                return  # a newer render of it is on its way
            card.future = None
            error = future.exception()
            if error is None:
                rendered = future.result()
                hashes = FileHashes()
                card.pages = [a.data for _, a in rendered.files if a.format == "png"]
                card.warnings = list(dict.fromkeys(w for _, a in rendered.files for w in a.warnings))
                # a file changed while it rendered may have been read before the change: hash it as unknown,
                # so the next round (the watcher sees that change too) renders it again
                card.reads = {r: None if _newer(r, submitted) else hashes(r) for r in rendered.reads}
                if None in card.reads.values():
                    self._again.set()
                card.digest, card.failed, card.problems, card.status = digest, False, [], "ok"
                card.version += 1
                card.renders += 1
            else:
                card.problems, card.failed, card.status = problem_lines(error), True, "error"
            self._changed()

    def _changed(self) -> None:
        self.version += 1
        self.notify()

    # --- what the page reads ------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        with self._lock:
            return any(c.status == "rendering" for c in self.cards.values())

    def state(self) -> dict:
        with self._lock:
            ws = Workspace(self.root)
            return {"version": self.version, "rounds": self.rounds, "problems": list(self.problems),
                    "busy": any(c.status == "rendering" for c in self.cards.values()),
                    "cards": [c.as_json(ws.display) for c in self.cards.values()]}

    def page(self, cid: str, number: int) -> bytes | None:
        with self._lock:
            card = self.cards.get(cid)
            if card is None or not 1 <= number <= len(card.pages):
                return None
            return card.pages[number - 1]

    def target(self, cid: str) -> Target | None:
        with self._lock:
            card = self.cards.get(cid)
            return card.target if card else None


def _overridden(ws: Workspace, reads: dict) -> bool:
    """A built-in the last render read now has a file of the same name in the workspace's templates/."""
    builtin, own = BUILTIN_DIR.resolve(), ws.templates_dir
    if not own.is_dir() or own.resolve() == builtin:
        return False  # the checkout's own templates/ are the built-ins
    return any(Path(r).is_relative_to(builtin) and (own / Path(r).relative_to(builtin)).exists() for r in reads)


def _newer(path: str, since_ns: int) -> bool:
    try:
        # less a margin: the kernel stamps files with a clock a few milliseconds coarse
        return Path(path).stat().st_mtime_ns >= since_ns - 20_000_000
    except OSError:
        return True
