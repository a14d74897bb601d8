"""The press measurements of bench/run.py: a warm worker timing tile, booklet and font compaction against
rendering, and the size of a one-page Chinese handout next to Typst's PDF of the same text in the same fonts.

Typst is a bench-only dependency: found in the venv, or installed once with pip into a cache folder outside
the checkout (TYPST_CACHE); when neither works the size row says why and is skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TYPST_VERSION = "0.15.2"
TYPST = f"typst=={TYPST_VERSION}"
TYPST_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "presswork-bench" / f"typst-{TYPST_VERSION}"

# One warm process of the current tree, started with: the Chinese workspace, the shipped (English)
# workspace, a scratch folder, the folder holding typst (or "-") and the Noto CJK font folders. Requests on stdin, as in run.py's
# worker: "tile ours|bare", "booklet ours|bare", "compact ours|bare" answer with seconds;
# "sizes count" answers with the Chinese handout's sizes as JSON.
PRESS_WORKER = r'''
import dataclasses, io, json, os, re, sys, time
from pathlib import Path
import pikepdf
from generator.campaign.plan import plan_single
from generator.campaign.run import render, setting
from generator.content.selection import Selection
from generator.content.workspace import Workspace
from generator.materials.options import RenderOptions
from generator.press import compact_fonts
from generator.press.booklet import booklet_document
from generator.press.cmap import parse_cmap
from generator.press.streams import contents, show_strings
from generator.press.tile import tile_document
from generator.writers.render import fit, render_pdf

zh_ws, en_ws, tmp, typst_dir = Workspace.open(sys.argv[1]), Workspace.open(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
reply = sys.stdout
sys.stdout = sys.stderr
ZH = Selection(collection="fire-safety-zh")

def pages(path):
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)

def writer_pdf(ws, kind, selection, options):
    target = plan_single(ws, kind, selection, options, tmp / "plan.pdf")[0]
    fitted, _ = fit(target.material, setting(ws))
    return render_pdf(fitted, setting(ws)).pdf

# the A1 poster, as presswork writes it
excerpt = en_ws.load_collections(None)[0].excerpts[0].id
A1 = (en_ws, "poster", Selection(refs=(excerpt,)), RenderOptions(size="A1", pull=True))
render(*A1, tmp / "a1.pdf")
a1 = (tmp / "a1.pdf").read_bytes()

# a 16-page A5 handout: the shipped collection, with as many sign-in rows as make it 16 pages
low, high = 0, 500
while low < high:
    rows = (low + high) // 2
    render(en_ws, "handout", Selection(), RenderOptions(size="A5", sign_in=rows), tmp / "a5.pdf")
    if pages(tmp / "a5.pdf") < 16:
        low = rows + 1
    else:
        high = rows
A5 = (en_ws, "handout", Selection(), RenderOptions(size="A5", sign_in=low))
render(*A5, tmp / "a5.pdf")
a5 = (tmp / "a5.pdf").read_bytes()
a5_pages = pages(tmp / "a5.pdf")

ZH_HANDOUT = (zh_ws, "handout", ZH, RenderOptions())
zh_raw = writer_pdf(*ZH_HANDOUT)
counter = iter(range(10**9))

def again(job):
    # a new title each time, so presswork cannot reuse a layout it made before
    ws, kind, selection, options = job
    options = dataclasses.replace(options, title=f"Study {next(counter)}")
    render(ws, kind, selection, options, tmp / f"{kind}-again.pdf")

WEIGHTS = {"Thin": 100, "ExtraLight": 200, "Light": 300, "DemiLight": 350, "Regular": 400, "Medium": 500,
           "SemiBold": 600, "Bold": 700, "ExtraBold": 800, "Black": 900, "Heavy": 900}

def faces(pdf):
    """(family, weight, text) for each face, the text every string shown in it, in order."""
    runs, maps = {}, {}
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for content in contents(doc):
            for index, font in content.shows:
                name = re.sub(r"^[A-Z]{6}\+", "", str(font.BaseFont)[1:])
                if font.objgen not in maps:
                    maps[font.objgen] = parse_cmap(font.ToUnicode.read_bytes()).text
                text = maps[font.objgen]
                for s in show_strings(content.instructions[index]):
                    runs.setdefault(name, []).extend(text.get(int.from_bytes(s[i:i + 2], "big"), b"").decode("utf-16-be")
                                                     for i in range(0, len(s) - 1, 2))
    out = []
    for name, chars in runs.items():
        words = name.split("-")
        weight = WEIGHTS[words.pop()] if words[-1] in WEIGHTS else 400
        out.append((" ".join(words), weight, "".join(chars)))
    return out

def sizes():
    render(*ZH_HANDOUT, tmp / "zh.pdf")
    written = (tmp / "zh.pdf").read_bytes()
    out = {"writer": len(zh_raw), "written": len(written), "compacted": len(compact_fonts(zh_raw)),
           "pages": pages(tmp / "zh.pdf"), "typst": None}
    if typst_dir != "-":
        sys.path.insert(0, typst_dir)
        import typst
        body = ['#set page(paper: "a4")']
        for family, weight, text in faces(zh_raw):
            quoted = text.replace("\\", "\\\\").replace('"', '\\"')
            body.append(f'#text(font: "{family}", weight: {weight}, "{quoted}")\n')
        pdf = typst.compile("\n".join(body).encode("utf-8"), font_paths=sys.argv[5].split(os.pathsep),
                            ignore_system_fonts=True)
        out.update(typst=len(pdf), typst_version=typst.__version__, faces=[f[:2] for f in faces(zh_raw)])
    return out

JOBS = {
    "tile": (lambda: tile_document(a1, "A4"), lambda: again(A1)),
    "booklet": (lambda: booklet_document(a5), lambda: again(A5)),
    "compact": (lambda: compact_fonts(zh_raw), lambda: again(ZH_HANDOUT)),
}
import generator
print("ready", generator.__file__, a5_pages, file=reply, flush=True)
for line in sys.stdin:
    kind, who = line.split()
    if kind == "sizes":
        print(json.dumps(sizes()), file=reply, flush=True)
        continue
    start = time.perf_counter()
    JOBS[kind][0 if who == "ours" else 1]()
    print(time.perf_counter() - start, file=reply, flush=True)
'''


def typst_folder() -> tuple[str | None, str]:
    """Where `import typst` finds the compiler (installing it into TYPST_CACHE if need be), and how it was found.

    None, with the reason, when it cannot be had: the size row is then skipped."""
    found = subprocess.run([sys.executable, "-c", "import typst, os; print(os.path.dirname(os.path.dirname(typst.__file__)))"],
                           capture_output=True, text=True)
    if found.returncode == 0:
        return found.stdout.strip(), "typst from the venv"
    if not (TYPST_CACHE / "typst").is_dir():
        install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                  "--target", str(TYPST_CACHE), TYPST], capture_output=True, text=True)
        if install.returncode != 0:
            return None, f"pip could not install {TYPST} ({install.stderr.strip().splitlines()[-1:] or ['no output']})"
        return str(TYPST_CACHE), f"{TYPST} installed into {TYPST_CACHE}"
    return str(TYPST_CACHE), f"{TYPST} from {TYPST_CACHE}"


def noto_cjk_folders() -> str:
    """The folders fontconfig finds Noto Sans/Serif CJK SC in (fonts-noto-cjk), joined with os.pathsep."""
    folders: list[str] = []
    for family in ("Noto Sans CJK SC", "Noto Serif CJK SC"):
        found = subprocess.run(["fc-list", "-f", "%{file}\n", family], capture_output=True, text=True)
        for line in found.stdout.splitlines():
            folder = str(Path(line).parent)
            if line and folder not in folders:
                folders.append(folder)
    return os.pathsep.join(folders)


def size_lines(sizes: dict, note: str) -> list[str]:
    """The size row as printed under the timing table."""
    kb = {k: v / 1024 for k, v in sizes.items() if isinstance(v, int) and k != "pages"}
    head = (f"one-page Chinese handout, PDF size: WeasyPrint writes {kb['writer']:.0f} KB, presswork "
            f"{kb['written']:.0f} KB; its fonts compacted {kb['compacted']:.0f} KB")
    if sizes.get("typst") is None:
        return [head, f"  vs Typst: skipped, {note}"]
    ratio = sizes["written"] / sizes["typst"]
    compacted = sizes["compacted"] / sizes["typst"]
    return [head, f"  vs Typst {sizes['typst_version']} on the same text and fonts ({kb['typst']:.0f} KB): "
                  f"{ratio:.2f}x as written, {compacted:.2f}x compacted (target <= 1.5x)"]
