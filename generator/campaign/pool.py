"""Rendering targets, in this process or in a pool of worker processes that keep fonts and parsed CSS warm.

Each target renders to its files' bytes plus the list of resource files it read; nothing is
written here. With several workers the results come back in plan order, so `-j 2` writes the
very bytes `-j 1` does; the first failure stops the pool and is raised as that material's error.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from generator.campaign.plan import Target
from generator.errors import PressworkError, Problem, RenderError
from generator.resources import track_reads
from generator.writers.render import Artifact, Setting, render_material


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
    # fork is quick and safe while this process has not started WeasyPrint (the plan never does);
    # once it has, its font and Pango state must not be copied into children
    if sys.platform.startswith("linux") and "weasyprint" not in sys.modules:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def render_all(targets: list[Target], setting: Setting, jobs: int = 1,
               done: Callable[[Target], None] | None = None) -> list[Rendered]:
    """Every target rendered, in plan order; `done` is told of each as it finishes."""
    if jobs <= 1 or len(targets) <= 1:
        results = []
        for target in targets:
            results.append(render_one(target, setting))
            if done:
                done(target)
        return results
    return list(_pooled(targets, setting, min(jobs, len(targets)), done))


def _pooled(targets, setting, jobs, done) -> Iterator[Rendered]:
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
        futures = [pool.submit(render_one, target, setting) for target in targets]
        pending = set(futures)
        try:
            while pending:
                finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for future in finished:
                    error = future.exception()
                    if error is not None:
                        raise _as_user_error(error)
                    if done:
                        done(future.result().target)
        except BaseException:
            for future in pending:
                future.cancel()
            raise
        for future in futures:
            yield future.result()


def _as_user_error(error: BaseException) -> BaseException:
    if isinstance(error, PressworkError):
        return error
    if isinstance(error, BrokenProcessPool):
        return RenderError(Problem("a worker process stopped before it finished its material",
                                   fix="build again with -j 1 to see that material's own error"))
    if isinstance(error, MemoryError):
        return RenderError(Problem("a worker ran out of memory", fix="build with fewer workers (-j 1)"))
    return error
