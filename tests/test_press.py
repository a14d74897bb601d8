"""Press steps on real PDFs: an A1 poster tiled onto A4 and glued back together, a handout folded as a booklet."""

from __future__ import annotations

import io
import re

import pikepdf
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from PIL import Image, ImageChops, ImageFilter

from generator.cli import cli
from generator.errors import ConfigError
from generator.materials.page import PAGE_SIZES, PT_PER_MM
from generator.press import press_pdf
from generator.press.booklet import booklet_document, booklet_pdf, saddle_order, sheet_for
from generator.press.document import PressError
from generator.press.tile import tile_document, tile_pdf
from generator.press.tile_plan import plan_tiles, tile_label
from tests.conftest import SAMPLE, make_workspace
from tests.pdf_checks import flat, page_sizes, page_texts

A4 = {(595, 842), (842, 595)}
A4_LANDSCAPE = (842, 595)


@pytest.fixture(scope="module", autouse=True)
def press_commands():
    """Registers tile and booklet until cli/__init__ imports cli/press; imported when the tests run, not
    when they are collected, so other modules' collection sees the CLI as it is shipped."""
    import generator.cli.press  # noqa: F401


def invoke(ws, *args):
    return CliRunner().invoke(cli, ["--workspace", str(ws), *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def poster(tmp_path_factory):
    """An A1 poster as the CLI renders it: (workspace, path, bytes)."""
    ws = make_workspace(tmp_path_factory.mktemp("press"), {"content/sample.yaml": SAMPLE})
    result = invoke(ws, "poster", "-e", "2013-06-06-human-life", "--size", "A1", "-o", str(ws / "a1.pdf"))
    assert result.exit_code == 0, result.output
    return ws, ws / "a1.pdf", (ws / "a1.pdf").read_bytes()


@pytest.fixture(scope="module")
def tiled(poster):
    return tile_document(poster[2], "A4")


def numbered_pdf(pages: int, size: str = "A5") -> bytes:
    """`pages` blank portrait pages, each saying only `Page N` in Helvetica."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    w, h = (v * PT_PER_MM for v in PAGE_SIZES[size])
    for n in range(1, pages + 1):
        content = f"BT /F1 24 Tf 60 {h / 2:.0f} Td (Page {n}) Tj ET".encode()
        pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, w, h], Contents=pdf.make_stream(content),
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)))))
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def render(pdf: bytes, index: int, dpi: float) -> Image.Image:
    page = pdfium.PdfDocument(pdf)[index]
    return page.render(scale=dpi / 72).to_pil().convert("L")


# --- tiling ----------------------------------------------------------------------------------------------


def test_a1_onto_a4_uses_the_grid_it_reports(tiled):
    grid, = tiled.grids
    assert (grid.cols, grid.rows, grid.landscape) == (3, 5, True)
    assert tiled.pages == grid.rows * grid.cols + 1
    sizes = page_sizes(tiled.pdf)
    assert len(sizes) == grid.rows * grid.cols + 1
    assert set(sizes) <= A4
    assert sizes[1:] == [A4_LANDSCAPE] * grid.sheets


def test_orientation_and_grid_take_the_fewest_sheets():
    w, h = (v * PT_PER_MM for v in PAGE_SIZES["A1"])
    grid = plan_tiles(w, h, "A4")
    counts = {}
    for landscape in (True, False):
        sheet_w, sheet_h = sorted((grid.sheet_width, grid.sheet_height), reverse=landscape)
        win_w, win_h = sheet_w - 2 * grid.margin - grid.band, sheet_h - 2 * grid.margin - grid.band
        cols = next(c for c in range(1, 50) if (c - 1) * (win_w - grid.overlap) + win_w >= w)
        rows = next(r for r in range(1, 50) if (r - 1) * (win_h - grid.overlap) + win_h >= h)
        counts[landscape] = cols * rows
    assert counts == {True: 15, False: 16}
    assert grid.sheets == 15 and grid.landscape
    assert plan_tiles(w, h, "letter").sheets == 15
    assert plan_tiles(w, h, "A4", scale=0.5).sheets == 4  # A1 at 50% is A2-sized: 2 × 2 A4


def test_every_sheet_keeps_inside_its_printable_margin(tiled):
    grid, = tiled.grids
    for tile in grid.tiles:
        x, y, w, h = grid.sheet_box(tile)
        assert x >= grid.margin and y >= grid.margin
        assert x + tile.window[2] <= grid.sheet_width - grid.margin + 0.01
        assert y + tile.window[3] <= grid.sheet_height - grid.margin + 0.01
    # nothing is inked in the margin: render each sheet and look at its outer 5 mm
    dpi = 30
    edge = round(5 * PT_PER_MM * dpi / 72)
    for index in range(tiled.pages):
        image = render(tiled.pdf, index, dpi)
        inner = image.crop((edge, edge, image.width - edge, image.height - edge))
        blank = Image.new("L", image.size, 255)
        blank.paste(inner, (edge, edge))
        assert ImageChops.difference(image, blank).getbbox() is None, f"page {index + 1} prints in its margin"


def test_text_on_every_sheet_stays_text(tiled):
    grid, = tiled.grids
    texts = [flat(t) for t in page_texts(tiled.pdf)]
    assert "Assembly map" in texts[0] and "A1 poster on 15 A4 landscape sheets" in texts[0]
    for tile, text in zip(grid.tiles, texts[1:], strict=True):
        assert "Human life is at stake" in text
        assert tile.label in text.split()
        if tile.glue_right or tile.glue_bottom:
            assert "glue here" in text
    with pikepdf.open(io.BytesIO(tiled.pdf)) as pdf:
        forms = set()
        for page in pdf.pages:
            for name, xobject in page.Resources.XObject.items():
                assert xobject.Subtype == "/Form", "a sheet holds an image: the poster was rasterised"
                forms.add(xobject.objgen)
        assert len(forms) == 1, "the poster is stored once and drawn on every sheet"


def test_tiles_glued_back_together_match_the_poster(poster, tiled):
    """Crop each sheet to what stays visible, paste it where the grid says, compare with the poster.

    Sheets and poster are rasterised on different pixel grids, so each pixel may differ from the poster by
    up to one pixel's shift (a 3 × 3 neighbourhood), and the one-pixel seams between tiles are left out."""
    grid, = tiled.grids
    dpi = 36
    px = dpi / 72
    original = render(poster[2], 0, dpi)
    canvas = Image.new("L", original.size, 0)
    seams = Image.new("L", original.size, 255)
    for index, tile in enumerate(grid.tiles, start=1):
        sheet = render(tiled.pdf, index, dpi)
        x, y, w, h = grid.sheet_box(tile)
        vx, vy = tile.visible[:2]
        left, top, right, bottom = (round(v * px) for v in (vx, vy, vx + w, vy + h))
        sx, sy = round(x * px), round(y * px)
        canvas.paste(sheet.crop((sx, sy, sx + right - left, sy + bottom - top)), (left, top))
        seams.paste(0, (left - 1, top - 1, right + 1, top + 1))
        seams.paste(0, (left - 1, top - 1, left + 1, bottom + 1))
        seams.paste(0, (left - 1, bottom - 1, right + 1, bottom + 1))
        seams.paste(0, (right - 1, top - 1, right + 1, bottom + 1))
    low, high = original.filter(ImageFilter.MinFilter(3)), original.filter(ImageFilter.MaxFilter(3))
    excess = ImageChops.add(ImageChops.subtract(canvas, high), ImageChops.subtract(low, canvas))
    excess = ImageChops.multiply(excess, seams)
    histogram = excess.histogram()
    pixels = original.width * original.height
    assert sum(histogram[33:]) / pixels < 0.001, "the reassembled tiles differ from the poster"
    assert sum(i * n for i, n in enumerate(histogram)) / pixels < 0.5


def test_tiling_is_deterministic(poster, tiled):
    assert tile_pdf(poster[2], "A4") == tiled.pdf
    assert tile_pdf(poster[2], "letter", overlap_mm=15, scale=0.8) == tile_pdf(poster[2], "letter", 15, 0.8)


def test_labels_run_rows_letters_then_columns():
    assert [tile_label(r, c) for r, c in ((0, 0), (1, 1), (4, 2), (25, 0), (26, 9))] == \
        ["A1", "B2", "E3", "Z1", "AA10"]


def test_tile_command_writes_beside_the_input(poster):
    ws, path, data = poster
    result = invoke(ws, "tile", str(path), "--onto", "a4", "--overlap", "1cm", "--scale", "100%")
    assert result.exit_code == 0, result.output
    out = ws / "a1-tiled-A4.pdf"
    assert out.read_bytes() == tile_pdf(data, "A4")
    assert path.read_bytes() == data
    assert "16 pages: assembly map + 15 A4 landscape sheets, 3 across × 5 down" in result.output
    result = invoke(ws, "tile", str(path), "--onto", "letter", "--scale", "50%", "-o", str(ws / "half.pdf"))
    assert result.exit_code == 0, result.output
    assert set(page_sizes((ws / "half.pdf").read_bytes())) <= {(612, 792), (792, 612)}


@pytest.mark.parametrize("args, code, message", [
    (["--overlap", "2mm"], 2, "2mm is out of range (use 5 to 50 mm)"),
    (["--overlap", "wide"], 2, "'wide' is not a length"),
    (["--scale", "0%"], 2, "0% is out of range"),
    (["--onto", "A3"], 2, "Invalid value for '--onto'"),
    (["--scale", "20%"], 1, "already fits on one A4 sheet (print it directly, or enlarge it with --scale)"),
])
def test_tile_refuses_bad_values(poster, args, code, message):
    ws, path, _ = poster
    result = invoke(ws, "tile", str(path), *args)
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


def test_tile_refuses_what_is_not_a_plain_pdf(poster, tmp_path):
    ws, path, data = poster
    text = tmp_path / "notes.pdf"
    text.write_text("not a pdf", encoding="utf-8")
    result = invoke(ws, "tile", str(text))
    assert result.exit_code == 1 and f"Error: {text}: is not a PDF file" in result.output
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(owner="o", user="u"))
    result = invoke(ws, "tile", str(locked))
    assert result.exit_code == 1 and "is password-protected" in result.output
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(owner="o", user=""))
    result = invoke(ws, "tile", str(locked))
    assert result.exit_code == 1 and "is encrypted (save an unencrypted copy of it first)" in result.output
    result = invoke(ws, "tile", str(path), "-o", str(path))
    assert result.exit_code == 2 and "is the input file" in result.output
    assert path.read_bytes() == data
    result = invoke(ws, "tile", str(tmp_path / "missing.pdf"))
    assert result.exit_code == 2 and "does not exist" in result.output


def test_a_page_that_fits_one_sheet_is_refused():
    with pytest.raises(ConfigError, match="every page of the PDF: the page .148 × 210 mm. already fits"):
        tile_pdf(numbered_pdf(3), "A4")
    with pytest.raises(ConfigError, match="overlap 60 mm is out of range"):
        tile_pdf(numbered_pdf(1, "A2"), "A4", overlap_mm=60)


def test_lengths_and_percentages_parse():
    from generator.cli.press import Length, Percent

    assert Length(0, 50).convert("10mm", None, None) == 10
    assert Length(0, 50).convert("1cm", None, None) == 10
    assert Length(0, 50).convert("0.5in", None, None) == pytest.approx(12.7)
    assert Length(0, 50).convert("7", None, None) == 7
    assert Percent(0.1, 10).convert("50%", None, None) == 0.5
    assert Percent(0.1, 10).convert("250", None, None) == 2.5


# --- booklet ---------------------------------------------------------------------------------------------


def test_saddle_stitch_order():
    assert saddle_order(6) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert saddle_order(1) == [(4, 1), (2, 3)]
    assert saddle_order(16)[:2] == [(16, 1), (2, 15)] and len(saddle_order(16)) == 8


def test_six_a5_pages_fold_into_two_a4_sheets():
    result = booklet_document(numbered_pdf(6))
    assert (result.sheet, result.sides, result.sheets, result.blanks) == ("A4", 4, 2, 2)
    assert page_sizes(result.pdf) == [A4_LANDSCAPE] * 4
    sides = [re.findall(r"Page (\d+)", text) for text in page_texts(result.pdf)]
    # pages 7 and 8 are the blanks
    assert sides == [["1"], ["2"], ["6", "3"], ["4", "5"]]
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        placed = [sorted(str(k) for k in page.Resources.XObject.keys()) for page in pdf.pages]
    assert placed == [["/P1"], ["/P2"], ["/P3", "/P6"], ["/P4", "/P5"]]


def test_pages_meet_at_the_fold_and_keep_their_position():
    """Page 1 sits in the right half of the first side, page 2 in the left half of the second."""
    result = booklet_pdf(numbered_pdf(2))
    dpi = 20
    first, second = render(result, 0, dpi), render(result, 1, dpi)
    fold = first.width // 2
    assert first.crop((0, 0, fold - 1, first.height)).getextrema() == (255, 255)
    assert first.crop((fold + 1, 0, first.width, first.height)).getextrema()[0] < 128
    assert second.crop((0, 0, fold - 1, second.height)).getextrema()[0] < 128
    assert second.crop((fold + 1, 0, second.width, second.height)).getextrema() == (255, 255)


def test_booklet_paper_is_twice_the_page():
    mm = PT_PER_MM
    assert sheet_for(148 * mm, 210 * mm)[0] == "A4"
    assert sheet_for(210 * mm, 297 * mm)[0] == "A3"
    assert sheet_for(215.9 * mm, 279.4 * mm)[0] == "tabloid"
    name, w, h = sheet_for(100 * mm, 150 * mm)
    assert name == "200x150mm" and (round(w / mm), round(h / mm)) == (200, 150)


def test_booklet_refuses_landscape_pages(poster):
    with pytest.raises(PressError, match="has landscape pages"):
        booklet_pdf(tile_pdf(poster[2], "A4"))


def test_handout_booklet_keeps_reading_order_headers(tmp_path):
    ws = make_workspace(tmp_path, {"content/sample.yaml": SAMPLE})
    result = invoke(ws, "handout", "--size", "A5", "--sign-in", "40", "-o", str(ws / "h.pdf"))
    assert result.exit_code == 0, result.output
    handout = (ws / "h.pdf").read_bytes()
    pages = len(page_sizes(handout))
    assert pages > 2
    result = invoke(ws, "booklet", str(ws / "h.pdf"))
    assert result.exit_code == 0, result.output
    folded = (ws / "h-booklet.pdf").read_bytes()
    assert folded == booklet_pdf(handout)
    sides = saddle_order(pages)
    assert page_sizes(folded) == [A4_LANDSCAPE] * len(sides)
    for pair, text in zip(sides, page_texts(folded), strict=True):
        expected = [str(n) for n in pair if n <= pages]
        assert re.findall(rf"Page (\d+) of {pages}", text) == expected
        assert text.count("Sample study") >= len(expected)
    assert f"{len(sides)} pages: {len(sides) // 2} A4 landscape sheet" in result.output


def test_booklet_is_deterministic():
    pdf = numbered_pdf(5)
    assert booklet_pdf(pdf) == booklet_pdf(pdf)


def test_press_pdf_is_the_render_paths_one_call(poster):
    data = poster[2]
    assert press_pdf(data) is None
    tiled = press_pdf(data, tile="A4")
    assert tiled.pdf == tile_pdf(data, "A4") and tiled.pages == 16
    assert tiled.page == "assembly map + 15 A4 landscape sheets, 3 across × 5 down"
    folded = press_pdf(numbered_pdf(6), booklet=True)
    assert folded.pages == 4 and folded.page.startswith("2 A4 landscape sheets, both sides, flip on the short edge")
    with pytest.raises(ConfigError, match="tile and booklet cannot both be asked for"):
        press_pdf(data, tile="A4", booklet=True)


def test_each_page_of_a_longer_pdf_gets_its_map_and_prefixed_labels():
    result = tile_document(numbered_pdf(2, "A2"), "A4")
    first, second = result.grids
    # an A2 page needs 8 A4 sheets, not 4: each sheet loses its margins, cut band and overlap
    assert (first.cols, first.rows) == (second.cols, second.rows) == (2, 4)
    assert result.pages == len(page_sizes(result.pdf)) == 2 * (8 + 1)
    texts = [flat(t) for t in page_texts(result.pdf)]
    assert texts[0].startswith("Assembly map · page 1") and texts[9].startswith("Assembly map · page 2")
    assert "p1 A1 glue here" in texts[1] and "p2 A1 glue here" in texts[10]


# --- tile and booklet as options of the materials ----------------------------------------------------------


def test_a_poster_with_tile_comes_out_tiled(poster):
    ws, _, plain = poster
    result = invoke(ws, "poster", "-e", "2013-06-06-human-life", "--size", "A1", "--tile", "A4",
                    "-o", str(ws / "a1-tiled.pdf"))
    assert result.exit_code == 0, result.output
    tiled = (ws / "a1-tiled.pdf").read_bytes()
    # the same sheets `presswork tile` makes of the plain render
    assert tiled == tile_pdf(plain, "A4")
    assert set(page_sizes(tiled)) <= A4 and len(page_sizes(tiled)) == 16
    assert "(16 pages, A1 portrait (1684 × 2384 pt) on assembly map + 15 A4 landscape sheets" in result.output


def test_png_of_a_tiled_poster_pictures_its_sheets(poster):
    ws = poster[0]
    result = invoke(ws, "poster", "-e", "2013-06-06-human-life", "--size", "A2", "--tile", "A4", "--dpi", "20",
                    "--format", "png", "-o", str(ws / "sheets") + "/")
    assert result.exit_code == 0, result.output
    pngs = sorted((ws / "sheets").glob("page-*.png"))
    assert len(pngs) > 2  # the assembly map, then the sheets
    width, height = Image.open(pngs[1]).size
    assert sorted((width, height)) == pytest.approx([210 / 25.4 * 20, 297 / 25.4 * 20], abs=1)  # an A4 sheet


def test_a_handout_with_booklet_comes_out_folded(tmp_path):
    ws = make_workspace(tmp_path, {"content/sample.yaml": SAMPLE})
    result = invoke(ws, "handout", "--size", "A5", "--sign-in", "40", "--booklet", "-o", str(ws / "b.pdf"))
    assert result.exit_code == 0, result.output
    folded = (ws / "b.pdf").read_bytes()
    assert set(page_sizes(folded)) == {A4_LANDSCAPE} and len(page_sizes(folded)) % 2 == 0
    sides = len(page_sizes(folded))
    sheets = f"{sides // 2} A4 landscape sheet{'s' if sides > 2 else ''}"
    assert f"({sides} pages, A5 portrait (420 × 595 pt) on {sheets}, both sides, flip on the short edge)" \
        in result.output


def test_tile_and_booklet_belong_to_their_kinds(poster):
    ws = poster[0]
    assert invoke(ws, "handout", "--tile", "A4").exit_code == 2  # no such option for a handout
    assert invoke(ws, "poster", "-e", "2013-06-06-human-life", "--booklet").exit_code == 2
