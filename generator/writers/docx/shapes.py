"""Page-anchored shapes: a rectangle placed on the page, filled or not, holding text or not (DrawingML wps).

The poster's headline band is one: a table cannot hold it on the large sizes, since LibreOffice
reads no table wider than 32767 twips (578 mm: A1 and A0 pages are wider) and sets such a table to
the text column's width instead. A shape's lengths are EMUs, with no such limit, and its text box
centres its lines in the band and keeps them off its edges as the PDF's padding does.
"""

from __future__ import annotations

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

EMU_PER_PT = 12700
_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')
_SHAPE_URI = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def emu(pt: float) -> int:
    return round(pt * EMU_PER_PT)


def page_rectangle(anchor: Paragraph, box: tuple[float, float, float, float], fill: str | None, name: str,
                   padding: tuple[float, float, float, float] | None = None, behind: bool = True):
    """A rectangle at `box` (x, y, width, height in pt from the page's top left corner), anchored in the
    paragraph `anchor` and drawn behind the text; filled with `fill` ("RRGGBB") or not. With `padding`
    (left, top, right, bottom in pt) it is a text box whose lines stand in its middle, and its content
    (w:txbxContent) is returned for box_paragraph to fill."""
    x, y, width, height = (emu(v) for v in box)
    paint = f'<a:solidFill><a:srgbClr val="{fill.lstrip("#").upper()}"/></a:solidFill>' if fill else "<a:noFill/>"
    text = body = text_box = ""
    if padding is not None:
        left, top, right, bottom = (emu(v) for v in padding)
        text, text_box = "<wps:txbx><w:txbxContent/></wps:txbx>", ' txBox="1"'
        body = (f' wrap="square" lIns="{left}" tIns="{top}" rIns="{right}" bIns="{bottom}" anchor="ctr"')
    shape_id = anchor.part.next_id
    xml = (
        f'<w:r {_NS}><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{shape_id}" '
        f'behindDoc="{int(behind)}" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{shape_id}" name="{name}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{_SHAPE_URI}"><wps:wsp>'
        f'<wps:cNvSpPr{text_box}/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{paint}<a:ln><a:noFill/></a:ln></wps:spPr>'
        f'{text}<wps:bodyPr rot="0" vert="horz"{body}><a:noAutofit/></wps:bodyPr>'
        '</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>'
    )
    run = parse_xml(xml)
    anchor._p.append(run)
    return run.find(".//" + qn("w:txbxContent")) if padding is not None else None


def box_paragraph(content, anchor: Paragraph, style: str, text: str = "") -> Paragraph:
    """A paragraph of `style` (and `text`) at the end of a text box's content."""
    paragraph = Paragraph(OxmlElement("w:p"), anchor._parent)
    content.append(paragraph._p)
    paragraph.style = style
    if text:
        paragraph.add_run(text)
    return paragraph
