"""The DOCX writer as a Word or LibreOffice user meets it: styles, text in order, pages, fields, CJK."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from generator.cli import cli
from generator.content.selection import Selection
from generator.content.workspace import Workspace
from generator.materials.material import Material, compose
from generator.materials.options import RenderOptions
from generator.materials.themes import load_theme
from generator.resources import BUILTIN_DIR, Resources
from generator.writers.docx import write_docx
from generator.materials.plans.bulletin import plan_bulletin
from generator.writers.docx.bulletin_boxes import half_point_up
from generator.materials.plans.handout import note_lines_min
from generator.writers.docx.catalogue import STYLE_TYPES, STYLES
from generator.writers.docx.handout import DOCX_NOTE_SLACK
from generator.writers.docx.reference import build_reference_docx
from tests import engine as pipeline
from tests.engine import reference
from tests.test_bulletin import long_collection
from tests.conftest import REPO, SAMPLE, make_workspace
from tests.conftest import ZH_SAMPLE as ZH
from tests.docx_helpers import (
    blocks, body_text, convert_to_pdf, fonts_of, glyphs_by_font, in_order, open_docx, part_xml, pdf_pages,
    rpr_attr, story_text,
)

ORG = "Acme Works"
QUESTIONS = ("What would you change first?", "Who checks the site on Monday?")


LONG = textwrap.dedent("""\
    title: Long passages
    series: Safety Production Month
    lang: en
    excerpts:
      - id: 2013-07-18-responsibility
        date: 2013-07-18
        source: Important speech on work safety at the 28th Standing Committee of the Political Bureau
        text: |
          Party committees and governments at all levels should enhance their sense of responsibility.
          To implement the safety production responsibility system, it is necessary to implement the
          direct supervision of the competent industry department, the comprehensive supervision of the
          safety supervision department, and the territorial supervision of the local government, and
          insist that the management of the industry must manage safety, the management of the business
          must manage safety, and the management of production must manage safety. Irresponsibility when
          it is time to take responsibility will affect the prestige of the party and the government. To
          be a leading cadre is to have a sense of responsibility. Why do I often talk about bottom-line
          thinking? It is to be fully prepared, to be wary of fear, to have a sense of urgency, what will
          happen if something happens, and then to be on guard against what happens. When a cadre, don't
          be so dashing, and always be afraid of things. This is a responsible attitude. You must often be
          unable to sleep or wake up in the middle of the night. If you are too dashing as an official,
          something will happen. Make it clear to the cadres: when a cadre is responsible, the
          responsibility is heavier than Mount Tai; when a cadre is risky, don't fantasize about being a
          peace officer.
    """)

HANDOUT_EN = dict(org=ORG, meeting_date="2026-06-12", time="14:30-16:00", venue="Room 301", host="Ms Li",
                  questions=QUESTIONS, sign_in=40)

# name: (kind, collection, refs, options); every file here is also opened by LibreOffice, once
CASES = {
    "poster-en-a3": ("poster", "sample", ("2013-06-06-human-life",),
                     dict(size="A3", org=ORG, date="June 2026", qr="https://example.org/safety")),
    "poster-long-a3": ("poster", "long", ("2013-07-18-responsibility",),
                       dict(size="A3", org=ORG, date="June 2026", qr="https://example.org/safety")),
    "poster-long-a4": ("poster", "long", ("2013-07-18-responsibility",), dict(size="A4", org=ORG)),
    "poster-zh-a3": ("poster", "zh", ("2013-06-06-renming",), dict(size="A3", org="某某公司", date="2026年6月")),
    "poster-unfitted-a4": ("poster", "sample", ("2013-07-18-responsibility",), dict(size="A4")),
    "handout-en": ("handout", "sample", (), HANDOUT_EN),
    "handout-zh": ("handout", "zh", (), dict(org="某某公司", meeting_date="2026年6月12日", venue="三楼会议室",
                                              sign_in=12)),
    "bulletin-en": ("bulletin", "sample", (), dict(size="A3", landscape=True, issue="6", date="June 2026",
                                                    org=ORG, slogan="Safety first, life above all")),
    "bulletin-zh-mono": ("bulletin", "zh", (), dict(theme="mono", issue="6", org="某某公司")),
    # what make demo builds: the shipped campaign, with the masthead details presswork.toml adds
    "bulletin-shipped": ("bulletin", "shipped", (), dict(issue="6", date="June 2026", title="Safety Production Month",
                                                          org="Riverside Works · Safety Office",
                                                          slogan="Safety first, life above all")),
    # more than a sheet holds: later sheets, an undated excerpt, and the QR code at the foot
    "bulletin-sheets": ("bulletin", "notes", (), dict(size="A3", landscape=True, issue="7", org=ORG,
                                                      qr="https://example.org/notes")),
}


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Workspace:
    root = make_workspace(tmp_path_factory.mktemp("docx-ws"),
                          {"content/sample.yaml": SAMPLE, "content/zh.yaml": ZH, "content/long.yaml": LONG,
                           "content/notes.yaml": long_collection(),
                           "content/shipped.yaml": (REPO / "content/safety-production-month.yaml").read_text("utf-8")})
    return Workspace.open(root)


def material(ws: Workspace, kind: str, collection: str, refs=(), fit: bool = True, **options) -> Material:
    """The same Material the CLI would give both writers; posters get the PDF's auto-fit size."""
    passages = pipeline.choose_passages(ws, kind, Selection(refs=tuple(refs), collection=collection))
    m = compose(kind, passages, RenderOptions(**options), pipeline.theme_for(ws, options.get("theme")))
    if kind == "poster" and fit:
        m, _ = pipeline.fit(ws, m)
    return m


@pytest.fixture(scope="module")
def built(ws) -> dict[str, tuple[Material, bytes, list[str]]]:
    out = {}
    for name, (kind, collection, refs, options) in CASES.items():
        m = material(ws, kind, collection, refs, fit=name != "poster-unfitted-a4", **options)
        data, warnings = write_docx(m, reference(ws.templates_dir))
        out[name] = (m, data, warnings)
    return out


def cjk_probe(face: str) -> bytes:
    """Chinese set in one named face, regular and bold, to learn which glyphs LibreOffice uses for it."""
    document = docx.Document()
    for bold in (False, True):
        run = document.add_paragraph().add_run(ZH_PROBE)
        run.bold = bold
        fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("ascii", "hAnsi", "eastAsia"):
            fonts.set(qn(f"w:{attr}"), face)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


ZH_PROBE = "人命关天发展决不能以牺牲的生命为代价这必须作一条可逾越红线当前全国正在复工产要加强监管"


@pytest.fixture(scope="module")
def lo(built, tmp_path_factory) -> dict[str, Path]:
    """Every built DOCX (and two glyph probes) as LibreOffice prints it, in one soffice run."""
    folder = tmp_path_factory.mktemp("docx-lo")
    files = []
    for name, (_, data, _) in built.items():
        files.append(folder / f"{name}.docx")
        files[-1].write_bytes(data)
    for face in ("SC", "JP"):
        files.append(folder / f"probe-{face}.docx")
        files[-1].write_bytes(cjk_probe(f"Noto Serif CJK {face}"))
    return convert_to_pdf(files, folder / "pdf", tmp_path_factory.mktemp("lo-profile"))


def expected_text(m: Material) -> list[str]:
    """What the PDF prints, in its order, from the same Material."""
    labels = m.labels
    if m.kind == "poster":
        item = m.items[0]
        return [m.headline, *m.quote, item.date, item.source, m.organisation or "", m.date or ""]
    if m.kind == "handout":
        text = [m.series, m.title, *(v for row in m.meeting.rows(labels) for v in row), *m.intro]
        for item in m.items:
            text += [str(item.number), *item.paragraphs, item.date, item.source]
        text += [*m.outro, labels["discussion_questions"] if m.questions else "", *m.questions]
        text += [labels["notes"] if m.notes else ""]
        if m.sign_in:
            text += [labels["sign_in"], labels["no"], labels["name"], labels["department"], labels["signature"]]
        return text
    plan = plan_bulletin(m)
    text = [m.title, m.issue_label or "", plan.hero.text if plan.hero else ""]
    for page in plan.pages:
        for region in page:
            for i in region.items:
                box = plan.boxes[i]
                text += [str(box.number), box.head, *box.paragraphs, box.source,
                         labels["full_text"] if box.more else ""]
    text += [labels["timeline"] if plan.timeline else ""]
    # each stop's date and its whole label
    text += [part for row, names in zip(plan.timeline, plan.stop_labels) for i, name in zip(row, names)
             for part in (i.date, name)]
    return text + [m.slogan or ""]


def hex_of(color: str) -> str:
    return color.lstrip("#").upper()


# --- the reference document ---------------------------------------------------------------------------

def test_reference_docx_says_zh_cn_for_east_asian_text():
    data = (BUILTIN_DIR / "reference.docx").read_bytes()
    settings = part_xml(data, "word/settings.xml")
    assert re.search(r'<w:themeFontLang [^>]*w:eastAsia="zh-CN"', settings)
    for part in ("word/settings.xml", "word/styles.xml", "word/theme/theme1.xml"):
        assert "ja-JP" not in part_xml(data, part), part
    theme = part_xml(data, "word/theme/theme1.xml")
    assert '<a:ea typeface="Noto Serif CJK SC"/>' in theme and '<a:ea typeface="Noto Sans CJK SC"/>' in theme
    styles = part_xml(data, "word/styles.xml")
    defaults = styles[styles.index("<w:docDefaults>"):styles.index("</w:docDefaults>")]
    assert 'w:eastAsia="zh-CN"' in defaults and 'w:eastAsia="Noto Serif CJK SC"' in defaults
    document = open_docx(data)
    for spec in STYLES:
        assert spec.name in document.styles, spec.name
        assert document.styles[spec.name].type == STYLE_TYPES[spec.type], spec.name


def test_reference_docx_is_what_the_script_makes_every_time():
    theme = load_theme(pipeline.DEFAULT_THEME, Resources())
    first, second = build_reference_docx(theme), build_reference_docx(theme)
    assert first == second
    assert first == (REPO / "templates" / "reference.docx").read_bytes(), \
        "templates/reference.docx is stale: run scripts/make_reference_docx.py"


# --- styles, not direct formatting ------------------------------------------------------------------

def test_handout_paragraphs_and_tables_use_pw_styles(built):
    _, data, warnings = built["handout-en"]
    document = open_docx(data)
    assert warnings == []
    tables = [b for b in blocks(document) if isinstance(b, Table)]
    paragraphs = [b for b in blocks(document) if not isinstance(b, Table)]
    names = {s.name for s in STYLES}
    # a paragraph in the document's other language takes its style's language variant, based on it
    variants = {f"{n} {lang}" for n in names for lang in ("Chinese", "English")}
    assert {p.style.name for p in paragraphs} <= names | variants
    for p in paragraphs:
        if p.style.name in variants:
            assert p.style.base_style.name in names, p.style.name
    assert [t.style.name for t in tables] == ["PW Meeting Table", "PW Notes Table", "PW Sign-in Table"]
    for t in tables:
        cells = [p.style.name for row in t.rows for cell in row.cells for p in cell.paragraphs]
        assert all(name.startswith("PW ") for name in cells)


def test_runs_carry_only_a_character_style(built):
    """Colours, fonts and sizes live on styles; a run at most names a character style."""
    for name, (_, data, _) in built.items():
        document = open_docx(data)
        section = document.sections[0]
        for story in (document.element.body, section.header._element, section.footer._element):
            for rpr in story.iter(qn("w:rPr")):
                if rpr.getparent().tag != qn("w:r"):
                    continue
                assert [child.tag for child in rpr] in ([], [qn("w:rStyle")]), name


def test_styles_take_fonts_and_colours_from_the_theme(built):
    m, data, _ = built["handout-en"]
    styles = open_docx(data).styles
    fonts, colors = m.theme.fonts, m.theme.colors
    assert fonts_of(styles["PW Excerpt Text"]) == {"ascii": fonts["serif"], "hAnsi": fonts["serif"],
                                                   "eastAsia": fonts["serif_cjk"], "cs": fonts["serif"]}
    assert fonts_of(styles["PW Heading"])["eastAsia"] == fonts["sans_cjk"]
    assert fonts_of(styles["PW Heading"])["ascii"] == fonts["sans"]
    assert rpr_attr(styles["PW Attribution"].element, "w:color") == hex_of(colors["muted"])
    assert rpr_attr(styles["PW Excerpt Number"].element, "w:color") == hex_of(colors["accent_ink"])
    assert rpr_attr(styles["PW Excerpt Number"].element, "w:shd", "fill") == hex_of(colors["accent"])
    intro = styles["PW Intro"].element.find(f"{qn('w:pPr')}/{qn('w:shd')}")
    assert intro.get(qn("w:fill")) == hex_of(colors["band"])
    assert styles["PW Title"].font.bold is (m.theme.weights["heading"] >= 600)
    for style in (styles["PW Excerpt Text"], styles["PW Heading"]):
        assert rpr_attr(style.element, "w:lang", "eastAsia") == "zh-CN"
        assert rpr_attr(style.element, "w:lang") == "en-GB"


def test_chinese_styles_name_sc_faces_and_zh_cn(built):
    m, data, _ = built["handout-zh"]
    document = open_docx(data)
    for name in ("PW Excerpt Text", "PW Excerpt First", "PW Title", "PW Header", "PW Footer"):
        style = document.styles[name]
        assert fonts_of(style)["eastAsia"] in (m.theme.fonts["serif_cjk"], m.theme.fonts["sans_cjk"])
        assert "SC" in fonts_of(style)["eastAsia"]
        assert not any(key.endswith("Theme") or key == "cstheme" for key in fonts_of(style)), name
        assert rpr_attr(style.element, "w:lang") == "zh-CN"
        assert rpr_attr(style.element, "w:lang", "eastAsia") == "zh-CN"
    settings = part_xml(data, "word/settings.xml")
    assert re.search(r'<w:themeFontLang w:val="zh-CN" w:eastAsia="zh-CN"/>', settings)
    styles = part_xml(data, "word/styles.xml")
    defaults = styles[styles.index("<w:docDefaults>"):styles.index("</w:docDefaults>")]
    assert 'w:val="zh-CN"' in defaults and 'w:eastAsia="zh-CN"' in defaults


def test_mono_theme_has_no_fills_and_only_black(built):
    _, data, _ = built["bulletin-zh-mono"]
    document = open_docx(data)
    for spec in STYLES:
        element = document.styles[spec.name].element
        assert element.find(f".//{qn('w:shd')}") is None, spec.name
        text = {c.get(qn("w:val")) for c in element.iter(qn("w:color"))}
        borders = {e.get(qn("w:color")) for e in element.iter() if e.get(qn("w:color"))}
        assert text | borders <= {"000000"}, (spec.name, text | borders)


# --- content and order ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(CASES))
def test_text_follows_the_material_in_order(built, name):
    m, data, _ = built[name]
    document = open_docx(data)
    text = body_text(document)
    # a poster's organisation and date, and a bulletin's timeline and slogan band, sit in the page footer
    if m.kind in ("poster", "bulletin"):
        text += "\n" + story_text(document.sections[-1].footer._element)
    assert in_order(text, [t for t in expected_text(m) if t]), name


def test_handout_header_footer_and_page_fields(built):
    for name, pieces in (("handout-en", ["Page ", " of "]), ("handout-zh", ["第", "页 共", "页"])):
        m, data, _ = built[name]
        section = open_docx(data).sections[0]
        assert [p.text for p in section.header.paragraphs] == [m.running_header]
        # page 1 has the title block itself: no running header over it, the page number under it
        assert section.different_first_page_header_footer
        assert story_text(section.first_page_header._element).strip() == ""
        for footer in (section.footer._element, section.first_page_footer._element):
            instructions = [t.text.strip() for t in footer.iter(qn("w:instrText"))]
            assert instructions == ["PAGE", "NUMPAGES"], name
            texts = "".join(t.text for t in footer.iter(qn("w:t")))
            assert in_order(texts, pieces), (name, texts)
            assert [c.get(qn("w:fldCharType")) for c in footer.iter(qn("w:fldChar"))] == \
                ["begin", "separate", "end"] * 2


@pytest.mark.parametrize("name", [n for n in CASES if not n.startswith("handout")])
def test_one_sheet_materials_have_no_running_header_or_page_numbers(built, name):
    """A notice-board sheet or a poster has no running header and no "Page 1 of 1"."""
    _, data, _ = built[name]
    for section in open_docx(data).sections:
        for story in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if story.is_linked_to_previous:
                continue
            assert not list(story._element.iter(qn("w:instrText"))), name
        if not section.header.is_linked_to_previous:
            assert story_text(section.header._element).strip() == "", name


# the handout's margins are handout.css's; a bulletin's its --side (2.4vw), a poster's its 8vw side
@pytest.mark.parametrize("name, size, orientation, margin", [
    ("handout-en", (210, 297), WD_ORIENT.PORTRAIT, 19),
    ("bulletin-en", (420, 297), WD_ORIENT.LANDSCAPE, 10),
    ("bulletin-zh-mono", (420, 297), WD_ORIENT.LANDSCAPE, 10),
    ("poster-en-a3", (297, 420), WD_ORIENT.PORTRAIT, 24),
    ("poster-long-a4", (210, 297), WD_ORIENT.PORTRAIT, 17),
])
def test_page_size_orientation_and_margins(built, name, size, orientation, margin):
    m, data, _ = built[name]
    for section in open_docx(data).sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == size
        assert (round(m.page.width_mm), round(m.page.height_mm)) == size
        assert section.orientation == orientation
        assert round(section.left_margin.mm) == margin


def test_handout_css_sets_the_margins_both_writers_read():
    """One table of handout margins (materials/page.py) for the DOCX and the footer's room; handout.css
    cannot read Python, so this holds its @page margins to it."""
    from generator.materials.page import HANDOUT_MARGINS_MM, HANDOUT_MARGINS_MM_DEFAULT

    css = (REPO / "templates" / "handout.css").read_text("utf-8")
    margins = {name: tuple(float(v) for v in re.findall(r"([\d.]+)mm", value))
               for name, value in re.findall(r"@page(\s+small)?\s*\{[^}]*?margin:\s*([^;]+);", css)}
    expand = lambda m: m + m[1:2] if len(m) == 3 else m   # noqa: E731  (top, sides, bottom)
    assert expand(margins[""]) == HANDOUT_MARGINS_MM_DEFAULT
    assert expand(margins[" small"]) == HANDOUT_MARGINS_MM["A5"]


def test_poster_quote_is_sized_from_the_fit_with_exact_lines(built):
    for name in ("poster-en-a3", "poster-long-a3", "poster-long-a4", "poster-zh-a3"):
        m, data, warnings = built[name]
        quote = open_docx(data).styles["PW Poster Quote"]
        assert 0.75 * m.quote_pt <= quote.font.size.pt <= 1.2 * m.quote_pt, (name, m.quote_pt, quote.font.size.pt)
        assert quote.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert warnings == []
    m, data, _ = built["poster-unfitted-a4"]
    assert m.quote_pt is None
    assert 10 <= open_docx(data).styles["PW Poster Quote"].font.size.pt <= m.page.width_pt / 7


def _font_of(pdf: Path, needle: str) -> str:
    """The name of the font LibreOffice printed the first character of `needle` in."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(str(pdf))
    try:
        textpage = document[0].get_textpage()
        at = textpage.get_text_range().find(needle)
        assert at >= 0, needle
        buffer = ctypes.create_string_buffer(256)
        raw.FPDFText_GetFontInfo(textpage.raw, at, buffer, 256, None)
        return buffer.value.decode()
    finally:
        document.close()


def test_a_long_poster_quote_prints_in_the_body_weight_as_in_the_pdf(built, lo):
    """poster.css sets a quote below 24 pt in the body weight (.quote-long): the DOCX does the same."""
    assert built["poster-long-a4"][0].quote_pt < 24 <= built["poster-en-a3"][0].quote_pt
    assert "Bold" not in _font_of(lo["poster-long-a4"], "Party committees")
    assert "Bold" in _font_of(lo["poster-en-a3"], "Human life")


def test_poster_qr_is_a_png_picture_in_the_footer(built):
    _, data, _ = built["poster-en-a3"]
    document = open_docx(data)
    footer = document.sections[0].footer
    blips = list(footer._element.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip"))
    assert len(blips) == 1
    image = footer.part.related_parts[blips[0].get(qn("r:embed"))]
    assert image.blob.startswith(b"\x89PNG")


def test_poster_styles_scale_with_the_page(built):
    a3 = open_docx(built["poster-en-a3"][1]).styles["PW Poster Headline"].font.size.pt
    a4 = open_docx(built["poster-long-a4"][1]).styles["PW Poster Headline"].font.size.pt
    assert a4 == pytest.approx(a3 * 210 / 297, abs=0.6)


def test_bulletin_follows_the_pdf_plan_region_by_region(built):
    """Each sheet is one table row whose cells are the plan's regions, each holding its boxes whole, in
    order: a PW Box Table each, printing what the plan says the box shows, its text in a table of
    text columns where the plan sets it in columns."""
    for name in ("bulletin-en", "bulletin-shipped", "bulletin-sheets"):
        m, data, _ = built[name]
        document = open_docx(data)
        plan = plan_bulletin(m)
        layouts = [b for b in blocks(document) if isinstance(b, Table) and b._tbl.find(
            f".//{qn('w:tc')}/{qn('w:tbl')}/{qn('w:tblPr')}/{qn('w:tblStyle')}[@{qn('w:val')}='PWBoxTable']")
            is not None]
        assert len(layouts) == len(plan.pages), name
        for layout, page in zip(layouts, plan.pages):
            assert len(layout._tbl.tr_lst) == 1
            cells = layout._tbl.tr_lst[0].tc_lst
            assert len(cells) == len(page)
            for cell, region in zip(cells, page):
                boxes = cell.findall(qn("w:tbl"))
                assert [b.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}").get(qn("w:val")) for b in boxes] == \
                    ["PWBoxTable"] * len(region.items), (name, region)
                for table, i in zip(boxes, region.items):
                    box = plan.boxes[i]
                    expected = [str(box.number), box.head, *box.paragraphs, box.source,
                                m.labels["full_text"] if box.more else ""]
                    assert in_order(story_text(table), [t for t in expected if t]), (name, box.number)
                    # text columns: a table of that many cells inside the box
                    inner = table.findall(f".//{qn('w:tc')}/{qn('w:tbl')}")
                    assert [len(t.tr_lst[0].tc_lst) for t in inner] == \
                        [box.text_columns] * (1 + bool(box.translation)) * (box.text_columns > 1), (name, box.number)
                    # the box's row never splits over two pages
                    assert table.find(f".//{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    box = document.styles["PW Box Table"].element.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")
    assert box.find(qn("w:top")).get(qn("w:color")) == hex_of(m.theme.colors["accent"])
    assert box.find(qn("w:left")).get(qn("w:color")) == hex_of(m.theme.colors["rule"])


def test_bulletin_boxes_are_stretched_to_the_sheets_foot_as_the_pdfs(built):
    """A box's row is at least its estimated height, and the boxes of a region together take the
    room the PDF stretches them to (less the DOCX's margin), so the regions end together."""
    from generator.writers.docx.bulletin import STRETCH
    for name in ("bulletin-shipped", "bulletin-sheets"):
        m, data, _ = built[name]
        plan = plan_bulletin(m)
        document = open_docx(data)
        for page in plan.pages:
            for region in page:
                heights = []
                for i in region.items:
                    box = plan.boxes[i]
                    text = [p for p in document.element.body.iter(qn("w:tbl"))
                            if p.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}") is not None
                            and p.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}").get(qn("w:val")) == "PWBoxTable"
                            and in_order(story_text(p), [str(box.number), *box.paragraphs[:1]])]
                    rows = text[0].tr_lst
                    tall = sum(int(r.find(f"{qn('w:trPr')}/{qn('w:trHeight')}").get(qn("w:val"))) / 20
                               for r in rows if r.find(f"{qn('w:trPr')}/{qn('w:trHeight')}") is not None)
                    assert tall >= (box.height - plan.gap) * 0.8, (name, box.number, tall, box.height)
                    heights.append(tall)
                # the "full text" line's row under a shortened box's is as tall as its line
                room = plan.rooms[plan.pages.index(page)] * STRETCH
                assert 0.9 * room <= sum(heights) + (len(heights) - 1) * plan.gap <= room + 1, (name, region)


def test_bulletin_box_text_is_set_at_the_plans_size(built):
    """Box text is never below the body-type rule (plan.em: 14 pt on A3), and a box the plan sets
    larger is set at its own size, in a style of its own based on PW Box."""
    for name in ("bulletin-en", "bulletin-zh-mono", "bulletin-shipped", "bulletin-sheets"):
        m, data, _ = built[name]
        document = open_docx(data)
        plan = plan_bulletin(m)
        assert document.styles["PW Box"].font.size.pt == half_point_up(plan.em) >= plan.em - 0.001, name
        for box in plan.boxes:
            if box.shows == "none":
                continue
            first = next(p for p in (Paragraph(e, document) for e in document.element.body.iter(qn("w:p")))
                         if p.text and p.text == box.paragraphs[0][:len(p.text)] and p.style.name.startswith("PW Box"))
            style = first.style
            size = style.font.size or style.base_style.font.size
            assert size.pt >= box.pt - 0.01 and size.pt == pytest.approx(box.pt, abs=0.5), (name, box.number)


def test_bulletin_hero_and_mastheads(built):
    """Sheet 1: the masthead, then the hero quote large under it; later sheets a short masthead with
    the title and "Sheet n of N", and sheet 1 says "Sheet 1 of N" too. One sheet: no sheet numbers."""
    for name in ("bulletin-shipped", "bulletin-sheets"):
        m, data, _ = built[name]
        plan = plan_bulletin(m)
        document = open_docx(data)
        body = [Paragraph(p, document) for p in document.element.body.iter(qn("w:p"))]
        hero = [p for p in body if p.style.name.startswith("PW Hero") and not p.style.name.startswith("PW Hero At")]
        assert [p.text for p in hero] == ([plan.hero.text] if plan.hero else []), name
        if plan.hero:
            assert hero[0].style.font.size.pt == pytest.approx(plan.hero.pt, abs=0.5)
            titles = [p for p in body if p.style.name == "PW Masthead"]
            assert body.index(titles[0]) < body.index(hero[0])
        shorts = [p.text for p in body if p.style.name == "PW Masthead Short"]
        assert shorts == [m.title] * (len(plan.pages) - 1), name
        details = [p.text for p in body if p.style.name == "PW Masthead Details"]
        assert plan.numbered == (len(plan.pages) > 1), name
        for label in plan.sheet_labels:
            assert label in details, (name, label)
        if not plan.numbered:
            assert not [d for d in details if "1" in d and ("of" in d or "共" in d)], (name, details)
    assert plan_bulletin(built["bulletin-sheets"][0]).numbered


def test_bulletin_timeline_and_slogan_band_are_the_last_pages_foot(built):
    """The timeline (a line through a dot per stop, each stop's whole label under its date), the QR
    code and the band stand at the foot of the last page."""
    for name in ("bulletin-en", "bulletin-shipped", "bulletin-sheets"):
        m, data, _ = built[name]
        document = open_docx(data)
        plan = plan_bulletin(m)
        footer = document.sections[-1].footer
        texts = [Paragraph(p, footer) for p in footer._element.iter(qn("w:p"))]
        dates = [p.text for p in texts if p.style.name == "PW Timeline"]
        assert dates == [i.date for row in plan.timeline for i in row]
        labels = [p.text for p in texts if p.style.name == "PW Timeline Source" and p.text]
        assert labels[:len(dates)] == [label for row in plan.stop_labels for label in row if label]
        assert len([p for p in texts if p.style.name == "PW Timeline Dot"]) == len(dates)
        assert [p.text for p in texts if p.style.name == "PW Slogan"] == ([m.slogan] if m.slogan else [])
        body = [Paragraph(p, document) for p in document.element.body.iter(qn("w:p"))]
        assert not [p for p in body if p.style.name in ("PW Slogan", "PW Timeline")]
        blips = list(footer._element.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip"))
        assert len(blips) == (1 if plan.qr else 0), name
    assert plan_bulletin(built["bulletin-sheets"][0]).qr


def test_bulletin_undated_box_shows_its_source_in_its_head(built):
    m, data, _ = built["bulletin-sheets"]
    plan = plan_bulletin(m)
    undated = [b for b in plan.boxes if not m.items[b.item].date and b.shows != "none"]
    assert undated
    document = open_docx(data)
    heads = [Paragraph(p, document).text for p in document.element.body.iter(qn("w:p"))
             if Paragraph(p, document).style.name.startswith("PW Box Heading")]
    assert all(h.strip() for h in heads)
    for box in undated:
        assert box.head and any(h.strip().startswith(str(box.number)) and box.head in h for h in heads)


def test_sign_in_table_repeats_its_header_and_rows_never_split(ws):
    m = material(ws, "handout", "sample", sign_in=60)
    data, _ = write_docx(m, reference(ws.templates_dir))
    document = open_docx(data)
    table = document.tables[-1]
    assert table.style.name == "PW Sign-in Table"
    assert len(table.rows) == 61
    assert [c.text for c in table.rows[0].cells] == [m.labels[k] for k in ("no", "name", "department", "signature")]
    for index, row in enumerate(table.rows):
        trpr = row._tr.trPr
        assert trpr is not None and trpr.find(qn("w:cantSplit")) is not None, index
        assert (trpr.find(qn("w:tblHeader")) is not None) == (index == 0), index
        if index:
            assert row.height.mm == pytest.approx(10, abs=0.1) and row.cells[0].text == str(index)
    heading = next(p for p in document.paragraphs if p.text == m.labels["sign_in"])
    assert heading.style.name == "PW Sign-in Heading" and heading.style.paragraph_format.page_break_before


def test_sign_in_sheet_follows_the_pdfs_pages(ws):
    """When the PDF's fit planned the sign-in sheet in whole pages, the DOCX has a table a page,
    each with its header row, the same row numbers and the fit's row height."""
    m = dataclasses.replace(material(ws, "handout", "sample", sign_in=30), sign_in_pages=(22, 22),
                            fitted_sign_in_row_mm=7.6)
    document = open_docx(write_docx(m, reference(ws.templates_dir))[0])
    tables = [t for t in document.tables if t.style.name == "PW Sign-in Table"]
    assert [len(t.rows) for t in tables] == [23, 23]
    assert [t.rows[1].cells[0].text for t in tables] == ["1", "23"] and tables[1].rows[-1].cells[0].text == "44"
    assert all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in tables)
    assert tables[1].rows[5].height.mm == pytest.approx(7.6, abs=0.1)


def test_characters_xml_cannot_hold_are_removed_and_reported(ws):
    # compose sanitises what it is given (tests/test_sanitise.py); the writer's own net is tested here
    m = material(ws, "handout", "sample")
    first = dataclasses.replace(m.items[0], paragraphs=("Human\x01 life is at stake.\x02",))
    m = dataclasses.replace(m, items=(first, *m.items[1:]), title="Sample\x08 study", organisation="Acme\x1f",
                            questions=("Why\x0b now?",))
    data, warnings = write_docx(m, reference(ws.templates_dir))
    assert "excerpt '2013-06-06-human-life': removed 2 characters XML cannot hold (U+0001, U+0002)" in warnings
    assert "title: removed 1 character XML cannot hold (U+0008)" in warnings
    assert "question 1: removed 1 character XML cannot hold (U+000B)" in warnings
    assert "organisation: removed 1 character XML cannot hold (U+001F)" in warnings
    text = body_text(open_docx(data))
    assert "Human life is at stake." in text and "Sample study" in text and "Why now?" in text


def test_workspace_reference_docx_replaces_the_built_in_one(tmp_path):
    root = make_workspace(tmp_path / "ws", {"content/sample.yaml": SAMPLE})
    custom = docx.Document(str(BUILTIN_DIR / "reference.docx"))
    custom.styles["PW Excerpt Text"].font.size = Pt(14)
    custom.styles["PW Question"].element.getparent().remove(custom.styles["PW Question"].element)
    (root / "templates").mkdir()
    custom.save(str(root / "templates" / "reference.docx"))
    assert reference(root / "templates") == (root / "templates" / "reference.docx").resolve()
    out = tmp_path / "handout.docx"
    result = CliRunner().invoke(cli, ["--workspace", str(root), "handout", "--theme", "civic", "-o", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    styles = open_docx(out.read_bytes()).styles
    assert styles["PW Excerpt Text"].font.size == Pt(14)
    assert styles["PW Question"].font.size == Pt(10.5)  # missing from the custom one: made with the defaults
    civic = load_theme("civic", Resources())
    assert rpr_attr(styles["PW Attribution"].element, "w:color") == hex_of(civic.colors["muted"])


def test_a_workspace_reference_docx_wins_over_the_theme(tmp_path):
    """As pandoc's --reference-doc: the fonts and colours its author chose stay; the styles they left
    as presswork made them still take the theme (so --theme still works)."""
    root = make_workspace(tmp_path / "ws", {"content/sample.yaml": SAMPLE})
    custom = docx.Document(str(BUILTIN_DIR / "reference.docx"))
    text = custom.styles["PW Excerpt Text"]
    text.font.name = "DejaVu Serif"
    text.font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    heading = custom.styles["PW Heading"]
    heading.font.bold = False
    (root / "templates").mkdir()
    custom.save(str(root / "templates" / "reference.docx"))
    out = tmp_path / "handout.docx"
    result = CliRunner().invoke(cli, ["--workspace", str(root), "handout", "--theme", "civic", "-o", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    styles = open_docx(out.read_bytes()).styles
    assert fonts_of(styles["PW Excerpt Text"])["ascii"] == "DejaVu Serif"
    assert rpr_attr(styles["PW Excerpt Text"].element, "w:color") == "123456"
    assert styles["PW Heading"].font.bold is False
    civic = load_theme("civic", Resources())
    assert rpr_attr(styles["PW Attribution"].element, "w:color") == hex_of(civic.colors["muted"])
    assert fonts_of(styles["PW Attribution"])["ascii"] == civic.fonts["sans"]


def test_cli_writes_docx_for_every_kind(run, workspace):
    for args, path in ((["poster", "-e", "2013-06-06-human-life", "-o", str(workspace / "p.docx")], "p.docx"),
                       (["handout", "--sign-in", "3", "-o", str(workspace / "h.docx")], "h.docx"),
                       (["bulletin", "--format", "docx"], "output/bulletin-sample.docx")):
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert "Wrote" in result.output
        assert open_docx((workspace / path).read_bytes()).paragraphs


# --- the same material, the same bytes ---------------------------------------------------------------

# one command per kind, each reaching a part that could vary: the poster's QR picture, the
# handout's tables, the bulletin's sections
KIND_ARGS = {
    "poster": ["poster", "-e", "2013-06-06-human-life", "--org", ORG, "--qr", "https://example.org/safety"],
    "handout": ["handout", "--org", ORG, "--sign-in", "3"],
    "bulletin": ["bulletin", "--issue", "6"],
}


def build_in_a_new_process(workspace: Path, args: list[str], out: Path, **env: str) -> bytes:
    """`python -m generator ... -o out` in a fresh interpreter; SOURCE_DATE_EPOCH only if given."""
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | env
    result = subprocess.run([sys.executable, "-m", "generator", "-w", str(workspace), *args, "-o", str(out)],
                            cwd=REPO, env=environ, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


def core_property(data: bytes, tag: str) -> str | None:
    found = re.search(rf"<{tag}(?: [^>]*)?>([^<]*)</{tag}>", part_xml(data, "docProps/core.xml"))
    return found[1] if found else None


@pytest.mark.parametrize("kind", list(KIND_ARGS))
def test_the_same_material_gives_the_same_bytes_in_two_processes(workspace, tmp_path, kind):
    # different hash seeds, so nothing may hang on the order of a set
    first = build_in_a_new_process(workspace, KIND_ARGS[kind], tmp_path / "first.docx", PYTHONHASHSEED="1")
    second = build_in_a_new_process(workspace, KIND_ARGS[kind], tmp_path / "second.docx", PYTHONHASHSEED="2")
    assert first == second
    # ...and not because both ran within the same two seconds: every date is the content's, not the clock's
    created = core_property(first, "dcterms:created")
    assert core_property(first, "dcterms:modified") == created
    assert core_property(first, "cp:revision") == "1"
    assert core_property(first, "cp:lastPrinted") is None
    stamp = dt.datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {stamp.timetuple()[:6]}
    assert {(i.create_system, i.external_attr, i.compress_type) for i in infos} == \
        {(3, 0o600 << 16, zipfile.ZIP_DEFLATED)}


def test_source_date_epoch_dates_the_document(workspace, tmp_path):
    data = build_in_a_new_process(workspace, KIND_ARGS["handout"], tmp_path / "h.docx",
                                  SOURCE_DATE_EPOCH="1780000000")
    assert core_property(data, "dcterms:created") == "2026-05-28T20:26:40Z"
    assert core_property(data, "dcterms:modified") == "2026-05-28T20:26:40Z"


def test_core_properties_and_zip_dates_come_from_the_material(ws, tmp_path):
    """material.created in UTC, whatever its zone; a reference's print date and revision are not carried over."""
    root = make_workspace(tmp_path / "ws", {"content/sample.yaml": SAMPLE})
    custom = docx.Document(str(BUILTIN_DIR / "reference.docx"))
    custom.core_properties.last_printed = dt.datetime(2025, 3, 4, 5, 6, 7)
    custom.core_properties.revision = 7
    (root / "templates").mkdir()
    custom.save(str(root / "templates" / "reference.docx"))
    summer = dt.timezone(dt.timedelta(hours=2))
    m = dataclasses.replace(material(ws, "handout", "sample"), created=dt.datetime(2026, 5, 28, 22, 26, 40,
                                                                                   tzinfo=summer))
    data, _ = write_docx(m, reference(root / "templates"))
    assert core_property(data, "dcterms:created") == core_property(data, "dcterms:modified") == "2026-05-28T20:26:40Z"
    assert core_property(data, "cp:revision") == "1"
    assert core_property(data, "cp:lastPrinted") is None
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 5, 28, 20, 26, 40)}
    old = dataclasses.replace(m, created=dt.datetime(1975, 1, 1, tzinfo=dt.timezone.utc))
    with zipfile.ZipFile(io.BytesIO(write_docx(old, None)[0])) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}  # zip dates start in 1980


# --- one number for PDF and DOCX ---------------------------------------------------------------------

@pytest.mark.parametrize("size, lines", [("A5", 7), ("A4", 8)])
def test_handout_notes_have_as_many_ruled_lines_as_the_pdf(ws, run, workspace, size, lines):
    """The PDF's page is the HTML's `m.note_lines` divs of class "line"; the DOCX's, the notes table's rows.
    Where the PDF's fit filled the questions' page with lines, the DOCX leaves DOCX_NOTE_SLACK of them
    off (its text sets a little longer), never going below the section's least."""
    m = material(ws, "handout", "sample", size=size)
    assert m.note_lines == lines
    notes = [t for t in open_docx(write_docx(m, reference(ws.templates_dir))[0]).tables if t.style.name == "PW Notes Table"]
    assert len(notes) == 1 and len(notes[0].rows) == lines
    for row in notes[0].rows:
        assert row.height.mm == pytest.approx(m.note_line_mm, abs=0.1)
    # and what the CLI writes for the same handout, as HTML for the PDF and as DOCX
    for suffix in ("html", "docx"):
        result = run("handout", "--size", size, "-o", str(workspace / f"h.{suffix}"))
        assert result.exit_code == 0, result.output
    html = (workspace / "h.html").read_text("utf-8")
    fitted = len(re.findall(r'<div class="line"', html))
    cli_notes = [t for t in open_docx((workspace / "h.docx").read_bytes()).tables if t.style.name == "PW Notes Table"]
    assert [len(t.rows) for t in cli_notes] == [max(note_lines_min(size), fitted - DOCX_NOTE_SLACK)]


# --- a real client: LibreOffice opens and prints every file -------------------------------------------

def test_libreoffice_prints_every_file_on_the_expected_pages(built, lo):
    for name, (m, _, _) in built.items():
        pages = pdf_pages(lo[name])
        if m.kind == "poster":
            assert len(pages) == 1, f"{name} spilled onto {len(pages)} pages"
        elif m.kind == "bulletin":
            # a page a sheet of the PDF's plan, and on each later one its short masthead's "Sheet n of N"
            plan = plan_bulletin(m)
            assert len(pages) == len(plan.pages), name
            for page, label in zip(pages, plan.sheet_labels):
                assert in_order(page, [label]), (name, label)
        else:
            # the sign-in sheet starts a page; PAGE and NUMPAGES were updated by LibreOffice
            assert len(pages) >= 2, name
            assert m.labels["sign_in"] in pages[-1] or any(m.labels["sign_in"] in p for p in pages[1:]), name
            for number, page in enumerate(pages, start=1):
                assert in_order(page, [m.page_label(number, len(pages))]), (name, number)


def test_libreoffice_text_follows_the_material_in_order(built, lo):
    for name, (m, _, _) in built.items():
        text = "\n".join(pdf_pages(lo[name]))
        assert in_order(text, [t for t in expected_text(m) if t]), name


def test_libreoffice_sets_chinese_in_the_sc_face_not_japanese(lo):
    probe_sc, probe_jp = glyphs_by_font(lo["probe-SC"]), glyphs_by_font(lo["probe-JP"])
    # LibreOffice names every face of the Noto CJK collection after its first (JP) one...
    assert sorted(probe_sc) == sorted(probe_jp) and all("CJK" in face for face in probe_sc)
    # ...so the glyphs tell the faces apart: SC and JP map some characters to different ones
    differs = {face: {c for c in ZH_PROBE if probe_sc[face].get(c) != probe_jp[face].get(c)} for face in probe_sc}
    assert all(differs.values())
    for name in ("handout-zh", "poster-zh-a3", "bulletin-zh-mono"):
        fonts = glyphs_by_font(lo[name])
        assert any("CJK" in face for face in fonts), (name, list(fonts))
        checked = 0
        for face, glyphs in fonts.items():
            for c in differs.get(face, set()) & set(glyphs):
                assert glyphs[c] == probe_sc[face][c], (name, face, c, glyphs[c], probe_jp[face][c])
                checked += 1
        assert checked, (name, "no probe character to check")
