"""What frames a bulletin sheet's boxes at its head: sheet 1's masthead and hero quote band, the short masthead of later sheets.

Every length is bulletin.css's, worked out for the page as materials/plans/bulletin.py works
them out (vw, vh and vmax of the sheet): see Sheet. The boxes are bulletin_boxes.py's, the foot
bulletin_foot.py's.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.materials.material import Material
from generator.writers.docx.cleaner import Cleaner
from generator.writers.docx.languages import language_style
from generator.writers.docx.styling import hairline
from generator.writers.docx.tables import (
    cell_align, cell_borders, cell_fill, cell_padding, first_paragraph, new_table, no_borders, place_table,
    keep_row_whole, table_padding, twips,
)

# the masthead's padding (1.7vh; mono 1.2vh) and the space under it; the meta cell's width and padding
MASTHEAD_PAD_VH, MONO_MASTHEAD_PAD_VH, MASTHEAD_AFTER_VH = 1.7, 1.2, 1.6
META_VW, META_PAD_VW = 24, 1.8
# the short masthead of later sheets: padding 1.2vh (mono 0.7vh), its meta cell 16vw
SHORT_PAD_VH, MONO_SHORT_PAD_VH, SHORT_META_VW = 1.2, 0.7, 16
# the hero band (.hero): padding 1vh 2vw 1vh 1.6vw, an accent rule 0.6vw wide at its left
HERO_PAD_VH, HERO_PAD_RIGHT_VW, HERO_PAD_LEFT_VW, HERO_RULE_VW = 1, 2, 1.6, 0.6


@dataclass(frozen=True, slots=True)
class Sheet:
    """The page's lengths in points, as bulletin.css derives them."""

    doc: object
    material: Material
    plan: object

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


# --- mastheads ----------------------------------------------------------------------------------

def write_masthead(doc, material: Material, plan, sheet: Sheet, clean: Cleaner) -> None:
    """Series and title on the left; issue, date, organisation and, on a numbered bulletin, "Sheet 1
    of N" on the right, across the page's full width."""
    labels = plan.sheet_labels[:1] if plan.numbered else ()
    meta = [(style, text) for style, text in (
        ("PW Masthead Issue", clean(material.issue_label, "issue")),
        ("PW Masthead Details", clean(material.date, "date")),
        ("PW Masthead Details", clean(material.organisation, "organisation")),
        *(("PW Masthead Details", label) for label in labels)) if text]
    pad = (MASTHEAD_PAD_VH if sheet.fills else MONO_MASTHEAD_PAD_VH) * sheet.vh
    title, aside = _band(doc, sheet, META_VW * sheet.vw if meta else 0, pad)
    series = clean(plan.kicker, "series")
    if series:
        first_paragraph(title, "PW Masthead Series", series)
        title.add_paragraph(clean(material.title, "title"), style="PW Masthead")
    else:
        first_paragraph(title, "PW Masthead", clean(material.title, "title"))
    for index, (style, text) in enumerate(meta):
        if index:
            aside.add_paragraph(text, style=style)
        else:
            first_paragraph(aside, style, text)
    hairline(doc.add_paragraph(style="PW Box Gap"), MASTHEAD_AFTER_VH * sheet.vh)


def write_short_masthead(doc, material: Material, plan, number: int, sheet: Sheet, clean: Cleaner) -> None:
    """A later sheet's head: the title on one line, "Sheet n of N" beside it."""
    pad = (SHORT_PAD_VH if sheet.fills else MONO_SHORT_PAD_VH) * sheet.vh
    title, aside = _band(doc, sheet, SHORT_META_VW * sheet.vw, pad)
    first_paragraph(title, "PW Masthead Short", clean(material.title, "title"))
    first_paragraph(aside, "PW Masthead Details", plan.sheet_labels[number] if plan.numbered else "")
    hairline(doc.add_paragraph(style="PW Box Gap"), MASTHEAD_AFTER_VH * sheet.vh)


def _band(doc, sheet: Sheet, meta_w: float, pad: float):
    """A masthead's one-row table across the page's full width, filled with the accent (mono: between
    two black rules): the title's cell, and beside it the cell `meta_w` wide inside the side margin,
    as the PDF's (None when 0); the page's side margins are the table's padding."""
    widths = [twips(sheet.width - meta_w - sheet.side)] + ([twips(meta_w + sheet.side)] if meta_w else [])
    widths[0] = twips(sheet.width) - sum(widths[1:])
    table = new_table(doc, 1, widths)
    no_borders(table)
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
    if not meta_w:
        return cells[0], None
    # the title runs up to the rule; the details stand 1.8vw right of it (.masthead-meta's padding)
    cell_padding(cells[0], right=0)
    cell_padding(cells[1], left=twips(META_PAD_VW * sheet.vw))
    cell_borders(cells[1], left=(0.15 * sheet.vw, sheet.on_band))
    return cells[0], cells[1]


# --- the hero quote ------------------------------------------------------------------------------

def write_hero(doc, material: Material, plan, sheet: Sheet, clean: Cleaner) -> None:
    """The quote set large in a band across the text's width under the masthead, its date and
    source under it at the right: a one-cell table in the box fill with the accent rule at its left."""
    hero = plan.hero
    table = new_table(doc, 1, [twips(sheet.text_width)])
    no_borders(table)
    left = twips(HERO_PAD_LEFT_VW * sheet.vw)
    table_padding(table, top=twips(HERO_PAD_VH * sheet.vh), bottom=twips(HERO_PAD_VH * sheet.vh), left=left,
                  right=twips(HERO_PAD_RIGHT_VW * sheet.vw))
    place_table(table, 0, left)
    keep_row_whole(table.rows[0])
    cell = table.cell(0, 0)
    cell_fill(cell, sheet.color("box") if sheet.fills else None)
    cell_borders(cell, left=(HERO_RULE_VW * sheet.vw, sheet.color("accent" if sheet.fills else "ink")))
    where = f"excerpt {hero.number}'s hero quote"
    theme, lang = material.theme, material.lang
    first_paragraph(cell, language_style(doc, "PW Hero", hero.lang, theme, lang), clean(hero.text, where))
    if hero.attribution:
        cell.add_paragraph(f"{hero.dash.strip()} {clean(hero.attribution, where)}",
                           style=language_style(doc, "PW Hero Attribution", hero.lang, theme, lang))
    hairline(doc.add_paragraph(style="PW Box Gap"), sheet.gap)
