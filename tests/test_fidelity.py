"""The fidelity checker finds what a designer would circle on a page: each check on a page made to fail it."""

from __future__ import annotations

import pytest
from weasyprint import HTML

from tests.conftest import REPO
from tests.fidelity import font_sizes_of, inspect

PAGE = "<style>@page { size: 100mm 100mm; margin: 10mm } body { font: 12pt 'Noto Sans'; margin: 0 }</style>"


def pdf(body: str) -> bytes:
    return HTML(string=PAGE + body).write_pdf()


def test_text_cut_by_its_box_is_clipped_even_though_it_extracts():
    cut = inspect(pdf('<div style="height: 9pt; overflow: hidden; font-size: 12pt">Safety yearly</div>'))
    assert cut.pages[0].clipped and "Safety" in cut.pages[0].text
    assert {c.text for c in cut.clipped} >= {"Safety"}
    whole = inspect(pdf('<div style="height: 40pt; overflow: hidden; font-size: 12pt">Safety yearly</div>'))
    assert whole.clipped == []


def test_a_descender_cut_below_the_baseline_is_found():
    facts = inspect(pdf('<div style="height: 13pt; line-height: 13pt; overflow: hidden; font-size: 16pt">'
                        'yyy</div>'))
    assert [c.text for c in facts.clipped] == ["yyy"]


def test_text_outside_the_trim_is_off_the_page():
    facts = inspect(pdf('<p style="position: absolute; left: -30mm">Outside</p><p>Inside</p>'))
    assert facts.off_page == ["Outside"]


def test_opacity_is_transparency_and_a_solid_page_has_none():
    assert inspect(pdf('<p style="opacity: 0.9">Faded</p>')).transparency
    assert inspect(pdf('<p style="color: #333">Solid</p>')).transparency == []


def test_colour_is_seen_and_grey_is_grey():
    assert not inspect(pdf('<p style="color: #c00; font-size: 40pt">Red</p>')).pages[0].grey_only
    assert inspect(pdf('<p style="color: #444; font-size: 40pt">Grey</p>')).pages[0].grey_only


@pytest.mark.parametrize("gap_mm, blank_at_least", [(60, 0.55), (0, 0.0)])
def test_the_tallest_blank_band_is_measured(gap_mm, blank_at_least):
    facts = inspect(pdf(f'<p style="margin: 0 0 {gap_mm}mm; font-size: 30pt">Top</p>'
                        '<p style="margin: 0; font-size: 30pt">Next</p>'))
    blank = facts.pages[0].largest_blank
    assert blank >= blank_at_least
    if gap_mm:
        assert blank < 0.8


# the handout's note lines as the themes draw them (handout.css .notes .line): calm's pale 0.5 pt rule,
# a fainter 0.25 pt one, mono's 0.4 pt dotted black; at 24 dpi each is under a fifth of a pixel
HAIRLINES = ["0.5pt solid #d5ddd8", "0.25pt solid #d5ddd8", "0.4pt dotted #000", "0.25pt dashed #eeeeee"]


@pytest.mark.parametrize("rule", HAIRLINES)
@pytest.mark.parametrize("offset_pt", [0, 0.4, 0.9])      # where the rules fall between pixel rows
def test_a_page_of_hairline_rules_is_not_blank(rule, offset_pt):
    # 20 rules 9.4 pt apart fill the page down to its last sixth; unseen, it would be 84 % blank
    lines = "".join(f'<div style="height: 9.4pt; border-bottom: {rule}"></div>' for _ in range(20))
    facts = inspect(pdf(f'<p style="margin: 0 0 {offset_pt}pt">Notes</p>{lines}'))
    assert facts.pages[0].largest_blank < 0.2


def test_a_hairline_marks_only_its_own_rows():
    """A tall box with only a bottom rule is blank inside; a white rule on white paper is no ink."""
    box = inspect(pdf('<p style="margin: 0">Top</p><div style="height: 60mm; border-bottom: 0.5pt solid #ccc"></div>'))
    assert 0.55 < box.pages[0].largest_blank < 0.7
    white = inspect(pdf('<p style="margin: 0">Top</p><div style="height: 30mm; border-bottom: 0.5pt solid #fff"></div>'))
    assert white.pages[0].largest_blank > 0.75


def test_type_sizes_of_a_phrase():
    assert font_sizes_of(pdf('<p style="font-size: 20pt">Big <span style="font-size: 8pt">small</span></p>'),
                         "small") == pytest.approx([8.0] * 5, abs=0.05)


def test_fonts_are_embedded_and_no_glyph_is_missing():
    facts = inspect(pdf("<p>Plain text 安全</p>"))
    assert facts.unembedded == [] and facts.missing_glyphs == 0


# --- the fast matrix: one cell per kind and language, PDF and DOCX through LibreOffice -----------

def _matrix():
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("fidelity_matrix", REPO / "scripts" / "fidelity.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module          # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


ENFORCED = ("size", "pages", "clipped", "off-page", "glyphs", "fonts", "transparency", "mono", "blank", "floor",
            "centred", "sign-in")


def test_the_fast_matrix_is_clean_page_by_page():
    """`make fidelity` runs every cell; `make test` this diagonal of it (scripts/fidelity.py --fast)."""
    matrix = _matrix()
    assert set(ENFORCED) == set(matrix.CHECKS)
    results = matrix.run(fast=True, keep=None)
    assert len(results) == 2 * len(matrix.cells(fast=True)) and all(r.pages >= 1 for r in results)
    faults = [(r.output, check, message) for r in results for check, message in r.faults
              if check in ENFORCED]
    assert faults == []
