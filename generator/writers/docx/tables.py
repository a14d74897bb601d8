"""Layout tables: fixed column widths, a table placed by its borders, cell borders, fills, padding and merges.

The bulletin's regions and boxes, the masthead and slogan bands and the timeline are tables:
the one structure Word and LibreOffice both lay out the same way, that never flows a box into
the next column and that holds its widths when the text is edited. Lengths here are twips
(1/20 pt), as the XML writes them.

Where a table sits: the reference document is in Word 2010's compatibility mode, in which
w:tblInd places the first cell's *text*, not its border; LibreOffice follows Word in this. So a
table whose border belongs at `x` is indented by x + its first cell's left padding
(place_table does this).
"""

from __future__ import annotations

from docx.blkcntnr import BlockItemContainer
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from generator.writers.docx.ooxml import TBLPR_ORDER, TRPR_ORDER, child

TCPR_ORDER = ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
              "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def twips(pt: float) -> int:
    return round(pt * 20)


def new_table(container, rows: int, widths: list[int], style: str | None = None) -> Table:
    """A table of `rows` rows and len(widths) columns at the end of `container` (the document,
    a cell, a header or a footer), with fixed column widths in twips."""
    # BlockItemContainer's own add_table: _Cell's would put an empty paragraph after the table
    target = container._body if hasattr(container, "_body") else container
    table = BlockItemContainer.add_table(target, rows, len(widths), Twips(sum(widths)))
    if style:
        table.style = style
    tblpr = table._tbl.tblPr
    width = child(tblpr, "w:tblW", TBLPR_ORDER)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(widths)))
    child(tblpr, "w:tblLayout", TBLPR_ORDER).set(qn("w:type"), "fixed")
    look = child(tblpr, "w:tblLook", TBLPR_ORDER)
    look.attrib.clear()
    look.set(qn("w:val"), "0600")
    for name, on in (("firstRow", 0), ("lastRow", 0), ("firstColumn", 0), ("lastColumn", 0),
                     ("noHBand", 1), ("noVBand", 1)):
        look.set(qn(f"w:{name}"), str(on))
    for col, w in zip(table._tbl.tblGrid.iterchildren(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(w))
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            tcw = child(cell._tc.get_or_add_tcPr(), "w:tcW", TCPR_ORDER)
            tcw.set(qn("w:type"), "dxa")
            tcw.set(qn("w:w"), str(w))
    return table


def no_borders(table: Table) -> None:
    """Nothing drawn, whatever the table style says."""
    borders = child(table._tbl.tblPr, "w:tblBorders", TBLPR_ORDER)
    for node in list(borders):
        borders.remove(node)
    for side in SIDES:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)


def table_padding(table: Table, top: int = 0, left: int = 0, bottom: int = 0, right: int = 0) -> None:
    """Every cell's padding (w:tblCellMar), in twips."""
    margins = child(table._tbl.tblPr, "w:tblCellMar", TBLPR_ORDER)
    for node in list(margins):
        margins.remove(node)
    for side, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        mar = OxmlElement(f"w:{side}")
        mar.set(qn("w:w"), str(value))
        mar.set(qn("w:type"), "dxa")
        margins.append(mar)


def place_table(table: Table, border_x: int, first_left_padding: int) -> None:
    """The table's left border at `border_x` twips from the text column (negative: into the margin)."""
    indent = child(table._tbl.tblPr, "w:tblInd", TBLPR_ORDER)
    indent.set(qn("w:w"), str(border_x + first_left_padding))
    indent.set(qn("w:type"), "dxa")


def cell_padding(cell: _Cell, **sides: int) -> None:
    """This cell's own padding on the sides given (top, left, bottom, right), in twips."""
    mar = child(cell._tc.get_or_add_tcPr(), "w:tcMar", TCPR_ORDER)
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            edge = child(mar, f"w:{side}", tuple(f"w:{s}" for s in ("top", "left", "bottom", "right")))
            edge.set(qn("w:w"), str(sides[side]))
            edge.set(qn("w:type"), "dxa")


def cell_borders(cell: _Cell, **sides: tuple[float, str] | None) -> None:
    """Borders on this cell: side=(width in pt, "RRGGBB"), or None for none."""
    borders = child(cell._tc.get_or_add_tcPr(), "w:tcBorders", TCPR_ORDER)
    order = tuple(f"w:{s}" for s in SIDES)
    for side, spec in sides.items():
        edge = child(borders, f"w:{side}", order)
        edge.attrib.clear()
        if spec is None:
            edge.set(qn("w:val"), "nil")
            continue
        width, color = spec
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(max(2, round(width * 8))))
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), color.lstrip("#").upper())


def cell_fill(cell: _Cell, color: str | None) -> None:
    if not color:
        return
    shd = child(cell._tc.get_or_add_tcPr(), "w:shd", TCPR_ORDER)
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color.lstrip("#").upper())


def cell_align(cell: _Cell, vertical: str) -> None:
    """top, center or bottom."""
    child(cell._tc.get_or_add_tcPr(), "w:vAlign", TCPR_ORDER).set(qn("w:val"), vertical)


def row_height(row, twips_: int, rule: str = "atLeast", cant_split: bool = True) -> None:
    trpr = row._tr.get_or_add_trPr()
    if cant_split:
        child(trpr, "w:cantSplit", TRPR_ORDER)
    height = child(trpr, "w:trHeight", TRPR_ORDER)
    height.set(qn("w:val"), str(max(twips_, 0)))
    height.set(qn("w:hRule"), rule)


def keep_row_whole(row) -> None:
    child(row._tr.get_or_add_trPr(), "w:cantSplit", TRPR_ORDER)


def first_paragraph(cell: _Cell, style: str | None = None, text: str = "") -> Paragraph:
    """The cell's one empty paragraph, given a style and text (a new cell holds one already)."""
    paragraph = cell.paragraphs[0]
    if style:
        paragraph.style = style
    if text:
        paragraph.add_run(text)
    return paragraph


def last_paragraph(cell: _Cell, style: str) -> Paragraph:
    """A paragraph closing the cell, as Word requires after a nested table."""
    return cell.add_paragraph(style=style)
