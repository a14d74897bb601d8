"""The page: size, orientation and margins per kind, and the handout's running header and Page X of Y footer."""

from __future__ import annotations

import re

from docx.enum.section import WD_ORIENT
from docx.shared import Mm

from generator.content.text import is_cjk
from generator.materials.material import Material
from generator.writers.docx.cleaner import JOINER, Cleaner, no_autospace
from generator.writers.docx.ooxml import empty, field, set_columns

# Page margins in mm (top, right, bottom, left): the handout's as handout.css. Posters and bulletin
# sheets then take poster.css's and bulletin.css's own (poster.py, bulletin.py).
MARGINS = {"poster": (15, 15, 15, 15), "handout": (21, 19, 18, 19), "bulletin": (12, 12, 12, 12)}
A5_HANDOUT_MARGINS = (17, 13, 15, 13)
HEADER_DISTANCE_MM = {"poster": 8, "handout": 9, "bulletin": 6}


# --- the page -----------------------------------------------------------------------------------

def set_page(section, material: Material) -> None:
    """Page size, orientation and margins for the kind; one column."""
    page = material.page
    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    small = material.kind == "handout" and page.width_mm < 180
    top, right, bottom, left = A5_HANDOUT_MARGINS if small else MARGINS[material.kind]
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    section.header_distance = section.footer_distance = Mm(HEADER_DISTANCE_MM[material.kind])
    section.gutter = Mm(0)
    set_columns(section, 1)


def running_header_and_footer(section, material: Material, clean: Cleaner) -> None:
    """Organisation · title at the head of every page but the first, which has the title block
    itself; Page X of Y, as fields, at the foot of every page."""
    header = empty(section.header)
    text = " · ".join(p for p in (clean(material.organisation, "organisation"), clean(material.title, "title")) if p)
    header.add_paragraph(text, style="PW Header")
    section.different_first_page_header_footer = True
    empty(section.first_page_header).add_paragraph(style="PW Footer")
    for footer in (section.footer, section.first_page_footer):
        _page_x_of_y(empty(footer).add_paragraph(style="PW Footer"), material)


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
