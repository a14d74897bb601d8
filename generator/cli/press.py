"""The press commands, tile and booklet: a PDF presswork (or anyone) wrote, made ready for an office printer."""

from __future__ import annotations

import re
from pathlib import Path

import click

from generator.cli.app import cli

_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)?\s*$", re.IGNORECASE)
_MM_PER = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}


class Length(click.ParamType):
    """`10mm`, `1cm`, `0.4in` or a bare number of millimetres, as millimetres, within a range."""

    name = "length"

    def __init__(self, low: float, high: float):
        self.low, self.high = low, high

    def convert(self, value, param, ctx):
        if isinstance(value, float):
            return value
        m = _LENGTH.match(str(value))
        if not m:
            self.fail(f"'{value}' is not a length (write it like 10mm, 1cm or 0.4in)", param, ctx)
        mm = float(m[1]) * _MM_PER[(m[2] or "mm").lower()]
        if not self.low <= mm <= self.high:
            self.fail(f"{value} is out of range (use {self.low:g} to {self.high:g} mm)", param, ctx)
        return mm


class Percent(click.ParamType):
    """`50%` or `50`, as a factor (0.5), within a range."""

    name = "percent"

    def __init__(self, low: float, high: float):
        self.low, self.high = low, high

    def convert(self, value, param, ctx):
        if isinstance(value, float):
            return value
        m = re.match(r"^\s*(\d+(?:\.\d+)?)\s*%?\s*$", str(value))
        if not m:
            self.fail(f"'{value}' is not a percentage (write it like 50%)", param, ctx)
        factor = float(m[1]) / 100
        if not self.low <= factor <= self.high:
            self.fail(f"{value} is out of range (use {self.low * 100:g}% to {self.high * 100:g}%)", param, ctx)
        return factor


def _read_pdf(path: Path) -> bytes:
    from generator.errors import Problem
    from generator.press.document import PressError

    try:
        return path.read_bytes()
    except OSError as exc:
        raise PressError(Problem(f"cannot be read: {exc.strerror}", file=str(path))) from None


def _output(source: Path, output: Path | None, suffix: str) -> Path:
    """The output path: beside the source unless -o says otherwise, and never the source itself."""
    target = output or source.with_name(f"{source.stem}-{suffix}.pdf")
    if target.resolve() == source.resolve():
        raise click.BadParameter("is the input file; choose another name so the original stays", param_hint="-o")
    return target


_PDF = click.Path(exists=True, dir_okay=False, path_type=Path)


@cli.command()
@click.argument("file", type=_PDF)
@click.option("--onto", type=click.Choice(["A4", "letter"], case_sensitive=False), default="A4", show_default=True,
              metavar="A4|letter", help="The printer's paper.")
@click.option("--overlap", type=Length(5, 50), default="10mm", show_default=True, metavar="LENGTH",
              help="How far neighbouring sheets overlap: the glue strip (5 to 50 mm).")
@click.option("--scale", type=Percent(0.1, 10), default="100%", show_default=True, metavar="P%",
              help="Print the page this much of its size, e.g. 50% to make an A1 poster A2-sized.")
@click.option("--margin", type=Length(0, 25), default="6mm", show_default=True, metavar="LENGTH",
              help="The edge your printer cannot print on; nothing is drawn there.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write. Default: FILE-tiled-A4.pdf (or -letter) beside FILE.")
def tile(file: Path, onto: str, overlap: float, scale: float, margin: float, output: Path | None) -> None:
    """Split a large PDF page onto A4 or letter sheets to print, cut and glue.

    Each page gets an assembly map, then one sheet per tile: the picture as vector (text stays text),
    a hatched glue strip where the next sheet overlaps, dashed cut lines, registration targets and a
    label such as B2 (row B, column 2). The grid and the sheets' orientation use the fewest sheets.

    \b
    Example:
      presswork tile output/poster-red-line.pdf --onto A4 --overlap 10mm
    """
    from generator.outputs import write_atomic
    from generator.press.tile import tile_document
    from generator.press.tile_plan import sheet_key

    onto = sheet_key(onto)
    target = _output(file, output, f"tiled-{onto}")
    tiled = tile_document(_read_pdf(file), onto, overlap, scale, margin, name=str(file))
    write_atomic(target, tiled.pdf)
    click.echo(f"Wrote {target} ({tiled.pages} pages: {tiled.describe()})")


@cli.command()
@click.argument("file", type=_PDF)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write. Default: FILE-booklet.pdf beside FILE.")
def booklet(file: Path, output: Path | None) -> None:
    """Impose a handout as a folded booklet: pages 2-up in saddle-stitch order on sheets twice their size.

    A5 pages go onto A4 landscape, A4 onto A3, letter onto tabloid; the page count is padded with blank
    pages to a multiple of 4. Print both sides, flipping on the short edge, fold the stack and staple.

    \b
    Example:
      presswork booklet output/handout-sample.pdf
    """
    from generator.outputs import write_atomic
    from generator.press.booklet import booklet_document

    target = _output(file, output, "booklet")
    result = booklet_document(_read_pdf(file), name=str(file))
    write_atomic(target, result.pdf)
    click.echo(f"Wrote {target} ({result.sides} pages: {result.describe()})")
