"""What frames a bulletin's boxes: the mastheads (sheet 1's, and the short one of every sheet after), the hero quote
band under sheet 1's, and the foot on the last sheet (a timeline whose stops keep their labels whole, a QR code, the
slogan band): their type sizes, fitted to the width, and their heights, so the boxes leave room for them."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from generator.content.text import split_sentences
from generator.materials.material import Item, Material
from generator.materials.plans.bulletin_sheet import INNER, Sheet
from generator.materials.plans.text_width import line_count, text_ems
from generator.materials.typography import plain, typeset

# --- choices ----------------------------------------------------------------------------------

# the title stays on one line while it is this large (33 pt on A3): readable across a corridor
TITLE_ONE_LINE_VMAX = 2.8
# two lines hold a little less than twice one line's text, as they break between words
TWO_LINE_FIT = 1.85
# the short masthead of sheets after the first: the title on one line, at most this large
SHORT_TITLE_VMAX = 2.0
# the hero quote: no smaller than this many times the body size, no larger than HERO_VMAX, and
# smaller than the title; as large as sets it on HERO_LINES lines or fewer. Over short boxes it may
# grow (choose_hero's `grow`) up to HERO_TITLE_MAX of the title, so the boxes below it grow too
HERO_MIN_EM = 1.8
HERO_VMAX = 2.6
HERO_TITLE = 0.9
HERO_TITLE_MAX = 0.97
HERO_LINES = (2, 3, 4)
# a first sentence worth setting large has at least this many characters (other, Chinese)
HERO_MIN_CHARS = (40, 12)
# a timeline stop needs about this many ems of body text for its date and label
STOP_EM = 9.5
# a stop's label: its whole source, on at most this many lines, at the largest of these sizes
# (against the body size) that sets every label whole; else shortened at a phrase boundary
STOP_LINES = 3
STOP_SIZES = (0.85, 0.78, 0.72)
# where an English source may be shortened: before these words and after these marks
_PHRASE_EN = re.compile(r"(?=\s(?:at|on|in|of|for|to|during|with|by|from|about|concerning)\s)|(?<=[,;:])(?=\s)|(?=\s[—–-]\s)|(?=\s\()")
_PHRASE_ZH = re.compile(r"(?=关于|在|对|就)|(?<=[，、；：])")
# the QR code in the foot, and the words beside it
QR_VH = 9.0

# --- lengths from bulletin.css ------------------------------------------------------------------
META_VW = 24    # .masthead-meta, beside the title


@dataclass(frozen=True, slots=True)
class Masthead:
    title_pt: float
    title_lines: int
    kicker: str | None
    has_meta: bool
    height: float          # sheet 1's, with the space under it
    short_title_pt: float
    short_height: float    # the short masthead of the sheets after the first, with the space under it


@dataclass(frozen=True, slots=True)
class Hero:
    """The quote set large under sheet 1's masthead, and where it came from."""

    text: str
    lang: str
    item: int              # index into Material.items
    number: int
    date: str
    source: str
    attribution: str       # date and source, joined as the excerpt's language joins them
    dash: str
    pt: float
    lines: int
    kind: str              # "pull" (a pull quote) or "first" (the shortest excerpt's first sentence)
    height: float          # the band, with the space under it


@dataclass(frozen=True, slots=True)
class Foot:
    timeline: tuple[tuple[Item, ...], ...]
    stop_labels: tuple[tuple[str, ...], ...]
    stop_pt: float
    slogan_pt: float | None
    qr_pt: float
    height: float


def sheet_label(material: Material, sheet: int, sheets: int) -> str:
    """ "Sheet 1 of 2" / "第1张，共2张"; both on a bilingual material."""
    return material.labels["sheet_x_of_y"].format(sheet=sheet, sheets=sheets)


def size_masthead(material: Material, sheet: Sheet, numbered: bool) -> Masthead:
    """The title on one line while that stays readable across a corridor, else on two; type
    scales with the page's long side, so portrait keeps it."""
    vw, vh, vmax = sheet.vw, sheet.vh, sheet.vmax
    has_meta = bool(material.issue_label or material.date or material.organisation or numbered)
    title_w = sheet.width * INNER - (META_VW * vw if has_meta else 0)
    fit = title_w / text_ems(material.title, "headline")
    if fit >= TITLE_ONE_LINE_VMAX * vmax:
        lines, title_pt = 1, min(4 * vmax, fit)  # .title is 4vmax at most
    else:
        lines, title_pt = 2, min(3.4 * vmax, max(TWO_LINE_FIT * fit, 2.2 * vmax))
    kicker = material.kicker
    # .title: line-height 1.1; .kicker: 1.3vmax at 1.2, and 0.5vh under it
    title_h = lines * 1.1 * title_pt + (1.3 * vmax * 1.2 + 0.5 * vh if kicker else 0)
    # .masthead-meta: 24vw less its 1.8vw padding; .issue 2.1vmax at 1.2; .date, .org, .sheet-no 1.15vmax at 1.25
    org_lines = math.ceil(text_ems(material.organisation or "", "meta") * 1.15 * vmax / (22.2 * vw))
    meta_h = ((2.1 * vmax * 1.2 if material.issue_label else 0)
              + ((1 if material.date else 0) + (1 if numbered else 0) + org_lines) * 1.15 * vmax * 1.25)
    # padding 1.7vh twice and 1.6vh under it; mono trades fill for rules, 0.25vh more
    chrome = (5 if material.theme.fills else 5.25) * vh
    height = max(title_h, meta_h) + chrome
    # the short masthead: the title on one line beside "Sheet n of N" (1.15vmax, 16vw wide)
    short_fit = (sheet.width * INNER - 16 * vw) / text_ems(material.title, "headline")
    short_pt = min(SHORT_TITLE_VMAX * vmax, short_fit)
    short_h = max(1.1 * short_pt, 1.15 * vmax * 1.25) + chrome - 1.0 * vh  # padding 1.2vh, not 1.7vh
    return Masthead(title_pt, lines, kicker, has_meta, height, short_pt, short_h)


def choose_hero(material: Material, sheet: Sheet, title_pt: float, grow: float = 0.0) -> Hero | None:
    """The first pull quote among the items; with none, the first sentence of the shortest item
    whose first sentence says something (HERO_MIN_CHARS or more: not a stub like "Note 4."); else none.
    `grow` (0 to 1) lets it be set larger, from its usual largest size up to HERO_TITLE_MAX of the title."""
    items = material.items
    if not items:
        return None
    index = next((i for i, item in enumerate(items) if item.pull_quote), None)
    if index is not None:
        text, kind = items[index].pull_quote, "pull"
    else:
        firsts = {i: (split_sentences(plain(item.paragraphs[0])) or [""])[0] for i, item in enumerate(items)}
        by_length = sorted(firsts, key=lambda i: len(plain(" ".join(items[i].paragraphs))))
        index = next((i for i in by_length if len(firsts[i]) >= HERO_MIN_CHARS[items[i].lang == "zh"]), None)
        if index is None:
            return None
        text, kind = typeset(firsts[index], items[index].lang), "first"
    item = items[index]
    vh, em = sheet.vh, sheet.em
    # .hero: the quote between a 0.6vw rule and 1.6vw of padding on the left, 2vw on the right
    measure = sheet.width * INNER - 4.2 * sheet.vw
    usual = min(HERO_VMAX * sheet.vmax, HERO_TITLE * title_pt)
    high = usual + grow * max(0.0, HERO_TITLE_MAX * title_pt - usual)
    low = min(HERO_MIN_EM * em, high)
    pt = lines = None
    for most in HERO_LINES:
        size = math.floor(high * 10) / 10
        while size >= low:
            count = line_count(text, measure / size, "quote")
            if count <= most:
                pt, lines = size, count
                break
            size = round(size - 0.5, 1)
        if pt is not None:
            break
    if pt is None:
        return None
    attribution = item.sep.join(p for p in (item.date, item.source) if p)
    # .hero-source: the body size, at 1.3, its dash and 0.6 em of space in front
    source_lines = (math.ceil((text_ems(attribution, "source") + 3) * em / measure) if attribution else 0)
    # .hero: padding 1vh twice, the quote at line-height 1.2, 0.5vh above its source; the gap under it
    height = 2 * vh + lines * 1.2 * pt + (0.5 * vh + source_lines * 1.3 * em if attribution else 0) + sheet.gap
    return Hero(text, item.lang, index, item.number, item.date, item.source, attribution, item.dash.strip(), pt,
                lines, kind, height)


def size_foot(material: Material, sheet: Sheet, hero_pt: float | None) -> Foot:
    """The timeline (as many stops to a row as have room for their labels, the rows evened out, each
    label whole), the QR code, and the slogan band fitted to the page's width."""
    W, vw, vh, vmax, em = sheet.width, sheet.vw, sheet.vh, sheet.vmax, sheet.em
    zh = material.lang == "zh"
    dated = sorted((item for item in material.items if item.iso_date), key=lambda item: item.iso_date)
    qr_pt = QR_VH * vh if material.qr else 0.0
    room = max(3, int((W * 0.86 - qr_pt) / (em * STOP_EM)))
    rows = math.ceil(len(dated) / room)
    per_row = math.ceil(len(dated) / max(rows, 1))
    timeline = tuple(tuple(dated[k:k + per_row]) for k in range(0, len(dated), per_row)) if dated else ()
    # the track is the band's width less the 9vw title cell and the QR cell; each stop is padded 0.5vw a side
    qr_cell = qr_pt + 2 * vw if qr_pt else 0
    stop_w = (W * INNER - 9 * vw - qr_cell) / (min(per_row, len(dated)) or 1) - vw
    sources = [plain(item.source) for item in dated]
    stop_pt, labels = em * STOP_SIZES[-1], sources
    for size in STOP_SIZES:
        if all(line_count(s, stop_w / (em * size), "source") <= STOP_LINES for s in sources):
            stop_pt = em * size
            break
    else:
        labels = [stop_label(s, stop_w / stop_pt, zh) for s in sources]
    lines = max((line_count(s, stop_w / stop_pt, "source") for s in labels if s), default=0)
    label_rows, k = [], 0
    for row in timeline:
        label_rows.append(tuple(labels[k:k + len(row)]))
        k += len(row)
    # padding 1.2vh + 1.4vh; a row: the rule and dot, the date (at 1.3), the label; 2.2vh between rows
    timeline_h = (2.6 * vh + rows * (0.8 * vw + 1.8 * em + 1.3 * stop_pt * lines) + (rows - 1) * 2.2 * vh
                  if dated else 0)
    # the QR code, its words above it (0.75 × body size at 1.2) and the same padding
    qr_h = 2.6 * vh + qr_pt + 1.2 * 0.75 * em * 2 if qr_pt else 0
    slogan_pt = None
    band_h = 0
    if material.slogan:
        # Chinese slogans are tracked wider: 0.08 em, not 0.04 em
        fit = 0.86 * W / (text_ems(material.slogan, "headline") * (1.15 if zh else 1.0))
        slogan_pt = min(2.2 * vmax, max(fit, 1.6 * vw))
        if hero_pt:
            slogan_pt = min(slogan_pt, 0.9 * hero_pt)  # the hero is the sheet's largest text after the title
        # padding 1vh twice (mono: and its 0.35vh and 0.9vh rules); line-height 1.2
        band_h = (2 if material.theme.fills else 3.25) * vh + 1.2 * slogan_pt
    return Foot(timeline, tuple(label_rows), stop_pt, slogan_pt, qr_pt, max(timeline_h, qr_h) + band_h)


def stop_label(source: str, measure_em: float, zh: bool) -> str:
    """`source` whole when it sets on STOP_LINES lines of `measure_em`; else its longest opening that
    ends at a phrase boundary and does; with no such boundary, whole (it wraps to more lines)."""
    if line_count(source, measure_em, "source") <= STOP_LINES:
        return source
    cuts = [m.start() for m in (_PHRASE_ZH if zh else _PHRASE_EN).finditer(source) if m.start() > 0]
    for cut in reversed(cuts):
        head = source[:cut].rstrip(" ,;:，、；：")
        if len(head) >= (4 if zh else 12) and line_count(head, measure_em, "source") <= STOP_LINES:
            return head
    return source
