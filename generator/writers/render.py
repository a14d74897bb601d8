"""Material -> Artifacts: one material in each format asked for, fitted once and laid out once; never writes a file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.materials.material import Material
from generator.resources import BUILTIN_DIR, Resources


@dataclass(frozen=True, slots=True)
class Artifact:
    """One rendered file's bytes and what the CLI reports of it; `part` numbers one page of a PNG set."""

    format: str
    data: bytes
    pages: int
    page: str
    warnings: tuple[str, ...] = ()
    part: int | None = None


@dataclass(frozen=True, slots=True)
class Setting:
    """Where a render may read from: resources through the resolver, files under the allowed roots."""

    resources: Resources
    base_url: Path

    @property
    def allowed_roots(self) -> list[Path]:
        return [self.base_url, BUILTIN_DIR]

    def stylesheets(self, kind: str) -> list[Path]:
        from generator.writers.html import stylesheets

        return stylesheets(self.resources, kind)

    def html(self, material: Material, inline_css: bool = False) -> str:
        from generator.writers.html import build_html

        return build_html(material, self.resources, inline_css)


def fit(material: Material, setting: Setting) -> tuple[Material, tuple[str, ...]]:
    """Posters: the quote sized to fill the page (see writers/fit.py); other kinds pass through."""
    if material.kind != "poster":
        return material, ()
    from generator.writers.fit import fit_poster

    return fit_poster(material, setting.html, setting.base_url, setting.allowed_roots,
                      setting.stylesheets(material.kind))


def render_pdf(material: Material, setting: Setting):
    from generator.writers.html import pdf_metadata
    from generator.writers.pdf import write_pdf

    return write_pdf(setting.html(material), setting.base_url, setting.allowed_roots,
                     setting.stylesheets(material.kind), pdf_metadata(material))


def render_material(material: Material, formats: tuple[str, ...], setting: Setting, dpi: int = 150,
                    png_pages: bool = False) -> dict[str, list[Artifact]]:
    """Every format of one material: the poster fitted once and the PDF laid out once for PDF and PNG.

    The HTML is the page the PDF is made from, fitted quote size and all (with its stylesheets
    inlined), so it opens in a browser as it prints. PNG gives the first page, or with
    `png_pages` one artifact per page (`part` = page number).
    """
    page = material.page.describe()
    out: dict[str, list[Artifact]] = {}
    material, fitted = fit(material, setting)
    notes: tuple[str, ...] = material.warnings + fitted
    result = None
    for fmt in formats:
        if fmt == "html":
            out[fmt] = [Artifact(fmt, setting.html(material, inline_css=True).encode("utf-8"), 0, page, notes)]
        elif fmt == "docx":
            from generator.writers.docx import write_docx

            data, warnings = write_docx(material, setting.resources.find("reference.docx", "reference document"))
            out[fmt] = [Artifact(fmt, data, 0, page, notes + tuple(warnings))]
        else:
            if result is None:
                result = render_pdf(material, setting)
            warnings = notes + result.warnings
            if fmt == "pdf":
                out[fmt] = [Artifact(fmt, result.pdf, result.pages, page, warnings)]
                continue
            from generator.writers.png import pdf_to_pngs

            if png_pages:
                out[fmt] = [Artifact(fmt, png, 1, page, warnings, part=number)
                            for number, png in enumerate(pdf_to_pngs(result.pdf, dpi), start=1)]
            else:
                out[fmt] = [Artifact(fmt, pdf_to_pngs(result.pdf, dpi, [1])[0], result.pages, page, warnings)]
    return out
