"""PDF pages to PNG images through PDFium, for previews and PNG output."""

from __future__ import annotations

import io

from generator.errors import Problem, RenderError

MAX_PIXELS = 150_000_000  # an A0 poster at 300 dpi is 140 megapixels; more would take gigabytes


def pdf_to_pngs(pdf: bytes, dpi: int, pages: list[int] | None = None) -> list[bytes]:
    """Rasterise PDF pages (1-based numbers; all when None) to PNG bytes with PDFium."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        numbers = pages or list(range(1, len(doc) + 1))
        for number in numbers:
            width, height = doc[number - 1].get_size()
            pixels = (width * dpi / 72) * (height * dpi / 72)
            if pixels > MAX_PIXELS:
                raise RenderError(Problem(
                    f"a PNG of this {width / 72 * 25.4:.0f} × {height / 72 * 25.4:.0f} mm page at {dpi} dpi would be "
                    f"{pixels / 1e6:.0f} megapixels, more than the {MAX_PIXELS // 1_000_000} a PNG may have",
                    fix=f"use --dpi {max(20, int(dpi * (MAX_PIXELS / pixels) ** 0.5))} or less, a smaller --size, "
                        "or PDF output"))
        out = []
        for number in numbers:
            image = doc[number - 1].render(scale=dpi / 72).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=False)
            out.append(buffer.getvalue())
        return out
    finally:
        doc.close()
