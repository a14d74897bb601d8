"""The handout's closing pages in numbers, and its hyphenation limits: pure arithmetic and text, no engine.

- **Notes** fill what the discussion questions leave of their page: a number of ruled lines,
  never fewer than a minimum (a notes section of two lines is no use, and moving the questions
  and notes to the next page together beats a page holding the notes alone).
- **The sign-in sheet** is laid out in whole pages. The fewest pages that hold the rows asked
  for with rows no shorter than SIGN_IN_ROW_MIN_MM; on those pages the rows are as tall as they
  can be, up to the size's usual height; and when the last page would still end more than a
  quarter empty, more numbered rows fill it (for walk-ins). 30 rows on A4 print as one page of
  rows 7.6 mm tall, not 22 + 8 at 10 mm; 10 rows as a full page of 22.
- **Hyphenation** is the engine's (`hyphens: auto` with handout.css's limits); what this
  decides is where it must not happen: the last word of a paragraph (a fragment alone on the
  last line), and words the handout fit found ending the second of two hyphenated lines in a row.

The numbers a layout gives (rooms in millimetres) come from writers/handout_fit.py, which
measures one layout; the DOCX writer takes the results from the Material.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# Ruled lines in the notes section, by page size: their pitch, and the fewest the section has.
NOTE_LINE_MM = {"A5": 7.5}
NOTE_LINE_MM_DEFAULT = 8.0
NOTE_LINES_MIN = {"A5": 3}
NOTE_LINES_MIN_DEFAULT = 4
# Before the fit has measured a page (and without a PDF), the notes keep their former count.
NOTE_LINES = {"A5": 7}
NOTE_LINES_DEFAULT = 8

# Sign-in rows: the usual height by page size, and the least a signature needs.
SIGN_IN_ROW_MM = {"A5": 9.0}
SIGN_IN_ROW_MM_DEFAULT = 10.0
SIGN_IN_ROW_MIN_MM = 7.0
# what a measured room is trimmed by before rows or lines are counted into it: rounding in
# the layout must never tip the last row onto a page of its own
SAFETY_MM = 0.6
ROW_STEP_MM = 0.1


def note_line_mm(size: str) -> float:
    return NOTE_LINE_MM.get(size, NOTE_LINE_MM_DEFAULT)


def note_lines_min(size: str) -> int:
    return NOTE_LINES_MIN.get(size, NOTE_LINES_MIN_DEFAULT)


def sign_in_row_mm(size: str) -> float:
    return SIGN_IN_ROW_MM.get(size, SIGN_IN_ROW_MM_DEFAULT)


def note_lines_for(room_mm: float, fixed_mm: float, pitch_mm: float, minimum: int) -> int | None:
    """How many ruled lines fill `room_mm` once `fixed_mm` (the questions and the notes heading) is
    set; None when not even `minimum` fit (the questions and notes then start a page together)."""
    if pitch_mm <= 0:
        return minimum
    lines = math.floor((room_mm - fixed_mm - SAFETY_MM) / pitch_mm)
    return lines if lines >= minimum else None


@dataclass(frozen=True, slots=True)
class SignInPlan:
    """Rows on each page of the sign-in sheet and their height in mm (a row's rule comes on top);
    no pages: the rows flow at that height, the engine breaking pages where they fall."""

    rows_per_page: tuple[int, ...]
    row_mm: float

    @property
    def rows(self) -> int:
        return sum(self.rows_per_page)


def rows_that_fit(room_mm: float, pitch_mm: float) -> int:
    return max(0, math.floor((room_mm - SAFETY_MM) / pitch_mm))


def plan_sign_in(asked: int, first_room_mm: float, next_room_mm: float, border_mm: float,
                 tallest_mm: float, shortest_mm: float = SIGN_IN_ROW_MIN_MM) -> SignInPlan:
    """The sign-in sheet in whole pages (the rule is in the module's docstring).

    `first_room_mm` is what the first page leaves for rows under the heading, the meeting line
    and the header row; `next_room_mm` what a following page leaves under its repeated header
    row; `border_mm` what a row's rule adds to its height.
    """
    shortest = min(shortest_mm, tallest_mm)

    def capacity(pages: int, height: float) -> tuple[int, ...]:
        pitch = height + border_mm
        return (rows_that_fit(first_room_mm, pitch),) + (rows_that_fit(next_room_mm, pitch),) * (pages - 1)

    if asked <= 0 or min(capacity(2, shortest)) < 1:
        return SignInPlan((), tallest_mm)   # no rows, or a page with no room for one: let them flow
    pages = 1
    while sum(capacity(pages, shortest)) < asked:
        pages += 1
    # the tallest rows, in steps of 0.1 mm, that still hold the rows asked on that many pages
    height = shortest
    for k in range(round((tallest_mm - shortest) / ROW_STEP_MM), -1, -1):
        if sum(capacity(pages, candidate := round(shortest + k * ROW_STEP_MM, 1))) >= asked:
            height = candidate
            break
    full = capacity(pages, height)
    last = asked - sum(full[:-1])
    if last < full[-1] * (1 - FILL_WHEN_EMPTY):
        return SignInPlan(full, height)     # the last page filled with rows for walk-ins
    return SignInPlan(full[:-1] + (last,), height)


# the last page of a sign-in sheet is filled with more rows when the rows asked leave more than
# this share of it empty; a sheet a row or two short of the page keeps the number asked for
FILL_WHEN_EMPTY = 0.25
# what handout.css's sign-in heading, meeting line and header row take on a page (mm), for a plan
# made before any layout (the DOCX's when no PDF was fitted)
HEAD_MM = 28.0
HEADER_MM = 8.5
ROW_BORDER_MM = 0.2


def estimated_sign_in(asked: int, size: str, content_mm: float) -> SignInPlan:
    return plan_sign_in(asked, content_mm - HEAD_MM, content_mm - HEADER_MM, ROW_BORDER_MM, sign_in_row_mm(size))


# --- hyphenation limits -------------------------------------------------------------------------

# a break the engine may take: a space or tab not held by a word joiner (materials/typography.py)
_FREE_SPACE_RE = re.compile(r"(?<!\u2060)[ \t\n]+(?!\u2060)")


def hyphenation_runs(text: str, lang: str, forbidden: frozenset[str] = frozenset()) -> tuple[tuple[str, bool], ...]:
    """`text` cut into (piece, may_hyphenate) runs, in order, joined they give `text` back.

    The paragraph's tail (its last word, with any word joined to it) and every word in
    `forbidden` are runs that must not be hyphenated; the rest is left to the engine. Only
    languages the engine hyphenates (English) are cut; other text is one run.
    """
    if not text or not (lang or "").startswith("en"):
        return ((text, True),) if text else ()
    spaces = list(_FREE_SPACE_RE.finditer(text.rstrip()))
    tail_start = spaces[-1].end() if spaces else 0
    body, tail = text[:tail_start], text[tail_start:]
    runs: list[tuple[str, bool]] = []
    if forbidden and body:
        pattern = re.compile(r"(?<![^\W\d_])(" + "|".join(sorted(map(re.escape, forbidden), key=len, reverse=True))
                             + r")(?![^\W\d_])")
        at = 0
        for match in pattern.finditer(body):
            if match.start() > at:
                runs.append((body[at:match.start()], True))
            runs.append((match.group(), False))
            at = match.end()
        if at < len(body):
            runs.append((body[at:], True))
    elif body:
        runs.append((body, True))
    if tail:
        runs.append((tail, False))
    return tuple(runs)
