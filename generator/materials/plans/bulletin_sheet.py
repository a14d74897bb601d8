"""A bulletin sheet's geometry: the body-type rule, and the lengths bulletin.css derives from the page.

The body-type rule: box text is at least 14 pt on A3 and grows with the fourth root of the
sheet's area (16.65 pt on A2, 11.77 pt on A4), so it reads from a step or two back whatever
the sheet; short content may be set larger, never smaller.

Lengths mirror bulletin.css (vw = W / 100, vh = H / 100, vmax the larger): keep the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass

# the body-type rule: 14 pt on A3, by the fourth root of the area elsewhere
BODY_PT_A3 = 14.0
A3_AREA_PT2 = 1190.55 * 841.89

GAP_VW = 1.4    # --gap, between boxes and regions
SIDE_VW = 2.4   # --side, the sheet's margin left and right
INNER = 0.952   # the masthead, hero and timeline between their side margins: 1 - 2 × 2.4%
# @page: no margin at the top (every sheet's masthead runs to the top edge), 7 mm at the foot
BOTTOM_MARGIN_MM = 7
MM = 72 / 25.4


def body_pt(width: float, height: float) -> float:
    """The smallest box text a sheet `width` × `height` points may have (the body-type rule)."""
    return BODY_PT_A3 * ((width * height) / A3_AREA_PT2) ** 0.25


@dataclass(frozen=True, slots=True)
class Sheet:
    """The page in points, and the lengths bulletin.css derives from it."""

    width: float
    height: float
    columns: int

    @property
    def vw(self) -> float:
        return self.width / 100

    @property
    def vh(self) -> float:
        return self.height / 100

    @property
    def vmax(self) -> float:
        return max(self.width, self.height) / 100

    @property
    def em(self) -> float:
        """The body-type rule's size for this sheet."""
        return body_pt(self.width, self.height)

    @property
    def gap(self) -> float:
        return GAP_VW * self.vw

    @property
    def side(self) -> float:
        return SIDE_VW * self.vw

    @property
    def content_height(self) -> float:
        """What the template sets each sheet's block to: its height inside its @page margins, less
        a point, so that rounding never pushes the foot onto a page of its own."""
        return self.height - BOTTOM_MARGIN_MM * MM - 1

    @property
    def track(self) -> float:
        """One sheet column's width, without the gaps between columns."""
        return (self.width - 2 * self.side - (self.columns - 1) * self.gap) / self.columns

    def span_width(self, span: int) -> float:
        """A region `span` columns wide, the gaps between its columns included."""
        return span * self.track + (span - 1) * self.gap
