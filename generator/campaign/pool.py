"""Rendering targets in worker processes: warm (fonts and parsed CSS kept), bounded in time and memory.

Every render runs in a child process, even with one worker: a template that loops for ever or
a collection that eats memory cannot take the whole machine or the CLI with it. Each worker has
an address-space limit (RLIMIT_AS) and each material a wall-clock limit; a worker past either is
stopped and the build fails with that material's name and what to do. Results come back in plan
order, so `-j 2` writes the very bytes `-j 1` does; the first failure stops every worker, and
nothing is written (the caller writes only after all of this returns).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

from generator.campaign.plan import Target
from generator.errors import PressworkError, Problem, RenderError
from generator.resources import track_reads
from generator.writers.render import Artifact, Setting, render_material

DEFAULT_TIMEOUT_S = 120
DEFAULT_MAX_MEMORY_MB = 2048


@dataclass(frozen=True, slots=True)
class Limits:
    timeout_s: float = DEFAULT_TIMEOUT_S      # per material
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB  # per worker process


@dataclass(frozen=True, slots=True)
class Rendered:
    target: Target
    files: tuple[tuple[Path, Artifact], ...]
    reads: tuple[str, ...]  # resource files the render read (templates, stylesheets, themes, ...)


def render_one(target: Target, setting: Setting) -> Rendered:
    with track_reads() as reads:
        artifacts = render_material(target.material, target.formats, setting, target.dpi, target.png_pages)
    files: list[tuple[Path, Artifact]] = []
    for fmt, path in target.outputs:
        for artifact in artifacts[fmt]:
            files.append((path / f"page-{artifact.part:02d}.png" if artifact.part else path, artifact))
    return Rendered(target, tuple(files), tuple(sorted(str(p) for p in reads)))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _context():
    # fork: a worker starts in milliseconds and inherits whatever fonts and stylesheets this
    # process already has warm; WeasyPrint starts no threads, so there is nothing to break
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _worker(conn, setting: Setting, max_memory_mb: int, before: Callable[[Setting], None] | None = None) -> None:
    """A worker's life: set its memory bound, then render each target it is sent until told to stop
    (`before` runs ahead of each render: a warm pool's worker outlives a workspace's changes)."""
    try:
        import resource

        limit = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not on this system: the time bound still holds
        pass
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, target, *own = task  # a warm pool's task brings its own setting (campaign/warm_pool.py)
        try:
            if before is not None:
                before(own[0] if own else setting)
            conn.send(("ok", index, render_one(target, own[0] if own else setting)))
        except PressworkError as exc:
            conn.send(("error", index, (type(exc).__name__, exc.problems)))
        except MemoryError:
            conn.send(("memory", index, None))
        except RecursionError:
            conn.send(("error", index, ("RenderError", [Problem(
                "nests too deep to lay out", fix="check templates and content for runaway nesting")])))
        except BaseException as exc:  # noqa: BLE001 - reported as this material's failure, never a hang
            conn.send(("crash", index, f"{type(exc).__name__}: {exc}"))


class _Worker:
    def __init__(self, ctx, setting: Setting, limits: Limits):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker, args=(child, setting, limits.max_memory_mb), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple[int, Target] | None = None
        self.started = 0.0

    def send(self, index: int, target: Target) -> None:
        self.task = (index, target)
        self.started = time.monotonic()
        self.conn.send((index, target))

    def stop(self, kill: bool = False) -> None:
        stop_worker(self.process, self.conn, kill)


def stop_worker(process, conn, kill: bool = False) -> None:
    """Ask a worker to finish (None on its pipe), or kill it; either way it is joined and its pipe closed."""
    if kill:
        process.kill()
    else:
        try:
            conn.send(None)
        except OSError:
            pass
    process.join(timeout=5)
    if process.is_alive():
        process.kill()
        process.join()
    conn.close()


def render_all(targets: list[Target], setting: Setting, jobs: int = 1,
               done: Callable[[Target], None] | None = None, limits: Limits = Limits()) -> list[Rendered]:
    """Every target rendered in bounded worker processes, in plan order; `done` hears of each as it finishes."""
    if not targets:
        return []
    ctx = _context()
    if ctx.get_start_method() == "fork":
        _warm(setting, targets)
    workers = [_Worker(ctx, setting, limits) for _ in range(max(1, min(jobs, len(targets))))]
    queue = list(enumerate(targets))[::-1]
    results: dict[int, Rendered] = {}
    try:
        for worker in workers:
            if queue:
                worker.send(*queue.pop())
        while len(results) < len(targets):
            busy = [w for w in workers if w.task is not None]
            deadline = min(w.started for w in busy) + limits.timeout_s
            ready = wait([w.conn for w in busy], timeout=max(0.0, deadline - time.monotonic()))
            if not ready:
                late = min(busy, key=lambda w: w.started)
                raise _too_slow(late.task[1], limits)
            for worker in busy:
                if worker.conn not in ready:
                    continue
                try:
                    kind, index, payload = worker.conn.recv()
                except (EOFError, OSError):
                    raise _stopped(worker.task[1], limits) from None
                target = worker.task[1]
                worker.task = None
                if kind != "ok":
                    raise _failure(kind, payload, target, limits)
                results[index] = payload
                if done:
                    done(target)
                if queue:
                    worker.send(*queue.pop())
    except BaseException:
        for worker in workers:
            worker.stop(kill=True)
        raise
    for worker in workers:
        worker.stop()
    return [results[i] for i in range(len(targets))]


def _warm(setting: Setting, targets: list[Target]) -> None:
    """Scan the fonts and parse the stylesheets once here, so every forked worker starts with them
    (a process that renders again and again then pays for them once, not once per render)."""
    if not any(fmt != "docx" for t in targets for fmt in t.formats):
        return
    from generator.writers.pdf import font_config, stylesheet

    font_config()
    for kind in sorted({t.material.kind for t in targets}):
        try:
            for path in setting.stylesheets(kind):
                stylesheet(path, setting.allowed_roots)
        except PressworkError:
            return  # the worker reports it, with the material's name


def _name(target: Target) -> str:
    return f"material '{target.source}'" + (f" ({target.outputs[0][1].name})" if target.outputs else "")


def _too_slow(target: Target, limits: Limits) -> RenderError:
    return RenderError(Problem(f"{_name(target)} took longer than {limits.timeout_s:g} s to render and was stopped",
                               fix="check its template for long loops and its text for its length, or raise the "
                                   "limit with --timeout SECONDS"))


def _stopped(target: Target, limits: Limits) -> RenderError:
    return RenderError(Problem(f"{_name(target)} stopped its worker before it finished (most likely over the "
                               f"{limits.max_memory_mb} MB memory limit)",
                               fix="render less at once (fewer excerpts, a smaller --size or --dpi), or raise "
                                   "the limit with --max-memory MB"))


def _failure(kind: str, payload, target: Target, limits: Limits) -> BaseException:
    if kind == "error":
        name, problems = payload
        import generator.errors as errors

        return getattr(errors, name, RenderError)(problems)
    if kind == "memory":
        return RenderError(Problem(f"{_name(target)} needed more than the {limits.max_memory_mb} MB memory limit",
                                   fix="render less at once (fewer excerpts, a smaller --size or --dpi), or raise "
                                       "the limit with --max-memory MB"))
    return RenderError(Problem(f"{_name(target)} failed: internal error: {payload}",
                               fix="rerun with -j 1 --debug, and please report it"))
