"""A bulletin box's text and its estimated height: what it shows (whole, its opening, its pull quote), at any width and size.

A box prints its excerpt whole when the sheet has room for it in notice-board type; a long one
shows its first paragraph(s), its pull quote or its first sentence(s) instead, with a line
saying where the full text is (Box.more). `variants` lists what a box may show, longest first;
`BoxText` estimates a variant's height at any width and type size, from its text (plans/
text_width.py), as bulletin.css sets it. Lines never run longer than MAX_LINE_EM: a wide box
sets its text in columns.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from generator.content.text import split_sentences
from generator.materials.material import Item
from generator.materials.plans.bulletin_sheet import Sheet
from generator.materials.plans.packing import BoxEstimate
from generator.materials.plans.text_width import ZERO_WIDTH, text_ems
from generator.materials.typography import plain, typeset

# a justified line loses about an em to the word that did not fit on it (Chinese: to the
# punctuation and characters typeset() keeps together)
LINE_LOSS_EM = {"en": 1.0, "zh": 1.5}
# balancing text over columns costs about this many lines for each column after the first
BALANCE_LINES = 1.0
# a source line is right-aligned after a dash: estimate it this much wider, as a line that only just
# fits by the estimate often wraps
SOURCE_MARGIN = 1.08
# .box-source is no wider than this many of its ems (about 90 characters)
SOURCE_MAX_EM = 46
# the longest line a box sets, in ems of its text: about 80 Latin characters (0.48 em each on
# average), 42 Chinese ones; a reader's eye finds the next line, and nothing runs over 90 / 45
MAX_LINE_EM = {"en": 39.0, "zh": 42.0}
# nor are they set so large that a line holds fewer than about 34 Latin characters (or 16 Chinese)
MIN_LINE_EM = {"en": 16.0, "zh": 16.0}
# text in columns fills at least this many lines of each
MIN_COLUMN_LINES = 3
# --- lengths from bulletin.css ------------------------------------------------------------------
# a box's padding (0.8 + 0.7 em) and head (0.9 em at 1.6, 0.55 em under it); its borders in vw
BOX_CHROME_EM = 3.49
BOX_CHROME_VW = 0.57
BOX_PAD_EM = 1.05       # left and right
BOX_BORDER_VW = 0.24    # left and right together
COLUMN_GAP_EM = 1.6
LINE = {"en": 1.45, "zh": 1.7}    # .box-text line-height
PARAGRAPH_GAP_EM = 0.5
# .box-source and .box-more: 0.82 em type at line-height 1.35, 0.55 em above
SMALL_EM = 0.82
SMALL_LINE_EM = 1.107
SMALL_GAP_EM = 0.55
# a bilingual box: the translation is set this much smaller (translation_pt), below a rule this
# far down, and this far above its text (in ems of the box's text)
TRANSLATION_SCALE = 0.88
TRANSLATION_GAP_EM = 0.9
TRANSLATION_PAD_EM = 0.35

SHOWS = ("full", "first", "pull", "none")


def translation_pt(pt: float, em: float) -> float:
    """A bilingual box's translation size: TRANSLATION_SCALE of its text's `pt`, but never below the
    body-type rule `em` (a box at the rule's size prints its translation at the rule's size too)."""
    return max(pt * TRANSLATION_SCALE, em)


@dataclass(frozen=True, slots=True)
class Variant:
    """What a box may show: its text and its translation (which a pull quote or a cut sentence lacks)."""

    shows: str
    paragraphs: tuple[str, ...]
    translation: tuple[str, ...]


def same_text(a: str, b: str) -> bool:
    """The same words, whatever the joiners and spacing typeset() put in."""
    clean = lambda s: "".join(c for c in plain(s) if c not in ZERO_WIDTH and not c.isspace())  # noqa: E731
    return clean(a) == clean(b)


def variants(item: Item, hero: str | None) -> list[Variant]:
    """What item's box may show, longest first: the whole text; then its opening, cut after each
    sentence in turn (its translation, paragraph for paragraph, cut where it reaches the same share
    of its length) while that is longer than its pull quote; then its pull quote (unless the hero
    already shows it); without one, down to its first sentence."""
    paragraphs, translation = item.paragraphs, item.translation
    aligned = len(translation) == len(paragraphs)
    pull = item.pull_quote if item.pull_quote and not (hero and same_text(item.pull_quote, hero)) else ""
    shortest = len(plain(pull)) if pull else 0
    joiner = "" if item.lang == "zh" else " "
    other = item.translation_lang or "en"
    out = [Variant("full", paragraphs, translation)]
    openings: list[Variant] = []
    for k, paragraph in enumerate(paragraphs):
        # whole paragraphs before paragraph k, then its first j sentences
        sentences = split_sentences(plain(paragraph))
        theirs = split_sentences(plain(translation[k])) if aligned else []
        for j in range(1, len(sentences)):
            cut = typeset(joiner.join(sentences[:j]), item.lang)
            cut_translation = ()
            if theirs:
                share = theirs[:_same_share(theirs, len(joiner.join(sentences[:j])) / len(plain(paragraph)))]
                cut_translation = translation[:k] + (typeset(("" if other == "zh" else " ").join(share), other),)
            openings.append(Variant("first", paragraphs[:k] + (cut,), cut_translation))
        if k + 1 < len(paragraphs):
            openings.append(Variant("first", paragraphs[:k + 1], translation[:k + 1] if aligned else ()))
    for variant in reversed(openings):
        if len(plain(joiner.join(variant.paragraphs))) > shortest:
            out.append(variant)
    if pull and len(plain(pull)) < len(plain(joiner.join(out[-1].paragraphs))):
        out.append(Variant("pull", (pull,), ()))
    return out


def _same_share(sentences: list[str], share: float) -> int:
    """How many of a translation's sentences come nearest `share` of its length (at least one): a
    shortened box's translation stops about where its text does, however the two split their sentences."""
    total = sum(len(s) for s in sentences) or 1
    ends = list(itertools.accumulate(len(s) for s in sentences))
    return min(range(1, len(sentences) + 1), key=lambda n: abs(ends[n - 1] / total - share))


@dataclass(frozen=True, slots=True)
class _Block:
    """A box's text in one language, at the box's text size or (`translated`) its translation's:
    paragraph widths in ems, and its source line (set at the sheet's body size, whatever the text's size)."""

    widths: tuple[float, ...]     # each paragraph's width on one line, in ems of its own size
    lang: str
    translated: bool
    source_em: float              # the source line's width in ems of the body size (0: none)

    @classmethod
    def of(cls, paragraphs: tuple[str, ...], lang: str, translated: bool, source: str) -> "_Block":
        zh = lang == "zh"
        # Chinese paragraphs are indented 2 em
        widths = tuple(text_ems(p, "body") + (2 if zh else 0) for p in paragraphs)
        # the source line has a dash in front of it
        source_em = (text_ems(source, "source") + 2) * SMALL_EM if source else 0.0
        return cls(widths, "zh" if zh else "en", translated, source_em)

    def size(self, pt: float, base: float) -> float:
        """Its type size with the box's text at `pt` on a sheet whose body-type rule is `base`."""
        return translation_pt(pt, base) if self.translated else pt

    def line_counts(self, measure_em: float) -> list[int]:
        return [math.ceil(w / (measure_em - LINE_LOSS_EM[self.lang])) for w in self.widths]

    def lines(self, measure_em: float) -> int:
        return sum(self.line_counts(measure_em))

    def columns(self, text_w: float, pt: float, base: float) -> int:
        """The fewest columns that keep its lines no longer than MAX_LINE_EM."""
        size = self.size(pt, base)
        cols = 1
        while (text_w - (cols - 1) * COLUMN_GAP_EM * pt) / cols / size > MAX_LINE_EM[self.lang]:
            cols += 1
        return cols

    def height(self, text_w: float, pt: float, cols: int, base: float) -> float:
        size = self.size(pt, base)
        line = size * LINE[self.lang]
        col_w = (text_w - (cols - 1) * COLUMN_GAP_EM * pt) / cols
        counts = self.line_counts(col_w / size)
        gaps = (len(self.widths) - 1) * PARAGRAPH_GAP_EM * size
        if cols == 1:
            height = sum(counts) * line + gaps
        else:
            # balanced columns, but a paragraph of three lines or fewer is never split (orphans and
            # widows: 2), and balancing costs about a line a column after the first
            tallest = max(math.ceil(sum(counts) / cols), max((n for n in counts if n <= 3), default=0))
            height = tallest * line + gaps / cols + BALANCE_LINES * (cols - 1) * line
        if self.source_em:
            measure = min(text_w - base, SOURCE_MAX_EM * SMALL_EM * base)
            height += (SMALL_GAP_EM + math.ceil(self.source_em * base * SOURCE_MARGIN / measure)
                       * SMALL_LINE_EM) * base
        return height


@dataclass(frozen=True, slots=True)
class BoxText:
    """One variant of a box, ready to measure: its blocks of text, head, and the "full text" line."""

    variant: Variant
    blocks: tuple[_Block, ...]
    head_em: float     # the head's text width (date or source), in ems of the body size
    more: bool

    @classmethod
    def of(cls, item: Item, variant: Variant, head: str, source: str) -> "BoxText":
        blocks = [_Block.of(variant.paragraphs, item.lang, False, source)]
        if variant.translation:
            blocks.append(_Block.of(variant.translation, item.translation_lang or "en", True, item.translation_source))
        # .box-head: 0.9 em sans, after the number (1.6 em wide and 0.5 em of margin)
        head_em = 0.9 * (text_ems(head, "source") + 2.1)
        return cls(variant, tuple(blocks), head_em, variant.shows in ("first", "pull"))

    def text_width(self, sheet: Sheet, span: int, pt: float | None = None) -> float:
        """The width inside the box's padding and borders (which are in ems of the body size)."""
        return sheet.span_width(span) - 2 * BOX_PAD_EM * sheet.em - BOX_BORDER_VW * sheet.vw

    def largest(self, sheet: Sheet, span: int) -> float:
        """The largest size that keeps its lines at least MIN_LINE_EM long, `span` columns wide."""
        return self.text_width(sheet, span) / max(MIN_LINE_EM[block.lang] for block in self.blocks)

    def columns(self, sheet: Sheet, span: int, pt: float) -> int:
        text_w = self.text_width(sheet, span)
        return max(block.columns(text_w, pt, sheet.em) for block in self.blocks)

    def thin_columns(self, sheet: Sheet, span: int, pt: float) -> bool:
        """Its text would run in columns of fewer than MIN_COLUMN_LINES lines each: better larger or smaller."""
        cols = self.columns(sheet, span, pt)
        if cols == 1:
            return False
        text_w = self.text_width(sheet, span)
        col_w = (text_w - (cols - 1) * COLUMN_GAP_EM * pt) / cols
        return any(block.lines(col_w / block.size(pt, sheet.em)) < MIN_COLUMN_LINES * cols for block in self.blocks)

    def height(self, sheet: Sheet, span: int, pt: float) -> float:
        """Its height, the gap under it included, `span` columns wide with its text at `pt`; the
        head, padding, source line and "full text" line stay at the body size."""
        base = sheet.em
        text_w = self.text_width(sheet, span)
        cols = self.columns(sheet, span, pt)
        text_h = sum(block.height(text_w, pt, cols, base) for block in self.blocks)
        text_h += (len(self.blocks) - 1) * (TRANSLATION_GAP_EM + TRANSLATION_PAD_EM) * pt
        head_lines = max(1, math.ceil(self.head_em * base / text_w))
        text_h += (head_lines - 1) * 0.9 * 1.6 * base
        if self.more:
            text_h += (SMALL_GAP_EM + SMALL_LINE_EM) * base
        return text_h + BOX_CHROME_EM * base + BOX_CHROME_VW * sheet.vw + sheet.gap

    def estimate(self, sheet: Sheet, fits_within: float) -> BoxEstimate:
        """Its height and text columns at every width at the sheet's body size; its span is the
        fewest columns at which it is no taller than `fits_within`."""
        pt = sheet.em
        heights = tuple(self.height(sheet, w, pt) for w in range(1, sheet.columns + 1))
        columns = tuple(self.columns(sheet, w, pt) for w in range(1, sheet.columns + 1))
        span = next((w for w, h in enumerate(heights, start=1) if h <= fits_within), sheet.columns)
        return BoxEstimate(heights, columns, span)


def region_pt(texts: list[BoxText], sheet: Sheet, span: int, aim: float, largest: float) -> float:
    """The largest size (to 0.2 pt, between the body size and `largest`, and keeping lines at least
    MIN_LINE_EM long) at which a region of these boxes, `span` columns wide, is no taller than `aim`;
    a size at which a box's text would run in columns of a line or two is passed over when a
    smaller one sets it well. (A shortened box takes it too: it was given back all the text its
    region has room for at the body size first.)"""
    if texts:
        largest = min(largest, min(text.largest(sheet, span) for text in texts))
    fallback = None
    # not bisected: the height jumps down where a text needs one column fewer
    tenths = math.floor(largest * 5) * 2
    while tenths > sheet.em * 10:
        pt = tenths / 10
        if sum(text.height(sheet, span, pt) for text in texts) <= aim:
            if not any(text.thin_columns(sheet, span, pt) for text in texts):
                return pt
            fallback = fallback or pt
        tenths -= 2
    return fallback or sheet.em


def grow_boxes(texts: list[BoxText], sheet: Sheet, span: int, pt: float, aim: float, largest: float,
               step: float = 0.2) -> list[float]:
    """Each box's size, from the region's `pt` up: while the region stays no taller than `aim`, the
    box set smallest (of those that can) grows a step, up to `largest`, so that a box of a line or
    two fills its share of the region with type rather than space. A step that would set a box's
    text in columns of a line or two is not taken."""
    if not texts:
        return []
    top = min(largest, min(text.largest(sheet, span) for text in texts))
    pts = [pt] * len(texts)
    heights = [text.height(sheet, span, pt) for text in texts]
    growing = set(range(len(texts)))
    while growing:
        k = min(growing, key=lambda k: (pts[k], heights[k]))
        size = round(pts[k] + step, 2)
        height = texts[k].height(sheet, span, size) if size <= top else math.inf
        if sum(heights) - heights[k] + height > aim or texts[k].thin_columns(sheet, span, size):
            growing.discard(k)
            continue
        pts[k], heights[k] = size, height
    return pts
