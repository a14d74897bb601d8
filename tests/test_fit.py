"""The poster auto-fit on 100 real posters: nothing cut off, the quote as large as fits, few layouts each."""

from __future__ import annotations

import math
import statistics
from collections import Counter, OrderedDict

import pytest

import generator.writers.pdf as pdf_writer
from generator.materials.plans.text_width import break_units, line_count, text_ems
from generator.writers.render import render_material
from tests import engine
from tests.poster_set import material, placement, poster_cases, write_workspace

LAYOUTS_PER_POSTER = 1.25   # the target, on average over the set
LARGER = 1.03               # a quote 3% larger than the fit chose would not fit


@pytest.fixture(scope="module")
def counted():
    """Layouts WeasyPrint makes, counted (none reused from another test): `calls` grows by one each."""
    calls: list[int] = []
    real = pdf_writer._layout
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pdf_writer, "_layout", lambda *a, **k: calls.append(1) or real(*a, **k))
        mp.setattr(pdf_writer, "_LAYOUTS", OrderedDict())
        yield calls


@pytest.fixture(scope="module")
def posters(tmp_path_factory, counted):
    """Each case of the set fitted as `presswork poster` fits it: (case, fitted, layouts, where the quote landed)."""
    ws = write_workspace(tmp_path_factory.mktemp("poster-set"))
    done = []
    for case in poster_cases(ws):
        counted.clear()
        fitted, _ = engine.fit(ws, material(ws, case))
        layouts = len(counted)
        done.append((case, fitted, layouts, placement(ws, fitted)))   # the layout just made, kept: no new one
    return ws, done


def test_the_set_is_100_posters_from_the_shipped_content_and_chinese(posters):
    _, done = posters
    cases = [case for case, *_ in done]
    assert len(cases) == len(set(cases)) == 100
    assert {c.size for c in cases} == {"A3", "A4", "A5"}
    assert any(c.pull for c in cases) and any(c.qr for c in cases)
    assert sum("zh" in c.ref or "renming" in c.ref or "shengming" in c.ref for c in cases) >= 10


def test_every_poster_is_one_page_with_the_quote_inside_its_area(posters):
    _, done = posters
    assert [str(case) for case, *_, at in done if at.pages != 1] == []
    assert [(str(case), round(at.overhang, 1)) for case, *_, at in done if not at.inside] == []


def test_the_quote_is_as_large_as_fits(posters):
    ws, done = posters
    roomy = []
    for case, fitted, *_ in done:
        cap = fitted.page.width_pt / 7 - 1
        larger = round(fitted.quote_pt * LARGER, 1)
        if fitted.quote_pt < cap and placement(ws, fitted.with_quote_size(larger)).inside:
            roomy.append((str(case), fitted.quote_pt))
    assert roomy == []


def test_posters_take_few_layouts(posters):
    _, done = posters
    layouts = [n for *_, n, _ in done]
    spread = dict(sorted(Counter(layouts).items()))
    assert statistics.mean(layouts) <= LAYOUTS_PER_POSTER, spread
    assert max(layouts) <= 3, spread


def test_the_pdf_is_written_from_the_last_layout_of_the_fit(posters, counted):
    """Rendering a poster costs the fit's layouts and no more: the one chosen is the one written."""
    ws, done = posters
    for case, fitted, layouts, _ in [d for d in done if d[0].pull]:
        counted.clear()
        pdf = render_material(material(ws, case), ("pdf",), engine.setting(ws))["pdf"][0]
        assert (pdf.pages, len(counted)) == (1, layouts), case


def test_a_word_too_wide_for_the_page_sets_the_size(tmp_path):
    """A one-word quote stops where the word fits the measure, not where its height would."""
    from tests.conftest import make_workspace
    from generator.content.workspace import Workspace
    from tests.poster_set import PosterCase

    ws = Workspace.open(make_workspace(tmp_path, {"content/w.yaml": (
        "title: W\nexcerpts:\n  - id: word\n    date: 2020\n    source: A speech\n"
        "    text: Responsibility.\n")}))
    fitted, notes = engine.fit(ws, material(ws, PosterCase("word", "A4")))
    at = placement(ws, fitted)
    assert notes == () and at.inside
    assert at.widest > 0.95                 # the word spans the measure
    assert not placement(ws, fitted.with_quote_size(round(fitted.quote_pt * LARGER, 1))).inside


# --- the estimator the first guess comes from ---------------------------------------------------

def test_lines_break_where_a_layout_engine_breaks_them():
    assert break_units("bottom-line thinking, “full coverage”.") == ["bottom-", "line ", "thinking, ", "“full ",
                                                                       "coverage”."]
    # closing marks stay with the character before; joiners (typography.py) hold two characters together
    assert break_units("人命关\u2060天，发展") == ["人", "命", "关\u2060天，", "发", "展"]
    assert break_units("“安全”说") == ["“安", "全”说"]


def test_widths_count_what_is_drawn():
    assert text_ems("人命\u200d关天", "quote") == 4
    assert text_ems("“安全”", "quote") == 4            # curly quotes beside Chinese are set full width
    assert text_ems("mum", "quote") > text_ems("ill", "quote") * 2
    assert math.isclose(text_ems("abc", "body"), 3 * 0.48)


def test_line_count():
    assert line_count("one two three", 100) == 1
    assert line_count("one two three", 3.5) == 2    # "one two" is 3.36 ems at 0.48 an em
    assert line_count("one two three", 3) == 3
    assert line_count("人命关天发展", 3) == 2
    assert line_count("Incomprehensibilities", 2) == 1   # an unbreakable word takes a line of its own
