"""Config -> plan: every target's Material and output paths, resolved and checked before anything renders.

A plan refuses what would go wrong later: excerpts that do not exist, a poster asking for a pull
quote its excerpt lacks, several collections and no choice, and two materials writing one path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.campaign.config import Config, Entry
from generator.content.model import Passage
from generator.content.selection import Selection, select_passages
from generator.content.text import slugify
from generator.content.workspace import CONFIG_NAME, Workspace
from generator.errors import ConfigError, PressworkError, Problem, SelectionError
from generator.materials.material import Material, compose, document_date
from generator.materials.options import FORMATS, RenderOptions, render_options
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
        if is_folder(output):
            return "png"
        suffix = Path(output).suffix.lower().lstrip(".")
        if suffix not in FORMATS:
            raise ConfigError(Problem(f"cannot tell the format of '{output}'",
                                      fix="end it in .pdf, .png, .html or .docx, or pass --format"))
        return suffix
    return "pdf"


def plan_single(ws: Workspace, kind: str, selection: Selection, options: RenderOptions,
                output: str | Path | None = None, fmt: str | None = None, dpi: int = 150,
                name: str | None = None) -> list[Target]:
    """What `presswork poster|handout|bulletin` makes: one material in one format."""
    if not 20 <= dpi <= 600:
        raise ConfigError(Problem(f"--dpi {dpi} is out of range", fix="use 20 to 600"))
    passages = choose_passages(ws, kind, selection)
    campaign = campaign_table(ws)
    material = compose(kind, passages, options, theme_for(ws, options.theme), campaign, _created(passages))
    fmt = output_format(output, fmt)
    png_pages = fmt == "png" and is_folder(output)
    if not png_pages and output is not None and is_folder(output):
        raise ConfigError(Problem(f"'{output}' is a folder; only PNG output can go to a folder",
                                  fix="name a file, e.g. -o handout.pdf"))
    path = Path(output) if output is not None else ws.output_dir / f"{name or default_name(kind, passages)}.{fmt}"
    return [Target(kind, material, ((fmt, path),), dpi, png_pages)]


def plan_build(ws: Workspace, config: Config, only: tuple[str, ...] = ()) -> list[Target]:
    """Every target of presswork.toml (or of the materials named): all problems of the file raised at once."""
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
    for entry in entries:
        try:
            targets += _entry_targets(ws, config, entry)
        except PressworkError as exc:
            for p in exc.problems:
                # a collection's own problems name its file and line; they are reported once, as they are
                found = p if p.file not in (None, CONFIG_NAME) else _in_entry(p, entry, isinstance(exc, SelectionError))
                if found not in problems:
                    problems.append(found)
    claimed: dict[Path, str] = {}
    for target in targets:
        for _, path in target.outputs:
            other = claimed.setdefault(path, target.source)
            if other != target.source or [p for _, p in target.outputs].count(path) > 1:
                problems.append(Problem(
                    f"material '{target.source}': writes {ws.display(path)}, which material '{other}' writes too",
                    CONFIG_NAME, _entry_line(config, target.source),
                    "give one of them another name, so each file has one material"))
    if problems:
        raise ConfigError(problems)
    return targets


def _entry_targets(ws: Workspace, config: Config, entry: Entry) -> list[Target]:
    passages = choose_passages(ws, entry.kind, entry.selection, entry.per_excerpt)
    options = render_options(entry.values)
    theme = theme_for(ws, options.theme)
    if entry.per_excerpt:
        groups = [([p], f"{entry.name}-{slugify(p.excerpt.id, max_words=10)}") for p in passages]
    else:
        groups = [(passages, entry.name)]
    targets = []
    for group, stem in groups:
        material = compose(entry.kind, group, options, theme, config.campaign, _created(group))
        outputs = tuple((fmt, ws.output_dir / f"{stem}.{fmt}") for fmt in entry.outputs)
        targets.append(Target(entry.name, material, outputs, entry.dpi))
    return targets


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
