"""Themes: colour, font and weight tokens from templates/themes/*.toml, shared by PDF and DOCX.

A theme's colours are #rrggbb; its optional [cmyk] table gives the ink percentages a print shop's
PDF/X-4 uses instead (`ink = [0, 0, 0, 100]`). A colour without one is converted: greys and near
blacks go on the black plate alone (so text never prints as four-colour black), others naively.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from generator.errors import ConfigError, Problem
from generator.resources import Resources

_COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_SAFE_FONT_RE = re.compile(r"^[\w .\-]+$")
COLOR_KEYS = ("ink", "paper", "accent", "accent_ink", "muted", "rule", "band", "band_ink", "box")
FONT_KEYS = ("serif", "sans", "serif_cjk", "sans_cjk")
WEIGHT_KEYS = ("headline", "quote", "heading", "body")


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    description: str
    colors: dict[str, str]
    fonts: dict[str, str]
    weights: dict[str, int]
    fills: bool = True  # False (mono): no solid areas of colour, outlines only, to save toner
    cmyk: dict[str, tuple[float, float, float, float]] | None = None  # percentages, from [cmyk]

    def cmyk_of(self, key: str) -> tuple[float, float, float, float]:
        """The colour's ink percentages: the theme's own, else converted from its #rrggbb."""
        given = (self.cmyk or {}).get(key)
        return tuple(given) if given is not None else rgb_to_cmyk(self.colors[key])

    def css_variables(self, cmyk: bool = False) -> str:
        """The tokens as CSS custom properties for `:root`; with `cmyk`, colours as device-cmyk() (PDF/X-4)."""
        if cmyk:
            lines = [f"--color-{k.replace('_', '-')}: device-cmyk({' '.join(f'{v / 100:g}' for v in self.cmyk_of(k))});"
                     for k in self.colors]
        else:
            lines = [f"--color-{k.replace('_', '-')}: {v};" for k, v in self.colors.items()]
        lines += [f"--font-{k.replace('_', '-')}: \"{v}\";" for k, v in self.fonts.items()]
        lines += [f"--weight-{k}: {v};" for k, v in self.weights.items()]
        return "\n".join(lines)


def load_theme(name: str, resources: Resources, display=str) -> Theme:
    """Find `themes/NAME.toml` (workspace before built-in, through the one resolver) and validate it."""
    path = resources.theme_path(name) if re.fullmatch(r"[\w-]+", name) else None
    if path is None:
        raise ConfigError(Problem(f"no theme '{name}'", fix="use one of: " + ", ".join(resources.theme_names())))
    return parse_theme(name, path.read_bytes(), display(path))


def parse_theme(name: str, data: bytes, where: str) -> Theme:
    try:
        data = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(Problem(f"is not valid TOML: {exc}", where)) from None
    problems: list[Problem] = []

    def table(key: str, keys: tuple[str, ...], check) -> dict:
        values = data.get(key, {})
        out = {}
        for k in keys:
            if k not in values:
                problems.append(Problem(f"[{key}] lacks '{k}'", where, fix=f"add {k} = ..."))
                continue
            if not check(values[k]):
                problems.append(Problem(f"[{key}] {k} = {values[k]!r} is not valid", where,
                                        fix="colours are #rrggbb; fonts are family names; weights 100-900"))
                continue
            out[k] = values[k]
        return out

    colors = table("colors", COLOR_KEYS, lambda v: isinstance(v, str) and _COLOR_RE.match(v))
    fonts = table("fonts", FONT_KEYS, lambda v: isinstance(v, str) and _SAFE_FONT_RE.match(v))
    weights = table("weights", WEIGHT_KEYS, lambda v: isinstance(v, int) and 100 <= v <= 900 and v % 100 == 0)
    cmyk = _cmyk_table(data.get("cmyk", {}), where, problems)
    if problems:
        raise ConfigError(problems)
    fills = data.get("fills", True)
    if not isinstance(fills, bool):
        raise ConfigError(Problem(f"fills = {fills!r} is not true or false", where))
    return Theme(name, str(data.get("description", "")), colors, fonts, weights, fills, cmyk)


def _cmyk_table(table, where: str, problems: list[Problem]) -> dict:
    """[cmyk]: for any colour key, four ink percentages, e.g. accent = [0, 100, 85, 10]."""
    if not isinstance(table, dict):
        problems.append(Problem("[cmyk] is not a table", where, fix="write [cmyk] and lines such as ink = [0, 0, 0, 100]"))
        return {}
    out = {}
    for key, value in table.items():
        if key not in COLOR_KEYS:
            problems.append(Problem(f"[cmyk] {key} is not a colour of the theme", where,
                                    fix="use one of: " + ", ".join(COLOR_KEYS)))
        elif not (isinstance(value, list) and len(value) == 4 and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 100 for v in value)):
            problems.append(Problem(f"[cmyk] {key} = {value!r} is not four percentages", where,
                                    fix=f"write {key} = [C, M, Y, K], each 0 to 100, e.g. [0, 0, 0, 100]"))
        else:
            out[key] = tuple(float(v) for v in value)
    return out


def rgb_to_cmyk(color: str) -> tuple[float, float, float, float]:
    """#rrggbb as ink percentages. A grey goes on the black plate alone, and a near black is solid
    black; a colour gets the naive conversion (a print shop's profile does better: give [cmyk])."""
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    if max(r, g, b) - min(r, g, b) <= 10 / 255:
        k = 1 - (r + g + b) / 3
        return (0.0, 0.0, 0.0, 100.0 if k >= 0.85 else round(k * 100, 1))
    k = 1 - max(r, g, b)
    c, m, y = ((1 - v - k) / (1 - k) for v in (r, g, b))
    return tuple(round(v * 100, 1) for v in (c, m, y, k))
