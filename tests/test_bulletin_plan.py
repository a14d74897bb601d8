"""The bulletin planner on its own: the body-type rule, the hero, what each box shows, every box placed once and in order, sheets never over-full."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace

import pytest

from tests import engine as pipeline
from generator.materials.plans.bulletin import (
    BoxEstimate,
    BulletinPlan,
    Sheet,
    fill_page,
    pack_pages,
    plan_bulletin,
    text_ems,
)
from generator.materials.plans.bulletin_boxes import MAX_LINE_EM, BoxText, variants
from generator.materials.material import Item, Material, compose
from generator.materials.options import RenderOptions
from generator.materials.page import parse_page
from generator.content.selection import Selection
from generator.content.workspace import Workspace
from tests.conftest import REPO

SENTENCE = "Safety inspections must cover every site, tolerate nothing, enforce strictly and fix hazards."


@pytest.fixture(scope="module")
def shipped() -> Material:
    """The shipped collection as the shipped campaign prints it: A3 landscape, three columns."""
    ws = Workspace.open(REPO)
    passages = pipeline.choose_passages(ws, "bulletin", Selection())
    return compose("bulletin", passages, RenderOptions(issue="6"), pipeline.theme_for(ws, None),
                   ws.config.get("campaign", {}))


def item(number: int, sentences: int, paragraphs: int = 1, lang: str = "en",
         iso_date: str | None = "2020-04", pull_quote: str = "") -> Item:
    text = "安全第一，预防为主，综合治理。" if lang == "zh" else SENTENCE
    return Item(number=number, ref=f"n{number}", paragraphs=(" ".join([text] * sentences),) * paragraphs,
                date=iso_date or "", iso_date=iso_date, source="Remarks at the works safety meeting",
                attribution="", tags=(), lang=lang, pull_quote=pull_quote)


def estimate_box(it: Item, sheet: Sheet, room: float) -> BoxEstimate:
    """The box of `it` showing its whole text, as the packer sees it."""
    return BoxText.of(it, variants(it, None)[0], it.date, it.source).estimate(sheet, room)


def varied(count: int = 12) -> tuple[Item, ...]:
    """Short, long and very long boxes, one undated, dates out of order."""
    shapes = [(2, 1), (6, 2), (30, 3), (1, 1), (12, 2), (60, 1), (9, 3), (3, 1), (4, 2), (20, 1), (8, 2), (2, 1)]
    return tuple(item(i + 1, sentences, paragraphs, iso_date=None if i == 5 else f"{2024 - i}-{i % 12 + 1:02d}")
                 for i, (sentences, paragraphs) in enumerate(shapes[:count]))


def placed(plan: BulletinPlan) -> list[int]:
    return [i for page in plan.pages for region in page for i in region.items]


def shown(plan: BulletinPlan) -> list[int]:
    """The boxes that print (a box whose whole text the hero prints is not repeated)."""
    return [box.item for box in plan.boxes if box.shows != "none"]


# --- the plan as a whole ------------------------------------------------------------------------

def test_shipped_content_is_one_page_of_three_columns(shipped):
    plan = plan_bulletin(shipped)
    assert len(plan.pages) == 1 and placed(plan) == [0, 1, 2] and not plan.numbered and plan.sheet_labels == ()
    assert sum(region.width for region in plan.pages[0]) == 3
    assert plan.em == pytest.approx(14, abs=0.01) and plan.title_lines == 1
    # the series less what repeats the title: "Safety Production Month | Special Study" over that title
    assert plan.slogan_pt is not None and plan.kicker == "Special Study" and plan.has_meta
    assert [[stop.number for stop in row] for row in plan.timeline] == [[1, 2, 3]]


@pytest.mark.parametrize("size, landscape, columns", [
    ("A3", True, 1), ("A3", True, 2), ("A3", True, 3), ("A3", True, 4),
    ("A3", False, 2), ("A2", True, 3), ("A2", False, 4),
])
def test_every_item_is_placed_once_in_order_and_pages_are_full_width(shipped, size, landscape, columns):
    m = replace(shipped, items=varied(), page=parse_page(size, landscape, "bulletin"), columns=columns)
    plan = plan_bulletin(m)
    assert placed(plan) == shown(plan) and len(shown(plan)) >= len(m.items) - 1
    for page in plan.pages:
        assert page, "an empty page"
        # leftover columns go to the tallest region, so a page is exactly as wide as the sheet
        assert sum(region.width for region in page) == columns
        for region in page:
            assert 1 <= region.width <= columns and region.items
            assert len(region.text_columns) == len(region.items) and min(region.text_columns) >= 1


@pytest.mark.parametrize("size, landscape, rule", [
    ("A4", False, 11.77), ("A4", True, 11.77), ("A3", True, 14.0), ("A3", False, 14.0), ("A2", True, 16.65),
])
def test_box_text_is_never_below_the_body_type_rule(shipped, size, landscape, rule):
    for items in (shipped.items, varied()):
        plan = plan_bulletin(replace(shipped, items=items, page=parse_page(size, landscape, "bulletin")))
        assert plan.em == pytest.approx(rule, abs=0.01)
        assert min(box.pt for box in plan.boxes if box.shows != "none") >= plan.em


def test_a2_sets_larger_type_than_a3(shipped):
    a3 = plan_bulletin(shipped)
    a2 = plan_bulletin(replace(shipped, page=parse_page("A2", True, "bulletin")))
    assert a2.em == pytest.approx(16.65, abs=0.01) and a2.title_pt > a3.title_pt and a2.gap > a3.gap


def test_short_content_is_set_larger_and_long_content_is_shortened(shipped):
    # the shipped 540-word speech does not fit one A3 sheet in notice-board type: it is shortened
    plan = plan_bulletin(shipped)
    assert plan.boxes[1].more and plan.boxes[1].shows in ("first", "pull")
    assert all(box.pt >= 14 for box in plan.boxes)
    short = plan_bulletin(replace(shipped, items=tuple(item(i, 2) for i in (1, 2, 3))))
    assert len(short.pages) == 1 and short.fill <= 0.95
    assert all(14 < box.pt <= 1.7 * 14 for box in short.boxes if box.shows != "none")
    assert short.foot_em == pytest.approx(14)  # the timeline keeps the page's base size
    # and never as large as the hero
    assert max(box.pt for box in short.boxes) < short.hero.pt


def test_the_timeline_lists_dated_items_in_date_order_in_even_rows(shipped):
    plan = plan_bulletin(replace(shipped, items=varied()))
    stops = [stop for row in plan.timeline for stop in row]
    assert [stop.iso_date for stop in stops] == sorted(item.iso_date for item in varied() if item.iso_date)
    assert 6 not in [stop.number for stop in stops]  # the undated one
    assert [len(row) for row in plan.timeline] == [6, 5]


def test_no_dated_items_and_no_slogan_leave_the_foot_out(shipped):
    m = replace(shipped, items=tuple(replace(i, iso_date=None) for i in shipped.items), slogan=None)
    plan = plan_bulletin(m)
    assert plan.timeline == () and plan.slogan_pt is None and placed(plan) == [0, 1, 2]


def test_a_long_title_goes_on_two_lines_and_a_repeated_series_is_not_a_kicker(shipped):
    long_title = "Important expositions on work safety and the prevention of accidents at work"
    plan = plan_bulletin(replace(shipped, title=long_title, series=long_title))
    assert plan.title_lines == 2 and plan.kicker is None
    short = plan_bulletin(replace(shipped, title="Safety", series="Safety Production Month"))
    assert short.title_lines == 1 and short.kicker == "Safety Production Month"
    assert short.title_pt > plan.title_pt


def test_the_planner_imports_no_layout_engine_or_docx():
    code = ("import sys, generator.materials.plans.bulletin; "
            "print(sorted(m for m in ('weasyprint', 'docx') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_template_writes_the_plan_out(shipped):
    m = replace(shipped, items=varied())
    plan = plan_bulletin(m)
    html = pipeline.build_html(Workspace.open(REPO), m)
    assert html.count('<main class="boxes">') == len(plan.pages)
    assert html.count('class="region"') == sum(len(page) for page in plan.pages)
    assert html.count('<article class="box ') == len(shown(plan))
    assert f"--em: {plan.em:.2f}pt" in html
    bodies = re.findall(r'data-box="(\d+)">.*?<div class="box-body" style="--box-pt: [\d.]+pt; font-size: ([\d.]+)pt', html, re.S)
    assert [(int(i), float(pt)) for i, pt in bodies] == [(i, round(plan.boxes[i].pt, 2)) for i in placed(plan)]


# --- box estimates ------------------------------------------------------------------------------

def test_text_ems_counts_cjk_as_a_full_em():
    assert text_ems("安全", 0.5) == 2
    assert text_ems("ab", 0.5) == 1
    assert text_ems("安全 first", 0.48) == pytest.approx(2 + 6 * 0.48)


def test_a_box_taller_than_a_column_spans_several_columns(shipped):
    sheet = Sheet(shipped.page.width_pt, shipped.page.height_pt, 3)
    room = 720.0
    short = estimate_box(item(1, 2), sheet, room)
    long_ = estimate_box(item(2, 30), sheet, room)
    assert short.span == 1
    assert long_.heights[0] > room and long_.span == 2 and long_.heights[1] <= room
    assert list(long_.heights) == sorted(long_.heights, reverse=True)  # wider is shorter
    # and on the sheet it gets a region more than one column wide, whole
    plan = plan_bulletin(replace(shipped, items=(item(1, 2), item(2, 14))))
    assert [region.width for page in plan.pages for region in page if 1 in region.items][0] > 1
    assert plan.boxes[1].shows == "full" and plan.boxes[1].span > 1


def test_a_wide_box_sets_its_text_in_columns_so_no_line_runs_long(shipped):
    sheet = Sheet(shipped.page.width_pt, shipped.page.height_pt, 3)
    for it in (item(1, 3), item(2, 40), item(3, 12, lang="zh")):
        text = BoxText.of(it, variants(it, None)[0], it.date, it.source)
        for span in (1, 2, 3):
            columns = text.columns(sheet, span, sheet.em)
            measure = (text.text_width(sheet, span, sheet.em) - (columns - 1) * 1.6 * sheet.em) / columns
            assert measure / sheet.em <= MAX_LINE_EM[it.lang]
    # three columns of A3 landscape are about 170 characters wide: at least two text columns
    assert estimate_box(item(1, 3), sheet, 10_000).text_columns[2] >= 2
    assert estimate_box(item(1, 3), sheet, 10_000).text_columns[0] == 1


def test_chinese_text_sets_taller_than_the_same_count_of_latin_characters(shipped):
    sheet = Sheet(shipped.page.width_pt, shipped.page.height_pt, 3)
    zh = estimate_box(item(1, 20, lang="zh"), sheet, 10_000)  # 300 characters, a full em each
    en = estimate_box(item(1, 3), sheet, 10_000)              # about 280 characters
    assert zh.heights[0] > en.heights[0]


# --- packing ------------------------------------------------------------------------------------

def boxes(*heights: float, columns: int = 1) -> list[BoxEstimate]:
    """Boxes `heights` tall at one column wide, shorter in proportion when wider."""
    return [BoxEstimate(tuple(h / w for w in range(1, columns + 1)), (1,) * columns, 1) for h in heights]


def test_fill_page_stops_at_the_target_and_counts_what_it_placed():
    regions, count = fill_page(boxes(100, 100, 100, 100), 0, target=250, cap=400, floor=1, columns=1)
    assert count == 2 and [region.items for region in regions] == [(0, 1)]
    assert regions[0].height == 200


def test_fill_page_widens_the_tallest_region_into_spare_columns():
    regions, count = fill_page(boxes(300, 100, columns=3), 0, target=400, cap=400, floor=1, columns=3)
    assert count == 2 and [region.width for region in regions] == [3]  # one region, widened twice
    regions, count = fill_page(boxes(300, 100, columns=3), 0, target=300, cap=400, floor=1, columns=3)
    assert [(region.items, region.width) for region in regions] == [((0,), 2), ((1,), 1)]


def test_the_packer_balances_regions():
    pages = pack_pages(boxes(100, 100, 100, 100, 100, 100, columns=3), 3, 1000, 1000, 0)
    assert [[region.items for region in page] for page in pages] == [[(0, 1), (2, 3), (4, 5)]]


def test_the_foot_forces_a_second_plan_when_it_does_not_fit():
    four = boxes(100, 100, 100, 100)
    assert [len(page) for page in pack_pages(four, 1, 450, 450, foot=40)] == [1]  # 400 + 40 fits
    pages = pack_pages(four, 1, 450, 450, foot=100)  # 400 + 100 does not: room kept for the foot
    assert [[region.items for region in page] for page in pages] == [[(0, 1, 2)], [(3,)]]
    assert max(region.height for region in pages[-1]) + 100 <= 450


def test_a_box_too_tall_for_any_page_gets_a_page_of_its_own():
    pages = pack_pages(boxes(100, 900, 100), 1, 500, 500, foot=0)
    assert [[region.items for region in page] for page in pages] == [[(0,)], [(1,)], [(2,)]]
