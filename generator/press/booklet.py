"""Booklet imposition: pages 2-up in saddle-stitch order on sheets twice their size, for short-edge duplex.

Each page is placed whole as a form XObject (vector, text stays text), the two pages of a side meeting at
the fold. Its running header and `Page X of Y` were set in reading order and stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.materials.page import PAGE_SIZES, PT_PER_MM
from generator.errors import Problem
from generator.press.document import PressError, add_sheet, new_pdf, open_pdf, page_form, save_pdf, trim_box
from generator.press.marks import Canvas


@dataclass(frozen=True, slots=True)
class Booklet:
    """The imposed PDF: `sides` pages (two per sheet), on `sheet` paper, `blanks` of its pages left empty."""

    pdf: bytes
    sheet: str
    sheet_width: float
    sheet_height: float
    sides: int
    blanks: int

    @property
    def sheets(self) -> int:
        return self.sides // 2

    def describe(self) -> str:
        blank = f", {self.blanks} blank page{'s' if self.blanks != 1 else ''} at the end" if self.blanks else ""
        return (f"{self.sheets} {self.sheet} landscape sheet{'s' if self.sheets != 1 else ''}, both sides, "
                f"flip on the short edge{blank}")


def saddle_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers of each side, front then back of each sheet; pages past `pages` are blank.

    8 pages: (8, 1), (2, 7), (6, 3), (4, 5): fold the stack once and page 1 is on top."""
    total = -(-pages // 4) * 4
    sides = []
    for side in range(total // 2):
        outer, inner = total - side, side + 1
        sides.append((outer, inner) if side % 2 == 0 else (inner, outer))
    return sides


def sheet_for(width: float, height: float) -> tuple[str, float, float]:
    """Paper for two `width` × `height` pt pages side by side: A5 -> A4, A4 -> A3, letter -> tabloid.

    A named size within 3 mm of the pair is used as is (A4 is 1 mm wider than two A5 pages); otherwise the
    exact pair, named by its millimetres."""
    pair_w, pair_h = 2 * width, height
    for name, (short, long_) in PAGE_SIZES.items():
        sw, sh = long_ * PT_PER_MM, short * PT_PER_MM
        if -0.5 <= sw - pair_w <= 3 * PT_PER_MM and -0.5 <= sh - pair_h <= 3 * PT_PER_MM:
            return name, max(sw, pair_w), max(sh, pair_h)
    return f"{pair_w / PT_PER_MM:.0f}x{pair_h / PT_PER_MM:.0f}mm", pair_w, pair_h


def booklet_pdf(pdf: bytes) -> bytes:
    """The pages of `pdf` imposed as a saddle-stitched booklet."""
    return booklet_document(pdf).pdf


def booklet_document(pdf: bytes, name: str = "the PDF") -> Booklet:
    src = open_pdf(pdf, name)
    boxes = [trim_box(page) for page in src.pages]
    width, height = max(b.width for b in boxes), max(b.height for b in boxes)
    if any(b.width > b.height + 1 for b in boxes):
        raise PressError(Problem("has landscape pages; a booklet folds portrait pages", file=name,
                                 fix="render the handout portrait"))
    sheet, sheet_w, sheet_h = sheet_for(width, height)
    out = new_pdf(src)
    forms = [page_form(out, page) for page in src.pages]
    fold = sheet_w / 2
    sides = saddle_order(len(boxes))
    for pair in sides:
        side, xobjects = Canvas(sheet_h), {}
        for number, on_left in zip(pair, (True, False), strict=True):
            if number > len(boxes):
                continue
            box = boxes[number - 1]
            # each page meets the fold and is centred up and down; spare paper goes to the outer edges
            x = fold - box.width if on_left else fold
            y = (sheet_h - box.height) / 2
            xobjects[f"/P{number}"] = forms[number - 1]
            side.place(f"/P{number}", 1, 1, x - box.left, y - box.bottom)
        add_sheet(out, sheet_w, sheet_h, side.data(), xobjects)
    blanks = len(sides) * 2 - len(boxes)
    return Booklet(save_pdf(out, src), sheet, sheet_w, sheet_h, len(sides), blanks)
