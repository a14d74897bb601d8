"""Labelled PDFs -> the contact sheet's Artifacts (PDF, and a PNG of its first page): a thumbnail of every page, in a grid.

The grid is planned here, in millimetres (cells, thumbnail boxes, label lines); the template
only writes the plan out, and the stylesheet reads its numbers as CSS custom properties.
Thumbnails are JPEGs in `data:` URLs, so the confined fetcher lets them in and the sheet stays
small. Never writes a file.
"""

from __future__ import annotations

import base64
import io
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from generator.materials.i18n import html_lang
from generator.materials.page import PageSpec
from generator.materials.themes import Theme
from generator.writers.render import Artifact, Setting
from generator.writers.templating import make_environment, render_template

TEMPLATE = "contact-sheet.html.j2"
STYLESHEET = "contact-sheet.css"
PAGE = PageSpec("A3", 420, 297)
MARGIN_MM = 10.0
HEADER_MM = (9.0, 4.0)    # the masthead, and the space below it
LABEL_GAP_MM = 1.5        # between a thumbnail and its label
GAP_MM = (5.0, 4.0)       # between columns, between rows
# (columns, rows, label size in pt), smallest first: the first grid that holds every page on one
# sheet is used, so a small campaign gets large thumbnails; the last one (40 a sheet) takes the
# rest, so a 200-file campaign is five sheets
GRIDS = ((3, 2, 10.0), (4, 2, 10.0), (4, 3, 9.0), (5, 4, 8.5), (6, 4, 8.0), (8, 5, 7.5))
LINE_HEIGHT = 1.25
MAX_LABEL_LINES = 4
# a generous width for Latin file names in Noto Sans / DejaVu Sans (digits ~0.57 em, hyphens
# narrower): the estimate must never be short, or a name would run past its label's lines
LATIN_EM, WIDE_EM = 0.62, 1.0
THUMB_DPI = 150           # pixels per inch of the thumbnail as printed
JPEG_QUALITY = 80
PNG_DPI = 120             # the PNG of the first sheet, for a glance on screen or in a chat
PNG_COLORS = 256          # as a palette PNG: a fifth of the size of RGB, and looks the same
PT_PER_MM = 72 / 25.4
MISSING_PAGE_MM = (210.0, 297.0)


@dataclass(frozen=True, slots=True)
class SheetFile:
    """One file for the sheet: its label (the file name), its PDF bytes (None when it is not there)
    and, for a missing one, the page size to draw its empty cell at and a note saying why."""

    label: str
    pdf: bytes | None
    page_mm: tuple[float, float] = MISSING_PAGE_MM
    note: str = "not built yet"


@dataclass(frozen=True, slots=True)
class Grid:
    columns: int
    rows: int
    label_pt: float
    label_lines: int
    cell_w: float        # mm, the whole cell: thumbnail box and label
    cell_h: float
    thumb_h: float       # mm, the box every thumbnail is fitted into (cell_w wide)

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def label_h(self) -> float:
        return self.label_lines * self.label_pt * LINE_HEIGHT / PT_PER_MM

    def css_variables(self) -> str:
        values = {"sheet-width": PAGE.width_mm - 2 * MARGIN_MM, "sheet-height": PAGE.height_mm - 2 * MARGIN_MM,
                  "masthead-height": HEADER_MM[0], "masthead-gap": HEADER_MM[1],
                  "column-gap": GAP_MM[0], "row-gap": GAP_MM[1], "cell-width": self.cell_w,
                  "cell-height": self.cell_h, "thumb-height": self.thumb_h, "label-gap": LABEL_GAP_MM,
                  "label-height": self.label_h}
        lines = [f"--{name}: {value:.2f}mm;" for name, value in values.items()]
        lines += [f"--columns: {self.columns};", f"--label-size: {self.label_pt:g}pt;",
                  f"--label-line-height: {LINE_HEIGHT};"]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Cell:
    """One page's place on the sheet, as the template writes it."""

    label: str
    part: str            # "p. 2/5" for a page of a multi-page file, "" otherwise
    image: str | None    # a data: URL, or None for a file that is not there
    width: float         # mm, the thumbnail (or empty cell) fitted into the grid's thumbnail box
    height: float
    drop: float          # mm above it, so every thumbnail sits on its label
    note: str = ""


def label_width_mm(text: str, size_pt: float) -> float:
    """How wide `text` may set at `size_pt`, erring wide."""
    ems = sum(WIDE_EM if unicodedata.east_asian_width(c) in "WF" else LATIN_EM for c in text)
    return ems * size_pt / PT_PER_MM


def plan_grid(pages: int, labels: Iterable[str]) -> Grid:
    """The grid for `pages` cells, its label area tall enough for the longest label."""
    labels = list(labels)
    columns, rows, label_pt = next((g for g in GRIDS if g[0] * g[1] >= pages), GRIDS[-1])
    inner_w = PAGE.width_mm - 2 * MARGIN_MM
    # a millimetre to spare, so rounding never pushes the last row onto a page of its own
    inner_h = PAGE.height_mm - 2 * MARGIN_MM - sum(HEADER_MM) - 1.0
    cell_w = (inner_w - (columns - 1) * GAP_MM[0]) / columns
    cell_h = (inner_h - (rows - 1) * GAP_MM[1]) / rows
    widest = max((label_width_mm(text, label_pt) for text in labels), default=0.0)
    lines = min(MAX_LABEL_LINES, max(1, math.ceil(widest / cell_w)))
    label_h = lines * label_pt * LINE_HEIGHT / PT_PER_MM
    return Grid(columns, rows, label_pt, lines, cell_w, cell_h, cell_h - label_h - LABEL_GAP_MM)


def fit_label(name: str, grid: Grid, suffix: str = "") -> str:
    """`name` as it fits the grid's label lines beside `suffix` ("p. 2/5"): a name too long for them
    keeps its start and its end (where the unit and the extension are) and loses its middle."""
    room = grid.label_lines * grid.cell_w - label_width_mm(f" {suffix}" if suffix else "", grid.label_pt)
    if label_width_mm(name, grid.label_pt) <= room:
        return name
    head, tail = name[: len(name) // 2], name[len(name) // 2:]
    while label_width_mm(head + "…" + tail, grid.label_pt) > room and (head or tail):
        head, tail = (head[:-1], tail) if len(head) >= len(tail) else (head, tail[1:])
    return head + "…" + tail


def fitted(page_w: float, page_h: float, box_w: float, box_h: float) -> tuple[float, float]:
    """The size of a page shown as large as fits the box, its aspect kept."""
    scale = min(box_w / page_w, box_h / page_h)
    return page_w * scale, page_h * scale


def _open(pdf: bytes):
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as exc:
        return str(exc)


def page_sizes(file: SheetFile) -> list[tuple[float, float]] | str | None:
    """The file's page sizes in pt; None when it is not there, the reason when it cannot be read."""
    if file.pdf is None:
        return None
    doc = _open(file.pdf)
    if isinstance(doc, str):
        return doc
    try:
        return [doc[i].get_size() for i in range(len(doc))] or "it has no pages"
    finally:
        doc.close()


def thumbnails(pdf: bytes, box_w: float, box_h: float) -> list[tuple[str, float, float]]:
    """Each page as a JPEG data: URL, with the size (mm) it is shown at in a box_w × box_h box."""
    doc = _open(pdf)
    try:
        out = []
        for index in range(len(doc)):
            page = doc[index]
            w_pt, h_pt = page.get_size()
            w_mm, _ = fitted(w_pt, h_pt, box_w, box_h)
            image = page.render(scale=w_mm / 25.4 * THUMB_DPI / w_pt).to_pil().convert("RGB")
            page.close()
            # the size PDFium drew (a /Rotate'd page comes out turned) is the aspect to keep
            w_mm, h_mm = fitted(image.width, image.height, box_w, box_h)
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
            out.append(("data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"), w_mm, h_mm))
        return out
    finally:
        doc.close()


def first_page_png(pdf: bytes) -> bytes:
    """The sheet's first page as a palette PNG at PNG_DPI."""
    doc = _open(pdf)
    try:
        image = doc[0].render(scale=PNG_DPI / 72).to_pil().convert("RGB")
    finally:
        doc.close()
    buffer = io.BytesIO()
    image.quantize(PNG_COLORS, method=2).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _font_stack(theme: Theme | None, lang: str) -> Markup:
    """The theme's sans faces, the language's own first (font names are checked by themes.py)."""
    names = ["Noto Sans", "Noto Sans CJK SC"]
    if theme is not None:
        names = [theme.fonts["sans"], theme.fonts["sans_cjk"]]
    if lang == "zh":
        names.reverse()
    return Markup(", ".join(f'"{n}"' for n in names) + ", sans-serif")


def write_contact_sheet(files: Sequence[SheetFile | tuple], setting: Setting, title: str,
                        theme: Theme | None = None, lang: str = "en") -> tuple[Artifact, Artifact]:
    """The sheet of every page of `files` ((label, pdf bytes) or SheetFile), in their order: its PDF
    and a PNG of its first page. A file whose bytes are None gets an empty cell with its note."""
    from generator.writers.pdf import write_pdf

    files = [f if isinstance(f, SheetFile) else SheetFile(*f) for f in files]
    warnings: list[str] = []
    found = []
    for file in files:
        sizes = page_sizes(file)
        if isinstance(sizes, str):
            warnings.append(f"{file.label}: cannot be read as a PDF ({sizes}); shown as an empty cell")
            file, sizes = SheetFile(file.label, None, file.page_mm, "cannot be read"), None
        found.append((file, sizes))
    # every cell's label as it would read whole: the grid makes room for the longest
    texts = []
    for file, sizes in found:
        count = len(sizes or [None])
        texts += [f"{file.label} p. {n}/{count}" if count > 1 else file.label for n in range(1, count + 1)]
    grid = plan_grid(len(texts), texts)
    cells: list[Cell] = []
    for file, sizes in found:
        if sizes is None:
            width, height = fitted(*file.page_mm, grid.cell_w, grid.thumb_h)
            cells.append(Cell(fit_label(file.label, grid), "", None, width, height, grid.thumb_h - height, file.note))
            continue
        pages = len(sizes)
        for number, (uri, width, height) in enumerate(thumbnails(file.pdf, grid.cell_w, grid.thumb_h), start=1):
            part = f"p. {number}/{pages}" if pages > 1 else ""
            cells.append(Cell(fit_label(file.label, grid, part), part, uri, width, height, grid.thumb_h - height))
    sheets = [cells[i:i + grid.per_sheet] for i in range(0, len(cells), grid.per_sheet)] or [[]]
    made = [sizes for _, sizes in found if sizes]
    counts = f"{_plural(len(made), 'file')} · {_plural(sum(map(len, made)), 'page')}"
    for note in dict.fromkeys(file.note for file, sizes in found if not sizes):
        counts += f" · {sum(1 for f, s in found if not s and f.note == note)} {note}"
    context = {
        "title": title, "counts": counts, "sheets": sheets, "html_lang": html_lang(lang),
        "page_css": Markup(f"{PAGE.css_size}; margin: {MARGIN_MM:g}mm"),
        "grid_css": Markup(grid.css_variables()), "font_stack": _font_stack(theme, lang),
        "accent": Markup(theme.colors["accent"] if theme is not None else "#b3261e"),
    }
    html = render_template(make_environment(setting.resources), TEMPLATE, context)
    result = write_pdf(html, setting.base_url, setting.allowed_roots,
                       [setting.resources.find(STYLESHEET, "stylesheet")],
                       {"title": f"Contact sheet · {title}", "generator": "presswork", "lang": html_lang(lang)})
    warnings += result.warnings
    page = PAGE.describe()
    png = first_page_png(result.pdf)
    return (Artifact("pdf", result.pdf, result.pages, page, tuple(warnings)),
            Artifact("png", png, 1, page, tuple(warnings)))
