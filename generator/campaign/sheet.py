"""The campaign's contact sheet: every PDF the plan makes, read from output/, onto output/contact-sheet.pdf and .png.

A file the plan makes but output/ does not hold yet gets an empty cell saying so, and a
warning, so a partial build (one material, one shard) still gets a sheet of what is there.
The sheet renders in a child process under the build's time and memory limits: its template
may be a workspace's own.
"""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator.campaign.config import read_config
from generator.campaign.plan import Target, campaign_table, plan_build, theme_for
from generator.campaign.pool import Limits
from generator.content.workspace import CONFIG_NAME, Workspace
from generator.errors import OutputError, PressworkError, Problem, RenderError
from generator.outputs import write_atomic
from generator.writers.contact_sheet import SheetFile, write_contact_sheet
from generator.writers.render import Setting

if TYPE_CHECKING:
    from generator.campaign.run import Written

SHEET_NAME = "contact-sheet"


def sheet_paths(ws: Workspace) -> dict[str, Path]:
    return {fmt: ws.output_dir / f"{SHEET_NAME}.{fmt}" for fmt in ("pdf", "png")}


def campaign_title(ws: Workspace) -> str:
    """[campaign] title, or the one of its language table, or else the workspace folder's name."""
    table = campaign_table(ws)
    lang_tables = [table[lang] for lang in (table.get("lang"), "en", "zh") if isinstance(table.get(lang), dict)]
    for found in [table.get("title")] + [t.get("title") for t in lang_tables]:
        if isinstance(found, str) and found.strip():
            return found.strip()
    return ws.root.name


def sheet_files(ws: Workspace, plan: list[Target]) -> list[SheetFile]:
    """The plan's PDF files in plan order, each labelled by its name in output/."""
    files = []
    for target in plan:
        page = target.material.page
        for fmt, path in target.outputs:
            if fmt != "pdf":
                continue
            path = Path(path)
            try:
                label = path.resolve().relative_to(ws.output_dir.resolve()).as_posix()
            except ValueError:
                label = ws.display(path)
            data = path.read_bytes() if path.is_file() else None
            files.append(SheetFile(label, data, (page.width_mm, page.height_mm)))
    return files


def contact_sheet(ws: Workspace, plan: list[Target] | None = None, limits: Limits = Limits()) -> list[Written]:
    """Write output/contact-sheet.pdf and .png for the campaign (its plan, or the one given); returns
    the two files as campaign.run.Written."""
    # run.py calls this from a build; importing it at the top would make the two modules a cycle
    from generator.campaign.run import Written

    if plan is None:
        plan = plan_build(ws, read_config(ws))
    paths = sheet_paths(ws)
    claimed = {p.resolve() for p in paths.values()}
    for target in plan:
        for _, path in target.outputs:
            if Path(path).resolve() in claimed:
                raise OutputError(Problem(f"material '{target.source}' writes {ws.display(path)}, "
                                          "which is the contact sheet's file", CONFIG_NAME,
                                          fix=f"give the material another name than '{SHEET_NAME}'"))
    files = sheet_files(ws, plan)
    if not files:
        raise OutputError(Problem(f"the campaign in {CONFIG_NAME} makes no PDF files to show",
                                  fix='add "pdf" to a material\'s outputs'))
    missing = [f.label for f in files if f.pdf is None]
    if len(missing) == len(files):
        raise OutputError(Problem(f"none of the campaign's {len(files)} PDF files is in "
                                  f"{ws.display(ws.output_dir)}/ yet", fix="run `presswork build` first"))
    theme = theme_for(ws, None)
    lang = campaign_table(ws).get("lang") or "en"
    pdf, png = _bounded(limits, write_contact_sheet, files, Setting(ws.resources, ws.root), campaign_title(ws),
                        theme, lang if lang in ("en", "zh") else "en")
    notes = pdf.warnings
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        notes = (f"{len(missing)} of {len(files)} files not built yet, shown as empty cells: {shown} "
                 "(run `presswork build`)",) + notes
    written = []
    for artifact, warnings in ((pdf, notes), (png, ())):
        path = write_atomic(paths[artifact.format], artifact.data)
        written.append(Written(path, artifact.format, artifact.pages, artifact.page, warnings))
    return written


def _child(conn, max_memory_mb: int, func, args) -> None:
    try:
        import resource

        limit = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not on this system: the time bound still holds
        pass
    try:
        conn.send(("ok", func(*args)))
    except PressworkError as exc:
        conn.send(("error", (type(exc).__name__, exc.problems)))
    except MemoryError:
        conn.send(("memory", None))
    except BaseException as exc:  # noqa: BLE001 - reported as the sheet's failure, never a hang
        conn.send(("crash", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _bounded(limits: Limits, func, *args):
    """`func(*args)` in a child process, stopped past `limits` (as campaign/pool.py bounds a material)."""
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    conn, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(child, limits.max_memory_mb, func, args), daemon=True)
    process.start()
    child.close()
    try:
        if not conn.poll(limits.timeout_s):
            raise RenderError(Problem(f"the contact sheet took longer than {limits.timeout_s:g} s to render "
                                      "and was stopped", fix="check templates/contact-sheet.html.j2 for long loops"))
        kind, payload = conn.recv()
    except EOFError:
        kind, payload = "memory", None
    finally:
        process.kill()
        process.join()
        conn.close()
    if kind == "ok":
        return payload
    if kind == "error":
        import generator.errors as errors

        name, problems = payload
        raise getattr(errors, name, RenderError)(problems)
    if kind == "memory":
        raise RenderError(Problem(f"the contact sheet needed more than the {limits.max_memory_mb} MB memory limit",
                                  fix="please report it, with how many files and pages the campaign has"))
    raise RenderError(Problem(f"the contact sheet failed: internal error: {payload}",
                              fix="rerun with --debug, and please report it"))
