"""Opening a PDF to press, with clear errors; pages as form XObjects; saving the result deterministically."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf

from generator.errors import PressworkError, Problem

MM_PER_PT = 25.4 / 72


class PressError(PressworkError):
    """A PDF cannot be pressed: it is not a PDF, is encrypted or damaged, or its pages do not suit the step."""


@dataclass(frozen=True, slots=True)
class Box:
    """A page's trim box in PDF points: what the finished page is, bleed left out."""

    left: float
    bottom: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return self.bottom + self.height

    def describe(self) -> str:
        return f"{self.width * MM_PER_PT:.0f} × {self.height * MM_PER_PT:.0f} mm"


def open_pdf(pdf: bytes, name: str = "the PDF") -> pikepdf.Pdf:
    """The input as a pikepdf document, or a PressError naming `name` and saying what to do."""
    if b"%PDF-" not in pdf[:1024]:
        raise PressError(Problem("is not a PDF file", file=name, fix="give the .pdf that presswork wrote"))
    try:
        src = pikepdf.open(io.BytesIO(pdf))
    except pikepdf.PasswordError:
        raise PressError(Problem("is password-protected", file=name,
                                 fix="save an unprotected copy of it first")) from None
    except pikepdf.PdfError as exc:
        raise PressError(Problem(f"cannot be read as a PDF ({exc})", file=name,
                                 fix="render it again, or give another file")) from None
    if src.is_encrypted:
        raise PressError(Problem("is encrypted", file=name, fix="save an unencrypted copy of it first"))
    if not src.pages:
        raise PressError(Problem("has no pages", file=name))
    for page in src.pages:
        if int(page.obj.get("/Rotate", 0)) % 360:
            # bake /Rotate into the content, so every box below is the page as it is seen
            page.flatten_rotation()
    return src


def trim_box(page: pikepdf.Page) -> Box:
    llx, lly, urx, ury = (float(v) for v in page.trimbox)
    return Box(min(llx, urx), min(lly, ury), abs(urx - llx), abs(ury - lly))


def new_pdf(src: pikepdf.Pdf) -> pikepdf.Pdf:
    """An empty document carrying the source's document information and language."""
    out = pikepdf.new()
    if src.trailer.get("/Info") is not None:
        out.trailer.Info = out.copy_foreign(src.trailer.Info)
    if "/Lang" in src.Root:
        out.Root.Lang = src.Root.Lang
    return out


def page_form(out: pikepdf.Pdf, page: pikepdf.Page) -> pikepdf.Object:
    """The page as a form XObject inside `out`: its content and resources copied once, bounded by its trim box."""
    return out.copy_foreign(page.as_form_xobject())


def add_sheet(out: pikepdf.Pdf, width: float, height: float, content: bytes,
              xobjects: dict[str, pikepdf.Object], fonts: pikepdf.Dictionary | None = None) -> None:
    """Append a page of `width` × `height` points drawing `content` with these forms and fonts."""
    resources = pikepdf.Dictionary({"/XObject": pikepdf.Dictionary(xobjects)})
    if fonts is not None:
        resources.Font = fonts
    out.pages.append(pikepdf.Page(pikepdf.Dictionary({
        "/Type": pikepdf.Name.Page,
        "/MediaBox": pikepdf.Array([0, 0, round(width, 3), round(height, 3)]),
        "/Resources": resources,
        "/Contents": out.make_stream(content),
    })))


def save_pdf(out: pikepdf.Pdf, like: pikepdf.Pdf) -> bytes:
    """Compressed, with object streams and an /ID derived from the content: the same bytes every run.

    The PDF version is at least that of `like`, the source."""
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True, compress_streams=True, min_version=like.pdf_version,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()
