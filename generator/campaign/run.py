"""One render from start to finish: load, select, compose, fill the template, write the files."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from generator.errors import ConfigError, OutputError, Problem
from generator.materials.material import Material, RenderOptions, compose
from generator.content.model import Passage
from generator.content.selection import Selection, select_passages
from generator.writers.templating import BUILTIN_TEMPLATES, make_environment, render_template, template_dirs
from generator.content.text import slugify
from generator.materials.themes import load_theme
from generator.content.workspace import Workspace

FORMATS = ("pdf", "png", "html", "docx")
DEFAULT_THEME = "safety"


@dataclass(frozen=True, slots=True)
class Written:
    """A file this run wrote, as the CLI reports it."""

    path: Path
    format: str
    pages: int
    page: str
    warnings: tuple[str, ...] = ()


def choose_passages(ws: Workspace, kind: str, selection: Selection, per_excerpt: bool = False) -> list[Passage]:
    """The passages for one material; with no selection, handouts and bulletins (and posters made
    one per excerpt) take a whole collection."""
    collections = ws.load_collections(selection.collection)
    if selection.is_empty:
        if kind == "poster" and not per_excerpt:
            ids = ", ".join(e.id for c in collections for e in c.excerpts)
            raise ConfigError(Problem("a poster needs one passage and none was chosen",
                                      fix=f"pass -e ID with one of: {ids}"))
        if len(collections) > 1:
            names = ", ".join(c.name for c in collections)
            raise ConfigError(Problem(f"the workspace has several collections ({names})",
                                      fix="choose one with --collection NAME"))
    return select_passages(collections, selection)


def fonts_for(material: Material) -> dict[str, Markup]:
    """CSS font stacks: the language's own face first, so CJK is SC, never a JP fallback."""
    f = material.theme.fonts
    if material.lang == "zh":
        serif = [f["serif_cjk"], f["serif"]]
        sans = [f["sans_cjk"], f["sans"]]
    else:
        serif = [f["serif"], f["serif_cjk"]]
        sans = [f["sans"], f["sans_cjk"]]
    stack = lambda names, generic: Markup(", ".join(f'"{n}"' for n in names) + f", {generic}")  # noqa: E731
    return {"serif": stack(serif, "serif"), "sans": stack(sans, "sans-serif")}


def stylesheet_paths(ws: Workspace, kind: str) -> list[Path]:
    """base.css then the kind's stylesheet, each from the workspace if it overrides it."""
    dirs = template_dirs(ws.templates_dir)
    paths = []
    for name in ("base.css", f"{kind}.css"):
        path = next((d / name for d in dirs if (d / name).is_file()), None)
        if path is None:
            raise ConfigError(Problem(f"stylesheet '{name}' not found", fix="restore it in templates/"))
        paths.append(path)
    return paths


def build_html(ws: Workspace, material: Material, inline_css: bool = False) -> str:
    """Fill the kind's template; with inline_css the page is self-contained (for .html output)."""
    env = make_environment(ws.templates_dir)
    css = [Markup(p.read_text(encoding="utf-8")) for p in stylesheet_paths(ws, material.kind)] if inline_css else []
    qr_uri = None
    if material.qr:
        import segno

        qr_uri = segno.make(material.qr, error="m").svg_data_uri(dark=material.theme.colors["ink"], border=0)
    # bulletins: box sizes, regions and pages are planned in Python; the template writes the plan out
    plan = None
    if material.kind == "bulletin":
        from generator.materials.plans.bulletin import plan_bulletin

        plan = plan_bulletin(material)
    context = {
        "m": material,
        "theme_css": Markup(material.theme.css_variables()),
        "fonts": fonts_for(material),
        "inline_css": css,
        "qr_uri": qr_uri,
        "html_lang": "zh-Hans" if material.lang == "zh" else "en",
        "plan": plan,
    }
    return render_template(env, f"{material.kind}.html.j2", context)


def allowed_roots(ws: Workspace) -> list[Path]:
    return [ws.root, BUILTIN_TEMPLATES]


def pdf_metadata(material: Material) -> dict:
    return {
        "title": material.title,
        "authors": [material.organisation] if material.organisation else None,
        "description": material.series or material.headline,
        "keywords": list(material.keywords) or None,
        "lang": "zh-Hans" if material.lang == "zh" else "en",
        "generator": "presswork",
    }


def theme_for(ws: Workspace, name: str | None):
    name = name or ws.config.get("campaign", {}).get("theme") or DEFAULT_THEME
    return load_theme(name, [d / "themes" for d in template_dirs(ws.templates_dir)], ws.display)


def is_folder(output: str | Path | None) -> bool:
    """`-o DIR/` (or an existing folder) asks for one PNG per page."""
    return output is not None and (str(output).endswith(("/", os.sep)) or Path(output).is_dir())


def output_format(output: str | Path | None, fmt: str | None) -> str:
    if fmt:
        return fmt
    if output is not None:
        if is_folder(output):
            return "png"
        output = Path(output)
        suffix = output.suffix.lower().lstrip(".")
        if suffix not in FORMATS:
            raise ConfigError(Problem(f"cannot tell the format of '{output}'",
                                      fix="end it in .pdf, .png, .html or .docx, or pass --format"))
        return suffix
    return "pdf"


def default_name(kind: str, passages: list[Passage]) -> str:
    if kind == "poster":
        return f"poster-{slugify(passages[0].excerpt.id, max_words=10)}"
    return f"{kind}-{slugify(passages[0].collection.name, max_words=10)}"


def render(ws: Workspace, kind: str, selection: Selection, options: RenderOptions,
           output: str | Path | None = None, fmt: str | None = None, dpi: int = 150,
           name: str | None = None) -> list[Written]:
    """Render one material to one format; returns what was written."""
    passages = choose_passages(ws, kind, selection)
    campaign = ws.config.get("campaign", {})
    material = compose(kind, passages, options, theme_for(ws, options.theme), campaign)
    fmt = output_format(output, fmt)
    png_dir = fmt == "png" and is_folder(output)
    if png_dir is False and output is not None and is_folder(output):
        raise ConfigError(Problem(f"'{output}' is a folder; only PNG output can go to a folder",
                                  fix="name a file, e.g. -o handout.pdf"))
    output = Path(output) if output is not None else ws.output_dir / f"{name or default_name(kind, passages)}.{fmt}"
    return write_material(ws, material, [(fmt, output)], dpi, png_dir)


def write_material(ws: Workspace, material: Material, targets: list[tuple[str, Path]], dpi: int = 150,
                   png_dir: bool = False) -> list[Written]:
    """Write one material in each (format, path) asked for: fitted once, rendered to PDF once."""
    from generator.outputs import write_atomic

    if not 20 <= dpi <= 600:
        raise ConfigError(Problem(f"--dpi {dpi} is out of range", fix="use 20 to 600"))
    page = material.page.describe()
    written: list[Written] = []
    notes: tuple[str, ...] = ()
    if any(fmt != "html" for fmt, _ in targets):
        material, notes = fit(ws, material)
    result = None
    for fmt, output in targets:
        if fmt == "html":
            write_atomic(output, build_html(ws, material, inline_css=True))
            written.append(Written(output, fmt, 0, page))
        elif fmt == "docx":
            from generator.writers.docx.writer import write_docx

            data, warnings = write_docx(material, ws.templates_dir)
            write_atomic(output, data)
            written.append(Written(output, fmt, 0, page, notes + tuple(warnings)))
        else:
            if result is None:
                result = render_pdf(ws, material)
            warnings = notes + result.warnings
            if fmt == "pdf":
                write_atomic(output, result.pdf)
                written.append(Written(output, fmt, result.pages, page, warnings))
                continue
            from generator.writers.pdf import pdf_to_pngs

            if png_dir:
                for number, png in enumerate(pdf_to_pngs(result.pdf, dpi), start=1):
                    path = output / f"page-{number:02d}.png"
                    write_atomic(path, png)
                    written.append(Written(path, fmt, 1, page, warnings))
            else:
                write_atomic(output, pdf_to_pngs(result.pdf, dpi, [1])[0])
                written.append(Written(output, fmt, result.pages, page, warnings))
    return written


def render_pdf(ws: Workspace, material: Material):
    from generator.writers.pdf import write_pdf

    html = build_html(ws, material)
    return write_pdf(html, ws.root, allowed_roots(ws), stylesheet_paths(ws, material.kind),
                     pdf_metadata(material))


def quote_floor_pt(material: Material) -> float:
    """Below this a poster's quote stops reading from across a room: 14 pt on A3, 12 pt on A4 and A5."""
    return max(12.0, round(material.page.width_pt / 60, 1))


def fit(ws: Workspace, material: Material) -> tuple[Material, tuple[str, ...]]:
    """Posters: the largest quote size that fits the page, measured by the PDF writer's layout."""
    if material.kind != "poster":
        return material, ()
    from generator.writers.pdf import fit_quote

    size = fit_quote(lambda m: build_html(ws, m), material, ws.root, allowed_roots(ws),
                     stylesheet_paths(ws, material.kind))
    notes: tuple[str, ...] = ()
    floor = quote_floor_pt(material)
    if size < floor:
        notes = (f"the quote only fits at {size:g} pt, below the {floor:g} pt that reads from a distance "
                 f"on {material.page.name} (use --pull for the short pull quote, select fewer sentences, "
                 "or choose a larger --size)",)
    return material.with_quote_size(size), notes
