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
from generator.materials.plans.text_width import break_units, text_ems
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
# .box-more: 0.55em above it, a line of 0.82em at 1.35
MORE_PAD_EM, SMALL_EM, MORE_LINE = 0.55, 0.82, 1.35
# the text columns' gap (column-gap 1.6em), and the translation's rule: 0.4em under it
COLUMN_GAP_EM = 1.6
TRANSLATION_PAD_EM = 0.4
RULE_PT = 0.5
# a paragraph is cut between text columns only where this many lines stay on either side
ORPHANS = WIDOWS = 2


def write_box(cell: _Cell, item: Item, box, width: int, height: float, sheet: Sheet, clean: Cleaner) -> None:
    """Box `box` (the plan's) for `item` at the end of its region's `cell`, `width` twips wide and at
    least `height` points tall."""
    # the frame, head, source and "full text" line are at the sheet's body size; the text at the box's
    em = sheet.plan.em
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
    # text columns are 1.6em of the box's text apart, its translation's too
    gap = COLUMN_GAP_EM * box.pt
    _text(body, [clean(p, where) for p in box.paragraphs], styles.text, box.text_columns, inner, box.pt, item.lang,
          sheet, gap)
    if box.source:
        body.add_paragraph(f"{item.dash.strip()} {clean(box.source, where)}", style=styles.source)
    if box.translation:
        # the rule and the space round it: translation_gap_em of the translation's size in all
        size = box.translation_pt
        _rule(body, sheet, (sheet.plan.translation_gap_em - TRANSLATION_PAD_EM) * size)
        _text(body, [clean(p, where) for p in box.translation], styles.translation, box.text_columns, inner,
              size, box.translation_lang or "en", sheet, gap, above=TRANSLATION_PAD_EM * size)
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
    """The paragraph styles of one box, in the box's own language: its text (and translation) at the
    box's size, head, sources and "full text" line at the sheet's body size, as bulletin.css sets them."""

    def __init__(self, sheet: Sheet, item: Item, box) -> None:
        doc, theme, lang = sheet.doc, sheet.material.theme, sheet.material.lang
        other = box.translation_lang or "en"

        def own(name: str, in_lang: str, pt: float | None = None) -> str:
            style = language_style(doc, name, in_lang, theme, lang)
            return sized(doc, style, pt) if pt else style

        self.head = own("PW Box Heading", item.lang)
        self.text = own("PW Box", item.lang, half_point_up(box.pt))
        self.source = own("PW Box Attribution", item.lang)
        self.translation = own("PW Box Translation", other, half_point_up(box.translation_pt))
        self.translation_source = own("PW Box Attribution", other)
        self.more = own("PW Box More", lang)


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
    """The number on the accent (mono: in a frame, bulletin.py), then the date (an undated excerpt:
    its source), as the PDF's head."""
    paragraph.add_run(f"\u2002{box.number}\u2002", style="PW Excerpt Number")
    if box.head:
        paragraph.add_run("\u2002")
        paragraph.add_run(clean(box.head, where), style="PW Strong")


def _text(body: _Cell, paragraphs: list[str], style: str, columns: int, width: int, em: float, lang: str,
          sheet: Sheet, gap_pt: float, above: float = 0) -> None:
    """The paragraphs (their type `em` points) in the box's cell, or in `columns` text columns: a
    borderless table whose cells are `gap_pt` apart and ruled between; `above` points over the first line."""
    paragraphs = paragraphs or [""]
    if columns <= 1:
        for index, text in enumerate(paragraphs):
            paragraph = body.add_paragraph(text, style=style)
            if above and index == 0:
                paragraph.paragraph_format.space_before = Pt(round(above, 1))
        return
    gap = twips(gap_pt)
    column = (width - (columns - 1) * gap) / columns
    widths = [round(column + (gap / 2 if k else 0) + (gap / 2 if k < columns - 1 else 0)) for k in range(columns)]
    widths[-1] = width - sum(widths[:-1])
    table = new_table(body, 1, widths)
    no_borders(table)
    table_padding(table)
    place_table(table, 0, 0)
    keep_row_whole(table.rows[0])
    measure = column / 20 / em
    for k, (cell, part) in enumerate(zip(table.rows[0].cells, split_columns(paragraphs, columns, lang, measure))):
        cell_padding(cell, top=twips(above), left=round(gap / 2) if k else 0,
                     right=round(gap / 2) if k < columns - 1 else 0)
        if k:
            cell_borders(cell, left=(RULE_PT, sheet.color("rule")))
        first_paragraph(cell, style)
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


def split_columns(paragraphs: list[str], n: int, lang: str, measure: float) -> list[list[tuple[str, bool]]]:
    """The paragraphs shared out over n columns `measure` ems wide, as CSS balances columns: the
    lowest column height (in lines) that holds them all, a paragraph cut at a line's end only where
    two lines or more stay on each side (orphans and widows: 2). Each piece says whether it goes on
    from the column before (and so takes no indent)."""
    if n <= 1:
        return [[(p, False) for p in paragraphs]]
    indent = 2 if lang == "zh" else 0   # Chinese paragraphs open two characters in
    starts = [line_starts(p, measure, indent) for p in paragraphs]
    total = sum(len(lines) for lines in starts)
    for height in range(max(1, math.ceil(total / n)), total + 1):
        columns = _fill(paragraphs, starts, n, height)
        if columns is not None:
            return columns
    return [[(p, False) for p in paragraphs]] + [[] for _ in range(n - 1)]


def _fill(paragraphs: list[str], starts: list[list[int]], n: int, height: int) -> list[list[tuple[str, bool]]] | None:
    """The paragraphs in columns `height` lines tall, or None when n columns do not hold them."""
    columns: list[list[tuple[str, bool]]] = [[]]
    room = height
    for text, lines in zip(paragraphs, starts):
        at, continued = 0, False
        while True:
            left = len(lines) - at
            if left <= room:
                columns[-1].append((text[lines[at]:], continued))
                room -= left
                break
            if room >= ORPHANS and left - room >= WIDOWS:
                columns[-1].append((text[lines[at]:lines[at + room]].rstrip(), continued))
                at, continued = at + room, True
            if len(columns) == n:
                return None
            columns.append([])
            room = height
    return columns + [[] for _ in range(n - len(columns))]


def line_starts(text: str, measure: float, indent: float = 0) -> list[int]:
    """Where each line of `text` starts (character offsets), broken greedily `measure` ems wide,
    its first line `indent` ems in (plans/text_width.py's break opportunities and widths)."""
    starts, used, at = [0], indent, 0
    for unit in break_units(text):
        word = unit.rstrip(" ")
        width = text_ems(word, "body")
        if at and used + width > measure:
            starts.append(at)
            used = 0.0
        used += width + text_ems(unit[len(word):], "body")
        at += len(unit)
    return starts
