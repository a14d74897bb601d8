"""Marks and labels as content-stream operators through pikepdf: lines, hatching, targets, scissors, Helvetica text.

Everything is drawn in points with the origin at the sheet's top-left corner (y grows downwards), as a
designer measures a sheet; `Canvas` turns that into PDF's bottom-up coordinates. Only the standard 14
fonts Helvetica and Helvetica-Bold are used, so no font file is embedded.
"""

from __future__ import annotations

import pikepdf

PT_PER_MM = 72 / 25.4

# Helvetica and Helvetica-Bold advance widths (1/1000 em) from Adobe's core-14 AFM files, for the
# characters labels use: ASCII 32-126, then the WinAnsi extras in _EXTRAS.
_EXTRAS = "·—–×“”‘’…"
_CHARS = "".join(chr(c) for c in range(32, 127)) + _EXTRAS
_WIDTHS = {
    "/Hv": (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
            556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778,
            722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278,
            278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
            556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
            278, 1000, 556, 584, 333, 333, 222, 222, 1000),
    "/HvB": (278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
             556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778,
             722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333,
             278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
             611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
             278, 1000, 556, 584, 500, 500, 278, 278, 1000),
}
_ADVANCE = {font: dict(zip(_CHARS, widths, strict=True)) for font, widths in _WIDTHS.items()}
CAP_HEIGHT = 0.718  # both Helvetica weights, in em

INK = 0.0      # grey level of lines and text: black, so a mono laser prints them crisp
HATCH = 0.55   # grey of the glue-strip hatching, light enough to read the poster through it


def text_width(text: str, size: float, bold: bool = False) -> float:
    advance = _ADVANCE["/HvB" if bold else "/Hv"]
    return sum(advance.get(ch, 556) for ch in text) * size / 1000


def font_resources(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    """The /Font resources every marked page shares: one indirect dictionary per standard font."""

    def font(base: str) -> pikepdf.Object:
        return pdf.make_indirect(pikepdf.Dictionary({
            "/Type": pikepdf.Name.Font, "/Subtype": pikepdf.Name.Type1, "/BaseFont": pikepdf.Name(base),
            "/Encoding": pikepdf.Name.WinAnsiEncoding}))

    return pikepdf.Dictionary({"/Hv": font("/Helvetica"), "/HvB": font("/Helvetica-Bold")})


def _num(value: float) -> int | float:
    value = round(float(value), 3)
    return int(value) if value == int(value) else value


class Canvas:
    """Collects operators for one sheet of `height` points; `data()` unparses them into a content stream."""

    def __init__(self, height: float):
        self.height = height
        self.ops: list[tuple[list, pikepdf.Operator]] = []

    def op(self, operator: str, *operands) -> Canvas:
        self.ops.append(([o if isinstance(o, (pikepdf.Object, bytes)) else _num(o) for o in operands],
                         pikepdf.Operator(operator)))
        return self

    def data(self) -> bytes:
        return pikepdf.unparse_content_stream(self.ops)

    # graphics state
    def save(self) -> Canvas:
        return self.op("q")

    def restore(self) -> Canvas:
        return self.op("Q")

    def stroke_style(self, width: float, grey: float = INK, dash: tuple[float, ...] = ()) -> Canvas:
        self.op("w", width).op("G", grey)
        return self.op("d", pikepdf.Array([_num(d) for d in dash]), 0)

    def fill_grey(self, grey: float) -> Canvas:
        return self.op("g", grey)

    # paths, in top-down coordinates
    def rect(self, x: float, y: float, w: float, h: float) -> Canvas:
        return self.op("re", x, self.height - y - h, w, h)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> Canvas:
        return self.op("m", x1, self.height - y1).op("l", x2, self.height - y2).op("S")

    def clip_rect(self, x: float, y: float, w: float, h: float) -> Canvas:
        return self.rect(x, y, w, h).op("W").op("n")

    def fill_rect(self, x: float, y: float, w: float, h: float, grey: float) -> Canvas:
        return self.fill_grey(grey).rect(x, y, w, h).op("f")

    def frame(self, x: float, y: float, w: float, h: float, width: float = 0.5, grey: float = INK) -> Canvas:
        return self.stroke_style(width, grey).rect(x, y, w, h).op("S")

    def place(self, name: str, a: float, d: float, e: float, f: float) -> Canvas:
        """Draw form XObject `name` with the PDF matrix [a 0 0 d e f] (PDF coordinates, not top-down)."""
        return self.save().op("cm", a, 0, 0, d, e, f).op("Do", pikepdf.Name(name)).restore()

    # marks
    def hatch(self, boxes: list[tuple[float, float, float, float]], spacing: float) -> Canvas:
        """45° hatching over the union of `boxes`, thin strokes only, so what lies beneath still shows."""
        if not boxes:
            return self
        self.save()
        for box in boxes:
            self.rect(*box)
        self.op("W").op("n").stroke_style(0.4, HATCH)
        left = min(b[0] for b in boxes)
        top = min(b[1] for b in boxes)
        right = max(b[0] + b[2] for b in boxes)
        bottom = max(b[1] + b[3] for b in boxes)
        # lines x - y = const, stepped from the box's bottom-left to its top-right corner
        start = left - (bottom - top)
        k = 0
        while start + k * spacing < right:
            x0 = start + k * spacing
            self.op("m", x0, self.height - bottom).op("l", x0 + (bottom - top), self.height - top)
            k += 1
        self.op("S")
        return self.restore()

    def cut_line(self, x1: float, y1: float, x2: float, y2: float) -> Canvas:
        """A dashed cut line with a white under-stroke, so it shows on dark and light areas alike."""
        self.save().stroke_style(1.4, 1.0).line(x1, y1, x2, y2)
        self.stroke_style(0.5, INK, (3, 2)).line(x1, y1, x2, y2)
        return self.restore()

    def scissors(self, x: float, y: float, size: float, vertical: bool = False) -> Canvas:
        """Scissors `size` long centred on (x, y), cutting rightwards, or downwards when `vertical`.

        Drawn as paths rather than a ZapfDingbats glyph: viewers without that font would draw nothing."""

        def at(u: float, v: float) -> tuple[float, float]:
            u, v = u * size, v * size
            px, py = (x - v, y + u) if vertical else (x + u, y + v)
            return px, self.height - py

        self.save().stroke_style(0.09 * size).op("J", 1)
        for side in (1, -1):
            self.op("m", *at(-0.2, 0.13 * side)).op("l", *at(0.5, -0.05 * side)).op("S")
        self.stroke_style(0.07 * size)
        for side in (1, -1):
            cx, cy, r = -0.33, 0.16 * side, 0.13
            k = 0.5523 * r
            self.op("m", *at(cx + r, cy))
            self.op("c", *at(cx + r, cy + k), *at(cx + k, cy + r), *at(cx, cy + r))
            self.op("c", *at(cx - k, cy + r), *at(cx - r, cy + k), *at(cx - r, cy))
            self.op("c", *at(cx - r, cy - k), *at(cx - k, cy - r), *at(cx, cy - r))
            self.op("c", *at(cx + k, cy - r), *at(cx + r, cy - k), *at(cx + r, cy))
            self.op("S")
        return self.restore()

    def target(self, x: float, y: float, radius: float) -> Canvas:
        """A registration target: a circle with a cross through it, hairline black."""
        k = 0.5523 * radius  # Bézier handle for a quarter circle
        py = self.height - y
        self.save().stroke_style(0.35, INK)
        self.op("m", x + radius, py)
        self.op("c", x + radius, py + k, x + k, py + radius, x, py + radius)
        self.op("c", x - k, py + radius, x - radius, py + k, x - radius, py)
        self.op("c", x - radius, py - k, x - k, py - radius, x, py - radius)
        self.op("c", x + k, py - radius, x + radius, py - k, x + radius, py)
        self.op("S")
        arm = radius * 1.6
        self.line(x - arm, y, x + arm, y).line(x, y - arm, x, y + arm)
        return self.restore()

    def text(self, x: float, y: float, text: str, size: float, bold: bool = False, align: str = "left",
             grey: float = INK, rotate: bool = False) -> Canvas:
        """One line of Helvetica with its baseline at y; `rotate` runs it upwards (x, y still the baseline start).

        `align` is "left", "center" or "right" along the reading direction."""
        shift = {"left": 0.0, "center": 0.5, "right": 1.0}[align] * text_width(text, size, bold)
        self.save().fill_grey(grey).op("BT").op("Tf", pikepdf.Name("/HvB" if bold else "/Hv"), size)
        if rotate:
            self.op("Tm", 0, 1, -1, 0, x, self.height - y - shift)
        else:
            self.op("Tm", 1, 0, 0, 1, x - shift, self.height - y)
        self.op("Tj", pikepdf.String(text.encode("cp1252"))).op("ET")
        return self.restore()
