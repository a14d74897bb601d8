"""The poster: one page, its quote sized to fill the room the headline, attribution and footer leave."""

from __future__ import annotations

import io
import math

from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from generator.content.text import is_cjk
from generator.materials.material import Material
from generator.materials.plans.poster import QUOTE_LINE, VALUES, PosterGeometry
from generator.materials.plans.text_width import text_ems
from generator.writers.docx.cleaner import Cleaner, excerpt_where
from generator.writers.docx.ooxml import empty, style_value, text_width

# LibreOffice and Word set text a little wider than WeasyPrint: the quote is sized for the
# room on the page, then scaled down by this to stay on one page in both.
POSTER_QUOTE_SCALE = 0.92
# a bilingual poster's translation, against the quote's size (poster.css reads the same number)
TRANSLATION_EM = VALUES["translation-size"][0]


def write_poster(doc, material: Material, clean: Cleaner) -> None:
    """Headline band, the quote sized to fill the page, its date and occasion; organisation and QR in the footer."""
    item = material.items[0]
    where = excerpt_where(item)
    headline = clean(material.headline or material.title, "headline")
    series = clean(material.kicker, "series")
    if series:
        doc.add_paragraph(series, style="PW Poster Series")
    doc.add_paragraph(headline, style="PW Poster Headline")
    quote = [clean(p, where) for p in material.quote]
    translation = [clean(p, where) for p in material.quote_translation]
    _size_quote(doc, material, quote, translation)
    for paragraph in quote:
        doc.add_paragraph(paragraph, style="PW Poster Quote")
    for paragraph in translation:
        doc.add_paragraph(paragraph, style="PW Poster Translation")
    if item.date:
        date = clean(item.date, where)
        if translation and item.translation_date:
            date += " · " + clean(item.translation_date, where)
        doc.add_paragraph(date, style="PW Poster Date")
    if item.source:
        doc.add_paragraph(clean(item.source, where), style="PW Poster Attribution")
    if translation and item.translation_source:
        doc.add_paragraph(clean(item.translation_source, where), style="PW Poster Attribution")
    _poster_footer(doc.sections[0], material, clean)


def _size_quote(doc, material: Material, quote: list[str], translation: list[str] = ()) -> None:
    """Size the quote to fill the page between headline and attribution, and set its lines exactly.

    The PDF's auto-fit found quote_pt for its own layout; that says how much area the text needs
    per point of size. The DOCX has other margins and chrome, so the size is worked out again for
    the room left here, allowing one part-filled line per paragraph, then scaled down a little
    because LibreOffice and Word set text a little wider than WeasyPrint.
    """
    style = doc.styles["PW Poster Quote"]
    width = text_width(doc.sections[0]).pt
    line_em = QUOTE_LINE["zh" if is_cjk("".join(quote)) else "en"]
    if material.quote_pt:
        # the PDF's quote filled this area at quote_pt: the same geometry poster.css lays out
        item = material.items[0]
        area_per_pt2 = PosterGeometry(material.page).text_area(item.date, item.source) / material.quote_pt ** 2
    else:
        area_per_pt2 = text_ems("".join(quote), "display") * line_em
    budget = _quote_budget(doc, material, width)
    # area/width·s² (full lines) + n part-filled lines and n paragraph gaps (0.45 em) <= budget;
    # a translation's lines are set at its share of the quote's size
    n = max(len(quote), 1) + len(translation) * TRANSLATION_EM
    a, b = area_per_pt2 / width, n * (line_em + 0.45)
    size = (-b + math.sqrt(b * b + 4 * a * budget)) / (2 * a)
    size = min(size * POSTER_QUOTE_SCALE, material.page.width_pt / 7)
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
    """Height (pt) left for the quote on the one page, after the headline, attribution and footer."""
    section = doc.sections[0]
    item = material.items[0]
    used = section.top_margin.pt + section.bottom_margin.pt
    headline = material.headline or material.title
    blocks = [("PW Poster Headline", headline), ("PW Poster Date", item.date),
              ("PW Poster Attribution", item.source)]
    if material.kicker:
        blocks.append(("PW Poster Series", material.kicker))
    if material.quote_translation and item.translation_source:
        blocks.append(("PW Poster Attribution", item.translation_source))
    used += sum(_paragraph_height(doc.styles[name], text, width) for name, text in blocks if text)
    footer = sum(_paragraph_height(doc.styles["PW Poster Footer"], text, width)
                 for text in (material.organisation, material.date) if text)
    if material.qr:
        footer = max(footer, Mm(_qr_mm(material)).pt + 8)
    # a footer taller than the bottom margin pushes the body up
    used += max(0.0, section.footer_distance.pt + footer - section.bottom_margin.pt)
    return section.page_height.pt - used - 24  # slack for rounding in the estimates


def _paragraph_height(style, text: str, width: float) -> float:
    """A rough height for one paragraph of `text` in `style`: lines, spacing and borders."""
    size = style_value(style, lambda s: s.font.size, Pt(11)).pt
    fmt = style.paragraph_format
    lines = max(1, math.ceil(text_ems(text, "display") * size / width))
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


def _qr_mm(material: Material) -> int:
    return round(material.page.height_mm * 0.07)


def _poster_footer(section, material: Material, clean: Cleaner) -> None:
    """Organisation and date in the page footer, so they stay at the foot whatever the quote's length."""
    lines = [(clean(material.organisation, "organisation"), True), (clean(material.date, "date"), False)]
    lines = [(text, strong) for text, strong in lines if text]
    if not lines and not material.qr:
        return
    footer = empty(section.footer)
    if material.qr:
        width = text_width(section)
        qr_mm = _qr_mm(material)
        table = footer.add_table(1, 2, width)
        table.autofit = False
        text_cell, qr_cell = table.rows[0].cells
        text_cell.width = width - Mm(qr_mm + 4)
        qr_cell.width = Mm(qr_mm + 4)
        table.columns[0].width, table.columns[1].width = text_cell.width, qr_cell.width
        container = text_cell
        empty(text_cell)
        picture = empty(qr_cell).add_paragraph(style="PW Poster QR")
        picture.add_run().add_picture(_qr_png(material), width=Mm(qr_mm))
    else:
        container = footer
    for text, strong in lines or [("", False)]:
        paragraph = container.add_paragraph(style="PW Poster Footer")
        paragraph.add_run(text, style="PW Strong" if strong else None)


def _qr_png(material: Material) -> io.BytesIO:
    import segno

    buf = io.BytesIO()
    segno.make(material.qr, error="m").save(buf, kind="png", scale=10, border=1,
                                            dark=material.theme.colors["ink"])
    buf.seek(0)
    return buf
