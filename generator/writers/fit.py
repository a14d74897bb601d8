"""Poster auto-fit: the largest quote size that fits the page, measured on real layouts by the PDF writer."""

from __future__ import annotations

import math
from pathlib import Path

from generator.errors import Problem, RenderError
from generator.materials.material import Material
from generator.materials.plans.poster import PosterGeometry
from generator.materials.plans.text_width import text_ems
from generator.writers.pdf import measure

QUOTE_MIN_PT = 6.0


def quote_floor_pt(material: Material) -> float:
    """Below this a poster's quote stops reading from across a room: 14 pt on A3, 12 pt on A4 and A5."""
    return max(12.0, round(material.page.width_pt / 60, 1))


def fit_poster(material: Material, build_html, base_url: Path, roots: list[Path], stylesheets) -> tuple[Material, tuple[str, ...]]:
    """Posters get the fitted quote size (and a note when it is too small to read); other kinds pass through."""
    if material.kind != "poster":
        return material, ()
    size = fit_quote(build_html, material, base_url, roots, stylesheets)
    notes: tuple[str, ...] = ()
    floor = quote_floor_pt(material)
    if size < floor:
        notes = (f"the quote only fits at {size:g} pt, below the {floor:g} pt that reads from a distance "
                 f"on {material.page.name} (use --pull for the short pull quote, select fewer sentences, "
                 "or choose a larger --size)",)
    return material.with_quote_size(size), notes


def _first_guess(material, upper: float) -> float:
    """A size to try first, from the text's length: its area at that size should fill ~65% of the page's quote area."""
    text = " ".join(material.quote)
    geometry = PosterGeometry(material.page)
    ems = text_ems(text, "quote")
    size = (geometry.quote_width * geometry.quote_height * 0.65 / (max(ems, 1.0) * 1.35)) ** 0.5
    return math.floor(min(max(size, QUOTE_MIN_PT), upper) * 10) / 10


def fit_quote(build_html, material, base_url: Path, roots: list[Path], stylesheets) -> float:
    """The largest quote size, in points (to 0.1 pt), at which the laid-out quote block fits its area.

    Each step lays the poster out (no PDF is written) and measures the block. The quote text's
    height grows about with the square of the size (more lines, each taller) while the quote
    mark and attribution stay put, so one layout predicts the answer closely and a second
    usually confirms it; once a size that fits and one that does not are known, it bisects.
    It stops when the block fills 92% of its area, or the two sizes are within 3%.
    """
    upper = math.floor(material.page.width_pt / 7 * 10) / 10  # a one-line quote stops at a sensible size
    low: float | None = None     # largest size measured to fit
    high: float | None = None    # smallest size measured not to fit
    size = _first_guess(material, upper)
    for _ in range(12):
        m = measure(build_html(material.with_quote_size(size)), base_url, roots, stylesheets)
        if m.fits:
            low = size if low is None else max(low, size)
            if m.needed >= 0.92 * m.available or size >= upper:
                break
        else:
            high = size if high is None else min(high, size)
            if size <= QUOTE_MIN_PT:
                break
        if low is not None and high is not None:
            if high / low <= 1.03:
                break
            guess = (low * high) ** 0.5
        elif m.pages > 1:
            guess = size * 0.6  # the block ran off the page, so its measured height is cut short
        else:
            fixed = m.needed - m.quote if m.quote > 0 else 0.0
            k = (m.quote or m.needed) / (size * size)
            # aim a little low when coming down from an overflow: a fit ends the search, a miss does not
            aim = 0.99 if m.fits else 0.96
            guess = ((m.available - fixed) / k) ** 0.5 * aim if m.available > fixed else size * 0.6
        guess = math.floor(min(max(guess, QUOTE_MIN_PT), upper) * 10) / 10
        if low is not None:
            guess = max(guess, round(low + 0.1, 1))
        if high is not None:
            guess = min(guess, round(high - 0.1, 1))
        if guess == size or guess == low or guess == high:
            break
        size = guess
    if low is None:
        raise RenderError(Problem("the quote does not fit the poster even at 6 pt",
                                  fix="use --pull for the excerpt's short pull quote, select fewer "
                                      "sentences (ID:P:S-S), or choose a larger --size"))
    return low
