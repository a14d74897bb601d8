"""Commands for a whole campaign: build, init, eject, list."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.app import cli, workspace as _workspace
from generator.cli.render import limit_options


@cli.command()
@click.argument("names", nargs=-1)
@click.option("-j", "--jobs", type=click.IntRange(1, 256), metavar="N",
              help="Render in N worker processes (default: the number of cores).")
@click.option("--force", is_flag=True, help="Render every file again, even those that are up to date.")
@click.option("--prune", is_flag=True, help="Remove files presswork made before that the campaign no longer makes.")
@click.option("--shard", metavar="K/N", help="Build only the K-th of N slices of the campaign (for CI matrices).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print a line for each file as it is written.")
@limit_options
@click.pass_context
def build(ctx: click.Context, names: tuple[str, ...], jobs: int | None, force: bool, prune: bool,
          shard: str | None, quiet: bool, verbose: bool, timeout: int | None, max_memory: int | None) -> None:
    """Build the campaign's materials listed as [[materials]] in presswork.toml (all, or NAMES).

    Only files whose inputs changed are made again; the table says which were written and which
    were up to date.

    \b
    Example:
      presswork build poster handout
      presswork build -j 2 --prune
      presswork build --shard 1/4
    """
    from generator.campaign import run
    from generator.cli.progress import Progress
    from generator.console import format_table

    ws = _workspace(ctx)
    with Progress(enabled=not quiet) as bar:
        result = run.build(ws, names, jobs=jobs, force=force, prune=prune,
                           shard=run.Shard.parse(shard) if shard else None, progress=bar.update,
                           limits=run.campaign_limits(ws, timeout=timeout, max_memory=max_memory))
    if quiet:
        return
    for item in result.files:
        for warning in item.warnings:
            click.echo(f"Warning: {item.path.name}: {warning}", err=True)
        if verbose and item.status == "written":
            click.echo(f"Wrote {ws.display(item.path)}", err=True)
    for path in result.removed:
        click.echo(f"Removed {ws.display(path)}", err=True)
    rows = [[ws.display(w.path), w.format, str(w.pages or "-"), w.page, w.status] for w in result.files]
    click.echo(format_table(["file", "format", "pages", "page", "status"], rows, max_width=200, right=(2,)))
    made, current = len(result.written), len(result.files) - len(result.written)
    click.echo(f"{made} written, {current} up to date" + (f", {len(result.removed)} removed" if result.removed else ""))


@cli.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite the sample files that already exist.")
@click.pass_context
def init(ctx: click.Context, directory: Path | None, force: bool) -> None:
    """Start a workspace in DIRECTORY (default: the --workspace folder): a commented presswork.toml,
    an English and a Chinese sample collection, a sample article and a .gitignore.

    Existing files are kept unless you pass --force.

    \b
    Example:
      presswork init fire-safety-month
      cd fire-safety-month && presswork build
    """
    from generator.campaign.scaffold import init_workspace

    root = directory if directory is not None else Path(ctx.find_root().obj)
    done = init_workspace(root, force)
    for path in done.written:
        click.echo(f"Wrote {path}")
    for path in done.skipped:
        click.echo(f"Skipped {path}: it exists (pass --force to overwrite it)")
    if done.written:
        where = "" if root.resolve() == Path.cwd().resolve() else f"-w {_quoted(root)} "
        click.echo(f"Next: edit presswork.toml and content/, then run `presswork {where}build`")


@cli.command()
@click.argument("names", nargs=-1)
@click.pass_context
def eject(ctx: click.Context, names: tuple[str, ...]) -> None:
    """Copy built-in templates, stylesheets, themes and reference.docx into templates/ to edit them.

    NAMES are paths inside templates/ (base.html.j2, poster.css, themes/mono.toml, reference.docx, ...);
    with none, every built-in is copied. A file already in templates/ is never overwritten.

    \b
    Example:
      presswork eject poster.html.j2 themes/mono.toml
    """
    from generator.campaign.scaffold import eject as eject_resources, open_folder

    ws = open_folder(ctx.find_root().obj)
    done = eject_resources(ws, names)
    for path in done.written:
        click.echo(f"Wrote {ws.display(path)}")
    for path in done.skipped:
        click.echo(f"Skipped {ws.display(path)}: it exists (delete it first to eject the built-in again)")


@cli.group("list")
def list_() -> None:
    """Show what is available: themes, page sizes, or the materials presswork.toml makes.

    \b
    Example:
      presswork list themes
    """


@list_.command()
@click.pass_context
def themes(ctx: click.Context) -> None:
    """Themes, from the workspace's templates/themes/ and the built-ins: name, description, where from.

    \b
    Example:
      presswork list themes
    """
    from generator.campaign.scaffold import open_folder
    from generator.console import format_table
    from generator.errors import ConfigError, PressworkError
    from generator.materials.themes import load_theme

    ws = open_folder(ctx.find_root().obj)
    resources = ws.resources
    rows, problems = [], []
    for name in resources.theme_names():
        try:
            theme = load_theme(name, resources, ws.display)
        except PressworkError as exc:
            problems += exc.problems
            continue
        where = "workspace" if resources.is_overridden(f"themes/{name}.toml") else "built-in"
        rows.append([name, theme.description or "-", where])
    click.echo(format_table(["theme", "description", "from"], rows, max_width=_width(), shrink=(1,)))
    if problems:
        raise ConfigError(problems)


@list_.command()
def sizes() -> None:
    """Page sizes: name, width × height in millimetres, and the kinds that offer each.

    \b
    Example:
      presswork list sizes
    """
    from generator.console import format_table
    from generator.materials.options import KINDS
    from generator.materials.page import ALLOWED_SIZES, DEFAULT_PAGE, PAGE_SIZES

    rows = []
    for name, (w, h) in PAGE_SIZES.items():
        kinds = [k for k in KINDS if ALLOWED_SIZES[k] is None or name in ALLOWED_SIZES[k]]
        defaults = [f"{k} ({'landscape' if DEFAULT_PAGE[k][1] else 'portrait'})"
                    for k in KINDS if DEFAULT_PAGE[k][0] == name]
        rows.append([name, f"{w:g} × {h:g} mm", ", ".join(kinds), ", ".join(defaults) or "-"])
    rows.append(["WxHmm, WxHin", "your own, 50 mm to 5 m", ", ".join(k for k in KINDS if ALLOWED_SIZES[k] is None),
                 "-"])
    click.echo(format_table(["size", "portrait width × height", "kinds", "default for"], rows, max_width=_width()))


@list_.command()
@click.pass_context
def materials(ctx: click.Context) -> None:
    """The [[materials]] of presswork.toml: kind, page, outputs and the files a build would write.

    Checks presswork.toml as `presswork build` does, without rendering anything.

    \b
    Example:
      presswork list materials
    """
    from generator.campaign.config import read_config
    from generator.campaign.plan import plan_build
    from generator.console import format_table

    ws = _workspace(ctx)
    config = read_config(ws)
    targets = plan_build(ws, config)
    rows = []
    for entry in config.entries:
        mine = [t for t in targets if t.source == entry.name]
        files = [ws.display(path) for t in mine for _, path in t.outputs]
        page = mine[0].material.page.describe().split(" (")[0] if mine else "-"
        lead = [entry.name, entry.kind, page, ", ".join(entry.outputs)]
        for i, file in enumerate(files or ["-"]):
            rows.append((lead if i == 0 else ["", "", "", ""]) + [file])
    click.echo(format_table(["material", "kind", "page", "outputs", "files"], rows, max_width=_width()))


def _width() -> int:
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


def _quoted(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))
