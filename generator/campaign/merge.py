"""Mail merge: {column} placeholders, the data file's place in the workspace, and a table's rows made into materials' values.

One mechanism for presswork.toml and the single commands: a row's text fills the placeholders of
the material's text keys and file name, and a column named like an option of the table sets
that option for its row, coerced and judged by materials/options.py like any other value.
Reading the file itself (limits, CSV, XLSX) is data_files.py's job.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.campaign.data_files import SUFFIXES, Row, Table, capped
from generator.content.text import slugify
from generator.errors import Problem
from generator.materials.options import BY_NAME, OPTIONS, Issue, Option, check_value, coerce_text

# The options that are text to print, so they may hold placeholders; size, theme and lang pick
# something and come from a column of their own name instead.
TEXT_KEYS = tuple(o.name for o in OPTIONS if o.type in (str, list) and o.choices is None
                  and o.name not in ("size", "theme"))


# ---- placeholders ------------------------------------------------------------------------------

@lru_cache(maxsize=1024)
def parse(template: str) -> tuple[tuple[bool, str], ...]:
    """`poster-{unit}` -> ((False, 'poster-'), (True, 'unit')); `{{` and `}}` are literal braces.

    Only a column name can stand between braces: no attribute, index or format spec is read, so
    untrusted text can never reach Python objects (this is not str.format). ValueError on a stray brace.
    """
    parts: list[tuple[bool, str]] = []
    literal: list[str] = []
    i = 0
    while i < len(template):
        c = template[i]
        if template.startswith(("{{", "}}"), i):
            literal.append(c)
            i += 2
        elif c == "{":
            end = template.find("}", i + 1)
            inner = template[i + 1:end] if end >= 0 else ""
            if end < 0 or "{" in inner:
                raise ValueError(f"the '{{' at character {i + 1} is never closed")
            if not inner.strip():
                raise ValueError("'{}' names no column")
            if literal:
                parts.append((False, "".join(literal)))
                literal = []
            parts.append((True, inner))
            i = end + 1
        elif c == "}":
            raise ValueError(f"the '}}' at character {i + 1} closes nothing")
        else:
            literal.append(c)
            i += 1
    if literal:
        parts.append((False, "".join(literal)))
    return tuple(parts)


def placeholders(template: str) -> tuple[str, ...]:
    """The column names a text uses, in order, each once (ValueError on a stray brace)."""
    return tuple(dict.fromkeys(text for is_name, text in parse(template) if is_name))


def fill(template: str, values: dict[str, str], slug: bool = False) -> str:
    """The text with each {column} replaced by the row's value (slugged, for file names)."""
    return "".join((slugify(values[text], max_words=10) if slug else values[text]) if is_name else text
                   for is_name, text in parse(template))


BRACES_FIX = "write {{ and }} for a brace that is not a placeholder"


def text_problem(value: Any, merging: bool, add_data: str) -> tuple[str, str] | None:
    """What is wrong with a text key's placeholders, if anything: a stray brace, or a {column}
    on a material without data (`add_data` says how to give it some)."""
    for text in value if isinstance(value, (list, tuple)) else [value]:
        if not isinstance(text, str):
            continue
        try:
            columns = placeholders(text)
        except ValueError as exc:
            return str(exc), BRACES_FIX
        if columns and not merging:
            return f"{{{columns[0]}}} is a column of a data file, and there is none", f"{add_data}, or {BRACES_FIX}"
    return None


# ---- where the data file is --------------------------------------------------------------------

def workspace_file(root: Path, value: str) -> Path:
    """The data file `value` names inside the workspace; ValueError(message, fix) when it is not one."""
    example = 'e.g. data = "content/units.csv"'
    if not value.strip():
        raise ValueError("is empty", example)
    if value.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", value) or Path(value).is_absolute():
        raise ValueError(f"'{value}' is an absolute path; data must be a file inside the workspace", example)
    root = root.resolve()
    path = (root / value).resolve()
    if ".." in Path(value).parts or not path.is_relative_to(root):
        raise ValueError(f"'{value}' leads outside the workspace", "keep the data file in the workspace, " + example)
    if path.suffix.lower() not in SUFFIXES:
        raise ValueError(f"cannot read {path.suffix or 'a file without a suffix'} files",
                         "save it as CSV UTF-8 (.csv) or an Excel workbook (.xlsx)")
    return path


# ---- merging -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Merged:
    """One row made ready for its material: the option values with placeholders filled and the
    row's option columns applied, and the names (file name templates) filled with slugs."""

    row: Row | None           # None: a material with no data
    values: dict[str, Any]
    names: dict[str, str]


def merge_rows(table: Table, kind: str, values: dict[str, Any], names: dict[str, str], who: str,
               spell: Callable[[str], str] = lambda key: key,
               semantic: Callable[[dict[str, Any]], Callable[[Option, Any], Issue | None]] | None = None,
               ) -> tuple[list[Merged], list[Problem]]:
    """Every row of `table` for one material, and every problem of every row.

    `values` are the material's checked options (text ones may hold placeholders); `names` are
    templates filled with slugged values (the material's name, or -o). A column named like an
    option that `kind` takes sets it for its row; an empty cell leaves the material's own value.
    `who` names the material in messages, `spell` a key as the user wrote it (sign_in, --sign-in).
    """
    file, columns = table.file, set(table.columns)
    uses: dict[str, list[str]] = {}  # column -> the keys that need it
    for key, template in [*((k, v) for k, v in values.items() if k in TEXT_KEYS), *names.items()]:
        for text in (template if isinstance(template, (list, tuple)) else (template,)):
            if isinstance(text, str):
                for column in placeholders(text):
                    uses.setdefault(column, [])
                    if spell(key) not in uses[column]:
                        uses[column].append(spell(key))
    problems = []
    for column, keys in uses.items():
        if column not in columns:
            close = difflib.get_close_matches(column, table.columns, n=1)
            hint = f"did you mean {{{close[0]}}}? " if close else ""
            problems.append(Problem(f"column '{column}': is not in the header, and {who} uses it in {_and(keys)}",
                                    file, table.header_row, f"{hint}the columns are: {', '.join(table.columns)}"))
    fillable = all(column in columns for column in uses)
    option_columns = [BY_NAME[c] for c in table.columns if c in BY_NAME and kind in BY_NAME[c].kinds]
    merged = []
    for row in table.rows:
        found = [Problem(f"column '{column}': is empty, and {who} uses it in {_and(keys)}", file, row.number,
                         "fill it in, or delete the row")
                 for column, keys in uses.items() if column in columns and not row.values[column]]
        own = {k: _fill_value(v, row.values) if fillable and k in TEXT_KEYS else v for k, v in values.items()}
        given = []  # the option columns this row sets: a cell is data, its braces are not placeholders
        for option in option_columns:
            if text := row.values[option.name]:
                try:
                    own[option.name] = coerce_text(option, text)
                    given.append(option)
                except ValueError as exc:
                    issue = check_value(option, text)
                    found.append(Problem(f"column '{option.name}': {exc}", file, row.number,
                                         issue.fix if issue else None))
        # judged once the whole row is in: a size is checked against the row's own orientation
        extra = semantic(own) if semantic else None
        for option in given:
            if issue := check_value(option, own[option.name], kind, extra):
                found.append(Problem(f"column '{option.name}': {issue.message}", file, row.number, issue.fix))
        problems += found
        if not problems:
            merged.append(Merged(row, own, {k: fill(t, row.values, slug=True) for k, t in names.items()}))
    return merged, capped(problems, file)


def _fill_value(value: Any, row: dict[str, str]) -> Any:
    if isinstance(value, str):
        return fill(value, row)
    if isinstance(value, (list, tuple)):
        return tuple(fill(v, row) for v in value)
    return value


def unescape(value: Any) -> Any:
    """A text with no placeholders as it prints: `{{` and `}}` become single braces."""
    return _fill_value(value, {})


def unescape_all(values: dict[str, Any]) -> dict[str, Any]:
    """A material's values with no data: its text keys as they print."""
    return {k: unescape(v) if k in TEXT_KEYS else v for k, v in values.items()}


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
