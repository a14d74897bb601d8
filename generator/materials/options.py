"""THE table of render options: each declared once, feeding the Click options, presswork.toml's checks and CSV coercion.

An option's `name` is its presswork.toml key and its field in `RenderOptions`; the CLI spells it
`--name-with-dashes` unless `flag` says otherwise. `check_value` is the one place a value is
judged, so `--sign-in 900` and `sign_in = 900` are refused by the same rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, make_dataclass
from typing import Any

KINDS = ("poster", "handout", "bulletin")
LANGS = ("en", "zh")
FORMATS = ("pdf", "png", "html", "docx")
PDF_VARIANTS = ("pdf/x-4", "pdf/a-2b", "pdf/ua-1")
# the options only a PDF honours: the DOCX writer warns once when any of them is set
PRINT_OPTIONS = ("bleed", "marks", "pdf_variant", "tile", "booklet")


@dataclass(frozen=True, slots=True)
class Option:
    name: str
    type: type  # str, int, bool, or list (a list of text)
    default: Any
    help: str
    kinds: tuple[str, ...] = KINDS
    choices: tuple[str, ...] | None = None
    range: tuple[int, int] | None = None
    flag: str | None = None         # the CLI spelling when it is not --NAME (e.g. "--question")
    off_flag: str | None = None     # a boolean's "no" spelling ("--portrait", "--no-notes")
    metavar: str | None = None
    render: bool = True             # False: says how to write (dpi), not what the material shows
    limit: bool = False             # a bound on the render (timeout, max_memory): a [campaign] key, not a material's

    @property
    def cli_flag(self) -> str:
        return self.flag or "--" + self.name.replace("_", "-")

    @property
    def type_name(self) -> str:
        return {str: "text", int: "a whole number", bool: "true or false", list: "a list of text"}[self.type]


def _kinds(*kinds: str) -> tuple[str, ...]:
    return kinds


OPTIONS: tuple[Option, ...] = (
    Option("size", str, None, "Page size: A5, A4, A3, A2, A1, A0, letter, legal, tabloid, or WxHmm / WxHin."),
    Option("landscape", bool, None, "Page orientation (default: the kind's own).", off_flag="--portrait"),
    Option("theme", str, None, "Theme: safety, hazard, civic, calm, or mono (black on white for laser printers)."),
    Option("lang", str, None, "Language of labels and dates (default: the collection's).", choices=LANGS),
    Option("bilingual", bool, False, "Print each passage with its translation, and labels in both languages."),
    Option("title", str, None, "Title printed on the material (default: the collection's or campaign's)."),
    Option("org", str, None, "Organisation printed in the footer or running header."),
    Option("date", str, None, "Date printed on the material, as you want it to read (e.g. 'June 2026')."),
    Option("footer", str, None, "Text of the footer line, in the PDF and the DOCX alike: on a poster it replaces the "
           "organisation and date, on a handout it prints beside Page X of Y ('' for none).",
           kinds=_kinds("poster", "handout"), metavar="TEXT"),
    Option("headline", str, None, "Headline above the quote (default: the campaign or collection title).",
           kinds=_kinds("poster")),
    Option("pull", bool, False, "Use the excerpt's short pull_quote instead of the passage.", kinds=_kinds("poster")),
    Option("allow_small", bool, False, "Print a quote that only fits below the size that reads from a distance, "
           "instead of refusing it.", kinds=_kinds("poster")),
    Option("qr_label", str, None, "Words beside the QR code (default: 'Scan for the full text' / '扫码阅读全文').",
           kinds=_kinds("poster", "bulletin"), metavar="TEXT"),
    Option("qr", str, None, "Print a QR code linking to URL (vector in PDF, PNG in DOCX); a bulletin prints it "
           "at its foot, for the full text of boxes it shortened.", kinds=_kinds("poster", "bulletin"),
           metavar="URL"),
    Option("meeting_date", str, None, "Date of the study meeting.", kinds=_kinds("handout")),
    Option("time", str, None, "Time of the meeting, e.g. '14:30-16:00'.", kinds=_kinds("handout")),
    Option("venue", str, None, "Where the meeting is held.", kinds=_kinds("handout")),
    Option("host", str, None, "Who chairs the meeting.", kinds=_kinds("handout")),
    Option("questions", list, (), "A discussion question (repeatable; default: the collection's questions).",
           kinds=_kinds("handout"), flag="--question"),
    Option("notes", bool, True, "Ruled space for notes.", kinds=_kinds("handout"), off_flag="--no-notes"),
    Option("sign_in", int, 0, "Rows in the sign-in sheet (0 for none).", kinds=_kinds("handout"), range=(0, 500)),
    Option("issue", str, None, "Issue number printed in the masthead.", kinds=_kinds("bulletin")),
    Option("columns", int, None, "Columns of excerpt boxes (default: 3 landscape, 2 portrait).",
           kinds=_kinds("bulletin"), range=(1, 4)),
    Option("slogan", str, None, "Slogan for the band at the foot (default: the collection's).",
           kinds=_kinds("bulletin")),
    # printing (PDF only; DOCX ignores them and says so): the checks between them are in materials/page.py
    Option("bleed", int, None, "Bleed in mm beyond the trimmed size, for a print shop (default: 3 with --marks, "
           "else 0).", range=(0, 25), metavar="MM"),
    Option("marks", str, None, "Printer's marks outside the bleed: crop (trim lines), cross (registration targets) "
           "or both.", choices=("crop", "cross", "crop,cross"), metavar="crop|cross|crop,cross"),
    Option("pdf_variant", str, None, "Write a standard PDF: pdf/x-4 (print shop, CMYK with an output intent), "
           "pdf/a-2b (archive) or pdf/ua-1 (tagged for screen readers).", choices=PDF_VARIANTS,
           metavar="VARIANT"),
    Option("tile", str, None, "Split the page onto A4 or letter sheets to print on an office printer, cut and glue "
           "(see presswork tile).", kinds=_kinds("poster", "bulletin"), choices=("A4", "letter"),
           metavar="A4|letter"),
    Option("booklet", bool, False, "Impose the pages as a folded booklet on sheets twice their size (A5 onto A4).",
           kinds=_kinds("handout")),
    Option("dpi", int, 150, "Resolution of PNG output.", range=(20, 600), render=False),
    Option("timeout", int, 120, "Stop a material whose render takes longer than this many seconds.",
           range=(1, 3600), render=False, metavar="SECONDS", limit=True),
    Option("max_memory", int, 2048, "Stop a render that needs more than this many MB of memory.",
           range=(256, 65536), render=False, metavar="MB", limit=True),
)
LIMIT_OPTIONS = tuple(o for o in OPTIONS if o.limit)
BY_NAME_LIMITS = {o.name: o for o in LIMIT_OPTIONS}
BY_NAME = {o.name: o for o in OPTIONS}
RENDER_OPTIONS = tuple(o for o in OPTIONS if o.render)


def options_for(kind: str) -> tuple[Option, ...]:
    """The options a material of `kind` takes (the render bounds belong to the whole build, not here)."""
    return tuple(o for o in OPTIONS if kind in o.kinds and not o.limit)


def _frozen(value):
    return tuple(value) if isinstance(value, list) else value


# What the user chose, on the command line or in presswork.toml; None means "the default".
RenderOptions = make_dataclass(
    "RenderOptions",
    [(o.name, Any, field(default=_frozen(o.default))) for o in RENDER_OPTIONS],
    frozen=True, slots=True)
RenderOptions.__module__ = __name__
RenderOptions.__doc__ = "What the user chose on the command line or in presswork.toml; None means 'default'."


@dataclass(frozen=True, slots=True)
class Issue:
    """One value that cannot be used: the option's name and what is wrong, worded without the spelling."""

    key: str
    message: str
    fix: str | None = None


def check_value(option: Option, value: Any, kind: str | None = None,
                extra: Callable[[Option, Any], Issue | None] | None = None) -> Issue | None:
    """Judge one value against its option: type, range, choices and, given `kind`, whether that kind uses it."""
    if kind is not None and kind not in option.kinds:
        users = " and ".join(f"{k}s" for k in option.kinds)
        return Issue(option.name, f"only {users} use it, not a {kind}", "remove it from this material")
    expected = option.type
    if expected is list:
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            return Issue(option.name, f"must be a list of text, not {show_value(value)}", 'e.g. ["first", "second"]')
    elif expected is int:
        if isinstance(value, bool) or not isinstance(value, int):
            return Issue(option.name, f"must be a whole number, not {show_value(value)}", _range_fix(option))
    elif not isinstance(value, expected):
        return Issue(option.name, f"must be {option.type_name}, not {show_value(value)}")
    if option.range is not None:
        low, high = option.range
        if not low <= value <= high:
            return Issue(option.name, f"{value} is out of range", _range_fix(option))
    if option.choices is not None and value not in option.choices:
        return Issue(option.name, f"{show_value(value)} is not one of {', '.join(option.choices)}",
                     "use " + " or ".join(option.choices))
    return extra(option, value) if extra else None


def _range_fix(option: Option) -> str | None:
    return f"use {option.range[0]} to {option.range[1]}" if option.range else None


def show_value(value: Any) -> str:
    """A value from presswork.toml or a spreadsheet as an error message quotes it."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


def coerce_text(option: Option, text: str) -> Any:
    """A value given as text (a spreadsheet cell) turned into the option's type; ValueError if it cannot be."""
    text = text.strip()
    if option.type is bool:
        lowered = text.lower()
        if lowered in ("true", "yes", "1", "y"):
            return True
        if lowered in ("false", "no", "0", "n", ""):
            return False
        raise ValueError(f"'{text}' is not yes or no")
    if option.type is int:
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a whole number") from None
    if option.type is list:
        return tuple(part.strip() for part in text.split("|") if part.strip())
    return text


def render_options(values: dict[str, Any]) -> Any:
    """RenderOptions from checked values (keys not in the table are ignored)."""
    return RenderOptions(**{k: _frozen(v) for k, v in values.items() if k in BY_NAME and BY_NAME[k].render})
