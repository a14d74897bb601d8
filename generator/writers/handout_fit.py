"""Handout fit: lay the handout out, read its pages back, and settle what CSS cannot say.

Three things need the laid-out page, and one layout (two when hyphenation is corrected) tells
them all; the layout chosen is the one written, as the PDF writer keeps it:

- **No two hyphenated lines in a row.** WeasyPrint has no `hyphenate-limit-lines`; the fit
  reads each excerpt paragraph's lines, and where two or more in a row end hyphenated, it sets
  the word at every second of them whole (Material.unhyphenated) and lays the page out again.
- **Notes that fill the questions' page.** The questions and notes move as one block
  (handout.css `.closing`); laid out with the fewest lines, the room left under them on their
  page becomes more ruled lines.
- **A sign-in sheet in whole pages.** The first layout gives the room for rows under the
  sheet's heading and under a repeated header row; materials/plans/handout.py turns those
  into rows per page and a row height, and the next layout sets one table per page.

The text settles first (the notes are measured on the final text), then the notes and the sheet:
at most three layouts, two when no line needs its hyphen taken away. The boxes are read without
importing WeasyPrint (writers/pdf.py lays out; see writers/fit.py for the poster's fit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.materials.material import Material
from generator.materials.plans.handout import (SignInPlan, note_lines_for, note_lines_min, plan_sign_in,
                                               sign_in_row_mm)
from generator.writers.pdf import layout

PX_PER_MM = 96 / 25.4
_LETTERS_END_RE = re.compile(r"([^\W\d_]+)\W*$")
_LETTERS_START_RE = re.compile(r"^\W*([^\W\d_]+)")


@dataclass(slots=True)
class Closing:
    """The questions-and-notes block on the page it starts on, in mm from that page's content top."""

    page: int
    top: float
    height: float
    lines: int               # ruled lines laid out
    pitch: float             # one ruled line, its rule included
    split: bool              # the block runs onto another page (too tall for one)


@dataclass(slots=True)
class Sheet:
    """The sign-in sheet as laid out: the room for rows on its first page and on a following one."""

    first_room: float
    next_room: float
    border: float            # what a row's rule adds to its set height
    pages: list[int]         # the pages each table is on, one list per table
    rows_per_table: list[int]


@dataclass(slots=True)
class Reading:
    """What the fit reads off one layout (lengths in mm)."""

    pages: int
    content_height: float
    # per paragraph key (handout.html.j2's data-p): per line, the word split at its end, or None
    lines: dict[str, list[str | None]] = field(default_factory=dict)
    closing: Closing | None = None
    sheet: Sheet | None = None

    def ladders(self) -> list[list[str]]:
        """Each run of two or more hyphenated lines in a row, as the words split at their ends."""
        runs: list[list[str]] = []
        for words in self.lines.values():
            run: list[str] = []
            for word in words + [None]:
                if word is not None:
                    run.append(word)
                    continue
                if len(run) >= 2:
                    runs.append(run)
                run = []
        return runs


@dataclass(frozen=True, slots=True)
class HandoutFit:
    material: Material
    layouts: int
    ladders_before: int
    ladders_after: int


def fit_handout(material: Material, build_html, base_url: Path, roots: list[Path], stylesheets) -> HandoutFit:
    """The handout with its hyphenation limits, note lines and sign-in pages settled (see the docstring)."""
    minimum = note_lines_min(material.page.name)
    current = replace(material, fitted_note_lines=minimum if material.notes else None)
    reading = _read(build_html(current), base_url, roots, stylesheets)
    layouts, before = 1, len(reading.ladders())
    plan = _sign_in_plan(material, reading)
    if before:
        # the text first: every second word of each run set whole, and the page laid out again
        current = _with_sign_in(replace(current, unhyphenated=_unhyphenated(material, reading)), plan)
        reading = _read(build_html(current), base_url, roots, stylesheets)
        layouts += 1
    # the notes are measured with the fewest lines on the final text: where the block starts is then known
    settled = reading.closing
    final = _with_notes(_with_sign_in(current, plan), reading, minimum)
    if final != current:
        reading = _read(build_html(final), base_url, roots, stylesheets)
        layouts += 1
    # a sheet or notes that did not land as planned (a layout's rounding) get one more layout, at most
    fixed = _corrected(final, reading, settled)
    if fixed != final and layouts < 3:
        final = fixed
        reading = _read(build_html(final), base_url, roots, stylesheets)
        layouts += 1
    return HandoutFit(final, layouts, before, len(reading.ladders()))


# --- decisions --------------------------------------------------------------------------------

def _unhyphenated(material: Material, reading: Reading) -> tuple[tuple[str, str], ...]:
    """The words at the 2nd, 4th, ... line of every run of hyphenated lines, set whole from now on."""
    chosen = list(material.unhyphenated)
    for key, words in reading.lines.items():
        run = 0
        for word in words:
            run = run + 1 if word is not None else 0
            if run >= 2 and run % 2 == 0 and (key, word) not in chosen:
                chosen.append((key, word))
    return tuple(chosen)


def _sign_in_plan(material: Material, reading: Reading, tighter: bool = False) -> SignInPlan | None:
    sheet = reading.sheet
    if material.sign_in <= 0 or sheet is None:
        return None
    first, following = sheet.first_room, sheet.next_room
    if tighter:   # the last plan spilled: plan again as if each page had a row less room
        pitch = material.sign_in_row_mm + sheet.border
        first, following = first - pitch, following - pitch
    plan = plan_sign_in(material.sign_in, first, following, sheet.border, sign_in_row_mm(material.page.name))
    return plan if plan.rows_per_page else None


def _with_sign_in(material: Material, plan: SignInPlan | None) -> Material:
    if plan is None:
        return replace(material, sign_in_pages=(), fitted_sign_in_row_mm=None)
    return replace(material, sign_in_pages=plan.rows_per_page, fitted_sign_in_row_mm=plan.row_mm)


def _with_notes(material: Material, reading: Reading, minimum: int) -> Material:
    """As many note lines as fill the questions' page, read off a layout with the fewest."""
    closing = reading.closing
    if not material.notes:
        return material
    if closing is None:
        return replace(material, fitted_note_lines=None)   # a template without the block: its own count
    if closing.split:
        return material
    fixed = closing.height - closing.lines * closing.pitch
    # the layout set the fewest lines where the block stands (it moves on whole when they don't fit
    # under the text, taking its company along), so they fit there: only the safety margin can say
    # otherwise, and then the fewest stay. Counting from a fresh page's top instead overfilled a block
    # that was in fact under the text, or that had a closing remark above it on its new page.
    lines = note_lines_for(reading.content_height - closing.top, fixed, closing.pitch, minimum) or minimum
    return replace(material, fitted_note_lines=lines)


def _corrected(material: Material, reading: Reading, settled: Closing | None) -> Material:
    """The same material, or one fixed where the layout did not follow the plan."""
    fixed = material
    sheet = reading.sheet
    if material.sign_in_pages and sheet is not None:
        landed = (all(len(pages) == 1 for pages in sheet.pages) and len(sheet.pages) == len(material.sign_in_pages)
                  and len({pages[0] for pages in sheet.pages}) == len(sheet.pages))
        if not landed:
            fixed = _with_sign_in(fixed, _sign_in_plan(material, reading, tighter=True))
    closing = reading.closing
    if material.fitted_note_lines and closing is not None and settled is not None and not closing.split:
        if closing.page != settled.page:
            # the lines tipped the block over to the next page: one fewer keeps it where it was
            fixed = replace(fixed, fitted_note_lines=max(material.fitted_note_lines - 1, 1))
    return fixed


# --- reading a layout (the boxes WeasyPrint made, by their elements) ----------------------------

def _read(html: str, base_url: Path, roots: list[Path], stylesheets) -> Reading:
    document, _ = layout(html, base_url, roots, stylesheets)
    pages = [page._page_box for page in document.pages]
    first = pages[0]
    reading = Reading(len(pages), first.height / PX_PER_MM)
    closing: list[tuple[int, object]] = []
    tables: dict[int, list[tuple[int, object]]] = {}    # each sheet table's fragments, by its element
    for number, page in enumerate(pages):
        top = page.content_box_y()
        for box in page.descendants():
            element = getattr(box, "element", None)
            if element is None or not box.element_tag:
                continue
            key = element.get("data-p")
            if key and box.element_tag == "p" and hasattr(box, "children"):
                reading.lines.setdefault(key, []).extend(_line_ends(box))
            classes = (element.get("class") or "").split()
            if "closing" in classes and box.element_tag == "div":
                closing.append((number, box, top))
            elif "sheet" in classes and type(box).__name__ == "TableBox":
                tables.setdefault(id(element), []).append((number, box))
    reading.lines = {k: _split_words(v) for k, v in reading.lines.items()}
    if closing:
        number, box, top = closing[0]
        reading.closing = _closing(box, top, number, split=len(closing) > 1)
    if tables:
        reading.sheet = _sheet(list(tables.values()), pages)
    return reading


def _line_ends(paragraph) -> list[tuple[str, bool]]:
    """Each line of a paragraph box: its text, and whether it ends with the hyphenation character."""
    out = []
    for line in paragraph.children:
        if type(line).__name__ != "LineBox":
            continue
        texts = [b for b in line.descendants() if isinstance(getattr(b, "text", None), str) and b.text]
        if not texts:
            continue
        text = "".join(t.text for t in texts).rstrip()
        mark = texts[-1].style["hyphenate_character"]
        hyphenated = bool(mark) and text.endswith(mark) and len(text) > len(mark) and text[-len(mark) - 1].isalpha()
        out.append((text[:-len(mark)] if hyphenated else text, hyphenated))
    return out


def _split_words(lines: list[tuple[str, bool]]) -> list[str | None]:
    """Per line, the word split at its end (its part on this line and on the next), or None."""
    words: list[str | None] = []
    for i, (text, hyphenated) in enumerate(lines):
        if not hyphenated or i + 1 == len(lines):
            words.append(None)
            continue
        head, tail = _LETTERS_END_RE.search(text), _LETTERS_START_RE.search(lines[i + 1][0])
        words.append(head.group(1) + tail.group(1) if head and tail else None)
    return words


def _closing(box, top: float, number: int, split: bool) -> Closing:
    lines = [b for b in box.descendants() if getattr(b, "element", None) is not None and b.element_tag == "div"
             and "line" in (b.element.get("class") or "").split()]
    pitch = lines[0].margin_height() / PX_PER_MM if lines else 0.0
    return Closing(number, (box.position_y - top) / PX_PER_MM, box.margin_height() / PX_PER_MM,
                   len(lines), pitch, split)


def _rows(table) -> list:
    return [row for group in table.children if group.element_tag == "tbody" for row in group.children]


def _sheet(tables: list[list[tuple[int, object]]], pages) -> Sheet:
    """Rooms for rows: under the first table's header row on its page, and under a following page's."""
    number, first = tables[0][0]
    page = pages[number]
    bottom = page.content_box_y() + page.height
    rows = _rows(first)
    head_top = first.position_y
    row_top = rows[0].position_y if rows else first.position_y + first.margin_height()
    if len(rows) >= 2:
        pitch = (rows[-1].position_y - rows[0].position_y) / (len(rows) - 1)
    else:
        pitch = rows[0].margin_height() if rows else 0.0
    first_room = (bottom - row_top) / PX_PER_MM
    # a following page: the table's header row at the page's top, the rows under it
    header = row_top - head_top
    next_room = (page.height - header) / PX_PER_MM
    if len(tables[0]) > 1:   # the rows flowed onto a second page: read its room as laid out
        second_number, second = tables[0][1]
        second_rows = _rows(second)
        if second_rows:
            other = pages[second_number]
            next_room = (other.content_box_y() + other.height - second_rows[0].position_y) / PX_PER_MM
    set_height = rows[0].children[0].height / PX_PER_MM if rows and rows[0].children else 0.0
    border = max(0.0, pitch / PX_PER_MM - set_height)
    return Sheet(first_room, next_room, border, [[n for n, _ in t] for t in tables],
                 [sum(len(_rows(box)) for _, box in t) for t in tables])
