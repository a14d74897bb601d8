"""The poster: one page, as poster.css lays it out; its quote sized to fill the room the band, attribution and footer leave."""

from __future__ import annotations

import math

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from generator.content.text import is_cjk
from generator.materials.material import Material
from generator.materials.plans.footer import POSTER_LINE, ROLE, SAFETY
from generator.materials.plans.poster import QUOTE_LINE, VALUES, PosterGeometry
from generator.materials.plans.text_width import line_count, text_ems
from generator.writers.docx.cleaner import Cleaner, excerpt_where
from generator.writers.docx.languages import language_style
from generator.writers.docx.ooxml import PPR_ORDER, child, empty, style_value, text_width
from generator.writers.docx.qr import qr_png
from generator.writers.docx.shapes import box_paragraph, page_rectangle
from generator.writers.docx.styling import hairline, scale_style_to, set_line
from generator.writers.docx.tables import (
    cell_align, cell_borders, cell_padding, first_paragraph, new_table, no_borders, row_height, table_padding, twips,
)

# LibreOffice and Word set text a little wider than WeasyPrint: the PDF's fitted size scaled
# down by this stays on one page in both; an estimate for the room (no PDF fit) by this.
POSTER_QUOTE_SCALE = 0.95
UNFITTED_SCALE = 0.92
# poster.css: a quote set below 24 pt is "long", at line-height 1.4
LONG_QUOTE_PT, LONG_QUOTE_LINE = 24, 1.4
# a bilingual poster's translation, against the quote's size (poster.css reads the same number)
TRANSLATION_EM = VALUES["translation-size"][0]
# the headline band's padding left and right (poster.css .masthead: 0 7vw), and mono's rule under it
MASTHEAD_PAD_VW = 7
MONO_RULE_VW = 0.6
# the hung quote mark (poster.css .quote-mark): the room it takes in the margin, the gap between
# it and the text, and how far its frame's top stands above the first line's, in ems of its size
# (its glyph's top then stands where the PDF's does: the face's line puts 0.34 em over the glyph)
MARK_WIDTH_EM, MARK_GAP_EM, MARK_RISE_EM = 0.45, 0.08, 0.24


def write_poster(doc, material: Material, clean: Cleaner) -> None:
    """The headline band across the page's top, the quote mark and the quote sized to fill the page,
    its date and occasion; organisation, date and QR in the page footer."""
    item = material.items[0]
    where = excerpt_where(item)
    geometry = PosterGeometry(material.page)
    section = doc.sections[0]
    _set_margins(section, geometry)
    # the band is drawn on the page; the text flows from under it, the quote area's gap below it
    spacer = hairline(doc.add_paragraph(style="PW Box Gap"), 1)
    spacer.paragraph_format.space_after = Pt(round(_quote_top(geometry), 1))
    _masthead(doc, material, geometry, clean, spacer)
    quote = [clean(p, where) for p in material.quote]
    translation = [clean(p, where) for p in material.quote_translation]
    quote_lang = "zh" if is_cjk("".join(material.quote)) else item.lang
    _size_quote(doc, material, quote, translation)
    _centre_quote(doc, material, geometry, quote, translation)
    _quote_mark(doc, material)
    theme, lang = material.theme, material.lang
    for paragraph in quote:
        doc.add_paragraph(paragraph, style=language_style(doc, "PW Poster Quote", quote_lang, theme, lang))
    own = language_style(doc, "PW Poster Translation", item.translation_lang or lang, theme, lang)
    for paragraph in translation:
        doc.add_paragraph(paragraph, style=own)
    if item.date:
        date = clean(item.date, where)
        if translation and item.translation_date:
            date += " · " + clean(item.translation_date, where)
        line = doc.add_paragraph(date, style=language_style(doc, "PW Poster Date", item.lang, theme, lang))
        _short_rule(line, date, geometry, section)
    if item.source:
        doc.add_paragraph(clean(item.source, where),
                          style=language_style(doc, "PW Poster Attribution", item.lang, theme, lang))
    if translation and item.translation_source:
        doc.add_paragraph(clean(item.translation_source, where),
                          style=language_style(doc, "PW Poster Attribution", item.translation_lang, theme, lang))
    _poster_footer(doc, section, material, clean)


def _quote_top(geometry: PosterGeometry) -> float:
    """Where the quote area starts, under the band (poster.css #quote-area's margin)."""
    return geometry.pt("masthead-height") + geometry.pt("quote-top")


def _set_margins(section, geometry: PosterGeometry) -> None:
    """poster.css's lengths: the quote and footer between 8vw margins, the text from the top edge
    (the band drawn there), down to the footer's rule (the footer under it: _poster_footer)."""
    section.top_margin = section.header_distance = Mm(0)
    section.left_margin = section.right_margin = Pt(geometry.pt("side"))
    section.bottom_margin = Pt(geometry.page.height_pt - geometry.footer_top)
    section.footer_distance = Pt(geometry.pt("footer-bottom"))


def _masthead(doc, material: Material, geometry: PosterGeometry, clean: Cleaner, anchor) -> None:
    """Series and headline in a band across the page's full width and 17vh high, a text box whose
    lines stand in its middle, 7vw off its sides; the accent's fill (mono: a black rule under it).
    A table cannot be the band: LibreOffice sets a table wider than 578 mm (A1, A0) to the text's width."""
    page = material.page
    height = geometry.pt("masthead-height")
    pad = MASTHEAD_PAD_VW * page.width_pt / 100
    theme = material.theme
    fill = theme.colors["accent"] if theme.fills else None
    box = page_rectangle(anchor, (0, 0, page.width_pt, height), fill, "Headline band", padding=(pad, 0, pad, 0))
    if not theme.fills:   # poster.css .no-fills .masthead: a 0.6vw rule in the ink at the band's foot
        rule = MONO_RULE_VW * page.width_pt / 100
        page_rectangle(anchor, (0, height - rule, page.width_pt, rule), theme.colors["ink"], "Headline rule")
    series = clean(material.kicker, "series")
    headline = clean(material.headline or material.title, "headline")
    fit = material.masthead
    if fit is not None:  # the sizes that fit the band whole (materials/plans/poster.py fit_masthead)
        for name, size in (("PW Poster Series", fit.series_pt), ("PW Poster Headline", fit.headline_pt)):
            style = doc.styles[name]
            scale_style_to(style, size / style.font.size.pt)
    if series:
        box_paragraph(box, anchor, "PW Poster Series", series)
    box_paragraph(box, anchor, "PW Poster Headline", headline)


def _quote_mark(doc, material: Material) -> None:
    """The opening quote mark hung in the left margin beside the quote's first line, as poster.css
    hangs it: a frame (w:framePr) anchored to the quote, its right edge just left of the text, at
    the size the PDF gives it (materials: quote_mark_pt)."""
    style = doc.styles["PW Poster Quote Mark"]
    size = material.quote_mark_pt
    style.font.size = Pt(round(size))
    fmt = style.paragraph_format
    # the face's own line, never an exact one: a line lower than the glyph would clip it
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.space_before = fmt.space_after = Pt(0)
    # The Latin face's mark, for a Chinese quote too: the CJK face draws its “ at the right of a
    # full-width cell, a cell the 8vw margin has no room for (LibreOffice would pull the frame into
    # the text and indent the quote's first line).
    mark = doc.add_paragraph("\u201c", style=language_style(doc, "PW Poster Quote Mark", "en", material.theme,
                                                             material.lang))
    mark.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    width = twips(size * MARK_WIDTH_EM)
    frame = child(mark._p.get_or_add_pPr(), "w:framePr", PPR_ORDER)
    for name, value in (("w", width), ("hRule", "auto"), ("wrap", "through"),
                        ("hAnchor", "margin"), ("vAnchor", "text"), ("x", -width - twips(size * MARK_GAP_EM)),
                        ("y", -twips(size * MARK_RISE_EM)), ("hSpace", 0), ("vSpace", 0)):
        frame.set(qn(f"w:{name}"), str(value))


def _centre_quote(doc, material: Material, geometry: PosterGeometry, quote: list[str], translation: list[str]) -> None:
    """Space above the quote block so that it stands in the middle of the quote area, as poster.css
    centres it: half what the block (quote, translation, attribution) leaves. Its lines are counted as
    a greedy breaker sets the words in the quote's own face at the DOCX's size, as LibreOffice does
    within a line or so: a short count puts the block a little low, still well inside the area."""
    style = doc.styles["PW Poster Quote"]
    size = style.font.size.pt
    line = style.paragraph_format.line_spacing.pt
    width = geometry.quote_width
    face = "quote" if style_value(style, lambda s: s.font.bold, False) else "quote-long"
    lines = sum(line_count(p, width / size, face) for p in quote)
    height = lines * line + (len(quote) - 1) * style.paragraph_format.space_after.pt
    if translation:
        other = doc.styles["PW Poster Translation"]
        small, fmt = other.font.size.pt, other.paragraph_format
        height += sum(line_count(p, width / small, "quote-long") * fmt.line_spacing.pt + fmt.space_after.pt
                      for p in translation)
    # the date (its short rule a border over it) and occasion as this DOCX's own styles set them
    height += sum(_paragraph_height(doc.styles[name], text, width, "source") for name, text in _attribution(material))
    room = geometry.quote_height - height
    if room > 0:
        doc.paragraphs[-1].paragraph_format.space_after = Pt(round(_quote_top(geometry) + room / 2, 1))


def _short_rule(paragraph, text: str, geometry: PosterGeometry, section) -> None:
    """The date's top border is the PDF's short accent rule: 12vw, or the date's own width if wider."""
    size = style_value(paragraph.style, lambda s: s.font.size, Pt(20)).pt
    rule = max(12 * geometry.page.width_pt / 100, text_ems(text, "display") * size * 1.15)
    paragraph.paragraph_format.right_indent = Pt(max(text_width(section).pt - rule, 0))


def _size_quote(doc, material: Material, quote: list[str], translation: list[str] = ()) -> None:
    """Size the quote to fill the page between the mark and the attribution, and set its lines exactly.

    The DOCX lays the poster out on poster.css's geometry (band, margins, mark, footer), so the
    PDF's auto-fit size (quote_pt) holds here too, scaled down a little because LibreOffice and
    Word set text a little wider than WeasyPrint. Unfitted (no PDF was made), the size is worked
    out from the room left and the text's width, allowing one part-filled line per paragraph.
    """
    style = doc.styles["PW Poster Quote"]
    width = text_width(doc.sections[0]).pt
    line_em = QUOTE_LINE["zh" if is_cjk("".join(quote)) else "en"]
    if material.quote_pt:
        size = material.quote_pt * POSTER_QUOTE_SCALE
        if material.quote_pt < LONG_QUOTE_PT:
            line_em = max(line_em, LONG_QUOTE_LINE)
            style.font.bold = False  # .quote-long: a long passage set small, in the body weight
    else:
        area_per_pt2 = text_ems("".join(quote), "display") * line_em
        budget = _quote_budget(doc, material, width)
        # area/width·s² (full lines) + n part-filled lines and n paragraph gaps (0.45 em) <= budget;
        # a translation's lines are set at its share of the quote's size
        n = max(len(quote), 1) + len(translation) * TRANSLATION_EM
        a, b = area_per_pt2 / width, n * (line_em + 0.45)
        size = (-b + math.sqrt(b * b + 4 * a * budget)) / (2 * a) * UNFITTED_SCALE
    size = min(size, material.page.width_pt / 7)
    size = max(math.floor(size * 2) / 2, 6)
    fmt = style.paragraph_format
    style.font.size = Pt(size)
    # an exact line height, as the PDF's CSS line-height, not Word's font-dependent "single"
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(round(size * line_em, 1))
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(round(size * 0.45, 1))
    if translation:
        other = doc.styles["PW Poster Translation"]
        small = max(round(size * TRANSLATION_EM * 2) / 2, 6)
        other.font.size = Pt(small)
        other.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        other.paragraph_format.line_spacing = Pt(round(small * 1.4, 1))
        other.paragraph_format.space_after = Pt(round(small * 0.35, 1))


def _quote_budget(doc, material: Material, width: float) -> float:
    """Height (pt) left for the quote on the one page, below the band and the mark, above its
    attribution and the footer."""
    section = doc.sections[0]
    geometry = PosterGeometry(material.page)
    used = max(geometry.pt("masthead-height"),
               sum(_paragraph_height(doc.styles[name], text, width * 1.2) for name, text in
                   (("PW Poster Series", material.kicker), ("PW Poster Headline", material.headline or material.title))
                   if text))
    used += geometry.pt("quote-top") + geometry.pt("mark-height")
    used += sum(_paragraph_height(doc.styles[name], text, width) for name, text in _attribution(material))
    footer = sum(_paragraph_height(doc.styles["PW Poster Footer"], text, width) for _, text in material.footer_lines)
    if material.qr:
        footer = max(footer, geometry.pt("qr-size") + 8)
    used += max(section.bottom_margin.pt, section.footer_distance.pt + footer)
    return section.page_height.pt - used - 24  # slack for rounding in the estimates


def _attribution(material: Material) -> list[tuple[str, str]]:
    """The paragraphs under the quote, (style, text): its date, its occasion, the translation's occasion."""
    item = material.items[0]
    blocks = [("PW Poster Date", item.date), ("PW Poster Attribution", item.source)]
    if material.quote_translation and item.translation_source:
        blocks.append(("PW Poster Attribution", item.translation_source))
    return [(name, text) for name, text in blocks if text]


def _paragraph_height(style, text: str, width: float, role: str = "display") -> float:
    """A rough height for one paragraph of `text` in `style`: lines, spacing and borders."""
    size = style_value(style, lambda s: s.font.size, Pt(11)).pt
    fmt = style.paragraph_format
    lines = max(1, math.ceil(text_ems(text, role) * size / width))
    spacing = style_value(style, lambda s: s.paragraph_format.line_spacing, 1.0)
    if fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and hasattr(spacing, "pt"):
        line = spacing.pt
    else:
        line = size * 1.36 * (spacing if isinstance(spacing, float) else 1.0)  # Noto's natural line gap
    height = lines * line
    height += sum(style_value(style, lambda s, a=attr: getattr(s.paragraph_format, a), Pt(0)).pt
                  for attr in ("space_before", "space_after"))
    borders = style.element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
    if borders is not None:
        for side in ("top", "bottom"):
            edge = borders.find(qn(f"w:{side}"))
            if edge is not None:
                height += int(edge.get(qn("w:space"), "0")) + int(edge.get(qn("w:sz"), "0")) / 8
    return height


def _poster_footer(doc, section, material: Material, clean: Cleaner) -> None:
    """The footer as poster.css sets it: its rule 7vh over the page's foot less 4vh, the text (the
    footer option's, else organisation and date) 1.5vh under the rule and hanging from it; the QR code
    at the right, the words that say what it is for beside it, the text as wide as the PDF's beside them.

    A page footer stands on its foot, at footer_distance from the page's: that distance is what puts
    its top at the rule, the content's height (set lines, exact, and the code) taken from it."""
    lines = [(clean(text, "footer"), role == "org") for role, text in material.footer_lines]
    if not lines and not material.qr:
        return
    geometry = PosterGeometry(material.page)
    width = twips(text_width(section).pt)
    qr = geometry.pt("qr-size") if material.qr else 0.0
    qr_w = twips(qr + Mm(4).pt) if material.qr else 0
    text_w = min(twips(geometry.pt("footer-text-width")), width - qr_w) if material.qr else width
    label_w = width - qr_w - text_w if material.qr and material.qr_label else 0
    widths = [width - qr_w - label_w] + ([label_w] if label_w else []) + ([qr_w] if qr_w else [])
    table = new_table(empty(section.footer), 1, widths)
    no_borders(table)
    table_padding(table)
    pad, rule = geometry.pt("footer-pad"), geometry.pt("footer-rule")
    cells = table.rows[0].cells
    for cell in cells:   # the rule over the whole footer, as the PDF's box's border
        cell_borders(cell, top=(rule, material.theme.colors["rule"]))
        cell_padding(cell, top=twips(pad))
    text_style = _footer_style(doc.styles["PW Poster Footer"])
    size = text_style.font.size.pt
    measure = widths[0] / 20 / size
    first = True
    for text, strong in lines or [("", False)]:
        paragraph = first_paragraph(cells[0], "PW Poster Footer") if first else cells[0].add_paragraph(
            style="PW Poster Footer")
        paragraph.add_run(text, style="PW Strong" if strong else None)
        first = False
    set_lines = sum(line_count(text, measure / SAFETY, ROLE) for text, _ in lines or [("", False)])
    if material.qr:
        _footer_style(doc.styles["PW Poster QR"], line=None)
        if label_w:
            label = first_paragraph(cells[1], "PW Poster QR", clean(material.qr_label, "qr label"))
            label.paragraph_format.right_indent = Mm(2)
            cell_align(cells[1], "center")
        first_paragraph(cells[-1], "PW Poster QR").add_run().add_picture(qr_png(material), height=Pt(qr))
    content = pad + max(set_lines * size * POSTER_LINE, qr)
    row_height(table.rows[0], twips(content))
    section.footer_distance = Pt(max(material.page.height_pt - geometry.footer_top - rule - content, 0))


def _footer_style(style, line: float | None = POSTER_LINE):
    """The footer's styles here: no paragraph rule (the cells draw it), no space, lines exactly the PDF's."""
    ppr = style.element.find(qn("w:pPr"))
    borders = ppr.find(qn("w:pBdr")) if ppr is not None else None
    if borders is not None:
        ppr.remove(borders)
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if line is not None:
        set_line(style, line)
    return style
