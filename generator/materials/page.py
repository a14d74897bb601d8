"""Page sizes and orientation, and the page as printed: bleed, printer's marks, PDF standard, office sheets.

Named and custom sizes, which kinds offer which, millimetres and points; how far the bleed and the
slug for marks reach past the trim, where the marks go, and which print settings go together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from generator.errors import ConfigError, Problem

MM_PER_IN = 25.4
PT_PER_MM = 72 / 25.4

# Portrait width x height in millimetres.
PAGE_SIZES = {
    "A5": (148, 210), "A4": (210, 297), "A3": (297, 420), "A2": (420, 594),
    "A1": (594, 841), "A0": (841, 1189),
    "letter": (215.9, 279.4), "legal": (215.9, 355.6), "tabloid": (279.4, 431.8),
}
SIZE_NAMES = tuple(PAGE_SIZES)
_CUSTOM_SIZE = re.compile(r"^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)(mm|in)$", re.IGNORECASE)

DEFAULT_PAGE = {"poster": ("A3", False), "handout": ("A4", False), "bulletin": ("A3", True)}
ALLOWED_SIZES = {
    "poster": None,  # any
    "handout": ("A4", "letter", "A5"),
    "bulletin": ("A3", "A2", "A4"),   # A4: a small board, or an office printer
}

# A handout's page margins in mm (top, right, bottom, left): handout.css's @page, and its named page
# on A5 (narrower, for the smaller sheet). The DOCX's page setup and the footer's room read these.
HANDOUT_MARGINS_MM = {"A5": (17, 13, 15, 13)}
HANDOUT_MARGINS_MM_DEFAULT = (21, 19, 18, 19)

# Bleed given with marks and no --bleed: what print shops ask for.
DEFAULT_BLEED_MM = 3.0
# Crop marks start this far from the trim, and a millimetre clear of the bleed's edge at least, so
# a cut a little off never shows them; they are this long; the slug ends a millimetre past them.
MARK_OFFSET_MM = 3.0
MARK_BLEED_GAP_MM = 1.0
MARK_LENGTH_MM = 5.0
MARK_SLUG_END_MM = 1.0
MARK_LINE_PT = 0.25
# Every kind keeps its text at least this far inside the trim (tests/test_print_shop.py checks it):
# a print shop's cut may wander by a millimetre or two.
TEXT_SAFE_MM = 5.0


@dataclass(frozen=True, slots=True)
class PageSpec:
    """A page size in millimetres, already turned to the chosen orientation, and how it is printed.

    `bleed_mm` is how far backgrounds run past the trim; `marks` are drawn outside the bleed, in a
    slug that makes the sheet larger still. `pdf_variant` names the PDF standard the file is
    written to; `tile` (A4 or letter) and `booklet` are the office printer's press steps.
    """

    name: str
    width_mm: float
    height_mm: float
    bleed_mm: float = 0.0
    marks: tuple[str, ...] = ()
    pdf_variant: str | None = None
    tile: str | None = None
    booklet: bool = False

    @property
    def landscape(self) -> bool:
        return self.width_mm > self.height_mm

    @property
    def width_pt(self) -> float:
        return self.width_mm * PT_PER_MM

    @property
    def height_pt(self) -> float:
        return self.height_mm * PT_PER_MM

    @property
    def css_size(self) -> str:
        return f"{self.width_mm:g}mm {self.height_mm:g}mm"

    @property
    def mark_offset_mm(self) -> float:
        """Where crop marks start, measured out from the trim."""
        return max(self.bleed_mm + MARK_BLEED_GAP_MM, MARK_OFFSET_MM)

    @property
    def outset_mm(self) -> float:
        """How far the sheet (the PDF's MediaBox) reaches past the trim on each side: the bleed, and
        with marks the slug around it that holds them."""
        if not self.marks:
            return self.bleed_mm
        return self.mark_offset_mm + MARK_LENGTH_MM + MARK_SLUG_END_MM

    @property
    def css_bleed(self) -> str:
        """`@page { bleed }`: WeasyPrint's bleed is the whole outset (it sizes the MediaBox); the PDF's
        BleedBox is set to the real bleed afterwards (writers/pdf.py)."""
        return f"{self.outset_mm:g}mm"

    @property
    def for_print_shop(self) -> bool:
        return bool(self.bleed_mm or self.marks)

    def mark_lines(self) -> tuple[tuple[float, float, float, float], ...]:
        """Crop marks as line segments (x0, y0, x1, y1) in points, the trim's lower-left corner at 0, 0."""
        if "crop" not in self.marks:
            return ()
        w, h = self.width_pt, self.height_pt
        start, end = self.mark_offset_mm * PT_PER_MM, (self.mark_offset_mm + MARK_LENGTH_MM) * PT_PER_MM
        lines = []
        for x, out_x in ((0.0, -1), (w, 1)):
            for y, out_y in ((0.0, -1), (h, 1)):
                lines.append((x + out_x * start, y, x + out_x * end, y))   # along the horizontal trim line
                lines.append((x, y + out_y * start, x, y + out_y * end))   # along the vertical one
        return tuple(lines)

    def mark_targets(self) -> tuple[tuple[float, float, float], ...]:
        """Registration targets (centre x, centre y, radius) in points, mid-way along each side in the slug."""
        if "cross" not in self.marks:
            return ()
        w, h = self.width_pt, self.height_pt
        out = (self.mark_offset_mm + MARK_LENGTH_MM / 2) * PT_PER_MM
        radius = MARK_LENGTH_MM * 0.4 * PT_PER_MM
        return ((w / 2, -out, radius), (w / 2, h + out, radius), (-out, h / 2, radius), (w + out, h / 2, radius))

    def describe(self) -> str:
        orientation = "landscape" if self.landscape else "portrait"
        text = f"{self.name} {orientation} ({self.width_pt:.0f} × {self.height_pt:.0f} pt)"
        if self.bleed_mm:
            text += f" + {self.bleed_mm:g} mm bleed"
        if self.marks:
            text += " + " + " and ".join({"crop": "crop marks", "cross": "registration marks"}[m] for m in self.marks)
        if self.pdf_variant:
            text += f", {self.pdf_variant.upper()}"
        return text


def with_printing(page: PageSpec, kind: str, *, bleed: int | None = None, marks: str | None = None,
                  pdf_variant: str | None = None, tile: str | None = None, booklet: bool = False) -> PageSpec:
    """The page with the print settings asked for (values already checked one by one by the options
    table), after the checks between them: a print shop's bleed and marks do not go with an office
    printer's tiling or booklet, nor does a PDF standard (tiled sheets and booklets are new pages)."""
    mark_list = tuple(m for m in ("crop", "cross") if marks and m in marks.split(","))
    office = "tile" if tile else "booklet" if booklet else None
    if office:
        shop = [name for name, value in (("bleed", bleed), ("marks", marks), ("pdf_variant", pdf_variant)) if value]
        if shop:
            raise ConfigError(Problem(
                f"{office} is for an office printer and {' and '.join(shop)} for a print shop: they do not go together",
                fix=f"leave out {office} for the print shop's file, or {' and '.join(shop)} for the office one"))
    if tile and kind not in ("poster", "bulletin") or booklet and kind != "handout":
        raise ConfigError(Problem(f"a {kind} cannot be {'tiled' if tile else 'folded as a booklet'}",
                                  fix="tile posters and bulletins; fold handouts as booklets"))
    bleed_mm = float(bleed) if bleed is not None else (DEFAULT_BLEED_MM if mark_list else 0.0)
    return replace(page, bleed_mm=bleed_mm, marks=mark_list, pdf_variant=pdf_variant, tile=tile, booklet=bool(booklet))


def handout_margins_mm(page: "PageSpec") -> tuple[float, float, float, float]:
    """A handout's page margins on `page`, in mm (top, right, bottom, left), as handout.css sets them."""
    return HANDOUT_MARGINS_MM.get(page.name, HANDOUT_MARGINS_MM_DEFAULT)


def parse_page(size: str, landscape: bool | None, kind: str = "poster", spell: str = "--size ") -> PageSpec:
    """`A3`, `letter`, `420x594mm` or `11x17in`; landscape None keeps the kind's default.

    `spell` leads each message: `--size ` on the command line, `size: ` in presswork.toml."""
    key = next((k for k in PAGE_SIZES if k.lower() == size.lower()), None)
    if key is not None:
        allowed = ALLOWED_SIZES[kind]
        if allowed and key not in allowed:
            raise ConfigError(Problem(f"{spell}{size} is not offered for a {kind}",
                                      fix="use one of: " + ", ".join(allowed)))
        w, h = PAGE_SIZES[key]
        name = key
    else:
        m = _CUSTOM_SIZE.match(size.strip())
        if m and ALLOWED_SIZES[kind]:
            raise ConfigError(Problem(f"{spell}{size}: a {kind} comes in set sizes only",
                                      fix="use one of: " + ", ".join(ALLOWED_SIZES[kind])))
        if not m:
            raise ConfigError(Problem(f"{spell}'{size}' is not a page size",
                                      fix="use " + ", ".join(SIZE_NAMES) + ", or WxHmm / WxHin"))
        factor = MM_PER_IN if m[3].lower() == "in" else 1
        w, h = float(m[1]) * factor, float(m[2]) * factor
        if not (50 <= min(w, h) and max(w, h) <= 5000):
            raise ConfigError(Problem(f"{spell}'{size}' is outside 50 mm to 5 m",
                                      fix="give a printable size such as 500x700mm"))
        name = size.lower()
        if landscape is None:
            landscape = w > h
    if landscape is None:
        landscape = DEFAULT_PAGE[kind][1]
    short, long_ = sorted((w, h))
    return PageSpec(name, long_, short) if landscape else PageSpec(name, short, long_)
