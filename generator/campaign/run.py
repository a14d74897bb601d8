"""Plan -> render -> write: every artifact rendered before the first file is written, so a failure leaves output/ as it was."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.campaign.config import read_config
from generator.campaign.plan import Target, plan_build, plan_single
from generator.content.selection import Selection
from generator.content.workspace import Workspace
from generator.errors import OutputError, Problem
from generator.materials.options import RenderOptions
from generator.outputs import write_atomic
from generator.writers.render import Artifact, Setting, render_material


@dataclass(frozen=True, slots=True)
class Written:
    """A file this run wrote, as the CLI reports it."""

    path: Path
    format: str
    pages: int
    page: str
    warnings: tuple[str, ...] = ()


def setting(ws: Workspace) -> Setting:
    return Setting(ws.resources, ws.root)


def render_targets(ws: Workspace, targets: list[Target]) -> list[tuple[Path, Artifact]]:
    """Every file of the plan as (path, artifact), in the plan's order; nothing is written here."""
    where = setting(ws)
    files: list[tuple[Path, Artifact]] = []
    for target in targets:
        artifacts = render_material(target.material, target.formats, where, target.dpi, target.png_pages)
        for fmt, path in target.outputs:
            for artifact in artifacts[fmt]:
                files.append((path / f"page-{artifact.part:02d}.png" if artifact.part else path, artifact))
    return files


def write_files(files: list[tuple[Path, Artifact]]) -> list[Written]:
    """Write each file atomically; a path given twice is an error, never a silent overwrite."""
    seen: set[Path] = set()
    for path, _ in files:
        key = Path(path).resolve()
        if key in seen:
            raise OutputError(Problem(f"{path} would be written twice in one run",
                                      fix="give each material its own name or output path"))
        seen.add(key)
    written = []
    for path, artifact in files:
        write_atomic(path, artifact.data)
        written.append(Written(path, artifact.format, artifact.pages, artifact.page, artifact.warnings))
    return written


def build(ws: Workspace, only: tuple[str, ...] = ()) -> list[Written]:
    """`presswork build`: check the whole presswork.toml, plan every target, render them all, then write."""
    targets = plan_build(ws, read_config(ws), only)
    return write_files(render_targets(ws, targets))


def render(ws: Workspace, kind: str, selection: Selection, options: RenderOptions,
           output: str | Path | None = None, fmt: str | None = None, dpi: int = 150,
           name: str | None = None) -> list[Written]:
    """One material to one format, through the same plan -> render -> write as a build."""
    targets = plan_single(ws, kind, selection, options, output, fmt, dpi, name)
    return write_files(render_targets(ws, targets))

