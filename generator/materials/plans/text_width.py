"""The one text-width estimator: how many ems a text sets in, by the role (face and weight) it is printed in.

Used where a plan must guess before any layout engine runs: the bulletin's boxes, the poster's
auto-fit and the DOCX poster's quote size. CJK characters (from the CJK radicals, U+2E80, on,
full-width punctuation included, and curly quotes beside them, which a CJK face sets full-width)
are a full em wide; joiners and soft hyphens take none; other characters take the measured
average width of their role's face, or, for the poster quote's faces and the footers' sans
(FACES), each ASCII character its own advance. `line_count` breaks a text into lines as a
layout engine does with hyphenation off: greedily, at spaces, after hyphens, between CJK characters but not before
closing or after opening punctuation.
"""

from __future__ import annotations

CJK_FROM = "\u2e80"

# The average advance of a Latin character, in ems, measured on the Noto faces the themes use.
LATIN_EM = {
    "body": 0.48,      # Noto Serif text, justified and hyphenated (bulletin boxes)
    "quote": 0.50,     # a poster's quote, serif, often bold
    "source": 0.52,    # an attribution or source line (sans)
    "meta": 0.55,      # the organisation beside a masthead (sans, heading weight)
    "headline": 0.56,  # titles and slogans (sans, headline weight)
    "display": 0.60,   # a bold display line as a word processor sets it (LibreOffice runs wider)
    "quote-long": 0.47,
    "footer": 0.57,    # a footer line's characters beyond ASCII (Noto Sans, regular): its table is below
}

# Advances of U+0020-U+007E, then ‘’“”–—…, in hundredths of an em, read from NotoSerif-Regular.ttf and
# NotoSerif-Bold.ttf (kerning aside): a quote set large shows every difference between "ill" and "mum".
_ADVANCE_CHARS = "".join(map(chr, range(0x20, 0x7f))) + "‘’“”–—…"
_REGULAR = """26 33 41 56 56 90 74 22 35 35 50 56 25 31 25 29 56 56 56 56 56 56 56 56 56 56 29 29 56 56 56 47 92
70 65 61 73 62 59 71 79 37 36 70 62 94 76 74 60 74 66 54 61 72 68 105 66 62 59 36 29 36 56 46 27 56 61 49 61
54 37 54 64 32 30 58 31 94 64 58 61 61 47 45 35 64 58 86 58 56 51 43 56 43 56 25 25 45 45 50 100 86"""
_BOLD = """26 38 51 56 56 91 80 29 40 40 50 56 29 31 29 29 56 56 56 56 56 56 56 56 56 56 30 30 56 56 56 55 92 75
67 67 77 65 62 77 82 40 40 73 65 95 79 79 64 79 71 59 65 75 70 107 73 69 67 41 29 41 56 46 33 60 65 53 65 57 41
56 67 35 34 64 35 99 67 61 64 65 52 49 40 67 61 86 65 58 53 44 56 44 56 28 28 49 49 50 100 91"""

# NotoSans-Regular.ttf, the same characters: the footers' sans (plans/footer.py), where a line of
# capitals or figures must not be taken for a line of lower case
_SANS = """26 27 41 65 57 83 73 22 30 30 55 57 27 32 27 37 57 57 57 57 57 57 57 57 57 57 27 27 57 57 57 43 90 64
65 63 73 56 52 73 74 34 27 62 52 91 76 78 60 78 62 55 56 73 60 93 59 57 57 33 37 33 57 44 28 56 62 48 62 56 34 62
62 26 26 53 26 94 62 60 62 62 41 48 36 62 51 79 53 51 47 38 55 38 57 18 18 36 36 50 100 79"""


def _advances(table: str) -> dict[str, float]:
    return {c: int(w) / 100 for c, w in zip(_ADVANCE_CHARS, table.split(), strict=True)}


# A role here is measured per character; its LATIN_EM stays the average, for characters not in the table.
FACES = {
    "quote": _advances(_BOLD),          # a poster's quote at display sizes (the themes' quote weights)
    "quote-long": _advances(_REGULAR),  # a long quote set small, in the body weight (.quote-long)
    "footer": _advances(_SANS),          # a poster's or handout's footer line (sans, regular)
}

# Drawn with no width: the joiners typography.py writes between characters that must not part, soft hyphens.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
JOINERS = frozenset("\u200d\u2060\ufeff")
BREAKING_SPACES = frozenset(" \t\n\u3000")
# no line starts with these (closing marks, the interpunct) nor ends with those (opening marks);
# curly quotes hold on both sides, as UAX #14 (LB19) has it, even beside a CJK character
QUOTES = "“”‘’"
NO_BREAK_BEFORE = frozenset("。，、；：？！）」』》〉】〕〗］…·・～%‰.,;:!?)]}" + QUOTES)
NO_BREAK_AFTER = frozenset("（「『《〈【〔〖［([{" + QUOTES)
HYPHENS = frozenset("-\u2010\u2013\u2014")


def text_ems(text: str, role: str | float = "body") -> float:
    """The width of `text` on one line, in ems of its own size (`role` a name above, or a Latin width in ems)."""
    latin = LATIN_EM[role] if isinstance(role, str) else role
    face = FACES.get(role) if isinstance(role, str) else None
    total = 0.0
    for i, c in enumerate(text):
        if c in ZERO_WIDTH:
            continue
        if c >= CJK_FROM or (c in QUOTES and _beside_cjk(text, i)):
            total += 1.0
        else:
            total += face.get(c, latin) if face else latin
    return total


def _beside_cjk(text: str, i: int) -> bool:
    return any(0 <= j < len(text) and text[j] >= CJK_FROM for j in (i - 1, i + 1))


def advance_em(text: str, role: str | float = "source") -> float:
    """The average width of one character of `text`, in ems."""
    return text_ems(text, role) / len(text) if text else text_ems("x", role)


def break_units(text: str) -> list[str]:
    """`text` cut at every place a line may break; each piece keeps the spaces that follow it."""
    units: list[str] = []
    current = ""
    for c in text:
        if current and _may_break(current, c):
            units.append(current)
            current = ""
        current += c
    if current:
        units.append(current)
    return units


def _may_break(before: str, c: str) -> bool:
    last = before[-1]
    if c in BREAKING_SPACES:
        return False                      # spaces stay with the word before them
    if last in BREAKING_SPACES:
        return True
    if last in JOINERS or c in JOINERS or c in NO_BREAK_BEFORE or last in NO_BREAK_AFTER or c in HYPHENS:
        return False
    if last in HYPHENS:
        return c.isalpha() or c >= CJK_FROM
    return c >= CJK_FROM or last >= CJK_FROM


def unit_widths(text: str, role: str | float = "body") -> list[tuple[float, float]]:
    """Each break unit of `text` as (its width, the width of the spaces after it), in ems."""
    out = []
    for unit in break_units(text):
        word = unit.rstrip("".join(BREAKING_SPACES))
        out.append((text_ems(word, role), text_ems(unit[len(word):], role)))
    return out


def greedy_lines(units: list[tuple[float, float]], measure: float) -> int:
    """Lines a greedy breaker fills at `measure` (same unit as the widths); a unit wider than it takes a line alone."""
    lines, used = 0, 0.0
    for width, space in units:
        if lines and used + width <= measure:
            used += width + space
        else:
            lines += 1
            used = width + space
    return max(lines, 1)


def line_count(text: str, measure_em: float, role: str | float = "body") -> int:
    """How many lines `text` takes on a measure of `measure_em` ems of its own size."""
    return greedy_lines(unit_widths(text, role), measure_em)
