"""Tiling a large PDF page onto office sheets: an assembly map, then one sheet per tile with cut and glue marks.

Each page becomes one form XObject, drawn on every sheet through a clip and a transformation, so text stays
text and the poster's content is stored once. Marks come from press/marks.py; the grid from tile_plan.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import ConfigError, Problem
from generator.materials.page import PAGE_SIZES, PT_PER_MM
from generator.press.document import Box, add_sheet, new_pdf, open_pdf, page_form, save_pdf, trim_box
from generator.press.marks import CAP_HEIGHT, Canvas, font_resources, text_width
from generator.press.tile_plan import Tile, TileGrid, plan_tiles, tile_label

MM = PT_PER_MM
POSTER = "/Poster"


@dataclass(frozen=True, slots=True)
class Tiled:
    """The tiled PDF and, per input page, the grid its sheets follow (map page first, then `grid.tiles`)."""

    pdf: bytes
    grids: tuple[TileGrid, ...]

    @property
    def pages(self) -> int:
        return sum(grid.sheets + 1 for grid in self.grids)

    def describe(self) -> str:
        return "; ".join(f"assembly map + {grid.describe()}" for grid in self.grids)


def tile_pdf(pdf: bytes, onto: str = "A4", overlap_mm: float = 10.0, scale: float = 1.0,
             margin_mm: float = 6.0) -> bytes:
    """Each page of `pdf` split onto `onto` sheets (A4 or letter), preceded by its assembly map."""
    return tile_document(pdf, onto, overlap_mm, scale, margin_mm).pdf


def tile_document(pdf: bytes, onto: str = "A4", overlap_mm: float = 10.0, scale: float = 1.0,
                  margin_mm: float = 6.0, name: str = "the PDF") -> Tiled:
    """`tile_pdf` with the grids it followed; problems name `name`, and the page when there are several."""
    src = open_pdf(pdf, name)
    boxes = [trim_box(page) for page in src.pages]
    grids, failed = [], {}
    for number, box in enumerate(boxes, start=1):
        try:
            grids.append(plan_tiles(box.width, box.height, onto, overlap_mm, scale, margin_mm))
        except ConfigError as exc:
            for problem in exc.problems:
                failed.setdefault((problem.message, problem.fix), []).append(number)
    if failed:
        raise ConfigError([Problem(message, file=_pages(numbers, len(boxes), name), fix=fix)
                           for (message, fix), numbers in failed.items()])
    out = new_pdf(src)
    fonts = font_resources(out)
    for number, (page, box, grid) in enumerate(zip(src.pages, boxes, grids, strict=True), start=1):
        form = page_form(out, page)
        prefix = f"p{number} " if len(boxes) > 1 else ""
        _map_page(out, form, fonts, box, grid, number if len(boxes) > 1 else None)
        for tile in grid.tiles:
            _tile_sheet(out, form, fonts, box, grid, tile, prefix)
    return Tiled(save_pdf(out, src), tuple(grids))


def _pages(numbers: list[int], total: int, name: str) -> str:
    """Where a problem is: the file alone for a one-page PDF, else `every page of FILE` or `pages 2, 5 of FILE`."""
    if total == 1:
        return name
    if len(numbers) == total:
        return f"every page of {name}"
    if len(numbers) == 1:
        return f"page {numbers[0]} of {name}"
    return f"pages {', '.join(map(str, numbers))} of {name}"


def size_name(box: Box) -> str:
    """`A1` when the page is a named size (either way round), else its millimetres."""
    w, h = sorted((box.width / MM, box.height / MM))
    for name, (a, b) in PAGE_SIZES.items():
        if abs(a - w) < 1 and abs(b - h) < 1:
            return name
    return box.describe()


def _tile_sheet(out, form, fonts, box: Box, grid: TileGrid, tile: Tile, prefix: str) -> None:
    sheet = Canvas(grid.sheet_height)
    ox, oy = grid.origin
    x0, y0, win_w, win_h = tile.window
    s = grid.scale
    sheet.save().clip_rect(ox, oy, win_w, win_h)
    sheet.place(POSTER, s, s, ox - x0 - s * box.left, grid.sheet_height - oy + y0 - s * box.top)
    sheet.restore()
    _glue_strips(sheet, grid, tile, prefix)
    _cut_lines(sheet, grid, tile)
    if not (tile.glue_right or tile.glue_bottom):
        _loose_label(sheet, grid, tile, prefix)
    add_sheet(out, grid.sheet_width, grid.sheet_height, sheet.data(), {POSTER: form}, fonts)


def _neighbour(tile: Tile, right: bool, prefix: str) -> str:
    return prefix + (tile_label(tile.row, tile.col + 1) if right else tile_label(tile.row + 1, tile.col))


def _glue_strips(sheet: Canvas, grid: TileGrid, tile: Tile, prefix: str) -> None:
    """Hatched strips the next sheets cover, each with a solid line for their cut edge, targets and a label."""
    ox, oy = grid.origin
    _, _, win_w, win_h = tile.window
    o = grid.overlap
    right = (ox + grid.step_x, oy, o, win_h) if tile.glue_right else None
    bottom = (ox, oy + grid.step_y, win_w, o) if tile.glue_bottom else None
    sheet.hatch([b for b in (right, bottom) if b], 2.5 * MM)
    sheet.save().stroke_style(0.6)
    if right:
        sheet.line(ox + grid.step_x + 0.3, oy, ox + grid.step_x + 0.3, oy + win_h)
    if bottom:
        sheet.line(ox, oy + grid.step_y + 0.3, ox + win_w, oy + grid.step_y + 0.3)
    sheet.restore()
    radius = min(2.5 * MM, 0.28 * o)
    # each strip's own length, the corner it shares with the other strip left out
    _, _, along_x, along_y = tile.visible
    if right:
        _strip_marks(sheet, ox + grid.step_x + o / 2, oy, along_y, o, radius, prefix + tile.label,
                     _neighbour(tile, True, prefix), vertical=True)
    if bottom:
        _strip_marks(sheet, ox, oy + grid.step_y + o / 2, along_x, o, radius, prefix + tile.label,
                     _neighbour(tile, False, prefix), vertical=False)


def _strip_marks(sheet: Canvas, x: float, y: float, along: float, strip: float, radius: float, label: str,
                 cover: str, vertical: bool) -> None:
    """Targets near both ends of a strip and `B2  glue here · B3 goes on top` between them.

    On a short strip the targets move to the ends and the note shortens to `glue here`; where even that
    does not fit, the targets give way to the label."""
    big = min(16.0, 0.62 * strip / CAP_HEIGHT)
    small, gap, pad = min(8.0, 0.62 * big), 0.6 * big, 0.35 * big
    arm = 1.6 * radius
    layout = None
    for end in (min(12 * MM, along / 4), arm + 1.5 * MM):
        for note in (f"glue here · {cover} goes on top", "glue here"):
            width = text_width(label, big, True) + gap + text_width(note, small)
            if width + 2 * pad + 2 * MM <= along - 2 * (end + arm):
                layout = end, note, width
                break
        if layout:
            break
    if layout is None:
        note = "glue here"
        layout = None, note, text_width(label, big, True) + gap + text_width(note, small)
    end, note, width = layout
    at = (lambda t: (x, y + t)) if vertical else (lambda t: (x + t, y))
    if end is not None:
        for t in (end, along - end):
            sheet.target(*at(t), radius)
    cx, cy = at(along / 2)
    height = 0.72 * strip
    if vertical:
        sheet.fill_rect(cx - height / 2, cy - width / 2 - pad, height, width + 2 * pad, 1.0)
        baseline = cx + big * CAP_HEIGHT / 2
        sheet.text(baseline, cy + width / 2, label, big, bold=True, rotate=True)
        sheet.text(baseline, cy + width / 2 - text_width(label, big, True) - gap, note, small, rotate=True)
    else:
        sheet.fill_rect(cx - width / 2 - pad, cy - height / 2, width + 2 * pad, height, 1.0)
        baseline = cy + big * CAP_HEIGHT / 2
        sheet.text(cx - width / 2, baseline, label, big, bold=True)
        sheet.text(cx - width / 2 + text_width(label, big, True) + gap, baseline, note, small)


def _cut_lines(sheet: Canvas, grid: TileGrid, tile: Tile) -> None:
    """Dashed lines just outside every picture edge that is cut: left and top always, right and bottom at the
    poster's own edge. They run through the cut band, so the corner where two meet is marked too."""
    ox, oy = grid.origin
    _, _, win_w, win_h = tile.window
    band, off = grid.band, 0.9  # the white under-stroke (1.4 pt) stays off the picture
    right_room = grid.sheet_width - grid.margin - (ox + win_w)
    bottom_room = grid.sheet_height - grid.margin - (oy + win_h)
    far_x = ox + win_w + min(off, max(right_room - 0.3, 0))
    far_y = oy + win_h + min(off, max(bottom_room - 0.3, 0))
    end_x = ox + win_w + (min(band, right_room) if not tile.glue_right else 0)
    end_y = oy + win_h + (min(band, bottom_room) if not tile.glue_bottom else 0)
    sheet.cut_line(ox - off, oy - band, ox - off, end_y)
    sheet.cut_line(ox - band, oy - off, end_x, oy - off)
    if not tile.glue_right:
        sheet.cut_line(far_x, oy - band, far_x, end_y)
    if not tile.glue_bottom:
        sheet.cut_line(ox - band, far_y, end_x, far_y)
    size = 1.5 * band
    sheet.scissors(ox - band / 2, oy + 20 * MM, size, vertical=True)
    sheet.scissors(ox + 20 * MM, oy - band / 2, size)


def _loose_label(sheet: Canvas, grid: TileGrid, tile: Tile, prefix: str) -> None:
    """The last sheet has no glue strip: its label goes in the paper beyond the poster, or in its corner."""
    ox, oy = grid.origin
    _, _, win_w, win_h = tile.window
    label = prefix + tile.label
    right_room = grid.sheet_width - grid.margin - (ox + win_w + grid.band)
    bottom_room = grid.sheet_height - grid.margin - (oy + win_h + grid.band)
    size = 16.0
    if right_room >= text_width(label, size, True) + 4 * MM:
        sheet.text(ox + win_w + grid.band + 2 * MM, oy + size, label, size, bold=True)
        return
    if bottom_room >= size + 2 * MM:
        sheet.text(ox, oy + win_h + grid.band + 2 * MM + size * CAP_HEIGHT, label, size, bold=True)
        return
    size = 9.0
    width = text_width(label, size, True)
    x, y = ox + win_w - width - 3 * MM, oy + win_h - 3 * MM
    sheet.fill_rect(x - 1.5 * MM, y - size * CAP_HEIGHT - 1.5 * MM, width + 3 * MM, size * CAP_HEIGHT + 3 * MM, 1.0)
    sheet.text(x, y, label, size, bold=True)


def _map_page(out, form, fonts, box: Box, grid: TileGrid, number: int | None) -> None:
    """The whole poster on one sheet with the grid of joins and every sheet's label, and how to put it together."""
    short, long_ = sorted((grid.sheet_width, grid.sheet_height))
    width, height = (short, long_) if box.height >= box.width else (long_, short)
    page = Canvas(height)
    left, top = grid.margin + 6 * MM, grid.margin + 6 * MM
    room_w = width - 2 * left
    title = "Assembly map" + (f" · page {number}" if number else "")
    page.text(left, top + 16 * CAP_HEIGHT, title, 16, bold=True)
    scaled = f", printed at {grid.scale * 100:g}% ({grid.poster_width / MM:.0f} × {grid.poster_height / MM:.0f} mm)"
    subtitle = (f"{size_name(box)} poster{scaled if grid.scale != 1 else ''} on {grid.describe()}, "
                f"overlapping {grid.overlap / MM:.0f} mm")
    page.text(left, top + 16 + 12, subtitle, 9)
    steps = _instructions(grid, number)
    lines = [(n, line) for n, step in enumerate(steps, start=1) for line in _wrap(step, 8.5, room_w - 14)]
    bottom = height - grid.margin - 6 * MM
    foot = bottom - len(lines) * 12 - 26
    # the thumbnail: the poster fitted between title and instructions, centred
    area_top, area_h = top + 40, foot - 14 - (top + 40)
    k = min(room_w / grid.poster_width, area_h / grid.poster_height)
    tw, th = grid.poster_width * k, grid.poster_height * k
    tx, ty = left + (room_w - tw) / 2, area_top + (area_h - th) / 2
    s = k * grid.scale
    page.save().clip_rect(tx, ty, tw, th)
    page.place(POSTER, s, s, tx - s * box.left, height - ty - s * box.top)
    page.restore()
    page.frame(tx, ty, tw, th, 0.5)
    page.save()
    for c in range(1, grid.cols):
        x = tx + c * grid.step_x * k
        page.stroke_style(2.2, 1.0).line(x, ty, x, ty + th).stroke_style(0.8).line(x, ty, x, ty + th)
    for r in range(1, grid.rows):
        y = ty + r * grid.step_y * k
        page.stroke_style(2.2, 1.0).line(tx, y, tx + tw, y).stroke_style(0.8).line(tx, y, tx + tw, y)
    page.restore()
    # each sheet's label in the top-left corner of the part of the poster it shows, clear of the middle
    for tile in grid.tiles:
        vx, vy, vw, vh = tile.visible
        size = max(7.0, min(12.0, 0.2 * min(vw, vh) * k))
        label_w, cap, pad = text_width(tile.label, size, True), size * CAP_HEIGHT, 0.35 * size
        x, y = tx + vx * k + 2, ty + vy * k + 2
        page.fill_rect(x, y, label_w + 2 * pad, cap + 2 * pad, 1.0)
        page.frame(x, y, label_w + 2 * pad, cap + 2 * pad, 0.4)
        page.text(x + pad, y + pad + cap, tile.label, size, bold=True)
    y = foot
    last = None
    for n, line in lines:
        y += 12
        if n != last:
            page.text(left, y, str(n), 8.5, bold=True)
            last = n
        page.text(left + 14, y, line, 8.5)
    _scale_bar(page, left + 14, bottom - 4)
    add_sheet(out, width, height, page.data(), {POSTER: form}, fonts)


def _instructions(grid: TileGrid, number: int | None) -> list[str]:
    steps = ["Print every page at 100% (“Actual size”), not “Fit to page”: the bar below should measure 100 mm.",
             "Cut each sheet along its dashed lines; leave its hatched glue strips on."]
    p = f"p{number} " if number else ""
    if grid.cols > 1:
        more = f"; then {p}A3, and so on" if grid.cols > 2 else ""
        steps.append(f"Join each row from left to right: lay {p}A2 on the glue strip of {p}A1, its cut edge on "
                     f"the solid line and the picture running on, and glue{more}.")
    if grid.rows > 1:
        more = ", then row C" if grid.rows > 2 else ""
        steps.append(f"Join the rows from top to bottom the same way: row B on the glue strip along the foot of "
                     f"row A{more}.")
    return steps


def _wrap(text: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        trial = f"{line} {word}" if line else word
        if line and text_width(trial, size) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + [line]


def _scale_bar(page: Canvas, x: float, y: float) -> None:
    """A 100 mm bar with a tick every 10 mm, to check the printer did not scale the pages."""
    page.save().stroke_style(0.8).line(x, y, x + 100 * MM, y).stroke_style(0.5)
    for i in range(11):
        tick = 5 if i % 5 == 0 else 3
        page.line(x + i * 10 * MM, y, x + i * 10 * MM, y - tick)
    page.restore()
    page.text(x, y - 7, "0", 7, align="center")
    page.text(x + 50 * MM, y - 7, "50", 7, align="center")
    page.text(x + 100 * MM - text_width("100", 7) / 2, y - 7, "100 mm", 7)
