"""What a print shop's preflight reads in a PDF: the colours its content streams set, and any transparency."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pikepdf

_FILL = {"rg": "/DeviceRGB", "k": "/DeviceCMYK", "g": "/DeviceGray"}
_STROKE = {"RG": "/DeviceRGB", "K": "/DeviceCMYK", "G": "/DeviceGray"}


@dataclass
class ColourUse:
    """Colours as set (space, values), counted: on text shown, on fills and on strokes; and RGB operators."""

    text_fills: Counter = field(default_factory=Counter)
    fills: Counter = field(default_factory=Counter)
    strokes: Counter = field(default_factory=Counter)
    rgb: int = 0


def _values(operands) -> tuple[float, ...]:
    return tuple(round(float(v), 3) for v in operands if not isinstance(v, pikepdf.Name))


def colour_use(pdf: pikepdf.Pdf) -> ColourUse:
    """Walk every page and the forms it draws, following the fill and stroke colour as set."""
    use, seen = ColourUse(), set()

    def run(stream, resources) -> None:
        fill, stroke = ("/DeviceGray", (0.0,)), ("/DeviceGray", (0.0,))
        fill_space = stroke_space = "/DeviceGray"
        for operands, op in pikepdf.parse_content_stream(stream):
            op = str(op)
            if op in ("cs", "CS"):
                space = str(operands[0])
                fill_space, stroke_space = (space, stroke_space) if op == "cs" else (fill_space, space)
                use.rgb += space == "/DeviceRGB"
            elif op in _FILL:
                fill = (_FILL[op], _values(operands))
                use.fills[fill] += 1
            elif op in _STROKE:
                stroke = (_STROKE[op], _values(operands))
                use.strokes[stroke] += 1
            elif op in ("sc", "scn"):
                fill = (fill_space, _values(operands))
                use.fills[fill] += 1
            elif op in ("SC", "SCN"):
                stroke = (stroke_space, _values(operands))
                use.strokes[stroke] += 1
            elif op in ("Tj", "TJ", "'", '"'):
                use.text_fills[fill] += 1
            elif op == "Do":
                xobject = resources.XObject[operands[0]]
                if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                    seen.add(xobject.objgen)
                    run(xobject, xobject.get("/Resources", resources))
            use.rgb += op in ("rg", "RG")

    for page in pdf.pages:
        run(page, page.Resources)
    return use


def transparency(pdf: pikepdf.Pdf) -> list[str]:
    """Every transparency a RIP would flatten: groups, soft masks, constant alpha below 1, blend modes."""
    found, seen = [], set()

    def resources(res, where: str) -> None:
        if res is None:
            return
        for name, state in (res.get("/ExtGState") or {}).items():
            for key in ("/CA", "/ca"):
                if key in state and float(state[key]) < 1:
                    found.append(f"{where} {name} {key} {float(state[key])}")
            if state.get("/SMask", pikepdf.Name.None_) != pikepdf.Name.None_:
                found.append(f"{where} {name} soft mask")
            if state.get("/BM", pikepdf.Name.Normal) not in (pikepdf.Name.Normal, pikepdf.Name.Compatible):
                found.append(f"{where} {name} blend mode {state.BM}")
        for name, xobject in (res.get("/XObject") or {}).items():
            if xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
            if xobject.get("/Group", {}).get("/S") == pikepdf.Name.Transparency:
                found.append(f"{where} {name} transparency group")
            if "/SMask" in xobject:
                found.append(f"{where} {name} image soft mask")
            resources(xobject.get("/Resources"), f"{where}{name}")

    for number, page in enumerate(pdf.pages, start=1):
        if page.obj.get("/Group", {}).get("/S") == pikepdf.Name.Transparency:
            found.append(f"page {number} transparency group")
        resources(page.obj.get("/Resources"), f"page {number} ")
    return found
