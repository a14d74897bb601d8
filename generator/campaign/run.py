"""Plan -> render -> write: every artifact rendered before the first file is written, so a failure leaves output/ as it was.

A build renders only the targets whose files are not up to date (campaign/manifest.py), in a
pool of workers when asked (campaign/pool.py), optionally one deterministic shard of the plan.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.campaign.config import read_config
from generator.campaign.manifest import Manifest, file_digest, font_files
from generator.campaign.plan import Target, plan_build, plan_single
from generator.campaign.pool import (DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT_S, Limits, Rendered, default_jobs,
                                     render_all)
from generator.content.selection import Selection
from generator.content.workspace import Workspace
from generator.errors import ConfigError, OutputError, Problem
from generator.materials.options import BY_NAME_LIMITS, RenderOptions, check_value
from generator.outputs import write_atomic
from generator.writers.render import Setting


@dataclass(frozen=True, slots=True)
class Written:
    """A file this run made, or found up to date, as the CLI reports it."""

    path: Path
    format: str
    pages: int
    page: str
    warnings: tuple[str, ...] = ()
    status: str = "written"  # or "up to date"


@dataclass(frozen=True, slots=True)
class Shard:
    """The K-th of N slices of a plan (1-based), for builds spread over several machines."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> "Shard":
        try:
            k, n = (int(part) for part in text.split("/"))
        except ValueError:
            raise ConfigError(Problem(f"--shard '{text}' is not K/N", fix="e.g. --shard 2/4 for the second of four")) from None
        if not 1 <= k <= n:
            raise ConfigError(Problem(f"--shard {text}: K must be 1 to {n}", fix=f"use 1/{n} to {n}/{n}"))
        return cls(k, n)

    def holds(self, name: str) -> bool:
        """Whether a file (named relative to output/) is this shard's: by a hash of its name, so it
        stays in its shard as the plan grows, and every machine agrees wherever its checkout is."""
        return int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16) % self.count == self.index - 1


@dataclass
class BuildResult:
    files: list[Written] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)

    @property
    def written(self) -> list[Written]:
        return [f for f in self.files if f.status == "written"]


def press_page(pdf: bytes, page, name: str) -> tuple[bytes, int | None, str | None]:
    """The writers' press step for every PDF (press/ stands above writers/, below campaign/): its fonts
    compacted to the glyphs it shows, then tiled or folded when the page asks for it.

    Returns (pdf, sheets, sheets described), the last two None when the pages are the writer's own."""
    from generator.press import compact_fonts, press_pdf

    pdf = compact_fonts(pdf, name=name)
    pressed = press_pdf(pdf, tile=page.tile, booklet=page.booklet, name=name)
    if pressed is None:
        return pdf, None, None
    return pressed.pdf, pressed.pages, pressed.page


def setting(ws: Workspace) -> Setting:
    return Setting(ws.resources, ws.root, press_page)


def write_files(rendered: list[Rendered]) -> list[Written]:
    """Write each file atomically; a path given twice is an error, never a silent overwrite."""
    seen: set[Path] = set()
    for item in rendered:
        for path, _ in item.files:
            key = Path(path).resolve()
            if key in seen:
                raise OutputError(Problem(f"{path} would be written twice in one run",
                                          fix="give each material its own name or output path"))
            seen.add(key)
    written = []
    for item in rendered:
        for path, artifact in item.files:
            write_atomic(path, artifact.data)
            written.append(Written(path, artifact.format, artifact.pages, artifact.page, artifact.warnings))
    return written


def build(ws: Workspace, only: tuple[str, ...] = (), jobs: int | None = None, force: bool = False,
          prune: bool = False, shard: Shard | None = None,
          progress: Callable[[int, int, Target | None], None] | None = None,
          limits: Limits = Limits()) -> BuildResult:
    """`presswork build`: check the whole presswork.toml, plan every target, render what is out of date
    (all of it with `force`), then write; the manifest in output/ records what each file was made from."""
    config = read_config(ws)
    plan = plan_build(ws, config, only)
    manifest = Manifest.load(ws.output_dir, ws.templates_dir)
    if shard:
        plan = [t for t in plan if shard.holds(manifest.key(t.outputs[0][1]) or t.outputs[0][1].name)]
    fonts = _theme_fonts(plan)
    digests = [{path: file_digest(t, fmt) for fmt, path in t.outputs} for t in plan]
    # each target renders only its files that are not up to date
    todo = {}
    for index, target in enumerate(plan):
        stale = tuple((fmt, path) for fmt, path in target.outputs
                      if force or not manifest.is_current(path, digests[index][path]))
        if stale:
            todo[index] = dataclasses.replace(target, outputs=stale)
    total, finished = len(todo), 0
    if progress:
        progress(0, total, None)

    def done(target: Target) -> None:
        nonlocal finished
        finished += 1
        if progress:
            progress(finished, total, target)

    rendered = render_all(list(todo.values()), setting(ws), jobs or default_jobs(), done, limits)
    made = dict(zip(todo, rendered))  # results come back in plan order, whichever worker made them
    written = {w.path: w for w in write_files(rendered)}
    result = BuildResult()
    for index, target in enumerate(plan):
        item = made.get(index)
        reads = (list(item.reads) if item else []) + fonts.get(target.material.theme.name, [])
        for fmt, path in target.outputs:
            record = written.get(path)
            if record is None:
                result.files.append(_current(manifest, path))
                continue
            result.files.append(record)
            manifest.record(path, digests[index][path], reads,
                            {"format": record.format, "pages": record.pages, "page": record.page})
    if prune:
        result.removed = _prune(ws, manifest, config, shard)
    if config.campaign.get("sheet") is True and not shard and not only:
        from generator.campaign.sheet import contact_sheet

        # the sheet shows the whole campaign: remade when any file was, or when it is missing
        if rendered or result.removed or not (ws.output_dir / "contact-sheet.pdf").exists():
            result.files += [dataclasses.replace(w, status="written") for w in contact_sheet(ws, plan, limits)]
    if rendered or result.removed or not (ws.output_dir / ".presswork-manifest.json").exists():
        ws.output_dir.mkdir(parents=True, exist_ok=True)
        manifest.save()
    return result


def _current(manifest: Manifest, path: Path) -> Written:
    info = manifest.files.get(manifest.key(path) or "", {}).get("info", {})
    return Written(path, info.get("format", path.suffix.lstrip(".")), info.get("pages", 0), info.get("page", ""),
                   status="up to date")


def _theme_fonts(plan: list[Target]) -> dict[str, list[str]]:
    """The font files each theme of the plan prints with, found once per build."""
    themes = {t.material.theme.name: t.material.theme for t in plan}
    return {name: font_files(list(theme.fonts.values())) for name, theme in themes.items()}


def _prune(ws: Workspace, manifest: Manifest, config, shard: Shard | None) -> list[Path]:
    """Remove the files presswork made before that the whole campaign no longer makes (in this shard)."""
    made = {manifest.key(path) for t in plan_build(ws, config) for _, path in t.outputs}
    removed = []
    for key in sorted(set(manifest.files) - made):
        path = ws.output_dir / key
        if shard and not shard.holds(key):
            continue
        if path.is_file() and not path.is_symlink():
            os.remove(path)
            removed.append(path)
        manifest.forget(key)
    return removed


def render(ws: Workspace, kind: str, selection: Selection, options: RenderOptions,
           output: str | Path | None = None, fmt: str | None = None, dpi: int = 150,
           name: str | None = None, data: str | Path | None = None, sheet: str | None = None,
           limits: Limits = Limits()) -> list[Written]:
    """One material to one format (one per row with `data`), through the same plan -> render -> write
    (and bounds) as a build."""
    targets = plan_single(ws, kind, selection, options, output, fmt, dpi, name, data=data, sheet=sheet)
    return write_files(render_all(targets, setting(ws), default_jobs(), limits=limits))


def campaign_limits(ws: Workspace, timeout: int | None = None, max_memory: int | None = None) -> Limits:
    """The render bounds: the command line's, else [campaign]'s timeout and max_memory, else the defaults."""
    table = ws.config.get("campaign", {}) if isinstance(ws.config.get("campaign"), dict) else {}
    for key in ("timeout", "max_memory"):
        # the single commands do not read the whole presswork.toml, so its bounds are checked here too
        if key in table and (issue := check_value(BY_NAME_LIMITS[key], table[key])) is not None:
            raise ConfigError(Problem(f"[campaign]: {key}: {issue.message}", "presswork.toml", fix=issue.fix))
    timeout = timeout if timeout is not None else table.get("timeout", DEFAULT_TIMEOUT_S)
    max_memory = max_memory if max_memory is not None else table.get("max_memory", DEFAULT_MAX_MEMORY_MB)
    return Limits(timeout_s=timeout, max_memory_mb=max_memory)
