"""The bulletin's foot on its last sheet, as the PDF's: the timeline (a line through a dot per stop, each stop's
date and whole label under it), the QR code beside it, and the slogan band."""

from __future__ import annotations

import math
import re

from docx.enum.text import WD_LINE_SPACING
from docx.shared import Pt

from generator.materials.material import Material
from generator.materials.plans.text_width import text_ems
from generator.writers.docx.bulletin_boxes import sized
from generator.writers.docx.bulletin_parts import Sheet
from generator.writers.docx.cleaner import Cleaner, excerpt_where
from generator.writers.docx.languages import language_style
from generator.writers.docx.ooxml import empty
# the poster's QR code, as a PNG (the PDF's is vector): one way to draw it for both kinds
from generator.writers.docx.qr import qr_png
from generator.writers.docx.styling import hairline
from generator.writers.docx.tables import (
    cell_align, cell_borders, cell_fill, cell_padding, first_paragraph, keep_row_whole, new_table, no_borders,
    place_table, row_height, table_padding, twips,
)

# the timeline: title cell, a stop's padding, the dot (with its ring of paper) and the line (bulletin.css)
TITLE_VW, STOP_PAD_VW, DOT_VW, LINE_VW = 9, 0.5, 1.3, 0.22
TIMELINE_PAD_VH, TIMELINE_ROW_GAP_VH = (1.2, 1.4), 2.2
# the timeline's title: 1.05 times the dates' size, tracked 0.05em
TITLE_EM, TITLE_TRACK_EM = 1.05, 0.05
# the QR code stands 2vw right of the timeline, the words over it at 0.75 of the body size
QR_GAP_VW, QR_LABEL_EM = 2, 0.75
BAND_PAD_VH = 1


def write_foot(footer, material: Material, plan, sheet: Sheet, clean: Cleaner) -> None:
    """The last sheet's foot: the timeline (and the QR code beside it), then the slogan band across the page."""
    if plan.timeline or plan.qr:
        hairline(footer.add_paragraph(style="PW Box Gap"), TIMELINE_PAD_VH[0] * sheet.vh)
        width = twips(sheet.text_width)
        holder = footer
        if plan.qr and material.qr:
            qr_w = twips(plan.qr_pt + QR_GAP_VW * sheet.vw)
            row = new_table(footer, 1, [width - qr_w, qr_w])
            no_borders(row)
            table_padding(row)
            place_table(row, 0, 0)
            keep_row_whole(row.rows[0])
            holder, aside = row.rows[0].cells
            empty(holder)
            _qr(aside, material, plan, sheet, clean)
            width -= qr_w
        for number, (stops, labels) in enumerate(zip(plan.timeline, plan.stop_labels)):
            if number:
                hairline(holder.add_paragraph(style="PW Box Gap"), TIMELINE_ROW_GAP_VH * sheet.vh)
            _track(holder, material, stops, labels, width, sheet, clean, title=number == 0)
        if holder is not footer:
            hairline(holder.add_paragraph(style="PW Box Gap"), 1)
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


def _qr(cell, material: Material, plan, sheet: Sheet, clean: Cleaner) -> None:
    """The QR code, the words that say what it is for over it (.foot-qr, .qr-label)."""
    cell_align(cell, "center")
    cell_padding(cell, left=twips(QR_GAP_VW * sheet.vw))
    if material.qr_label:
        text = clean(material.qr_label, "qr label")
        # words with Latin letters break as English, between words (a Chinese paragraph breaks anywhere)
        lang = "en" if re.search("[A-Za-z]", text) else material.lang
        # in the dates' style: bold, in ink
        style = language_style(sheet.doc, "PW Timeline", lang, material.theme, material.lang)
        first_paragraph(cell, sized(sheet.doc, style, QR_LABEL_EM * plan.em), text)
        picture = cell.add_paragraph(style="PW Timeline Source")
    else:
        picture = first_paragraph(cell, "PW Timeline Source")
    # a line as tall as the picture: the style's exact line would cut it off
    picture.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    picture.add_run().add_picture(qr_png(material), width=Pt(plan.qr_pt))


def _track(holder, material: Material, stops, labels, width: int, sheet: Sheet, clean: Cleaner,
           title: bool) -> None:
    """One row of the timeline, `width` twips wide: a line through a dot per stop, each stop's date and
    whole label under its dot. Three grid columns a stop: the line's two halves (their bottom border)
    and the dot's cell."""
    n = len(stops)
    # 9vw, or wider where the title would not fit it (a narrow sheet): a word processor breaks a word
    # too long for its cell, where the PDF lets it run on
    label = material.labels["timeline"]
    title_w = twips(max(TITLE_VW * sheet.vw, (text_ems(label, "meta") + TITLE_TRACK_EM * len(label)) * 1.1
                        * sheet.plan.foot_em * TITLE_EM))
    stop_w = (width - title_w) / n
    dot_w = twips(DOT_VW * sheet.vw)
    half = (stop_w - dot_w) / 2
    widths = [title_w] + [round(w) for _ in range(n) for w in (half, dot_w, half)]
    widths[-1] = width - sum(widths[:-1])
    table = new_table(holder, 3, widths)
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
    for k, (item, text) in enumerate(zip(stops, labels)):
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
        if text:
            label.add_paragraph(clean(text, where), style="PW Timeline Source")
