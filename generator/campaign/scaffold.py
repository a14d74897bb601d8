"""New workspaces and ejected resources: `presswork init` writes a sample campaign, `presswork eject` copies built-ins.

The sample presswork.toml is generated, not shipped: its commented key list comes from the options
table and the config's key tables, so it always shows exactly the keys a build accepts. The
sample collections and article are package data in samples/.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.campaign.config import CAMPAIGN_KEYS, ENTRY_KEYS, LANG_TABLE_KEYS, SELECTION_KEYS
from generator.content.workspace import CONFIG_NAME, Workspace
from generator.errors import ConfigError, OutputError, Problem, TemplateError
from generator.materials.options import FORMATS, KINDS, LANGS, Option, options_for
from generator.materials.page import ALLOWED_SIZES, DEFAULT_PAGE
from generator.outputs import write_atomic
from generator.resources import BUILTIN_DIR, Resources, builtin_names

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
# The sample collections, as the materials of the sample presswork.toml name them.
ENGLISH, CHINESE = "fire-safety", "fire-safety-zh"
# a word the sample collections hold, for the commented `search` line
SEARCH = {"en": "fire", "zh": "灭火器"}
GITIGNORE = "# presswork writes here; rebuild with `presswork build`\noutput/\n"

# What each key of presswork.toml that is not a render option means (render options carry their own help).
KEY_HELP = {
    # [campaign]
    "title": "Title of posters and bulletins (default: each collection's series, else its title).",
    "organisation": "Organisation printed in footers and running headers.",
    "lang": "Language of labels and dates for every material: " + " or ".join(LANGS)
            + " (default: each collection's own).",
    "theme": "Theme of every material: {themes}.",
    "date": "Date printed on every material, as it should read.",
    "slogan": "Slogan for the band at the foot of bulletins (default: the collection's).",
    "headline": "Headline of posters (default: the title).",
    "footer": "Footer text of posters and handouts (default: the organisation and date; \"\" for none).",
    # [[materials]]
    "name": "Names the output files: output/NAME.FORMAT (one per excerpt: output/NAME-ID.FORMAT).",
    "kind": "One of " + ", ".join(KINDS) + ".",
    "outputs": "Formats to write, any of " + ", ".join(FORMATS) + ' (default: ["pdf"]).',
    "per_excerpt": "One material for each selected excerpt instead of one for all of them.",
    # selection: which excerpts (all of the collection when none of these is given)
    "excerpts": 'Excerpts in the order printed: "ID", "ID:2" (its paragraph 2), "ID:2:1-3" (sentences 1-3 of it).',
    "tags": "Excerpts with any of these tags.",
    "since": "Excerpts dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).",
    "until": "Excerpts dated on or before this date.",
    "search": "Excerpts whose text or source contains this text, in any case.",
    "collection": "Only content/NAME.yaml: needed when content/ holds several collections, as here.",
}

# [campaign.zh]: the campaign's text for Chinese materials ([campaign] above is in English)
CAMPAIGN_ZH = {
    "title": "消防安全 人人有责",
    "organisation": "河滨工厂安全办公室",
    "date": "2026年6月",
    "slogan": "通道畅通 人人平安",
}

CAMPAIGN = {
    "title": "Fire Safety Month",
    "organisation": "Riverside Works · Safety Office",
    "date": "June 2026",
    "theme": "safety",
    "slogan": "Clear exits, cool heads, safe shifts",
}

# The three sample materials: the keys each sets; every other key it could take is shown commented out.
MATERIALS = (
    ("One A3 poster for each excerpt of the English collection, its pull quote set large.",
     {"name": "poster", "kind": "poster", "collection": ENGLISH, "per_excerpt": True,
      "outputs": ["pdf"], "size": "A3", "pull": True}),
    ("A study handout of the whole English collection, with meeting details and a sign-in sheet.",
     {"name": "handout", "kind": "handout", "collection": ENGLISH, "outputs": ["pdf", "docx"],
      "size": "A4", "meeting_date": "June 12, 2026", "time": "14:30–16:00", "venue": "Training Room 2",
      "host": "Safety Office", "sign_in": 20}),
    ("A Chinese bulletin-board sheet, four boxes in two columns: its title, organisation, date and slogan\n"
     "# come from [campaign.zh]. Short content like this is set larger, to fill the sheet.",
     {"name": "bulletin", "kind": "bulletin", "collection": CHINESE, "outputs": ["pdf", "png", "docx"],
      "size": "A3", "landscape": True, "issue": "1", "columns": 2, "dpi": 72}),
)


def toml_value(value) -> str:
    """A TOML literal for the values presswork.toml holds: text, whole numbers, true/false, lists of text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    # JSON's string escapes are TOML's basic-string escapes
    return json.dumps(str(value), ensure_ascii=False)


def _example(option: Option, kind: str, themes: list[str]):
    """What a commented-out option line shows: its default, else the kind's own, else a value it accepts."""
    if option.name == "size":
        return DEFAULT_PAGE[kind][0]
    if option.name == "landscape":
        return DEFAULT_PAGE[kind][1]
    if option.name == "theme":
        return "mono" if "mono" in themes else themes[0]
    if option.default is not None and option.default != ():
        return option.default
    if option.choices:
        return option.choices[-1]
    if option.range:
        return option.range[0]
    return {str: "...", int: 0, bool: False, list: ["..."]}[option.type]


def _option_help(option: Option, kind: str) -> str:
    text = option.help
    if option.name == "size" and ALLOWED_SIZES[kind]:
        text += f" A {kind} comes in " + ", ".join(ALLOWED_SIZES[kind]) + "."
    if option.range:
        text += f" {option.range[0]} to {option.range[1]}."
    if option.choices and not all(c in text for c in option.choices):
        text += " One of " + ", ".join(option.choices) + "."
    if option.default not in (None, ()):
        text += f" Default: {toml_value(option.default)}."
    return text


def _selection_example(key: str, collection: dict) -> object:
    """Values that select something real in the sample collection, so uncommenting a line works."""
    excerpts = collection["excerpts"]
    dates = sorted(str(e["date"]) for e in excerpts)
    return {"excerpts": [excerpts[0]["id"]], "tags": [excerpts[0]["tags"][0]], "since": dates[0],
            "until": dates[-1], "search": SEARCH[collection["lang"]], "collection": ENGLISH}[key]


def config_text(themes: list[str] | None = None) -> str:
    """The sample presswork.toml: the campaign, the three sample materials, and every key each could take."""
    import yaml

    themes = themes or Resources().theme_names()
    samples = {name: yaml.safe_load(sample_text(f"content/{name}.yaml")) for name in (ENGLISH, CHINESE)}
    out = [
        f"# {CONFIG_NAME}: the campaign `presswork build` makes, one [[materials]] entry for each thing to print.",
        "#",
        "#   presswork build              every material, into output/",
        "#   presswork build handout      just the one named handout",
        "#   presswork list materials     the files each material writes, without rendering",
        "#",
        "# A line `# key = value` shows a key at its default (or a value it accepts): remove the `# `",
        "# to set it. The whole file is checked before anything is written, and every problem is",
        "# reported with its line. Any option of `presswork poster|handout|bulletin --help` can be set",
        "# here, spelt with _ for - (meeting_date, sign_in).",
        "",
        "[campaign]",
        "# Defaults for every material below, and for the single commands (presswork poster, ...).",
    ]
    for key in CAMPAIGN_KEYS:
        out.append("# " + KEY_HELP[key].format(themes=", ".join(themes)))
        if key in CAMPAIGN:
            out.append(f"{key} = {toml_value(CAMPAIGN[key])}")
        else:
            out.append(f"# {key} = {toml_value(LANGS[0] if key == 'lang' else '...')}")
    out += ["", "[campaign.zh]",
            "# The campaign's text for Chinese materials (a [campaign.en] table does the same for English ones).",
            "# Without it, a material in another language than [campaign]'s takes its collection's text."]
    for key in LANG_TABLE_KEYS:
        out.append(f"{key} = {toml_value(CAMPAIGN_ZH[key])}" if key in CAMPAIGN_ZH else f"# {key} = \"...\"")
    for comment, entry in MATERIALS:
        kind = entry["kind"]
        collection = samples[entry["collection"]]
        out += ["", "", f"# {comment}", "[[materials]]"]
        for key in ENTRY_KEYS:
            out.append("# " + KEY_HELP[key])
            default = {"outputs": ["pdf"], "per_excerpt": False}.get(key)
            out.append(_line(key, entry.get(key, default), key in entry))
        out += ["", "# Which excerpts: every excerpt of the collection unless these narrow it down."]
        for key in SELECTION_KEYS:
            out.append("# " + KEY_HELP[key])
            out.append(_line(key, entry.get(key, _selection_example(key, collection)), key in entry))
        out += ["", f"# Options of a {kind} (presswork {kind} --help says the same)."]
        for option in options_for(kind):
            out.append("# " + _option_help(option, kind))
            out.append(_line(option.name, entry.get(option.name, _example(option, kind, themes)), option.name in entry))
    return "\n".join(out) + "\n"


def _line(key: str, value, active: bool) -> str:
    return ("" if active else "# ") + f"{key} = {toml_value(value)}"


def sample_text(name: str) -> str:
    return (SAMPLES_DIR / name).read_text(encoding="utf-8")


def sample_files() -> dict[str, str]:
    """Every file `presswork init` writes, by its path in the new workspace."""
    files = {CONFIG_NAME: config_text()}
    for path in sorted(SAMPLES_DIR.rglob("*")):
        if path.is_file():
            files[path.relative_to(SAMPLES_DIR).as_posix()] = path.read_text(encoding="utf-8")
    files[".gitignore"] = GITIGNORE
    return files


@dataclass(frozen=True, slots=True)
class Copied:
    """What a scaffolding step did: the files it wrote and those it left alone because they exist."""

    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


def init_workspace(root: Path, force: bool = False) -> Copied:
    """Write the sample workspace into `root` (made if missing); an existing file is kept unless `force`."""
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise OutputError(Problem(f"'{root}' is a file, not a folder", fix="name a new or existing folder"))
    samples = sample_files()
    # collections of the user's own beside the samples would make every material ask which to use
    own = sorted(p.name for p in (root / "content").glob("*.y*ml")
                 if p.is_file() and f"content/{p.name}" not in samples) if (root / "content").is_dir() else []
    if own and not force:
        raise ConfigError(Problem(f"'{root}' already holds collections ({', '.join(own)}); init starts a new workspace",
                                  fix="name a new folder, e.g. `presswork init fire-safety-week`, "
                                      "or pass --force to add the samples beside them"))
    done = Copied()
    for name, text in samples.items():
        path = root / name
        if path.exists() and not force:
            done.skipped.append(path)
            continue
        write_atomic(path, text)
        done.written.append(path)
    return done


def eject(ws: Workspace, names: Iterable[str] = ()) -> Copied:
    """Copy built-in resources into the workspace's templates/ (all when no name is given); never overwrites."""
    known = builtin_names()
    names = list(dict.fromkeys(names)) or known
    unknown = [n for n in names if n not in known]
    if unknown:
        raise TemplateError([Problem(f"no built-in resource '{n}'", fix="known: " + ", ".join(known))
                             for n in unknown])
    done = Copied()
    for name in names:
        target = ws.templates_dir / name
        if target.exists() or target.is_symlink():
            done.skipped.append(target)
            continue
        write_atomic(target, (BUILTIN_DIR / name).read_bytes())
        done.written.append(target)
    return done


def open_folder(root: Path) -> Workspace:
    """A workspace for commands that need only its folder, not its presswork.toml or content."""
    if not Path(root).is_dir():
        raise ConfigError(Problem(f"workspace '{root}' is not a folder",
                                  fix="pass --workspace DIR, or make one with `presswork init DIR`"))
    return Workspace(Path(root).resolve())
