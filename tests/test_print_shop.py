"""Print-shop PDFs as a print shop checks them: page boxes, bleed pixels, marks, text inside the trim, the PDF
standards' markers and validators, pure-K black, no transparency, and the same bytes every build."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.materials.page import PT_PER_MM, TEXT_SAFE_MM
from generator.materials.themes import parse_theme
from generator.errors import ConfigError
from tests.conftest import SAMPLE, make_workspace
from tests.pdf_checks import fonts
from tests.print_checks import colour_use, transparency

POSTER = ("poster", "-e", "2013-06-06-human-life", "--qr", "https://example.org/fire")
KINDS = {"poster": POSTER, "handout": ("handout", "--sign-in", "5"), "bulletin": ("bulletin", "--slogan", "Safety first")}
TRIM = {"poster": (297, 420), "handout": (210, 297), "bulletin": (420, 297)}  # the kinds' default sizes, mm


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    return make_workspace(tmp_path_factory.mktemp("shop"), {"content/sample.yaml": SAMPLE})


def render(ws: Path, name: str, *args: str) -> Path:
    target = ws / "output" / name
    result = CliRunner().invoke(cli, ["-w", str(ws), *args, "-o", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="module")
def marked(ws):
    """Every kind with crop and registration marks (so the default 3 mm bleed)."""
    return {kind: render(ws, f"{kind}-marks.pdf", *args, "--marks", "crop,cross") for kind, args in KINDS.items()}


@pytest.fixture(scope="module")
def variants(ws):
    return {(kind, variant): render(ws, f"{kind}-{variant[4:]}.pdf", *args, "--pdf-variant", variant)
            for kind, args in KINDS.items() for variant in ("pdf/x-4", "pdf/a-2b", "pdf/ua-1")}


def boxes(path: Path) -> dict[str, tuple[float, ...]]:
    """`pdfinfo -box` of the first page, in millimetres."""
    out = subprocess.run(["pdfinfo", "-box", str(path)], capture_output=True, text=True, check=True).stdout
    found = re.findall(r"^(\w+Box):\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", out, re.M)
    return {name: tuple(float(v) / PT_PER_MM for v in values) for name, *values in found}


def size(box: tuple[float, ...]) -> tuple[float, float]:
    return box[2] - box[0], box[3] - box[1]


# --- bleed and marks -----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_trim_stays_the_size_and_bleed_and_slug_surround_it(marked, kind):
    b = boxes(marked[kind])
    w, h = TRIM[kind]
    assert size(b["TrimBox"]) == pytest.approx((w, h), abs=0.05)
    assert size(b["BleedBox"]) == pytest.approx((w + 2 * 3, h + 2 * 3), abs=0.05)  # trim + 2 × bleed
    # the slug holding the marks: 4 mm out (1 mm clear of the bleed), 5 mm of mark, 1 mm spare
    assert size(b["MediaBox"]) == pytest.approx((w + 2 * 10, h + 2 * 10), abs=0.05)
    assert b["CropBox"] == b["MediaBox"]


def test_bleed_without_marks_is_the_whole_sheet(ws):
    b = boxes(render(ws, "poster-bleed5.pdf", *POSTER, "--size", "A4", "--bleed", "5"))
    assert size(b["TrimBox"]) == pytest.approx((210, 297), abs=0.05)
    assert size(b["BleedBox"]) == pytest.approx((220, 307), abs=0.05)
    assert b["MediaBox"] == b["BleedBox"]


def test_a_plain_pdf_has_no_bleed(ws):
    b = boxes(render(ws, "poster-plain.pdf", *POSTER, "--size", "A4"))
    assert b["MediaBox"] == b["BleedBox"] == b["TrimBox"]


def pixels(path: Path, dpi: int = 72):
    """The first page as an RGB image, and a function from millimetres off the trim's top-left to pixels."""
    pdf = pdfium.PdfDocument(str(path))
    image = pdf[0].render(scale=dpi / 72).to_pil().convert("RGB")
    outset = -boxes(path)["MediaBox"][0]
    return image, lambda x_mm, y_mm: image.getpixel((round((x_mm + outset) * dpi / 25.4),
                                                     round((y_mm + outset) * dpi / 25.4)))


def is_accent(rgb) -> bool:  # safety red, #c8102e
    return rgb[0] > 150 and rgb[1] < 80 and rgb[2] < 90


def test_bands_reach_the_bleed_edge_and_stop_there(marked):
    _, at = pixels(marked["poster"], dpi=150)
    w, _ = TRIM["poster"]
    # the masthead: 0.5 mm inside the bleed's edge, left, top and right, and at the trim
    for x, y in ((-2.5, 10), (40, -2.5), (w + 2.5, 10), (0.5, 0.5)):
        assert is_accent(at(x, y)), (x, y, at(x, y))
    # the slug beyond the bleed stays paper
    for x, y in ((-3.5, 10), (40, -3.5), (w + 3.5, 10)):
        assert min(at(x, y)) > 240, (x, y, at(x, y))
    _, at = pixels(marked["bulletin"], dpi=150)
    w, h = TRIM["bulletin"]
    assert is_accent(at(-2.5, 10)) and is_accent(at(w + 2.5, 10)) and is_accent(at(100, -2.5))  # masthead
    band = next(y for y in range(int(h) - 2, int(h) - 60, -1) if is_accent(at(3, y)))  # the slogan band
    assert is_accent(at(-2.5, band)) and is_accent(at(w + 2.5, band))


def test_marks_sit_in_the_slug_on_the_trim_lines(marked):
    image, at = pixels(marked["handout"], dpi=300)
    w, h = TRIM["handout"]
    dark = lambda rgb: max(rgb) < 140  # noqa: E731
    # crop marks along the trim lines, from 4 to 9 mm out; none inside the bleed
    assert dark(at(-6, 0)) and dark(at(0, -6)) and dark(at(w + 6, h)) and dark(at(w, h + 6))
    assert not dark(at(-2, 0)) and not dark(at(0, -2))
    # registration targets mid-way along each side
    assert dark(at(w / 2, -6.5)) and dark(at(-6.5, h / 2))


@pytest.mark.parametrize("kind", KINDS)
def test_text_keeps_its_safe_distance_inside_the_trim(marked, kind):
    pdf = pdfium.PdfDocument(str(marked[kind]))
    w, h = (v * PT_PER_MM for v in TRIM[kind])
    safe = TEXT_SAFE_MM * PT_PER_MM
    for page in pdf:
        text = page.get_textpage()
        for i in range(text.count_chars()):
            if text.get_text_range(i, 1).isspace():
                continue
            left, bottom, right, top = text.get_charbox(i)
            assert safe <= left and right <= w - safe and safe <= bottom and top <= h - safe, \
                (kind, text.get_text_range(i, 1), [round(v / PT_PER_MM, 1) for v in (left, bottom, right, top)])


# --- PDF variants ---------------------------------------------------------------------------------------

def xmp(pdf: pikepdf.Pdf) -> dict[str, str]:
    with pdf.open_metadata() as meta:
        return {k.split("}")[-1] if "}" in k else k: str(v) for k, v in meta.items()} | {
            "ns:" + k.split("}")[0].lstrip("{"): "" for k in meta}


@pytest.mark.parametrize("kind", KINDS)
def test_each_variant_carries_its_markers(variants, kind):
    for variant in ("pdf/x-4", "pdf/a-2b", "pdf/ua-1"):
        pdf = pikepdf.open(variants[kind, variant])
        meta = xmp(pdf)
        assert not pdf.is_encrypted and len(pdf.trailer.ID) == 2
        assert all(fonts(variants[kind, variant].read_bytes()).values()), "every font embedded"
        assert meta["title"] and pdf.docinfo.Title
        intents = list(pdf.Root.get("/OutputIntents", []))
        if variant == "pdf/x-4":
            assert pdf.pdf_version == "1.6"
            assert meta["GTS_PDFXVersion"] == "PDF/X-4" and "ns:http://www.npes.org/pdfx/ns/id/" in meta
            assert [str(i.S) for i in intents] == ["/GTS_PDFX"] and int(intents[0].DestOutputProfile.N) == 4
            assert str(pdf.docinfo.Trapped) == "/False"
            assert all("/TrimBox" in page.obj for page in pdf.pages)
        elif variant == "pdf/a-2b":
            assert (meta["part"], meta["conformance"]) == ("2", "B")
            assert [str(i.S) for i in intents] == ["/GTS_PDFA1"] and int(intents[0].DestOutputProfile.N) == 3
        else:
            assert meta["part"] == "1" and "ns:http://www.aiim.org/pdfua/ns/id/" in meta
            assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
            assert str(pdf.Root.Lang) == "en" and bool(pdf.Root.ViewerPreferences.DisplayDocTitle)


def test_pdf_ua_passes_the_pdfua_checker(variants):
    """pdfua (PyPI, pikepdf-based): the machine-checkable subset of PDF/UA-1 it implements."""
    validate = pytest.importorskip("pdfua", reason="pdfua is a test dependency (pip install -e '.[test]')").validate
    for kind in KINDS:
        report = validate(str(variants[kind, "pdf/ua-1"]))
        problems = [f for f in report.findings if str(f.severity).lower().endswith(("error", "warning"))]
        assert not problems, (kind, problems)


PREFLIGHT = [Path("/usr/share/java", jar) for jar in ("preflight.jar", "pdfbox2.jar", "fontbox2.jar", "xmpbox.jar",
                                                      "commons-logging.jar", "javax.activation.jar", "jaxb-api.jar")]
# PDF/A-1 rules PDF/A-2 dropped: cross-reference streams, the CIDSet of a subset, a filtered XMP stream,
# and OpenType font programs (FontFile3 /OpenType, PDF 1.6: the CJK faces)
A1_ONLY = {"1.4", "3.1.11", "1.2.7"}


def a1_only(code: str, message: str) -> bool:
    # 7.3 on the pdfaid namespace: a PDF/A-1 validator cannot take a part 2 identification. It shows
    # since the press step's save leaves the XMP unfiltered (qpdf does, for PDF/A), so PDFBox reads it.
    return (code in A1_ONLY or code == "3.1.3" and "/Subtype /OpenType in /FontFile3" in message
            or code == "7.3" and message.endswith("http://www.aiim.org/pdfa/ns/id/"))


@pytest.mark.skipif(not (shutil.which("java") and all(p.is_file() for p in PREFLIGHT)),
                    reason="Apache PDFBox Preflight is not installed (make system installs it)")
def test_pdf_a_passes_pdfbox_preflight_but_for_pdf_a1_only_rules(variants):
    for kind in KINDS:
        run = subprocess.run(["java", "-cp", ":".join(map(str, PREFLIGHT)), "org.apache.pdfbox.preflight.Validator_A1b",
                              str(variants[kind, "pdf/a-2b"])], capture_output=True, text=True, timeout=120)
        codes = re.findall(r"^([\d.]+) : (.*)$", run.stdout, re.M)
        assert codes or "is a valid PDF/A-1b" in run.stdout, run.stdout + run.stderr
        assert [c for c in codes if not a1_only(*c)] == [], (kind, run.stdout)


# --- preflight: pure black, no transparency ------------------------------------------------------------

def near_black(colour) -> bool:
    """A black a RIP would print on four plates, or as a screened grey: anything dark but pure K."""
    space, values = colour
    if space != "/DeviceCMYK":
        return True
    c, m, y, k = values
    return (k >= 0.8 or c + m + y + k >= 2.5) and (c, m, y, k) != (0, 0, 0, 1)


@pytest.mark.parametrize("kind", KINDS)
def test_x4_prints_black_text_and_rules_on_the_k_plate_alone(variants, kind):
    use = colour_use(pikepdf.open(variants[kind, "pdf/x-4"]))
    assert use.rgb == 0, f"{use.rgb} RGB colour operators in a PDF/X-4"
    assert all(space == "/DeviceCMYK" for space, _ in use.text_fills), use.text_fills
    assert use.text_fills[("/DeviceCMYK", (0.0, 0.0, 0.0, 1.0))] > 0, use.text_fills  # the ink: pure K
    assert use.fills[("/DeviceCMYK", (0.0, 0.0, 0.0, 1.0))] > 0, use.fills  # rules are drawn as fills
    dark = [c for c in [*use.text_fills, *use.fills, *use.strokes] if near_black(c)]
    assert not dark, dark


def test_mono_x4_has_nothing_but_k(ws):
    use = colour_use(pikepdf.open(render(ws, "poster-mono-x4.pdf", *POSTER, "--theme", "mono",
                                         "--pdf-variant", "pdf/x-4")))
    for space, values in {**use.text_fills, **use.fills, **use.strokes}:
        assert space == "/DeviceCMYK" and values[:3] == (0, 0, 0), (space, values)


@pytest.mark.parametrize("args", [KINDS["poster"], KINDS["poster"] + ("--theme", "mono"), KINDS["handout"],
                                  KINDS["bulletin"]], ids=["poster", "poster-mono", "handout", "bulletin"])
def test_no_kind_uses_transparency(ws, args):
    path = render(ws, "plain-" + "-".join(a for a in args if a.isalpha()) + ".pdf", *args)
    assert transparency(pikepdf.open(path)) == []


def test_marks_and_variants_add_no_transparency(marked, variants):
    for path in [*marked.values(), *variants.values()]:
        assert transparency(pikepdf.open(path)) == [], path.name


# --- themes' CMYK --------------------------------------------------------------------------------------

THEME = (Path(__file__).resolve().parent.parent / "templates" / "themes" / "safety.toml").read_text(encoding="utf-8")


def test_a_theme_may_give_cmyk_and_a_bad_value_is_named():
    theme = parse_theme("t", THEME.encode(), "t.toml")
    assert theme.cmyk_of("ink") == (0, 0, 0, 100) and theme.cmyk_of("accent") == (0, 100, 85, 10)
    assert theme.cmyk_of("muted")[:3] == (0, 0, 0)  # a grey goes on the black plate alone
    bad = THEME.replace("ink = [0, 0, 0, 100]", "ink = [0, 0, 100]").replace("[cmyk]", "[cmyk]\nsky = [1, 2, 3, 4]")
    with pytest.raises(ConfigError) as caught:
        parse_theme("t", bad.encode(), "t.toml")
    messages = [p.message for p in caught.value.problems]
    assert "[cmyk] ink = [0, 0, 100] is not four percentages" in messages
    assert "[cmyk] sky is not a colour of the theme" in messages


# --- what goes together, and DOCX -----------------------------------------------------------------------

def test_office_and_print_shop_settings_are_refused_together(ws):
    result = CliRunner().invoke(cli, ["-w", str(ws), *POSTER, "--size", "A1", "--tile", "A4", "--marks", "crop"])
    assert result.exit_code == 1
    assert "tile is for an office printer and marks for a print shop: they do not go together" in result.output
    result = CliRunner().invoke(cli, ["-w", str(ws), "handout", "--marks", "dots"])
    assert result.exit_code == 2 and "crop,cross" in result.output


def test_docx_says_once_that_it_leaves_the_print_settings_out(ws):
    result = CliRunner().invoke(cli, ["-w", str(ws), "handout", "--bleed", "3", "--pdf-variant", "pdf/a-2b",
                                      "-o", str(ws / "output" / "h.docx")])
    assert result.exit_code == 0, result.output
    assert result.output.count("DOCX ignores bleed, pdf_variant") == 1, result.output


# --- the same bytes -------------------------------------------------------------------------------------

DETERMINISM = """\
[campaign]
title = "Fire Safety Week"

[[materials]]
name = "shop-poster"
kind = "poster"
excerpts = ["2013-06-06-human-life"]
marks = "crop,cross"
pdf_variant = "pdf/x-4"
outputs = ["pdf", "png"]
dpi = 20

[[materials]]
name = "archive"
kind = "handout"
bleed = 3
pdf_variant = "pdf/a-2b"

[[materials]]
name = "screen"
kind = "bulletin"
pdf_variant = "pdf/ua-1"

[[materials]]
name = "tiled"
kind = "poster"
excerpts = ["2020-04-life"]
size = "A2"
tile = "A4"

[[materials]]
name = "folded"
kind = "handout"
size = "A5"
booklet = true
"""


def test_print_settings_give_the_same_bytes_in_two_builds(tmp_path):
    ws = make_workspace(tmp_path, {"content/s.yaml": SAMPLE, "presswork.toml": DETERMINISM})
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}

    def build() -> dict[str, bytes]:
        run = subprocess.run([sys.executable, "-m", "generator", "-w", str(ws), "build", "--force"],
                             capture_output=True, text=True, env=env, timeout=600)
        assert run.returncode == 0, run.stdout + run.stderr
        return {p.name: p.read_bytes() for p in sorted((ws / "output").iterdir()) if not p.name.startswith(".")}

    first = build()
    assert set(first) == {"shop-poster.pdf", "shop-poster.png", "archive.pdf", "screen.pdf", "tiled.pdf",
                          "folded.pdf"}
    assert first == build()
    assert len(pikepdf.open(io.BytesIO(first["folded.pdf"])).pages) % 2 == 0
