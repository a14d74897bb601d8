"""Tiling arithmetic: which sheets, in which orientation, show which part of a poster; pure numbers, no PDF.

All lengths are PDF points on paper (the poster already scaled), measured from the top-left corner, as the
sheets are laid out on a table. A sheet prints inside its margin; on its top and left edges a narrow cut
band lies outside the picture (the cut line and scissors go there, and it is cut away); on its right and
bottom edges the picture runs on by the overlap, the glue strip that the next sheet covers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator.errors import ConfigError, Problem
from generator.materials.page import PAGE_SIZES, PT_PER_MM

SHEETS = ("A4", "letter")
CUT_BAND_MM = 4.0
OVERLAP_RANGE_MM = (5.0, 50.0)
MARGIN_RANGE_MM = (0.0, 25.0)
SCALE_RANGE = (0.1, 10.0)
_EPS = 0.01  # points: a poster a hair over a whole number of steps takes no extra sheet


@dataclass(frozen=True, slots=True)
class Tile:
    """One sheet of the grid: `window` is the poster area printed on it, `visible` what shows once glued.

    Both are (x, y, width, height) on the poster, in points on paper from its top-left corner."""

    row: int
    col: int
    label: str
    window: tuple[float, float, float, float]
    visible: tuple[float, float, float, float]
    glue_right: bool
    glue_bottom: bool


@dataclass(frozen=True, slots=True)
class TileGrid:
    onto: str
    sheet_width: float
    sheet_height: float
    margin: float
    band: float
    overlap: float
    scale: float
    poster_width: float
    poster_height: float
    cols: int
    rows: int

    @property
    def landscape(self) -> bool:
        return self.sheet_width > self.sheet_height

    @property
    def sheets(self) -> int:
        return self.cols * self.rows

    @property
    def origin(self) -> tuple[float, float]:
        """Where the top-left corner of a sheet's window sits on the sheet."""
        return self.margin + self.band, self.margin + self.band

    @property
    def window_width(self) -> float:
        return self.sheet_width - 2 * self.margin - self.band

    @property
    def window_height(self) -> float:
        return self.sheet_height - 2 * self.margin - self.band

    @property
    def step_x(self) -> float:
        return self.window_width - self.overlap

    @property
    def step_y(self) -> float:
        return self.window_height - self.overlap

    def tile(self, row: int, col: int) -> Tile:
        x, y = col * self.step_x, row * self.step_y
        w = min(self.window_width, self.poster_width - x)
        h = min(self.window_height, self.poster_height - y)
        last_col, last_row = col == self.cols - 1, row == self.rows - 1
        return Tile(row, col, tile_label(row, col), (x, y, w, h),
                    (x, y, w if last_col else self.step_x, h if last_row else self.step_y),
                    glue_right=not last_col, glue_bottom=not last_row)

    @property
    def tiles(self) -> tuple[Tile, ...]:
        """Row by row, left to right: the order the sheets print and are glued in."""
        return tuple(self.tile(r, c) for r in range(self.rows) for c in range(self.cols))

    def sheet_box(self, tile: Tile) -> tuple[float, float, float, float]:
        """The part of `tile`'s sheet that stays visible on the assembled poster, from the sheet's top-left."""
        ox, oy = self.origin
        return ox, oy, tile.visible[2], tile.visible[3]

    def describe(self) -> str:
        orientation = "landscape" if self.landscape else "portrait"
        return f"{self.sheets} {self.onto} {orientation} sheets, {self.cols} across × {self.rows} down"


def tile_label(row: int, col: int) -> str:
    """Row letters A…Z, AA… top to bottom, then the column number: `B2` is row 2, column 2."""
    letters, n = "", row + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{col + 1}"


def sheet_key(onto: str) -> str:
    key = next((s for s in SHEETS if s.lower() == str(onto).lower()), None)
    if key is None:
        raise ConfigError(Problem(f"cannot tile onto '{onto}'", fix="use " + " or ".join(SHEETS)))
    return key


def _count(length: float, window: float, step: float) -> int:
    if length <= window + _EPS:
        return 1
    return math.ceil((length - (window - step) - _EPS) / step)


def check_values(overlap_mm: float, scale: float, margin_mm: float) -> None:
    """Every out-of-range tiling value reported together, with its allowed range."""
    problems = []
    lo, hi = OVERLAP_RANGE_MM
    if not lo <= overlap_mm <= hi:
        problems.append(Problem(f"overlap {overlap_mm:g} mm is out of range", fix=f"use {lo:g} to {hi:g} mm"))
    lo, hi = SCALE_RANGE
    if not lo <= scale <= hi:
        problems.append(Problem(f"scale {scale * 100:g}% is out of range", fix=f"use {lo * 100:g}% to {hi * 100:g}%"))
    lo, hi = MARGIN_RANGE_MM
    if not lo <= margin_mm <= hi:
        problems.append(Problem(f"margin {margin_mm:g} mm is out of range", fix=f"use {lo:g} to {hi:g} mm"))
    if problems:
        raise ConfigError(problems)


def plan_tiles(width: float, height: float, onto: str = "A4", overlap_mm: float = 10.0, scale: float = 1.0,
               margin_mm: float = 6.0) -> TileGrid:
    """The grid for a `width` × `height` pt page: the sheet orientation giving the fewest sheets.

    A tie goes to sheets turned like the poster. Raises ConfigError when the page, scaled, fits on one sheet."""
    onto = sheet_key(onto)
    check_values(overlap_mm, scale, margin_mm)
    short, long_ = (v * PT_PER_MM for v in PAGE_SIZES[onto])
    poster_w, poster_h = width * scale, height * scale
    if (poster_w <= short + 1 and poster_h <= long_ + 1) or (poster_w <= long_ + 1 and poster_h <= short + 1):
        raise ConfigError(Problem(
            f"the page ({poster_w / PT_PER_MM:.0f} × {poster_h / PT_PER_MM:.0f} mm) already fits on one {onto} sheet",
            fix="print it directly, or enlarge it with --scale"))
    margin, band, overlap = margin_mm * PT_PER_MM, CUT_BAND_MM * PT_PER_MM, overlap_mm * PT_PER_MM
    candidates = []
    for landscape in (False, True):
        sheet_w, sheet_h = (long_, short) if landscape else (short, long_)
        grid = TileGrid(onto, sheet_w, sheet_h, margin, band, overlap, scale, poster_w, poster_h, 1, 1)
        if min(grid.step_x, grid.step_y) < overlap:
            raise ConfigError(Problem(f"overlap {overlap_mm:g} mm and margin {margin_mm:g} mm leave too little "
                                      f"of an {onto} sheet", fix="use a smaller overlap or margin"))
        cols = _count(poster_w, grid.window_width, grid.step_x)
        rows = _count(poster_h, grid.window_height, grid.step_y)
        turned_like_poster = landscape == (poster_w > poster_h)
        candidates.append((cols * rows, not turned_like_poster,
                           TileGrid(onto, sheet_w, sheet_h, margin, band, overlap, scale, poster_w, poster_h,
                                    cols, rows)))
    return min(candidates, key=lambda c: c[:2])[2]
