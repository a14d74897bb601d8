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
                 shrink: int | None = None, right: tuple[int, ...] = ()) -> str:
    """Columns sized to their content; column `shrink` gives way when the table is too wide."""
    widths = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    total = sum(widths) + 2 * (len(widths) - 1)
    if shrink is not None and total > max_width:
        widths[shrink] = max(12, widths[shrink] - (total - max_width))
    lines = []
    for row in [headers, ["-" * w for w in widths]] + rows:
        cells = []
        for i, cell in enumerate(row):
            cell = truncate(cell, widths[i])
            pad = " " * (widths[i] - display_width(cell))
            cells.append(pad + cell if i in right else cell + pad)
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
