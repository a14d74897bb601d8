"""presswork's speed, as ratios against a baseline measured in the same run (never absolute timings).

  python bench/run.py [--repeat N]

Each line compares a whole presswork process with the plainest way to do the same job:
  startup   `presswork --help | excerpts | lint` against `python -c "import click, yaml"`
  poster    `presswork poster` (auto-fit included) against a bare WeasyPrint script rendering the
            same final HTML                                               target <= 1.2x
  handout   `presswork handout` against the same bare script               target <= 1.1x
  ... in-process  the same renders repeated inside one warm process, against WeasyPrint alone
  docx      the shipped handout as DOCX, in-process and whole-process, next to LibreOffice
            converting that DOCX to PDF (what users do today)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PRESSWORK = [str(BIN / "presswork"), "--workspace", str(REPO)]
BARE = ("import sys, weasyprint; "
        "weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])")


IN_PROCESS = """
import statistics, sys, time
from pathlib import Path
import weasyprint
from generator.campaign import run as pipeline
from generator.materials.material import RenderOptions
from generator.content.selection import Selection
from generator.content.workspace import Workspace

repo, excerpt, tmp, repeat = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
ws = Workspace.open(repo)
jobs = {"poster": (Selection(refs=(excerpt,)), dict(pull=True)),
        "handout": (Selection(), dict(sign_in=30))}

def median(fn):
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)

for kind, (selection, options) in jobs.items():
    html = (tmp / f"{kind}.html").read_text(encoding="utf-8")
    # a new title each time (it is in the HTML), so presswork cannot reuse a layout it made before
    counter = iter(range(10**6))
    def ours():
        opts = RenderOptions(title=f"Study {next(counter)}", **options)
        pipeline.render(ws, kind, selection, opts, tmp / f"{kind}-inproc.pdf")
    def bare():
        weasyprint.HTML(string=html, base_url=repo).write_pdf(tmp / f"{kind}-bare-inproc.pdf")
    print(f"presswork {kind}\t{median(ours)}\t{median(bare)}")
"""


def timed(cmd: list[str], repeat: int, **kwargs) -> float:
    """Median wall time of `repeat` runs (after one warm-up run that fills the OS caches)."""
    subprocess.run(cmd, check=True, capture_output=True, **kwargs)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, **kwargs)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def first_excerpt() -> str:
    out = subprocess.run(PRESSWORK + ["excerpts", "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)[0]["id"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median is reported)")
    args = parser.parse_args()
    rows: list[tuple[str, float, float, str]] = []
    # Measure what a user's second run costs: with presswork's bytecode cached, as Python does by
    # itself unless PYTHONDONTWRITEBYTECODE is set (it is on some build machines).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "generator")], check=True,
                   env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"})
    tmp = Path(tempfile.mkdtemp(prefix="presswork-bench-"))
    try:
        base = timed([sys.executable, "-c", "import click, yaml"], args.repeat)
        for command in (["--help"], ["excerpts"], ["lint"]):
            t = timed(PRESSWORK + command, args.repeat)
            rows.append((f"presswork {command[0]}", t, base, "import click, yaml"))

        excerpt = first_excerpt()
        jobs = {
            "poster": (["poster", "-e", excerpt, "--pull"], 1.2),
            "handout": (["handout", "--sign-in", "30"], 1.1),
        }
        for kind, (cmd, target) in jobs.items():
            html, pdf = tmp / f"{kind}.html", tmp / f"{kind}.pdf"
            subprocess.run(PRESSWORK + cmd + ["-o", str(html)], check=True, capture_output=True)
            ours = timed(PRESSWORK + cmd + ["-o", str(pdf)], args.repeat)
            bare = timed([sys.executable, "-c", BARE, str(html), str(tmp / f"{kind}-bare.pdf")], args.repeat)
            rows.append((f"presswork {kind} (target <= {target}x)", ours, bare, "bare WeasyPrint, same HTML"))

        # The same renders inside one warm process: presswork's own work against WeasyPrint's.
        warm = subprocess.run([sys.executable, "-c", IN_PROCESS, str(REPO), excerpt, str(tmp),
                               str(args.repeat)], check=True, capture_output=True, text=True)
        for line in warm.stdout.splitlines():
            name, ours, bare = line.split("\t")
            rows.append((f"{name}, in-process", float(ours), float(bare), "bare WeasyPrint, same HTML, same process"))

        docx = tmp / "handout.docx"
        whole = timed(PRESSWORK + ["handout", "--sign-in", "30", "-o", str(docx)], args.repeat)
        in_process = subprocess.run(
            [sys.executable, "-c", (
                "import time, statistics\n"
                "from pathlib import Path\n"
                "from generator.content.workspace import Workspace\n"
                "from generator.content.selection import Selection\n"
                "from generator.materials.material import RenderOptions\n"
                "from generator.campaign import run as pipeline\n"
                f"ws = Workspace.open({str(REPO)!r})\n"
                "def once():\n"
                "    pipeline.render(ws, 'handout', Selection(), RenderOptions(sign_in=30),"
                f" Path({str(tmp / 'inproc.docx')!r}))\n"
                "once()\n"
                "samples = []\n"
                f"for _ in range({args.repeat}):\n"
                "    t = time.perf_counter(); once(); samples.append(time.perf_counter() - t)\n"
                "print(statistics.median(samples))\n")],
            check=True, capture_output=True, text=True)
        inproc = float(in_process.stdout.strip())
        soffice = shutil.which("soffice")
        if soffice:
            profile = (tmp / "lo-profile").as_uri()
            lo = timed([soffice, "--headless", f"-env:UserInstallation={profile}", "--convert-to", "pdf",
                        "--outdir", str(tmp / "lo"), str(docx)], max(1, args.repeat // 2))
            rows.append(("handout DOCX, whole process", whole, lo, "LibreOffice DOCX -> PDF"))
            rows.append(("handout DOCX, in-process", inproc, lo, "LibreOffice DOCX -> PDF"))
        else:
            print("soffice not found: DOCX timings have no baseline", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    width = max(len(r[0]) for r in rows)
    print(f"{'measurement':<{width}}  {'ours':>8}  {'baseline':>8}  {'ratio':>6}  baseline")
    for name, ours, base, label in rows:
        print(f"{name:<{width}}  {ours:8.3f}  {base:8.3f}  {ours / base:6.2f}  {label}")
    results = REPO / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.json").write_text(json.dumps(
        [{"measurement": n, "ours_s": o, "baseline_s": b, "ratio": o / b, "baseline": label}
         for n, o, b, label in rows], indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
