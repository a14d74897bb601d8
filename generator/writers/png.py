"""PDF pages to PNG images through PDFium, for previews and PNG output."""

from __future__ import annotations

import io


def pdf_to_pngs(pdf: bytes, dpi: int, pages: list[int] | None = None) -> list[bytes]:
    """Rasterise PDF pages (1-based numbers; all when None) to PNG bytes with PDFium."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        numbers = pages or list(range(1, len(doc) + 1))
        out = []
        for number in numbers:
            image = doc[number - 1].render(scale=dpi / 72).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=False)
            out.append(buffer.getvalue())
        return out
    finally:
        doc.close()
