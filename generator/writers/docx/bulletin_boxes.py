"""A bulletin box as the plan shows it: a framed one-cell table stretched to its share of the sheet, never split.

What the box prints is the plan's (materials/plans/bulletin.py Box): its head (number, then the
date, or the source of an undated excerpt), the text it shows (the whole excerpt, its opening or
its pull quote) at the box's own size, in text columns where the plan sets them (a borderless
table inside the box, a cell a column, ruled between), its source, the translation under a
hairline on a bilingual sheet, and for a shortened box the line saying where the full text is,
in a row of its own at the box's foot. The box's row is as tall as the plan's estimate of it,
stretched as the PDF stretches its boxes to the sheet's foot, and cannot split (cantSplit).
"""

from __future__ import annotations

import math

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import _Cell

from generator.materials.material import Item
from generator.writers.docx.bulletin_parts import Sheet
from generator.writers.docx.cleaner import Cleaner, excerpt_where
from generator.writers.docx.languages import indent_two_characters, language_style
from generator.writers.docx.ooxml import PPR_ORDER, border, child, style_value
from generator.writers.docx.styling import hairline
from generator.writers.docx.tables import (
    cell_align, cell_borders, cell_padding, first_paragraph, keep_row_whole, new_table, no_borders, place_table,
    row_height, table_padding, twips,
)

# a box's padding (bulletin.css .box: 0.8em 1.05em 0.7em), in ems of its text
BOX_PAD_TOP_EM, BOX_PAD_SIDE_EM, BOX_PAD_BOTTOM_EM = 0.8, 1.05, 0.7
# its type against its text (.box-head 0.9em, .box-source and .box-more 0.82em)
HEAD_EM, SMALL_EM = 0.9, 0.82
# .box-more: 0.55em above it, a line of 0.82em at 1.35
MORE_PAD_EM, MORE_LINE = 0.55, 1.35
# the text columns' gap (column-gap 1.6em), and the translation's rule: 0.4em under it
COLUMN_GAP_EM = 1.6
TRANSLATION_PAD_EM = 0.4
RULE_PT = 0.5


def write_box(cell: _Cell, item: Item, box, width: int, height: float, sheet: Sheet, clean: Cleaner) -> None:
    """Box `box` (the plan's) for `item` at the end of its region's `cell`, `width` twips wide and at
    least `height` points tall."""
    em = box.pt
    rows = 2 if box.more else 1
    table = new_table(cell, rows, [width], style="PW Box Table")
    # no padding of the table's own, only the cell's: a table in a cell is placed by its border in
    # LibreOffice and by its text in Word (less the table's padding), which agree when that is 0
    table_padding(table)
    place_table(table, 0, 0)
    pad_x = twips(BOX_PAD_SIDE_EM * em)
    body = table.cell(0, 0)
    cell_align(body, "top")
    cell_padding(body, top=twips(BOX_PAD_TOP_EM * em), left=pad_x, right=pad_x,
                 bottom=0 if box.more else twips(BOX_PAD_BOTTOM_EM * em))
    inner = width - 2 * pad_x
    styles = BoxStyles(sheet, item, box)
    where = excerpt_where(item)
    _head(first_paragraph(body, styles.head), box, clean, where)
    _text(body, [clean(p, where) for p in box.paragraphs], styles.text, box.text_columns, inner, em, item.lang,
          sheet)
    if box.source:
        body.add_paragraph(f"{item.dash.strip()} {clean(box.source, where)}", style=styles.source)
    if box.translation:
        _rule(body, sheet, sheet.plan.translation_gap_em * em)
        scale = sheet.plan.translation_scale
        _text(body, [clean(p, where) for p in box.translation], styles.translation, box.text_columns, inner,
              em * scale, box.translation_lang or "en", sheet, above=TRANSLATION_PAD_EM * em)
        if box.translation_source:
            body.add_paragraph(f"{item.translation_dash.strip()} {clean(box.translation_source, where)}",
                               style=styles.translation_source)
    if body._tc[-1].tag == qn("w:tbl"):  # a cell ends with a paragraph, after a table too
        hairline(body.add_paragraph(style="PW Box Gap"), 1)
    more_h = 0.0
    if box.more:
        foot = table.cell(1, 0)
        cell_padding(foot, top=twips(MORE_PAD_EM * em), left=pad_x, right=pad_x, bottom=twips(BOX_PAD_BOTTOM_EM * em))
        first_paragraph(foot, styles.more, clean(sheet.material.labels["full_text"], "label"))
        keep_row_whole(table.rows[1])
        more_h = (MORE_PAD_EM + SMALL_EM * MORE_LINE + BOX_PAD_BOTTOM_EM) * em
        # the text's row and the line under it go together
        for paragraph in body.paragraphs:
            paragraph.paragraph_format.keep_with_next = True
    row_height(table.rows[0], twips(max(height - more_h, 0)), cant_split=True)


class BoxStyles:
    """The paragraph styles of one box: PW Box and its kin in the box's own language, at its size."""

    def __init__(self, sheet: Sheet, item: Item, box) -> None:
        doc, theme, lang = sheet.doc, sheet.material.theme, sheet.material.lang
        text_pt = half_point_up(box.pt)
        other = box.translation_lang or "en"

        def own(name: str, in_lang: str, pt: float) -> str:
            return sized(doc, language_style(doc, name, in_lang, theme, lang), pt)

        self.head = own("PW Box Heading", item.lang, HEAD_EM * box.pt)
        self.text = own("PW Box", item.lang, text_pt)
        self.source = own("PW Box Attribution", item.lang, SMALL_EM * box.pt)
        scale = sheet.plan.translation_scale
        self.translation = own("PW Box Translation", other, scale * box.pt)
        self.translation_source = own("PW Box Attribution", other, SMALL_EM * scale * box.pt)
        self.more = own("PW Box More", lang, SMALL_EM * box.pt)


def half_point_up(pt: float) -> float:
    """Word sets type in half points: box text is rounded up, never below the plan's size."""
    return math.ceil(pt * 2 - 1e-3) / 2


def sized(doc, name: str, pt: float) -> str:
    """Paragraph style `name` with its type at `pt` (rounded to a half point) and its exact line and
    spacing scaled alike: `name` itself when it has that size, else "<name> <pt> pt", based on it."""
    pt = round(pt * 2) / 2
    style = doc.styles[name]
    own = style_value(style, lambda s: s.font.size, Pt(11)).pt
    if abs(own - pt) < 0.01:
        return name
    variant = f"{name} {pt:g} pt"
    if variant in doc.styles:
        return variant
    new = doc.styles.add_style(variant, WD_STYLE_TYPE.PARAGRAPH)
    new.base_style = style
    new.next_paragraph_style = new
    new.hidden = False
    new.quick_style = False
    new.font.size = Pt(pt)
    ratio = pt / own
    fmt = new.paragraph_format
    line = style_value(style, lambda s: s.paragraph_format.line_spacing, None)
    rule = style_value(style, lambda s: s.paragraph_format.line_spacing_rule, None)
    if line is not None and rule == WD_LINE_SPACING.EXACTLY:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(round(line.pt * ratio, 1))
    for attr in ("space_before", "space_after"):
        value = style_value(style, lambda s, a=attr: getattr(s.paragraph_format, a), None)
        if value:
            setattr(fmt, attr, Pt(round(value.pt * ratio, 1)))
    indent = style_value(style, lambda s: s.paragraph_format.first_line_indent, None)
    if indent:  # Chinese text's two characters, at the new size
        indent_two_characters(new.element.get_or_add_pPr(), pt)
    return variant


def _head(paragraph, box, clean: Cleaner, where: str) -> None:
    """The number in the accent, then the date (an undated excerpt: its source), as the PDF's head."""
    paragraph.add_run(f"\u2002{box.number}\u2002", style="PW Excerpt Number")
    if box.head:
        paragraph.add_run("\u2002")
        paragraph.add_run(clean(box.head, where), style="PW Strong")


def _text(body: _Cell, paragraphs: list[str], style: str, columns: int, width: int, em: float, lang: str,
          sheet: Sheet, above: float = 0) -> None:
    """The paragraphs in the box's cell, or in `columns` text columns: a borderless table whose cells
    are ruled between; `above` points over the first line."""
    paragraphs = paragraphs or [""]
    if columns <= 1:
        for index, text in enumerate(paragraphs):
            paragraph = body.add_paragraph(text, style=style)
            if above and index == 0:
                paragraph.paragraph_format.space_before = Pt(round(above, 1))
        return
    gap = twips(COLUMN_GAP_EM * em)
    column = (width - (columns - 1) * gap) / columns
    widths = [round(column + (gap / 2 if k else 0) + (gap / 2 if k < columns - 1 else 0)) for k in range(columns)]
    widths[-1] = width - sum(widths[:-1])
    table = new_table(body, 1, widths)
    no_borders(table)
    table_padding(table)
    place_table(table, 0, 0)
    keep_row_whole(table.rows[0])
    for k, (cell, part) in enumerate(zip(table.rows[0].cells, split_columns(paragraphs, columns, lang))):
        cell_padding(cell, top=twips(above), left=round(gap / 2) if k else 0,
                     right=round(gap / 2) if k < columns - 1 else 0)
        if k:
            cell_borders(cell, left=(RULE_PT, sheet.color("rule")))
        for index, (text, continued) in enumerate(part):
            p = first_paragraph(cell, style, text) if index == 0 else cell.add_paragraph(text, style=style)
            if continued:  # the rest of a paragraph the column before began: no indent
                p.paragraph_format.first_line_indent = Pt(0)


def _rule(body: _Cell, sheet: Sheet, height: float) -> None:
    """The hairline over a box's translation (.box-translation's top border), `height` under the text:
    an empty paragraph that high, ruled at its foot."""
    paragraph = hairline(body.add_paragraph(style="PW Box Gap"), height)
    edge = border("bottom", RULE_PT, 0)
    edge.set(qn("w:color"), sheet.color("rule").lstrip("#").upper())
    child(paragraph._p.get_or_add_pPr(), "w:pBdr", PPR_ORDER).append(edge)


def split_columns(paragraphs: list[str], n: int, lang: str) -> list[list[tuple[str, bool]]]:
    """The paragraphs shared out over n columns of about equal length, as CSS columns balance them;
    a paragraph that crosses a column's end is cut there between words (Chinese: at the nearest
    stop or comma), its second part marked as continued. A paragraph whose end or start is within
    a line of a column's end is not cut."""
    if n <= 1:
        return [[(p, False) for p in paragraphs]]
    line = 15 if lang == "zh" else 40  # about a line of a box's text column, in characters
    total = sum(len(p) for p in paragraphs)
    ends = [total * k / n for k in range(1, n)]
    columns: list[list[tuple[str, bool]]] = [[] for _ in range(n)]
    k, start = 0, 0
    for text in paragraphs:
        while k < n - 1 and start >= ends[k] - line:
            k += 1
        at, continued = 0, False
        while k < n - 1 and ends[k] < start + len(text) - line:
            cut = _cut_at(text, round(ends[k] - start), lang)
            if cut <= at:
                break
            columns[k].append((text[at:cut].rstrip(), continued))
            at, continued = cut, True
            k += 1
        columns[k].append((text[at:].lstrip(), continued))
        start += len(text)
    return columns


def _cut_at(text: str, at: int, lang: str) -> int:
    """Where to cut `text` near character `at`: after a space (after a stop or comma in Chinese)."""
    if lang == "zh":
        marks = [i + 1 for i, c in enumerate(text) if c in "。！？；，" and i + 1 < len(text)]
        near = [i for i in marks if abs(i - at) <= 30]
        return min(near, key=lambda i: abs(i - at)) if near else at
    spaces = [i + 1 for i, c in enumerate(text) if c == " "]
    return min(spaces, key=lambda i: abs(i - at)) if spaces else 0
