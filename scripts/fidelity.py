"""The print-fidelity matrix: kinds x sizes x themes x both languages, PDF and DOCX (as LibreOffice
prints it), each page checked as a designer would (tests/fidelity.py). Prints one line per output and
a summary; exits 1 when anything is wrong.

    python scripts/fidelity.py            # the whole matrix (make fidelity)
    python scripts/fidelity.py --fast     # one cell per kind and language (run by make test)
    python scripts/fidelity.py --keep DIR # keep the workspace, its outputs and LibreOffice's PDFs
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fidelity import DocumentFacts, font_sizes_of, inspect, text_extent  # noqa: E402

THEMES = ("safety", "hazard", "civic", "calm", "mono")
SIZES = {"poster": [("A4", False), ("A3", False), ("A1", False), ("A4", True)],
         "handout": [("A5", False), ("A4", False)],
         "bulletin": [("A3", False), ("A3", True), ("A2", True)]}
# the English collection is the shipped campaign's; the Chinese one is imported from a real article
COLLECTIONS = {"en": "safety-production-month", "zh": "anquan-shengchan"}
POSTER_EXCERPT = {"en": "2013-06-06-human-life-is-at-stake", "zh": "2013-06-06-人命关天"}
QUOTE_START = {"en": "Human life", "zh": "人命关天"}
ORGANISATION = {"en": "Riverside Works", "zh": "河畔工厂安全办公室"}
# a poster's quote block (quote to occasion) stands this near the middle of its area, in page heights
CENTRE_TOLERANCE = 0.03
SIGN_IN = 30
# the tallest blank band a page may have, as a fraction of its height; a handout's last page may end early
BLANK_BOUND = {"poster": 0.25, "handout": 0.30, "bulletin": 0.10}
LAST_PAGE_BLANK = 0.75


@dataclass(frozen=True, slots=True)
class Cell:
    kind: str
    size: str
    landscape: bool
    theme: str
    lang: str

    @property
    def name(self) -> str:
        return f"{self.kind}-{self.size.lower()}{'l' if self.landscape else ''}-{self.theme}-{self.lang}"


@dataclass(slots=True)
class Result:
    output: str
    pages: int
    faults: list[tuple[str, str]] = field(default_factory=list)   # (check, what is wrong)
    largest_blank: float = 0.0

    def fault(self, check: str, message: str) -> None:
        assert check in CHECKS, check
        self.faults.append((check, message))


# every check, by name: tests/test_fidelity.py holds the fast matrix to them
CHECKS = ("size", "pages", "clipped", "off-page", "glyphs", "fonts", "transparency", "mono", "blank", "floor",
          "centred", "sign-in")


def cells(fast: bool) -> list[Cell]:
    every = [Cell(kind, size, landscape, theme, lang)
             for kind, sizes in SIZES.items() for size, landscape in sizes
             for theme in THEMES for lang in ("en", "zh")]
    if not fast:
        return every
    # one cell per kind and language, themes and sizes rotated so each appears
    chosen, turn = [], 0
    for kind, sizes in SIZES.items():
        for lang in ("en", "zh"):
            size, landscape = sizes[turn % len(sizes)]
            chosen.append(Cell(kind, size, landscape, THEMES[turn % len(THEMES)], lang))
            turn += 1
    return chosen


def workspace(root: Path, matrix: list[Cell]) -> Path:
    (root / "content").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "content" / "safety-production-month.yaml", root / "content")
    if not (root / "content" / f"{COLLECTIONS['zh']}.yaml").is_file():
        subprocess.run([sys.executable, "-m", "generator", "--workspace", str(root), "import",
                        str(ROOT / "tests" / "articles" / "anquan-shengchan.txt")],
                       check=True, capture_output=True, cwd=ROOT)
    lines = ['[campaign]', 'title = "Safety Production Month"', 'organisation = "Riverside Works"',
             'date = "June 2026"', 'slogan = "Safety first, life above all"', '',
             '[campaign.zh]', 'title = "安全生产月"', 'organisation = "河畔工厂安全办公室"',
             'date = "2026年6月"', 'slogan = "安全第一，生命至上"', '']
    for cell in matrix:
        lines += ['[[materials]]', f'name = "{cell.name}"', f'kind = "{cell.kind}"',
                  f'collection = "{COLLECTIONS[cell.lang]}"', f'size = "{cell.size}"',
                  f'landscape = {str(cell.landscape).lower()}', f'theme = "{cell.theme}"',
                  'outputs = ["pdf", "docx"]']
        if cell.kind == "poster":
            lines.append(f'excerpts = ["{POSTER_EXCERPT[cell.lang]}"]')
        if cell.kind == "handout":
            lines += [f"sign_in = {SIGN_IN}", 'meeting_date = "June 12, 2026"', 'venue = "Training Room 2"']
        lines.append("")
    (root / "presswork.toml").write_text("\n".join(lines), encoding="utf-8")
    return root


def build(root: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "generator", "--workspace", str(root), "build", "-q", "--force"],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"the fidelity build failed:\n{done.stderr}")


def libreoffice(docx: list[Path], outdir: Path) -> dict[str, Path]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is not on PATH: run `make system`")
    profile = outdir / "lo-profile"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
                    "--outdir", str(outdir), *map(str, docx)], check=True, capture_output=True, timeout=900)
    return {path.stem: outdir / f"{path.stem}.pdf" for path in docx}


def check(cell: Cell, label: str, pdf: bytes, reference: DocumentFacts | None) -> tuple[Result, DocumentFacts]:
    from generator.materials.page import parse_page
    from generator.writers.fit import quote_floor_pt

    facts = inspect(pdf)
    result = Result(label, len(facts.pages))
    page = parse_page(cell.size, cell.landscape, cell.kind)
    for p in facts.pages:
        if abs(p.width_pt - page.width_pt) > 2 or abs(p.height_pt - page.height_pt) > 2:
            result.fault("size", f"page {p.number} is {p.width_pt:.0f}x{p.height_pt:.0f} pt, "
                                 f"not {page.width_pt:.0f}x{page.height_pt:.0f}")
            break
    expected_pages = {"poster": 1, "bulletin": 1}.get(cell.kind)
    if expected_pages and len(facts.pages) != expected_pages:
        result.fault("pages", f"{len(facts.pages)} pages, not {expected_pages}")
    if reference is not None and abs(len(facts.pages) - len(reference.pages)) > 1:
        result.fault("pages", f"{len(facts.pages)} pages where the PDF has {len(reference.pages)}")
    for c in facts.clipped[:3]:
        result.fault("clipped", f"page {c.page}: {c.text!r} clipped by {c.overshoot_pt} pt")
    for word in facts.off_page[:3]:
        result.fault("off-page", f"{word!r} off the page")
    if facts.missing_glyphs:
        result.fault("glyphs", f"{facts.missing_glyphs} missing glyphs")
    if facts.unembedded:
        result.fault("fonts", "fonts not embedded: " + ", ".join(facts.unembedded))
    if facts.transparency:
        result.fault("transparency", "transparency: " + "; ".join(facts.transparency[:2]))
    if cell.theme == "mono" and not all(p.grey_only for p in facts.pages):
        result.fault("mono", "mono page with colour")
    bound = BLANK_BOUND[cell.kind]
    for p in facts.pages:
        last = p.number == len(facts.pages) and len(facts.pages) > 1
        limit = LAST_PAGE_BLANK if last else bound
        if p.largest_blank > limit:
            result.fault("blank", f"page {p.number}: {p.largest_blank:.0%} of the height blank (bound {limit:.0%})")
    result.largest_blank = max(p.largest_blank for p in facts.pages)
    if cell.kind == "poster" and reference is None:
        sizes = font_sizes_of(pdf, QUOTE_START[cell.lang])
        material_floor = quote_floor_pt(_Page(page))
        if not sizes:
            result.fault("floor", f"the quote ({QUOTE_START[cell.lang]!r}) not found")
        elif min(sizes) < material_floor - 0.05:
            result.fault("floor", f"quote at {min(sizes):.1f} pt, below the {material_floor:g} pt floor")
    if cell.kind == "poster":
        message = off_centre(cell, pdf, page)
        if message:
            result.fault("centred", message)
    if cell.kind == "handout":
        for message in sign_in_headers(facts, cell.lang):
            result.fault("sign-in", message)
    return result, facts


def off_centre(cell: Cell, pdf: bytes, page) -> str | None:
    """Where a poster's quote block (from the quote to the organisation in the footer, less that) is not
    in the middle of the quote area, as poster.css centres it."""
    from generator.materials.plans.poster import PosterGeometry

    extent = text_extent(pdf, QUOTE_START[cell.lang], ORGANISATION[cell.lang])
    if extent is None:
        return "the quote or the organisation not found"
    geometry = PosterGeometry(page)
    middle = (geometry.pt("masthead-height") + geometry.pt("quote-top") + geometry.quote_height / 2) / page.height_pt
    off = (extent[0] + extent[1]) / 2 - middle
    if abs(off) > CENTRE_TOLERANCE:
        return f"the quote block stands {abs(off):.1%} of the height {'low' if off > 0 else 'high'} in its area"
    return None


@dataclass(frozen=True, slots=True)
class _Page:
    """quote_floor_pt reads only material.page."""
    page: object


def sign_in_headers(facts: DocumentFacts, lang: str) -> list[str]:
    """Every page that holds sign-in rows repeats the table's header row."""
    header = {"en": "Signature", "zh": "签名"}[lang]
    number = str(SIGN_IN)
    faults = []
    squeezed = ["".join(p.text.split()) for p in facts.pages]   # letter-spaced headers read whole
    first = next((i + 1 for i, text in enumerate(squeezed) if header in text), None)
    if first is None:
        return ["no sign-in sheet header"]
    for p, text in zip(facts.pages[first:], squeezed[first:]):
        if header not in text:
            faults.append(f"page {p.number}: sign-in rows without the header row")
    if not any(number in p.text.split() for p in facts.pages):
        faults.append(f"sign-in row {number} not found")
    return faults


def run(fast: bool, keep: Path | None) -> list[Result]:
    matrix = cells(fast)
    root = keep or Path(tempfile.mkdtemp(prefix="presswork-fidelity-"))
    try:
        workspace(root, matrix)
        build(root)
        output = root / "output"
        converted = libreoffice([output / f"{c.name}.docx" for c in matrix], root / "libreoffice")
        results = []
        for cell in matrix:
            pdf_result, facts = check(cell, f"{cell.name}.pdf", (output / f"{cell.name}.pdf").read_bytes(), None)
            docx_result, _ = check(cell, f"{cell.name}.docx", converted[cell.name].read_bytes(), facts)
            results += [pdf_result, docx_result]
        return results
    finally:
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="one cell per kind and language")
    parser.add_argument("--keep", type=Path, help="keep the workspace and its outputs in DIR")
    args = parser.parse_args()
    results = run(args.fast, args.keep.resolve() if args.keep else None)
    faulty = [r for r in results if r.faults]
    for r in results:
        print(f"{'FAULT' if r.faults else 'ok   '}  {r.output:34} {r.pages:3} p  blank {r.largest_blank:4.0%}"
              + ("".join(f"\n         - {check}: {f}" for check, f in r.faults)))
    count = sum(len(r.faults) for r in results)
    print(f"\n{count} faults in {len(faulty)} of {len(results)} outputs")
    for check in CHECKS:
        outputs = [r for r in results if any(c == check for c, _ in r.faults)]
        print(f"  {check:13} {len(outputs):4} outputs")
    blanks = sorted(r.largest_blank for r in results)
    print(f"  tallest blank band: median {blanks[len(blanks) // 2]:.0%}, worst {blanks[-1]:.0%}")
    return 1 if faulty else 0


if __name__ == "__main__":
    sys.exit(main())
