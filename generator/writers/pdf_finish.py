"""The print shop's touches on WeasyPrint's PDF objects before they are written: BleedBox, marks, X-4's ID.

WeasyPrint sizes the MediaBox from `@page { bleed }` and sets the TrimBox right, but puts the
BleedBox at most 10 pt past the trim whatever the bleed, and draws its own `marks` inside the bleed
through an SVG with a transparent fill (a transparency group). So presswork gives WeasyPrint the whole
outset (bleed + slug) as its bleed, no `marks`, and here sets the BleedBox to the real bleed and draws
crop and registration marks in the slug, outside the bleed, as plain vector lines. In PDF/X-4 the
XMP document ID, random in WeasyPrint, is derived from the render's identifier so the same input
gives the same bytes.
"""

from __future__ import annotations

import re
import uuid

import pydyf

from generator.materials.page import MARK_LINE_PT, PT_PER_MM, PageSpec

_KAPPA = 0.5523  # a quarter circle's Bézier handles, as a share of the radius
_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-fA-F-]{36}")


def finisher(page: PageSpec, identifier: str):
    """The `finisher` WeasyPrint calls with (document, pdf) right before writing the file."""

    def finish(_document, pdf: pydyf.PDF) -> None:
        for number in pdf.pages["Kids"][::3]:
            pdf_page = pdf.objects[number]
            if page.for_print_shop:
                _bleed_box(pdf_page, page)
            if page.marks:
                _draw_marks(pdf, pdf_page, page)
        if page.pdf_variant == "pdf/x-4":
            _document_id(pdf, identifier)

    return finish


def _bleed_box(pdf_page: pydyf.Dictionary, page: PageSpec) -> None:
    left, bottom, right, top = (float(v) for v in pdf_page["TrimBox"])
    bleed = page.bleed_mm * PT_PER_MM
    pdf_page["BleedBox"] = pydyf.Array([_num(left - bleed), _num(bottom - bleed), _num(right + bleed),
                                        _num(top + bleed)])


def _draw_marks(pdf: pydyf.PDF, pdf_page: pydyf.Dictionary, page: PageSpec) -> None:
    """Marks after the page's own content, which is wrapped in q/Q so they are drawn in the PDF's
    default coordinates (WeasyPrint's content flips the y axis and leaves it flipped)."""
    left, bottom, _, _ = (float(v) for v in pdf_page["TrimBox"])
    # registration colour: every ink of a CMYK press; plain black elsewhere
    colour = "1 1 1 1 K" if page.pdf_variant == "pdf/x-4" else "0 G"
    ops = ["/Artifact BMC", "q", f"{MARK_LINE_PT:g} w", colour, f"1 0 0 1 {_num(left)} {_num(bottom)} cm"]
    for x0, y0, x1, y1 in page.mark_lines():
        ops.append(f"{_num(x0)} {_num(y0)} m {_num(x1)} {_num(y1)} l S")
    for cx, cy, r in page.mark_targets():
        ops.append(_circle(cx, cy, r))
        arm = r * 1.4
        ops.append(f"{_num(cx - arm)} {_num(cy)} m {_num(cx + arm)} {_num(cy)} l S")
        ops.append(f"{_num(cx)} {_num(cy - arm)} m {_num(cx)} {_num(cy + arm)} l S")
    ops += ["Q", "EMC"]
    opening = pydyf.Stream([b"q"], compress=True)
    marks = pydyf.Stream([b"Q"] + [op.encode("ascii") for op in ops], compress=True)
    pdf.add_object(opening)
    pdf.add_object(marks)
    contents = pdf_page["Contents"]
    pdf_page["Contents"] = pydyf.Array([opening.reference, contents, marks.reference])


def _circle(cx: float, cy: float, r: float) -> str:
    k = r * _KAPPA
    points = [(cx + r, cy), (cx + r, cy + k, cx + k, cy + r, cx, cy + r),
              (cx - k, cy + r, cx - r, cy + k, cx - r, cy), (cx - r, cy - k, cx - k, cy - r, cx, cy - r),
              (cx + k, cy - r, cx + r, cy - k, cx + r, cy)]
    start, *curves = points
    text = f"{_num(start[0])} {_num(start[1])} m "
    text += " ".join(" ".join(str(_num(v)) for v in curve) + " c" for curve in curves)
    return text + " h S"


def _document_id(pdf: pydyf.PDF, identifier: str) -> None:
    reference = pdf.catalog.get("Metadata")
    if reference is None:
        return
    stream = pdf.objects[int(reference.split()[0])]
    did = f"xmp.did:{uuid.UUID(hex=identifier[:32])}".encode("ascii")
    stream.stream = [_DOCUMENT_ID.sub(did, part if isinstance(part, bytes) else str(part).encode())
                     for part in stream.stream]


def _num(value: float) -> int | float:
    value = round(float(value), 3)
    return int(value) if value == int(value) else value
