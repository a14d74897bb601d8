"""Plans a bulletin-board sheet before WeasyPrint lays it out: type sizes, box sizes, pages.

The sheet is planned before layout because a box must never split and one long excerpt can
be taller than a column. Each box's height is estimated from its text at every width; a box
spans as many columns as it needs to fit. Each page is one row of "regions" (a region is one
or more columns wide and holds consecutive boxes, top to bottom), so boxes read in number
order: down a region, then on to the next. The packer looks for the lowest region height
that fits every remaining box on the page, which keeps the regions balanced; what does not
fit starts the next page. WeasyPrint still sizes everything from the real text, so an
estimate that is a little off moves a box, and never splits it.

The masthead title and the slogan are fitted to their width here too, and the masthead and
the foot (timeline and slogan band, at the bottom of the last page) are measured so that the
boxes leave room for them. Lengths mirror bulletin.css (vw = W / 100, vh = H / 100, vmax the
larger): keep the two in step. bulletin.html.j2 only writes the plan out.

Pure arithmetic on the Material: no layout engine is imported, so it is quick to test.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from generator.materials.material import Item, Material
from generator.materials.plans.packing import BoxEstimate, Region, fill_page, pack_pages  # noqa: F401
from generator.materials.plans.text_width import LATIN_EM, text_ems

__all__ = ["BulletinPlan", "Region", "plan_bulletin"]

# --- measured: how wide text sets, in ems of its own size (see plans/text_width.py) -----------

# a justified line loses about an em to the word (or CJK punctuation) that did not fit on it
LINE_LOSS_EM = 1

# --- choices ----------------------------------------------------------------------------------

# box text is 10.5 pt on A3 and grows by the fourth root of the page area (12.5 pt on A2)
BOX_PT_A3 = 10.5
# Larger box text for short content, tried largest first; a scaled plan must leave 10% spare
# room on its one page, as the estimates can be a few percent short.
SCALES = (3.0, 2.5, 2.0, 1.75, 1.5, 1.3, 1.15)
SCALED_FILL = 0.9
A3_AREA_PT2 = 1190.55 * 841.89
# the narrowest text column worth splitting a wide box's text into, in ems
TEXT_COLUMN_EM = 25.6
# this many lines or fewer read better across the box than shared out over text columns
SHORT_TEXT_LINES = 6
# the title stays on one line while it is this large (33 pt on A3): readable across a corridor
TITLE_ONE_LINE_VMAX = 2.8
# two lines hold a little less than twice one line's text, as they break between words
TWO_LINE_FIT = 1.85
# a timeline stop needs about this many ems of box text for its date and source
STOP_EM = 9.5
# a timeline stop's source is cut to this many characters (Chinese, other): a line or three
STOP_CHARS_ZH = 16
STOP_CHARS = 36
# fill 99% of the room the estimates give a page, so that small misses still fit
SPARE = 0.99

# --- lengths from bulletin.css ------------------------------------------------------------------

GAP_VW = 1.4    # --gap, between boxes and regions
SIDE_VW = 2.4   # --side, the sheet's margin left and right
INNER = 0.952   # the masthead and the timeline between their side margins: 1 - 2 × 2.4%
META_VW = 24    # .masthead-meta, beside the title
# a box's padding (0.8 + 0.7 em) and head (0.9 em at 1.6, 0.55 em under it); its borders in vw
BOX_CHROME_EM = 3.49
BOX_CHROME_VW = 0.57
# .box-source: 0.82 em type at line-height 1.35
SOURCE_LINE_EM = 1.107
# a bilingual box: the translation is set this much smaller (.box-translation), below a rule this far down
TRANSLATION_SCALE = 0.88
TRANSLATION_GAP_EM = 0.9
FIRST_PAGE_MARGINS_MM = 7   # @page :first: none at the top, where the masthead runs to the edge
NEXT_PAGE_MARGINS_MM = 17   # @page: 10 mm top, 7 mm bottom


@dataclass(frozen=True, slots=True)
class Sheet:
    """The page in points, and the lengths bulletin.css derives from it."""

    width: float
    height: float
    columns: int
    scale: float = 1.0  # box text larger than the page's base size, when the content is short

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
        """Box text size (--box-pt)."""
        return BOX_PT_A3 * ((self.width * self.height) / A3_AREA_PT2) ** 0.25 * self.scale

    @property
    def gap(self) -> float:
        return GAP_VW * self.vw

    @property
    def side(self) -> float:
        return SIDE_VW * self.vw

    @property
    def track(self) -> float:
        """One sheet column's width, without the gaps between columns."""
        return (self.width - 2 * SIDE_VW * self.vw - (self.columns - 1) * self.gap) / self.columns


@dataclass(frozen=True, slots=True)
class BulletinPlan:
    """What bulletin.html.j2 writes out: sizes in points, and the boxes placed on pages."""

    em: float                 # box text (--box-pt)
    foot_em: float            # timeline text (--foot-pt): the page's base size, never scaled
    gap: float                # between boxes and regions (--gap)
    side: float               # the sheet's margin left and right (--side)
    title_pt: float
    title_lines: int          # 1 or 2, as title_pt was fitted
    kicker: str | None        # the series line above the title, unless it repeats the title
    has_meta: bool            # the masthead has its issue / date / organisation cell
    slogan_pt: float | None   # None without a slogan
    timeline: tuple[tuple[Item, ...], ...]  # dated items in date order, row by row
    stop_chars: int           # a timeline stop's source is cut to this many characters
    pages: tuple[tuple[Region, ...], ...]
    fill: float = 0.0         # how much of page 1's room under the masthead its boxes and foot take
    translation_scale: float = TRANSLATION_SCALE   # a bilingual box's translation, against --box-pt
    translation_gap_em: float = TRANSLATION_GAP_EM


@dataclass(frozen=True, slots=True)
class Masthead:
    title_pt: float
    title_lines: int
    kicker: str | None
    has_meta: bool
    height: float  # with the space under it


@dataclass(frozen=True, slots=True)
class Foot:
    timeline: tuple[tuple[Item, ...], ...]
    stop_chars: int
    slogan_pt: float | None
    height: float


def plan_bulletin(material: Material) -> BulletinPlan:
    """Size the masthead, timeline and slogan band, and put every box on a page.

    Content that leaves most of a one-page sheet empty is set larger, so the sheet reads from
    further away instead of holding a few small boxes under the masthead: the largest of
    SCALES whose plan stays on one page with room to spare.
    """
    plan = _plan(material, 1.0)
    if len(plan.pages) == 1:
        for scale in SCALES:
            larger = _plan(material, scale)
            if len(larger.pages) == 1 and larger.fill <= SCALED_FILL:
                return larger
    return plan


def _plan(material: Material, scale: float) -> BulletinPlan:
    sheet = Sheet(material.page.width_pt, material.page.height_pt, material.columns, scale)
    masthead = size_masthead(material, sheet)
    base = Sheet(sheet.width, sheet.height, sheet.columns)
    foot = size_foot(material, base)
    first_cap = (sheet.height - masthead.height - FIRST_PAGE_MARGINS_MM / 25.4 * 72) * SPARE
    next_cap = (sheet.height - NEXT_PAGE_MARGINS_MM / 25.4 * 72) * SPARE
    boxes = [estimate_box(item, sheet, first_cap - foot.height) for item in material.items]
    return BulletinPlan(
        em=sheet.em, foot_em=base.em, gap=sheet.gap, side=sheet.side,
        title_pt=masthead.title_pt, title_lines=masthead.title_lines, kicker=masthead.kicker,
        has_meta=masthead.has_meta, slogan_pt=foot.slogan_pt, timeline=foot.timeline,
        stop_chars=foot.stop_chars,
        pages=(pages := pack_pages(boxes, sheet.columns, first_cap, next_cap, foot.height)),
        fill=(max(region.height for region in pages[0]) + foot.height) / first_cap if pages else 0.0)


def size_masthead(material: Material, sheet: Sheet) -> Masthead:
    """The title on one line while that stays readable across a corridor, else on two; type
    scales with the page's long side, so portrait keeps it."""
    vw, vh, vmax = sheet.vw, sheet.vh, sheet.vmax
    has_meta = bool(material.issue_label or material.date or material.organisation)
    title_w = sheet.width * INNER - (META_VW * vw if has_meta else 0)
    fit = title_w / text_ems(material.title, "headline")
    if fit >= TITLE_ONE_LINE_VMAX * vmax:
        lines, title_pt = 1, min(4 * vmax, fit)  # .title is 4vmax at most
    else:
        lines, title_pt = 2, min(3.4 * vmax, max(TWO_LINE_FIT * fit, 2.2 * vmax))
    kicker = material.kicker
    # .title: line-height 1.1; .kicker: 1.3vmax at 1.2, and 0.5vh under it
    title_h = lines * 1.1 * title_pt + (1.3 * vmax * 1.2 + 0.5 * vh if kicker else 0)
    # .masthead-meta: 24vw less its 1.8vw padding; .issue 2.1vmax at 1.2; .date, .org 1.15vmax at 1.25
    org_lines = math.ceil(text_ems(material.organisation or "", "meta") * 1.15 * vmax / (22.2 * vw))
    meta_h = ((2.1 * vmax * 1.2 if material.issue_label else 0)
              + ((1 if material.date else 0) + org_lines) * 1.15 * vmax * 1.25)
    # padding 1.7vh twice and 1.6vh under it; mono trades fill for rules, 0.25vh more
    height = max(title_h, meta_h) + (5 if material.theme.fills else 5.25) * vh
    return Masthead(title_pt, lines, kicker, has_meta, height)


def size_foot(material: Material, sheet: Sheet) -> Foot:
    """The timeline (as many stops to a row as have room for their labels, the rows evened out)
    and the slogan band, fitted to the page's width."""
    W, vw, vh, vmax, em = sheet.width, sheet.vw, sheet.vh, sheet.vmax, sheet.em
    zh = material.lang == "zh"
    dated = sorted((item for item in material.items if item.iso_date), key=lambda item: item.iso_date)
    room = max(3, int((W * 0.86) / (em * STOP_EM)))
    rows = math.ceil(len(dated) / room)
    per_row = math.ceil(len(dated) / max(rows, 1))
    timeline = tuple(tuple(dated[k:k + per_row]) for k in range(0, len(dated), per_row)) if dated else ()
    # the track is the band's width less the 9vw title cell; each stop is padded 0.5vw a side
    stop_w = (W * INNER - 9 * vw) / (min(per_row, len(dated)) or 1) - vw
    source_ems = STOP_CHARS_ZH if zh else STOP_CHARS * LATIN_EM["source"]
    source_lines = min(3, math.ceil(source_ems * 0.85 * em / stop_w))
    # padding 1.2vh + 1.4vh; a row: the rule and dot, the date, the source; 2.2vh between rows
    timeline_h = (2.6 * vh + rows * (0.8 * vw + 1.8 * em + 1.1 * em * source_lines) + (rows - 1) * 2.2 * vh
                  if dated else 0)
    slogan_pt = None
    band_h = 0
    if material.slogan:
        # Chinese slogans are tracked wider: 0.08 em, not 0.04 em
        fit = 0.86 * W / (text_ems(material.slogan, "headline") * (1.15 if zh else 1.0))
        slogan_pt = min(2.2 * vmax, max(fit, 1.6 * vw))
        # padding 1vh twice (mono: and its 0.35vh and 0.9vh rules); line-height 1.2
        band_h = (2 if material.theme.fills else 3.25) * vh + 1.2 * slogan_pt
    return Foot(timeline, STOP_CHARS_ZH if zh else STOP_CHARS, slogan_pt, timeline_h + band_h)


def estimate_box(item: Item, sheet: Sheet, fits_within: float) -> BoxEstimate:
    """Box `item`'s height at every width, from its text; its span is the fewest columns at
    which it is no taller than `fits_within`. A bilingual box holds its translation too."""
    em, vw, gap = sheet.em, sheet.vw, sheet.gap
    blocks = [_Block(item.paragraphs, item.lang, em, item.source)]
    if item.translation:
        blocks.append(_Block(item.translation, item.translation_lang or "en", em * TRANSLATION_SCALE,
                             item.translation_source))
    heights: list[float] = []
    text_columns: list[int] = []
    span = 0
    for w in range(1, sheet.columns + 1):
        # the box's text width: its columns and the gaps between, less its padding and borders
        text_w = w * sheet.track + (w - 1) * gap - 2.1 * em - 0.24 * vw
        cols = max(1, int((text_w + 1.6 * em) / (TEXT_COLUMN_EM * em)))
        if sum(block.lines(text_w) for block in blocks) <= SHORT_TEXT_LINES:
            cols = 1
        text_h = sum(block.height(text_w, cols) for block in blocks)
        text_h += (len(blocks) - 1) * TRANSLATION_GAP_EM * em
        height = text_h + BOX_CHROME_EM * em + BOX_CHROME_VW * vw + gap
        heights.append(height)
        text_columns.append(cols)
        if not span and height <= fits_within:
            span = w
    return BoxEstimate(tuple(heights), tuple(text_columns), span or sheet.columns)


@dataclass(frozen=True, slots=True)
class _Block:
    """A box's text in one language at its own size: paragraphs, then its source line."""

    paragraphs: tuple[str, ...]
    lang: str
    em: float
    source: str

    @property
    def widths(self) -> list[float]:
        zh = self.lang == "zh"
        # Chinese paragraphs are indented 2 em
        return [(text_ems(paragraph, "body") + (2 if zh else 0)) * self.em for paragraph in self.paragraphs]

    def lines(self, width: float) -> int:
        return sum(math.ceil(w / (width - LINE_LOSS_EM * self.em)) for w in self.widths)

    def height(self, text_w: float, cols: int) -> float:
        em = self.em
        line = em * (1.7 if self.lang == "zh" else 1.45)  # .box-text line-height
        col_w = (text_w - (cols - 1) * 1.6 * em) / cols
        count = self.lines(text_w) if cols == 1 else self.lines(col_w)
        # paragraphs are 0.5 em apart; balancing text over columns costs about half a line
        text_h = (count * line + (len(self.paragraphs) - 1) * 0.5 * em) / cols + (0.5 * line if cols > 1 else 0)
        if not self.source:
            return text_h
        # the source line has a dash in front of it
        source_w = (text_ems(self.source, "source") + 2) * 0.82 * em
        return text_h + (0.55 + math.ceil(source_w / (text_w - LINE_LOSS_EM * em)) * SOURCE_LINE_EM) * em
