"""Render the small preview images the README shows (templates/previews/*.png) from the shipped content.

  python scripts/make_previews.py                           # all of them
  python scripts/make_previews.py tile-sheet booklet-spread  # only these
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "templates" / "previews"
PRESSWORK = [str(Path(sys.executable).parent / "presswork"), "--workspace", str(REPO)]
ZH = REPO / "tests" / "articles" / "anquan-shengchan.txt"

# name -> (presswork arguments, pages to show side by side: how many from the first, or which)
PREVIEWS = {
    "poster": (["poster", "-e", "2013-06-06-human-life-is-at-stake", "--pull", "--qr", "https://example.org/spm"], 1),
    "poster-mono": (["poster", "-e", "2020-04-at-present-the-whole-country", "--pull", "--theme", "mono"], 1),
    "handout": (["handout", "--meeting-date", "June 12, 2026", "--time", "14:30-16:00", "--venue", "Training Room 2",
                 "--host", "Safety Office", "--sign-in", "30"], 5),
    "bulletin": (["bulletin", "--issue", "6"], 1),
    # printing: a print shop's poster with bleed and marks; an A1 poster's sheet B1 of 15 A4 sheets (after
    # the assembly map and row A); side 3 of an A5 handout folded as a booklet (pages 6 and 3)
    "poster-print-shop": (["poster", "-e", "2013-06-06-human-life-is-at-stake", "--pull", "--size", "A4",
                           "--marks", "crop,cross", "--pdf-variant", "pdf/x-4"], 1),
    "tile-sheet": (["poster", "-e", "2013-06-06-human-life-is-at-stake", "--size", "A1", "--tile", "A4"], (5,)),
    "booklet-spread": (["handout", "--size", "A5", "--sign-in", "30", "--booklet"], (3,)),
}


def strip(images: list[Image.Image], height: int) -> Image.Image:
    scaled = [im.resize((round(im.width * height / im.height), height), Image.LANCZOS) for im in images]
    out = Image.new("RGB", (sum(im.width for im in scaled) + 12 * (len(scaled) - 1), height), "#d0d0d0")
    x = 0
    for im in scaled:
        out.paste(im, (x, 0))
        x += im.width + 12
    return out


def render(name: str, args: list[str], pages: int | tuple[int, ...], workspace: list[str] | None = None) -> None:
    # a sheet picked from a press step's pages is shown alone, 420 px high: render it that sharp at least
    dpi = "60" if isinstance(pages, tuple) else "40"
    with tempfile.TemporaryDirectory() as tmp:
        cmd = (workspace or PRESSWORK) + args + ["-o", tmp + "/", "--dpi", dpi]
        subprocess.run(cmd, check=True, capture_output=True)
        files = sorted(Path(tmp).glob("page-*.png"))
        files = [files[n - 1] for n in pages] if isinstance(pages, tuple) else files[:pages]
        images = [Image.open(f).convert("RGB") for f in files]
        preview = strip(images, 420 if len(files) == 1 else 300).quantize(colors=64)  # small files for the README
        preview.save(OUT / f"{name}.png", optimize=True)
        print(f"{OUT.relative_to(REPO)}/{name}.png")


def pdf_beside_docx(name: str, args: list[str]) -> None:
    """The same material as PDF and as DOCX opened by LibreOffice (what the fidelity matrix compares), side by side."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit(f"{name}: LibreOffice (soffice) is not installed; run `make system` first")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(PRESSWORK + args + ["-o", f"{tmp}/m.pdf"], check=True, capture_output=True)
        subprocess.run(PRESSWORK + args + ["-o", f"{tmp}/m.docx"], check=True, capture_output=True)
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/lo", "--headless", "--convert-to", "pdf",
                        "--outdir", f"{tmp}/lo-out", f"{tmp}/m.docx"], check=True, capture_output=True)
        images = []
        for pdf in (f"{tmp}/m.pdf", f"{tmp}/lo-out/m.pdf"):
            prefix = pdf[:-4] + "-page"
            subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", pdf, prefix], check=True)
            images.append(Image.open(next(Path(pdf).parent.glob(Path(prefix).name + "*.png"))).convert("RGB"))
        strip(images, 300).quantize(colors=64).save(OUT / f"{name}.png", optimize=True)
        print(f"{OUT.relative_to(REPO)}/{name}.png")


def main(only: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (args, pages) in PREVIEWS.items():
        if not only or name in only:
            render(name, args, pages)
    if not only or "bulletin-pdf-docx" in only:
        pdf_beside_docx("bulletin-pdf-docx", ["bulletin", "--issue", "6"])
    if only and not {"handout-zh", "poster-zh"} & set(only):
        return
    with tempfile.TemporaryDirectory() as ws:
        zh = [str(Path(sys.executable).parent / "presswork"), "--workspace", ws]
        subprocess.run(zh + ["import", str(ZH), "-o", f"{ws}/content/zh.yaml"], check=True, capture_output=True)
        render("handout-zh", ["handout", "--sign-in", "12", "--org", "安全生产委员会办公室"], 3, zh)
        render("poster-zh", ["poster", "-e", "2013-06-06-人命关天", "--theme", "hazard"], 1, zh)


if __name__ == "__main__":
    main(sys.argv[1:])
