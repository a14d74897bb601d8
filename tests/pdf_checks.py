"""What a reader of a PDF sees, in forms tests can assert: pages, sizes, text, fonts."""

from __future__ import annotations

import io

from pypdf import PdfReader


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_sizes(pdf: bytes) -> list[tuple[int, int]]:
    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader(pdf).pages]


def page_texts(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in reader(pdf).pages]


def flat(text: str) -> str:
    """Extracted text with line breaks and hyphenation undone, for 'appears in order' checks."""
    return " ".join(text.replace("-\n", "").replace("\u00ad", "").replace("\u2060", "").split())


def fonts(pdf: bytes) -> dict[str, bool]:
    """Every font used on any page (descendants of Type0 included) -> whether it is embedded."""
    found: dict[str, bool] = {}
    for page in reader(pdf).pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources else None
        if not font_dict:
            continue
        for ref in font_dict.get_object().values():
            font = ref.get_object()
            candidates = [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]
            for f in candidates:
                descriptor = f.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                found[str(f.get("/BaseFont"))] = embedded
    return found


def assert_in_order(text: str, *parts: str) -> None:
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} not found after position {position} in {text[:300]!r}..."
        position = found + len(part)
