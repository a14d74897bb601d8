"""Font compaction on real PDFs: Chinese handout, poster and bulletin, an English handout, a tiled poster.

Each compacted PDF must read and look exactly like the writer's: the same text from pdftotext, the same
pixels at 100 dpi from poppler and from pdfium, a clean `qpdf --check`; the same bytes every run; and fonts
named by tags that differ whenever the glyphs do.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys

import pikepdf
import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from generator.campaign.plan import plan_single
from generator.content.selection import Selection
from generator.content.workspace import Workspace
from generator.materials.options import RenderOptions
from generator.press import compact_fonts
from generator.press.document import PressError
from generator.press.tile import tile_document
from generator.writers.render import render_pdf
from tests import engine
from tests.conftest import BILINGUAL, REPO, SAMPLE, ZH_SAMPLE, make_workspace

TAGGED = re.compile(r"^/[A-Z]{6}\+")
# what each case renders: kind, selection, options
CASES = {
    "zh-handout": ("handout", Selection(collection="zh"), RenderOptions(sign_in=5)),
    "zh-poster": ("poster", Selection(refs=("2013-06-06-renming",)), RenderOptions(size="A3")),
    "bilingual-bulletin": ("bulletin", Selection(collection="bilingual"), RenderOptions(bilingual=True)),
    "en-handout": ("handout", Selection(collection="sample"), RenderOptions()),
}


def writer_pdf(ws: Workspace, kind: str, selection: Selection, options: RenderOptions) -> bytes:
    """The writer's own PDF (fitted, as the CLI lays it out), before any press step."""
    target = plan_single(ws, kind, selection, options, ws.root / "out.pdf")[0]
    fitted, _ = engine.fit(ws, target.material)
    return render_pdf(fitted, engine.setting(ws)).pdf


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    root = make_workspace(tmp_path_factory.mktemp("compact"), {
        "content/zh.yaml": ZH_SAMPLE, "content/sample.yaml": SAMPLE, "content/bilingual.yaml": BILINGUAL})
    return Workspace.open(root)


@pytest.fixture(scope="module")
def pdfs(ws):
    """case -> (the writer's PDF, the compacted PDF)."""
    out = {}
    for name, (kind, selection, options) in CASES.items():
        raw = writer_pdf(ws, kind, selection, options)
        out[name] = raw, compact_fonts(raw)
    return out


def pdftotext(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def poppler_pages(pdf: bytes, dpi: int = 100) -> list[bytes]:
    """Each page rendered by poppler, as raw RGB pixels."""
    pages = int(re.search(rb"Pages:\s+(\d+)", subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True,
                                                            check=True).stdout).group(1))
    out = []
    for n in range(1, pages + 1):
        png = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(n), "-l", str(n), "-png", "-"], input=pdf,
                             capture_output=True, check=True).stdout
        out.append(Image.open(io.BytesIO(png)).convert("RGB").tobytes())
    return out


def pdfium_pages(pdf: bytes, dpi: int = 100) -> list[bytes]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB").tobytes() for page in doc]
    finally:
        doc.close()


def embedded_fonts(pdf: bytes) -> list[dict]:
    """Each Type0 font: its names, and its program's glyph order and CFF/PS names as fontTools reads them."""
    found = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for obj in doc.objects:
            if not (isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == pikepdf.Name.Type0):
                continue
            descendant = obj.DescendantFonts[0]
            descriptor = descendant.FontDescriptor
            stream = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
            program = stream.read_bytes()
            font = TTFont(io.BytesIO(program))
            found.append({
                "names": {str(obj.BaseFont), str(descendant.BaseFont), str(descriptor.FontName)},
                "order": font.getGlyphOrder(),
                "cff": "CFF " in font,
                "cff_names": font["CFF "].cff.fontNames if "CFF " in font else [],
                "ps_names": {r.toUnicode() for r in font["name"].names if r.nameID == 6},
                "program": program,
            })
    return found


@pytest.mark.parametrize("case", CASES)
def test_a_compacted_pdf_reads_and_looks_exactly_like_the_writers(pdfs, case):
    raw, compact = pdfs[case]
    assert pdftotext(compact) == pdftotext(raw)
    assert poppler_pages(compact) == poppler_pages(raw), f"{case}: poppler draws the compacted PDF differently"
    assert pdfium_pages(compact) == pdfium_pages(raw), f"{case}: pdfium draws the compacted PDF differently"


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed (scripts/install-system-deps.sh)")
@pytest.mark.parametrize("case", CASES)
def test_a_compacted_pdf_passes_qpdf_check(pdfs, case, tmp_path):
    path = tmp_path / f"{case}.pdf"
    path.write_bytes(pdfs[case][1])
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0 and "WARNING" not in check.stdout + check.stderr, check.stdout + check.stderr
    with pikepdf.open(path) as doc:
        assert doc.check_pdf_syntax() == []


def test_chinese_pdfs_shrink_to_the_glyphs_they_show(pdfs):
    for case in ("zh-handout", "zh-poster", "bilingual-bulletin"):
        raw, compact = pdfs[case]
        # WeasyPrint keeps a slot for each of a CJK face's 65,000 glyphs: >= 115 KB a face
        assert len(compact) < len(raw) / 4, f"{case}: {len(raw)} -> {len(compact)} bytes"
    raw, compact = pdfs["en-handout"]
    assert len(compact) <= len(raw)


def test_every_font_keeps_its_glyphs_numbered_from_zero_with_cid_equal_to_glyph_id(pdfs):
    for case, (raw, compact) in pdfs.items():
        for font in embedded_fonts(compact):
            if font["cff"]:
                # a viewer that maps CIDs through the charset and one that takes them as glyph ids agree
                assert font["order"] == [".notdef"] + [f"cid{i:05d}" for i in range(1, len(font["order"]))]
            assert len(font["order"]) < 1000, f"{case}: {font['names']} still holds {len(font['order'])} glyphs"


def test_every_font_is_named_by_one_tag_in_the_pdf_and_in_its_program(pdfs):
    for case, (raw, compact) in pdfs.items():
        for font in embedded_fonts(compact):
            assert len(font["names"]) == 1, f"{case}: {font['names']}"
            name = next(iter(font["names"]))
            assert TAGGED.match(name), name
            tag = name[1:7]
            assert all(n.startswith(tag + "+") for n in font["cff_names"]), font["cff_names"]
            assert all(n.startswith(tag + "+") for n in font["ps_names"]), font["ps_names"]


def test_two_different_subsets_never_share_a_name_across_files(pdfs):
    programs_by_name: dict[str, set[bytes]] = {}
    for _, compact in pdfs.values():
        for font in embedded_fonts(compact):
            programs_by_name.setdefault(next(iter(font["names"])), set()).add(font["program"])
    shared = {name: len(programs) for name, programs in programs_by_name.items() if len(programs) > 1}
    assert not shared, f"one name, several subsets: {shared}"
    # the same face with other glyphs gets another tag: the four files name Noto Sans CJK SC more than once
    faces = [name[8:] for name in programs_by_name]
    assert len(faces) > len(set(faces))


def test_the_same_input_gives_the_same_bytes_in_another_process(pdfs, tmp_path):
    raw, compact = pdfs["zh-handout"]
    assert compact_fonts(raw) == compact
    (tmp_path / "in.pdf").write_bytes(raw)
    script = ("import sys; from pathlib import Path; from generator.press import compact_fonts; "
              "sys.stdout.buffer.write(compact_fonts(Path(sys.argv[1]).read_bytes()))")
    env = dict(os.environ, PYTHONHASHSEED="12345")
    again = subprocess.run([sys.executable, "-c", script, str(tmp_path / "in.pdf")], cwd=REPO, env=env,
                           capture_output=True, check=True).stdout
    assert again == compact


def test_compacting_a_compacted_pdf_changes_nothing_a_reader_sees(pdfs):
    _, compact = pdfs["zh-poster"]
    twice = compact_fonts(compact)
    assert pdftotext(twice) == pdftotext(compact)
    assert poppler_pages(twice) == poppler_pages(compact)
    assert [f["names"] for f in embedded_fonts(twice)] == [f["names"] for f in embedded_fonts(compact)]


def test_text_inside_form_xobjects_is_rewritten_too(ws):
    """A tiled poster draws the page through form XObjects on every sheet."""
    raw = writer_pdf(ws, "poster", Selection(refs=("2020-04-shengming",)), RenderOptions(size="A2"))
    tiled = tile_document(raw, "A4").pdf
    compact = compact_fonts(tiled)
    assert len(compact) < len(tiled) / 4
    assert pdftotext(compact) == pdftotext(tiled)
    assert poppler_pages(compact, dpi=50) == poppler_pages(tiled, dpi=50)


def test_text_in_an_annotation_appearance_is_rewritten_too(pdfs):
    """A stamp whose appearance stream shows the page's first line again, in the page's own font."""
    raw, _ = pdfs["zh-handout"]
    with pikepdf.open(io.BytesIO(raw)) as doc:
        page = doc.pages[0]
        current = shown = None
        for instruction in pikepdf.parse_content_stream(page):
            if str(instruction.operator) == "Tf":
                current = page.Resources.Font[instruction.operands[0]]
            elif str(instruction.operator) == "TJ" and current is not None:
                shown = instruction
                break
        appearance = doc.make_stream(
            b"BT /F 18 Tf 10 20 Td " + pikepdf.unparse_content_stream([shown]) + b" ET",
            Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, 400, 60],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F=current)))
        stamp = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Stamp, F=4,
                                                     Rect=[100, 300, 500, 360],
                                                     AP=pikepdf.Dictionary(N=appearance)))
        page.obj.Annots = doc.make_indirect(pikepdf.Array([*page.obj.get("/Annots", []), stamp]))
        buffer = io.BytesIO()
        doc.save(buffer)
    edited = buffer.getvalue()
    compact = compact_fonts(edited)
    assert len(compact) < len(edited) / 4
    assert poppler_pages(compact) == poppler_pages(edited)
    assert pdfium_pages(compact) == pdfium_pages(edited)
    assert poppler_pages(edited) != poppler_pages(raw)   # the stamp is drawn


def test_codes_that_share_a_glyph_but_not_their_text_keep_their_text(pdfs):
    """WeasyPrint's glyphs missing from a font: several codes drawn as .notdef, each with its own text.

    Here two codes of the handout's body font are mapped to CID 0 by an encoding CMap, as WeasyPrint does."""
    raw, _ = pdfs["zh-handout"]
    with pikepdf.open(io.BytesIO(raw)) as doc:
        page = doc.pages[0]
        font = None
        codes: list[int] = []
        current = None
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "Tf":
                current = page.Resources.Font[operands[0]]
            elif str(operator) == "TJ" and current is not None and not codes:
                strings = [bytes(s) for s in operands[0] if isinstance(s, pikepdf.String)]
                found = sorted({int.from_bytes(s[i:i + 2], "big") for s in strings for i in range(0, len(s), 2)})
                if len(found) >= 2:
                    font, codes = current, found[:2]
        assert font is not None
        ranges = "\n".join(f"<{c:04x}> 0" for c in codes)
        font.Encoding = doc.make_stream(
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Test def /CMapType 1 def\n"
            b"1 begincodespacerange <0000> <ffff> endcodespacerange\n"
            b"1 begincidrange <0000> <ffff> 0 endcidrange\n"
            + f"{len(codes)} begincidchar\n{ranges}\nendcidchar\n".encode()
            + b"endcmap CMapName currentdict /CMap defineresource pop end end")
        buffer = io.BytesIO()
        doc.save(buffer)
    edited = buffer.getvalue()
    compact = compact_fonts(edited)
    assert pdftotext(compact) == pdftotext(edited)
    assert poppler_pages(compact) == poppler_pages(edited)
    assert len(compact) < len(edited) / 4
    with pikepdf.open(io.BytesIO(compact)) as doc:
        encodings = [f.Encoding for f in doc.pages[0].Resources.Font.values()]
        # one of the two codes keeps the .notdef glyph's code, the other gets a code of its own past the glyphs
        assert sum(isinstance(e, pikepdf.Stream) for e in encodings) == 1


def test_a_pdf_whose_text_cannot_be_followed_comes_back_as_it_was():
    doc = pikepdf.new()
    font = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name("/ABCDEF+Helvetica")))
    doc.pages.append(pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 200, 200],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        Contents=doc.make_stream(b"BT 10 10 Td (no font chosen) Tj ET"))))
    buffer = io.BytesIO()
    doc.save(buffer)
    assert compact_fonts(buffer.getvalue()) == buffer.getvalue()


def test_what_is_not_a_pdf_is_a_clear_error():
    with pytest.raises(PressError, match="is not a PDF file"):
        compact_fonts(b"hello", name="notes.txt")
