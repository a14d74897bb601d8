"""The Click group, the error edge (PressworkError -> `Error:` lines) and helpers the command modules share."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from generator import __version__
from generator.errors import PressworkError


class _UserError(click.ClickException):
    """Prints each problem on its own `Error:` line, as DESIGN.md's error format asks."""

    def __init__(self, error: PressworkError):
        super().__init__(str(error))
        self.exit_code = error.exit_code
        self.error = error

    def show(self, file=None) -> None:
        for problem in self.error.problems:
            click.echo(f"Error: {problem}", err=True)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PressworkError as exc:
            if ctx.meta.get("presswork.debug"):
                raise
            raise _UserError(exc) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if ctx.meta.get("presswork.debug"):
                raise
            raise click.ClickException(
                f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback, "
                "and please report it)") from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="presswork", message="%(prog)s %(version)s")
@click.option("-w", "--workspace", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Folder holding presswork.toml, content/, templates/ and output/.")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
@click.pass_context
def cli(ctx: click.Context, workspace: Path, debug: bool) -> None:
    """Print-ready posters, study handouts and bulletin-board sheets from excerpt collections.

    \b
    Example:
      presswork excerpts --tag red-line
    """
    ctx.meta["presswork.debug"] = debug
    ctx.obj = workspace


def workspace(ctx: click.Context):
    from generator.content.workspace import Workspace

    return Workspace.open(ctx.find_root().obj)


def selection_options(func):
    """The options every command that takes excerpts shares, folded into one `selection` argument."""

    @click.option("-e", "--excerpt", "refs", multiple=True, metavar="REF",
                  help="Excerpt or passage: ID, ID:PARAGRAPH or ID:PARAGRAPH:S-S (repeatable; order kept).")
    @click.option("-t", "--tag", "tags", multiple=True, help="Only excerpts with this tag (repeatable: any of them).")
    @click.option("--since", metavar="DATE", help="Only excerpts dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
    @click.option("--until", metavar="DATE", help="Only excerpts dated on or before DATE.")
    @click.option("-s", "--search", metavar="TEXT", help="Only excerpts whose text or source contains TEXT (any case).")
    @click.option("--collection", metavar="NAME", help="Use only this collection (a file name in content/, without .yaml).")
    @functools.wraps(func)
    def wrapper(*args, refs, tags, since, until, search, collection, **kwargs):
        from generator.content.selection import Selection

        selection = Selection(tuple(refs), tuple(tags), since, until, search, collection)
        return func(*args, selection=selection, **kwargs)

    return wrapper


def report(ws, written) -> None:
    """What a single command wrote: warnings first, then one `Wrote` line per file."""
    for item in written:
        for warning in item.warnings:
            click.echo(f"Warning: {warning}", err=True)
        pages = f"{item.pages} page{'s' if item.pages != 1 else ''}, " if item.pages else ""
        click.echo(f"Wrote {ws.display(item.path)} ({pages}{item.page})")
