"""The poster's geometry, once: the shares of the page its bands take, read by poster.css, the auto-fit and the DOCX writer.

Every length is a share of the page's width (`vw`) or height (`vh`), so each page size keeps the
same proportions. poster.css reads them as custom properties (`var(--poster-quote-area-height)`);
Python reads the same numbers through `PosterGeometry`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator.materials.page import PageSpec
from generator.materials.plans.text_width import CJK_FROM, advance_em, greedy_lines, unit_widths

# (name, value, unit): the order is the order they appear in the CSS variables.
GEOMETRY = (
    ("masthead-height", 17, "vh"),
    ("side", 8, "vw"),              # the quote area's margin left and right
    ("quote-top", 5, "vh"),          # between the masthead and the quote area
    ("quote-area-height", 61, "vh"),
    ("mark-size", 10, "vw"),         # the decorative quote mark's font size (at most; see mark_pt)
    ("mark-height", 0, "vw"),        # the height it takes in the flow: none, it hangs in the margin
    ("attribution-gap", 3.2, "vh"),
    ("attribution-size", 2.4, "vw"),
    ("rule-width", 0.5, "vw"),
    ("rule-gap", 1.4, "vh"),
    ("footer-bottom", 4, "vh"),
    ("footer-height", 7, "vh"),      # under its padding; the QR code beside the text may reach below it
    ("footer-pad", 1.5, "vh"),       # between the rule and the text
    ("footer-rule", 0.15, "vw"),
    ("footer-size", 2, "vw"),
    ("footer-text-width", 52, "vw"),  # the footer's text beside a QR code (without one: the whole width)
    ("qr-size", 7, "vh"),
    ("headline-size", 4.6, "vw"),
    ("series-size", 2.3, "vw"),
    ("translation-size", 0.55, "em"),  # a bilingual poster's translation, against the quote's size
    ("translation-gap", 0.6, "em"),
)
VALUES = {name: (value, unit) for name, value, unit in GEOMETRY}
ATTRIBUTION_LINE = 1.35  # line-height of the attribution (poster.css)
QUOTE_LINE = {"en": 1.3, "zh": 1.45}


MARK_EMS = 3.2   # the hung quote mark is never more than this many times the quote's size


def mark_pt(page: PageSpec, quote_pt: float) -> float:
    """The quote mark hung in the margin: large, but in proportion to a quote set small."""
    return round(min(VALUES["mark-size"][0] / 100 * page.width_pt, MARK_EMS * quote_pt), 1)


def css_variables() -> str:
    return "\n".join(f"--poster-{name}: {value:g}{unit};" for name, value, unit in GEOMETRY)


@dataclass(frozen=True, slots=True)
class PosterGeometry:
    """The geometry in points for one page."""

    page: PageSpec

    def pt(self, name: str) -> float:
        value, unit = VALUES[name]
        assert unit in ("vw", "vh"), f"{name} is relative to the quote's size, not the page"
        return value / 100 * (self.page.width_pt if unit == "vw" else self.page.height_pt)

    @property
    def quote_width(self) -> float:
        return self.page.width_pt - 2 * self.pt("side")

    @property
    def quote_height(self) -> float:
        return self.pt("quote-area-height")

    @property
    def footer_top(self) -> float:
        """Where the footer's rule stands, from the page's top: poster.css anchors the box by its foot,
        footer-height its content's, the padding and the rule on top of that."""
        return (self.page.height_pt - self.pt("footer-bottom") - self.pt("footer-height") - self.pt("footer-pad")
                - self.pt("footer-rule"))

    def attribution_height(self, date: str, source: str) -> float:
        """The attribution block under the quote: its gap, the short rule, the date line and the source's lines."""
        size = self.pt("attribution-size")
        lines = (1 if date else 0) + math.ceil(len(source) * advance_em(source) * size / self.quote_width)
        return self.pt("attribution-gap") + self.pt("rule-width") + self.pt("rule-gap") + lines * size * ATTRIBUTION_LINE

    def text_area(self, date: str, source: str) -> float:
        """Width × height (pt²) the quote text itself may fill: the area less the quote mark and attribution."""
        height = self.quote_height - self.pt("mark-height") - self.attribution_height(date, source)
        return self.quote_width * max(height, 0.0)


# --- the masthead: the series line over the headline, fitted so that neither is ever cut ------

MASTHEAD_SIDE_VW = 7        # .masthead's padding left and right
MASTHEAD_PAD_VH = 1.8       # kept clear above and below its text, inside the band
HEADLINE_LINE = 1.15        # .headline line-height
SERIES_LINE = 1.3           # .series line-height
SERIES_GAP_VH = 1           # .series margin-bottom
SERIES_MIN_VW = 1.5
SERIES_CAPS_EM = 0.72       # an upper-case, letter-spaced sans character, in ems
HEADLINE_READS_VW = 2.8     # a headline smaller than this no longer reads as one: a warning says so
HEADLINE_LAST_VW = 1.2      # and it is never set smaller than this, however long
FIT_SAFETY = 0.93           # the width estimate can run a few percent short of the real line
STEP = 0.96


@dataclass(frozen=True, slots=True)
class MastheadFit:
    """The masthead's type sizes (pt) and lines, and a warning when the headline had to be set small."""

    headline_pt: float
    headline_lines: int
    series_pt: float
    series_lines: int
    warning: str | None = None


def fit_masthead(page: PageSpec, headline: str, series: str | None) -> MastheadFit:
    """The largest headline size (up to --poster-headline-size) that fits the masthead band with the
    series line above it, on as many lines as the band holds; the series on one line when it can."""
    geometry = PosterGeometry(page)
    vw, vh = page.width_pt / 100, page.height_pt / 100
    width = (page.width_pt - 2 * MASTHEAD_SIDE_VW * vw) * FIT_SAFETY
    room = geometry.pt("masthead-height") - 2 * MASTHEAD_PAD_VH * vh
    series_pt, series_lines = geometry.pt("series-size"), 0
    if series:
        caps = text_width_caps(series)
        series_pt = max(SERIES_MIN_VW * vw, min(series_pt, width / caps))
        series_lines = greedy_lines(unit_widths(series.upper(), SERIES_CAPS_EM), width / series_pt)
        room -= series_lines * series_pt * SERIES_LINE + SERIES_GAP_VH * vh
    size = geometry.pt("headline-size")
    units = unit_widths(headline, "headline")
    longest = max((w for w, _ in units), default=0.0)   # a word wider than the band would run out of it
    while True:
        lines = greedy_lines(units, width / size)
        fits = lines * size * HEADLINE_LINE <= room and longest * size <= width
        if fits or size <= HEADLINE_LAST_VW * vw:
            break
        size *= STEP
    size = round(size, 1)
    warning = None
    if size < HEADLINE_READS_VW * vw:
        warning = (f"headline: '{_short(headline)}' only fits the poster's masthead at {size:g} pt on "
                   f"{page.name} (shorten it, or give a shorter one with --headline or headline = \"...\")")
    return MastheadFit(size, lines, round(series_pt, 1), series_lines, warning)


def text_width_caps(text: str) -> float:
    """The width (ems) of `text` set in capitals and letter-spaced, as .series sets it (CJK a full em)."""
    return sum(1.0 if c >= CJK_FROM else SERIES_CAPS_EM for c in text)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
