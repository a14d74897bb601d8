"""The 100-poster set the auto-fit is judged on (tests/test_fit.py and bench/run.py): the shipped
excerpts cut every way a user cuts them, and the tests' Chinese samples, at A3, A4 and A5; and
`placement`, where a poster's quote block landed on the page, to check nothing is cut off.

Reproducible: the cases are derived from the content in a fixed order, never sampled at random.
In order, until there are 100:

- the Chinese samples of tests/conftest.py: each excerpt, paragraph and sentence range of 1 and 2;
- the shipped excerpts' pull quotes, then each whole excerpt, then each paragraph (ID:P);
- sentence ranges ID:P:S-S of 1, 2, 3, 5, 8, 4 and 6 sentences, tiling each paragraph.

Sizes cycle A3, A4, A5; every other poster has a QR code; all carry the shipped campaign's
organisation and date, so the footer is there as it is in a real build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.content.selection import Selection
from generator.content.text import split_sentences
from generator.content.workspace import Workspace
from generator.materials.options import RenderOptions
from generator.writers.pdf import layout
from tests import engine
from tests.conftest import REPO, SAMPLE, ZH_SAMPLE

SHIPPED = "safety-production-month.yaml"
SIZES = ("A3", "A4", "A5")
SET_SIZE = 100
RANGE_LENGTHS = (1, 2, 3, 5, 8, 4, 6)
ORG = "Riverside Works · Safety Office"
DATE = "June 2026"
QR = "https://example.org/spm"


@dataclass(frozen=True, slots=True)
class PosterCase:
    ref: str
    size: str
    pull: bool = False
    qr: bool = False

    @property
    def selection(self) -> Selection:
        return Selection(refs=(self.ref,))

    @property
    def options(self) -> RenderOptions:
        return RenderOptions(size=self.size, pull=self.pull, org=ORG, date=DATE, qr=QR if self.qr else None,
                             allow_small=True)

    def __str__(self) -> str:
        return f"{self.ref}{' --pull' if self.pull else ''} {self.size}{' +qr' if self.qr else ''}"


def write_workspace(root: Path) -> Workspace:
    """A workspace holding the shipped collection and the tests' samples (Chinese among them)."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / SHIPPED).write_text((REPO / "content" / SHIPPED).read_text(encoding="utf-8"), encoding="utf-8")
    (content / "sample.yaml").write_text(SAMPLE, encoding="utf-8")
    (content / "zh-sample.yaml").write_text(ZH_SAMPLE, encoding="utf-8")
    return Workspace.open(root)


def _ranges(excerpt, lengths) -> list[str]:
    refs = []
    for length in lengths:
        for p, paragraph in enumerate(excerpt.paragraphs, start=1):
            n = len(split_sentences(paragraph))
            refs += [f"{excerpt.id}:{p}:{s}-{s + length - 1}" for s in range(1, n - length + 2, length)]
    return refs


def _cuts(excerpt) -> list[str]:
    """The excerpt whole, and each of its paragraphs when it has more than one."""
    refs = [excerpt.id]
    if len(excerpt.paragraphs) > 1:
        refs += [f"{excerpt.id}:{p}" for p in range(1, len(excerpt.paragraphs) + 1)]
    return refs


def poster_cases(ws: Workspace) -> list[PosterCase]:
    collections = {c.name: c for c in ws.load_collections()}
    shipped = collections[Path(SHIPPED).stem].excerpts
    chinese = [e for c in collections.values() for e in c.excerpts if e.lang == "zh"]
    picks: list[tuple[str, bool]] = []
    for excerpt in chinese:
        picks += [(ref, False) for ref in _cuts(excerpt) + _ranges(excerpt, (1, 2))]
    picks += [(e.id, True) for e in shipped if e.pull_quote]
    for excerpt in shipped:
        picks += [(ref, False) for ref in _cuts(excerpt)]
    for length in RANGE_LENGTHS:
        for excerpt in shipped:
            picks += [(ref, False) for ref in _ranges(excerpt, (length,))]
    picks = list(dict.fromkeys(picks))[:SET_SIZE]
    assert len(picks) == SET_SIZE, f"the content gives only {len(picks)} posters"
    return [PosterCase(ref, SIZES[i % len(SIZES)], pull, qr=i % 2 == 1) for i, (ref, pull) in enumerate(picks)]


def material(ws: Workspace, case: PosterCase):
    """The case's poster Material, as `presswork poster` composes it (not yet fitted)."""
    passages = engine.choose_passages(ws, "poster", case.selection)
    return engine.compose("poster", passages, case.options, engine.theme_for(ws, None))


# --- where the quote landed ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Placement:
    """The laid-out poster as a reader would check it: pages, #quote-area, and what #quote-fit put where (px)."""

    pages: int
    area: tuple[float, float, float, float]           # left, top, right, bottom of #quote-area's content
    block_bottom: float                               # the bottom of the #quote-fit block
    lines: tuple[tuple[str, float, float], ...]       # each piece of quote and attribution: (text, left, right)

    @property
    def overhang(self) -> float:
        """How far (px) the quote block runs past its area, down or right; 0 or less when it fits."""
        left, top, right, bottom = self.area
        return max([self.block_bottom - bottom] + [r - right for _, _, r in self.lines]
                   + [left - x for _, x, _ in self.lines])

    @property
    def inside(self) -> bool:
        # half a px: a line that fills the measure ends a rounding error past it
        return self.pages == 1 and self.overhang <= 0.5

    @property
    def widest(self) -> float:
        return max(r - l for _, l, r in self.lines) / (self.area[2] - self.area[0])


def _by_id(box, element_id: str):
    return next(b for b in box.descendants()
                if getattr(b, "element", None) is not None and b.element.get("id") == element_id and b.element_tag)


def placement(ws: Workspace, material) -> Placement:
    html = engine.build_html(ws, material)
    document, _ = layout(html, ws.root, engine.allowed_roots(ws), engine.stylesheet_paths(ws, "poster"))
    page = document.pages[0]._page_box
    area, block = _by_id(page, "quote-area"), _by_id(page, "quote-fit")
    left, top = area.content_box_x(), area.content_box_y()
    # the text a reader reads: the quote and its attribution (the decorative mark's box is the
    # template's to place: a CJK face sets its “ in the right half of a cell pulled back over the edge)
    parts = [child for child in block.children if "quote-mark" not in (child.element.get("class") or "").split()]
    lines = tuple((b.text, b.position_x, b.position_x + b.width) for part in parts for b in part.descendants()
                  if isinstance(getattr(b, "text", None), str) and b.text.strip())
    return Placement(len(document.pages), (left, top, left + area.width, top + area.height),
                     block.position_y + block.margin_height(), lines)
