"""Config -> plan: every target's Material and output paths, resolved and checked before anything renders.

A plan refuses what would go wrong later: excerpts that do not exist, a poster asking for a pull
quote its excerpt lacks, several collections and no choice, and two materials writing one path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.campaign import merge
from generator.campaign.config import Config, Entry, semantic
from generator.campaign.data_files import SUFFIXES, SheetError, Table, read_table
from generator.content.model import Passage
from generator.content.selection import Selection, select_passages
from generator.content.text import slugify
from generator.content.workspace import CONFIG_NAME, Workspace
from generator.errors import ConfigError, PressworkError, Problem, SelectionError
from generator.materials.material import Material, compose, document_date
from generator.materials.options import BY_NAME, FORMATS, RENDER_OPTIONS, RenderOptions, render_options
from generator.materials.page import with_printing
from generator.materials.themes import Theme, load_theme

DEFAULT_THEME = "safety"


@dataclass(frozen=True, slots=True)
class Target:
    """One material to render and the files it goes to: (format, path), with PNG pages into a folder if asked."""

    source: str            # the material's name in presswork.toml, or the command that asked for it
    material: Material
    outputs: tuple[tuple[str, Path], ...]
    dpi: int = 150
    png_pages: bool = False
    # a merged material's data file and row; left out of repr, so a row moving down does not make it new
    data: str | None = field(default=None, repr=False)
    row: int | None = field(default=None, repr=False)

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(fmt for fmt, _ in self.outputs)


def choose_passages(ws: Workspace, kind: str, selection: Selection, per_excerpt: bool = False) -> list[Passage]:
    """The passages for one material; with no selection, handouts and bulletins (and posters made
    one per excerpt) take a whole collection."""
    collections = ws.load_collections(selection.collection)
    if selection.is_empty:
        if kind == "poster" and not per_excerpt:
            ids = ", ".join(e.id for c in collections for e in c.excerpts)
            raise ConfigError(Problem("a poster needs one passage and none was chosen",
                                      fix=f"pass -e ID with one of: {ids}"))
        if len(collections) > 1:
            names = ", ".join(c.name for c in collections)
            raise ConfigError(Problem(f"the workspace has several collections ({names})",
                                      fix="choose one with --collection NAME"))
    return select_passages(collections, selection)


def campaign_table(ws: Workspace) -> dict:
    """presswork.toml's [campaign] table ({} when there is none, or it is not a table: config.py reports that)."""
    table = ws.config.get("campaign", {})
    return table if isinstance(table, dict) else {}


def theme_for(ws: Workspace, name: str | None) -> Theme:
    name = name or campaign_table(ws).get("theme") or DEFAULT_THEME
    return load_theme(name, ws.resources, ws.display)


def compose_printed(kind: str, passages: list[Passage], options: RenderOptions, theme: Theme, campaign: dict,
                    created) -> Material:
    """compose(), then the page's print settings: bleed, marks, PDF standard, tiling or booklet."""
    material = compose(kind, passages, options, theme, campaign, created)
    page = with_printing(material.page, kind, bleed=options.bleed, marks=options.marks,
                         pdf_variant=options.pdf_variant, tile=options.tile, booklet=options.booklet)
    return replace(material, page=page)


def default_name(kind: str, passages: list[Passage]) -> str:
    if kind == "poster":
        return f"poster-{slugify(passages[0].excerpt.id, max_words=10)}"
    return f"{kind}-{slugify(passages[0].collection.name, max_words=10)}"


def _created(passages: list[Passage]):
    return document_date(passages, os.environ.get("SOURCE_DATE_EPOCH"))


def is_folder(output: str | Path | None) -> bool:
    """`-o DIR/` (or an existing folder) asks for one PNG per page."""
    return output is not None and (str(output).endswith(("/", os.sep)) or Path(output).is_dir())


def output_format(output: str | Path | None, fmt: str | None) -> str:
    if fmt:
        return fmt
    if output is not None:
        suffix = Path(output).suffix.lower().lstrip(".")
        if is_folder(output):
            if suffix in FORMATS and not str(output).endswith(("/", os.sep)):
                # `-o report.pdf` naming an existing folder must not become a folder of PNG pages
                raise ConfigError(Problem(f"'{output}' is a folder, not a .{suffix} file",
                                          fix="name a file that is not a folder, or end the name in / for "
                                              "one PNG per page"))
            return "png"
        if suffix not in FORMATS:
            raise ConfigError(Problem(f"cannot tell the format of '{output}'",
                                      fix="end it in .pdf, .png, .html or .docx, or pass --format"))
        return suffix
    return "pdf"


def plan_single(ws: Workspace, kind: str, selection: Selection, options: RenderOptions,
                output: str | Path | None = None, fmt: str | None = None, dpi: int = 150,
                name: str | None = None, data: str | Path | None = None, sheet: str | None = None) -> list[Target]:
    """What `presswork poster|handout|bulletin` makes: one material in one format, or with `data`
    one per row of that CSV/XLSX file (-o may then name each file with {column} placeholders)."""
    if not 20 <= dpi <= 600:
        raise ConfigError(Problem(f"--dpi {dpi} is out of range", fix="use 20 to 600"))
    values = {o.name: getattr(options, o.name) for o in RENDER_OPTIONS}
    problems = [Problem(f"{BY_NAME[key].cli_flag}: {found[0]}", fix=found[1]) for key in merge.TEXT_KEYS
                if (found := merge.text_problem(values.get(key), data is not None, "pass --data FILE"))]
    if problems:
        raise ConfigError(problems)
    passages = choose_passages(ws, kind, selection)
    campaign = campaign_table(ws)
    fmt = output_format(output, fmt)
    if data is not None:
        return _plan_rows(ws, kind, passages, values, output, fmt, dpi, name, Path(data), sheet)
    material = compose_printed(kind, passages, render_options(merge.unescape_all(values)),
                               theme_for(ws, options.theme), campaign, _created(passages))
    png_pages = fmt == "png" and is_folder(output)
    if not png_pages and output is not None and is_folder(output):
        raise ConfigError(Problem(f"'{output}' is a folder; only PNG output can go to a folder",
                                  fix="name a file, e.g. -o handout.pdf"))
    path = Path(output) if output is not None else ws.output_dir / f"{name or default_name(kind, passages)}.{fmt}"
    return [Target(kind, material, ((fmt, path),), dpi, png_pages)]


def _plan_rows(ws: Workspace, kind: str, passages: list[Passage], values: dict, output: str | Path | None,
               fmt: str, dpi: int, name: str | None, data: Path, sheet: str | None) -> list[Target]:
    """`--data FILE`: a target per row, each file named by -o's placeholders or by its row number."""
    file = str(data)
    if not data.is_file():
        raise ConfigError(Problem(f"--data: no file {file}", fix="name a .csv or .xlsx file"))
    if data.suffix.lower() not in SUFFIXES:
        raise ConfigError(Problem(f"--data: cannot read {data.suffix or 'a file without a suffix'} files",
                                  fix="save it as CSV UTF-8 (.csv) or an Excel workbook (.xlsx)"))
    try:
        table = read_table(data, file, sheet)
    except SheetError as exc:
        raise ConfigError([Problem(f"--sheet: {p.message}", fix=p.fix) for p in exc.problems]) from None
    template = str(output) if output is not None else None
    if template is not None:
        try:
            merge.parse(template)
        except ValueError as exc:
            raise ConfigError(Problem(f"-o: {exc}", fix=merge.BRACES_FIX)) from None
    theme_names = ws.resources.theme_names()
    rows, problems = merge.merge_rows(
        table, kind, values, {"-o": template} if template is not None else {}, f"presswork {kind}",
        spell=lambda key: BY_NAME[key].cli_flag if key in BY_NAME else key,
        semantic=lambda own: semantic(kind, own, theme_names))
    if problems:
        raise ConfigError(problems)
    base = name or default_name(kind, passages)
    campaign, created = campaign_table(ws), _created(passages)
    themes: dict[str | None, Theme] = {}
    claimed: dict[Path, int] = {}
    targets = []
    for made in rows:
        path = Path(made.names["-o"]) if template is not None else ws.output_dir / f"{base}-{made.row.number}.{fmt}"
        png_pages = fmt == "png" and (is_folder(template) or is_folder(path))
        if not png_pages and is_folder(template):
            raise ConfigError(Problem(f"'{template}' is a folder; only PNG output can go to a folder",
                                      fix=f'name a file, e.g. -o "output/{kind}-{{{table.columns[0]}}}.pdf"'))
        if (other := claimed.setdefault(path, made.row.number)) != made.row.number:
            problems.append(Problem(f"writes {ws.display(path)}, which row {other} writes too", file, made.row.number,
                                    "each row needs its own file: put a column whose values differ in -o, "
                                    f'e.g. -o "output/{kind}-{{{table.columns[0]}}}.{fmt}"'))
            continue
        options = render_options(made.values)
        if options.theme not in themes:
            themes[options.theme] = theme_for(ws, options.theme)
        material = compose_printed(kind, passages, options, themes[options.theme], campaign, created)
        targets.append(Target(kind, replace(material, row=dict(made.row.values)), ((fmt, path),),
                              made.values.get("dpi", dpi), png_pages, file, made.row.number))
    if problems:
        raise ConfigError(merge.capped(problems, file))
    return targets


def plan_build(ws: Workspace, config: Config, only: tuple[str, ...] = ()) -> list[Target]:
    """Every target of presswork.toml (or of the materials named): all problems of the file, and of
    every row of its data files, raised at once."""
    problems = list(config.problems)
    entries = list(config.entries)
    if only:
        known = [e.name for e in entries]
        unknown = [n for n in only if n not in known]
        if unknown and not problems:
            raise ConfigError(Problem(f"no material named {', '.join(unknown)} in {CONFIG_NAME}",
                                      fix="known: " + ", ".join(known)))
        entries = [e for e in entries if e.name in only]
    targets: list[Target] = []
    tables: dict = {}
    for entry in entries:
        rows = None
        if entry.data is not None:
            rows, found = _merge(ws, entry, tables)
            problems += [p for p in found if p not in problems]
        try:
            targets += _entry_targets(ws, config, entry, rows)
        except PressworkError as exc:
            for p in exc.problems:
                # a collection's own problems name its file and line; they are reported once, as they are
                found = p if p.file not in (None, CONFIG_NAME) else _in_entry(p, entry, isinstance(exc, SelectionError))
                if found not in problems:
                    problems.append(found)
    claimed: dict[Path, Target] = {}
    for target in targets:
        for _, path in target.outputs:
            other = claimed.setdefault(path, target)
            if other is not target:
                problems.append(_clash(ws, config, target, other, path))
    if problems:
        raise ConfigError(problems)
    return targets


def _merge(ws: Workspace, entry: Entry, tables: dict) -> tuple[list[merge.Merged] | None, list[Problem]]:
    """The entry's rows, made ready: (None, problems) when the file or any row is wrong."""

    def at(key: str, message: str, fix: str | None) -> Problem:
        return Problem(f"material '{entry.name}': {key}: {message}", CONFIG_NAME, entry.line_of(key), fix)

    path = ws.root / entry.data
    if not path.is_file():
        return None, [at("data", f"no file {entry.data}", "the path is relative to the workspace folder")]
    key = (path, entry.sheet)
    if key not in tables:
        try:
            tables[key] = read_table(path, ws.display(path), entry.sheet)
        except SheetError as exc:
            tables[key] = [at("sheet", p.message, p.fix) for p in exc.problems]
        except ConfigError as exc:
            tables[key] = exc.problems
    table: Table | list[Problem] = tables[key]
    if isinstance(table, list):
        return None, table
    theme_names = ws.resources.theme_names()
    rows, problems = merge.merge_rows(table, entry.kind, entry.values, {"name": entry.name}, f"material '{entry.name}'",
                                      semantic=lambda own: semantic(entry.kind, own, theme_names))
    return (None if problems else rows), problems


def _entry_targets(ws: Workspace, config: Config, entry: Entry, rows: list[merge.Merged] | None) -> list[Target]:
    """The entry's targets: one material (or one per excerpt), and with data that for every row."""
    passages = choose_passages(ws, entry.kind, entry.selection, entry.per_excerpt)
    if entry.data is None:
        rows = [merge.Merged(None, merge.unescape_all(entry.values), {"name": entry.name})]
    elif rows is None:
        # the rows are wrong (reported already); compose once anyway, so the entry's own problems show too
        rows = [merge.Merged(None, dict(entry.values), {"name": entry.name})]
        _entry_targets_of(ws, config, entry, passages, rows)
        return []
    return _entry_targets_of(ws, config, entry, passages, rows)


def _entry_targets_of(ws: Workspace, config: Config, entry: Entry, passages: list[Passage],
                      rows: list[merge.Merged]) -> list[Target]:
    themes: dict[str | None, Theme] = {}
    data = ws.display(ws.root / entry.data) if entry.data else None
    targets = []
    for made in rows:
        options = render_options(made.values)
        if options.theme not in themes:
            themes[options.theme] = theme_for(ws, options.theme)
        name = made.names["name"]
        if entry.per_excerpt:
            groups = [([p], f"{name}-{slugify(p.excerpt.id, max_words=10)}") for p in passages]
        else:
            groups = [(passages, name)]
        for group, stem in groups:
            material = compose_printed(entry.kind, group, options, themes[options.theme], config.campaign,
                                       _created(group))
            if made.row is not None:
                material = replace(material, row=dict(made.row.values))
            outputs = tuple((fmt, ws.output_dir / f"{stem}.{fmt}") for fmt in entry.outputs)
            targets.append(Target(entry.name, material, outputs, made.values.get("dpi", entry.dpi),
                                  data=data, row=made.row.number if made.row else None))
    return targets


def _clash(ws: Workspace, config: Config, target: Target, other: Target, path: Path) -> Problem:
    """Two targets writing one file: rows of one material, or two materials."""
    shown = ws.display(path)
    if target.source == other.source and target.row is not None:
        return Problem(f"material '{target.source}': writes {shown}, which row {other.row} writes too",
                       target.data, target.row,
                       "each row needs its own file: put a column whose values differ in name")
    mine = f" (row {target.row} of {target.data})" if target.row is not None else ""
    theirs = f" (row {other.row} of {other.data})" if other.row is not None else ""
    return Problem(f"material '{target.source}'{mine}: writes {shown}, which material '{other.source}'{theirs} "
                   "writes too", CONFIG_NAME, _entry_line(config, target.source),
                   "give one of them another name, so each file has one material")


def _entry_line(config: Config, name: str) -> int | None:
    return next((e.line for e in config.entries if e.name == name), None)


def _in_entry(problem: Problem, entry: Entry, selecting: bool) -> Problem:
    """A problem found while resolving an entry, worded in presswork.toml's keys at that entry's line."""
    message, key = problem.message, None
    if selecting:
        sel = entry.selection
        key = "excerpts" if sel.refs else "tags" if sel.tags else "search" if sel.search else \
            "since" if sel.since else "until" if sel.until else None
    for flag, toml_key in (("--pull", "pull"), ("-e ID", "excerpts"), ("--collection NAME", "collection")):
        if flag in (problem.fix or "") or flag in message:
            key = toml_key
    fix = (problem.fix or "").replace("--collection NAME", 'collection = "NAME"').replace(
        "leave out --pull", "set pull = false").replace("pass -e ID with one of", "set excerpts = [\"ID\"] with one of")
    line = entry.line_of(key) if key else entry.line
    where = f"{key}: " if key and key in entry.lines else ""
    return Problem(f"material '{entry.name}': {where}{message}", CONFIG_NAME, line, fix or None)
