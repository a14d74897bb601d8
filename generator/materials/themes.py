"""Themes: colour, font and weight tokens from templates/themes/*.toml, shared by PDF and DOCX."""

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

    def css_variables(self) -> str:
        """The tokens as CSS custom properties for `:root`."""
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
    if problems:
        raise ConfigError(problems)
    fills = data.get("fills", True)
    if not isinstance(fills, bool):
        raise ConfigError(Problem(f"fills = {fills!r} is not true or false", where))
    return Theme(name, str(data.get("description", "")), colors, fonts, weights, fills)
