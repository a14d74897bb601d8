"""The handout's numbers without an engine: sign-in pages, note lines, and where hyphenation is not allowed."""

from __future__ import annotations

import pytest

from generator.materials.plans.handout import (FILL_WHEN_EMPTY, SIGN_IN_ROW_MIN_MM, hyphenation_runs, note_lines_for,
                                               plan_sign_in)

# an A4 page as the handout lays it out: 230 mm for rows under the heading, 250 under a header row
FIRST, NEXT, BORDER, TALLEST = 230.0, 250.0, 0.2, 10.0


def test_rows_that_fit_one_page_at_a_signable_height_take_one_page():
    plan = plan_sign_in(30, FIRST, NEXT, BORDER, TALLEST)
    assert plan.rows_per_page == (30,)
    assert SIGN_IN_ROW_MIN_MM <= plan.row_mm < TALLEST
    # the tallest rows that hold them: 0.1 mm more and the 30th row would not fit
    assert 30 * (plan.row_mm + 0.1 + BORDER) > FIRST - 0.6


def test_a_few_rows_short_of_the_page_keep_their_number_and_a_near_empty_page_is_filled():
    assert plan_sign_in(20, FIRST, NEXT, BORDER, TALLEST).rows_per_page == (20,)   # 20 of 22: kept
    filled = plan_sign_in(10, FIRST, NEXT, BORDER, TALLEST)
    assert filled.rows_per_page == (22,) and filled.row_mm == TALLEST              # 10 of 22: filled


@pytest.mark.parametrize("asked", [31, 45, 60, 100, 137, 500])
def test_the_fewest_pages_and_no_last_page_more_than_a_quarter_empty(asked):
    plan = plan_sign_in(asked, FIRST, NEXT, BORDER, TALLEST)
    assert plan.rows >= asked and plan.row_mm >= SIGN_IN_ROW_MIN_MM
    pages = len(plan.rows_per_page)
    pitch = SIGN_IN_ROW_MIN_MM + BORDER
    one_less = int((FIRST - 0.6) // pitch) + (pages - 2) * int((NEXT - 0.6) // pitch)
    assert pages == 1 or one_less < asked   # one page fewer could not hold them even at the least height
    full = int((NEXT - 0.6) // (plan.row_mm + BORDER)) if pages > 1 else int((FIRST - 0.6) // (plan.row_mm + BORDER))
    assert plan.rows_per_page[-1] >= full * (1 - FILL_WHEN_EMPTY)
    assert all(rows == int((NEXT - 0.6) // (plan.row_mm + BORDER)) for rows in plan.rows_per_page[1:-1])


def test_no_room_for_a_row_lets_the_rows_flow():
    assert plan_sign_in(10, 3.0, NEXT, BORDER, TALLEST).rows_per_page == ()
    assert plan_sign_in(0, FIRST, NEXT, BORDER, TALLEST).rows_per_page == ()


def test_note_lines_fill_the_room_or_say_they_do_not_fit():
    assert note_lines_for(100.0, 20.0, 8.0, 4) == 9          # (100 - 20 - 0.6) // 8
    assert note_lines_for(45.0, 20.0, 8.0, 4) is None         # three lines: fewer than the least
    assert note_lines_for(52.0, 20.0, 8.0, 4) is None         # 3.9 lines: rounding never adds one


def test_the_last_word_and_the_named_words_are_set_whole():
    text = "Human life is at stake, and development must not come at the expense of human life."
    runs = hyphenation_runs(text, "en", frozenset({"development"}))
    assert "".join(piece for piece, _ in runs) == text
    assert [piece for piece, free in runs if not free] == ["development", "life."]
    # a last word joined to the one before it (materials/typography.py) is set whole with it
    joined = "They must never be blocked by any\u2060 \u2060pallet."
    assert hyphenation_runs(joined, "en")[-1] == ("any\u2060 \u2060pallet.", False)
    # a named word inside a longer one is left alone; Chinese is one run
    assert all(free for piece, free in hyphenation_runs("redevelopment plans today", "en",
                                                        frozenset({"development"}))[:-1])
    assert hyphenation_runs("人命关天，发展决不能以牺牲人的生命为代价。", "zh") == (("人命关天，发展决不能以牺牲人的生命为代价。", True),)
