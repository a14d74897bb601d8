"""Poster auto-fit: the largest quote size that fits its area, found in as few real layouts as it can.

Each layout costs as much as writing the PDF, and the one chosen is the one written (the PDF
writer keeps it), so the fit tries to land on its answer with its first layout. It predicts
the quote's height at any size from the text itself: the lines a greedy line breaker sets each
paragraph in at the quote's measure (text_width.line_count's rules), the line heights of
poster.css, the paragraph gaps, plus the quote mark and attribution, which do not grow. The
first layout then calibrates that model — how wide this face really sets the text, how many
lines each paragraph really took, what the fixed parts really measure — so a second layout, when
one is needed, lands where the model says, and never more than a few are needed.

A size is accepted when it fits (one page, the block no taller than #quote-area, no line wider
than it: a long word on a large poster would be cut at the edge) and the calibrated model finds
no size more than TOLERANCE larger that would.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problem, RenderError
from generator.materials.material import Material
from generator.materials.plans.poster import QUOTE_LINE, VALUES, PosterGeometry
from generator.materials.plans.text_width import greedy_lines, text_ems, unit_widths
from generator.writers.pdf import layout, measure

QUOTE_MIN_PT = 6.0
TOLERANCE = 0.02           # accept a fit when no size more than 2% larger is predicted to fit
AIM = 0.99                 # aim 1% below the largest size predicted: an overshoot costs a layout
MAX_LAYOUTS = 8
PX = 4 / 3                 # CSS px per pt: layouts measure in px, sizes are in pt
# poster.html.j2 sets a quote below 24 pt as .quote-long: poster.css gives it the body weight, line-height 1.4
LONG_BELOW_PT = 24.0
LONG_LINE = 1.4
PARAGRAPH_GAP = 0.45       # .quote p { margin-bottom: 0.45em }
TRANSLATION_LINE = 1.4     # .quote-translation (base.css), and its paragraphs' gap
TRANSLATION_GAP = 0.35
TRANSLATION_SIZE = VALUES["translation-size"][0]   # a bilingual poster's translation, in ems of the quote
SAME_BREAKS_SLACK = 0.998  # text scales with its size; this keeps rounding from tipping a line over


def quote_floor_pt(material: Material) -> float:
    """Below this a poster's quote stops reading from across a room: 14 pt on A3, 12 pt on A4 and A5."""
    return max(12.0, round(material.page.width_pt / 60, 1))


def fit_poster(material: Material, build_html, base_url: Path, roots: list[Path], stylesheets) -> tuple[Material, tuple[str, ...]]:
    """Posters get the fitted quote size (and a note when it is too small to read); other kinds pass through."""
    if material.kind != "poster":
        return material, ()
    size = fit_quote(build_html, material, base_url, roots, stylesheets)
    notes: tuple[str, ...] = ()
    floor = quote_floor_pt(material)
    if size < floor:
        what = (f"the quote only fits at {size:g} pt, below the {floor:g} pt that reads from a distance "
                f"on {material.page.name}")
        fix = ("use --pull for the short pull quote, select fewer sentences (-e ID:PARAGRAPH), "
               "or choose a larger --size")
        if not material.allow_small:
            raise RenderError(Problem(what, fix=fix + "; --allow-small prints it small anyway"))
        notes = (f"{what} (--allow-small; {fix})",)
    return material.with_quote_size(size), notes


# --- one layout, as the fit sees it -----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Observed:
    """One layout at `size`: the heights (px) measure() gives, and each paragraph's lines as laid out."""

    size: float
    needed: float
    available: float
    quote: float
    pages: int
    width: float                                   # #quote-area's width
    paragraphs: tuple[tuple[tuple[str, float], ...], ...]   # per paragraph: (line text, line's right edge)
    translation: tuple[tuple[tuple[str, float], ...], ...]

    @property
    def widest(self) -> float:
        return max((right for p in self.paragraphs + self.translation for _, right in p), default=0.0)

    @property
    def fits(self) -> bool:
        # half a px of slack: a line's right edge lands a rounding error past a full measure
        return self.pages == 1 and self.needed <= self.available and self.widest <= self.width + 0.5

    @property
    def fixed(self) -> float:
        """The quote mark and the attribution: what does not grow with the quote."""
        return self.needed - self.quote


def _observe(html: str, size: float, base_url: Path, roots: list[Path], stylesheets) -> Observed:
    m = measure(html, base_url, roots, stylesheets)
    document, _ = layout(html, base_url, roots, stylesheets)   # the same layout, kept by the PDF writer
    width, paragraphs, translation = _quote_lines(document)
    return Observed(size, m.needed, m.available, m.quote, m.pages, width, paragraphs, translation)


# The layout's boxes, read without importing WeasyPrint (see writers/pdf.measure, which finds the ids).
def _by_id(box, element_id: str):
    for child in box.descendants():
        element = getattr(child, "element", None)
        if element is not None and element.get("id") == element_id and child.element_tag != "":
            return child
    return None


def _lines(block, left: float) -> tuple[tuple[str, float], ...]:
    lines = []
    for line in getattr(block, "children", ()):
        texts = [b for b in line.descendants() if isinstance(getattr(b, "text", None), str)]
        if texts:
            lines.append(("".join(t.text for t in texts), max(t.position_x + t.width for t in texts) - left))
    return tuple(lines)


def _quote_lines(document):
    page = document.pages[0]._page_box
    area, quote = _by_id(page, "quote-area"), _by_id(page, "quote")
    if area is None or quote is None:
        return 0.0, (), ()
    left = area.content_box_x()
    paragraphs, translation = [], []
    for child in quote.children:
        classes = (getattr(child, "element", None) is not None and child.element.get("class")) or ""
        if "quote-translation" in classes.split():
            translation += [_lines(p, left) for p in child.children]
        elif getattr(child, "children", None):
            paragraphs.append(_lines(child, left))
    return area.width, tuple(paragraphs), tuple(translation)


# --- the model ----------------------------------------------------------------------------------

@dataclass
class QuoteModel:
    """The quote's height and widest word at any size, from its text, calibrated by each layout.

    Three parts are set in their own face and measured apart: the quote at display sizes, the
    quote below LONG_BELOW_PT (the body weight) and a bilingual poster's translation.
    """

    text: dict[str, tuple[str, ...]]     # part -> its paragraphs
    roles: dict[str, str]                # part -> the estimator's role for its face
    line: float                          # the quote's line-height at display sizes
    width: float                         # the measure, px
    available: float                     # #quote-area's height, px
    fixed: float                         # quote mark and attribution, px
    units: dict = field(default_factory=dict)       # part -> per paragraph [(unit ems, space ems)]
    # per part: measured width over estimated width, the estimator's error for this text in this face
    scale: dict = field(default_factory=lambda: {"display": 1.0, "long": 1.0, "translation": 1.0})
    measured: set = field(default_factory=set)      # the parts a layout has calibrated
    vertical: float = 1.0                # measured height over the model's, at the lines laid out
    unbreakable: float = 0.0             # px per pt of the widest line a layout could not break to fit
    observed: list[Observed] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.units = {part: [unit_widths(p, self.roles[part]) for p in paragraphs]
                      for part, paragraphs in self.text.items()}

    @classmethod
    def for_material(cls, material: Material) -> "QuoteModel":
        item = material.items[0]
        geometry = PosterGeometry(material.page)
        weights = material.theme.weights
        # the faces the estimator has per character: CSS matching sets 500 in the regular face, 600 up in the bold
        face = lambda weight: "quote" if weight >= 600 else "quote-long"  # noqa: E731
        fixed = geometry.pt("mark-height") + geometry.attribution_height(item.date, item.source)
        if material.quote_translation and item.translation_source:
            # the translation's occasion is one more block of lines under the source's
            fixed += geometry.attribution_height("", item.translation_source) - geometry.attribution_height("", "")
        return cls({"display": material.quote, "long": material.quote, "translation": material.quote_translation},
                   {"display": face(weights.get("quote", 700)), "long": face(weights.get("body", 400)),
                    "translation": face(weights.get("body", 400))},
                   QUOTE_LINE.get(item.lang, QUOTE_LINE["en"]), geometry.quote_width * PX,
                   geometry.quote_height * PX, fixed * PX)

    @staticmethod
    def regime(size: float) -> str:
        return "long" if size < LONG_BELOW_PT else "display"

    def learn(self, o: Observed) -> None:
        """Take the real measure, fixed height, text widths and line heights from a layout."""
        self.observed.append(o)
        if o.width:
            self.width = o.width
        self.available = o.available
        whole = o.pages == 1 and len(o.paragraphs) == len(self.text["display"])
        if o.quote and whole:
            self.fixed = o.fixed
        key = self.regime(o.size)
        for part, lines, size in ((key, o.paragraphs, o.size),
                                  ("translation", o.translation, o.size * TRANSLATION_SIZE)):
            ems = sum(text_ems(text, self.roles[part]) for p in lines for text, _ in p)
            if ems:
                self.scale[part] = sum(right for p in lines for _, right in p) / (ems * size * PX)
                self.measured.add(part)
        other = "long" if key == "display" else "display"
        if other not in self.measured:
            self.scale[other] = self.scale[key]   # the same estimator error, most likely, in the other weight
        if o.widest > o.width + 0.5:
            self.unbreakable = max(self.unbreakable, o.widest / o.size)
        if o.quote and whole:
            counted = self._height(o.size, [len(p) for p in o.paragraphs], [len(p) for p in o.translation])
            self.vertical = o.quote / counted if counted else 1.0

    def _lines(self, size: float) -> tuple[list[int], list[int]]:
        key = self.regime(size)
        t_size = size * TRANSLATION_SIZE
        main = [greedy_lines(u, self.width / (self.scale[key] * size * PX)) for u in self.units[key]]
        trans = [greedy_lines(u, self.width / (self.scale["translation"] * t_size * PX))
                 for u in self.units["translation"]]
        # what a layout in the same weight showed wins: lines never come back as the size grows
        for o in self.observed:
            if self.regime(o.size) != key or o.pages != 1 or len(o.paragraphs) != len(main):
                continue
            same = size <= o.size * self.width / max(o.widest, 1e-9)
            for counts, seen in ((main, o.paragraphs), (trans, o.translation)):
                for i, lines in enumerate(seen[:len(counts)]):
                    if size == o.size or (size > o.size and same):
                        counts[i] = len(lines)
                    elif size > o.size:
                        counts[i] = max(counts[i], len(lines))
                    else:
                        counts[i] = min(counts[i], len(lines))
        return main, trans

    def _height(self, size: float, main: list[int], trans: list[int]) -> float:
        line = LONG_LINE if size < LONG_BELOW_PT else self.line
        height = size * (line * sum(main) + PARAGRAPH_GAP * max(len(main) - 1, 0))
        if trans:
            height += size * (PARAGRAPH_GAP + TRANSLATION_SIZE * (TRANSLATION_LINE * sum(trans)
                                                                  + TRANSLATION_GAP * (len(trans) - 1)))
        return height * PX

    def fits(self, size: float) -> bool:
        main, trans = self._lines(size)
        if self.fixed + self._height(size, main, trans) * self.vertical > self.available:
            return False
        key = self.regime(size)
        widest = max((w for p in self.units[key] for w, _ in p), default=0.0) * self.scale[key] * size
        widest_t = (max((w for p in self.units["translation"] for w, _ in p), default=0.0)
                    * self.scale["translation"] * size * TRANSLATION_SIZE)
        return max(widest * PX, widest_t * PX, self.unbreakable * size) <= self.width

    def largest(self, low: float, high: float) -> float | None:
        """The largest size (to 0.1 pt) in [low, high] the model says fits, display sizes tried first."""
        for lo, hi in ((max(low, LONG_BELOW_PT), high), (low, min(high, LONG_BELOW_PT - 0.1))):
            a, b = round(lo * 10), round(hi * 10)
            if a > b or not self.fits(a / 10):
                continue
            while a < b:   # a fits; find the last that does (height grows with the size in one weight)
                mid = (a + b + 1) // 2
                a, b = (mid, b) if self.fits(mid / 10) else (a, mid - 1)
            return a / 10
        return None


def _floor(size: float) -> float:
    return math.floor(size * 10 + 1e-6) / 10


def _same_breaks(o: Observed, upper: float) -> float:
    """The largest size at which the layout at o.size only scales up: the same line breaks, so it still fits."""
    if o.quote <= 0 or o.widest <= 0:
        return o.size                    # a template without #quote: nothing to scale from
    size = o.size * min((o.available - o.fixed) / o.quote, o.width / o.widest) * SAME_BREAKS_SLACK
    if o.size < LONG_BELOW_PT:
        size = min(size, LONG_BELOW_PT - 0.1)
    return _floor(min(size, upper))


def fit_quote(build_html, material, base_url: Path, roots: list[Path], stylesheets) -> float:
    """The largest quote size, in points (to 0.1 pt), at which the laid-out quote block fits its area."""
    upper = _floor(material.page.width_pt / 7)   # a one-line quote stops at a sensible size
    model = QuoteModel.for_material(material)
    fitted: Observed | None = None   # the largest size laid out that fits
    high: float | None = None        # the smallest size laid out that does not

    def aim(lo: float, hi: float) -> tuple[float | None, float]:
        """The model's largest fitting size in [lo, hi], and the size to lay out next for it."""
        best = model.largest(lo, hi / AIM if hi >= upper else hi)
        return best, min(hi, max(lo, _floor(best * AIM))) if best is not None else lo

    best, size = aim(QUOTE_MIN_PT, upper)
    for _ in range(MAX_LAYOUTS):
        o = _observe(build_html(material.with_quote_size(size)), size, base_url, roots, stylesheets)
        model.learn(o)
        if o.fits:
            fitted = o
        else:
            high = size
        low = fitted.size if fitted else None
        if (o.fits and size >= upper) or (not o.fits and size <= QUOTE_MIN_PT):
            break
        lo = round(low + 0.1, 1) if low is not None else QUOTE_MIN_PT
        hi = round(high - 0.1, 1) if high is not None else upper
        if lo > hi or (low is not None and high is not None and high <= low * (1 + TOLERANCE)):
            break
        best, target = aim(lo, hi)
        if best is None:
            if low is not None:
                break                      # the calibrated model finds nothing larger that fits
            size = QUOTE_MIN_PT            # nor anything at all: the smallest size settles it
            continue
        if low is not None and best <= low * (1 + TOLERANCE):
            break
        if fitted is not None:
            # the fitting layout's line breaks, scaled up, fit for certain: take them when they are
            # as good as the model's best, and never aim below them
            sure = _same_breaks(fitted, hi)
            target = sure if sure * (1 + TOLERANCE) >= best else max(target, sure)
        size = min(max(target, lo), hi)
    if fitted is None:
        raise RenderError(Problem("the quote does not fit the poster even at 6 pt",
                                  fix="use --pull for the excerpt's short pull quote, select fewer "
                                      "sentences (ID:P:S-S), or choose a larger --size"))
    return fitted.size
