"""The single-material commands, poster, handout and bulletin, their options generated from the one options table."""

from __future__ import annotations

import click

from generator.cli.app import cli, report, selection_options, workspace
from generator.materials.options import FORMATS, LIMIT_OPTIONS, Option, options_for


def click_option(option: Option):
    """A Click option from a row of the options table: its type, range, choices and help."""
    names = [f"{option.cli_flag}/{option.off_flag}" if option.off_flag else option.cli_flag, option.name]
    kwargs: dict = {"help": option.help, "metavar": option.metavar}
    if option.limit:
        # no Click default, so presswork.toml's [campaign] value can apply when the flag is not given
        return click.option(*names, type=click.IntRange(*option.range), metavar=option.metavar,
                            help=f"{option.help} Default: {option.default}, or [campaign]'s {option.name}.")
    if option.type is bool:
        if option.off_flag:
            kwargs["default"] = option.default
            kwargs["show_default"] = option.default is not None
        else:
            kwargs["is_flag"] = True
    elif option.type is list:
        kwargs["multiple"] = True
    else:
        if option.range is not None:
            kwargs["type"] = click.IntRange(*option.range)
        elif option.choices is not None:
            kwargs["type"] = click.Choice(option.choices)
        elif option.type is int:
            kwargs["type"] = int
        if option.default is not None:
            kwargs["default"] = option.default
            kwargs["show_default"] = True
    return click.option(*names, **kwargs)


def limit_options(func):
    """--timeout and --max-memory, from the options table's render bounds."""
    for option in reversed(LIMIT_OPTIONS):
        func = click_option(option)(func)
    return func


def render_options(kind: str):
    """-o/--format, then every option of the table that `kind` takes, in the table's order."""

    def decorate(func):
        options = [
            click.option("-o", "--output", type=click.Path(),
                         help="File to write (.pdf, .png, .html, .docx), or DIR/ for one PNG per page. "
                              "Default: output/<kind>-<name>.pdf"),
            click.option("--format", "fmt", type=click.Choice(FORMATS),
                         help="Output format when -o does not say it by its suffix."),
            click.option("--data", type=click.Path(dir_okay=False), metavar="FILE",
                         help="Mail merge: one output per row of this .csv or .xlsx file; text options and -o "
                              "may use {column}, and a column named like an option sets it for its row. "
                              "Default output: output/<kind>-<name>-<row number>.<format>"),
            click.option("--sheet", metavar="NAME", help="The sheet of the --data workbook (default: the first)."),
        ] + [click_option(o) for o in options_for(kind) + LIMIT_OPTIONS]
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def _render_command(kind: str, doc: str):
    @cli.command(kind, help=doc)
    @selection_options
    @render_options(kind)
    @click.pass_context
    def command(ctx: click.Context, selection, output, fmt, data, sheet, dpi, timeout, max_memory, **values):
        from generator.campaign import run
        from generator.campaign.pool import Limits
        from generator.materials.options import render_options as options

        if sheet is not None and data is None:
            raise click.BadOptionUsage("sheet", "--sheet names a sheet of the --data workbook; pass --data FILE too")
        ws = workspace(ctx)
        limits = run.campaign_limits(ws, timeout=timeout, max_memory=max_memory)
        report(ws, run.render(ws, kind, selection, options(values), output, fmt, dpi,
                              data=data, sheet=sheet, limits=limits))

    return command


_render_command("poster", """Render a one-page poster of one passage, the quote set as large as fits.

\b
Example:
  presswork poster -e 2013-06-06-human-life-is-at-stake --pull --size A3 --qr https://example.org
\b
One poster per row of a spreadsheet:
  presswork poster -e 2020-04-life --data units.csv --org "{unit} · Safety Office" -o "output/poster-{unit}.pdf"
""")
_render_command("handout", """Render a study handout: meeting details, numbered excerpts, questions, notes, sign-in sheet.

\b
Example:
  presswork handout --meeting-date 2026-06-12 --venue "Room 301" --sign-in 30
""")
_render_command("bulletin", """Render a bulletin-board sheet: masthead, columns of boxed excerpts, timeline, slogan band.

\b
Example:
  presswork bulletin --issue 6 --size A3 --landscape
""")
