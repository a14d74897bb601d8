"""Posters as printed: one page of the right size, the quote as large as fits, fonts embedded."""

from __future__ import annotations

import math
import re

import pytest

from tests import engine as pipeline
from generator.errors import ConfigError, RenderError
from generator.materials.material import compose
from generator.materials.options import RenderOptions
from generator.writers.pdf import measure
from generator.content.selection import Selection
from generator.content.workspace import Workspace
from tests.conftest import REPO, SAMPLE, make_workspace
from tests.pdf_checks import assert_in_order, flat, fonts, page_sizes, page_texts, reader
from tests.poster_set import placement

LONG = " ".join(f"Sentence {i} keeps every workplace safe, and every worker goes home well." for i in range(1, 19))


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Workspace:
    extra = ("  - id: long-200\n    date: 2021-03\n    source: A long speech\n    pull_quote: Short and clear.\n"
             f"    text: |\n      {LONG}\n")
    root = make_workspace(tmp_path_factory.mktemp("poster"), {"content/sample.yaml": SAMPLE + extra})
    return Workspace.open(root)


def render(ws: Workspace, ref: str, tmp_path, **options):
    out = tmp_path / "poster.pdf"
    written = pipeline.render(ws, "poster", Selection(refs=(ref,)), RenderOptions(**options), out)
    assert [w.warnings for w in written] == [()]
    return out.read_bytes()


def fitted(ws: Workspace, ref: str, **options):
    passages = pipeline.choose_passages(ws, "poster", Selection(refs=(ref,)))
    material = compose("poster", passages, RenderOptions(**options), pipeline.theme_for(ws, None))
    return pipeline.fit(ws, material)


def test_a3_poster_page_text_and_fonts(ws, tmp_path):
    pdf = render(ws, "2013-06-06-human-life", tmp_path, org="Riverside Works", date="June 2026")
    assert page_sizes(pdf) == [(842, 1191)]
    text = flat(page_texts(pdf)[0])
    assert_in_order(text, "Fire Safety Week", "Human life is at stake.", "Always put people’s lives first.",
                    "June 6, 2013", "Instructions on production safety", "Riverside Works", "June 2026")
    used = fonts(pdf)
    assert used and all(used.values()), used


def test_quote_is_set_as_large_as_fits_and_never_overflows(ws):
    sizes = {}
    for ref in ("2020-04-life", "2013-07-18-responsibility", "long-200"):
        material, notes = fitted(ws, ref)
        assert notes == ()
        html = pipeline.build_html(ws, material)
        m = measure(html, ws.root, pipeline.allowed_roots(ws), pipeline.stylesheet_paths(ws, "poster"))
        at_cap = material.quote_pt >= material.page.width_pt / 7 - 1
        assert m.fits and placement(ws, material).inside, ref
        assert m.needed >= 0.85 * m.available or at_cap, ref
        # a step larger would overflow (or the quote is already at its cap)
        assert not placement(ws, material.with_quote_size(material.quote_pt * 1.1)).inside or at_cap, ref
        sizes[ref] = material.quote_pt
    assert sizes["2020-04-life"] > sizes["2013-07-18-responsibility"] > sizes["long-200"] >= 14


@pytest.mark.parametrize("size", ["A3", "A4"])
def test_shipped_excerpts_fit_without_clipping(size):
    """The real content, with a long source line and a QR code in the footer: nothing is cut off."""
    ws = Workspace.open(REPO)
    for passage in pipeline.choose_passages(ws, "handout", Selection()):
        for pull in (False, True):
            material, _ = fitted(ws, passage.excerpt.id, size=size, qr="https://example.org/spm",
                                 org="Riverside Works", pull=pull, allow_small=True)
            at = placement(ws, material)
            assert at.inside, (passage.excerpt.id, size, pull, at.overhang)


def test_a_long_word_is_never_cut_at_the_right_edge():
    """The A4 poster of "This must be an insurmountable red line.": sized by height alone, the word was cut off."""
    ws = Workspace.open(REPO)
    material, _ = fitted(ws, "2013-06-06-human-life-is-at-stake:1:2", size="A4", qr="https://example.org/spm",
                         org="Riverside Works")
    at = placement(ws, material)
    assert at.inside and any("insurmountable" in text for text, *_ in at.lines)


def text_sizes(pdf: bytes) -> list[tuple[str, float]]:
    """Each run of text on the first page with the size it is printed at, in points."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
            runs.append((text.strip(), round(size * scale, 1)))

    reader(pdf).pages[0].extract_text(visitor_text=visit)
    return runs


def test_html_output_is_the_page_the_pdf_is_made_from(ws, tmp_path):
    """`-o poster.html` carries the fitted quote size: the size the PDF prints the quote at, not 36 pt."""
    for ref, quote in (("2013-06-06-human-life", "Human life is at stake. This must be a red line."),
                       ("long-200", LONG)):
        html_path, pdf_path = tmp_path / f"{ref}.html", tmp_path / f"{ref}.pdf"
        for out in (html_path, pdf_path):
            written = pipeline.render(ws, "poster", Selection(refs=(ref,)), RenderOptions(), out)
            assert [w.warnings for w in written] == [()]
        html = html_path.read_text(encoding="utf-8")
        assert "<style" in html                    # self-contained: it opens in a browser as it prints
        in_html = re.findall(r'<blockquote id="quote"[^>]*style="font-size: ([\d.]+)pt"', html)
        assert len(in_html) == 1
        in_pdf = {size for text, size in text_sizes(pdf_path.read_bytes()) if len(text) > 3 and text in quote}
        assert in_pdf == {round(float(in_html[0]), 1)} and in_pdf != {36.0}, (in_html, in_pdf)


def test_200_word_excerpt_is_still_one_page(ws, tmp_path):
    pdf = render(ws, "long-200", tmp_path)
    assert len(reader(pdf).pages) == 1
    assert "Sentence 18 keeps every workplace safe" in flat(page_texts(pdf)[0])


def test_a_quote_below_the_floor_is_refused_with_the_fix_unless_allowed_small(ws):
    with pytest.raises(RenderError) as refused:
        fitted(ws, "long-200", size="A5")
    problem = str(refused.value)
    assert "below the 12 pt that reads from a distance on A5" in problem
    assert "--pull" in problem and "larger --size" in problem and "--allow-small" in problem
    material, notes = fitted(ws, "long-200", size="A5", allow_small=True)
    assert material.quote_pt < pipeline.quote_floor_pt(material)
    assert "use --pull" in notes[0] and "larger --size" in notes[0]


def test_allow_small_and_the_refusal_through_the_cli(run, ws, tmp_path):
    out = tmp_path / "p.pdf"
    refused = run("poster", "-e", "long-200", "--size", "A5", "-o", str(out), ws=ws.root)
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "--allow-small" in refused.stderr and not out.exists()
    allowed = run("poster", "-e", "long-200", "--size", "A5", "--allow-small", "-o", str(out), ws=ws.root)
    assert allowed.exit_code == 0 and "Warning:" in allowed.stderr and out.exists()


def test_pull_quote_and_its_absence(ws, tmp_path):
    pdf = render(ws, "long-200", tmp_path, pull=True)
    text = flat(page_texts(pdf)[0])
    assert "Short and clear." in text and "Sentence 1 " not in text
    with pytest.raises(ConfigError, match="has no pull_quote"):
        fitted(ws, "2020-04-life", pull=True)


def test_poster_needs_exactly_one_passage(ws):
    with pytest.raises(ConfigError, match=r"pass -e ID with one of: 2013-06-06-human-life, "):
        pipeline.choose_passages(ws, "poster", Selection())
    with pytest.raises(ConfigError, match="a poster shows one passage, and 2 were selected"):
        compose("poster", pipeline.choose_passages(ws, "poster", Selection(tags=("red-line",))),
                RenderOptions(), pipeline.theme_for(ws, None))


def test_chinese_poster_embeds_an_sc_font(ws, tmp_path):
    pdf = render(ws, "2016-zh", tmp_path, lang="zh")
    names = list(fonts(pdf))
    assert any("CJK" in n and "SC" in n for n in names), names
    assert not any("JP" in n for n in names)
    assert_in_order(page_texts(pdf)[0].replace("\n", ""), "人命关天", "2016年", "重要讲话")


def test_qr_code_is_vector(ws, tmp_path):
    pdf = render(ws, "2020-04-life", tmp_path, qr="https://example.org/safety")
    page = reader(pdf).pages[0]
    xobjects = page["/Resources"].get("/XObject", {})
    assert all(x.get_object().get("/Subtype") != "/Image" for x in xobjects.values())
    assert b"/Image" not in pdf


def test_pdf_metadata(ws, tmp_path):
    meta = reader(render(ws, "2013-06-06-human-life", tmp_path, org="Riverside Works")).metadata
    assert meta["/Title"] == "Fire Safety Week" and meta["/Author"] == "Riverside Works"
    assert meta["/Keywords"] == "red-line"


@pytest.mark.parametrize("theme", ["safety", "hazard", "civic", "calm", "mono"])
def test_every_theme_renders_cleanly(ws, tmp_path, theme):
    pdf = render(ws, "2013-06-06-human-life", tmp_path, theme=theme, qr="https://example.org")
    assert page_sizes(pdf) == [(842, 1191)]
    if theme == "mono":
        from generator.writers.png import pdf_to_pngs
        from PIL import Image
        import io

        image = Image.open(io.BytesIO(pdf_to_pngs(pdf, 30)[0])).convert("RGB")
        colours = {c for _, c in image.getcolors(maxcolors=1 << 20)}
        assert all(r == g == b for r, g, b in colours), "mono must print black on white only"


def test_quote_that_cannot_fit_fails_clearly(tmp_path):
    text = " ".join(["Every worker deserves to go home safe at the end of the day."] * 500)
    root = make_workspace(tmp_path, {"content/x.yaml": f"title: X\nexcerpts:\n  - id: huge\n    text: {text}\n"})
    ws = Workspace.open(root)
    with pytest.raises(RenderError, match="does not fit the poster even at 6 pt"):
        fitted(ws, "huge", size="A5")
