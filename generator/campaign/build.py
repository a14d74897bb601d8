"""`presswork build`: every [[materials]] entry of presswork.toml, validated first, then rendered."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from generator.errors import ConfigError, Problem
from generator.materials.material import KINDS, RenderOptions, compose
from generator.campaign.run import FORMATS, Written, choose_passages, theme_for, write_material
from generator.content.selection import Selection
from generator.content.text import slugify
from generator.content.workspace import CONFIG_NAME, Workspace

CAMPAIGN_KEYS = {"title": str, "organisation": str, "lang": str, "theme": str, "date": str, "slogan": str}
SELECTION_KEYS = {"excerpts": list, "tags": list, "since": str, "until": str, "search": str, "collection": str}
OPTION_KEYS = {f.name: f.type for f in fields(RenderOptions)}
ENTRY_KEYS = {"name": str, "kind": str, "outputs": list, "per_excerpt": bool, "dpi": int}
_TYPES = {"str": str, "str | None": str, "bool": bool, "bool | None": bool, "int": int, "int | None": int,
          "tuple[str, ...]": list}
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    kind: str
    outputs: tuple[str, ...]
    per_excerpt: bool
    dpi: int
    selection: Selection
    options: RenderOptions


def _expected(key: str):
    for table in (ENTRY_KEYS, SELECTION_KEYS):
        if key in table:
            return table[key]
    return _TYPES.get(str(OPTION_KEYS.get(key)), str)


def read_jobs(ws: Workspace) -> list[Job]:
    """Check every entry in presswork.toml and report all problems at once, with line numbers."""
    config_path = ws.root / CONFIG_NAME
    text = config_path.read_text(encoding="utf-8") if config_path.is_file() else ""
    entry_lines = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"^[ \t]*\[\[materials\]\]", text, re.M)]
    problems: list[Problem] = []
    where = CONFIG_NAME

    campaign = ws.config.get("campaign", {})
    for key, value in campaign.items():
        if key not in CAMPAIGN_KEYS:
            problems.append(Problem(f"[campaign]: unknown key '{key}'", where, _line_of(text, key),
                                    "known keys: " + ", ".join(CAMPAIGN_KEYS)))
        elif not isinstance(value, CAMPAIGN_KEYS[key]):
            problems.append(Problem(f"[campaign] {key} must be text", where, _line_of(text, key)))
    entries = ws.config.get("materials", [])
    if not entries:
        raise ConfigError(Problem("lists no [[materials]]", where,
                                  fix="add [[materials]] entries with name and kind; see the README"))
    jobs, names = [], set()
    known = sorted(set(ENTRY_KEYS) | set(SELECTION_KEYS) | set(OPTION_KEYS))
    for index, entry in enumerate(entries):
        line = entry_lines[index] if index < len(entry_lines) else None
        label = f"[[materials]] '{entry.get('name', index + 1)}'"
        before = len(problems)
        for key, value in entry.items():
            if key not in known:
                problems.append(Problem(f"{label}: unknown key '{key}'", where, line, "known keys: " + ", ".join(known)))
                continue
            expected = _expected(key)
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                problems.append(Problem(f"{label}: {key} should be {expected.__name__.replace('str', 'text')}",
                                        where, line))
        name, kind = entry.get("name"), entry.get("kind")
        if not isinstance(name, str) or not _NAME_RE.match(name):
            problems.append(Problem(f"{label}: name must be lower-case letters, digits, '-', '_' or '.'",
                                    where, line, "it names the output files, e.g. name = \"poster-red-line\""))
        elif name in names:
            problems.append(Problem(f"{label}: the name is used twice", where, line, "give each material its own name"))
        names.add(name)
        if kind not in KINDS:
            problems.append(Problem(f"{label}: kind must be one of {', '.join(KINDS)}", where, line))
        outputs = tuple(entry.get("outputs", ["pdf"])) if isinstance(entry.get("outputs", []), list) else ()
        bad = [o for o in outputs if o not in FORMATS]
        if bad:
            problems.append(Problem(f"{label}: unknown output format {', '.join(map(str, bad))}", where, line,
                                    "use " + ", ".join(FORMATS)))
        if len(problems) > before:
            continue
        selection = Selection(
            refs=tuple(entry.get("excerpts", ())), tags=tuple(entry.get("tags", ())),
            since=entry.get("since"), until=entry.get("until"), search=entry.get("search"),
            collection=entry.get("collection"))
        opts = {k: (tuple(v) if isinstance(v, list) else v) for k, v in entry.items() if k in OPTION_KEYS}
        jobs.append(Job(name, kind, outputs, bool(entry.get("per_excerpt", False)), int(entry.get("dpi", 150)),
                        selection, RenderOptions(**opts)))
    if problems:
        raise ConfigError(problems)
    return jobs


def _line_of(text: str, key: str) -> int | None:
    m = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else None


def build_materials(ws: Workspace, only: tuple[str, ...] = ()) -> list[Written]:
    jobs = read_jobs(ws)
    if only:
        unknown = [n for n in only if n not in {j.name for j in jobs}]
        if unknown:
            raise ConfigError(Problem(f"no material named {', '.join(unknown)} in {CONFIG_NAME}",
                                      fix="known: " + ", ".join(j.name for j in jobs)))
        jobs = [j for j in jobs if j.name in only]
    campaign = ws.config.get("campaign", {})
    written: list[Written] = []
    for job in jobs:
        passages = choose_passages(ws, job.kind, job.selection, job.per_excerpt)
        theme = theme_for(ws, job.options.theme)
        groups = [([p], f"{job.name}-{slugify(p.excerpt.id, max_words=10)}") for p in passages] \
            if job.per_excerpt else [(passages, job.name)]
        for group, stem in groups:
            material = compose(job.kind, group, job.options, theme, campaign)
            targets = [(fmt, ws.output_dir / f"{stem}.{fmt}") for fmt in job.outputs]
            written += write_material(ws, material, targets, job.dpi)
    return written
