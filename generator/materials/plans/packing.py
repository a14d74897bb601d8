"""Packing a bulletin's boxes onto pages: each page one row of regions, the regions balanced, boxes in reading order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# region heights tried between the lowest that could hold the boxes and the page's room
TARGET_STEPS = 16


@dataclass(frozen=True, slots=True)
class BoxEstimate:
    """One box's estimated height (points, its gap included) at 1 to `columns` columns wide."""

    heights: tuple[float, ...]
    text_columns: tuple[int, ...]  # its text's column-count at each width
    span: int                      # the fewest columns it fits in under the masthead and foot


@dataclass(frozen=True, slots=True)
class Region:
    """One or more sheet columns holding consecutive boxes, top to bottom."""

    width: int                     # sheet columns it spans
    items: tuple[int, ...]         # indexes into Material.items, in reading order
    text_columns: tuple[int, ...]  # for each item: its text's column-count at this width
    height: float                  # estimated, in points, the gap under each box included
    width_pt: float = 0.0          # its width in points (the bulletin plan fills it in)


def pack_pages(boxes: Sequence[BoxEstimate], columns: int, first_cap: float, next_cap: float,
               foot: float) -> tuple[tuple[Region, ...], ...]:
    """Put every box on a page, in order. The foot goes under the last page's boxes: when it
    does not fit there, pack again, keeping room for it on that page and any after it."""
    pages = _pack(boxes, columns, first_cap, next_cap, foot, tight_from=len(boxes) + 1)
    if pages:
        last_cap = first_cap if len(pages) == 1 else next_cap
        if max(region.height for region in pages[-1]) + foot > last_cap:
            pages = _pack(boxes, columns, first_cap, next_cap, foot, tight_from=len(pages) - 1)
    return pages


def _pack(boxes: Sequence[BoxEstimate], columns: int, first_cap: float, next_cap: float, foot: float,
          tight_from: int) -> tuple[tuple[Region, ...], ...]:
    """Fill page after page; pages from `tight_from` on keep room for the foot."""
    pages: list[tuple[Region, ...]] = []
    start = 0
    while start < len(boxes):  # a page always takes at least one box
        index = len(pages)
        cap = (first_cap if index == 0 else next_cap) - (foot if index >= tight_from else 0)
        regions, placed = _fill_best(boxes, start, cap, columns)
        pages.append(regions)
        start += placed
    return tuple(pages)


def _fill_best(boxes: Sequence[BoxEstimate], start: int, cap: float,
               columns: int) -> tuple[tuple[Region, ...], int]:
    """The lowest target that places every remaining box, boxes as narrow as they may be;
    failing that, wider boxes; failing that, as many boxes as fit."""
    area = 0
    tallest = 0
    for box in boxes[start:]:
        area += box.heights[box.span - 1] * box.span
        tallest = max(tallest, box.heights[box.span - 1])
    low = max(area / columns, tallest)
    best: tuple[tuple[Region, ...], int] = ((), 0)
    for floor in range(1, columns + 1):
        for step in range(TARGET_STEPS + 1):
            if best[1] == len(boxes) - start:
                return best
            target = cap if step == TARGET_STEPS else min(low + (cap - low) * step / TARGET_STEPS, cap)
            filled = fill_page(boxes, start, target, cap, floor, columns)
            if filled[1] > best[1]:
                best = filled
    return best


def fill_page(boxes: Sequence[BoxEstimate], start: int, target: float, cap: float, floor: int,
              columns: int) -> tuple[tuple[Region, ...], int]:
    """Fill one page from box `start`, stacking regions no taller than `target` (a lone box may
    be taller, up to `cap`), every box at least `floor` columns wide. Returns the regions and
    how many boxes they hold."""
    regions: list[tuple[int, list[int], float]] = []  # (width, items, height)
    used = width = placed = 0
    items: list[int] = []
    height = 0.0
    for i in range(start, len(boxes)):
        span = max(boxes[i].span, floor)
        # the open region's height were it widened to this box's span, this box included
        widened = sum((boxes[j].heights[span - 1] for j in items), boxes[i].heights[span - 1])
        if items and span <= width and height + boxes[i].heights[width - 1] <= target:
            items.append(i)
            height += boxes[i].heights[width - 1]
        elif items and span > width and used + span <= columns and widened <= target:
            items.append(i)
            width, height = span, widened
        else:
            if items:
                regions.append((width, items, height))
                used += width
                items = []
            if used + span > columns or (regions and boxes[i].heights[span - 1] > cap):
                break
            items, width, height = [i], span, boxes[i].heights[span - 1]
        placed += 1
    if items:
        regions.append((width, items, height))
        used += width
    # columns left over: widen the tallest region, one column at a time
    for _ in range(columns - used):
        k = max(range(len(regions)), key=lambda k: regions[k][2])
        narrow, stack, _ = regions[k]
        regions[k] = (narrow + 1, stack, sum(boxes[j].heights[narrow] for j in stack))
    return tuple(_region(boxes, *region) for region in regions), placed


def _region(boxes: Sequence[BoxEstimate], width: int, items: list[int], height: float) -> Region:
    return Region(width, tuple(items), tuple(boxes[i].text_columns[width - 1] for i in items), height)
