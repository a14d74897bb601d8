"""Material -> Artifacts: one material in each format asked for, fitted once and laid out once; never writes a file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem, RenderError
from generator.materials.material import Material
from generator.materials.page import PageSpec
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
    # the press step for every PDF: (pdf, page, name) -> (pdf, sheets, sheets described), the last two
    # None when the pages stay the writer's (fonts compacted, nothing tiled or folded).
    # Given by the campaign stage (press/ sits above writers/, so a writer cannot import it).
    press: Callable[[bytes, PageSpec, str], tuple[bytes, int | None, str | None]] | None = None

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
    """Posters: the quote sized to fill the page (see writers/fit.py); handouts: hyphenation limits,
    note lines and sign-in pages read off the laid-out page (writers/handout_fit.py); bulletins: boxes
    stretched to each sheet's foot (writers/bulletin_fit.py), and what the plan had to shorten reported."""
    if material.kind == "bulletin":
        from generator.writers.bulletin_fit import fit_bulletin

        return fit_bulletin(material, setting.html, setting.base_url, setting.allowed_roots,
                            setting.stylesheets(material.kind))
    if material.kind == "handout":
        from generator.writers.handout_fit import fit_handout

        fitted = fit_handout(material, setting.html, setting.base_url, setting.allowed_roots,
                             setting.stylesheets(material.kind))
        return fitted.material, ()
    if material.kind != "poster":
        return material, ()
    from generator.writers.fit import fit_poster

    return fit_poster(material, setting.html, setting.base_url, setting.allowed_roots,
                      setting.stylesheets(material.kind))


def render_pdf(material: Material, setting: Setting):
    from generator.writers.html import pdf_metadata
    from generator.writers.pdf import write_pdf

    page = material.page
    # a print shop's own CMYK profile, if the workspace has one, else the system's (writers/pdf.py)
    profile = setting.resources.locate("cmyk.icc") if page.pdf_variant == "pdf/x-4" else None
    return write_pdf(setting.html(material), setting.base_url, setting.allowed_roots,
                     setting.stylesheets(material.kind), pdf_metadata(material), page=page, cmyk_profile=profile)


@dataclass(frozen=True, slots=True)
class _Pdf:
    """The PDF that goes out: the writer's, or the press step's sheets made from it."""

    pdf: bytes
    pages: int
    page: str
    warnings: tuple[str, ...]


def _pressed_pdf(material: Material, setting: Setting) -> _Pdf:
    """Render, then tile or fold when the page asks for it (press/ takes the writer's bytes)."""
    result = render_pdf(material, setting)
    page = material.page
    if setting.press is None:
        if page.tile or page.booklet:
            raise RenderError(Problem("this render has no press step to tile or fold the PDF",
                                      fix="render through presswork's commands or campaign.run"))
        return _Pdf(result.pdf, result.pages, page.describe(), result.warnings)
    pdf, pages, sheets = setting.press(result.pdf, page, f"the {material.kind}")
    if sheets is None:
        return _Pdf(pdf, result.pages, page.describe(), result.warnings)
    return _Pdf(pdf, pages, f"{page.describe()} on {sheets}", result.warnings)


def _docx_note(material: Material) -> tuple[str, ...]:
    """DOCX has no bleed, marks, PDF standard, tiling or booklet: one warning naming what it left out."""
    page = material.page
    ignored = [name for name, value in (("bleed", page.bleed_mm), ("marks", page.marks),
                                        ("pdf_variant", page.pdf_variant), ("tile", page.tile),
                                        ("booklet", page.booklet)) if value]
    if not ignored:
        return ()
    return (f"DOCX ignores {', '.join(ignored)}: they shape the PDF only (ask for a PDF to print with them)",)


def render_material(material: Material, formats: tuple[str, ...], setting: Setting, dpi: int = 150,
                    png_pages: bool = False) -> dict[str, list[Artifact]]:
    """Every format of one material: the poster fitted once and the PDF laid out once for PDF and PNG.

    The HTML is the page the PDF is made from, fitted quote size and all (with its stylesheets
    inlined), so it opens in a browser as it prints. PNG pictures the PDF as it goes out (bleed,
    marks, tiled sheets or booklet sides included): the first page, or with `png_pages` one
    artifact per page (`part` = page number).
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
            out[fmt] = [Artifact(fmt, data, 0, page, notes + tuple(warnings) + _docx_note(material))]
        else:
            if result is None:
                result = _pressed_pdf(material, setting)
            warnings = notes + result.warnings
            if fmt == "pdf":
                out[fmt] = [Artifact(fmt, result.pdf, result.pages, result.page, warnings)]
                continue
            from generator.writers.png import pdf_to_pngs

            if png_pages:
                out[fmt] = [Artifact(fmt, png, 1, result.page, warnings, part=number)
                            for number, png in enumerate(pdf_to_pngs(result.pdf, dpi), start=1)]
            else:
                out[fmt] = [Artifact(fmt, pdf_to_pngs(result.pdf, dpi, [1])[0], result.pages, result.page, warnings)]
    return out
