"""Styling a document: PW styles made and given the theme, language and page scale; page set-up and running header."""

from __future__ import annotations

import re

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from generator.materials.material import Material
from generator.materials.themes import Theme
from generator.writers.docx.catalogue import ALIGN, STYLE_TYPES, STYLES, StyleSpec
from generator.writers.docx.cleaner import Cleaner
from generator.writers.docx.ooxml import (
    PPR_ORDER, RPR_ORDER, SETTINGS_ORDER, STYLE_ORDER, TBLPR_ORDER, border, child, empty, field,
    recolour_borders, set_columns, shading, style_value,
)

# Page margins in mm (top, right, bottom, left): the handout's as handout.css; posters and bulletin
# sheets bleed to the edge in the PDF, which office printers cannot print, so they get a margin.
MARGINS = {"poster": (15, 15, 15, 15), "handout": (21, 19, 18, 19), "bulletin": (12, 12, 12, 12)}
A5_HANDOUT_MARGINS = (17, 13, 15, 13)
HEADER_DISTANCE_MM = {"poster": 8, "handout": 9, "bulletin": 6}

# reference.docx sizes poster styles for A3 portrait, bulletin styles for A3 and handout styles
# for A4 and Letter; other pages scale them as the PDF does (see scale_factor)
POSTER_REFERENCE_WIDTH_MM = 297
BULLETIN_REFERENCE_AREA_MM2 = 420 * 297
HANDOUT_SMALL_SCALE = 9.5 / 10.5  # A5 sets type smaller


# --- styles ---------------------------------------------------------------------------------------

def prepare_styles(doc, material: Material) -> None:
    """Create PW styles the reference lacks, then put the theme's tokens on every one."""
    for spec in STYLES:
        ensure_style(doc, spec)
    apply_language(doc, material.lang, material.theme)
    east_asian_breaking(doc)
    for spec in STYLES:
        style = doc.styles[spec.name]
        if spec.scaled:
            _scale_style(style, spec, scale_factor(material, spec.scaled))
        apply_theme(style, spec, material.theme, material.lang)


def ensure_style(doc, spec: StyleSpec):
    if spec.name in doc.styles:
        return doc.styles[spec.name]
    style = doc.styles.add_style(spec.name, STYLE_TYPES[spec.type])
    style.quick_style = spec.type != "table"
    if spec.type == "paragraph":
        style.base_style = doc.styles["Normal"]
        style.next_paragraph_style = style
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(spec.before), Pt(spec.after)
        fmt.widow_control = True
        if spec.exact:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(spec.exact)
        elif spec.line:
            fmt.line_spacing = spec.line
        else:
            fmt.line_spacing = 1.0
        if spec.keep_next:
            fmt.keep_with_next = True
        if spec.page_break:
            fmt.page_break_before = True
        if spec.align:
            fmt.alignment = ALIGN[spec.align]
        if spec.indent != (0, 0):
            fmt.left_indent, fmt.first_line_indent = Mm(spec.indent[0]), Mm(spec.indent[1])
        if spec.right:
            fmt.right_indent = Mm(spec.right)
        if spec.outline is not None:
            child(style.element.get_or_add_pPr(), "w:outlineLvl", PPR_ORDER).set(qn("w:val"), str(spec.outline))
        if spec.borders:
            pbdr = child(style.element.get_or_add_pPr(), "w:pBdr", PPR_ORDER)
            for side in spec.borders:
                top = side == "top" and spec.top_pt
                pbdr.append(border(side, spec.top_pt if top else spec.border_pt, spec.border_space))
        if spec.shading:
            child(style.element.get_or_add_pPr(), "w:shd", PPR_ORDER).attrib.update(
                {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): "FFFFFF"})
    elif spec.type == "table":
        _define_table_style(style, spec)
    if spec.size:
        style.font.size = Pt(spec.size)
    if spec.caps:
        style.font.all_caps = True
    if spec.type == "character" and spec.shading:
        child(style.element.get_or_add_rPr(), "w:shd", RPR_ORDER).attrib.update(
            {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): "FFFFFF"})
    return style


def _define_table_style(style, spec: StyleSpec) -> None:
    """Table styles have no python-docx API: borders, cell margins and a header-row fill in XML."""
    el = style.element
    ppr = child(el, "w:pPr", STYLE_ORDER)
    spacing = child(ppr, "w:spacing", PPR_ORDER)
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    tblpr = child(el, "w:tblPr", STYLE_ORDER)
    borders = child(tblpr, "w:tblBorders", TBLPR_ORDER)
    for side in spec.borders:
        borders.append(border(side, spec.border_pt, 0))
    margins = child(tblpr, "w:tblCellMar", TBLPR_ORDER)
    for side, twips in (("top", 40), ("left", 100), ("bottom", 40), ("right", 100)):
        mar = OxmlElement(f"w:{side}")
        mar.set(qn("w:w"), str(twips))
        mar.set(qn("w:type"), "dxa")
        margins.append(mar)
    if spec.header_shading:
        first = OxmlElement("w:tblStylePr")
        first.set(qn("w:type"), "firstRow")
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        first.append(rpr)
        tcpr = OxmlElement("w:tcPr")
        tcpr.append(shading("FFFFFF"))
        first.append(tcpr)
        el.append(first)


def apply_theme(style, spec: StyleSpec, theme: Theme, lang: str) -> None:
    """Theme tokens onto one style: fonts (with East Asian faces), colour, weight, border and fill colours."""
    el = style.element
    rpr = child(el, "w:rPr", STYLE_ORDER)
    if spec.font:
        _set_fonts(rpr, _font_pair(theme, spec.font, lang))
    if spec.weight:
        bold = theme.weights[spec.weight] >= 600
        child(rpr, "w:b", RPR_ORDER).set(qn("w:val"), "1" if bold else "0")
        child(rpr, "w:bCs", RPR_ORDER).set(qn("w:val"), "1" if bold else "0")
    if spec.color:
        # text designed to sit on a fill would vanish on white paper when the theme has no fills
        _set_color(rpr, theme.colors["ink" if spec.shading and not theme.fills else spec.color])
    _set_lang(rpr, lang)
    shd = rpr.find(qn("w:shd"))
    if shd is not None:
        _fill(shd, theme, spec.shading)
    if spec.type == "table":
        tblpr = el.find(qn("w:tblPr"))
        recolour_borders(tblpr.find(qn("w:tblBorders")) if tblpr is not None else None,
                          theme.colors[spec.border_color])
        for shd in el.iterfind(f"{qn('w:tblStylePr')}/{qn('w:tcPr')}/{qn('w:shd')}"):
            _fill(shd, theme, spec.header_shading)
        return
    ppr = el.find(qn("w:pPr"))
    if ppr is None:
        return
    borders = ppr.find(qn("w:pBdr"))
    if spec.shading and spec.border_color == spec.shading and not theme.fills:
        # borders that pad a fill become a plain thin frame when there is no fill
        recolour_borders(borders, theme.colors["ink"], width_pt=1.5)
    else:
        recolour_borders(borders, theme.colors[spec.border_color],
                          top=theme.colors[spec.top_color] if spec.top_color else None)
    shd = ppr.find(qn("w:shd"))
    if shd is not None:
        _fill(shd, theme, spec.shading)
    fmt = style.paragraph_format
    if lang == "zh" and spec.zh_justify and fmt.alignment in (None, WD_ALIGN_PARAGRAPH.LEFT):
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if lang == "zh" and spec.zh_indent and not fmt.first_line_indent:
        _indent_two_characters(el.get_or_add_pPr(), style_value(style, lambda s: s.font.size, Pt(10.5)).pt)


# --- East Asian line breaking and indents ------------------------------------------------------------

# Set on the document defaults, so every paragraph has them, a Chinese excerpt in an English
# document too: kinsoku on (Word's and LibreOffice's lists keep 。，、 off a line's start and “（《
# off its end, as Pango does for the PDF); no punctuation hanging into the margin and no extra
# space between Chinese and Latin letters or digits, as the PDF sets neither (and the poster's
# and bulletin's plans measure text without them). typography.py writes the rest into the text.
EAST_ASIAN_BREAKING = (("w:kinsoku", "1"), ("w:overflowPunct", "0"), ("w:autoSpaceDE", "0"), ("w:autoSpaceDN", "0"))


def east_asian_breaking(doc) -> None:
    """EAST_ASIAN_BREAKING on the document's paragraph defaults (w:pPrDefault), which every style inherits."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = OxmlElement("w:pPrDefault")
        defaults.find(qn("w:rPrDefault")).addnext(ppr_default)
    ppr = ppr_default.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        ppr_default.append(ppr)
    for tag, value in EAST_ASIAN_BREAKING:
        child(ppr, tag, PPR_ORDER).set(qn("w:val"), value)


def _indent_two_characters(ppr, size_pt: float) -> None:
    """A first-line indent of two characters: Word reads w:firstLineChars (hundredths of a character,
    so it follows the font size); LibreOffice reads only w:firstLine, the same two ems in twips."""
    ind = child(ppr, "w:ind", PPR_ORDER)
    ind.attrib.pop(qn("w:hanging"), None)
    ind.attrib.pop(qn("w:hangingChars"), None)
    ind.set(qn("w:firstLine"), str(round(2 * size_pt * 20)))
    ind.set(qn("w:firstLineChars"), "200")


def own_language_indent(paragraph, lang: str, document_lang: str) -> None:
    """A body paragraph in another language than its document gets its own language's first-line
    indent, as the PDF indents each paragraph by its own language: two characters for Chinese in an
    English document, none for English in a Chinese one. Only for styles that indent Chinese."""
    style = paragraph.style
    spec = next((s for s in STYLES if s.name == style.name), None)
    if spec is None or not spec.zh_indent or (lang == "zh") == (document_lang == "zh"):
        return
    ppr = paragraph._p.get_or_add_pPr()
    if lang == "zh":
        _indent_two_characters(ppr, style_value(style, lambda s: s.font.size, Pt(10.5)).pt)
    else:
        ind = child(ppr, "w:ind", PPR_ORDER)
        ind.set(qn("w:firstLine"), "0")
        ind.set(qn("w:firstLineChars"), "0")


def _fill(shd, theme: Theme, token: str | None) -> None:
    if token and theme.fills:
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:fill"), theme.colors[token].lstrip("#").upper())
    else:
        shd.getparent().remove(shd)


def _scale_style(style, spec: StyleSpec, factor: float) -> None:
    """Type (and the space around it) follows the page, from the sizes the reference sets."""
    if abs(factor - 1) < 0.01:
        return
    size = style.font.size.pt if style.font.size else spec.size
    if size:
        style.font.size = Pt(round(size * factor * 2) / 2)
    fmt = style.paragraph_format
    for attr in ("space_before", "space_after"):
        value = getattr(fmt, attr)
        if value:
            setattr(fmt, attr, Pt(round(value.pt * factor)))


def scale_factor(material: Material, kind: str) -> float:
    """How much larger than in reference.docx a kind's type is set on this page, as the PDF scales it."""
    page = material.page
    if kind == "poster":  # with the page width (the PDF sizes poster type in vw)
        return page.width_mm / POSTER_REFERENCE_WIDTH_MM
    if kind == "bulletin":  # by the fourth root of the page area, as materials/plans/bulletin.py sizes box text
        return (page.width_mm * page.height_mm / BULLETIN_REFERENCE_AREA_MM2) ** 0.25
    return HANDOUT_SMALL_SCALE if page.width_mm < 180 else 1.0


def _font_pair(theme: Theme, role: str, lang: str) -> tuple[str, str]:
    """(Latin face, East Asian face); Chinese documents use the SC face for Latin too, as the PDF does."""
    cjk = theme.fonts[f"{role}_cjk"]
    return (cjk if lang == "zh" else theme.fonts[role]), cjk


def _set_fonts(rpr, pair: tuple[str, str]) -> None:
    fonts = child(rpr, "w:rFonts", RPR_ORDER)
    # theme-font attributes outrank named faces, so a Word-made reference could keep its own
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    latin, east_asian = pair
    for attr, face in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asian), ("cs", latin)):
        fonts.set(qn(f"w:{attr}"), face)


def _set_color(rpr, color: str) -> None:
    el = child(rpr, "w:color", RPR_ORDER)
    el.attrib.clear()
    el.set(qn("w:val"), color.lstrip("#").upper())


def _set_lang(rpr, lang: str) -> None:
    el = child(rpr, "w:lang", RPR_ORDER)
    el.set(qn("w:val"), "zh-CN" if lang == "zh" else "en-GB")
    # East Asian text is Simplified Chinese whatever the document's language: SC glyphs, not JP
    el.set(qn("w:eastAsia"), "zh-CN")


def apply_language(doc, lang: str, theme: Theme) -> None:
    """Document defaults and settings: serif body faces and zh-CN for East Asian text."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _set_fonts(rpr, _font_pair(theme, "serif", lang))
    _set_lang(rpr, lang)
    settings = doc.settings.element
    font_lang = child(settings, "w:themeFontLang", SETTINGS_ORDER)
    font_lang.set(qn("w:val"), "zh-CN" if lang == "zh" else "en-GB")
    font_lang.set(qn("w:eastAsia"), "zh-CN")
    # justified English needs hyphenation to avoid rivers, as the PDF hyphenates it
    hyphenate = child(settings, "w:autoHyphenation", SETTINGS_ORDER)
    hyphenate.set(qn("w:val"), "0" if lang == "zh" else "1")


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
    """Organisation · title at the head of every page; Page X of Y, as fields, at the foot."""
    header = empty(section.header)
    text = " · ".join(p for p in (clean(material.organisation, "organisation"), clean(material.title, "title")) if p)
    header.add_paragraph(text, style="PW Header")
    footer = empty(section.footer)
    paragraph = footer.add_paragraph(style="PW Footer")
    for piece in re.split(r"(\{page\}|\{pages\})", material.labels["page_x_of_y"]):
        if piece == "{page}":
            field(paragraph, "PAGE", "1")
        elif piece == "{pages}":
            field(paragraph, "NUMPAGES", "1")
        elif piece:
            paragraph.add_run(piece)
