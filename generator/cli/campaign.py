"""Commands for a whole campaign: build, init, eject, list."""

from __future__ import annotations

import click

from generator.cli.app import cli, workspace as _workspace


@cli.command()
@click.argument("names", nargs=-1)
@click.pass_context
def build(ctx: click.Context, names: tuple[str, ...]) -> None:
    """Build the campaign's materials listed as [[materials]] in presswork.toml (all, or NAMES).

    \b
    Example:
      presswork build poster-red-line handout
    """
    from generator.campaign import run
    from generator.console import format_table

    ws = _workspace(ctx)
    written = run.build(ws, names)
    for item in written:
        for warning in item.warnings:
            click.echo(f"Warning: {item.path.name}: {warning}", err=True)
    rows = [[ws.display(w.path), w.format, str(w.pages or "-"), w.page] for w in written]
    click.echo(format_table(["file", "format", "pages", "page"], rows, max_width=200, right=(2,)))
