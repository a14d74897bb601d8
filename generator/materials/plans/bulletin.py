"""Plans a bulletin-board sheet before any layout engine runs: type sizes, what each box shows, which sheet and column it is on.

The rule for type: box text is never smaller than the body-type rule, 14 pt on A3 growing with
the fourth root of the sheet's area (16.65 pt on A2, 11.77 pt on A4: bulletin_sheet.body_pt),
so the sheet reads from a step or two back. Where a sheet has room to spare, a region's boxes
are set larger, up to MAX_SCALE times that (and always smaller than the hero quote and the
title); a short collection on one sheet is packed the way that lets it be set largest. Only the
text takes the larger size: a box's head, padding and source line stay at the rule's size.

The sheets: a bulletin takes one sheet for every BOXES_PER_COLUMN × columns excerpts on A3, by
the square root of the area elsewhere (boxes_per_sheet: six on a three-column A3 sheet, four on
A4, eight on A2; the shipped three excerpts: one sheet). When the boxes do not all fit those sheets
whole in notice-board type, the longest box is shortened, step by step (its first paragraphs,
then its pull quote or its first sentences: bulletin_boxes.variants), until they do; then every
shortened box gets back as much of its text as still fits. A shortened box says where the full
text is ("Full text in the study handout"), and the plan warns, naming the excerpt and the fix.
Only when even the shortest boxes do not fit is a sheet added.

Each sheet is one row of "regions" (a region is one or more columns wide and holds consecutive
boxes, top to bottom: packing.py), so boxes read in number order. The PDF's fit (writers/
bulletin_fit.py) stretches every region's boxes down to the sheet's foot, so no sheet has a blank
band; no box is ever split across columns or sheets. Sheet 1 has the full masthead and the hero quote
band; every later sheet a short masthead (the title and "Sheet n of N"); the last, the timeline
and slogan band (bulletin_frame.py). bulletin.html.j2 (and the DOCX writer) only write the plan out.

Pure arithmetic on the Material: no layout engine is imported, so it is quick to test.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from generator.materials.material import Item, Material
from generator.materials.plans.bulletin_boxes import (TRANSLATION_GAP_EM, BoxText, grow_boxes, region_pt, same_text,
                                                      translation_pt, variants)
from generator.materials.plans.bulletin_frame import (Hero, choose_hero, sheet_label, size_foot,
                                                      size_masthead)
from generator.materials.plans.bulletin_sheet import A3_AREA_PT2, BODY_PT_A3, Sheet, body_pt
from generator.materials.plans.packing import BoxEstimate, Region, fill_page, pack_pages
from generator.materials.plans.text_width import text_ems

__all__ = ["BODY_PT_A3", "Box", "BoxEstimate", "BulletinPlan", "Hero", "Region", "Sheet", "body_pt", "fill_page",
           "pack_pages", "plan_bulletin", "text_ems"]

# an A3 sheet for every this many excerpts a column (boxes_per_sheet)
BOXES_PER_COLUMN = 2
# a region's boxes may be set up to this many times the body size, and at least this much smaller than the hero
MAX_SCALE = 3.0
HERO_OVER_BOX = 1.1
TITLE_OVER_BOX = 1.25
# pack to this share of a sheet's room, as the estimates can be a few percent short; set a region
# larger while it takes no more than FILL_AIM of it: the template's stretching fills the rest
SPARE = 0.98
FILL_AIM = 0.93
# shortening a box takes off at least this share of the room it takes
STEP = 0.8
# the larger hero sizes tried over boxes with room to spare (choose_hero's grow: 1/6, 2/6, … 1)
HERO_STEPS = 6
# a box's text grows, beyond its region's size, by this much at a time (points)
GROW_PT = 0.2


@dataclass(frozen=True, slots=True)
class Box:
    """How one item prints: what it shows, at what size, where; `paragraphs` and `translation` are what to print."""

    item: int                      # index into Material.items (and BulletinPlan.boxes)
    number: int
    shows: str                     # "full", "first" (its opening), "pull" (its pull quote), "none" (the hero shows it)
    paragraphs: tuple[str, ...]    # the text to print
    lang: str
    translation: tuple[str, ...]   # bilingual: the translation to print
    translation_lang: str | None
    translation_source: str
    more: bool                     # shortened: print labels["full_text"] at its foot
    head: str                      # beside the number: the date; undated: the source; neither: ""
    source: str                    # the source line under the text ("" when none, or the head shows it)
    pt: float                      # its text size, never below BulletinPlan.em
    translation_pt: float          # its translation's: a little smaller, never below BulletinPlan.em either
    text_columns: int
    span: int                      # sheet columns wide
    sheet: int                     # 0-based; -1 when it shows "none"
    height: float                  # estimated, before the template stretches it


@dataclass(frozen=True, slots=True)
class BulletinPlan:
    """What bulletin.html.j2 writes out: sizes in points, and the boxes placed on sheets."""

    em: float                 # the body-type rule: no box text is smaller
    foot_em: float            # timeline dates (--foot-pt)
    gap: float                # between boxes and regions (--gap)
    side: float               # the sheet's margin left and right (--side)
    title_pt: float
    title_lines: int          # 1 or 2, as title_pt was fitted
    kicker: str | None        # the series line above the title, unless it repeats the title
    has_meta: bool            # the masthead has its issue / date / organisation / sheet-number cell
    short_title_pt: float     # the title in the short masthead of sheets 2…N
    numbered: bool            # more than one sheet: each says "Sheet n of N"
    sheet_labels: tuple[str, ...]
    rooms: tuple[float, ...]  # per sheet: the height its regions are stretched to (less masthead, hero, foot)
    hero: Hero | None
    pages: tuple[tuple[Region, ...], ...]
    boxes: tuple[Box, ...]    # parallel to Material.items
    timeline: tuple[tuple[Item, ...], ...]  # dated items in date order, row by row
    stop_labels: tuple[tuple[str, ...], ...]  # each stop's label, whole (same shape as timeline)
    stop_pt: float
    slogan_pt: float | None   # None without a slogan
    qr: bool
    qr_pt: float
    warnings: tuple[str, ...]
    fill: float = 0.0         # how much of sheet 1's room its boxes (as estimated, set) and foot take
    translation_gap_em: float = TRANSLATION_GAP_EM


def plan_bulletin(material: Material) -> BulletinPlan:
    """Size the masthead, hero, timeline and slogan band; choose what each box shows and put it on a sheet.

    Over boxes with room to spare the hero is set larger, up to nearly the title's size: the
    largest hero that adds no sheet, shortens no box and sets no box's text smaller than a
    smaller hero would (the hero's size caps theirs, so a larger one may let them grow)."""
    sheet = Sheet(material.page.width_pt, material.page.height_pt, material.columns)
    masthead = size_masthead(material, sheet, numbered=False)
    hero = choose_hero(material, sheet, masthead.title_pt)
    foot = size_foot(material, sheet, hero.pt if hero else None)
    plans = [_plan(material, sheet, masthead, hero, foot)]
    if hero is None:
        return plans[0]
    for step in range(1, HERO_STEPS + 1):
        larger = choose_hero(material, sheet, masthead.title_pt, step / HERO_STEPS)
        if larger is not None and larger.pt > plans[-1].hero.pt:
            plans.append(_plan(material, sheet, masthead, larger, foot))
    return max(plans, key=lambda plan: (_rank(plan), plan.hero.pt))


def _rank(plan: BulletinPlan) -> tuple[int, int, float]:
    """What a hero size is judged by: fewest sheets, most text shown, then the smallest box text on sheet 1 largest."""
    shown = [box for box in plan.boxes if box.shows != "none"]
    first = [box.pt for box in shown if box.sheet == 0]
    return (-len(plan.pages), sum(len(" ".join(box.paragraphs)) for box in shown),
            round(min(first, default=plan.em), 1))


def _plan(material: Material, sheet: Sheet, masthead, hero: Hero | None, foot) -> BulletinPlan:
    """The plan with this masthead, hero and foot: what each box shows, where, at what size."""
    items = material.items
    hidden = _shown_by_hero(items, hero)
    heads = [_head_and_source(item) for item in items]
    choices = [[BoxText.of(item, v, *heads[i]) for v in variants(item, hero.text if hero else None)]
               for i, item in enumerate(items)]
    visible = [i for i in range(len(items)) if i != hidden]
    target = max(1, math.ceil(len(visible) / boxes_per_sheet(sheet)))
    hero_h = hero.height if hero else 0.0
    spare = SPARE * material.box_room
    fitted = _Fit(choices, visible, sheet, masthead.height + hero_h, masthead.short_height, foot.height, target,
                  spare)
    if fitted.sheets > 1:
        # numbered sheets: sheet 1's masthead says "Sheet 1 of N" too, and may grow a line
        masthead = size_masthead(material, sheet, numbered=True)
        fitted = _Fit(choices, visible, sheet, masthead.height + hero_h, masthead.short_height, foot.height,
                      fitted.sheets, spare)
    largest = min(MAX_SCALE * sheet.em, hero.pt / HERO_OVER_BOX if hero else math.inf,
                  masthead.title_pt / TITLE_OVER_BOX)
    boxes: list[Box | None] = [None] * len(items)
    pages: list[tuple[Region, ...]] = []
    for number, page in enumerate(fitted.pages):
        room = fitted.room(number, last=number == len(fitted.pages) - 1)
        candidates = [page]
        if len(fitted.pages) == 1 and not any(fitted.text(i).more for i in visible):
            # everything prints whole on one sheet, with room to spare: of the ways to pack it
            # (boxes at least 1, 2, … columns wide), the one whose type, set larger, fills it best
            candidates += fitted.packings()
        settled = [_settle(fitted, candidate, number, room, largest, items, heads, spare)
                   for candidate in candidates]
        regions, placed = max(settled, key=lambda s: _filled(s[0], sheet.columns, room))
        for i, box in placed.items():
            boxes[i] = box
        pages.append(regions)
    first_room = fitted.room(0, last=len(pages) == 1)
    fill = (max(r.height for r in pages[0]) + (foot.height if len(pages) == 1 else 0)) / (
        first_room + (foot.height if len(pages) == 1 else 0))
    if hidden is not None:
        boxes[hidden] = _box(items[hidden], hidden, choices[hidden][0], heads[hidden], sheet.em, sheet.em, 1, 0,
                             -1, 0.0, shows="none")
    count = len(pages)
    return BulletinPlan(
        em=sheet.em, foot_em=sheet.em, gap=sheet.gap, side=sheet.side,
        title_pt=masthead.title_pt, title_lines=masthead.title_lines, kicker=masthead.kicker,
        has_meta=masthead.has_meta, short_title_pt=masthead.short_title_pt, numbered=count > 1,
        sheet_labels=tuple(sheet_label(material, n, count) for n in range(1, count + 1)) if count > 1 else (),
        rooms=tuple(fitted.room(n, last=n == count - 1) for n in range(count)),
        hero=hero,
        pages=tuple(pages), boxes=tuple(boxes), timeline=foot.timeline, stop_labels=foot.stop_labels,
        stop_pt=foot.stop_pt, slogan_pt=foot.slogan_pt, qr=bool(material.qr), qr_pt=foot.qr_pt,
        warnings=tuple(_warning(material, box) for box in boxes if box and box.more), fill=fill)


def boxes_per_sheet(sheet: Sheet) -> int:
    """How many excerpts a sheet takes before a bulletin takes another: BOXES_PER_COLUMN a column on
    A3, by the square root of the area elsewhere (fewer on A4, more on A2), one a column at least."""
    return max(sheet.columns, round(BOXES_PER_COLUMN * sheet.columns * math.sqrt(
        sheet.width * sheet.height / A3_AREA_PT2)))


def _settle(fitted: "_Fit", page: tuple[Region, ...], number: int, room: float, largest: float,
            items: tuple[Item, ...], heads: list[tuple[str, str]],
            spare: float) -> tuple[tuple[Region, ...], dict[int, "Box"]]:
    """One sheet's regions as they print: shortened boxes given back what their region has room for,
    then the region's boxes set as large as it allows."""
    sheet = fitted.sheet
    regions, boxes = [], {}
    for region in page:
        fitted.lengthen_within(region, room * spare)
        texts = [fitted.text(i) for i in region.items]
        aim = room * spare * FILL_AIM / SPARE
        pt = region_pt(texts, sheet, region.width, aim, largest)
        pts = grow_boxes(texts, sheet, region.width, pt, aim, largest)
        columns = tuple(text.columns(sheet, region.width, p) for text, p in zip(texts, pts))
        heights = [text.height(sheet, region.width, p) for text, p in zip(texts, pts)]
        regions.append(replace(region, text_columns=columns, height=sum(heights),
                               width_pt=sheet.span_width(region.width)))
        for i, text, p, cols, height in zip(region.items, texts, pts, columns, heights):
            boxes[i] = _box(items[i], i, text, heads[i], p, sheet.em, cols, region.width, number, height)
    return tuple(regions), boxes


def _filled(regions: tuple[Region, ...], columns: int, room: float) -> float:
    """How much of a sheet's room its boxes' text takes, before they are stretched."""
    return sum(region.width * min(region.height, room) for region in regions) / (columns * room)


def _shown_by_hero(items: tuple[Item, ...], hero: Hero | None) -> int | None:
    """The item whose whole text the hero prints (a one-line quote): its box is not repeated,
    unless it is the only one."""
    if hero is None or len(items) < 2:
        return None
    item = items[hero.item]
    return hero.item if same_text(" ".join(item.paragraphs), hero.text) else None


def _head_and_source(item: Item) -> tuple[str, str]:
    """The box head shows the date; an undated box shows its source there instead (and not again under the text)."""
    if item.date:
        return item.date, item.source
    return item.source, ""


def _box(item: Item, index: int, text: BoxText, head: tuple[str, str], pt: float, em: float, columns: int,
         span: int, sheet: int, height: float, shows: str | None = None) -> Box:
    v = text.variant
    return Box(index, item.number, shows or v.shows, v.paragraphs, item.lang, v.translation,
               item.translation_lang if v.translation else None, item.translation_source if v.translation else "",
               text.more and shows is None, head[0], head[1], pt, translation_pt(pt, em), columns, span, sheet,
               height)


def _warning(material: Material, box: Box) -> str:
    item = material.items[box.item]
    count = len(box.paragraphs)
    if box.shows == "pull":
        what = "its pull quote"
    elif box.paragraphs == item.paragraphs[:count]:
        what = "its first paragraph" if count == 1 else f"its first {count} paragraphs"
    else:
        what = "its opening sentences"
    rule = body_pt(material.page.width_pt, material.page.height_pt)
    return (f"bulletin: excerpt '{item.ref}' is too long for notice-board type ({rule:.1f} pt and up) on "
            f"{material.page.name} and is shortened to {what}, with a line pointing to the full text "
            f"(give the bulletin fewer excerpts or a larger --size to print it whole)")


class _Fit:
    """What each box shows, and the sheets they are packed on: the fewest shortenings that fit
    `target` sheets (more only when even the shortest boxes do not)."""

    def __init__(self, choices: list[list[BoxText]], visible: list[int], sheet: Sheet, first_top: float,
                 next_top: float, foot: float, target: int, spare: float):
        self.choices, self.visible, self.sheet, self.foot, self.spare = choices, visible, sheet, foot, spare
        self.first_cap = (sheet.content_height - first_top) * spare
        self.next_cap = (sheet.content_height - next_top) * spare
        self._estimates: dict[tuple[int, int], BoxEstimate] = {}
        self.sheets = target
        while True:
            self.choice = {i: 0 for i in visible}
            if self._shorten_until_it_fits():
                break
            self.sheets += 1
        self._lengthen()
        self.pages = self._pack(self.choice)

    def text(self, i: int) -> BoxText:
        return self.choices[i][self.choice[i]]

    def room(self, page: int, last: bool) -> float:
        """A sheet's height for boxes, as packed (before SPARE)."""
        return (self.first_cap if page == 0 else self.next_cap) / self.spare - (self.foot if last else 0)

    def _estimate(self, i: int, v: int) -> BoxEstimate:
        key = (i, v)
        if key not in self._estimates:
            self._estimates[key] = self.choices[i][v].estimate(self.sheet, self.first_cap - self.foot)
        return self._estimates[key]

    def _pack(self, choice: dict[int, int]) -> tuple[tuple[Region, ...], ...]:
        pages = pack_pages([self._estimate(i, choice[i]) for i in self.visible], self.sheet.columns,
                           self.first_cap, self.next_cap, self.foot)
        # the packer numbers the boxes it was given: back to item indexes
        return tuple(tuple(replace(r, items=tuple(self.visible[k] for k in r.items)) for r in page)
                     for page in pages)

    def packings(self) -> list[tuple[Region, ...]]:
        """Other ways to pack a one-sheet bulletin: every box at least 1, 2, … columns wide."""
        boxes = [self._estimate(i, self.choice[i]) for i in self.visible]
        cap = self.first_cap - self.foot
        out = []
        for floor in range(1, self.sheet.columns + 1):
            regions, placed = fill_page(boxes, 0, cap, cap, floor, self.sheet.columns)
            if placed == len(boxes):
                out.append(tuple(replace(r, items=tuple(self.visible[k] for k in r.items)) for r in regions))
        return out

    def _fits(self, choice: dict[int, int]) -> bool:
        """The sheets hold every box, and no box that could be shorter is taller than a whole sheet
        (the packer gives such a box a sheet of its own, and it would run on past the sheet's foot)."""
        if any(min(self._estimate(i, choice[i]).heights) > self.next_cap and choice[i] < len(self.choices[i]) - 1
               for i in self.visible):
            return False
        return len(self._pack(choice)) <= self.sheets

    def _area(self, i: int, v: int) -> float:
        e = self._estimate(i, v)
        return e.heights[e.span - 1] * e.span

    def _shorten_until_it_fits(self) -> bool:
        """Shorten the box that takes most room, by at least a fifth of it each time, until the sheets hold them all."""
        while not self._fits(self.choice):
            longer = [i for i in self.visible if self.choice[i] < len(self.choices[i]) - 1]
            if not longer:
                return False
            i = max(longer, key=lambda i: self._area(i, self.choice[i]))
            area, last = self._area(i, self.choice[i]), len(self.choices[i]) - 1
            self.choice[i] = next((v for v in range(self.choice[i] + 1, last) if self._area(i, v) <= STEP * area),
                                  last)
        return True

    def lengthen_within(self, region: Region, room: float) -> None:
        """Longer texts for a region's shortened boxes while the region, as wide as it is, stays within `room`."""
        def fits(choice: dict[int, int]) -> bool:
            return sum(self.choices[i][choice[i]].height(self.sheet, region.width, self.sheet.em)
                       for i in region.items) <= room

        for i in sorted((i for i in region.items if self.choice[i]), key=lambda i: self.choice[i]):
            self.choice[i] = self._longest(i, fits)

    def _lengthen(self) -> None:
        """Give shortened boxes back what still fits on the sheets: the one that needs least room first."""
        shortened = [i for i in self.visible if self.choice[i]]
        shortened.sort(key=lambda i: self._area(i, 0) - self._area(i, self.choice[i]))
        for i in shortened:
            self.choice[i] = self._longest(i, self._fits)

    def _longest(self, i: int, fits) -> int:
        """The longest text of box i, no longer than it has now, with which `fits(choice)` holds
        (texts are in order of length, so a bisection finds it)."""
        low, high = 0, self.choice[i]      # high fits
        while low < high:
            mid = (low + high) // 2
            if fits({**self.choice, i: mid}):
                high = mid
            else:
                low = mid + 1
        return high
