"""Plain-text tables for the terminal that line up with CJK (double-width) text."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def truncate(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for c in text:
        w = display_width(c)
        if used + w > width - 1:
            break
        out, used = out + c, used + w
    return out + "…"


def format_table(headers: list[str], rows: list[list[str]], max_width: int = 100,
                 shrink: tuple[int, ...] = (), right: tuple[int, ...] = ()) -> str:
    """Columns sized to their content; the `shrink` columns give way, widest first, when too wide."""
    widths = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    excess = sum(widths) + 2 * (len(widths) - 1) - max_width
    while excess > 0:
        widest = max(shrink, key=lambda i: widths[i], default=None)
        if widest is None or widths[widest] <= 12:
            break
        widths[widest] -= 1
        excess -= 1
    lines = []
    for row in [headers, ["-" * w for w in widths]] + rows:
        cells = []
        for i, cell in enumerate(row):
            cell = truncate(cell, widths[i])
            pad = " " * (widths[i] - display_width(cell))
            cells.append(pad + cell if i in right else cell + pad)
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
