"""The bulletin sheet's masthead band and its boxes (framed paragraphs, or a table when the text runs in columns).

Every length is bulletin.css's, worked out for the page as materials/plans/bulletin.py works
them out (vw, vh and vmax of the sheet, ems of the box text): see Sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import _Cell

from generator.materials.material import Item, Material
from generator.writers.docx.cleaner import Cleaner, excerpt_where
from generator.writers.docx.languages import language_style, own_language_indent
from generator.writers.docx.ooxml import PPR_ORDER, border, child
from generator.writers.docx.styling import hairline
from generator.writers.docx.tables import (
    cell_align, cell_borders, cell_fill, cell_padding, first_paragraph, new_table, no_borders, place_table,
    keep_row_whole, table_padding, twips,
)

# a box's padding (bulletin.css .box: 0.8em 1.05em 0.7em), its text columns' gap, its source's gap
BOX_PAD_TOP_EM, BOX_PAD_SIDE_EM, BOX_PAD_BOTTOM_EM = 0.8, 1.05, 0.7
# its frame on an A3 sheet (0.45vw on top in the accent, 0.12vw round it), in points
BOX_TOP_PT, BOX_EDGE_PT = 5.5, 1.5
# Word's largest space between a paragraph's border and its text
MAX_BORDER_SPACE_PT = 31
COLUMN_GAP_EM = 1.6
# the masthead's padding (1.7vh; mono 1.2vh) and the space under it; the meta cell's width and padding
MASTHEAD_PAD_VH, MONO_MASTHEAD_PAD_VH, MASTHEAD_AFTER_VH = 1.7, 1.2, 1.6
META_VW, META_PAD_VW = 24, 1.8


@dataclass(frozen=True, slots=True)
class Sheet:
    """The page's lengths in points, as bulletin.css derives them; `em` is the box text's size."""

    doc: object
    material: Material
    plan: object
    em: float

    @property
    def width(self) -> float:
        return self.material.page.width_pt

    @property
    def vw(self) -> float:
        return self.material.page.width_pt / 100

    @property
    def vh(self) -> float:
        return self.material.page.height_pt / 100

    @property
    def side(self) -> float:
        return self.plan.side

    @property
    def gap(self) -> float:
        return self.plan.gap

    @property
    def text_width(self) -> float:
        return self.width - 2 * self.side

    def color(self, token: str) -> str:
        return self.material.theme.colors[token]

    @property
    def fills(self) -> bool:
        return self.material.theme.fills

    @property
    def on_band(self) -> str:
        """Rules drawn on the masthead and band: the band's ink, or black when there is no fill."""
        return self.color("accent_ink" if self.fills else "ink")


# --- masthead -----------------------------------------------------------------------------------

def write_masthead(doc, material: Material, plan, sheet: Sheet, clean: Cleaner) -> None:
    """Series and title on the left, issue, date and organisation on the right, across the page's
    full width: a one-row table filled with the accent (mono: between two black rules)."""
    meta = [clean(material.issue_label, "issue"), clean(material.date, "date"),
            clean(material.organisation, "organisation")]
    meta_w = META_VW * sheet.vw if plan.has_meta else 0
    widths = [twips(sheet.width - meta_w)] + ([twips(meta_w)] if plan.has_meta else [])
    widths[0] = twips(sheet.width) - sum(widths[1:])
    table = new_table(doc, 1, widths)
    no_borders(table)
    pad = (MASTHEAD_PAD_VH if sheet.fills else MONO_MASTHEAD_PAD_VH) * sheet.vh
    table_padding(table, top=twips(pad), bottom=twips(pad), left=twips(sheet.side), right=twips(sheet.side))
    place_table(table, -twips(sheet.side), twips(sheet.side))
    row = table.rows[0]
    keep_row_whole(row)
    cells = row.cells
    for cell in cells:
        cell_align(cell, "center")
        if sheet.fills:
            cell_fill(cell, sheet.color("accent"))
        else:
            cell_borders(cell, top=(0.9 * sheet.vh, sheet.color("ink")), bottom=(0.35 * sheet.vh, sheet.color("ink")))
    title = cells[0]
    if plan.has_meta:
        cell_padding(title, right=twips(META_PAD_VW * sheet.vw))
        cell_padding(cells[1], left=twips(META_PAD_VW * sheet.vw))
        cell_borders(cells[1], left=(0.15 * sheet.vw, sheet.on_band))
    series = clean(plan.kicker, "series")
    if series:
        first_paragraph(title, "PW Masthead Series", series)
        title.add_paragraph(clean(material.title, "title"), style="PW Masthead")
    else:
        first_paragraph(title, "PW Masthead", clean(material.title, "title"))
    if plan.has_meta:
        issue, *details = meta
        paragraphs = ([("PW Masthead Issue", issue)] if issue else []) + \
            [("PW Masthead Details", d) for d in details if d]
        for index, (style, text) in enumerate(paragraphs):
            if index:
                cells[1].add_paragraph(text, style=style)
            else:
                first_paragraph(cells[1], style, text)
    hairline(doc.add_paragraph(style="PW Box Gap"), MASTHEAD_AFTER_VH * sheet.vh)


# --- one box -------------------------------------------------------------------------------------

def write_box(cell, item: Item, width: int, text_columns: int, sheet: Sheet, clean: Cleaner) -> None:
    """Number and date, the text, the occasion, and on a bilingual sheet the translation under a
    hairline. A box whose text runs in one column is a group of framed paragraphs in its region's
    cell (Word and LibreOffice join paragraphs with the same borders into one frame); one whose
    text the plan sets in columns is a table in PW Box Table's frame, a cell a text column."""
    where = excerpt_where(item)
    blocks = [([clean(p, where) for p in item.paragraphs] or [""], "PW Box", item.lang, item.dash, item.source)]
    if item.translation:
        blocks.append(([clean(p, where) for p in item.translation], "PW Box Translation",
                       item.translation_lang or "en", item.translation_dash, item.translation_source))
    if text_columns <= 1:
        _framed_box(cell, item, blocks, sheet, clean)
    else:
        _table_box(cell, item, blocks, width, text_columns, sheet, clean)


def _head(paragraph, item: Item, clean: Cleaner) -> None:
    where = excerpt_where(item)
    paragraph.add_run(f"\u2002{item.number}\u2002", style="PW Excerpt Number")
    if item.date:
        paragraph.add_run("\u2002")
        paragraph.add_run(clean(item.date, where), style="PW Strong")


def _framed_box(cell, item: Item, blocks, sheet: Sheet, clean: Cleaner) -> None:
    """The box as paragraphs sharing one frame and fill; a translation is a second frame under the
    first, joined to it by a hairline."""
    where = excerpt_where(item)
    em, lang, theme = sheet.em, sheet.material.lang, sheet.material.theme
    edge = sheet.color("rule" if sheet.fills else "ink")
    top = sheet.color("accent" if sheet.fills else "ink")
    fill = sheet.color("box") if sheet.fills else None
    groups = []
    head = cell.add_paragraph(style="PW Box Heading")
    _head(head, item, clean)
    for number, (texts, style, text_lang, dash, source) in enumerate(blocks):
        group = [head] if number == 0 else []
        own = language_style(sheet.doc, style, text_lang, theme, lang)
        for text in texts:
            paragraph = cell.add_paragraph(text, style=own)
            own_language_indent(paragraph, text_lang, lang)
            group.append(paragraph)
        if source:
            group.append(cell.add_paragraph(f"{dash.strip()} {clean(source, where)}",
                                            style=language_style(sheet.doc, "PW Box Attribution", text_lang, theme,
                                                                 lang)))
        groups.append(group)
    # Two frames, the original's and the translation's, touching: the first's foot is the hairline
    # between them, the second's head a rule in the fill's colour that pads it (space between two
    # frames would fall outside both).
    for number, group in enumerate(groups):
        last = number == len(groups) - 1
        sides = {"left": (BOX_EDGE_PT, edge, BOX_PAD_SIDE_EM * em), "right": (BOX_EDGE_PT, edge, BOX_PAD_SIDE_EM * em),
                 "top": (BOX_TOP_PT, top, BOX_PAD_TOP_EM * em) if number == 0 else
                 (0.5, fill or sheet.color("paper"), 0.35 * em),
                 "bottom": (BOX_EDGE_PT, edge, BOX_PAD_BOTTOM_EM * em) if last else (0.5, edge, 0.9 * em)}
        for paragraph in group:
            frame(paragraph, sides, fill)
        if not last:
            group[-1].paragraph_format.space_after = Pt(0)


def frame(paragraph, sides: dict[str, tuple[float, str, float]], fill: str | None) -> None:
    """A paragraph's own frame: side -> (width pt, colour, space to the text pt), and fill. Indented by
    each side's space and width, so the frame stands inside the region's cell, as Word draws a
    border outside the text's indent."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = child(ppr, "w:pBdr", PPR_ORDER)
    for node in list(borders):
        borders.remove(node)
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            width, color, space = sides[side]
            edge = border(side, width, min(space, MAX_BORDER_SPACE_PT))
            edge.set(qn("w:color"), color.lstrip("#").upper())
            borders.append(edge)
    if fill:
        child(ppr, "w:shd", PPR_ORDER).attrib.update({qn("w:val"): "clear", qn("w:color"): "auto",
                                                      qn("w:fill"): fill.lstrip("#").upper()})
    fmt = paragraph.paragraph_format
    width, _, space = sides["left"]
    fmt.left_indent = fmt.right_indent = Pt(round(min(space, MAX_BORDER_SPACE_PT) + width, 1))


def _table_box(cell, item: Item, blocks, width: int, text_columns: int, sheet: Sheet, clean: Cleaner) -> None:
    """The box as a table in PW Box Table's frame and fill, its text in `text_columns` cells."""
    where = excerpt_where(item)
    em = sheet.em
    lang = sheet.material.lang
    n = max(1, text_columns)
    pad_x, gap = twips(BOX_PAD_SIDE_EM * em), twips(COLUMN_GAP_EM * em)
    column = (width - 2 * pad_x - (n - 1) * gap) / n
    widths = [round(column + (pad_x if k == 0 else gap / 2) + (pad_x if k == n - 1 else gap / 2)) for k in range(n)]
    widths[-1] = width - sum(widths[:-1])
    rows = 1 + sum(1 + bool(source) for *_, source in blocks)
    table = new_table(cell, rows, widths, style="PW Box Table")
    # No padding of the table's own, only the cells': a table in a cell is placed by its border in
    # LibreOffice and by its text in Word (less the table's padding), which agree when that is 0.
    table_padding(table)
    place_table(table, 0, 0)
    spans = [0]  # rows set across the whole box: the head and each source line
    at = 1
    for *_, source in blocks:
        at += 1
        if source:
            spans.append(at)
            at += 1
    for index in spans:
        if n > 1:
            table.cell(index, 0).merge(table.cell(index, n - 1))
    for row in table.rows:
        keep_row_whole(row)
        cells = row._tr.tc_lst
        for k, tc in enumerate(cells):
            cell_padding(_Cell(tc, table), left=round(gap / 2) if k else pad_x,
                         right=round(gap / 2) if k < len(cells) - 1 else pad_x)
    for box_cell in table.rows[0].cells:
        cell_padding(box_cell, top=twips(BOX_PAD_TOP_EM * em))
    for box_cell in table.rows[-1].cells:
        cell_padding(box_cell, bottom=twips(BOX_PAD_BOTTOM_EM * em))
    _head(first_paragraph(table.cell(0, 0), "PW Box Heading"), item, clean)
    at = 1
    for number, (texts, style, text_lang, dash, source) in enumerate(blocks):
        cells = table.rows[at].cells
        if number:  # the translation, under a hairline
            for k, text_cell in enumerate(cells):
                cell_borders(text_cell, top=(0.5, sheet.color("rule")))
                cell_padding(text_cell, top=twips(0.35 * em))
            for box_cell in table.rows[at - 1].cells:
                cell_padding(box_cell, bottom=twips(0.9 * em))
        for k, (text_cell, part) in enumerate(zip(cells, split_columns(texts, n, text_lang))):
            if k:
                cell_borders(text_cell, left=(0.5, sheet.color("rule")))
            own = language_style(sheet.doc, style, text_lang, sheet.material.theme, lang)
            for index, (paragraph, continued) in enumerate(part):
                p = first_paragraph(text_cell, own, paragraph) if index == 0 else \
                    text_cell.add_paragraph(paragraph, style=own)
                if continued:  # the rest of a paragraph the column before began: no indent
                    p.paragraph_format.first_line_indent = Pt(0)
                else:
                    own_language_indent(p, text_lang, lang)
        at += 1
        if source:
            first_paragraph(table.cell(at, 0), language_style(sheet.doc, "PW Box Attribution", text_lang,
                                                              sheet.material.theme, lang),
                            f"{dash.strip()} {clean(source, where)}")
            at += 1


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
