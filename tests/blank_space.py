"""How much of a page is blank, as a designer sees it: the tallest band of pixel rows with no ink,
and whether the page is grey only. Used by tests/fidelity.py.

The page is rendered coarsely (24 dpi is enough for type, fills and pictures), and its thin vector
paint (hairline rules, dotted note lines, table borders) is added from the paths themselves: a
0.25-0.5 pt rule is a twelfth to a sixth of a pixel there, and pdfium draws it a level or two off
the paper, or (dotted) not at all. No resolution the matrix can afford shows every such rule (a
0.25 pt rule in a pale theme colour still falls between pixel rows at 144 dpi, and a 0.4 pt dotted
one at 72), and no pixel tolerance brings back a dotted rule that left no pixel behind; the paths
say exactly which rows a rule paints, at no render cost.
"""

from __future__ import annotations

import ctypes
import math
from array import array
from collections.abc import Iterator

import pypdfium2.raw as raw
from PIL import Image, ImageChops

UNIFORM = 6             # a pixel row is blank when every pixel is within this of the row's first pixel
THIN_PX = 2             # vector paint thinner than this many pixels of the render counts from its path


def blank_and_grey(page, dpi: int = 24) -> tuple[float, bool]:
    """(the tallest blank band as a fraction of the page's height, whether every pixel is grey)."""
    scale = dpi / 72
    image = page.render(scale=scale).to_pil().convert("RGB")
    blank, grey = _pixels(image)
    if page.get_rotation() == 0:        # (no page here is rotated; a rotated one is read by its pixels)
        _add_thin_paint(blank, image, page, scale)
    return round(_longest_run(blank) / len(blank), 3), grey


def _pixels(image) -> tuple[list[bool], bool]:
    """(whether each pixel row is blank, whether the page is grey only)."""
    width, height = image.size
    first = image.crop((0, 0, 1, height)).resize((width, height), Image.NEAREST)
    r, g, b = ImageChops.difference(image, first).split()
    off = ImageChops.lighter(r, ImageChops.lighter(g, b)).point(lambda v: 255 if v > UNIFORM else 0)
    # a row's mean over a float image is 0 exactly when none of its pixels is off (8 bits would round it to 0)
    means = array("f", off.convert("F").resize((1, height), Image.BOX).tobytes())
    r, g, b = image.split()
    colour = ImageChops.lighter(ImageChops.difference(r, g), ImageChops.difference(g, b)).point(
        lambda v: 255 if v > 8 else 0)
    return [m == 0 for m in means], colour.getbbox() is None


def _longest_run(blank: list[bool]) -> int:
    run = best = 0
    for row in blank:
        run = run + 1 if row else 0
        best = max(best, run)
    return best


# --- thin vector paint: the rows a rule paints, from its path ----------------------------------

def _add_thin_paint(blank: list[bool], image, page, scale: float) -> None:
    """Mark as ink the pixel rows that thin paint crosses where its colour is not the row's own
    (the row's first pixel, as for the pixels): a white rule on white paper is still blank."""
    edge = image.crop((0, 0, 1, image.height)).tobytes()
    top = page.get_cropbox()[3]
    for low, high, colour in thin_paint(page, THIN_PX / scale):
        for row in range(max(int((top - high) * scale), 0), min(math.ceil((top - low) * scale), len(blank))):
            if blank[row] and max(abs(a - b) for a, b in zip(colour, edge[3 * row:3 * row + 3])) > UNIFORM:
                blank[row] = False


def thin_paint(page, thin: float) -> Iterator[tuple[float, float, tuple[int, int, int]]]:
    """(bottom, top, RGB) in page space of each band that paint thinner than `thin` pt covers: strokes
    no wider than that, and the parts of a fill that are that thin across or tall (a border drawn as
    a frame, an outer rectangle less an inner one, paints only its edges). A fill of curves or
    slants counts when its whole box is thin."""
    for obj, matrix in _path_objects(page.raw, (1, 0, 0, 1, 0, 0), 0):
        fill_mode, stroked = ctypes.c_int(), ctypes.c_int()
        raw.FPDFPath_GetDrawMode(obj, fill_mode, stroked)
        subpaths = _subpaths(obj, matrix)
        if stroked.value:
            colour = _colour(obj, raw.FPDFPageObj_GetStrokeColor)
            width = ctypes.c_float()
            raw.FPDFPageObj_GetStrokeWidth(obj, width)
            half = width.value * abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]) ** 0.5 / 2
            if colour and 2 * half <= thin:
                for points, _ in subpaths:
                    for (_, y0), (_, y1) in zip(points, points[1:]):
                        yield min(y0, y1) - half, max(y0, y1) + half, colour
        if fill_mode.value:
            colour = _colour(obj, raw.FPDFPageObj_GetFillColor)
            if colour:
                for low, high in _thin_fill([p for p, _ in subpaths], fill_mode.value == raw.FPDF_FILLMODE_ALTERNATE,
                                            thin):
                    yield low, high, colour


def _path_objects(holder, matrix, depth: int) -> Iterator[tuple[object, tuple[float, ...]]]:
    """Every path object of a page, in forms too, with the matrix from its space to the page's."""
    inside = depth > 0
    count = (raw.FPDFFormObj_CountObjects if inside else raw.FPDFPage_CountObjects)(holder)
    for i in range(count):
        obj = (raw.FPDFFormObj_GetObject if inside else raw.FPDFPage_GetObject)(holder, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
            continue
        m = raw.FS_MATRIX()
        raw.FPDFPageObj_GetMatrix(obj, m)
        own = _compose((m.a, m.b, m.c, m.d, m.e, m.f), matrix)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            yield obj, own
        elif depth < 8:
            yield from _path_objects(obj, own, depth + 1)


def _compose(inner, outer):
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _subpaths(obj, matrix) -> list[tuple[list[tuple[float, float]], bool]]:
    """The path's subpaths as page-space points (a curve by its control points), closed or not."""
    a, b, c, d, e, f = matrix
    subpaths: list[tuple[list[tuple[float, float]], bool]] = []
    for s in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, s)
        x, y = ctypes.c_float(), ctypes.c_float()
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if raw.FPDFPathSegment_GetType(segment) == raw.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append(([point], False))
        else:
            subpaths[-1][0].append(point)
        if raw.FPDFPathSegment_GetClose(segment):
            points = subpaths[-1][0]
            points.append(points[0])
            subpaths[-1] = (points, True)
    return subpaths


def _colour(obj, getter) -> tuple[int, int, int] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a) or a.value == 0:
        return None
    return r.value, g.value, b.value


def _thin_fill(subpaths, even_odd: bool, thin: float) -> Iterator[tuple[float, float]]:
    rects = [_rectangle(points) for points in subpaths]
    if not all(rects):
        for points in subpaths:
            xs, ys = [x for x, _ in points], [y for _, y in points]
            if min(max(xs) - min(xs), max(ys) - min(ys)) <= thin:
                yield min(ys), max(ys)
        return
    # cut the fill into horizontal slabs at every rectangle's top and bottom; in each slab, the
    # painted runs across are where the rectangles over it wind (non-zero) or overlap oddly (even-odd)
    ys = sorted({y for r in rects for y in (r[1], r[3])})
    for low, high in zip(ys, ys[1:]):
        over = [r for r in rects if r[1] <= low and r[3] >= high]
        xs = sorted({x for r in over for x in (r[0], r[2])})
        runs, run = [], 0.0
        for left, right in zip(xs, xs[1:]):
            inside = [r[4] for r in over if r[0] <= left and r[2] >= right]
            if len(inside) % 2 if even_odd else sum(inside):
                run += right - left
            elif run:
                runs.append(run)
                run = 0.0
        runs += [run] if run else []
        if runs and (high - low <= thin or max(runs) <= thin):
            yield low, high


def _rectangle(points) -> tuple[float, float, float, float, int] | None:
    """(left, bottom, right, top, winding ±1) of an axis-aligned rectangle's points, or None."""
    corners = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(corners) > 1 and corners[-1] == corners[0]:
        corners.pop()
    if len(corners) != 4:
        return None
    for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1]):
        if abs(x0 - x1) > 1e-3 and abs(y0 - y1) > 1e-3:
            return None
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1]))
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return min(xs), min(ys), max(xs), max(ys), (area > 0) - (area < 0)
