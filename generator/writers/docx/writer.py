"""DOCX writer: a Material as an editable Word document, laid out with named "PW" styles.

The look lives in styles, not on runs: templates/reference.docx (or a workspace's own, as
pandoc's --reference-doc) defines every PW style once; this writer sets the theme's colours,
fonts and weights on those styles, and East Asian fonts and languages so Chinese is set in
the SC faces. Sizes, spacing and borders are whatever the reference document says, so a
user who restyles "PW Excerpt Text" in Word once gets it in every later document. Two
things are worked out per document: poster and bulletin type grows with the page, and the
poster's quote is sized to fill its one page.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt

from generator.materials.plans.bulletin import plan_bulletin
from generator.materials.material import Item, Material
from generator.writers.templating import BUILTIN_TEMPLATES
from generator.content.text import XML_INVALID_RE, is_cjk
from generator.materials.themes import Theme

REFERENCE_NAME = "reference.docx"

# Page margins in mm (top, right, bottom, left): the handout's as handout.css; posters and bulletin
# sheets bleed to the edge in the PDF, which office printers cannot print, so they get a margin.
MARGINS = {"poster": (15, 15, 15, 15), "handout": (21, 19, 18, 19), "bulletin": (12, 12, 12, 12)}
A5_HANDOUT_MARGINS = (17, 13, 15, 13)
HEADER_DISTANCE_MM = {"poster": 8, "handout": 9, "bulletin": 6}

# LibreOffice and Word set text a little wider than WeasyPrint: the quote is sized for the
# room on the page, then scaled down by this to stay on one page in both.
POSTER_QUOTE_SCALE = 0.92
# reference.docx sizes poster styles for A3 portrait, bulletin styles for A3 and handout styles
# for A4 and Letter; other pages scale them as the PDF does (see _scale_factor)
POSTER_REFERENCE_WIDTH_MM = 297
BULLETIN_REFERENCE_AREA_MM2 = 420 * 297
HANDOUT_SMALL_SCALE = 9.5 / 10.5  # A5 sets type smaller
WORD_MAX_PAGE_MM = 558.8  # Word's page set-up stops at 22 in
SIGN_IN_ROW_MM = 10
FULL_SHEET_FILL = 0.9  # above this share of page 1 (generator/bulletin_plan.py), a sheet counts as full
BOX_KEEP_CHARS = 700  # boxes with less text than this stay in one column

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
STYLE_TYPES = {"paragraph": WD_STYLE_TYPE.PARAGRAPH, "character": WD_STYLE_TYPE.CHARACTER,
               "table": WD_STYLE_TYPE.TABLE}

# Schema order of the children this module adds; Word refuses files whose children are out of order.
PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
             "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
             "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
             "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
             "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
             "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
             "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
             "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
             "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
             "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
STYLE_ORDER = ("w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden",
               "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked", "w:personal",
               "w:personalCompose", "w:personalReply", "w:rsid", "w:pPr", "w:rPr", "w:tblPr", "w:trPr",
               "w:tcPr", "w:tblStylePr")
TBLPR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
               "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
               "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
TRPR_ORDER = ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
              "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")
SETTINGS_ORDER = ("w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation",
                  "w:removeDateAndTime", "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape",
                  "w:printPostScriptOverText", "w:printFractionalCharacterWidth", "w:printFormsData",
                  "w:embedTrueTypeFonts", "w:embedSystemFonts", "w:saveSubsetFonts", "w:saveFormsData",
                  "w:mirrorMargins", "w:alignBordersAndEdges", "w:bordersDoNotSurroundHeader",
                  "w:bordersDoNotSurroundFooter", "w:gutterAtTop", "w:hideSpellingErrors",
                  "w:hideGrammaticalErrors", "w:activeWritingStyle", "w:proofState", "w:formsDesign",
                  "w:attachedTemplate", "w:linkStyles", "w:stylePaneFormatFilter", "w:stylePaneSortMethod",
                  "w:documentType", "w:mailMerge", "w:revisionView", "w:trackRevisions", "w:doNotTrackMoves",
                  "w:doNotTrackFormatting", "w:documentProtection", "w:autoFormatOverride",
                  "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop", "w:autoHyphenation",
                  "w:consecutiveHyphenLimit", "w:hyphenationZone", "w:doNotHyphenateCaps", "w:showEnvelope",
                  "w:summaryLength", "w:clickAndTypeStyle", "w:defaultTableStyle", "w:evenAndOddHeaders",
                  "w:bookFoldRevPrinting", "w:bookFoldPrinting", "w:bookFoldPrintingSheets",
                  "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing",
                  "w:displayHorizontalDrawingGridEvery", "w:displayVerticalDrawingGridEvery",
                  "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin",
                  "w:drawingGridVerticalOrigin", "w:doNotShadeFormData", "w:noPunctuationKerning",
                  "w:characterSpacingControl", "w:printTwoOnOne", "w:strictFirstAndLastChars",
                  "w:noLineBreaksAfter", "w:noLineBreaksBefore", "w:savePreviewPicture",
                  "w:doNotValidateAgainstSchema", "w:saveInvalidXml", "w:ignoreMixedContent",
                  "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly",
                  "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags", "w:alwaysMergeEmptyNamespace",
                  "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
                  "w:docVars", "w:rsids", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                  "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
                  "w:captions", "w:readModeInkLockDown", "w:smartTagType", "w:schemaLibrary",
                  "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")
PBDR_SIDES = ("top", "left", "bottom", "right")
TABLE_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


@dataclass(frozen=True, slots=True)
class StyleSpec:
    """One PW style's defaults, and which theme tokens the writer sets on it."""

    name: str
    type: str = "paragraph"        # paragraph, character or table
    font: str | None = "serif"     # theme font role: serif or sans (None: inherit)
    weight: str | None = "body"    # theme weight token; 600 and above is bold
    color: str | None = "ink"      # theme colour token for the text
    size: float | None = None      # points, for A4 handouts, A3 posters and A3 bulletin sheets
    scaled: str | None = None      # poster, bulletin or handout: sizes follow the page (see _scale_factor)
    align: str | None = None       # left, center, right, justify
    before: float = 0              # points
    after: float = 0               # points
    line: float | None = None      # multiple of Word's single line (about 1.36 em in Noto)
    exact: float | None = None     # exact line height, points
    keep_next: bool = False
    page_break: bool = False       # starts a new page
    indent: tuple[float, float] = (0, 0)  # left, first line (mm; negative hangs)
    right: float = 0               # right indent, mm
    caps: bool = False             # shown in capitals (the text stays as typed)
    borders: tuple[str, ...] = ()  # sides: top, left, bottom, right, between (tables: insideH, insideV)
    border_color: str = "rule"
    border_pt: float = 0.75
    border_space: float = 4        # points between text and border
    top_color: str | None = None   # a top border in another colour and width (bulletin boxes)
    top_pt: float | None = None
    shading: str | None = None     # theme colour token; dropped when the theme has no fills
    header_shading: str | None = None  # table styles: the first row's fill
    outline: int | None = None     # 0 = level 1 in Word's navigation pane
    zh_justify: bool = False       # Chinese: justified, as in the PDF
    zh_indent: bool = False        # Chinese: a first-line indent of two characters
    description: str = ""


def _band(token: str) -> dict:
    """A paragraph set on a solid fill; borders of the fill's colour pad it like CSS padding."""
    return dict(borders=PBDR_SIDES, border_color=token, border_pt=6, border_space=10, shading=token)


# an excerpt box on a bulletin sheet: every paragraph in it shares these, so they join into one box
BOX = dict(scaled="bulletin", borders=PBDR_SIDES, border_color="rule", border_pt=1, border_space=7,
           top_color="accent", top_pt=4, shading="box")

STYLES: tuple[StyleSpec, ...] = (
    # handout and bulletin pages
    StyleSpec("PW Header", font="sans", color="muted", size=7.5, borders=("bottom",), border_pt=0.5,
              border_space=3, description="running header: organisation · title"),
    StyleSpec("PW Footer", font="sans", color="muted", size=7.5, align="center",
              description="page footer with the Page X of Y fields"),
    StyleSpec("PW Strong", "character", font=None, weight="heading", color="ink",
              description="organisation names, dates and labels set off in bold"),
    StyleSpec("PW Excerpt Number", "character", font="sans", weight="heading", color="accent_ink",
              shading="accent", description="the number that opens each excerpt"),
    # handout
    StyleSpec("PW Subtitle", font="sans", weight="heading", color="accent", size=8, scaled="handout",
              after=5, keep_next=True, caps=True, borders=("top",), border_color="accent", border_pt=2.5,
              border_space=10, description="series line above the title"),
    StyleSpec("PW Title", font="sans", weight="heading", color="ink", size=21.5, scaled="handout", line=0.9,
              after=6, keep_next=True, borders=("top",), border_color="accent", border_pt=2.5,
              border_space=10, description="title of a handout"),
    StyleSpec("PW Byline", font="sans", color="muted", size=9, scaled="handout", after=6,
              description="organisation and date under the title"),
    StyleSpec("PW Meeting Label", font="sans", weight="heading", color="muted", size=7, scaled="handout",
              after=1, caps=True, description="Date, Time, Venue, Host"),
    StyleSpec("PW Meeting Details", font="sans", weight="heading", size=10, scaled="handout",
              description="the meeting's date, time, venue and host"),
    StyleSpec("PW Meeting Table", "table", font=None, weight=None, color=None,
              borders=("top", "bottom", "insideH", "insideV"), border_color="muted", border_pt=0.5,
              description="meeting details, four across"),
    # indented by its padding, so the tinted band lines up with the text column
    StyleSpec("PW Intro", font="sans", color="band_ink", size=9.5, scaled="handout", line=1.14, before=12,
              after=5, indent=(5.6, 0), right=5.6, zh_justify=True, **_band("band"),
              description="the collection's introduction"),
    StyleSpec("PW Excerpt First", size=10.5, scaled="handout", line=1.1, after=5.5, align="justify",
              indent=(11, -11), description="first paragraph of an excerpt, its number in the margin"),
    StyleSpec("PW Excerpt Text", size=10.5, scaled="handout", line=1.1, after=5.5, align="justify",
              indent=(11, 0), zh_indent=True, description="further paragraphs of an excerpt"),
    StyleSpec("PW Attribution", font="sans", color="muted", size=8.5, scaled="handout", align="right",
              indent=(17, 0), after=17, description="date and occasion under an excerpt"),
    StyleSpec("PW Outro", color="muted", size=9.5, scaled="handout", line=1.1, before=6, after=12,
              borders=("top",), border_pt=0.5, border_space=8, zh_justify=True,
              description="closing paragraphs after the excerpts"),
    StyleSpec("PW Heading", font="sans", weight="heading", color="ink", size=12, scaled="handout", before=14,
              after=6, keep_next=True, outline=0, description="section headings"),
    StyleSpec("PW Question", size=10.5, scaled="handout", line=1.1, after=4.5, indent=(7, -7),
              zh_justify=True, description="a discussion question, its number hanging"),
    StyleSpec("PW Question Number", "character", font="sans", weight="heading", color="accent",
              description="the number of a discussion question"),
    StyleSpec("PW Notes Line", font="sans", size=10, scaled="handout", description="text written on a notes line"),
    StyleSpec("PW Notes Table", "table", font=None, weight=None, color=None, borders=("bottom", "insideH"),
              border_pt=0.5, description="ruled lines for notes, one row each"),
    StyleSpec("PW Sign-in Heading", font="sans", weight="heading", color="ink", size=15, scaled="handout",
              after=3, keep_next=True, page_break=True, outline=0, description="heading of the sign-in sheet"),
    StyleSpec("PW Sign-in Details", font="sans", color="muted", size=9, scaled="handout", after=11,
              keep_next=True, description="title and meeting details above the sign-in table"),
    StyleSpec("PW Table Heading", font="sans", weight="heading", color="band_ink", size=8.5, scaled="handout",
              description="header cells of the sign-in table"),
    StyleSpec("PW Table Number", font="sans", color="muted", size=8, scaled="handout", align="center",
              description="row numbers of the sign-in table"),
    StyleSpec("PW Table Text", font="sans", size=10, scaled="handout", description="cells of the sign-in table"),
    StyleSpec("PW Sign-in Table", "table", font=None, weight=None, color=None, borders=TABLE_SIDES,
              border_color="muted", border_pt=0.6, header_shading="band", description="sign-in sheet"),
    # poster
    StyleSpec("PW Poster Series", font="sans", weight="heading", color="accent_ink", size=19, scaled="poster",
              after=6, caps=True, **_band("accent"), description="series line in the headline band"),
    StyleSpec("PW Poster Headline", font="sans", weight="headline", color="accent_ink", size=38,
              scaled="poster", line=0.82, after=26, **_band("accent"), description="headline band of a poster"),
    StyleSpec("PW Poster Quote", weight="quote", size=36, zh_justify=True,
              description="the quote; its size and line height come from the poster's fit"),
    StyleSpec("PW Poster Date", font="sans", weight="heading", size=20, scaled="poster", before=28,
              keep_next=True, borders=("top",), border_color="accent", border_pt=3, border_space=10,
              description="date under the quote"),
    StyleSpec("PW Poster Attribution", font="sans", color="muted", size=20, scaled="poster",
              description="occasion under the quote"),
    StyleSpec("PW Poster Footer", font="sans", color="muted", size=16, scaled="poster", borders=("top",),
              border_pt=1, border_space=8, description="organisation and date at the foot of a poster"),
    StyleSpec("PW Poster QR", font="sans", size=16, scaled="poster", align="right", borders=("top",),
              border_pt=1, border_space=8, description="the QR code beside the poster's footer"),
    # bulletin
    StyleSpec("PW Masthead Series", font="sans", weight="heading", color="accent_ink", size=15.5,
              scaled="bulletin", after=4, caps=True, **_band("accent"), description="series line in the masthead"),
    StyleSpec("PW Masthead", font="sans", weight="headline", color="accent_ink", size=40, scaled="bulletin",
              line=0.8, after=4, **_band("accent"), description="title of a bulletin sheet"),
    StyleSpec("PW Masthead Details", font="sans", weight="heading", color="accent_ink", size=13.5,
              scaled="bulletin", after=16, **_band("accent"), description="issue, date and organisation"),
    StyleSpec("PW Box Heading", font="sans", color="muted", size=9.5, after=5, keep_next=True, **BOX,
              description="number and date at the top of a box"),
    StyleSpec("PW Box", size=10.5, line=1.07, after=5, align="justify", zh_indent=True, **BOX,
              description="an excerpt's text in a box"),
    StyleSpec("PW Box Attribution", font="sans", color="muted", size=8.5, align="right", **BOX,
              description="the occasion at the foot of a box"),
    StyleSpec("PW Box Gap", font="sans", size=6, exact=12, description="space between two boxes"),
    StyleSpec("PW Bulletin Heading", font="sans", weight="heading", color="accent", size=11, scaled="bulletin",
              before=4, after=4, keep_next=True, caps=True, outline=0, description="the timeline's heading"),
    StyleSpec("PW Timeline", font="sans", size=10, scaled="bulletin", after=3,
              description="one dated line of the timeline"),
    StyleSpec("PW Slogan", font="sans", weight="headline", color="accent_ink", size=26, scaled="bulletin",
              align="center", before=14, **_band("accent"), description="the slogan band"),
)

# --- entry points ---------------------------------------------------------------------------------

def write_docx(material: Material, workspace_templates: Path | None) -> tuple[bytes, list[str]]:
    """The Material as DOCX bytes, and warnings (characters removed, page sizes Word can't set)."""
    doc = docx.Document(str(reference_path(workspace_templates)))
    _clear_body(doc)
    _prepare_styles(doc, material)
    clean = _Cleaner()
    warnings: list[str] = []
    section = doc.sections[0]
    _set_page(section, material)
    {"poster": _poster, "handout": _handout, "bulletin": _bulletin}[material.kind](doc, material, clean)
    _set_properties(doc, material, clean)
    if max(material.page.width_mm, material.page.height_mm) > WORD_MAX_PAGE_MM + 0.5:
        warnings.append(f"{material.page.name} is larger than Word's largest page (558.8 mm, 22 in): "
                        "LibreOffice opens this DOCX at full size; for Word, choose --size A3 or smaller")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), clean.warnings() + warnings


def reference_path(workspace_templates: Path | None) -> Path:
    """The workspace's templates/reference.docx if it has one, else the built-in one."""
    if workspace_templates is not None and (workspace_templates / REFERENCE_NAME).is_file():
        return workspace_templates / REFERENCE_NAME
    return BUILTIN_TEMPLATES / REFERENCE_NAME


def build_reference_docx(theme: Theme) -> bytes:
    """templates/reference.docx: python-docx's default template made zh-CN, plus every PW style.

    The body shows one sample per style, so a user can restyle them in Word; the writer empties
    it. The bytes are the same on every run (fixed dates and zip timestamps).
    """
    doc = docx.Document()
    # python-docx's template carries Word 2010's copy of the styles and a thumbnail of itself;
    # both would go stale as soon as a user restyles anything.
    for rId, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rId)
    for rId, rel in list(doc.part.package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del doc.part.package.rels[rId]
    # Its 140 sample table styles are built into Word anyway; kept, they slow every style lookup.
    for style in list(doc.styles):
        if style.type == WD_STYLE_TYPE.TABLE and style.name not in ("Normal Table", "Table Grid"):
            style.element.getparent().remove(style.element)
    _clear_body(doc)
    for spec in STYLES:
        _ensure_style(doc, spec)
    _apply_language(doc, "en", theme)
    for spec in STYLES:
        _apply_theme(doc.styles[spec.name], spec, theme, "en")
    _reference_samples(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    section.left_margin = section.right_margin = Mm(19)
    props = doc.core_properties
    props.title = "presswork reference document"
    props.subject = "Restyle the PW styles here; presswork uses them for every DOCX it writes"
    props.author = props.last_modified_by = "presswork"
    props.comments = "Generated by scripts/make_reference_docx.py"
    props.revision = 1
    props.created = props.modified = datetime(2024, 1, 1, tzinfo=timezone.utc)
    out = io.BytesIO()
    doc.save(out)
    return _normalise_zip(out.getvalue(), {"word/theme/theme1.xml": lambda xml: _zh_cn_theme(xml, theme)})


# --- styles ---------------------------------------------------------------------------------------

def _prepare_styles(doc, material: Material) -> None:
    """Create PW styles the reference lacks, then put the theme's tokens on every one."""
    for spec in STYLES:
        _ensure_style(doc, spec)
    _apply_language(doc, material.lang, material.theme)
    for spec in STYLES:
        style = doc.styles[spec.name]
        if spec.scaled:
            _scale_style(style, spec, _scale_factor(material, spec.scaled))
        _apply_theme(style, spec, material.theme, material.lang)


def _ensure_style(doc, spec: StyleSpec):
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
            _child(style.element.get_or_add_pPr(), "w:outlineLvl", PPR_ORDER).set(qn("w:val"), str(spec.outline))
        if spec.borders:
            pbdr = _child(style.element.get_or_add_pPr(), "w:pBdr", PPR_ORDER)
            for side in spec.borders:
                top = side == "top" and spec.top_pt
                pbdr.append(_border(side, spec.top_pt if top else spec.border_pt, spec.border_space))
        if spec.shading:
            _child(style.element.get_or_add_pPr(), "w:shd", PPR_ORDER).attrib.update(
                {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): "FFFFFF"})
    elif spec.type == "table":
        _define_table_style(style, spec)
    if spec.size:
        style.font.size = Pt(spec.size)
    if spec.caps:
        style.font.all_caps = True
    if spec.type == "character" and spec.shading:
        _child(style.element.get_or_add_rPr(), "w:shd", RPR_ORDER).attrib.update(
            {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): "FFFFFF"})
    return style


def _define_table_style(style, spec: StyleSpec) -> None:
    """Table styles have no python-docx API: borders, cell margins and a header-row fill in XML."""
    el = style.element
    ppr = _child(el, "w:pPr", STYLE_ORDER)
    spacing = _child(ppr, "w:spacing", PPR_ORDER)
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    tblpr = _child(el, "w:tblPr", STYLE_ORDER)
    borders = _child(tblpr, "w:tblBorders", TBLPR_ORDER)
    for side in spec.borders:
        borders.append(_border(side, spec.border_pt, 0))
    margins = _child(tblpr, "w:tblCellMar", TBLPR_ORDER)
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
        tcpr.append(_shading("FFFFFF"))
        first.append(tcpr)
        el.append(first)


def _apply_theme(style, spec: StyleSpec, theme: Theme, lang: str) -> None:
    """Theme tokens onto one style: fonts (with East Asian faces), colour, weight, border and fill colours."""
    el = style.element
    rpr = _child(el, "w:rPr", STYLE_ORDER)
    if spec.font:
        _set_fonts(rpr, _font_pair(theme, spec.font, lang))
    if spec.weight:
        bold = theme.weights[spec.weight] >= 600
        _child(rpr, "w:b", RPR_ORDER).set(qn("w:val"), "1" if bold else "0")
        _child(rpr, "w:bCs", RPR_ORDER).set(qn("w:val"), "1" if bold else "0")
    if spec.color:
        # text designed to sit on a fill would vanish on white paper when the theme has no fills
        _set_color(rpr, theme.colors["ink" if spec.shading and not theme.fills else spec.color])
    _set_lang(rpr, lang)
    shd = rpr.find(qn("w:shd"))
    if shd is not None:
        _fill(shd, theme, spec.shading)
    if spec.type == "table":
        tblpr = el.find(qn("w:tblPr"))
        _recolour_borders(tblpr.find(qn("w:tblBorders")) if tblpr is not None else None,
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
        _recolour_borders(borders, theme.colors["ink"], width_pt=1.5)
    else:
        _recolour_borders(borders, theme.colors[spec.border_color],
                          top=theme.colors[spec.top_color] if spec.top_color else None)
    shd = ppr.find(qn("w:shd"))
    if shd is not None:
        _fill(shd, theme, spec.shading)
    fmt = style.paragraph_format
    if lang == "zh" and spec.zh_justify and fmt.alignment in (None, WD_ALIGN_PARAGRAPH.LEFT):
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if lang == "zh" and spec.zh_indent and not fmt.first_line_indent:
        fmt.first_line_indent = Pt(2 * _style_value(style, lambda s: s.font.size, Pt(10.5)).pt)


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


def _scale_factor(material: Material, kind: str) -> float:
    """How much larger than in reference.docx a kind's type is set on this page, as the PDF scales it."""
    page = material.page
    if kind == "poster":  # with the page width (the PDF sizes poster type in vw)
        return page.width_mm / POSTER_REFERENCE_WIDTH_MM
    if kind == "bulletin":  # by the fourth root of the page area, as generator/bulletin_plan.py sizes box text
        return (page.width_mm * page.height_mm / BULLETIN_REFERENCE_AREA_MM2) ** 0.25
    return HANDOUT_SMALL_SCALE if page.width_mm < 180 else 1.0


def _font_pair(theme: Theme, role: str, lang: str) -> tuple[str, str]:
    """(Latin face, East Asian face); Chinese documents use the SC face for Latin too, as the PDF does."""
    cjk = theme.fonts[f"{role}_cjk"]
    return (cjk if lang == "zh" else theme.fonts[role]), cjk


def _set_fonts(rpr, pair: tuple[str, str]) -> None:
    fonts = _child(rpr, "w:rFonts", RPR_ORDER)
    # theme-font attributes outrank named faces, so a Word-made reference could keep its own
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    latin, east_asian = pair
    for attr, face in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asian), ("cs", latin)):
        fonts.set(qn(f"w:{attr}"), face)


def _set_color(rpr, color: str) -> None:
    el = _child(rpr, "w:color", RPR_ORDER)
    el.attrib.clear()
    el.set(qn("w:val"), color.lstrip("#").upper())


def _set_lang(rpr, lang: str) -> None:
    el = _child(rpr, "w:lang", RPR_ORDER)
    el.set(qn("w:val"), "zh-CN" if lang == "zh" else "en-GB")
    # East Asian text is Simplified Chinese whatever the document's language: SC glyphs, not JP
    el.set(qn("w:eastAsia"), "zh-CN")


def _apply_language(doc, lang: str, theme: Theme) -> None:
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
    font_lang = _child(settings, "w:themeFontLang", SETTINGS_ORDER)
    font_lang.set(qn("w:val"), "zh-CN" if lang == "zh" else "en-GB")
    font_lang.set(qn("w:eastAsia"), "zh-CN")
    # justified English needs hyphenation to avoid rivers, as the PDF hyphenates it
    hyphenate = _child(settings, "w:autoHyphenation", SETTINGS_ORDER)
    hyphenate.set(qn("w:val"), "0" if lang == "zh" else "1")


def _zh_cn_theme(xml: bytes, theme: Theme) -> bytes:
    """The Office theme's East Asian faces: Noto CJK SC rather than a blank that Word fills with MS Mincho."""
    text = xml.decode("utf-8")
    faces = {"majorFont": (theme.fonts["sans"], theme.fonts["sans_cjk"]),
             "minorFont": (theme.fonts["serif"], theme.fonts["serif_cjk"])}
    for block, (latin, cjk) in faces.items():
        start, end = text.index(f"<a:{block}>"), text.index(f"</a:{block}>")
        part = text[start:end]
        part = re.sub(r'<a:latin typeface="[^"]*"', f'<a:latin typeface="{latin}"', part)
        part = re.sub(r'<a:ea typeface="[^"]*"', f'<a:ea typeface="{cjk}"', part)
        part = re.sub(r'<a:font script="Hans" typeface="[^"]*"', f'<a:font script="Hans" typeface="{cjk}"', part)
        text = text[:start] + part + text[end:]
    return text.encode("utf-8")


# --- layout ---------------------------------------------------------------------------------------

def _set_page(section, material: Material) -> None:
    page = material.page
    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    small = material.kind == "handout" and page.width_mm < 180
    top, right, bottom, left = A5_HANDOUT_MARGINS if small else MARGINS[material.kind]
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    section.header_distance = section.footer_distance = Mm(HEADER_DISTANCE_MM[material.kind])
    section.gutter = Mm(0)
    _set_columns(section, 1)


def _set_columns(section, count: int, space_mm: float = 8) -> None:
    sect_pr = section._sectPr
    cols = sect_pr.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        # w:cols sits after the page margins and before the grid settings
        anchor = next((sect_pr.find(qn(t)) for t in ("w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                                                    "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                                                    "w:printerSettings", "w:sectPrChange")
                       if sect_pr.find(qn(t)) is not None), None)
        if anchor is not None:
            anchor.addprevious(cols)
        else:
            sect_pr.append(cols)
    cols.attrib.clear()
    cols.set(qn("w:space"), str(round(space_mm * 1440 / 25.4)))
    if count > 1:
        cols.set(qn("w:num"), str(count))
    for child in list(cols):
        cols.remove(child)


def _running_header_and_footer(section, material: Material, clean: "_Cleaner") -> None:
    header = _empty(section.header)
    text = " · ".join(p for p in (clean(material.organisation, "organisation"), clean(material.title, "title")) if p)
    header.add_paragraph(text, style="PW Header")
    footer = _empty(section.footer)
    paragraph = footer.add_paragraph(style="PW Footer")
    for piece in re.split(r"(\{page\}|\{pages\})", material.labels["page_x_of_y"]):
        if piece == "{page}":
            _field(paragraph, "PAGE", "1")
        elif piece == "{pages}":
            _field(paragraph, "NUMPAGES", "1")
        elif piece:
            paragraph.add_run(piece)


def _poster(doc, material: Material, clean: "_Cleaner") -> None:
    item = material.items[0]
    where = _excerpt_where(item)
    headline = clean(material.headline or material.title, "headline")
    series = clean(material.kicker, "series")
    if series:
        doc.add_paragraph(series, style="PW Poster Series")
    doc.add_paragraph(headline, style="PW Poster Headline")
    quote = [clean(p, where) for p in material.quote]
    _size_quote(doc, material, quote)
    for paragraph in quote:
        doc.add_paragraph(paragraph, style="PW Poster Quote")
    if item.date:
        doc.add_paragraph(clean(item.date, where), style="PW Poster Date")
    if item.source:
        doc.add_paragraph(clean(item.source, where), style="PW Poster Attribution")
    _poster_footer(doc.sections[0], material, clean)


def _size_quote(doc, material: Material, quote: list[str]) -> None:
    """Size the quote to fill the page between headline and attribution, and set its lines exactly.

    The PDF's auto-fit found quote_pt for its own layout; that says how much area the text needs
    per point of size. The DOCX has other margins and chrome, so the size is worked out again for
    the room left here, allowing one part-filled line per paragraph, then scaled down a little
    because LibreOffice and Word set text a little wider than WeasyPrint.
    """
    style = doc.styles["PW Poster Quote"]
    width = _text_width(doc.sections[0]).pt
    cjk = is_cjk("".join(quote))
    line_em = 1.45 if cjk else 1.3
    if material.quote_pt:
        area_per_pt2 = _pdf_quote_area(material) / material.quote_pt ** 2
    else:
        area_per_pt2 = sum(len(p) for p in quote) * _advance_em("".join(quote), bold=True) * line_em
    budget = _quote_budget(doc, material, width)
    # area/width·s² (full lines) + n part-filled lines and n paragraph gaps (0.45 em) <= budget
    n = max(len(quote), 1)
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


def _pdf_quote_area(material: Material) -> float:
    """Width × height (pt²) the PDF poster's quote text may fill, as poster.css lays it out."""
    w, h = material.page.width_pt, material.page.height_pt
    quote_width = 0.84 * w
    item = material.items[0]
    attribution = 0.046 * h + 0.005 * w  # margin above, the short rule and its gap
    lines = (1 if item.date else 0) + math.ceil(len(item.source) * 0.5 * 0.024 * w / quote_width)
    attribution += lines * 0.024 * w * 1.35
    return quote_width * (0.61 * h - 0.07 * w - attribution)


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
    size = _style_value(style, lambda s: s.font.size, Pt(11)).pt
    fmt = style.paragraph_format
    lines = max(1, math.ceil(len(text) * _advance_em(text, bold=True) * size / width))
    spacing = _style_value(style, lambda s: s.paragraph_format.line_spacing, 1.0)
    if fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and hasattr(spacing, "pt"):
        line = spacing.pt
    else:
        line = size * 1.36 * (spacing if isinstance(spacing, float) else 1.0)  # Noto's natural line gap
    height = lines * line
    height += sum(_style_value(style, lambda s, a=attr: getattr(s.paragraph_format, a), Pt(0)).pt
                  for attr in ("space_before", "space_after"))
    borders = style.element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
    if borders is not None:
        for side in ("top", "bottom"):
            edge = borders.find(qn(f"w:{side}"))
            if edge is not None:
                height += int(edge.get(qn("w:space"), "0")) + int(edge.get(qn("w:sz"), "0")) / 8
    return height


def _style_value(style, get, default):
    """A paragraph or font property, looked up through the styles it is based on."""
    while style is not None:
        value = get(style)
        if value is not None:
            return value
        style = style.base_style
    return default


def _advance_em(text: str, bold: bool) -> float:
    """Average advance of a character, in em: CJK is square; Latin text about half as wide."""
    return 1.0 if is_cjk(text) else (0.6 if bold else 0.55)


def _qr_mm(material: Material) -> int:
    return round(material.page.height_mm * 0.07)


def _poster_footer(section, material: Material, clean: "_Cleaner") -> None:
    """Organisation and date in the page footer, so they stay at the foot whatever the quote's length."""
    lines = [(clean(material.organisation, "organisation"), True), (clean(material.date, "date"), False)]
    lines = [(text, strong) for text, strong in lines if text]
    if not lines and not material.qr:
        return
    footer = _empty(section.footer)
    if material.qr:
        width = section.page_width - section.left_margin - section.right_margin
        qr_mm = _qr_mm(material)
        table = footer.add_table(1, 2, width)
        table.autofit = False
        text_cell, qr_cell = table.rows[0].cells
        text_cell.width = width - Mm(qr_mm + 4)
        qr_cell.width = Mm(qr_mm + 4)
        table.columns[0].width, table.columns[1].width = text_cell.width, qr_cell.width
        container = text_cell
        _empty(text_cell)
        picture = _empty(qr_cell).add_paragraph(style="PW Poster QR")
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


def _handout(doc, material: Material, clean: "_Cleaner") -> None:
    labels = material.labels
    zh = material.lang == "zh"
    section = doc.sections[0]
    _running_header_and_footer(section, material, clean)
    title = clean(material.title, "title")
    series = clean(material.kicker, "series")
    if series:
        doc.add_paragraph(series, style="PW Subtitle")
    doc.add_paragraph(title, style="PW Title")
    org, date = clean(material.organisation, "organisation"), clean(material.date, "date")
    if org or date:
        byline = doc.add_paragraph(style="PW Byline")
        if org:
            byline.add_run(org, style="PW Strong")
        byline.add_run(" · " if org and date else "")
        byline.add_run(date or "")
    rows = [(label, clean(value, "meeting details")) for label, value in material.meeting.rows(labels)]
    if rows:
        _meeting_table(doc, rows, section)
    for paragraph in material.intro:
        doc.add_paragraph(clean(paragraph, "intro"), style="PW Intro")
    for item in material.items:
        _handout_item(doc, item, clean, zh)
    for paragraph in material.outro:
        doc.add_paragraph(clean(paragraph, "outro"), style="PW Outro")
    if material.questions:
        doc.add_paragraph(labels["discussion_questions"], style="PW Heading")
        for number, question in enumerate(material.questions, start=1):
            line = doc.add_paragraph(style="PW Question")
            line.add_run(str(number), style="PW Question Number")
            line.add_run("\t" + clean(question, f"question {number}"))
    if material.notes:
        doc.add_paragraph(labels["notes"], style="PW Heading")
        _notes_table(doc, material, section)
    if material.sign_in > 0:
        doc.add_paragraph(labels["sign_in"], style="PW Sign-in Heading")
        details = doc.add_paragraph(style="PW Sign-in Details")
        details.add_run(title, style="PW Strong")
        for label, value in rows:
            details.add_run(f" · {label}{'：' if zh else ': '}{value}")
        _sign_in_table(doc, material, section)


def _meeting_table(doc, rows: list[tuple[str, str]], section) -> None:
    """Date, time, venue and host four across (two by two on A5), each label over its value."""
    across = min(len(rows), 2 if section.page_width < Mm(180) else 4)
    lines = [rows[i:i + across] for i in range(0, len(rows), across)]
    table = doc.add_table(len(lines), across, style="PW Meeting Table")
    _table_look(table, header=False)
    _column_widths(table, [Length(_text_width(section) // across)] * across)
    for row, line in zip(table.rows, lines):
        for cell, (label, value) in zip(row.cells, line):
            _empty(cell).add_paragraph(label, style="PW Meeting Label")
            cell.add_paragraph(value, style="PW Meeting Details")
        for cell in row.cells[len(line):]:
            _empty(cell).add_paragraph(style="PW Meeting Details")


def _handout_item(doc, item: Item, clean: "_Cleaner", zh: bool) -> None:
    where = _excerpt_where(item)
    last = None
    for index, text in enumerate([clean(p, where) for p in item.paragraphs] or [""]):
        if index == 0:
            last = doc.add_paragraph(style="PW Excerpt First")
            # the number hangs in the margin: the hanging indent is the tab's stop
            last.add_run(f"\u00a0{item.number}\u00a0", style="PW Excerpt Number")
            last.add_run("\t" + text)
        else:
            last = doc.add_paragraph(text, style="PW Excerpt Text")
    if item.date or item.source:
        # the attribution must not start a page alone
        last.paragraph_format.keep_with_next = True
        line = doc.add_paragraph("——" if zh else "— ", style="PW Attribution")
        if item.date:
            line.add_run(clean(item.date, where), style="PW Strong")
        if item.date and item.source:
            line.add_run("，" if zh else " · ")
        if item.source:
            line.add_run(clean(item.source, where))


def _notes_table(doc, material: Material, section) -> None:
    """Ruled lines as table rows: LibreOffice won't keep a heading with a run of bordered
    paragraphs (it merges their borders into one block), but keeps it with a table."""
    table = doc.add_table(material.note_lines, 1, style="PW Notes Table")
    _table_look(table, header=False)
    _column_widths(table, [_text_width(section)])
    for number, row in enumerate(table.rows, start=1):
        _row_properties(row, Mm(material.note_line_mm), header=False, exact=True)
        line = _empty(row.cells[0]).add_paragraph(style="PW Notes Line")
        # the block moves to the next page whole rather than leave a line behind
        line.paragraph_format.keep_with_next = number < material.note_lines


def _sign_in_table(doc, material: Material, section) -> None:
    labels = material.labels
    table = doc.add_table(material.sign_in + 1, 4, style="PW Sign-in Table")
    _table_look(table, header=True)
    width = _text_width(section)
    number_width = Mm(11)
    name, department = Length(int(width * 0.27)), Length(int(width * 0.30))
    _column_widths(table, [number_width, name, department, Length(width - number_width - name - department)])
    for index, row in enumerate(table.rows):
        _row_properties(row, Mm(8 if index == 0 else SIGN_IN_ROW_MM), header=index == 0)
        cells = row.cells
        if index == 0:
            for cell, key in zip(cells, ("no", "name", "department", "signature")):
                _empty(cell).add_paragraph(labels[key], style="PW Table Heading")
            continue
        _empty(cells[0]).add_paragraph(str(index), style="PW Table Number")
        for cell in cells[1:]:
            _empty(cell).add_paragraph(style="PW Table Text")
        for cell in cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _bulletin(doc, material: Material, clean: "_Cleaner") -> None:
    zh = material.lang == "zh"
    section = doc.sections[0]
    _running_header_and_footer(section, material, clean)
    slogan = clean(material.slogan, "slogan")
    plan = plan_bulletin(material)
    # A sheet the PDF's plan finds full (at its base type size) leaves no room under its columns:
    # its slogan band goes in the page footer (which the columns' section inherits), where the
    # boxes cannot push it onto a page alone.
    full = plan.em == plan.foot_em and plan.fill > FULL_SHEET_FILL
    if slogan and full:
        section.footer.paragraphs[0].insert_paragraph_before(slogan, style="PW Slogan")
    title = clean(material.title, "title")
    series = clean(material.kicker, "series")
    if series:
        doc.add_paragraph(series, style="PW Masthead Series")
    doc.add_paragraph(title, style="PW Masthead")
    details = [clean(material.issue_label, "issue"), clean(material.date, "date"),
               clean(material.organisation, "organisation")]
    details = [d for d in details if d]
    if details:
        doc.add_paragraph(" · ".join(details), style="PW Masthead Details")
    columns = doc.add_section(WD_SECTION.CONTINUOUS)
    _set_columns(columns, material.columns)
    for index, item in enumerate(material.items):
        if index:
            doc.add_paragraph(style="PW Box Gap")
        _bulletin_item(doc, item, clean, zh)
    dated = sorted((i for i in material.items if i.iso_date), key=lambda i: i.iso_date)
    if dated:
        doc.add_paragraph(material.labels["timeline"], style="PW Bulletin Heading")
        for item in dated:
            where = _excerpt_where(item)
            line = doc.add_paragraph(style="PW Timeline")
            line.add_run(clean(item.date, where), style="PW Strong")
            if item.source:
                line.add_run(f" — {clean(item.source, where)}")
    if not full:
        # a continuous break after the columns makes Word and LibreOffice balance them
        band = doc.add_section(WD_SECTION.CONTINUOUS)
        _set_columns(band, 1)
        if slogan:
            doc.add_paragraph(slogan, style="PW Slogan")


def _bulletin_item(doc, item: Item, clean: "_Cleaner", zh: bool) -> None:
    """One box: number and date, the text, the occasion; short boxes never split across columns."""
    where = _excerpt_where(item)
    paragraphs = [clean(p, where) for p in item.paragraphs] or [""]
    keep_whole = sum(len(p) for p in paragraphs) <= BOX_KEEP_CHARS
    head = doc.add_paragraph(style="PW Box Heading")
    head.add_run(f"\u00a0{item.number}\u00a0", style="PW Excerpt Number")
    if item.date:
        head.add_run("\u2002")
        head.add_run(clean(item.date, where), style="PW Strong")
    text = None
    for index, paragraph in enumerate(paragraphs):
        text = doc.add_paragraph(paragraph, style="PW Box")
        if keep_whole and index < len(paragraphs) - 1:
            text.paragraph_format.keep_with_next = True
    if item.source:
        # the occasion must not start a column alone
        text.paragraph_format.keep_with_next = True
        doc.add_paragraph(f"{'——' if zh else '—'} {clean(item.source, where)}", style="PW Box Attribution")


# --- document properties ----------------------------------------------------------------------------

def _set_properties(doc, material: Material, clean: "_Cleaner") -> None:
    props = doc.core_properties
    props.title = clean(material.title, "title") or ""
    props.subject = clean(material.series or material.headline, "series") or ""
    props.author = props.last_modified_by = clean(material.organisation, "organisation") or ""
    props.keywords = clean(", ".join(material.keywords), "keywords") or ""
    props.language = "zh-CN" if material.lang == "zh" else "en-GB"
    props.comments = "Made with presswork"
    props.category = material.kind


# --- small helpers --------------------------------------------------------------------------------

class _Cleaner:
    """Removes characters XML cannot hold, remembering where, so the user hears which excerpt had them."""

    def __init__(self) -> None:
        self.removed: dict[str, list[str]] = {}
        self.seen: set[tuple[str, str]] = set()  # a title printed twice is reported once

    def __call__(self, text: str | None, where: str) -> str | None:
        if not text:
            return text
        found = XML_INVALID_RE.findall(text)
        if not found:
            return text
        if (where, text) not in self.seen:
            self.seen.add((where, text))
            self.removed.setdefault(where, []).extend(found)
        return XML_INVALID_RE.sub("", text)

    def warnings(self) -> list[str]:
        out = []
        for where, chars in self.removed.items():
            codes = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(chars))
            n = len(chars)
            out.append(f"{where}: removed {n} character{'s' if n != 1 else ''} XML cannot hold ({codes})")
        return out


def _excerpt_where(item: Item) -> str:
    return f"excerpt '{item.ref.strip().split(':')[0]}'"


def _clear_body(doc) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _empty(container):
    """A header, footer or cell with its placeholder paragraph removed, ready for add_paragraph()."""
    element = container._element
    for child in list(element):
        if child.tag in (qn("w:p"), qn("w:tbl")):
            element.remove(child)
    return container


def _child(parent, tag: str, order: tuple[str, ...]):
    """The `tag` child of `parent`, created in its schema position if missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    later = order[order.index(tag) + 1:]
    for sibling in parent:
        if sibling.tag in {qn(t) for t in later}:
            sibling.addprevious(element)
            return element
    parent.append(element)
    return element


def _border(side: str, width_pt: float, space_pt: float):
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(round(width_pt * 8)))
    el.set(qn("w:space"), str(round(space_pt)))
    el.set(qn("w:color"), "000000")
    return el


def _recolour_borders(borders, color: str, width_pt: float | None = None, top: str | None = None) -> None:
    if borders is None:
        return
    for side in borders:
        if side.get(qn("w:val")) not in (None, "nil", "none"):
            side.attrib.pop(qn("w:themeColor"), None)
            edge = top if top and side.tag == qn("w:top") else color
            side.set(qn("w:color"), edge.lstrip("#").upper())
            if width_pt is not None:
                side.set(qn("w:sz"), str(round(width_pt * 8)))


def _shading(fill: str):
    el = OxmlElement("w:shd")
    el.set(qn("w:val"), "clear")
    el.set(qn("w:color"), "auto")
    el.set(qn("w:fill"), fill)
    return el


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A PAGE or NUMPAGES field as fldChar runs, which Word and LibreOffice both update."""
    def run_with(child):
        run = paragraph.add_run()
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _text_width(section) -> Length:
    return Length(section.page_width - section.left_margin - section.right_margin)


def _column_widths(table, widths) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _table_look(table, header: bool) -> None:
    """Which conditional parts of the table style apply: only the header row, when there is one."""
    tblpr = table._tbl.tblPr
    look = _child(tblpr, "w:tblLook", TBLPR_ORDER)
    look.attrib.clear()
    flags = {"firstRow": header, "lastRow": False, "firstColumn": False, "lastColumn": False,
             "noHBand": True, "noVBand": True}
    value = (0x20 if header else 0) | 0x200 | 0x400
    look.set(qn("w:val"), f"{value:04X}")
    for name, on in flags.items():
        look.set(qn(f"w:{name}"), "1" if on else "0")


def _row_properties(row, height, header: bool, exact: bool = False) -> None:
    """Rows never split across pages; the header row repeats on every page."""
    trpr = row._tr.get_or_add_trPr()
    _child(trpr, "w:cantSplit", TRPR_ORDER)
    row.height = height
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST
    if header:
        _child(trpr, "w:tblHeader", TRPR_ORDER)


def _normalise_zip(data: bytes, rewrite: dict) -> bytes:
    """The same bytes on every run: fixed timestamps and order; `rewrite` edits named members."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename in rewrite:
                blob = rewrite[info.filename](blob)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), blob,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _reference_samples(doc) -> None:
    """One sample paragraph per style in the reference document, to restyle in Word."""
    doc.add_paragraph("presswork reference document", style="PW Title")
    doc.add_paragraph("Change a PW style here (Modify Style in Word, Edit Style in LibreOffice) and save "
                      "this file as templates/reference.docx in your workspace: every DOCX presswork writes "
                      "then uses it. Colours and fonts come from the theme (--theme); sizes, spacing and "
                      "borders come from here. Poster styles are sized for A3 and bulletin styles for A3 "
                      "sheets; larger pages scale them.", style="PW Excerpt Text")
    for spec in STYLES:
        sample = f"{spec.name}: {spec.description}"
        if spec.type == "paragraph":
            doc.add_paragraph(sample, style=spec.name)
        elif spec.type == "character":
            paragraph = doc.add_paragraph(style="PW Excerpt Text")
            paragraph.add_run(spec.name, style=spec.name)
            paragraph.add_run(f": {spec.description}")
        else:
            doc.add_paragraph(sample, style="PW Excerpt Text")
            table = doc.add_table(2, 2, style=spec.name)
            _table_look(table, header=bool(spec.header_shading))
            for row in table.rows:
                for cell in row.cells:
                    _empty(cell).add_paragraph("Sample", style="PW Table Text")
