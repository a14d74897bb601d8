"""The `presswork sheet` command: the campaign's contact sheet."""

from __future__ import annotations

import click

from generator.cli.app import cli, report, workspace as _workspace


@cli.command()
@click.pass_context
def sheet(ctx: click.Context) -> None:
    """Make output/contact-sheet.pdf and .png: a labelled thumbnail of every page of every PDF
    the campaign in presswork.toml makes, to check a whole campaign at a glance.

    Run it after `presswork build`; a file not built yet gets an empty cell and a warning.

    \b
    Example:
      presswork build && presswork sheet
    """
    from generator.campaign.sheet import contact_sheet

    ws = _workspace(ctx)
    report(ws, contact_sheet(ws))
