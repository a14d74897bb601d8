"""The footer line's room on a poster and a handout, and a footer text or running header too long for it shortened, never clipped.

The `footer` option's text wraps onto as many lines as the kind's footer holds: a poster's the
two its organisation and date take (more on a page tall enough), a handout's two in the bottom
margin beside Page X of Y (one on A5, whose margin is 3 mm shorter). A longer text is cut at a
word (or between CJK characters) and ends in an ellipsis, with a warning naming the option; both
writers then print the same shortened text. A handout's running header (organisation · title) has
one line across the page and is cut the same way, without a warning: it repeats what page 1's title
block prints whole. Widths are estimated (plans/text_width.py) a little wide, so the estimate runs
to more lines than a layout does, never fewer.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.materials.page import PageSpec, handout_margins_mm
from generator.materials.plans.poster import VALUES
from generator.materials.plans.text_width import BREAKING_SPACES, ZERO_WIDTH, break_units, text_ems

ELLIPSIS = "…"
ROLE = "footer"              # the footers' sans, regular, measured character by character
SAFETY = 1.04                # LibreOffice sets a line a little longer than WeasyPrint: the estimate runs long
POSTER_LINE = 1.3            # poster.css .footer p line-height
HANDOUT_PT = 7.5             # handout.css's margin boxes and the DOCX's PW Footer
HANDOUT_TEXT_SHARE = 0.75    # the footer text's share of the line; Page X of Y right of it
# lines the handout's bottom margin holds below the text and above a printer's unprintable edge
HANDOUT_LINES = {"A5": 1}
HANDOUT_LINES_DEFAULT = 2


@dataclass(frozen=True, slots=True)
class FooterRoom:
    """Where a footer text goes: its measure and type size (pt) and the most lines it may take."""

    measure_pt: float
    size_pt: float
    lines: int


@dataclass(frozen=True, slots=True)
class FooterFit:
    text: str
    lines: int               # the estimated lines it sets in
    warning: str | None = None


def poster_room(page: PageSpec, qr: bool) -> FooterRoom:
    """A poster's footer: between the 8vw margins (its left 52vw beside a QR code), 2vw type, and
    the lines its 7vh band holds below its rule, never fewer than the organisation and date's two."""
    vw, vh = page.width_pt / 100, page.height_pt / 100
    side = VALUES["side"][0]
    measure = (VALUES["footer-text-width"][0] if qr else 100 - 2 * side) * vw
    size = VALUES["footer-size"][0] * vw
    band = (VALUES["footer-height"][0] - VALUES["footer-pad"][0]) * vh
    return FooterRoom(measure, size, max(2, int(band / (size * POSTER_LINE) + 1e-6)))


def handout_room(page: PageSpec) -> FooterRoom:
    side = handout_margins_mm(page)[1]
    measure = (page.width_mm - 2 * side) * 72 / 25.4 * HANDOUT_TEXT_SHARE
    return FooterRoom(measure, HANDOUT_PT, HANDOUT_LINES.get(page.name, HANDOUT_LINES_DEFAULT))


def fit_footer(text: str, room: FooterRoom, kind: str, page_name: str) -> FooterFit:
    """`text` as it prints in `room`: whole when its lines fit, else cut to them, ending in an ellipsis."""
    shortened, lines = shorten(text, room)
    if shortened == text:
        return FooterFit(text, lines)
    many = f"{room.lines} line{'s' if room.lines != 1 else ''}"
    left_off = len(text.replace("\u200b", "")) - len(shortened.replace("\u200b", "")) + 1
    warning = (f"footer: '{_short(text)}' is longer than the {kind}'s footer holds on {page_name} ({many}): "
               f"it prints up to '{_tail(shortened)}', leaving off its last {left_off} characters "
               f"(give a shorter --footer or footer = \"...\")")
    return FooterFit(shortened, room.lines, warning)


def header_room(page: PageSpec) -> FooterRoom:
    """A handout's running header: one line across the text's width (handout.css @top-left), 7.5 pt."""
    side = handout_margins_mm(page)[1]
    return FooterRoom((page.width_mm - 2 * side) * 72 / 25.4, HANDOUT_PT, 1)


def running_header(organisation: str | None, title: str | None, page: PageSpec) -> str:
    """Organisation · title, as the handout's running header prints it in both writers: on one line."""
    return shorten(" · ".join(p for p in (organisation, title) if p), header_room(page))[0]


def shorten(text: str, room: FooterRoom) -> tuple[str, int]:
    """(`text` as it fits `room`, the lines it sets in): whole when it fits, else cut at a word (or
    between CJK characters) to the room's lines, ending in an ellipsis."""
    measure = room.measure_pt / room.size_pt / SAFETY
    lines = _lines(_pieces(text, measure), measure)
    if len(lines) <= room.lines:
        return text, len(lines)
    kept = lines[:room.lines]
    last = kept[-1]
    room_em = measure - text_ems(ELLIPSIS, ROLE)
    while last and text_ems("".join(last).rstrip(), ROLE) > room_em:
        last.pop()
    head = "".join("".join(line) for line in kept[:-1]) + "".join(last)
    return head.rstrip("".join(BREAKING_SPACES) + "".join(ZERO_WIDTH) + ",，、;；:：-–—·") + ELLIPSIS, room.lines


def _pieces(text: str, measure: float) -> list[str]:
    """`text` cut where a line may break (after a zero-width space too, which the sanitiser puts into
    long tokens); a piece wider than the whole measure is cut again between its characters."""
    out: list[str] = []
    for unit in break_units(text.replace("\n", " ")):
        for part in _after_zwsp(unit):
            if text_ems(part.rstrip(), ROLE) <= measure:
                out.append(part)
            else:
                out.extend(part)
    return out


def _after_zwsp(unit: str) -> list[str]:
    parts = unit.split("\u200b")
    return [p + "\u200b" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _lines(pieces: list[str], measure: float) -> list[list[str]]:
    """Greedy lines: a piece joins the line while the line, less its trailing spaces, still fits."""
    lines: list[list[str]] = []
    for piece in pieces:
        if lines and text_ems(("".join(lines[-1]) + piece).rstrip(), ROLE) <= measure:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return lines or [[""]]


def _tail(text: str, limit: int = 30) -> str:
    text = text.replace("\u200b", "")
    if len(text) <= limit:
        return text
    tail = text[-limit:]
    space = tail.find(" ", 0, limit // 2)
    return ELLIPSIS + (tail[space + 1:] if space >= 0 else tail)


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\u200b", "")
    return text if len(text) <= limit else text[:limit - 1] + ELLIPSIS
