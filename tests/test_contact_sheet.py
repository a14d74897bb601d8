"""The contact sheet: one labelled thumbnail per page the campaign made, on A3 landscape sheets, nothing clipped."""

from __future__ import annotations

import io
import math
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ContentStream

from generator.cli import cli
from tests.conftest import SAMPLE, make_workspace
from tests.pdf_checks import page_sizes, page_texts, reader

CONFIG = """\
[campaign]
title = "Fire Safety Week · 消防安全周"

[[materials]]
name = "poster"
kind = "poster"
per_excerpt = true
outputs = ["pdf", "png"]
dpi = 20

[[materials]]
name = "handout"
kind = "handout"
sign_in = 40                # a sign-in sheet: the handout runs to more than one page
outputs = ["pdf"]

[[materials]]
name = "bulletin"
kind = "bulletin"
outputs = ["pdf"]
"""
A3_LANDSCAPE = (1191, 842)


def presswork(ws: Path, *args: str):
    import generator.cli.sheet  # noqa: F401  (registers `sheet`; imported here so collecting this file adds no command)

    return CliRunner().invoke(cli, ["-w", str(ws), *args])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    ws = make_workspace(tmp_path_factory.mktemp("sheet") / "ws", {"content/s.yaml": SAMPLE, "presswork.toml": CONFIG})
    result = presswork(ws, "build", "-j", "1", "-q")
    assert result.exit_code == 0, result.output
    return ws


@pytest.fixture
def ws(built, tmp_path) -> Path:
    """A copy of the built campaign, to change freely."""
    return Path(shutil.copytree(built, tmp_path / "ws"))


def campaign_pdfs(ws: Path) -> dict[str, int]:
    """The campaign's PDFs in plan order (as `presswork list materials` shows them) -> their page counts."""
    from generator.campaign.config import read_config
    from generator.campaign.plan import plan_build
    from generator.content.workspace import Workspace

    w = Workspace.open(ws)
    paths = [path for t in plan_build(w, read_config(w)) for fmt, path in t.outputs if fmt == "pdf"]
    return {p.name: len(reader(p.read_bytes()).pages) if p.is_file() else 0 for p in paths}


def drawn_images(pdf: bytes) -> list[list[tuple[float, float, float]]]:
    """Per page, each image drawn on it: (drawn width / height, pixel width / height, drawn width in pt).

    WeasyPrint gives every page the same resources, so an image counts only where a page draws it."""
    doc = reader(pdf)
    pages = []
    for page in doc.pages:
        xobjects = page["/Resources"].get("/XObject", {})
        found, matrix = [], None
        for operands, op in ContentStream(page.get_contents(), doc).operations:
            if op == b"cm":
                matrix = [float(v) for v in operands]
            elif op == b"Do" and xobjects[operands[0]].get_object()["/Subtype"] == "/Image":
                image = xobjects[operands[0]].get_object()
                w, h = abs(matrix[0]), abs(matrix[3])
                found.append((w / h, image["/Width"] / image["/Height"], w * 0.75))
        pages.append(found)
    return pages


def text_sizes(pdf: bytes) -> list[float]:
    """The size in pt of every run of text on every page, as set (font size × text and page matrices)."""
    sizes = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = math.sqrt(abs((tm[0] * cm[0] + tm[1] * cm[2]) * (tm[2] * cm[1] + tm[3] * cm[3])
                                  - (tm[0] * cm[1] + tm[1] * cm[3]) * (tm[2] * cm[0] + tm[3] * cm[2])))
            sizes.append(size * scale)

    for page in reader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def squeezed(text: str) -> str:
    """Extracted text without any whitespace: a name broken over two lines of its label reads whole."""
    return "".join(text.split())


def test_the_sheet_has_one_labelled_thumbnail_per_page_the_campaign_made(ws):
    result = presswork(ws, "sheet")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no warning at all: none of WeasyPrint's, no file missing
    assert result.stdout.splitlines() == [
        "Wrote output/contact-sheet.pdf (1 page, A3 landscape (1191 × 842 pt))",
        "Wrote output/contact-sheet.png (1 page, A3 landscape (1191 × 842 pt))"]
    made = campaign_pdfs(ws)
    assert len(made) == 6 and made["handout.pdf"] > 1 and all(made.values())
    pdf = (ws / "output" / "contact-sheet.pdf").read_bytes()
    assert page_sizes(pdf) == [A3_LANDSCAPE]
    images = [image for page in drawn_images(pdf) for image in page]
    assert len(images) == sum(made.values())
    text = squeezed("".join(page_texts(pdf)))
    assert squeezed("Fire Safety Week · 消防安全周") in text
    assert f"6files·{sum(made.values())}pages·sheet1of1" in text
    # every file's name in plan order, and each page of a multi-page file numbered
    position = 0
    for name, pages in made.items():
        labels = [name] if pages == 1 else [f"{name}p.{n}/{pages}" for n in range(1, pages + 1)]
        for label in labels:
            found = text.find(label, position)
            assert found >= 0, f"no label {label!r} after position {position}"
            position = found + len(label)
    assert min(text_sizes(pdf)) >= 7


def test_thumbnails_keep_each_pages_shape_in_uniform_cells(ws):
    assert presswork(ws, "sheet").exit_code == 0
    images = drawn_images((ws / "output" / "contact-sheet.pdf").read_bytes())[0]
    for drawn, pixels, _ in images:
        assert drawn == pytest.approx(pixels, rel=0.02)
    shapes = sorted(round(drawn, 2) for drawn, _, _ in images)
    assert shapes[0] == pytest.approx(297 / 420, rel=0.02) and shapes[-1] == pytest.approx(420 / 297, rel=0.02)
    # the landscape bulletin takes the cell's whole width; no thumbnail is wider than a cell
    assert max(width for _, _, width in images) == pytest.approx(images[-1][2])


def test_the_png_is_the_first_sheet_small_enough_to_send(ws):
    assert presswork(ws, "sheet").exit_code == 0
    png = (ws / "output" / "contact-sheet.png").read_bytes()
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.mode == "P"
        width, height = image.size
        assert width == pytest.approx(420 / 25.4 * 120, abs=1.5) and height == pytest.approx(297 / 25.4 * 120, abs=1.5)
    assert len(png) < 400_000


def test_a_file_not_built_yet_gets_an_empty_cell_and_a_warning(ws):
    made = campaign_pdfs(ws)
    (ws / "output" / "poster-2020-04-life.pdf").unlink()
    result = presswork(ws, "sheet")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "Warning: 1 of 6 files not built yet, shown as empty cells: poster-2020-04-life.pdf (run `presswork build`)"]
    pdf = (ws / "output" / "contact-sheet.pdf").read_bytes()
    assert sum(map(len, drawn_images(pdf))) == sum(made.values()) - 1
    text = squeezed("".join(page_texts(pdf)))
    assert "notbuiltyet" in text and "poster-2020-04-life.pdf" in text and "5files·" in text


def test_nothing_built_asks_for_a_build_and_writes_nothing(tmp_path):
    ws = make_workspace(tmp_path, {"content/s.yaml": SAMPLE, "presswork.toml": CONFIG})
    result = presswork(ws, "sheet")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: none of the campaign's 6 PDF files is in output/ yet")
    assert "run `presswork build` first" in result.stderr
    assert not (ws / "output").exists()


def test_a_material_named_like_the_sheet_is_refused(ws):
    config = CONFIG.replace('name = "handout"', 'name = "contact-sheet"')
    (ws / "presswork.toml").write_text(config, encoding="utf-8")
    result = presswork(ws, "sheet")
    assert result.exit_code == 1
    assert "material 'contact-sheet' writes output/contact-sheet.pdf, which is the contact sheet's file" in result.stderr


def test_the_sheet_takes_a_plan_already_made(ws):
    from generator.campaign.config import read_config
    from generator.campaign.plan import plan_build
    from generator.campaign.sheet import contact_sheet
    from generator.content.workspace import Workspace

    w = Workspace.open(ws)
    plan = [t for t in plan_build(w, read_config(w)) if t.source == "poster"]
    written = contact_sheet(w, plan)
    assert [(f.path.name, f.format, f.status) for f in written] == [
        ("contact-sheet.pdf", "pdf", "written"), ("contact-sheet.png", "png", "written")]
    text = squeezed("".join(page_texts(written[0].path.read_bytes())))
    assert "4files·4pages" in text and "handout.pdf" not in text


def test_the_template_and_stylesheet_can_be_ejected_and_overridden(ws):
    result = presswork(ws, "eject", "contact-sheet.html.j2", "contact-sheet.css")
    assert result.exit_code == 0, result.output
    template = ws / "templates" / "contact-sheet.html.j2"
    template.write_text(template.read_text(encoding="utf-8").replace("Contact sheet</span>", "Proof sheet</span>"),
                        encoding="utf-8")
    assert presswork(ws, "sheet").exit_code == 0
    from generator.content.workspace import Workspace
    from generator.writers.templating import make_environment

    env = make_environment(Workspace.open(ws).resources)
    assert env.get_template("contact-sheet.html.j2").filename.startswith(str((ws / "templates").resolve()))
    text = "".join(page_texts((ws / "output" / "contact-sheet.pdf").read_bytes()))
    assert "PROOF SHEET" in text or "Proof sheet" in text


def test_a_template_that_never_ends_is_stopped(ws):
    from generator.campaign.pool import Limits
    from generator.campaign.sheet import contact_sheet
    from generator.content.workspace import Workspace
    from generator.errors import RenderError

    (ws / "templates").mkdir()
    (ws / "templates" / "contact-sheet.html.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", encoding="utf-8")
    with pytest.raises(RenderError, match="the contact sheet took longer than 2 s to render and was stopped"):
        contact_sheet(Workspace.open(ws), limits=Limits(timeout_s=2))
    assert not (ws / "output" / "contact-sheet.pdf").exists()


# --- the writer alone: a big campaign, long names ----------------------------------------------


def blank_pdf(*sizes_pt: tuple[float, float]) -> bytes:
    writer = PdfWriter()
    for w, h in sizes_pt:
        writer.add_blank_page(w, h)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def sheet_of(files):
    from generator.resources import Resources
    from generator.writers.contact_sheet import write_contact_sheet
    from generator.writers.render import Setting

    return write_contact_sheet(files, Setting(Resources(), Path.cwd()), "Big campaign")


def test_a_200_file_campaign_is_five_sheets_with_readable_labels():
    a4, a3_landscape = (595, 842), (1191, 842)
    files = [(f"poster-unit-{n:03d}-riverside-works-branch.pdf", blank_pdf(a3_landscape if n % 7 == 0 else a4))
             for n in range(200)]
    pdf, png = sheet_of(files)
    assert pdf.warnings == () and pdf.pages == 5 and page_sizes(pdf.data) == [A3_LANDSCAPE] * 5
    drawn = drawn_images(pdf.data)
    assert [len(page) for page in drawn] == [40] * 5
    text = squeezed("".join(page_texts(pdf.data)))
    assert all(name in text for name, _ in files)
    assert "200files·200pages·sheet5of5" in text
    assert min(text_sizes(pdf.data)) >= 7


def test_a_name_too_long_for_its_label_keeps_its_start_and_end():
    from generator.writers.contact_sheet import MAX_LABEL_LINES, fit_label, label_width_mm, plan_grid

    long = "poster-" + "-".join(["riverside-works-north-branch-safety-office"] * 6) + "-unit-42.pdf"
    grid = plan_grid(41, [long])
    assert grid.per_sheet == 40 and grid.label_lines == MAX_LABEL_LINES
    shown = fit_label(long, grid, "p. 2/41")
    assert shown.startswith("poster-riverside") and shown.endswith("-unit-42.pdf") and "…" in shown
    assert label_width_mm(shown + " p. 2/41", grid.label_pt) <= grid.label_lines * grid.cell_w
    pdf, _ = sheet_of([(long, blank_pdf(*[(595, 842)] * 41))])
    assert pdf.warnings == () and pdf.pages == 2
    assert squeezed(shown + "p.2/41") in squeezed(page_texts(pdf.data)[0])
    # a name that fits is shown whole
    assert fit_label("handout.pdf", grid, "p. 2/41") == "handout.pdf"


def test_an_unreadable_file_is_shown_and_said():
    pdf, _ = sheet_of([("good.pdf", blank_pdf((595, 842))), ("broken.pdf", b"%PDF-1.7 not really")])
    assert len(pdf.warnings) == 1 and pdf.warnings[0].startswith("broken.pdf: cannot be read as a PDF")
    assert sum(map(len, drawn_images(pdf.data))) == 1
    assert "cannot be read" in page_texts(pdf.data)[0]
