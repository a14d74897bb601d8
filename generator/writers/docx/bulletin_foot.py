"""The bulletin sheet's foot, as the PDF's footnote: the timeline (a line through a dot per stop) and the slogan band."""

from __future__ import annotations

import math

from generator.materials.material import Material
from generator.materials.typography import plain
from generator.writers.docx.bulletin_parts import Sheet
from generator.writers.docx.cleaner import Cleaner, excerpt_where
from generator.writers.docx.styling import hairline
from generator.writers.docx.tables import (
    cell_align, cell_borders, cell_fill, cell_padding, first_paragraph, keep_row_whole, new_table, no_borders,
    place_table, row_height, table_padding, twips,
)

# the timeline: title cell, a stop's padding, the dot (with its ring of paper) and the line (bulletin.css)
TITLE_VW, STOP_PAD_VW, DOT_VW, LINE_VW = 9, 0.5, 1.8, 0.22
TIMELINE_PAD_VH, TIMELINE_ROW_GAP_VH = (1.2, 1.4), 2.2
BAND_PAD_VH = 1


def write_foot(footer, material: Material, plan, sheet: Sheet, clean: Cleaner) -> None:
    """The last page's foot, as the PDF's footnote: the timeline, then the slogan band across the page."""
    if plan.timeline:
        hairline(footer.add_paragraph(style="PW Box Gap"), TIMELINE_PAD_VH[0] * sheet.vh)
        for number, stops in enumerate(plan.timeline):
            if number:
                hairline(footer.add_paragraph(style="PW Box Gap"), TIMELINE_ROW_GAP_VH * sheet.vh)
            _track(footer, material, stops, plan, sheet, clean, title=number == 0)
        hairline(footer.add_paragraph(style="PW Box Gap"), TIMELINE_PAD_VH[1] * sheet.vh)
    slogan = clean(material.slogan, "slogan")
    if slogan:
        band = new_table(footer, 1, [twips(sheet.width)])
        no_borders(band)
        pad = twips(BAND_PAD_VH * sheet.vh)
        table_padding(band, top=pad, bottom=pad, left=twips(sheet.side), right=twips(sheet.side))
        place_table(band, -twips(sheet.side), twips(sheet.side))
        keep_row_whole(band.rows[0])
        cell = band.cell(0, 0)
        if sheet.fills:
            cell_fill(cell, sheet.color("accent"))
        else:
            cell_borders(cell, top=(0.35 * sheet.vh, sheet.color("ink")), bottom=(0.9 * sheet.vh, sheet.color("ink")))
        first_paragraph(cell, "PW Slogan", slogan)
    # a footer ends with a paragraph; a point high, so the band stands on the page's margin
    hairline(footer.add_paragraph(style="PW Box Gap"), 1)


def _track(footer, material: Material, stops, plan, sheet: Sheet, clean: Cleaner, title: bool) -> None:
    """One row of the timeline: a line through a dot per stop, each stop's date and occasion under
    its dot. Three grid columns a stop: the line's two halves (their bottom border) and the dot's cell."""
    n = len(stops)
    title_w = twips(TITLE_VW * sheet.vw)
    stop_w = (twips(sheet.text_width) - title_w) / n
    dot_w = twips(DOT_VW * sheet.vw)
    half = (stop_w - dot_w) / 2
    widths = [title_w] + [round(w) for _ in range(n) for w in (half, dot_w, half)]
    widths[-1] = twips(sheet.text_width) - sum(widths[:-1])
    table = new_table(footer, 3, widths)
    no_borders(table)
    table_padding(table)
    place_table(table, 0, 0)
    half_dot = math.ceil(dot_w / 2)
    row_height(table.rows[0], half_dot, rule="exact")
    row_height(table.rows[1], half_dot, rule="exact")
    keep_row_whole(table.rows[2])
    heading = table.cell(0, 0).merge(table.cell(2, 0))
    if title:
        first_paragraph(heading, "PW Bulletin Heading", material.labels["timeline"])
    line = (LINE_VW * sheet.vw, sheet.color("accent" if sheet.fills else "ink"))
    for k, item in enumerate(stops):
        left, dot, right = 1 + 3 * k, 2 + 3 * k, 3 + 3 * k
        for col in (left, right):
            cell_borders(table.cell(0, col), bottom=line)
        dot_cell = table.cell(0, dot).merge(table.cell(1, dot))
        cell_align(dot_cell, "center")
        first_paragraph(dot_cell, "PW Timeline Dot", "●" if sheet.fills else "○")
        label = table.cell(2, left).merge(table.cell(2, right))
        pad = twips(STOP_PAD_VW * sheet.vw)
        cell_padding(label, left=pad, right=pad)
        where = excerpt_where(item)
        first_paragraph(label, "PW Timeline", clean(item.date, where))
        if item.source:
            label.add_paragraph(clean(cut_label(plain(item.source), plan.stop_chars), where),
                                style="PW Timeline Source")


def cut_label(text: str, length: int) -> str:
    """A stop's occasion cut as the PDF's template cuts it (Jinja's truncate: between words, then "…")."""
    if len(text) <= length:
        return text
    kept = text[:length - 1]
    if " " in kept:
        kept = kept.rsplit(" ", 1)[0]
    return kept + "…"
