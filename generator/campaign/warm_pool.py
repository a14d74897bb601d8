"""A pool of warm worker processes kept for many renders (`presswork serve`), each render bounded as in pool.py.

`presswork build` forks its workers per run (pool.py); a server that renders all day cannot pay
that per preview, nor let memory creep. Here a supervisor process, forked once while the caller
is still single-threaded, owns the workers: it hands each task to an idle worker, stops a worker
past the time limit or killed by its memory limit and forks a fresh one in its place, and
retires a worker after `max_tasks` renders, so memory stays flat however long it runs. Fresh
workers fork from the supervisor, which loaded the engines and scanned the fonts once, so they
start warm. The caller talks to it through one pipe, from any thread: `submit` returns a Future
of the Rendered, or of the RenderError that says what went wrong, worded as a build words it.
"""

from __future__ import annotations

import atexit
import heapq
import itertools
import os
import signal
import threading
import time
from concurrent.futures import Future
from multiprocessing.connection import wait

from generator.campaign.plan import Target
from generator.campaign.pool import Limits, Rendered, _context, _failure, _stopped, _too_slow, _worker, default_jobs, stop_worker
from generator.errors import PressworkError, Problem, RenderError
from generator.materials.options import KINDS
from generator.writers.render import Setting

DEFAULT_MAX_TASKS = 100
_WARM_PAGE = "".join(f'<p style="font-family: {family}; font-weight: {weight}">Warm 暖 “1”</p>'
                     for family in ("Noto Serif", "Noto Sans", "Noto Serif CJK SC", "Noto Sans CJK SC")
                     for weight in (400, 700, 900))  # renders before a worker is retired: caches and fragmentation never pile up


def _die_with_parent() -> None:
    """Linux: this process is killed when the one that forked it dies, even by SIGKILL (no orphans)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _warm_worker(conn, setting: Setting | None, max_memory_mb: int) -> None:
    _die_with_parent()
    _worker(conn, setting, max_memory_mb, before=_fresh_templates)


_OVERRIDES: tuple = ()


def _fresh_templates(setting: Setting) -> None:
    """Forget compiled templates when the workspace's templates/ gains or loses a file.

    Jinja reloads a cached template when its own file changes, but not when a file of the same
    name appears in templates/ in front of the built-in it was loaded from; a process that lives
    through such a change (only this pool's workers do) must look the names up again.
    """
    global _OVERRIDES
    folder = setting.resources.workspace_dir
    names = tuple(sorted(str(p) for p in folder.rglob("*"))) if folder is not None and folder.is_dir() else ()
    if names != _OVERRIDES:
        from generator.writers import templating

        _OVERRIDES = names
        templating._environment.cache_clear()  # its lru_cache: one environment per templates folder


class _Slot:
    """One worker process of the supervisor and the task it is rendering."""

    def __init__(self, ctx, limits: Limits):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_warm_worker, args=(child, None, limits.max_memory_mb), daemon=True)
        self.process.start()
        child.close()
        self.task: int | None = None
        self.started = 0.0
        self.count = 0

    def send(self, task_id: int, target: Target, setting: Setting) -> None:
        self.task, self.started = task_id, time.monotonic()
        self.conn.send((task_id, target, setting))

    def stop(self, kill: bool = False) -> None:
        stop_worker(self.process, self.conn, kill)


def _warm(setting: Setting | None) -> None:
    """Load the engines, scan the fonts and parse the stylesheets once, before any worker forks."""
    import generator.writers.fit  # noqa: F401
    import generator.writers.png  # noqa: F401
    from generator.writers.pdf import font_config, stylesheet

    try:
        import generator.writers.docx  # noqa: F401
    except ImportError:  # pragma: no cover - python-docx is a dependency
        pass
    font_config()
    if setting is None:
        return
    # one small page in every face the themes print with: Pango loads those fonts here, once, for all workers
    from generator.writers.pdf import write_pdf

    try:
        write_pdf(_WARM_PAGE, setting.base_url, setting.allowed_roots)
    except PressworkError:
        pass
    for kind in KINDS:
        try:
            for path in setting.stylesheets(kind):
                stylesheet(path, setting.allowed_roots)
        except PressworkError:
            continue  # the render reports it, with the material's name


def _supervise(conn, other, jobs: int, limits: Limits, max_tasks: int, setting: Setting | None) -> None:
    """The supervisor's loop: tasks in from the caller, results out, workers kept alive and bounded."""
    other.close()
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the server's to handle; the pipe closing stops us
    _warm(setting)
    ctx = _context()
    slots = [_Slot(ctx, limits) for _ in range(jobs)]
    queue: list[tuple[int, int, int, Target, Setting]] = []
    seq = itertools.count()
    renders = replaced = 0

    def replace(slot: _Slot, kill: bool) -> None:
        nonlocal replaced
        slot.stop(kill=kill)
        slots[slots.index(slot)] = _Slot(ctx, limits)
        replaced += 1

    try:
        while True:
            busy = [s for s in slots if s.task is not None]
            timeout = None
            if busy:
                timeout = max(0.0, min(s.started for s in busy) + limits.timeout_s - time.monotonic())
            # idle workers too: one that died while idle (killed from outside) is replaced before it is given work
            ready = wait([conn] + [s.conn for s in slots], timeout)
            if conn in ready:
                try:
                    message = conn.recv()
                except (EOFError, OSError):
                    return
                if message[0] == "stop":
                    return
                if message[0] == "task":
                    _, task_id, priority, target, own = message
                    heapq.heappush(queue, (priority, next(seq), task_id, target, own))
                elif message[0] == "cancel":
                    queue = [q for q in queue if q[2] != message[1]]
                    heapq.heapify(queue)
                elif message[0] == "stats":
                    conn.send(("stats", message[1], {
                        "supervisor": os.getpid(), "workers": [s.process.pid for s in slots],
                        "renders": renders, "replaced": replaced, "queued": len(queue),
                        "busy": sum(s.task is not None for s in slots)}))
            now = time.monotonic()
            for slot in busy:
                if slot.conn in ready:
                    task_id = slot.task
                    try:
                        kind, _, payload = slot.conn.recv()
                    except (EOFError, OSError):  # killed, most likely by its memory limit
                        conn.send(("done", task_id, "stopped", None))
                        replace(slot, kill=True)
                        continue
                    slot.task, slot.count, renders = None, slot.count + 1, renders + 1
                    conn.send(("done", task_id, kind, payload))
                    if kind in ("memory", "crash") or slot.count >= max_tasks:
                        replace(slot, kill=kind != "ok")
                elif now - slot.started >= limits.timeout_s:
                    conn.send(("done", slot.task, "timeout", None))
                    replace(slot, kill=True)
            for slot in list(slots):
                if slot.task is None and slot.conn in ready and slot not in busy:
                    replace(slot, kill=True)
            for slot in slots:
                if slot.task is None and queue:
                    _, _, task_id, target, own = heapq.heappop(queue)
                    slot.send(task_id, target, own)
    finally:
        for slot in slots:
            slot.stop(kill=slot.task is not None)


class WarmPool:
    """Warm, bounded render workers for a long-running process; make it before starting threads."""

    def __init__(self, jobs: int | None = None, limits: Limits = Limits(), max_tasks: int = DEFAULT_MAX_TASKS,
                 setting: Setting | None = None):
        self.limits = limits
        self.jobs = max(1, jobs or default_jobs())
        ctx = _context()
        self._conn, child = ctx.Pipe()
        # not a daemon: a daemonic process may not start the workers it supervises
        self._process = ctx.Process(target=_supervise, name="presswork-pool", daemon=False,
                                    args=(child, self._conn, self.jobs, limits, max_tasks, setting))
        self._process.start()
        child.close()
        self._pending: dict[int, tuple[Future, Target | None]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._closed = False
        self._reader = threading.Thread(target=self._read, name="presswork-pool-reader", daemon=True)
        self._reader.start()
        atexit.register(self.close)  # before multiprocessing's own exit handler waits for the supervisor

    def submit(self, target: Target, setting: Setting, priority: int = 0) -> Future:
        """Render `target` in a worker; lower `priority` goes first (a person waiting before a background rebuild)."""
        future: Future = Future()
        with self._lock:
            if self._closed:
                raise RenderError(Problem("the render workers have stopped", fix="restart presswork serve"))
            task_id = next(self._ids)
            self._pending[task_id] = (future, target)
            future.task_id = task_id  # type: ignore[attr-defined]
            self._send(("task", task_id, priority, target, setting))
        return future

    def cancel(self, future: Future) -> None:
        """Drop a task that has not started yet; one already rendering finishes, and its result is dropped."""
        if future.cancel():
            with self._lock:
                self._send(("cancel", getattr(future, "task_id", 0)))

    def render(self, targets: list[Target], setting: Setting, priority: int = 0) -> list[Rendered]:
        """Every target, in order; the first failure cancels the rest and is raised."""
        futures = [self.submit(t, setting, priority) for t in targets]
        try:
            return [f.result() for f in futures]
        except BaseException:
            for f in futures:
                self.cancel(f)
            raise

    def stats(self, timeout: float = 60) -> dict:
        """The supervisor's and workers' process ids, renders done, workers replaced (for the bench)."""
        future: Future = Future()
        with self._lock:
            task_id = next(self._ids)
            self._pending[task_id] = (future, None)
            self._send(("stats", task_id))
        return future.result(timeout)

    def _send(self, message) -> None:
        try:
            self._conn.send(message)
        except OSError:
            raise RenderError(Problem("the render workers have stopped", fix="restart presswork serve")) from None

    def _read(self) -> None:
        while True:
            try:
                message = self._conn.recv()
            except (EOFError, OSError):
                break
            with self._lock:
                future, target = self._pending.pop(message[1], (None, None))
            if future is None or future.done():
                continue
            if message[0] == "stats":
                future.set_result(message[2])
                continue
            _, _, kind, payload = message
            if kind == "ok":
                future.set_result(payload)
            elif kind == "timeout":
                future.set_exception(_too_slow(target, self.limits))
            elif kind == "stopped":
                future.set_exception(_stopped(target, self.limits))
            else:
                future.set_exception(_failure(kind, payload, target, self.limits))
        with self._lock:
            pending, self._pending = list(self._pending.values()), {}
        for future, _ in pending:
            if not future.done():
                future.set_exception(RenderError(Problem("the render workers have stopped",
                                                         fix="restart presswork serve")))

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            try:
                self._conn.send(("stop",))
            except OSError:
                pass
        # it stops its workers and exits at once, unless it is still warming up: then it is killed, and
        # its workers, forked or not, die with it (PR_SET_PDEATHSIG)
        self._process.join(timeout=3)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._reader.join(timeout=5)  # it ends when the supervisor's end of the pipe closes
        self._conn.close()
