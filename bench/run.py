"""presswork's speed, as ratios against a baseline measured in the same run (never absolute timings).

  python bench/run.py [--repeat N | --quick] [--against REV]

Each measurement compares presswork with the plainest way to do the same job:
  startup     `presswork --help | excerpts | lint` against `python -c "import click, yaml"`
  poster      `presswork poster` (auto-fit included) against a bare WeasyPrint script rendering
              the same final HTML                                         target <= 1.2x
  handout     `presswork handout` against the same bare script             target <= 1.1x
  in-process  the same renders repeated inside one warm process, against WeasyPrint alone in
              that process
  docx        the shipped handout as DOCX, whole-process and in-process, next to LibreOffice
              converting that DOCX to PDF (what users do today)
  100 posters the poster set of tests/poster_set.py (the shipped excerpts cut into pull quotes,
              paragraphs and sentence ranges, and Chinese, at A3, A4 and A5) in one warm process:
              each planned, fitted, laid out and written as a -j 1 build does it, against a bare
              WeasyPrint loop over the same fitted HTML                              target <= 1.1x;
              and the same through campaign.run.render, one call per poster (the single commands'
              engine, which renders in a worker process)
  layouts     how many layouts WeasyPrint makes per poster of that set (auto-fit and PDF together;
              a count, not a timing)                                      target <= 1.25
  press       in one warm process (bench/press_bench.py): tiling an A1 poster onto A4 sheets against
              rendering that poster                                       target <= 0.3x;
              a 16-page A5 handout folded as a booklet against rendering it   target <= 0.2x;
              compacting a one-page Chinese handout's fonts against rendering it
  size        that Chinese handout's PDF size against Typst's PDF of the same text in the same Noto
              CJK fonts (a size, not a timing; Typst is installed for the bench only)  target <= 1.5x

The baselines render the final HTML presswork writes with `-o x.html`: the page the PDF is made
from, with the fitted quote size, so both sides lay out the same page.

The machine may be shared and noisy, so runs alternate: after one warm-up run of each, every
round runs ours once and the baseline once (ours, baseline, ours, baseline, ...), N rounds. A
ratio is taken per round, and the median of those ratios is reported with their min-max: a
wide range means the machine was busy, not that presswork got slower.

--against REV checks the git revision REV out into a temporary worktree and times its whole-
process commands in the same rounds (ours-now, ours-REV, baseline, ...), with the same venv,
the same Python and the same content: the old code runs with PYTHONPATH=<worktree>. The
in-process measurements are for the current tree only (REV's library API may differ).

Both trees render a copy of this checkout's presswork.toml and content/, without templates/:
this checkout's templates/ folder is also the current code's built-in templates, and a
workspace's templates/ overrides the built-ins, so using the checkout itself as the workspace
would make REV render with today's templates. Without it each tree uses its own.

Results: the table below, and every sample in bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from press_bench import PRESS_WORKER, noto_cjk_folders, size_lines, typst_folder

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
BARE = ("import sys, weasyprint; "
        "weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])")
IMPORTS = "import click, yaml"

# One warm process of the current tree: the parent asks for one render at a time on stdin
# ("poster ours", "poster bare", "handout ours", "handout bare", "docx ours"; "set ours", "set
# engine" and "set bare" for the 100 posters) and gets back the seconds it took, so in-process renders
# alternate with their baseline like everything else; "layouts count" answers with the layouts
# per poster of the set, as JSON.
WORKER = """
import collections, json, sys, time
from pathlib import Path
import weasyprint
import generator
import generator.writers.pdf as pdf_writer
from generator.campaign.plan import plan_single
from generator.campaign.run import render, setting
from generator.materials.options import RenderOptions
from generator.outputs import write_atomic
from generator.writers.render import render_material
from generator.content.selection import Selection
from generator.content.workspace import Workspace
from tests.poster_set import poster_cases, write_workspace

workspace, excerpt, tmp = sys.argv[1], sys.argv[2], Path(sys.argv[3])
reply = sys.stdout
sys.stdout = sys.stderr          # anything presswork prints must not mix with the replies
ws = Workspace.open(workspace)
jobs = {"poster": (Selection(refs=(excerpt,)), dict(pull=True), "pdf"),
        "handout": (Selection(), dict(sign_in=30), "pdf"),
        "docx": (Selection(), dict(sign_in=30), "docx")}
html = {kind: (tmp / f"{kind}.html").read_text(encoding="utf-8") for kind in ("poster", "handout")}
counter = iter(range(10**9))

def ours(kind):
    selection, options, suffix = jobs[kind]
    if kind != "docx":
        # a new title each time (it is in the HTML), so presswork cannot reuse a layout it made before
        options = dict(options, title=f"Study {next(counter)}")
    render(ws, "handout" if kind == "docx" else kind, selection, RenderOptions(**options),
           tmp / f"{kind}-inproc.{suffix}")

def bare(kind):
    weasyprint.HTML(string=html[kind], base_url=str(tmp)).write_pdf(tmp / f"{kind}-bare-inproc.pdf")

# the 100 posters: each one's final HTML (`-o x.html`, fitted) written once, for the bare loop
set_ws = write_workspace(tmp / "poster-set")
cases = poster_cases(set_ws)
set_out = tmp / "poster-set" / "out"
for i, case in enumerate(cases):
    render(set_ws, "poster", case.selection, case.options, set_out / f"{i:03d}.html")
set_html = [(set_out / f"{i:03d}.html").read_text(encoding="utf-8") for i in range(len(cases))]
set_setting = setting(set_ws)

def set_ours():
    # what a -j 1 build does per poster, in this process: plan, fit, lay out, write the PDF
    for i, case in enumerate(cases):
        path = set_out / f"{i:03d}.pdf"
        target = plan_single(set_ws, "poster", case.selection, case.options, path)[0]
        write_atomic(path, render_material(target.material, ("pdf",), set_setting)["pdf"][0].data)

def set_engine():
    # the single command's engine: campaign.run.render, one call per poster
    for i, case in enumerate(cases):
        render(set_ws, "poster", case.selection, case.options, set_out / f"{i:03d}-engine.pdf")

def set_bare():
    for i, page in enumerate(set_html):
        weasyprint.HTML(string=page, base_url=str(set_ws.root)).write_pdf(set_out / f"{i:03d}-bare.pdf")

def layouts():
    counts, real = [], pdf_writer._layout
    def counted(*args, **kwargs):
        counts[-1] += 1
        return real(*args, **kwargs)
    pdf_writer._layout, pdf_writer._LAYOUTS = counted, collections.OrderedDict()
    try:
        for i, case in enumerate(cases):
            counts.append(0)
            target = plan_single(set_ws, "poster", case.selection, case.options, set_out / f"{i:03d}.pdf")[0]
            render_material(target.material, ("pdf",), set_setting)
    finally:
        pdf_writer._layout = real
    return {"posters": len(counts), "mean": sum(counts) / len(counts),
            "spread": dict(sorted(collections.Counter(counts).items()))}

print("ready", generator.__file__, file=reply, flush=True)
for line in sys.stdin:
    kind, who = line.split()
    if kind == "layouts":
        print(json.dumps(layouts()), file=reply, flush=True)
        continue
    start = time.perf_counter()
    if kind == "set":
        {"ours": set_ours, "engine": set_engine, "bare": set_bare}[who]()
    else:
        (ours if who == "ours" else bare)(kind)
    print(time.perf_counter() - start, file=reply, flush=True)
"""


class BenchError(Exception):
    pass


# --- running and timing ---------------------------------------------------------------------

def clean_env(pythonpath: Path | None = None) -> dict[str, str]:
    """The environment of every timed process: this one's, with PYTHONPATH chosen here."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


def run(cmd: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise BenchError(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr.strip()[-2000:]}")
    return done


def process(cmd: list[str], env: dict[str, str], cwd: Path) -> Callable[[], float]:
    """A variant that times one whole process."""
    def once() -> float:
        start = time.perf_counter()
        run(cmd, env, cwd)
        return time.perf_counter() - start
    return once


@dataclass
class Tree:
    """One version of presswork's code, run with PYTHONPATH pointing at it."""

    label: str
    root: Path
    launcher: list[str]
    env: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.env = clean_env(self.root)

    def cli(self, workspace: Path, *args: str) -> list[str]:
        return self.launcher + ["--workspace", str(workspace), *args]

    def check(self, cwd: Path) -> None:
        """Fail now, not halfway, if PYTHONPATH does not win over the venv's editable install."""
        out = run([PYTHON, "-c", "import generator; print(generator.__file__)"], self.env, cwd).stdout.strip()
        if not Path(out).resolve().is_relative_to(self.root.resolve()):
            raise BenchError(f"{self.label}: PYTHONPATH={self.root} imports generator from {out}")


def launcher_for(root: Path, tmp: Path) -> list[str]:
    """The tree's own `presswork` entry point, started the way the venv's console script starts it."""
    try:
        scripts = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
        entry = scripts["presswork"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return [PYTHON, "-m", "generator"]
    ours = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]["presswork"]
    if entry == ours and (BIN / "presswork").exists():
        return [str(BIN / "presswork")]      # the same script; only PYTHONPATH differs
    module, _, func = entry.partition(":")
    script = tmp / f"presswork-{root.name}"
    script.write_text(f"#!{PYTHON}\nimport sys\nfrom {module} import {func}\n"
                      f"if __name__ == '__main__':\n    sys.exit({func}())\n", encoding="utf-8")
    script.chmod(0o755)
    return [str(script)]


def compile_bytecode(root: Path) -> None:
    # Measure what a user's second run costs: with presswork's bytecode cached, as Python does by
    # itself unless PYTHONDONTWRITEBYTECODE is set (it is on some build machines).
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(root / "generator")], check=True,
                   stdout=subprocess.DEVNULL,
                   env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"})


class Worker:
    """A warm in-process worker (current tree only): `script` run with `args`, answering on stdout.

    Its first line is `ready <generator/__init__.py it imported> [what else it says]`."""

    def __init__(self, tree: Tree, args: list[str], tmp: Path, script: str = WORKER,
                 log: str = "worker.log") -> None:
        self.log = tmp / log
        with self.log.open("w") as out:
            self.proc = subprocess.Popen([PYTHON, "-c", script, *args],
                                         env=tree.env, cwd=tmp, text=True, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=out)
        ready = self._read().split(" ", 2)
        if ready[0] != "ready" or len(ready) < 2 or not Path(ready[1]).resolve().is_relative_to(tree.root):
            raise BenchError(f"in-process worker did not start from {tree.root}: {' '.join(ready)!r}")
        self.info = ready[2] if len(ready) > 2 else ""

    def _read(self) -> str:
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait()
            raise BenchError(f"in-process worker died:\n{self.log.read_text()[-2000:]}")
        return line.strip()

    def ask(self, request: str) -> str:
        self.proc.stdin.write(request + "\n")
        self.proc.stdin.flush()
        return self._read()

    def variant(self, kind: str, who: str) -> Callable[[], float]:
        def once() -> float:
            self.proc.stdin.write(f"{kind} {who}\n")
            self.proc.stdin.flush()
            return float(self._read())
        return once

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def alternate(variants: dict[str, Callable[[], float]], repeat: int,
              optional: tuple[str, ...] = ()) -> tuple[dict[str, list[float]], dict[str, str]]:
    """One warm-up run of each variant, then `repeat` rounds running each once, in order.

    A variant named in `optional` (REV's) that fails its warm-up is left out, with the reason,
    instead of stopping the whole bench."""
    active, dropped = dict(variants), {}
    for key, fn in variants.items():
        try:
            fn()
        except BenchError as exc:
            if key not in optional:
                raise
            del active[key]
            dropped[key] = str(exc)
    samples: dict[str, list[float]] = {key: [] for key in active}
    for _ in range(repeat):
        for key, fn in active.items():
            samples[key].append(fn())
    return samples, dropped


# --- numbers ----------------------------------------------------------------------------------

def ratios(top: list[float], bottom: list[float]) -> dict:
    pairs = [a / b for a, b in zip(top, bottom)]
    return {"median": statistics.median(pairs), "min": min(pairs), "max": max(pairs), "pairs": pairs}


def times(samples: list[float]) -> dict:
    return {"median": statistics.median(samples), "samples": samples}


@dataclass
class Row:
    group: str
    name: str
    ours: list[float]
    baseline: list[float]
    rev: list[float] | None = None
    rev_error: str | None = None

    def as_json(self) -> dict:
        out = {"group": self.group, "measurement": self.name,
               "ours_s": times(self.ours), "baseline_s": times(self.baseline),
               "ratio": ratios(self.ours, self.baseline)}
        if self.rev is not None:
            out.update(rev_s=times(self.rev), rev_ratio=ratios(self.rev, self.baseline),
                       now_over_rev=ratios(self.ours, self.rev))
        if self.rev_error:
            out["rev_error"] = self.rev_error
        return out


def span(r: dict) -> str:
    return f"{r['min']:.2f}–{r['max']:.2f}"


def table(rows: list[Row], against: str | None) -> list[str]:
    """At most 100 columns: the baseline is a heading over its rows, not a column."""
    width = max(len(r.name) for r in rows)
    if against:
        head = (f"{'':<{width}}  {'now s':>6} {'REV s':>6} {'base s':>6}  {'now/base':>8} {'range':<11}"
                f" {'REV/base':>8}  {'now/REV':>7} {'range':<11}")
    else:
        head = f"{'':<{width}}  {'ours s':>6} {'base s':>6}  {'ratio':>6} {'range':<11}"
    lines, group = [head], None
    for r in rows:
        if r.group != group:
            group = r.group
            lines.append(f"against {group}")
        ratio = ratios(r.ours, r.baseline)
        ours, base = statistics.median(r.ours), statistics.median(r.baseline)
        if not against:
            lines.append(f"{r.name:<{width}}  {ours:6.3f} {base:6.3f}  {ratio['median']:6.2f} {span(ratio):<11}")
        elif r.rev is None:
            lines.append(f"{r.name:<{width}}  {ours:6.3f} {'—':>6} {base:6.3f}  {ratio['median']:8.2f}"
                         f" {span(ratio):<11} {'—':>8}  {'—':>7}")
        else:
            rev, rev_ratio, now_rev = statistics.median(r.rev), ratios(r.rev, r.baseline), ratios(r.ours, r.rev)
            lines.append(f"{r.name:<{width}}  {ours:6.3f} {rev:6.3f} {base:6.3f}  {ratio['median']:8.2f}"
                         f" {span(ratio):<11} {rev_ratio['median']:8.2f}  {now_rev['median']:7.2f}"
                         f" {span(now_rev):<11}")
    return [line.rstrip() for line in lines]


# --- the measurements -----------------------------------------------------------------------

def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(REPO), *args], check=True, capture_output=True,
                          text=True).stdout.strip()


def make_workspace(tmp: Path) -> Path:
    """This checkout's campaign and content, without templates/ (see the module docstring)."""
    ws = tmp / "workspace"
    ws.mkdir()
    shutil.copy2(REPO / "presswork.toml", ws / "presswork.toml")
    shutil.copytree(REPO / "content", ws / "content")
    return ws


def measure(now: Tree, rev: Tree | None, ws: Path, tmp: Path, repeat: int) -> tuple[list[Row], dict]:
    """The timed rows, and the counts (layouts per poster) that are not timings."""
    rows: list[Row] = []
    counts: dict = {}
    base_env = clean_env()

    def whole(group: str, name: str, args: list[str], baseline: Callable[[], float],
              out: str | None = None) -> None:
        """ours-now, [ours-REV], baseline, ... for one presswork command line."""
        def cmd(tree: Tree) -> list[str]:
            suffix = [] if out is None else ["-o", str(tmp / f"{tree.label}-{out}")]
            return tree.cli(ws, *args, *suffix)
        variants = {"now": process(cmd(now), now.env, tmp)}
        if rev:
            variants["rev"] = process(cmd(rev), rev.env, tmp)
        variants["base"] = baseline
        samples, dropped = alternate(variants, repeat, optional=("rev",))
        rows.append(Row(group, name, samples["now"], samples["base"], samples.get("rev"), dropped.get("rev")))
        print(f"  {name}", file=sys.stderr, flush=True)

    imports = process([PYTHON, "-c", IMPORTS], base_env, tmp)
    for command in ("--help", "excerpts", "lint"):
        whole(f'python -c "{IMPORTS}"', f"presswork {command}", [command], imports)

    excerpt = json.loads(run(now.cli(ws, "excerpts", "--json"), now.env, tmp).stdout)[0]["id"]
    jobs = {"poster": (["poster", "-e", excerpt, "--pull"], 1.2),
            "handout": (["handout", "--sign-in", "30"], 1.1)}
    for kind, (args, target) in jobs.items():
        html = tmp / f"{kind}.html"
        run(now.cli(ws, *args, "-o", str(html)), now.env, tmp)   # the final HTML, for both baselines
        bare = process([PYTHON, "-c", BARE, str(html), str(tmp / f"{kind}-bare.pdf")], base_env, tmp)
        whole("a bare WeasyPrint script, same HTML", f"{kind} (target <= {target}x)", args, bare, f"{kind}.pdf")

    worker = Worker(now, [str(ws), excerpt, str(tmp)], tmp)
    try:
        for kind in jobs:
            samples, _ = alternate({"now": worker.variant(kind, "ours"), "base": worker.variant(kind, "bare")},
                                   repeat)
            rows.append(Row("WeasyPrint alone, same HTML, same process", f"{kind}, in-process",
                            samples["now"], samples["base"]))
            print(f"  {kind}, in-process", file=sys.stderr, flush=True)
        samples, _ = alternate({"now": worker.variant("set", "ours"), "engine": worker.variant("set", "engine"),
                                "base": worker.variant("set", "bare")}, repeat)
        rows.append(Row("WeasyPrint alone, same HTML, same process", "100 posters, -j 1 (target <= 1.1x)",
                        samples["now"], samples["base"]))
        rows.append(Row("WeasyPrint alone, same HTML, same process", "100 posters, run.render each",
                        samples["engine"], samples["base"]))
        print("  100 posters, in-process", file=sys.stderr, flush=True)
        counts["layouts per poster"] = json.loads(worker.ask("layouts count"))
        press_rows, counts["chinese handout size"] = measure_press(now, ws, tmp, repeat)
        rows.extend(press_rows)

        soffice = shutil.which("soffice")
        if not soffice:
            print("soffice not found: the DOCX measurements have no baseline and are skipped", file=sys.stderr)
            return rows, counts
        docx = tmp / "handout.docx"
        run(now.cli(ws, "handout", "--sign-in", "30", "-o", str(docx)), now.env, tmp)
        profile = (tmp / "lo-profile").as_uri()
        lo = process([soffice, "--headless", f"-env:UserInstallation={profile}", "--convert-to", "pdf",
                      "--outdir", str(tmp / "lo"), str(docx)], base_env, tmp)
        handout = ["handout", "--sign-in", "30", "-o"]
        # One set of rounds for both DOCX rows, so LibreOffice (the slow part) runs once per round.
        variants = {"now": process(now.cli(ws, *handout, str(tmp / "now-handout.docx")), now.env, tmp)}
        if rev:
            variants["rev"] = process(rev.cli(ws, *handout, str(tmp / "rev-handout.docx")), rev.env, tmp)
        variants["inproc"] = worker.variant("docx", "ours")
        variants["base"] = lo
        samples, dropped = alternate(variants, repeat, optional=("rev",))
        group = "LibreOffice converting that DOCX to PDF"
        rows.append(Row(group, "handout DOCX, whole process", samples["now"], samples["base"],
                        samples.get("rev"), dropped.get("rev")))
        rows.append(Row(group, "handout DOCX, in-process", samples["inproc"], samples["base"]))
        print("  handout DOCX", file=sys.stderr, flush=True)
    finally:
        worker.close()
    return rows, counts


def measure_press(now: Tree, ws: Path, tmp: Path, repeat: int) -> tuple[list[Row], dict]:
    """Tile, booklet and font compaction against rendering what each presses; the Chinese handout's size."""
    zh = tmp / "zh-workspace"
    run(now.cli(tmp, "init", str(zh)), now.env, tmp)       # its Chinese sample collection
    scratch = tmp / "press"
    scratch.mkdir()
    folder, note = typst_folder()
    print(f"  Typst: {note}", file=sys.stderr, flush=True)
    worker = Worker(now, [str(zh), str(ws), str(scratch), folder or "-", noto_cjk_folders()], tmp,
                    PRESS_WORKER, "press-worker.log")
    group = "rendering what is pressed, same process"
    rows = []
    try:
        for kind, name in (("tile", "tile A1 poster onto A4 (target <= 0.3x)"),
                           ("booklet", f"booklet, {worker.info}-page A5 handout (target <= 0.2x)"),
                           ("compact", "compact fonts, Chinese handout")):
            samples, _ = alternate({"now": worker.variant(kind, "ours"), "base": worker.variant(kind, "bare")},
                                   repeat)
            rows.append(Row(group, name, samples["now"], samples["base"]))
            print(f"  {name}", file=sys.stderr, flush=True)
        sizes = json.loads(worker.ask("sizes count"))
    finally:
        worker.close()
    sizes["note"] = note
    return rows, sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7, metavar="N",
                        help="rounds per measurement, after one warm-up run of each (default 7)")
    parser.add_argument("--quick", action="store_true", help="a fast check: --repeat 3")
    parser.add_argument("--against", metavar="REV",
                        help="also time the whole-process commands of git revision REV (e.g. HEAD~5)")
    args = parser.parse_args()
    repeat = 3 if args.quick else args.repeat
    if repeat < 1:
        parser.error("--repeat must be at least 1")

    rev_sha = rev_subject = None
    if args.against:
        try:
            rev_sha = git("rev-parse", "--verify", "--quiet", f"{args.against}^{{commit}}")
        except subprocess.CalledProcessError:
            parser.error(f"--against: '{args.against}' is not a commit in {REPO}")
        rev_subject = git("log", "-1", "--format=%s", rev_sha)

    head = git("rev-parse", "HEAD")
    dirty = bool(git("status", "--porcelain", "--untracked-files=no", "--", "generator", "pyproject.toml"))
    started = datetime.datetime.now().astimezone()
    load_before = os.getloadavg()
    tmp = Path(tempfile.mkdtemp(prefix="presswork-bench-"))
    worktree = tmp / f"rev-{rev_sha[:10]}" if rev_sha else None
    try:
        now = Tree("now", REPO, [str(BIN / "presswork")])
        rev = None
        if worktree:
            git("worktree", "add", "--detach", str(worktree), rev_sha)
            rev = Tree("rev", worktree, launcher_for(worktree, tmp))
        for tree in (now, rev):
            if tree:
                compile_bytecode(tree.root)
                tree.check(tmp)
        ws = make_workspace(tmp)
        print(f"timing {repeat} rounds per measurement ...", file=sys.stderr, flush=True)
        rows, counts = measure(now, rev, ws, tmp, repeat)
    except BenchError as exc:
        print(f"bench failed: {exc}", file=sys.stderr)
        return 1
    finally:
        if worktree and worktree.exists():
            try:
                git("worktree", "remove", "--force", str(worktree))
            except subprocess.CalledProcessError:
                shutil.rmtree(worktree, ignore_errors=True)
                git("worktree", "prune")
        shutil.rmtree(tmp, ignore_errors=True)
    load_after = os.getloadavg()

    now_label = head[:10] + (" + uncommitted changes" if dirty else "")
    print(f"now: {now_label}")
    if rev_sha:
        print(f"REV: {rev_sha[:10]} {rev_subject[:85]}")
    print(f"{repeat} alternating rounds per measurement, after one warm-up run of each. Times are medians;")
    print("a ratio is the median of the per-round ratios, and range their min–max.")
    print(f"Load average {load_before[0]:.2f} before, {load_after[0]:.2f} after, on {os.cpu_count()} CPUs.")
    print()
    for line in table(rows, args.against):
        print(line)
    layouts = counts.get("layouts per poster")
    if layouts:
        spread = ", ".join(f"{n}: {k}" for n, k in layouts["spread"].items())
        print(f"\nlayouts per poster, {layouts['posters']}-poster set: {layouts['mean']:.2f} (target <= 1.25; "
              f"posters by layouts {spread})")
    sizes = counts.get("chinese handout size")
    if sizes:
        print()
        for line in size_lines(sizes, sizes["note"]):
            print(line)
    for row in rows:
        if row.rev_error:
            print(f"\n{row.name}: REV failed, not timed:\n  {row.rev_error.splitlines()[-1]}")

    results = REPO / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.json").write_text(json.dumps({
        "started": started.isoformat(timespec="seconds"),
        "repeat": repeat,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "loadavg_before": load_before, "loadavg_after": load_after,
        "now": {"commit": head, "uncommitted_changes": dirty},
        "against": {"rev": args.against, "commit": rev_sha, "subject": rev_subject} if rev_sha else None,
        "rows": [row.as_json() for row in rows],
        "counts": counts,
    }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nall samples: {(results / 'latest.json').relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
