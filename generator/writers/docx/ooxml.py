"""OOXML helpers python-docx lacks: schema order kept as data, borders, fills, fields, tables, a reproducible zip."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from typing import Callable

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length

# Schema order of the children this package adds; Word refuses files whose children are out of order.
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
# w:cols sits after the page margins and before these in a w:sectPr
SECTPR_AFTER_COLS = ("w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
                     "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
PBDR_SIDES = ("top", "left", "bottom", "right")
TABLE_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")

ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=timezone.utc)  # the earliest time a zip entry can carry...
ZIP_END = datetime(2107, 12, 31, 23, 59, 58, tzinfo=timezone.utc)  # ...and the latest
ZIP_PERMISSIONS = 0o600 << 16  # what zipfile gives a member written by name, on every platform
ZIP_UNIX = 3  # "made by" Unix, whatever system wrote it


def child(parent, tag: str, order: tuple[str, ...]):
    """The `tag` child of `parent`, created in its schema position if missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    later = {qn(t) for t in order[order.index(tag) + 1:]}
    for sibling in parent:
        if sibling.tag in later:
            sibling.addprevious(element)
            return element
    parent.append(element)
    return element


def border(side: str, width_pt: float, space_pt: float):
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(round(width_pt * 8)))
    el.set(qn("w:space"), str(round(space_pt)))
    el.set(qn("w:color"), "000000")
    return el


def recolour_borders(borders, color: str, width_pt: float | None = None, top: str | None = None) -> None:
    """Every drawn side of a w:pBdr or w:tblBorders in `color` (the top one in `top`, if given)."""
    if borders is None:
        return
    for side in borders:
        if side.get(qn("w:val")) not in (None, "nil", "none"):
            side.attrib.pop(qn("w:themeColor"), None)
            edge = top if top and side.tag == qn("w:top") else color
            side.set(qn("w:color"), edge.lstrip("#").upper())
            if width_pt is not None:
                side.set(qn("w:sz"), str(round(width_pt * 8)))


def shading(fill: str):
    el = OxmlElement("w:shd")
    el.set(qn("w:val"), "clear")
    el.set(qn("w:color"), "auto")
    el.set(qn("w:fill"), fill)
    return el


def field(paragraph, instruction: str, placeholder: str) -> None:
    """A PAGE or NUMPAGES field as fldChar runs, which Word and LibreOffice both update."""
    def run_with(element):
        run = paragraph.add_run()
        run._r.append(element)

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


def empty(container):
    """A header, footer or cell with its placeholder paragraph removed, ready for add_paragraph()."""
    element = container._element
    for node in list(element):
        if node.tag in (qn("w:p"), qn("w:tbl")):
            element.remove(node)
    return container


def clear_body(doc) -> None:
    """Everything in the body but its closing section properties."""
    body = doc.element.body
    for node in list(body):
        if node.tag != qn("w:sectPr"):
            body.remove(node)


def set_columns(section, count: int, space_mm: float = 8) -> None:
    sect_pr = section._sectPr
    cols = sect_pr.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        anchor = next((sect_pr.find(qn(t)) for t in SECTPR_AFTER_COLS if sect_pr.find(qn(t)) is not None), None)
        if anchor is not None:
            anchor.addprevious(cols)
        else:
            sect_pr.append(cols)
    cols.attrib.clear()
    cols.set(qn("w:space"), str(round(space_mm * 1440 / 25.4)))
    if count > 1:
        cols.set(qn("w:num"), str(count))
    for node in list(cols):
        cols.remove(node)


def text_width(section) -> Length:
    return Length(section.page_width - section.left_margin - section.right_margin)


def column_widths(table, widths) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def table_look(table, header: bool) -> None:
    """Which conditional parts of the table style apply: only the header row, when there is one."""
    tblpr = table._tbl.tblPr
    look = child(tblpr, "w:tblLook", TBLPR_ORDER)
    look.attrib.clear()
    flags = {"firstRow": header, "lastRow": False, "firstColumn": False, "lastColumn": False,
             "noHBand": True, "noVBand": True}
    value = (0x20 if header else 0) | 0x200 | 0x400
    look.set(qn("w:val"), f"{value:04X}")
    for name, on in flags.items():
        look.set(qn(f"w:{name}"), "1" if on else "0")


def row_properties(row, height, header: bool, exact: bool = False) -> None:
    """Rows never split across pages; the header row repeats on every page."""
    trpr = row._tr.get_or_add_trPr()
    child(trpr, "w:cantSplit", TRPR_ORDER)
    row.height = height
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST
    if header:
        child(trpr, "w:tblHeader", TRPR_ORDER)


def style_value(style, get, default):
    """A paragraph or font property, looked up through the styles it is based on."""
    while style is not None:
        value = get(style)
        if value is not None:
            return value
        style = style.base_style
    return default


def normalise_zip(data: bytes, rewrite: dict[str, Callable[[bytes], bytes]] | None = None,
                  moment: datetime | None = None) -> bytes:
    """The same bytes on every run and platform: members in the order python-docx wrote them, each
    stamped `moment` (UTC; 1980-01-01 if not given), with fixed permissions and compression;
    `rewrite` edits named members on the way."""
    rewrite = rewrite or {}
    stamp = min(max((moment or ZIP_EPOCH).astimezone(timezone.utc), ZIP_EPOCH), ZIP_END).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename in rewrite:
                blob = rewrite[info.filename](blob)
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.create_system = ZIP_UNIX
            member.external_attr = ZIP_PERMISSIONS
            dst.writestr(member, blob, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
