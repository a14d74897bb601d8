"""Data files for a mail merge: CSV/TSV (UTF-8, with or without BOM) and XLSX sheets read into rows, within limits.

Spreadsheets are untrusted: a file is refused before parsing when it is too big (an .xlsx also
when it unpacks too big), reading stops at the row and column limits, a formula never calculated
or a cell showing an error is refused, and any failure of the parser on a broken file becomes a
Problem naming the file. Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import ConfigError, Problem

MAX_BYTES = 20 * 1024 * 1024             # a data file, as stored
MAX_UNPACKED = 200 * 1024 * 1024         # an .xlsx's parts unpacked, as its zip directory declares them
MAX_PARTS = 10_000                       # files inside an .xlsx
MAX_ROWS = 100_000                       # data rows, after the header
MAX_COLUMNS = 200
MAX_CELL = 10_000                        # characters in one cell
MAX_SHEET_ROW = 1_048_576                # Excel's last row: a sheet claiming more is not a real one
MAX_REPORTED = 100                       # problems listed per data file; the rest are counted
SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")
SPREADSHEETS = (".xlsx", ".xlsm")
XLSX_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")


@dataclass(frozen=True, slots=True)
class Row:
    number: int               # as a spreadsheet shows it
    values: dict[str, str]    # column -> text, every column of the header


@dataclass(frozen=True, slots=True)
class Table:
    file: str                 # as messages name it
    columns: tuple[str, ...]
    header_row: int
    rows: tuple[Row, ...]


class SheetError(ConfigError):
    """The sheet asked for is not in the workbook: reported at the `sheet` key, not in the file."""


def read_table(path: Path, file: str, sheet: str | None = None) -> Table:
    """Every row of a .csv/.tsv (UTF-8, BOM or not) or an .xlsx sheet (the first, or `sheet`)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ConfigError(Problem(f"cannot be read: {exc.strerror}", file)) from None
    if size > MAX_BYTES:
        raise ConfigError(Problem(f"is {size / 1024 / 1024:.1f} MB, more than the {MAX_BYTES // 1024 // 1024} MB "
                                  "a data file may have", file, fix="split it, or keep only the columns you merge"))
    if path.suffix.lower() in SPREADSHEETS:
        cells = _xlsx_cells(path, file, sheet)
    else:
        if sheet is not None:
            raise SheetError(Problem(f"{file} is a CSV file, which has no sheets",
                                     fix="remove sheet, or point data at an .xlsx workbook"))
        cells = _csv_cells(path, file)
    return _table(cells, file)


def _csv_cells(path: Path, file: str) -> Iterator[tuple[int, list[str]]]:
    with open(path, "rb") as fh:
        raw = fh.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ConfigError(Problem(f"is more than {MAX_BYTES // 1024 // 1024} MB", file))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ConfigError(Problem("is not UTF-8 text", file, line,
                                  'save it as "CSV UTF-8", or as an .xlsx workbook')) from None
    first = next((ln for ln in io.StringIO(text) if ln.strip()), "")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else max(",;\t", key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            yield number, record
    except csv.Error as exc:
        raise ConfigError(Problem(f"is not a readable CSV file: {exc}", file, number + 1,
                                  "check the quotes on this row")) from None


def _xlsx_cells(path: Path, file: str, sheet: str | None) -> Iterator[tuple[int, list[Any]]]:
    broken = Problem("cannot be read as an Excel workbook", file,
                     fix="open it in Excel or LibreOffice and save it again as .xlsx, or save it as CSV UTF-8")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ConfigError(broken) from None
    unpacked = sum(p.file_size for p in parts)
    if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED:
        raise ConfigError(Problem(f"unpacks to {unpacked / 1024 / 1024:.0f} MB in {len(parts)} parts, more than a "
                                  f"data file may ({MAX_UNPACKED // 1024 // 1024} MB, {MAX_PARTS} parts)", file,
                                  fix="keep only the sheet and the columns you merge"))
    import openpyxl

    # A broken or hostile workbook can make openpyxl fail in many ways (KeyError, TypeError, XML
    # errors...): any failure of the parser is this file's problem, never a traceback.
    try:
        formulas_too = _has_formulas(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it ignores
            values = openpyxl.load_workbook(path, read_only=True, data_only=True)
            formulas = openpyxl.load_workbook(path, read_only=True, data_only=False) if formulas_too else None
    except Exception:
        raise ConfigError(broken) from None
    try:
        names = values.sheetnames
        if sheet is not None and sheet not in names:
            raise SheetError(Problem(f"{file} has no sheet '{sheet}'", fix="its sheets: " + ", ".join(names)))
        name = sheet if sheet is not None else next((ws.title for ws in values.worksheets), None)
        if name is None or not hasattr(values[name], "iter_rows"):
            raise ConfigError(Problem(f"sheet '{name}' holds no table" if name else "holds no sheet", file,
                                      fix="choose a sheet of rows and columns with sheet = \"NAME\""))
        yield from _sheet_rows(values[name], formulas[name] if formulas else None, file)
    except ConfigError:
        raise
    except Exception:
        raise ConfigError(broken) from None
    finally:
        values.close()
        if formulas:
            formulas.close()


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(path: Path) -> bool:
    """Whether any sheet holds a formula: only then is the workbook read a second time for them."""
    with zipfile.ZipFile(path) as archive:
        for part in archive.infolist():
            if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                with archive.open(part) as fh:
                    tail = b""
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        if _FORMULA_TAG.search(tail + chunk):
                            return True
                        tail = chunk[-16:]
    return False


def _sheet_rows(values, formulas, file: str) -> Iterator[tuple[int, list[Any]]]:
    """Cell values row by row, in step with the same cells' formulas when the workbook has any, so a
    formula never calculated (no cached value: a program wrote the file, Excel never saved it) is an
    error, not a blank."""
    for sheet in (values, formulas):
        if sheet is not None:
            sheet.reset_dimensions()  # a wrong <dimension> must not hide rows
    rows = values.iter_rows(min_row=1, min_col=1, values_only=True)
    sources = formulas.iter_rows(min_row=1, min_col=1, values_only=True) if formulas else iter(lambda: (), None)
    for number, (cells, source) in enumerate(zip(rows, sources), start=1):
        if number > MAX_SHEET_ROW:
            raise ConfigError(Problem(f"has rows past row {MAX_SHEET_ROW}", file, fix="it is not a real sheet"))
        row: list[Any] = list(cells)
        for i, cell in enumerate(row):
            if cell is None and i < len(source) and source[i] is not None:
                row[i] = _Formula(str(source[i]))
        yield number, row


@dataclass(frozen=True, slots=True)
class _Formula:
    """A formula cell with no calculated value."""

    text: str


def _text(cell: Any) -> str:
    """A cell as the spreadsheet shows it."""
    import datetime as dt

    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else repr(cell)
    if isinstance(cell, dt.datetime):
        if (cell.hour, cell.minute, cell.second) == (0, 0, 0):
            return cell.date().isoformat()
        return cell.strftime("%Y-%m-%d %H:%M" if cell.second == 0 else "%Y-%m-%d %H:%M:%S")
    if isinstance(cell, dt.time):
        return cell.strftime("%H:%M" if cell.second == 0 else "%H:%M:%S")
    return str(cell).strip()


def _table(cells: Iterable[tuple[int, list[Any]]], file: str) -> Table:
    problems: list[Problem] = []
    header: list[str] | None = None
    header_row = 0
    rows: list[Row] = []
    for number, raw in cells:
        last = max((i for i, c in enumerate(raw) if c is not None and c != ""), default=-1)
        if last < 0:
            continue  # blank rows are skipped, but keep their number
        if header is None:
            header, header_row = _header(raw[:last + 1], number, file), number
            continue
        if len(rows) >= MAX_ROWS:
            raise ConfigError(Problem(f"has more than {MAX_ROWS:,} rows", file, number,
                                      fix="split it into several files"))
        values: dict[str, str] = {}
        for i, cell in enumerate(raw[:last + 1]):
            column = header[i] if i < len(header) else ""
            where = f"column '{column}'" if column else f"column {_letter(i)}"
            if isinstance(cell, _Formula):
                problems.append(Problem(f"{where}: the formula {cell.text} was never calculated", file, number,
                                        "open the file in Excel or LibreOffice and save it, or paste the values"))
                continue
            if isinstance(cell, str) and cell in XLSX_ERRORS:
                problems.append(Problem(f"{where}: the cell shows the error {cell}", file, number,
                                        "correct the formula, or type the value"))
                continue
            text = _text(cell)
            if len(text) > MAX_CELL:
                problems.append(Problem(f"{where}: has {len(text):,} characters, more than {MAX_CELL:,}", file,
                                        number, "shorten it"))
            elif column:
                values[column] = text
            elif text:
                problems.append(Problem(f"{where}: has a value and no header", file, number,
                                        "give the column a name in row " f"{header_row}, or clear the cell"))
        rows.append(Row(number, {c: values.get(c, "") for c in header if c}))
    if header is None:
        raise ConfigError(Problem("is empty: it has no header row", file,
                                  fix="put the column names in the first row, e.g. unit,code"))
    if problems:
        raise ConfigError(capped(problems, file))
    if not rows:
        # a merge of no rows would make nothing and say nothing
        raise ConfigError(Problem("has a header and no rows", file, header_row,
                                  fix="add a row for each unit below the header"))
    return Table(file, tuple(c for c in header if c), header_row, tuple(rows))


def _header(cells: list[Any], number: int, file: str) -> list[str]:
    if len(cells) > MAX_COLUMNS:
        raise ConfigError(Problem(f"has {len(cells)} columns, more than {MAX_COLUMNS}", file, number,
                                  fix="keep only the columns you merge"))
    names = [_text(c) if not isinstance(c, _Formula) else "" for c in cells]
    seen: dict[str, int] = {}
    problems = []
    for i, name in enumerate(names):
        if name in seen:
            problems.append(Problem(f"column '{name}': is in the header twice (columns {_letter(seen[name])} and "
                                    f"{_letter(i)})", file, number, "give each column its own name"))
        elif name:
            seen[name] = i
    if problems:
        raise ConfigError(problems)
    return names


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def capped(problems: list[Problem], file: str) -> list[Problem]:
    """At most MAX_REPORTED problems of one data file, and a line counting the rest."""
    if len(problems) <= MAX_REPORTED:
        return problems
    more = len(problems) - MAX_REPORTED
    return problems[:MAX_REPORTED] + [Problem(f"and {more:,} more problem{'s' if more > 1 else ''} like these", file)]
