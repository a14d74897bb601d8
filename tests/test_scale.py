"""Campaign scale: both cores, only what changed, shards that cover the plan once, progress on a terminal."""

from __future__ import annotations

import hashlib
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import SAMPLE, make_workspace

CONFIG = """\
[campaign]
title = "Fire Safety Week"

[[materials]]
name = "poster"
kind = "poster"
per_excerpt = true
outputs = ["pdf", "png"]
dpi = 20

[[materials]]
name = "handout"
kind = "handout"
outputs = ["pdf", "docx"]
"""


def build(ws: Path, *args: str):
    result = CliRunner().invoke(cli, ["-w", str(ws), "build", *args])
    return result


def outputs(ws: Path) -> dict[str, str]:
    folder = ws / "output"
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".")}


def statuses(result) -> dict[str, str]:
    rows = [re.split(r"\s{2,}", line.strip()) for line in result.stdout.splitlines()[2:-1]]
    return {row[0].removeprefix("output/"): row[-1] for row in rows}


@pytest.fixture
def ws(tmp_path):
    return make_workspace(tmp_path / "ws", {"content/s.yaml": SAMPLE, "presswork.toml": CONFIG})


def test_two_workers_write_the_bytes_one_does(ws, tmp_path):
    other = make_workspace(tmp_path / "other", {"content/s.yaml": SAMPLE, "presswork.toml": CONFIG})
    one, two = build(ws, "-j", "1"), build(other, "-j", "2")
    assert one.exit_code == 0 and two.exit_code == 0, one.output + two.output
    assert len(outputs(ws)) == 10 and outputs(ws) == outputs(other)


def test_a_second_build_writes_nothing_and_says_so(ws):
    first = build(ws)
    assert first.exit_code == 0 and first.stdout.splitlines()[-1] == "10 written, 0 up to date"
    times = {p.name: p.stat().st_mtime_ns for p in (ws / "output").iterdir()}
    again = build(ws)
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[-1] == "0 written, 10 up to date"
    assert set(statuses(again).values()) == {"up to date"}
    assert {p.name: p.stat().st_mtime_ns for p in (ws / "output").iterdir()} == times
    # the table still says what each file is
    rows = [re.split(r"\s{2,}", line.strip()) for line in again.stdout.splitlines()]
    assert ["output/poster-2020-04-life.pdf", "pdf", "1", "A3 portrait (842 × 1191 pt)", "up to date"] in rows
    forced = build(ws, "--force")
    assert forced.stdout.splitlines()[-1] == "10 written, 0 up to date"


def test_touching_a_template_rebuilds_exactly_the_materials_that_use_it(ws):
    assert build(ws).exit_code == 0
    from generator.resources import BUILTIN_DIR

    (ws / "templates").mkdir()
    css = (BUILTIN_DIR / "poster.css").read_text(encoding="utf-8")
    (ws / "templates" / "poster.css").write_text(css, encoding="utf-8")
    result = build(ws)  # a new override is a new input of every poster, even with the same text
    assert {n for n, s in statuses(result).items() if s == "written"} == \
        {n for n in outputs(ws) if n.startswith("poster-")}
    assert build(ws).stdout.splitlines()[-1] == "0 written, 10 up to date"
    (ws / "templates" / "poster.css").write_text(css + "\n.quote { color: black; }\n", encoding="utf-8")
    result = build(ws)
    written = {n for n, s in statuses(result).items() if s == "written"}
    assert written == {n for n in outputs(ws) if n.startswith("poster-")} and "handout.pdf" not in written


def test_changed_content_or_a_deleted_file_is_made_again(ws):
    assert build(ws).exit_code == 0
    (ws / "output" / "handout.pdf").unlink()
    result = build(ws)
    assert {n for n, s in statuses(result).items() if s == "written"} == {"handout.pdf"}
    changed = SAMPLE.replace("Life is more important than Mount Tai.", "Life is more important than anything.")
    (ws / "content" / "s.yaml").write_text(changed, encoding="utf-8")
    result = build(ws)
    assert result.exit_code == 0, result.output
    written = {n for n, s in statuses(result).items() if s == "written"}
    # the handout holds every excerpt; of the posters, only the changed excerpt's
    assert written == {"poster-2020-04-life.pdf", "poster-2020-04-life.png", "handout.pdf", "handout.docx"}


def test_prune_removes_only_files_the_campaign_no_longer_makes(ws):
    assert build(ws).exit_code == 0
    (ws / "output" / "mine.txt").write_text("keep me", encoding="utf-8")
    (ws / "presswork.toml").write_text(CONFIG.replace('outputs = ["pdf", "png"]', 'outputs = ["pdf"]'),
                                       encoding="utf-8")
    result = build(ws, "--prune")
    assert result.exit_code == 0, result.output
    assert not any(n.endswith(".png") for n in outputs(ws))
    assert (ws / "output" / "mine.txt").read_text(encoding="utf-8") == "keep me"
    assert result.stderr.count("Removed output/poster-") == 4
    assert result.stdout.splitlines()[-1] == "0 written, 6 up to date, 4 removed"


def test_shards_cover_the_plan_exactly_once(tmp_path):
    made: list[str] = []
    for k in (1, 2, 3):
        ws = make_workspace(tmp_path / f"shard{k}", {"content/s.yaml": SAMPLE, "presswork.toml": CONFIG})
        result = build(ws, "--shard", f"{k}/3")
        assert result.exit_code == 0, result.output
        made += list(outputs(ws))
    whole = make_workspace(tmp_path / "whole", {"content/s.yaml": SAMPLE, "presswork.toml": CONFIG})
    assert build(whole).exit_code == 0
    assert sorted(made) == sorted(outputs(whole))
    bad = build(whole, "--shard", "4/3")
    assert bad.exit_code == 1 and "--shard 4/3: K must be 1 to 3 (use 1/3 to 3/3)" in bad.stderr


def test_a_failing_material_stops_a_parallel_build_and_writes_nothing(ws):
    (ws / "templates").mkdir()
    (ws / "templates" / "handout.css").write_text('@import url("https://example.org/x.css");\n', encoding="utf-8")
    result = build(ws, "-j", "2")
    assert result.exit_code == 1 and "blocked a fetch" in result.stderr, result.output
    assert "Traceback" not in result.output and not (ws / "output").exists()


def _run_on_terminal(args: list[str]) -> tuple[str, str]:
    """Run presswork with stderr on a pseudo-terminal; return (stdout, what the terminal showed)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "generator", *args], stdout=subprocess.PIPE,
                            stderr=follower, text=True)
    os.close(follower)
    shown = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    stdout = proc.stdout.read()
    proc.wait(timeout=120)
    os.close(leader)
    return stdout, shown.decode("utf-8", "replace")


def test_progress_shows_on_a_terminal_and_not_in_a_pipe(ws):
    stdout, terminal = _run_on_terminal(["-w", str(ws), "build", "-j", "1"])
    assert "10 written, 0 up to date" in stdout
    assert "5/5 handout" in terminal and "1/5 poster" in terminal and "elapsed" in terminal and "left" in terminal
    piped = subprocess.run([sys.executable, "-m", "generator", "-w", str(ws), "build", "--force"],
                           capture_output=True, text=True, timeout=120)
    assert piped.returncode == 0 and piped.stderr == ""
    quiet = subprocess.run([sys.executable, "-m", "generator", "-w", str(ws), "build", "-q", "--force"],
                           capture_output=True, text=True, timeout=120)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""



def test_the_checkouts_own_templates_are_not_overrides_of_themselves(tmp_path):
    # the repository is itself a workspace whose templates/ are the built-ins
    from generator.campaign.manifest import Manifest
    from generator.resources import BUILTIN_DIR

    reads = [str(BUILTIN_DIR.resolve() / "poster.css")]
    assert not Manifest(tmp_path, BUILTIN_DIR)._overridden(reads)
    (tmp_path / "templates").mkdir()
    assert not Manifest(tmp_path, tmp_path / "templates")._overridden(reads)
    (tmp_path / "templates" / "poster.css").write_text("", encoding="utf-8")
    assert Manifest(tmp_path, tmp_path / "templates")._overridden(reads)
