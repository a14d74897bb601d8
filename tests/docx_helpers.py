"""What a reader of a DOCX sees, in forms tests can assert: styles, text in order, and LibreOffice's PDF."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
LO_TIMEOUT_S = 180


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def part_xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode("utf-8")


def fonts_of(style) -> dict[str, str]:
    """The rFonts a style sets itself: ascii, hAnsi, eastAsia, cs (and any theme-font attributes)."""
    rpr = style.element.find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    if fonts is None:
        return {}
    return {key.split("}")[1]: value for key, value in fonts.attrib.items()}


def rpr_attr(element, tag: str, attr: str = "val") -> str | None:
    """An attribute of one child of the element's w:rPr (w:color/@w:val, w:lang/@w:eastAsia...)."""
    rpr = element.find(qn("w:rPr"))
    child = rpr.find(qn(tag)) if rpr is not None else None
    return child.get(qn(f"w:{attr}")) if child is not None else None


def blocks(document):
    """Body paragraphs and tables in document order."""
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, document)
        elif child.tag == qn("w:tbl"):
            yield Table(child, document)


def body_text(document) -> str:
    """Every paragraph's text, tables (and tables in their cells) included, in order, one per line."""
    return story_text(document.element.body)


def story_text(element) -> str:
    """The text of a body, header, footer or cell, paragraph by paragraph in document order."""
    lines = []
    for p in element.iter(qn("w:p")):
        lines.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return "\n".join(lines)


def flat(text: str) -> str:
    """Text compared the way it reads: hyphenation, spacing, capitals and no-break spaces undone.
    Hyphens go too: a line broken at "large-|scale" cannot be told from one hyphenated there."""
    text = text.replace("-\n", "").replace("\u00ad", "").replace("\u00a0", " ").replace("\u2060", "")
    text = text.replace("-", "")
    return re.sub(r"\s+", "", text).casefold()


def in_order(haystack: str, needles: list[str]) -> bool:
    """True when every needle occurs in the (flattened) haystack, each after the one before."""
    at = 0
    hay = flat(haystack)
    for needle in needles:
        found = hay.find(flat(needle), at)
        if found < 0:
            return False
        at = found + len(flat(needle))
    return True


def convert_to_pdf(files: list[Path], outdir: Path, profile: Path) -> dict[str, Path]:
    """LibreOffice's own reading of each DOCX, as PDF: one soffice run for all of them."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not on PATH; install libreoffice-writer-nogui to run DOCX checks")
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
                    "--outdir", str(outdir), *map(str, files)],
                   check=True, capture_output=True, timeout=LO_TIMEOUT_S)
    pdfs = {f.stem: outdir / f"{f.stem}.pdf" for f in files}
    missing = [name for name, pdf in pdfs.items() if not pdf.is_file()]
    assert not missing, f"LibreOffice did not convert {missing}"
    return pdfs


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def glyphs_by_font(path: Path) -> dict[str, dict[str, str]]:
    """Font name (subset tag dropped) -> {character: glyph name} in LibreOffice's embedded subsets.

    LibreOffice names every face of a Noto CJK collection after its first (JP) face, so the name
    cannot tell SC from JP; the glyph names (`cid12345`) can, as the two faces map many characters
    to different glyphs.
    """
    found: dict[str, dict[str, str]] = {}
    for page in PdfReader(str(path)).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            program = descriptor.get_object().get("/FontFile") if descriptor else None
            if program is None or "/ToUnicode" not in font:
                continue
            names = {int(m[1]): m[2].decode() for m in
                     re.finditer(rb"dup (\d+) /(\S+) put", program.get_object().get_data())}
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            glyphs = found.setdefault(str(font["/BaseFont"]).split("+")[-1], {})
            for code, uni in re.findall(r"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]{4})>", cmap):
                if int(code, 16) in names:
                    glyphs[chr(int(uni, 16))] = names[int(code, 16)]
    return found
