"""What a designer checks on every page, as numbers: clipped or off-page text, missing glyphs, type sizes,
colour purity, transparency and blank space. Used by tests/test_fidelity.py and scripts/fidelity.py.

Clipping is found from the clip paths themselves (pdfium gives each text object's clip path), never
from extracted text: `pdftotext` happily returns the tail of a word that the page cuts off.
Blank space is measured by tests/blank_space.py.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as raw

from tests.blank_space import blank_and_grey

TOLERANCE_PT = 0.6      # a glyph's ink may graze its clip (antialiasing, rounding) by this much


@dataclass(slots=True)
class Clipped:
    text: str           # the word the clipped glyphs belong to
    page: int
    overshoot_pt: float


@dataclass(slots=True)
class PageFacts:
    number: int
    width_pt: float
    height_pt: float
    clipped: list[Clipped] = field(default_factory=list)
    off_page: list[str] = field(default_factory=list)
    largest_blank: float = 0.0      # the tallest run of blank pixel rows, as a fraction of the page height
    grey_only: bool = True          # every pixel has R = G = B (within antialiasing)
    text: str = ""


@dataclass(slots=True)
class DocumentFacts:
    pages: list[PageFacts]
    transparency: list[str]         # where a soft mask, transparency group or alpha below 1 was found
    missing_glyphs: int             # glyphs drawn as .notdef (code 0 of a CID font)
    unembedded: list[str]           # fonts used without their program

    @property
    def clipped(self) -> list[Clipped]:
        return [c for p in self.pages for c in p.clipped]

    @property
    def off_page(self) -> list[str]:
        return [w for p in self.pages for w in p.off_page]


def inspect(pdf: bytes, dpi: int = 24, box: str = "trim") -> DocumentFacts:
    """Every check that needs only the PDF. `box` is the page box that text must stay inside."""
    document = pdfium.PdfDocument(pdf)
    try:
        pages = [_page_facts(document[i], i + 1, dpi, box) for i in range(len(document))]
    finally:
        document.close()
    with pikepdf.open(pikepdf_input(pdf)) as pike:
        return DocumentFacts(pages, transparency(pike), missing_glyphs(pike), unembedded_fonts(pike))


def pikepdf_input(pdf: bytes):
    import io

    return io.BytesIO(pdf)


# --- per page: text geometry through pdfium ----------------------------------------------------

def _page_facts(page, number: int, dpi: int, box: str) -> PageFacts:
    width, height = page.get_size()
    facts = PageFacts(number, width, height)
    bounds = _box(page, box)
    textpage = page.get_textpage()
    try:
        # word joiners (U+2060, materials/typography.py) are kept: indexes must match pdfium's characters
        facts.text = textpage.get_text_range()
        clips: dict[int, tuple[float, float, float, float] | None] = {}
        worst: dict[int, tuple[float, int]] = {}      # word start -> (overshoot, char)
        off: set[int] = set()
        text = facts.text
        for i in range(textpage.count_chars()):
            char_box = _char_box(textpage, i)
            if char_box is None:
                continue
            obj = raw.FPDFText_GetTextObject(textpage.raw, i)
            key = ctypes.cast(obj, ctypes.c_void_p).value or 0
            if key not in clips:
                clips[key] = _clip_bbox(obj) if key else None
            clip = clips[key]
            if clip is not None:
                over = _overshoot(char_box, clip)
                if over > TOLERANCE_PT:
                    start = _word_start(text, i)
                    if over > worst.get(start, (0.0, i))[0]:
                        worst[start] = (over, i)
            if _overshoot(char_box, bounds) > TOLERANCE_PT:
                off.add(_word_start(text, i))
        facts.clipped = [Clipped(_word_at(text, s), number, round(o, 2)) for s, (o, _) in sorted(worst.items())]
        facts.off_page = [_word_at(text, s) for s in sorted(off)]
        facts.text = text.replace("\u2060", "")
    finally:
        textpage.close()
    facts.largest_blank, facts.grey_only = blank_and_grey(page, dpi)
    return facts


def _box(page, box: str) -> tuple[float, float, float, float]:
    getter = {"trim": page.get_trimbox, "bleed": page.get_bleedbox, "media": page.get_mediabox}[box]
    left, bottom, right, top = getter()
    return left, bottom, right, top


def _char_box(textpage, i: int) -> tuple[float, float, float, float] | None:
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    if not raw.FPDFText_GetCharBox(textpage.raw, i, left, right, bottom, top):
        return None
    box = (left.value, bottom.value, right.value, top.value)
    if box[2] - box[0] <= 0 or box[3] - box[1] <= 0:     # spaces and generated characters
        return None
    return box


def _clip_bbox(obj) -> tuple[float, float, float, float] | None:
    """The bounding box of a page object's clip (the intersection of its paths' boxes), or None."""
    clip = raw.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    box = None
    for p in range(raw.FPDFClipPath_CountPaths(clip)):
        xs, ys = [], []
        for s in range(raw.FPDFClipPath_CountPathSegments(clip, p)):
            segment = raw.FPDFClipPath_GetPathSegment(clip, p, s)
            x, y = ctypes.c_float(), ctypes.c_float()
            if raw.FPDFPathSegment_GetPoint(segment, x, y):
                xs.append(x.value)
                ys.append(y.value)
        if not xs:
            continue
        path = (min(xs), min(ys), max(xs), max(ys))
        box = path if box is None else (max(box[0], path[0]), max(box[1], path[1]),
                                        min(box[2], path[2]), min(box[3], path[3]))
    return box


def _overshoot(inner, outer) -> float:
    """How far (pt) `inner` reaches outside `outer`; 0 when inside."""
    return max(0.0, outer[0] - inner[0], outer[1] - inner[1], inner[2] - outer[2], inner[3] - outer[3])


def _word_start(text: str, i: int) -> int:
    while i > 0 and i <= len(text) and not text[i - 1].isspace():
        i -= 1
    return i


def _word_at(text: str, start: int) -> str:
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end][:40]


# --- document-wide: structures through pikepdf ---------------------------------------------------

def transparency(pdf: pikepdf.Pdf) -> list[str]:
    """Soft masks, transparency groups and constant alpha below 1, where they are."""
    found: list[str] = []
    for number, page in enumerate(pdf.pages, start=1):
        if _is_transparency_group(page.obj.get("/Group")):
            found.append(f"page {number}: transparency group")
        for where, resources in _resource_dicts(page.obj.get("/Resources"), f"page {number}"):
            for name, state in (resources.get("/ExtGState") or {}).items():
                for key in ("/CA", "/ca"):
                    if key in state and float(state[key]) < 1:
                        found.append(f"{where}: {name} {key} {float(state[key]):g}")
                mask = state.get("/SMask")
                if mask is not None and mask != pikepdf.Name.None_:
                    found.append(f"{where}: {name} soft mask")
            for name, xobject in (resources.get("/XObject") or {}).items():
                if _is_transparency_group(xobject.get("/Group")):
                    found.append(f"{where}: {name} transparency group")
                if "/SMask" in xobject:
                    found.append(f"{where}: {name} image soft mask")
    return found


def _is_transparency_group(group) -> bool:
    return group is not None and group.get("/S") == pikepdf.Name.Transparency


def _resource_dicts(resources, where: str, depth: int = 0) -> Iterator[tuple[str, pikepdf.Dictionary]]:
    if resources is None or depth > 8:
        return
    yield where, resources
    for name, xobject in (resources.get("/XObject") or {}).items():
        if xobject.get("/Subtype") == pikepdf.Name.Form:
            yield from _resource_dicts(xobject.get("/Resources"), f"{where} {name}", depth + 1)


def _type0_fonts(resources) -> set[str]:
    fonts = resources.get("/Font") or {}
    return {str(name) for name, font in fonts.items() if font.get("/Subtype") == pikepdf.Name.Type0}


def missing_glyphs(pdf: pikepdf.Pdf) -> int:
    """Glyphs drawn with CID 0 (.notdef, a tofu box) by any Type0 font, in pages and their forms."""
    return sum(_notdefs(page, page.obj.get("/Resources"), 0) for page in pdf.pages)


def _notdefs(stream, resources, depth: int) -> int:
    if resources is None or depth > 8:
        return 0
    cid_fonts = _type0_fonts(resources)
    forms = {str(name): x for name, x in (resources.get("/XObject") or {}).items()
             if x.get("/Subtype") == pikepdf.Name.Form}
    count, current = 0, None
    for operands, operator in pikepdf.parse_content_stream(stream):
        op = str(operator)
        if op == "Tf":
            current = str(operands[0])
        elif op == "Do" and str(operands[0]) in forms:
            form = forms[str(operands[0])]
            count += _notdefs(form, form.get("/Resources", resources), depth + 1)
        elif op in ("Tj", "'", '"', "TJ") and current in cid_fonts:
            for part in (operands[-1] if op == "TJ" else [operands[-1]]):
                if isinstance(part, pikepdf.String):
                    data = bytes(part)
                    count += sum(1 for k in range(0, len(data) - 1, 2) if data[k] == 0 and data[k + 1] == 0)
    return count


def unembedded_fonts(pdf: pikepdf.Pdf) -> list[str]:
    found = set()
    for page in pdf.pages:
        for _, resources in _resource_dicts(page.obj.get("/Resources"), "page"):
            for font in (resources.get("/Font") or {}).values():
                for f in [font, *(font.get("/DescendantFonts") or [])]:
                    descriptor = f.get("/FontDescriptor")
                    if descriptor is not None and not any(k in descriptor for k in
                                                          ("/FontFile", "/FontFile2", "/FontFile3")):
                        found.add(str(f.get("/BaseFont")))
    return sorted(found)


# --- type sizes --------------------------------------------------------------------------------

def font_sizes_of(pdf: bytes, needle: str, page: int = 1) -> list[float]:
    """The type sizes (pt) of the characters of the first occurrence of `needle` on `page`."""
    document = pdfium.PdfDocument(pdf)
    try:
        textpage = document[page - 1].get_textpage()
        text = textpage.get_text_range()
        at = text.find(needle)
        if at < 0:
            return []
        sizes = [_type_size(raw.FPDFText_GetTextObject(textpage.raw, i)) for i in range(at, at + len(needle))
                 if not text[i].isspace()]
        textpage.close()
        return sizes
    finally:
        document.close()


def text_extent(pdf: bytes, start: str, end: str, page: int = 1) -> tuple[float, float] | None:
    """How far down the page (fractions of its height) the ink of the text from the first `start` up to
    the first `end` after it begins and ends; None when either is missing."""
    document = pdfium.PdfDocument(pdf)
    try:
        sheet = document[page - 1]
        height = sheet.get_size()[1]
        top_edge = _box(sheet, "media")[3]
        textpage = sheet.get_textpage()
        text = textpage.get_text_range()
        kept = [i for i, c in enumerate(text) if c != "\u2060"]    # found past word joiners, boxed by pdfium's index
        plain = "".join(text[i] for i in kept)
        first = plain.find(start)
        last = plain.find(end, first + len(start)) if first >= 0 else -1
        boxes = [b for i in kept[first:last] if (b := _char_box(textpage, i))] if last > 0 else []
        textpage.close()
        if not boxes:
            return None
        return (top_edge - max(b[3] for b in boxes)) / height, (top_edge - min(b[1] for b in boxes)) / height
    finally:
        document.close()


def _type_size(obj) -> float:
    """The size a reader sees: the text object's font size scaled by its matrix (text and CTM together)."""
    size, matrix = ctypes.c_float(), raw.FS_MATRIX()
    raw.FPDFTextObj_GetFontSize(obj, size)
    raw.FPDFPageObj_GetMatrix(obj, matrix)
    return round(size.value * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5, 2)


def pdf_text(pdf: bytes) -> str:
    """`pdftotext -layout` of the PDF: lines as a reader sees them."""
    import subprocess

    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
