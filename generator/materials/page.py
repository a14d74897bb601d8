"""Page sizes and orientation: named and custom sizes, which kinds offer which, millimetres and points."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import ConfigError, Problem

MM_PER_IN = 25.4
PT_PER_MM = 72 / 25.4

# Portrait width x height in millimetres.
PAGE_SIZES = {
    "A5": (148, 210), "A4": (210, 297), "A3": (297, 420), "A2": (420, 594),
    "A1": (594, 841), "A0": (841, 1189),
    "letter": (215.9, 279.4), "legal": (215.9, 355.6), "tabloid": (279.4, 431.8),
}
SIZE_NAMES = tuple(PAGE_SIZES)
_CUSTOM_SIZE = re.compile(r"^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)(mm|in)$", re.IGNORECASE)

DEFAULT_PAGE = {"poster": ("A3", False), "handout": ("A4", False), "bulletin": ("A3", True)}
ALLOWED_SIZES = {
    "poster": None,  # any
    "handout": ("A4", "letter", "A5"),
    "bulletin": ("A3", "A2"),
}

@dataclass(frozen=True, slots=True)
class PageSpec:
    """A page size in millimetres, already turned to the chosen orientation."""

    name: str
    width_mm: float
    height_mm: float

    @property
    def landscape(self) -> bool:
        return self.width_mm > self.height_mm

    @property
    def width_pt(self) -> float:
        return self.width_mm * PT_PER_MM

    @property
    def height_pt(self) -> float:
        return self.height_mm * PT_PER_MM

    @property
    def css_size(self) -> str:
        return f"{self.width_mm:g}mm {self.height_mm:g}mm"

    def describe(self) -> str:
        orientation = "landscape" if self.landscape else "portrait"
        return f"{self.name} {orientation} ({self.width_pt:.0f} × {self.height_pt:.0f} pt)"


def parse_page(size: str, landscape: bool | None, kind: str = "poster", spell: str = "--size ") -> PageSpec:
    """`A3`, `letter`, `420x594mm` or `11x17in`; landscape None keeps the kind's default.

    `spell` leads each message: `--size ` on the command line, `size: ` in presswork.toml."""
    key = next((k for k in PAGE_SIZES if k.lower() == size.lower()), None)
    if key is not None:
        allowed = ALLOWED_SIZES[kind]
        if allowed and key not in allowed:
            raise ConfigError(Problem(f"{spell}{size} is not offered for a {kind}",
                                      fix="use one of: " + ", ".join(allowed)))
        w, h = PAGE_SIZES[key]
        name = key
    else:
        m = _CUSTOM_SIZE.match(size.strip())
        if m and ALLOWED_SIZES[kind]:
            raise ConfigError(Problem(f"{spell}{size}: a {kind} comes in set sizes only",
                                      fix="use one of: " + ", ".join(ALLOWED_SIZES[kind])))
        if not m:
            raise ConfigError(Problem(f"{spell}'{size}' is not a page size",
                                      fix="use " + ", ".join(SIZE_NAMES) + ", or WxHmm / WxHin"))
        factor = MM_PER_IN if m[3].lower() == "in" else 1
        w, h = float(m[1]) * factor, float(m[2]) * factor
        if not (50 <= min(w, h) and max(w, h) <= 5000):
            raise ConfigError(Problem(f"{spell}'{size}' is outside 50 mm to 5 m",
                                      fix="give a printable size such as 500x700mm"))
        name = size.lower()
        if landscape is None:
            landscape = w > h
    if landscape is None:
        landscape = DEFAULT_PAGE[kind][1]
    short, long_ = sorted((w, h))
    return PageSpec(name, long_, short) if landscape else PageSpec(name, short, long_)
