"""The bulletin-board sheet, laid out as the PDF's plan lays it out: masthead, regions of boxes, timeline and band.

materials/plans/bulletin.py plans the PDF's sheet: type sizes, and which boxes go in which
region (one or more columns wide) on which page. The DOCX follows the same plan, so the two
say the same thing in the same places: each page is a one-row table whose cells are the
plan's regions, each box a frame of paragraphs (or a table, when its text runs in columns)
inside its region, so no box ever runs on into the next column; the timeline and slogan band
are the last page's footer, so they stand at its foot, as the PDF's footnote does, whatever
the boxes' height. No running header, no page numbers: a notice-board sheet has none. bulletin_parts.py writes the masthead and boxes,
bulletin_foot.py the foot.
"""

from __future__ import annotations

from docx.enum.section import WD_SECTION
from docx.shared import Mm, Pt

from generator.materials.material import Material
from generator.materials.plans.bulletin import BOX_PT_A3, plan_bulletin
from generator.writers.docx.bulletin_foot import DOT_VW, write_foot
from generator.writers.docx.bulletin_parts import Sheet, write_box, write_masthead
from generator.writers.docx.cleaner import Cleaner
from generator.writers.docx.ooxml import empty
from generator.writers.docx.styling import hairline, scale_style_to, set_line
from generator.writers.docx.tables import (
    cell_align, last_paragraph, new_table, no_borders, place_table, row_height, table_padding, twips,
)

# LibreOffice and Word set text a little wider than WeasyPrint, and the DOCX's page keeps a
# printable margin at the foot: box text is set this much smaller than the PDF's plan says.
DOCX_BOX_SCALE = 0.96
# the PDF's page margins (bulletin.css): the masthead runs to the top edge of the first page only
TOP_MM, NEXT_TOP_MM, BOTTOM_MM = 0, 10, 7
# line heights, against the type size (bulletin.css)
BOX_LINE = {"en": 1.45, "zh": 1.7}
HEAD_LINE = 1.6
SOURCE_LINE = 1.35
DOT_LINE_EM = 1.5  # Noto Sans CJK's line is 1.45 em: the dot's row holds it with a little to spare
# reference.docx sizes bulletin styles for an A3 sheet: these are the sizes it was given there
A3_TITLE_PT, A3_SLOGAN_PT, A3_VMAX_PT = 40, 26, 420 / 25.4 * 72 / 100

BOX_STYLES = ("PW Box Heading", "PW Box", "PW Box Translation", "PW Box Attribution")
FOOT_STYLES = ("PW Bulletin Heading", "PW Timeline Dot", "PW Timeline", "PW Timeline Source")
MASTHEAD_STYLES = ("PW Masthead Series", "PW Masthead Issue", "PW Masthead Details")


def write_bulletin(doc, material: Material, clean: Cleaner) -> None:
    """Masthead, a table of regions per page, and on the last page's foot the timeline and band."""
    plan = plan_bulletin(material)
    sheet = Sheet(doc, material, plan, em=plan.em * DOCX_BOX_SCALE)
    _set_sizes(doc, material, plan, sheet)
    section = doc.sections[0]
    _margins(section, sheet, Mm(TOP_MM))
    write_masthead(doc, material, plan, sheet, clean)
    for number, page in enumerate(plan.pages):
        if number:
            section = doc.add_section(WD_SECTION.NEW_PAGE)
            _margins(section, sheet, Mm(NEXT_TOP_MM))
            # the section break's own paragraph closes the page before: a point high, not a line
            hairline(doc.paragraphs[-1], 1).style = "PW Box Gap"
        _page_of_boxes(doc, material, page, sheet, clean)
    # a table may not end the body; a paragraph a point high follows it
    hairline(doc.add_paragraph(style="PW Box Gap"), 1)
    last = doc.sections[-1]
    if len(doc.sections) > 1:
        last.footer.is_linked_to_previous = False
    if plan.timeline or material.slogan:
        write_foot(empty(last.footer), material, plan, sheet, clean)


def _margins(section, sheet: "Sheet", top) -> None:
    section.top_margin = top
    section.bottom_margin = section.footer_distance = Mm(BOTTOM_MM)
    section.header_distance = Mm(0)
    section.left_margin = section.right_margin = Pt(sheet.side)


def _page_of_boxes(doc, material: Material, page, sheet: "Sheet", clean: Cleaner) -> None:
    """One table row whose cells are the plan's regions, each holding its boxes top to bottom."""
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
    for cell, region, width in zip(row.cells, page, widths):
        empty(cell)
        cell_align(cell, "top")
        for index, text_columns in zip(region.items, region.text_columns):
            write_box(cell, material.items[index], width - 2 * half_gap, text_columns, sheet, clean)
            last_paragraph(cell, "PW Box Gap")


def _set_sizes(doc, material: Material, plan, sheet: "Sheet") -> None:
    """Type as the plan sizes the PDF's: boxes at its box size, the foot at the page's base size,
    masthead and slogan as fitted; reference.docx's A3 sizes scale by the same ratios."""
    styles = doc.styles
    lang = "zh" if material.lang == "zh" else "en"
    other = "en" if lang == "zh" else "zh"
    box = sheet.em / BOX_PT_A3
    for name in BOX_STYLES:
        scale_style_to(styles[name], box)
    set_line(styles["PW Box"], BOX_LINE[lang])
    set_line(styles["PW Box Translation"], BOX_LINE[other if material.bilingual else lang])
    set_line(styles["PW Box Heading"], HEAD_LINE)
    set_line(styles["PW Box Attribution"], SOURCE_LINE)
    for name in FOOT_STYLES:
        scale_style_to(styles[name], plan.foot_em / BOX_PT_A3)
    for name in ("PW Timeline", "PW Timeline Source"):
        set_line(styles[name], 1.3)
    vmax = max(material.page.width_pt, material.page.height_pt) / 100 / A3_VMAX_PT
    for name in MASTHEAD_STYLES:
        scale_style_to(styles[name], vmax)
    scale_style_to(styles["PW Masthead"], plan.title_pt / A3_TITLE_PT)
    set_line(styles["PW Masthead"], 1.1)
    if plan.slogan_pt:
        scale_style_to(styles["PW Slogan"], plan.slogan_pt / A3_SLOGAN_PT)
        set_line(styles["PW Slogan"], 1.2)
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
