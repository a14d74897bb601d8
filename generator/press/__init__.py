"""PDF bytes -> PDF bytes after the writer: tiling onto office sheets, booklet imposition, font compaction.

Nothing here knows WeasyPrint or Material: a press step takes the writer's PDF and plain values, and
returns new PDF bytes, the same bytes for the same input every time (pikepdf for the PDF, fontTools for
font programs).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Pressed:
    """A pressed PDF with what the CLI reports of it: its page count and a description of its sheets."""

    pdf: bytes
    pages: int
    page: str


def press_pdf(pdf: bytes, *, tile: str | None = None, overlap_mm: float = 10.0, booklet: bool = False,
              name: str = "the PDF") -> Pressed | None:
    """The render path's one call: tile onto `tile` sheets (A4 or letter), or impose as a booklet.

    Returns None when neither is asked for, so the writer's PDF goes out untouched."""
    if tile and booklet:
        from generator.errors import ConfigError, Problem

        raise ConfigError(Problem("tile and booklet cannot both be asked for", fix="choose one of them"))
    if tile:
        from generator.press.tile import tile_document

        tiled = tile_document(pdf, tile, overlap_mm, name=name)
        return Pressed(tiled.pdf, tiled.pages, tiled.describe())
    if booklet:
        from generator.press.booklet import booklet_document

        folded = booklet_document(pdf, name=name)
        return Pressed(folded.pdf, folded.sides, folded.describe())
    return None


def compact_fonts(pdf: bytes, name: str = "the PDF") -> bytes:
    """Each embedded composite font re-subset to the glyphs shown, every embedded font tagged by its glyphs.

    The pages render and extract exactly as before; a one-page Chinese handout shrinks from about 415 KB to
    about 52 KB, in about a tenth of a second: cheap enough to run on every PDF. See press/fonts.py."""
    from generator.press.fonts import compact_fonts as compact

    return compact(pdf, name=name)
