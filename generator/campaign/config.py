"""presswork.toml -> Config: every key of every table checked (types, values, names), every problem kept with its line."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from generator.content.selection import Selection
from generator.content.text import WINDOWS_RESERVED
from generator.content.workspace import CONFIG_NAME, Workspace
from generator.campaign import merge
from generator.campaign.data_files import SPREADSHEETS
from generator.errors import ConfigError, Problem
from generator.materials.options import BY_NAME, BY_NAME_LIMITS, FORMATS, KINDS, LANGS, Issue, Option, check_value, show_value
from generator.materials.material import CAMPAIGN_TEXT
from generator.materials.page import parse_page

CAMPAIGN_KEYS = {"title": str, "organisation": str, "lang": str, "theme": str, "date": str, "slogan": str,
                 "headline": str, "footer": str}
# [campaign] keys about the build rather than its text: render bounds, and the contact sheet
BUILD_KEYS = ("timeout", "max_memory", "sheet")
# [campaign.en] and [campaign.zh]: the campaign's text for materials of that language
LANG_TABLE_KEYS = CAMPAIGN_TEXT
SELECTION_KEYS = {"excerpts": list, "tags": list, "since": str, "until": str, "search": str, "collection": str}
ENTRY_KEYS = {"name": str, "kind": str, "outputs": list, "per_excerpt": bool}
# a mail merge: one material per row of a CSV/XLSX file inside the workspace
MERGE_KEYS = {"data": str, "sheet": str}
TOP_KEYS = ("campaign", "materials")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
MAX_NAME = 100  # with the excerpt's slug and the suffix, well under the 255 bytes file systems allow
_HEADER_RE = re.compile(r"^[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_.\"' -]+?)[ \t]*\]\]?")
_KEY_RE = re.compile(r"^[ \t]*([A-Za-z0-9_-]+)[ \t]*=")


@dataclass(frozen=True, slots=True)
class Entry:
    """One [[materials]] entry whose every key passed its check."""

    name: str
    kind: str
    outputs: tuple[str, ...]
    per_excerpt: bool
    dpi: int
    selection: Selection
    values: dict[str, Any]  # render options, by presswork.toml key
    line: int | None = None
    lines: dict[str, int] = field(default_factory=dict)
    data: str | None = None   # a mail merge's data file, relative to the workspace
    sheet: str | None = None  # its sheet, for an .xlsx

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key, self.line)


@dataclass(frozen=True, slots=True)
class Config:
    campaign: dict[str, Any]
    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...] = ()


class _Lines:
    """Where each table and key sits in presswork.toml (tomllib keeps no positions)."""

    def __init__(self, text: str):
        self.tables: dict[tuple[str, int], int] = {}
        self.keys: dict[tuple[str, int], dict[str, int]] = {}
        counts: dict[str, int] = {}
        current: tuple[str, int] = ("", 0)
        for number, line in enumerate(text.splitlines(), start=1):
            if m := _HEADER_RE.match(line):
                name = m[2].strip()
                index = counts.get(name, 0)
                counts[name] = index + 1
                current = (name, index)
                self.tables[current] = number
            elif m := _KEY_RE.match(line):
                self.keys.setdefault(current, {}).setdefault(m[1], number)

    def table(self, name: str, index: int = 0) -> int | None:
        return self.tables.get((name, index))

    def key(self, table: str, index: int, key: str) -> int | None:
        return self.keys.get((table, index), {}).get(key) or self.table(table, index)


def read_config(ws: Workspace) -> Config:
    """Check the whole file; the Config holds the entries that passed and the problems of those that did not."""
    path = ws.root / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(Problem(f"no {CONFIG_NAME} in {ws.root}",
                                  fix="run `presswork init` to start a campaign there, or pass --workspace DIR"))
    lines = _Lines(path.read_text(encoding="utf-8") if path.is_file() else "")
    data = ws.config
    problems: list[Problem] = []

    def problem(line: int | None, message: str, fix: str | None = None) -> None:
        problems.append(Problem(message, CONFIG_NAME, line, fix))

    for key in data:
        if key not in TOP_KEYS:
            problem(lines.key("", 0, key) or lines.table(key), f"unknown key '{key}'",
                    "presswork.toml holds a [campaign] table and [[materials]] entries")
    themes = ws.resources.theme_names()
    campaign = data.get("campaign", {})
    if not isinstance(campaign, dict):
        problem(lines.key("", 0, "campaign"), "campaign must be a table",
                "write [campaign] on a line of its own, with its keys below it")
        campaign = {}
    for key, value in campaign.items():
        line = lines.table(f"campaign.{key}") if isinstance(value, dict) else lines.key("campaign", 0, key)
        if isinstance(value, dict) and key not in LANGS:
            problem(line, f"[campaign.{key}]: unknown table",
                    "the campaign's text per language goes in [campaign.en] or [campaign.zh]")
        elif key in LANGS and isinstance(value, dict):
            _check_lang_table(key, value, lines, problem)
        elif key in LANGS:
            problem(line, f"[campaign]: {key}: must be a table of the campaign's text in that language",
                    f"write [campaign.{key}] on a line of its own, then title = \"...\" and the other keys")
        elif key in BY_NAME_LIMITS:
            issue = check_value(BY_NAME_LIMITS[key], value)
            if issue is not None:
                problem(line, f"[campaign]: {key}: {issue.message}", issue.fix)
        elif key == "sheet":
            if not isinstance(value, bool):
                problem(line, f"[campaign]: sheet: must be true or false, not {show_value(value)}", "e.g. sheet = true")
        elif key not in CAMPAIGN_KEYS:
            problem(line, f"[campaign]: {key}: unknown key",
                    "known keys: " + ", ".join([*CAMPAIGN_KEYS, *BUILD_KEYS]) + ", and [campaign.en] / [campaign.zh] tables")
        elif not isinstance(value, str):
            problem(line, f"[campaign]: {key}: must be text, not {show_value(value)}", f'e.g. {key} = "..."')
        elif key == "lang" and value not in LANGS:
            problem(line, f"[campaign]: lang: '{value}' is not one of {', '.join(LANGS)}", "use en or zh")
        elif key == "theme" and value not in themes:
            problem(line, f"[campaign]: theme: no theme '{value}'", "use one of: " + ", ".join(themes))

    raw = data.get("materials", [])
    if isinstance(raw, dict):
        problem(lines.table("materials"), "[materials] is one table; each material is a [[materials]] entry",
                "write [[materials]], with two brackets, above each material")
        raw = []
    elif not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        problem(lines.key("", 0, "materials"), "materials must be [[materials]] entries",
                "write [[materials]] above each material, then its keys")
        raw = []
    if not raw and not problems:
        raise ConfigError(Problem("lists no [[materials]]", CONFIG_NAME,
                                  fix="add [[materials]] entries with name and kind; see the README, or run `presswork init`"))
    entries: list[Entry] = []
    names: dict[str, int] = {}
    for index, entry in enumerate(raw):
        checked = _check_entry(entry, index, lines, themes, names, problem, ws.root)
        if checked is not None:
            entries.append(checked)
    return Config(campaign, tuple(entries), tuple(problems))


def _check_lang_table(lang: str, table: dict, lines: _Lines, problem) -> None:
    for key, value in table.items():
        line = lines.key(f"campaign.{lang}", 0, key)
        if key not in LANG_TABLE_KEYS:
            problem(line, f"[campaign.{lang}]: {key}: unknown key", "known keys: " + ", ".join(LANG_TABLE_KEYS))
        elif not isinstance(value, str):
            problem(line, f"[campaign.{lang}]: {key}: must be text, not {show_value(value)}", f'e.g. {key} = "..."')


def _check_entry(entry: dict, index: int, lines: _Lines, themes: list[str], names: dict[str, int],
                 problem, root) -> Entry | None:
    header = lines.table("materials", index)
    name = entry.get("name")
    label = f"material '{name}'" if isinstance(name, str) else f"material {index + 1}"
    found: list[Problem] = []

    def bad(key: str | None, message: str, fix: str | None = None) -> None:
        line = lines.key("materials", index, key) if key else header
        found.append(Problem(f"{label}: {key + ': ' if key else ''}{message}", CONFIG_NAME, line, fix))

    data = entry.get("data")
    merging = isinstance(data, str)
    if isinstance(name, str) and ("{" in name or "}" in name):
        if (found_name := _name_problem(name, merging)) is not None:
            bad("name", *found_name)
    elif not isinstance(name, str) or not NAME_RE.match(name):
        bad("name", "must be lower-case letters, digits, '-', '_' or '.'",
            'it names the output files, e.g. name = "poster-red-line"')
    elif len(name) > MAX_NAME or name.split(".")[0] in WINDOWS_RESERVED:
        bad("name", f"cannot name a file everywhere ({'longer than ' + str(MAX_NAME) + ' characters' if len(name) > MAX_NAME else 'Windows reserves it'})",
            'choose another, e.g. name = "poster-red-line"')
    elif merging:
        bad("name", "each row needs its own file: put a {column} in name", 'e.g. name = "poster-{unit}"')
    if isinstance(name, str) and name in names:
        bad("name", f"is used twice (also at line {names[name]})", "give each material its own name")
    elif isinstance(name, str):
        names[name] = lines.key("materials", index, "name") or 0
    kind = entry.get("kind")
    if kind not in KINDS:
        bad("kind", f"{show_value(kind)} is not one of {', '.join(KINDS)}" if kind is not None else "is missing",
            'e.g. kind = "poster"')
        kind = None
    known = set(ENTRY_KEYS) | set(SELECTION_KEYS) | set(MERGE_KEYS) | (set(BY_NAME) - set(BY_NAME_LIMITS))
    for key, value in entry.items():
        if key in BY_NAME_LIMITS:
            bad(key, "bounds the whole build, so it is a [campaign] key", f"move {key} = ... to [campaign]")
        elif key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            bad(key, "unknown key", f"did you mean {close[0]}?" if close else "known keys: " + ", ".join(sorted(known)))
        elif key in ENTRY_KEYS or key in SELECTION_KEYS or key in MERGE_KEYS:
            expected = {**ENTRY_KEYS, **SELECTION_KEYS, **MERGE_KEYS}[key]
            if expected is list:
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    bad(key, f"must be a list of text, not {show_value(value)}", f'e.g. {key} = ["..."]')
            elif not isinstance(value, expected):
                bad(key, f"must be {'true or false' if expected is bool else 'text'}, not {show_value(value)}")
        else:
            issue = check_value(BY_NAME[key], value, kind, semantic(kind, entry, themes) if kind else None)
            if issue is not None:
                bad(issue.key, issue.message, issue.fix)
            elif key in merge.TEXT_KEYS and (found_text := merge.text_problem(
                    value, merging, 'add data = "content/units.csv"')) is not None:
                bad(key, *found_text)
    if merging:
        try:
            data_path = merge.workspace_file(root, data)
        except ValueError as exc:
            bad("data", *exc.args)
        else:
            sheet = entry.get("sheet")
            if isinstance(sheet, str) and data_path.suffix.lower() not in SPREADSHEETS:
                bad("sheet", f"{data} is a CSV file, which has no sheets",
                    "remove sheet, or point data at an .xlsx workbook")
    elif "sheet" in entry:
        bad("sheet", "names a sheet, and the material has no data", 'add data = "content/units.xlsx"')
    outputs = entry.get("outputs", ["pdf"])
    if isinstance(outputs, list) and all(isinstance(o, str) for o in outputs):
        unknown = [o for o in outputs if o not in FORMATS]
        if unknown:
            bad("outputs", f"unknown output format {', '.join(unknown)}", "use " + ", ".join(FORMATS))
        elif not outputs:
            bad("outputs", "is empty", 'e.g. outputs = ["pdf"]')
        elif len(set(outputs)) != len(outputs):
            bad("outputs", "names a format twice", "list each format once")
    if found:
        for p in sorted(found, key=lambda p: p.line or 0):
            problem(p.line, p.message, p.fix)
        return None
    selection = Selection(refs=tuple(entry.get("excerpts", ())), tags=tuple(entry.get("tags", ())),
                          since=entry.get("since"), until=entry.get("until"), search=entry.get("search"),
                          collection=entry.get("collection"))
    values = {k: v for k, v in entry.items() if k in BY_NAME and BY_NAME[k].render}
    return Entry(name, kind, tuple(outputs), bool(entry.get("per_excerpt", False)), entry.get("dpi", 150),
                 selection, values, header, dict(lines.keys.get(("materials", index), {})),
                 data if merging else None, entry.get("sheet"))


def _name_problem(name: str, merging: bool) -> tuple[str, str] | None:
    """A name holding braces: a template of each row's file name, so it needs data and a sound shape."""
    try:
        parts = merge.parse(name)
    except ValueError as exc:
        return str(exc), merge.BRACES_FIX
    columns = [text for is_name, text in parts if is_name]
    if not columns:
        return "must be lower-case letters, digits, '-', '_' or '.'", 'e.g. name = "poster-red-line"'
    if not merging:
        return (f"{{{columns[0]}}} is a column of a data file, and there is none",
                'add data = "content/units.csv", one material per row')
    if not NAME_RE.match("".join("a" if is_name else text for is_name, text in parts)):
        return ("outside its {column}s, must be lower-case letters, digits, '-', '_' or '.'",
                'e.g. name = "poster-{unit}"; each value is made such a name')
    return None


def semantic(kind: str, entry: dict, themes: list[str]):
    """The checks that need more than the option's own declaration: page sizes for the kind (and the
    entry's, or the row's, orientation), themes that exist."""

    def check(option: Option, value) -> Issue | None:
        if option.name == "size":
            try:
                parse_page(value, entry.get("landscape") if isinstance(entry.get("landscape"), bool) else None,
                           kind, spell="")
            except ConfigError as exc:
                p = exc.problems[0]
                return Issue("size", p.message, p.fix)
        if option.name == "theme" and value not in themes:
            return Issue("theme", f"no theme '{value}'", "use one of: " + ", ".join(themes))
        return None

    return check

