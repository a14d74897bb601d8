"""The material's QR code as a PNG picture for python-docx: the poster's footer and the bulletin's foot both place it."""

from __future__ import annotations

import io

from generator.materials.material import QR_ERROR, Material


def qr_png(material: Material) -> io.BytesIO:
    """The code in the theme's ink, a one-module quiet border, ten pixels a module."""
    import segno

    buf = io.BytesIO()
    segno.make(material.qr, error=QR_ERROR).save(buf, kind="png", scale=10, border=1,
                                                 dark=material.theme.colors["ink"])
    buf.seek(0)
    return buf
