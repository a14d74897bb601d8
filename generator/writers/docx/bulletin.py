"""The bulletin-board sheets, laid out as the PDF's plan lays them out: mastheads, hero quote, regions of boxes stretched to the foot, timeline and band.

materials/plans/bulletin.py plans the PDF's sheets: type sizes, what each box shows, and which
boxes go in which region (one or more columns wide) on which sheet. The DOCX follows the same
plan, so the two say the same thing in the same places. Each sheet is a section: sheet 1 opens
with the masthead and the hero quote band, later ones with a short masthead ("Sheet n of N");
then a one-row table whose cells are the plan's regions, each box a framed table in its region's
cell (so no box ever runs on into the next column), as tall as the PDF's fit made it (without the
fit, the plan's estimate stretched to the sheet's room), so the regions end at the foot. The
timeline, QR code and slogan band are the last sheet's footer, so they stand at its foot, as the
PDF's do. No running header, no page numbers: a notice-board sheet has none, and only a bulletin
of several sheets numbers them in its mastheads. bulletin_parts.py writes the mastheads and the
hero, bulletin_boxes.py the boxes, bulletin_foot.py the foot.
"""

from __future__ import annotations

from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from generator.materials.material import Material
from generator.materials.plans.bulletin import plan_bulletin
from generator.materials.plans.bulletin_boxes import BOX_CHROME_EM, BOX_CHROME_VW, SMALL_GAP_EM, SMALL_LINE_EM
from generator.writers.docx.bulletin_boxes import half_point_up, write_box
from generator.writers.docx.bulletin_foot import DOT_VW, TITLE_EM, TITLE_TRACK_EM, write_foot
from generator.writers.docx.bulletin_parts import Sheet, write_hero, write_masthead, write_short_masthead
from generator.writers.docx.cleaner import Cleaner
from generator.writers.docx.ooxml import RPR_ORDER, border, child, empty, style_value
from generator.writers.docx.styling import hairline, scale_style_to, set_line
from generator.writers.docx.tables import (
    cell_align, new_table, no_borders, place_table, row_height, table_padding, twips,
)

# the PDF's page margins (bulletin.css): every sheet's masthead runs to the top edge
TOP_MM, BOTTOM_MM = 0, 7
# LibreOffice and Word set text a little longer than WeasyPrint: a box is this share of the PDF's
# height, so that a box whose text runs a line longer still leaves its region on the sheet
STRETCH = 0.98
# line heights, against the type size (bulletin.css)
BOX_LINE = {"en": 1.45, "zh": 1.7}
HEAD_LINE = 1.6
SOURCE_LINE = 1.35
HERO_LINE, HERO_SOURCE_LINE = 1.2, 1.3
# mono: the frame round a box's number (.no-fills .num: 0.1em of the head's type)
NUMBER_FRAME_EM = 0.09
DOT_LINE_EM = 1.5  # Noto Sans CJK's line is 1.45 em: the dot's row holds it with a little to spare
# reference.docx sizes the masthead's details for an A3 sheet
A3_VMAX_PT = 420 / 25.4 * 72 / 100

BOX_STYLES = ("PW Box Heading", "PW Box", "PW Box Translation", "PW Box Attribution", "PW Box More")
MASTHEAD_STYLES = ("PW Masthead Series", "PW Masthead Issue", "PW Masthead Details")


def write_bulletin(doc, material: Material, clean: Cleaner) -> None:
    """A section a sheet: its masthead, its table of regions; on the last one's foot the timeline and band."""
    plan = plan_bulletin(material)
    sheet = Sheet(doc, material, plan)
    _set_sizes(doc, material, plan, sheet)
    for number, page in enumerate(plan.pages):
        if number:
            section = doc.add_section(WD_SECTION.NEW_PAGE)
            # the section break's own paragraph closes the sheet before: a point high, not a line
            hairline(doc.paragraphs[-1], 1).style = "PW Box Gap"
            write_short_masthead(doc, material, plan, number, sheet, clean)
        else:
            section = doc.sections[0]
            write_masthead(doc, material, plan, sheet, clean)
            if plan.hero:
                write_hero(doc, material, plan, sheet, clean)
        _margins(section, sheet)
        _sheet_of_boxes(doc, material, plan, number, sheet, clean)
    # a table may not end the body; a paragraph a point high follows it
    hairline(doc.add_paragraph(style="PW Box Gap"), 1)
    last = doc.sections[-1]
    if len(doc.sections) > 1:
        last.footer.is_linked_to_previous = False
    if plan.timeline or material.slogan or plan.qr:
        write_foot(empty(last.footer), material, plan, sheet, clean)


def _margins(section, sheet: Sheet) -> None:
    section.top_margin = Mm(TOP_MM)
    section.bottom_margin = section.footer_distance = Mm(BOTTOM_MM)
    section.header_distance = Mm(0)
    section.left_margin = section.right_margin = Pt(sheet.side)


def _sheet_of_boxes(doc, material: Material, plan, number: int, sheet: Sheet, clean: Cleaner) -> None:
    """One table row whose cells are the plan's regions, each holding its boxes top to bottom, each
    box as tall as the PDF's (a little less: STRETCH), so the regions end together at the foot."""
    page = plan.pages[number]
    total = twips(sheet.text_width + sheet.gap)
    widths = [round(total * region.width / material.columns) for region in page]
    widths[-1] = total - sum(widths[:-1])
    table = new_table(doc, 1, widths)
    no_borders(table)
    half_gap = twips(sheet.gap / 2)
    table_padding(table, left=half_gap, right=half_gap)
    place_table(table, -half_gap, half_gap)
    row = table.rows[0]
    row_height(row, 0, cant_split=False)
    room = plan.rooms[number]
    for cell, region, width in zip(row.cells, page, widths):
        empty(cell)
        cell_align(cell, "top")
        for k, tall in enumerate(_box_heights(material, plan, region, room, sheet)):
            if k:
                hairline(cell.add_paragraph(style="PW Box Gap"), sheet.gap)
            i = region.items[k]
            write_box(cell, material.items[i], plan.boxes[i], width - 2 * half_gap, tall * STRETCH, sheet, clean)
        # a cell ends with a paragraph, after a table too
        hairline(cell.add_paragraph(style="PW Box Gap"), 1)


def _box_heights(material: Material, plan, region, room: float, sheet: Sheet) -> list[float]:
    """Each box's height in the PDF: its body's, as the PDF's fit stretched it to the sheet's foot
    (Material.box_heights), and the frame, head and "full text" line round it; without the fit,
    its estimate, the region's boxes stretched alike, in proportion, to the room the sheet gives them."""
    boxes = [plan.boxes[i] for i in region.items]
    fitted = material.box_heights
    if fitted and all(fitted[i] > 0 for i in region.items):
        return [fitted[box.item] + (BOX_CHROME_EM + (SMALL_GAP_EM + SMALL_LINE_EM) * box.more) * plan.em
                + BOX_CHROME_VW * sheet.vw for box in boxes]
    # each box's estimate holds the gap under it; the boxes share what the gaps between them leave
    estimated = sum(box.height - sheet.gap for box in boxes) or 1
    grow = max(1.0, (room - (len(boxes) - 1) * sheet.gap) / estimated)
    return [(box.height - sheet.gap) * grow for box in boxes]


def _set_sizes(doc, material: Material, plan, sheet: Sheet) -> None:
    """Type as the plan sizes the PDF's: box styles at the body-type rule (a box set larger has its
    own, bulletin_boxes.sized), the timeline at its sizes, masthead, hero and slogan as fitted;
    reference.docx's A3 sizes scale by the same ratios."""
    styles = doc.styles
    lang = "zh" if material.lang == "zh" else "en"
    other = "en" if lang == "zh" else "zh"
    box = half_point_up(plan.em) / _pt(styles["PW Box"])
    for name in BOX_STYLES:
        scale_style_to(styles[name], box)
    styles["PW Box"].font.size = Pt(half_point_up(plan.em))
    set_line(styles["PW Box"], BOX_LINE[lang])
    set_line(styles["PW Box Translation"], BOX_LINE[other if material.bilingual else lang])
    set_line(styles["PW Box Heading"], HEAD_LINE)
    set_line(styles["PW Box Attribution"], SOURCE_LINE)
    set_line(styles["PW Box More"], SOURCE_LINE)
    _size(styles["PW Bulletin Heading"], plan.foot_em * TITLE_EM)
    _size(styles["PW Timeline"], plan.foot_em, 1.3)
    _size(styles["PW Timeline Source"], plan.stop_pt, 1.3)
    vmax = max(material.page.width_pt, material.page.height_pt) / 100 / A3_VMAX_PT
    for name in MASTHEAD_STYLES:
        scale_style_to(styles[name], vmax)
    _size(styles["PW Masthead"], plan.title_pt, 1.1)
    _size(styles["PW Masthead Short"], plan.short_title_pt, 1.1)
    if plan.hero:
        _size(styles["PW Hero"], plan.hero.pt, HERO_LINE)
        _size(styles["PW Hero Attribution"], plan.em, HERO_SOURCE_LINE)
    if plan.slogan_pt:
        _size(styles["PW Slogan"], plan.slogan_pt, 1.2)
    if not material.theme.fills:  # mono: the box's number in a frame (.no-fills .num), not on a fill
        edge = border("bdr", NUMBER_FRAME_EM * plan.em, 0)
        edge.set(qn("w:color"), material.theme.colors["ink"].lstrip("#").upper())
        child(styles["PW Excerpt Number"].element.get_or_add_rPr(), "w:bdr", RPR_ORDER).attrib.update(edge.attrib)
    # letters tracked as bulletin.css tracks them (Chinese titles and slogans wider)
    for name, em in (("PW Masthead Series", 0.04), ("PW Slogan", 0.08 if lang == "zh" else 0.04),
                     ("PW Bulletin Heading", TITLE_TRACK_EM), ("PW Masthead", 0.06 if lang == "zh" else 0)):
        _track(styles[name], em)
    gap = styles["PW Box Gap"].paragraph_format
    gap.line_spacing = Pt(max(round(sheet.gap, 1), 1))
    # The timeline's dot is a CJK face's "●", which Noto Sans has not, sized so that the face's own
    # line (1.45 em) fits the dot's cell: a glyph taller than its row would be clipped.
    dot = styles["PW Timeline Dot"]
    dot.font.size = Pt(round(DOT_VW * material.page.width_pt / 100 / DOT_LINE_EM * 2) / 2)
    dot.paragraph_format.line_spacing = 1.0
    face = material.theme.fonts["sans_cjk"]
    fonts = dot.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{attr}", face)


def _track(style, em: float) -> None:
    """Letter spacing of `em` of the style's size (w:spacing, in twips)."""
    if em:
        rpr = style.element.get_or_add_rPr()
        child(rpr, "w:spacing", RPR_ORDER).set(qn("w:val"), str(round(em * _pt(style) * 20)))


def _pt(style) -> float:
    return style_value(style, lambda s: s.font.size, Pt(11)).pt


def _size(style, pt: float, line: float | None = None) -> None:
    """The style at `pt` (to the half point), the space around it scaled alike; lines `line` ems apart."""
    scale_style_to(style, pt / _pt(style))
    if line:
        set_line(style, line)
