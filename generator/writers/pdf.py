"""The PDF writer: HTML to PDF through WeasyPrint (its only import), confined to trusted files and fonts."""

from __future__ import annotations

import hashlib
import logging
import re
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from generator.errors import Problem, RenderError
from generator.materials.page import PageSpec

_LOGGER = logging.getLogger("weasyprint")
_NOTDEF_RE = re.compile(r"\.notdef glyph rendered .*\(U\+([0-9A-F]+)\)")

# One font configuration per process: fontconfig's scan and Pango's font map are costly to redo.
_FONT_CONFIG: FontConfiguration | None = None
_CSS_CACHE: dict[tuple[str, float], tuple[weasyprint.CSS, list[str]]] = {}
_IMAGE_CACHE: dict = {}
# The last few layouts by their exact input: auto-fit's chosen layout is then written, not redone.
_LAYOUTS: OrderedDict = OrderedDict()
_LAYOUTS_KEPT = 6


def font_config() -> FontConfiguration:
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


class BlockedFetch(FatalURLFetchingError):
    """Raised inside WeasyPrint to stop a render that reached outside its allowed files."""


class ConfinedFetcher(URLFetcher):
    """Fetches `data:` URLs and regular files inside the allowed folders; nothing else, ever."""

    def __init__(self, allowed_roots: list[Path]):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self.allowed_roots = [Path(r).resolve() for r in allowed_roots]

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            try:
                return super().fetch(url, headers)
            except (ValueError, TypeError, UnicodeError) as exc:
                raise BlockedFetch(f"a data: URL is malformed ({exc})") from None
        if scheme != "file":
            raise BlockedFetch(f"'{url}': only files in the workspace and data: URLs may be used")
        path = Path(unquote(urlsplit(url).path)).resolve()
        if not any(path.is_relative_to(root) for root in self.allowed_roots):
            raise BlockedFetch(f"'{url}' is outside the workspace and the built-in templates")
        if not path.is_file():
            raise BlockedFetch(f"'{url}' is not a regular file")
        return super().fetch(path.as_uri(), headers)


@dataclass(frozen=True, slots=True)
class RenderResult:
    pdf: bytes
    pages: int
    page_size_pt: tuple[float, float]
    warnings: tuple[str, ...]


@contextmanager
def _captured_warnings():
    """Collect WeasyPrint's warnings and errors for this render instead of letting them scroll by."""
    records: list[logging.LogRecord] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = _Collect(level=logging.WARNING)
    _LOGGER.addHandler(handler)
    old_level, old_propagate = _LOGGER.level, _LOGGER.propagate
    _LOGGER.setLevel(logging.WARNING)
    _LOGGER.propagate = False
    try:
        yield records
    finally:
        _LOGGER.removeHandler(handler)
        _LOGGER.setLevel(old_level)
        _LOGGER.propagate = old_propagate


def _check_glyphs(messages: list[str]) -> None:
    missing = sorted({int(m[1], 16) for msg in messages if (m := _NOTDEF_RE.search(msg))})
    if missing:
        chars = ", ".join(f"U+{cp:04X} '{chr(cp)}'" for cp in missing)
        if all(_is_symbol(cp) for cp in missing):
            fix = "presswork prints with text fonts, which have no emoji or pictographs: remove them from the text"
        else:
            fix = "install a font that covers them (make system installs Noto and Noto CJK), or remove them"
        raise RenderError(Problem(f"no installed font has these characters: {chars}", fix=fix))


def _is_symbol(cp: int) -> bool:
    import unicodedata

    return unicodedata.category(chr(cp)) in ("So", "Sk", "Cn") or 0x1F000 <= cp <= 0x1FAFF


@contextmanager
def _fetch_errors():
    try:
        yield
    except FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc
        raise RenderError(Problem(f"blocked a fetch: {cause}",
                                  fix="keep images and stylesheets inside the workspace")) from None


def stylesheet(path: Path, allowed_roots: list[Path]) -> tuple[weasyprint.CSS, list[str]]:
    """A parsed stylesheet and the warnings parsing it gave, reused until the file changes.

    The warnings are kept with it so that every render using it reports them, not only the first.
    """
    key = (str(path), path.stat().st_mtime, *map(str, allowed_roots))
    cached = _CSS_CACHE.get(key)
    if cached is None:
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            # WeasyPrint would guess an encoding and drop the rules it cannot parse, silently
            raise RenderError(Problem(f"is not UTF-8 text (byte {exc.start})", str(path),
                                      fix="save the stylesheet as UTF-8")) from None
        with _captured_warnings() as records, _fetch_errors():
            css = weasyprint.CSS(string=text, base_url=path.as_uri(), font_config=font_config(),
                                 url_fetcher=ConfinedFetcher(allowed_roots))
        cached = _CSS_CACHE[key] = (css, [f"{path.name}: {r.getMessage()}" for r in records])
    return cached


def layout(html: str, base_url: Path, allowed_roots: list[Path], stylesheets: list[Path] = ()):
    """Lay out and paginate `html` (no PDF written): for page counts and measuring boxes."""
    return _render(html, base_url, allowed_roots, stylesheets)


def _render(html: str, base_url: Path, allowed_roots: list[Path], stylesheets):
    key = (html, str(base_url), tuple(map(str, allowed_roots)),
           tuple((str(p), p.stat().st_mtime) for p in stylesheets))
    if key in _LAYOUTS:
        _LAYOUTS.move_to_end(key)
        return _LAYOUTS[key]
    result = _layout(html, base_url, allowed_roots, stylesheets)
    _LAYOUTS[key] = result
    while len(_LAYOUTS) > _LAYOUTS_KEPT:
        _LAYOUTS.popitem(last=False)
    return result


def _layout(html: str, base_url: Path, allowed_roots: list[Path], stylesheets):
    fetcher = ConfinedFetcher(allowed_roots)
    parsed = [stylesheet(p, allowed_roots) for p in stylesheets]
    with _captured_warnings() as records, _fetch_errors():
        document = weasyprint.HTML(string=html, base_url=str(base_url) + "/", url_fetcher=fetcher).render(
            font_config=font_config(), stylesheets=[css for css, _ in parsed], cache=_IMAGE_CACHE)
    messages = [m for _, css_messages in parsed for m in css_messages] + [r.getMessage() for r in records]
    _check_glyphs(messages)
    return document, messages


def write_pdf(html: str, base_url: Path, allowed_roots: list[Path], stylesheets: list[Path] = (),
              metadata: dict | None = None, page: PageSpec | None = None,
              cmyk_profile: Path | None = None) -> RenderResult:
    """Render to PDF bytes; fails on missing glyphs and blocked fetches, returns other warnings.

    `page` brings the print settings: its PDF variant (pdf/x-4 with the CMYK output intent of
    `cmyk_profile`, else the system's), and its bleed and marks (writers/pdf_finish.py)."""
    document, messages = _render(html, base_url, allowed_roots, stylesheets)
    messages = list(messages)
    meta = document.metadata
    for key, value in (metadata or {}).items():
        if value:
            setattr(meta, key, value)
    variant = page.pdf_variant if page else None
    # the file identifier is derived from what was rendered, so the same input gives the same bytes
    identifier = hashlib.sha256(html.encode("utf-8") + repr(sorted((metadata or {}).items())).encode()
                                + repr(page).encode()).hexdigest()[:32]
    finish = None
    if page is not None and (page.for_print_shop or variant):
        from generator.writers.pdf_finish import finisher

        finish = finisher(page, identifier)
    with _captured_warnings() as records, _fetch_errors(), _output_intent(document, variant, cmyk_profile):
        pdf = document.write_pdf(pdf_identifier=identifier.encode("ascii"), pdf_variant=variant, finisher=finish)
    messages += [r.getMessage() for r in records]
    _check_glyphs(messages)
    first = document.pages[0]
    return RenderResult(pdf, len(document.pages), (first.width * 0.75, first.height * 0.75), tuple(messages))


# Ghostscript's CMYK profile (Debian's libgs-common; `make system` installs it): a SWOP-like press
CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
_PROFILES: dict[tuple[str, float], object] = {}


@contextmanager
def _output_intent(document, variant: str | None, profile: Path | None):
    """For pdf/x-4, the CMYK profile as the output intent, for this write only.

    The layout is shared with the plain PDF and the other variants (and kept for the next render),
    and WeasyPrint adds PDF/A's sRGB profile to the document it writes: its profiles and intent
    are put back afterwards, so one file's variant never leaks into the next one's bytes."""
    saved = document.color_profiles, document.output_intent
    document.color_profiles = dict(saved[0])
    if variant == "pdf/x-4":
        document.color_profiles["device-cmyk"] = _cmyk_profile(profile or CMYK_PROFILE, profile is None)
        document.output_intent = "device-cmyk"
    try:
        yield
    finally:
        document.color_profiles, document.output_intent = saved


def _cmyk_profile(path: Path, system: bool):
    from PIL import ImageCms
    from weasyprint.css import ColorProfile

    where = "templates/cmyk.icc" if not system else str(path)
    if not path.is_file():
        raise RenderError(Problem(f"pdf/x-4 needs a CMYK profile for its output intent, and {path} is missing",
                                  fix="run `make system` (it installs libgs-common), or put your print shop's "
                                      "CMYK profile at templates/cmyk.icc"))
    key = (str(path), path.stat().st_mtime)
    if key not in _PROFILES:
        try:
            with path.open("rb") as handle:
                profile = ColorProfile(handle, path.as_uri(), "relative-colorimetric", ["c", "m", "y", "k"])
            space = ImageCms.getProfileInfo(profile._profile) and profile._profile.profile.xcolor_space
        except (OSError, ImageCms.PyCMSError) as exc:
            raise RenderError(Problem(f"is not an ICC profile ({exc})", where,
                                      fix="give the .icc file your print shop sent")) from None
        if space.strip() != "CMYK":
            raise RenderError(Problem(f"is a {space.strip()} profile; pdf/x-4 needs a CMYK one", where,
                                      fix="give the CMYK .icc file your print shop sent")) from None
        _PROFILES[key] = profile
    return _PROFILES[key]


# --- Measuring a layout (for the poster auto-fit in writers/fit.py) ----------------------------

def _find_box(box, element_id: str):
    for child in box.descendants():
        element = getattr(child, "element", None)
        if element is not None and element.get("id") == element_id and child.element_tag != "":
            return child
    return None


@dataclass(frozen=True, slots=True)
class Measurement:
    """One layout of a poster, in CSS px: what the quote block needs and what its area gives."""

    needed: float      # the whole #quote-fit block: quote, quote mark, attribution
    available: float   # the height of #quote-area
    quote: float       # the #quote text alone (the part that grows with the size); 0 if absent
    pages: int

    @property
    def fits(self) -> bool:
        return self.pages == 1 and self.needed <= self.available


def measure(html: str, base_url: Path, roots: list[Path], stylesheets) -> Measurement:
    """Lay out a poster once (the layout is kept, so writing the chosen one costs no second layout)."""
    document, _ = _render(html, base_url, roots, stylesheets)
    page = document.pages[0]._page_box
    area, content = _find_box(page, "quote-area"), _find_box(page, "quote-fit")
    if area is None or content is None:
        raise RenderError(Problem("the poster template has no #quote-area holding #quote-fit",
                                  fix="keep both ids in an overriding poster.html.j2"))
    quote = _find_box(content, "quote")
    return Measurement(content.margin_height(), area.height, quote.margin_height() if quote else 0.0,
                       len(document.pages))
