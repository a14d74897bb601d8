"""Styling a document: PW styles made, given the theme's colours, fonts and weights, and scaled to the page."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from generator.materials.material import Material
from generator.materials.themes import Theme
from generator.writers.docx.catalogue import ALIGN, STYLE_TYPES, STYLES, StyleSpec
from generator.writers.docx.languages import (
    apply_language, east_asian_breaking, font_pair, indent_two_characters, set_fonts, set_lang,
)
from generator.writers.docx.ooxml import (
    PPR_ORDER, RPR_ORDER, STYLE_ORDER, TBLPR_ORDER, border, child, recolour_borders, shading, style_value,
)
from generator.writers.docx.restyled import DEFAULTS
from generator.writers.docx.languages import own_language_indent  # noqa: F401  (moved there; kept importable)

# reference.docx sizes poster styles for A3 portrait, bulletin styles for A3 and handout styles
# for A4 and Letter; other pages scale them as the PDF does (see scale_factor)
POSTER_REFERENCE_WIDTH_MM = 297
BULLETIN_REFERENCE_AREA_MM2 = 420 * 297
HANDOUT_SMALL_SCALE = 9.5 / 10.5  # A5 sets type smaller


# --- styles ---------------------------------------------------------------------------------------

def prepare_styles(doc, material: Material, keep: dict[str, frozenset[str]] | None = None) -> None:
    """Create PW styles the reference lacks, then put the theme's tokens on every one, except the
    aspects `keep` names: those a workspace reference.docx restyled (restyled.py) stay its own."""
    keep = keep or {}
    for spec in STYLES:
        ensure_style(doc, spec)
    apply_language(doc, material.lang, material.theme, keep_fonts="fonts" in keep.get(DEFAULTS, ()))
    east_asian_breaking(doc)
    for spec in STYLES:
        style = doc.styles[spec.name]
        if spec.scaled:
            _scale_style(style, spec, scale_factor(material, spec.scaled))
        apply_theme(style, spec, material.theme, material.lang, keep.get(spec.name, frozenset()))
        if spec.type == "paragraph":
            _hyphenate_if_justified(style)


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
        top = side == "top" and spec.top_pt
        borders.append(border(side, spec.top_pt if top else spec.border_pt, 0))
    margins = child(tblpr, "w:tblCellMar", TBLPR_ORDER)
    for side, twips in (("top", 40), ("left", 100), ("bottom", 40), ("right", 100)):
        mar = OxmlElement(f"w:{side}")
        mar.set(qn("w:w"), str(twips))
        mar.set(qn("w:type"), "dxa")
        margins.append(mar)
    if spec.shading:  # every cell's fill
        child(el, "w:tcPr", STYLE_ORDER).append(shading("FFFFFF"))
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


def apply_theme(style, spec: StyleSpec, theme: Theme, lang: str, keep: frozenset[str] = frozenset()) -> None:
    """Theme tokens onto one style: fonts (with East Asian faces), colour, weight, border and fill
    colours, but for the aspects in `keep` (fonts, weight, color, borders, shading)."""
    el = style.element
    rpr = child(el, "w:rPr", STYLE_ORDER)
    if spec.font and "fonts" not in keep:
        set_fonts(rpr, font_pair(theme, spec.font, lang))
    if spec.weight and "weight" not in keep:
        bold = theme.weights[spec.weight] >= 600
        child(rpr, "w:b", RPR_ORDER).set(qn("w:val"), "1" if bold else "0")
        child(rpr, "w:bCs", RPR_ORDER).set(qn("w:val"), "1" if bold else "0")
    if spec.color and "color" not in keep:
        # text designed to sit on a fill would vanish on white paper when the theme has no fills
        _set_color(rpr, theme.colors["ink" if (spec.shading or spec.on_fill) and not theme.fills else spec.color])
    set_lang(rpr, lang)
    shaded = "shading" not in keep
    shd = rpr.find(qn("w:shd"))
    if shd is not None and shaded:
        _fill(shd, theme, spec.shading)
    if spec.type == "table":
        tblpr = el.find(qn("w:tblPr"))
        if "borders" not in keep:
            recolour_borders(tblpr.find(qn("w:tblBorders")) if tblpr is not None else None,
                             theme.colors[spec.border_color],
                             top=theme.colors[spec.top_color] if spec.top_color and theme.fills else None)
        for shd in el.iterfind(f"{qn('w:tblStylePr')}/{qn('w:tcPr')}/{qn('w:shd')}") if shaded else ():
            _fill(shd, theme, spec.header_shading)
        for shd in el.iterfind(f"{qn('w:tcPr')}/{qn('w:shd')}") if shaded else ():
            _fill(shd, theme, spec.shading)
        return
    ppr = el.find(qn("w:pPr"))
    if ppr is None:
        return
    borders = ppr.find(qn("w:pBdr"))
    if "borders" in keep:
        pass
    elif spec.shading and spec.border_color == spec.shading and not theme.fills:
        # borders that pad a fill become a plain thin frame when there is no fill
        recolour_borders(borders, theme.colors["ink"], width_pt=1.5)
    else:
        recolour_borders(borders, theme.colors[spec.border_color],
                         top=theme.colors[spec.top_color] if spec.top_color else None)
    shd = ppr.find(qn("w:shd"))
    if shd is not None and shaded:
        _fill(shd, theme, spec.shading)
    fmt = style.paragraph_format
    if lang == "zh" and spec.zh_justify and fmt.alignment in (None, WD_ALIGN_PARAGRAPH.LEFT):
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if lang == "zh" and spec.zh_indent and not fmt.first_line_indent:
        indent_two_characters(el.get_or_add_pPr(), style_value(style, lambda s: s.font.size, Pt(10.5)).pt)


def _hyphenate_if_justified(style) -> None:
    """Hyphenation for justified text only, as the PDF hyphenates it: never in ragged, centred or
    display text (headlines, attributions, the slogan)."""
    ppr = style.element.get_or_add_pPr()
    justified = style_value(style, lambda s: s.paragraph_format.alignment, None) == WD_ALIGN_PARAGRAPH.JUSTIFY
    found = ppr.find(qn("w:suppressAutoHyphens"))
    if justified and found is not None:
        ppr.remove(found)
    elif not justified:
        child(ppr, "w:suppressAutoHyphens", PPR_ORDER).set(qn("w:val"), "1")


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


def scale_style_to(style, factor: float) -> None:
    """A style's size (and the space around it) `factor` times what the reference document sets."""
    size = style_value(style, lambda s: s.font.size, Pt(11)).pt
    style.font.size = Pt(round(size * factor * 2) / 2)
    fmt = style.paragraph_format
    for attr in ("space_before", "space_after"):
        value = getattr(fmt, attr)
        if value:
            setattr(fmt, attr, Pt(round(value.pt * factor, 1)))


def set_line(style, multiple: float) -> None:
    """Lines `multiple` times the style's size apart, exactly, as a CSS line-height (not Word's "single")."""
    size = style_value(style, lambda s: s.font.size, Pt(11)).pt
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(round(size * multiple, 1))


def hairline(paragraph, height_pt: float):
    """An empty paragraph `height_pt` high: the space between two tables, which Word would otherwise join."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(max(round(height_pt, 1), 1))
    fmt.space_before = fmt.space_after = Pt(0)
    return paragraph


def scale_factor(material: Material, kind: str) -> float:
    """How much larger than in reference.docx a kind's type is set on this page, as the PDF scales it."""
    page = material.page
    if kind == "poster":  # with the page width (the PDF sizes poster type in vw)
        return page.width_mm / POSTER_REFERENCE_WIDTH_MM
    if kind == "bulletin":  # by the fourth root of the page area, as materials/plans/bulletin.py sizes box text
        return (page.width_mm * page.height_mm / BULLETIN_REFERENCE_AREA_MM2) ** 0.25
    return HANDOUT_SMALL_SCALE if page.width_mm < 180 else 1.0


def _set_color(rpr, color: str) -> None:
    el = child(rpr, "w:color", RPR_ORDER)
    el.attrib.clear()
    el.set(qn("w:val"), color.lstrip("#").upper())
