"""The page: size, orientation and margins per kind, and the handout's running header and Page X of Y footer."""

from __future__ import annotations

import re

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from generator.content.text import is_cjk
from generator.materials.material import Material
from generator.materials.page import handout_margins_mm
from generator.materials.plans.footer import running_header
from generator.writers.docx.cleaner import JOINER, Cleaner, no_autospace
from generator.writers.docx.ooxml import empty, field, set_columns, text_width
from generator.writers.docx.tables import first_paragraph, new_table, no_borders, table_padding, twips

# Page margins in mm (top, right, bottom, left): a handout's from materials/page.py, as handout.css
# sets them. Posters and bulletin sheets then take poster.css's and bulletin.css's own (poster.py, bulletin.py).
MARGINS = {"poster": (15, 15, 15, 15), "bulletin": (12, 12, 12, 12)}
HEADER_DISTANCE_MM = {"poster": 8, "handout": 9, "bulletin": 6}


# --- the page -----------------------------------------------------------------------------------

def set_page(section, material: Material) -> None:
    """Page size, orientation and margins for the kind; one column."""
    page = material.page
    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    top, right, bottom, left = handout_margins_mm(page) if material.kind == "handout" else MARGINS[material.kind]
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    section.header_distance = section.footer_distance = Mm(HEADER_DISTANCE_MM[material.kind])
    section.gutter = Mm(0)
    set_columns(section, 1)


def running_header_and_footer(section, material: Material, clean: Cleaner) -> None:
    """Organisation · title at the head of every page but the first, which has the title block
    itself; Page X of Y, as fields, at the foot of every page, at its right beside the footer
    option's text when there is one."""
    header = empty(section.header)
    # on one line, shortened as the PDF's (plans/footer.py): LibreOffice would wrap a long one
    text = running_header(clean(material.organisation, "organisation"), clean(material.title, "title"), material.page)
    header.add_paragraph(text, style="PW Header")
    section.different_first_page_header_footer = True
    empty(section.first_page_header).add_paragraph(style="PW Footer")
    line = " · ".join(clean(text, "footer") for _, text in material.footer_lines)
    for footer in (section.footer, section.first_page_footer):
        if line:
            _footer_with_text(empty(footer), section, material, line)
        else:
            _page_x_of_y(empty(footer).add_paragraph(style="PW Footer"), material)


def _footer_with_text(footer, section, material: Material, line: str) -> None:
    """The footer's text at the left and Page X of Y at the right, in two cells of handout.css's
    shares, so the text wraps in its own column as the PDF's margin box does."""
    width = twips(text_width(section).pt)
    left = round(width * material.footer_share)
    table = new_table(footer, 1, [left, width - left])
    no_borders(table)
    table_padding(table)
    text, label = table.rows[0].cells
    first_paragraph(text, "PW Footer", line).alignment = WD_ALIGN_PARAGRAPH.LEFT
    page = first_paragraph(label, "PW Footer")
    page.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_x_of_y(page, material)


def _page_x_of_y(paragraph, material: Material) -> None:
    pieces = re.split(r"(\{page\}|\{pages\})", material.labels["page_x_of_y"])
    for index, piece in enumerate(pieces):
        if piece == "{page}":
            field(paragraph, "PAGE", "1")
        elif piece == "{pages}":
            field(paragraph, "NUMPAGES", "1")
        elif piece:
            # 第{page}页: a joiner beside each number, which no_autospace cannot see inside a field
            text = no_autospace(piece)
            if index and is_cjk(text[0]):
                text = JOINER + text
            if index < len(pieces) - 1 and is_cjk(text[-1]):
                text += JOINER
            paragraph.add_run(text)
