"""presswork serve's speed: from saving a content file to the updated preview event, against the render time
of what changed; and the server's memory over 200 office previews.

  python bench/serve.py [--repeat N | --quick] [--previews N]

  one poster     a campaign of one poster; each round saves its collection with that excerpt's text
                 changed, and times until the event that shows the poster's new pages arrives
                 (watching, planning, rendering in the warm pool, the event): target <= 1.5x
  campaign       the shipped campaign (posters per excerpt, a handout, a bulletin); each round
                 changes one excerpt's text, so its poster, the handout and the bulletin render again
                 and the other posters do not (counted: no full rebuild)       target <= 1.5x
  memory         the resident memory of the server process, and of its pool (supervisor and
                 workers), after every 50 of N office previews (200 by default), each a new poster
                 title so nothing is served from a cache                      target: flat

The baseline is the render time of what changed: the same preview renders (PNG pages at the
preview's resolution) of the targets that changed, one after another in one warm process that
has rendered before, as the server's single worker (-j 1) does them. Rounds alternate
(server, baseline, server, ...) after one warm-up of each; a ratio is taken per round, and
the median of those ratios is reported with their min-max, as bench/run.py does.

Results: the table below, and every sample in bench/results/serve.json.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# The baseline: one warm process that renders the preview targets of the cards it is named, in turn.
BASELINE = """
import sys, time
from generator.campaign.config import read_config
from generator.campaign.plan import plan_build
from generator.campaign.pool import render_one
from generator.campaign.run import setting
from generator.content.workspace import Workspace
from generator.serve.live import card_id, preview_target

root = sys.argv[1]
reply, sys.stdout = sys.stdout, sys.stderr

def render(ids):
    ws = Workspace.open(root)
    plan = {card_id(t): t for t in plan_build(ws, read_config(ws))}
    start = time.perf_counter()
    for cid in ids:
        render_one(preview_target(plan[cid]), setting(ws))
    return time.perf_counter() - start

render(list({card_id(t): t for t in plan_build(Workspace.open(root), read_config(Workspace.open(root)))}))
print("ready", file=reply, flush=True)
for line in sys.stdin:
    print(render(line.split()), file=reply, flush=True)
"""


class BenchError(Exception):
    pass


class Served:
    """A `presswork serve -j 1` process on a free port, and its event stream read in a thread."""

    def __init__(self, ws: Path, log: Path):
        self.log = log.open("w")
        self.proc = subprocess.Popen([str(Path(PYTHON).parent / "presswork"), "-w", str(ws), "serve", "--port", "0",
                                      "-j", "1"], stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            raise BenchError(f"presswork serve did not start: {line!r} (see {log})")
        self.port = int(match[1])
        self.states: list[tuple[float, dict]] = []
        self.lock = threading.Condition()
        threading.Thread(target=self._listen, daemon=True).start()
        page = self._get("/make").decode("utf-8")
        self.token = json.loads(re.search(r'id="boot">(.*?)</script>', page)[1])["token"]

    def _get(self, path: str) -> bytes:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request("GET", path)
        return conn.getresponse().read()

    def post(self, path: str, body: dict) -> dict:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json", "X-CSRF-Token": self.token})
        answer = conn.getresponse()
        data = json.loads(answer.read())
        if answer.status != 200:
            raise BenchError(f"{path}: {answer.status} {data}")
        return data

    def _listen(self) -> None:
        while self.proc.poll() is None:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                conn.request("GET", "/events")
                stream, data = conn.getresponse(), []
                for raw in stream:
                    line = raw.decode("utf-8").rstrip("\n")
                    if line.startswith("data: "):
                        data.append(line[6:])
                    elif not line and data:
                        with self.lock:
                            self.states.append((time.perf_counter(), json.loads("".join(data))))
                            self.lock.notify_all()
                        data = []
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)

    def wait(self, done, after: float, timeout: float = 120) -> tuple[float, dict]:
        """The first state that arrived after `after` for which `done(state)` holds."""
        deadline = time.perf_counter() + timeout
        with self.lock:
            while True:
                for at, state in self.states:
                    if at >= after and done(state):
                        return at, state
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise BenchError("no preview event in time")
                self.lock.wait(left)

    def idle(self) -> dict:
        return self.wait(lambda s: s["cards"] and not s["busy"] and not s["problems"], 0)[1]

    def pids(self) -> tuple[int, list[int]]:
        """The server's pid and its pool's (the supervisor and its workers)."""
        def children(pid: int) -> list[int]:
            try:
                found = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
            except OSError:
                return []
            return found + [g for c in found for g in children(c)]
        return self.proc.pid, children(self.proc.pid)

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def workspace(tmp: Path, name: str, one_poster: str | None) -> Path:
    ws = tmp / name
    ws.mkdir()
    shutil.copytree(REPO / "content", ws / "content")
    if one_poster:
        (ws / "presswork.toml").write_text(
            '[campaign]\ntitle = "Bench"\n\n[[materials]]\nname = "poster"\nkind = "poster"\n'
            f'excerpts = ["{one_poster}"]\nsize = "A3"\npull = true\noutputs = ["pdf"]\n', encoding="utf-8")
    else:
        shutil.copy2(REPO / "presswork.toml", ws / "presswork.toml")
    return ws


def edit_rounds(ws: Path, served: Served, baseline, repeat: int, changer) -> dict:
    """Warm-up, then `repeat` rounds of (save -> event, baseline render of what changed)."""
    served.idle()
    ours, base, changed_counts, totals = [], [], [], []
    for number in range(repeat + 1):
        before = {c["id"]: c["renders"] for c in served.idle()["cards"]}
        changer(number)
        saved = time.perf_counter()
        at, state = served.wait(lambda s: not s["busy"] and not s["problems"] and
                                any(c["renders"] > before.get(c["id"], 0) for c in s["cards"]), saved)
        changed = [c["id"] for c in state["cards"] if c["renders"] > before.get(c["id"], 0)]
        baseline.stdin.write(" ".join(changed) + "\n")
        baseline.stdin.flush()
        seconds = float(baseline.stdout.readline())
        if number == 0:
            continue  # the warm-up
        ours.append(at - saved)
        base.append(seconds)
        changed_counts.append(len(changed))
        totals.append(len(state["cards"]))
    pairs = [a / b for a, b in zip(ours, base)]
    return {"ours_s": ours, "baseline_s": base, "ratio": {"median": statistics.median(pairs), "min": min(pairs),
                                                          "max": max(pairs), "pairs": pairs},
            "rendered": changed_counts, "cards": totals}


def start_baseline(ws: Path, log: Path):
    proc = subprocess.Popen([PYTHON, "-c", BASELINE, str(ws)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=log.open("w"), text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    if proc.stdout.readline().strip() != "ready":
        raise BenchError(f"the baseline process did not start (see {log})")
    return proc


def excerpt_edit(ws: Path, excerpt_index: int):
    """A changer: the excerpt's text ends with a new round number each time (nothing cached matches)."""
    path = next((ws / "content").glob("*.yaml"))
    original = path.read_text(encoding="utf-8")
    blocks = original.split("\n- id: ")
    head, rest = blocks[excerpt_index + 1].split("\n", 1)

    def change(number: int) -> None:
        text = re.sub(r"(pull_quote: )(.*)", lambda m: f"{m[1]}{m[2].rstrip()[:-1]} (round {number}).", rest, count=1)
        text = re.sub(r"(text: \|\n\s+)(.*)", lambda m: f"{m[1]}Round {number}: {m[2]}", text, count=1)
        new = blocks[:excerpt_index + 1] + [head + "\n" + text] + blocks[excerpt_index + 2:]
        path.write_text("\n- id: ".join(new), encoding="utf-8")

    return change


def memory(served: Served, excerpt: str, previews: int) -> dict:
    server, pool = served.pids()
    samples = []
    for n in range(previews + 1):
        if n % 50 == 0:
            server_now, pool_now = served.pids()
            samples.append({"previews": n, "server_mb": rss_mb(server_now),
                            "pool_mb": sum(rss_mb(p) for p in pool_now), "pool_processes": len(pool_now)})
            print(f"  memory after {n} previews: server {samples[-1]['server_mb']:.0f} MB, "
                  f"pool {samples[-1]['pool_mb']:.0f} MB", file=sys.stderr, flush=True)
        if n < previews:
            served.post("/api/preview", {"kind": "poster", "excerpts": [excerpt],
                                         "options": {"size": "A4", "title": f"Study {n}", "theme": "mono"}})
    return {"samples": samples}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7, metavar="N", help="rounds per measurement (default 7)")
    parser.add_argument("--quick", action="store_true", help="a fast check: --repeat 3 --previews 100")
    parser.add_argument("--previews", type=int, default=200, metavar="N", help="office previews for the memory row")
    args = parser.parse_args()
    repeat, previews = (3, 100) if args.quick else (args.repeat, args.previews)
    tmp = Path(tempfile.mkdtemp(prefix="presswork-bench-serve-"))
    started, load_before = datetime.datetime.now().astimezone(), os.getloadavg()
    results: dict = {}
    try:
        sys.path.insert(0, str(REPO))
        from generator.content.workspace import Workspace

        excerpts = [e.id for c in Workspace.open(REPO).load_collections() for e in c.excerpts]
        for name, one in (("one poster", excerpts[0]), ("campaign", None)):
            ws = workspace(tmp, name.replace(" ", "-"), one)
            served = Served(ws, tmp / f"{ws.name}-serve.log")
            baseline = start_baseline(ws, tmp / f"{ws.name}-baseline.log")
            try:
                print(f"timing {repeat} rounds: {name} ...", file=sys.stderr, flush=True)
                results[name] = edit_rounds(ws, served, baseline, repeat, excerpt_edit(ws, 0))
                if name == "one poster":
                    results["memory"] = memory(served, excerpts[0], previews)
            finally:
                baseline.stdin.close()
                baseline.wait(timeout=30)
                served.close()
    except BenchError as exc:
        print(f"bench failed: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    load_after = os.getloadavg()

    print(f"{repeat} alternating rounds, after one warm-up. Times are medians; a ratio is the median of the")
    print("per-round ratios, and range their min–max.")
    print(f"Load average {load_before[0]:.2f} before, {load_after[0]:.2f} after, on {os.cpu_count()} CPUs.")
    print()
    print(f"{'save -> updated preview event':<36} {'ours s':>6} {'base s':>6}  {'ratio':>5} {'range':<11} rendered")
    print("against the render time of what changed")
    for name in ("one poster", "campaign"):
        r = results[name]
        ratio = r["ratio"]
        print(f"{name + ' (target <= 1.5x)':<36} {statistics.median(r['ours_s']):6.3f} "
              f"{statistics.median(r['baseline_s']):6.3f}  {ratio['median']:5.2f} "
              f"{ratio['min']:.2f}–{ratio['max']:.2f}   {max(r['rendered'])} of {r['cards'][0]} materials")
    print()
    print("resident memory after N office previews (MB)")
    print(f"{'previews':>8} {'server':>7} {'pool':>6}")
    for s in results["memory"]["samples"]:
        print(f"{s['previews']:>8} {s['server_mb']:7.0f} {s['pool_mb']:6.0f}")
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "serve.json").write_text(json.dumps({
        "started": started.isoformat(timespec="seconds"), "repeat": repeat, "previews": previews,
        "cpus": os.cpu_count(), "loadavg_before": load_before, "loadavg_after": load_after, **results,
    }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nall samples: {(out / 'serve.json').relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
