"""The poster's geometry, once: the shares of the page its bands take, read by poster.css, the auto-fit and the DOCX writer.

Every length is a share of the page's width (`vw`) or height (`vh`), so each page size keeps the
same proportions. poster.css reads them as custom properties (`var(--poster-quote-area-height)`);
Python reads the same numbers through `PosterGeometry`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator.materials.page import PageSpec
from generator.materials.plans.text_width import advance_em

# (name, value, unit): the order is the order they appear in the CSS variables.
GEOMETRY = (
    ("masthead-height", 17, "vh"),
    ("side", 8, "vw"),              # the quote area's margin left and right
    ("quote-top", 5, "vh"),          # between the masthead and the quote area
    ("quote-area-height", 61, "vh"),
    ("mark-size", 14, "vw"),         # the decorative quote mark's font size
    ("mark-height", 7, "vw"),        # the height it takes in the flow
    ("attribution-gap", 3.2, "vh"),
    ("attribution-size", 2.4, "vw"),
    ("rule-width", 0.5, "vw"),
    ("rule-gap", 1.4, "vh"),
    ("footer-bottom", 4, "vh"),
    ("footer-height", 7, "vh"),
    ("footer-size", 2, "vw"),
    ("headline-size", 4.6, "vw"),
    ("series-size", 2.3, "vw"),
    ("translation-size", 0.55, "em"),  # a bilingual poster's translation, against the quote's size
    ("translation-gap", 0.6, "em"),
)
VALUES = {name: (value, unit) for name, value, unit in GEOMETRY}
ATTRIBUTION_LINE = 1.35  # line-height of the attribution (poster.css)
QUOTE_LINE = {"en": 1.3, "zh": 1.45}


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

    def attribution_height(self, date: str, source: str) -> float:
        """The attribution block under the quote: its gap, the short rule, the date line and the source's lines."""
        size = self.pt("attribution-size")
        lines = (1 if date else 0) + math.ceil(len(source) * advance_em(source) * size / self.quote_width)
        return self.pt("attribution-gap") + self.pt("rule-width") + self.pt("rule-gap") + lines * size * ATTRIBUTION_LINE

    def text_area(self, date: str, source: str) -> float:
        """Width × height (pt²) the quote text itself may fill: the area less the quote mark and attribution."""
        height = self.quote_height - self.pt("mark-height") - self.attribution_height(date, source)
        return self.quote_width * max(height, 0.0)
