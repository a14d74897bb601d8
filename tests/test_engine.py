"""The campaign engine: presswork.toml checked whole, the plan refused when it would clash, output/ untouched on failure."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import SAMPLE, make_workspace

HEAD = '[campaign]\ntitle = "Fire Safety Week"\n\n'


def build(ws: Path, *args: str):
    return CliRunner().invoke(cli, ["-w", str(ws), "build", *args])


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_five_bad_values_give_five_lines_in_toml_terms_and_write_nothing(tmp_path):
    config = HEAD + """\
[[materials]]
name = "handout"
kind = "handout"
size = "A3"
sign_in = 100000
theme = "neon"

[[materials]]
name = "bulletin"
kind = "bulletin"
columns = 9
lang = "fr"
"""
    ws = make_workspace(tmp_path, {"content/s.yaml": SAMPLE, "presswork.toml": config})
    result = build(ws)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: presswork.toml:7: material 'handout': size: A3 is not offered for a handout "
        "(use one of: A4, letter, A5)",
        "Error: presswork.toml:8: material 'handout': sign_in: 100000 is out of range (use 0 to 500)",
        "Error: presswork.toml:9: material 'handout': theme: no theme 'neon' "
        "(use one of: calm, civic, hazard, mono, safety)",
        "Error: presswork.toml:14: material 'bulletin': columns: 9 is out of range (use 1 to 4)",
        "Error: presswork.toml:15: material 'bulletin': lang: 'fr' is not one of en, zh (use en or zh)",
    ]
    assert "Traceback" not in result.output and "--" not in result.output
    assert not (ws / "output").exists()


@pytest.mark.parametrize("snippet, expected", [
    ('[materials]\nname = "p"\nkind = "poster"\n',
     "presswork.toml:1: [materials] is one table; each material is a [[materials]] entry (write [[materials]], "
     "with two brackets, above each material)"),
    ('campaign = "x"\n[[materials]]\nname = "h"\nkind = "handout"\n',
     "presswork.toml:1: campaign must be a table (write [campaign] on a line of its own, with its keys below it)"),
    ('[[materials]]\nname = "h"\nkind = "handout"\nexcerpts = [1, 2]\n',
     "presswork.toml:4: material 'h': excerpts: must be a list of text, not a list (e.g. excerpts = [\"...\"])"),
    ('[[materials]]\nname = "h"\nkind = "handout"\nsign_in = -3\n',
     "presswork.toml:4: material 'h': sign_in: -3 is out of range (use 0 to 500)"),
    ('[[materials]]\nname = "p"\nkind = "poster"\nexcerpts = ["2013-07-18-responsibility"]\npull = true\n',
     "presswork.toml:5: material 'p': pull: excerpt '2013-07-18-responsibility' has no pull_quote "
     "(add `pull_quote:` to it in the collection, or set pull = false)"),
    ('[[materials]]\nname = "p"\nkind = "poster"\nexcerpts = ["no-such-id"]\n',
     "presswork.toml:4: material 'p': excerpts: no excerpt 'no-such-id'"),
    ('[[materials]]\nname = "h"\nkind = "handout"\nsign_in = 3\nqr = "https://example.org"\n',
     "presswork.toml:5: material 'h': qr: only posters and bulletins use it, not a handout (remove it from this material)"),
])
def test_structural_and_value_mistakes_are_clear_errors(tmp_path, snippet, expected):
    ws = make_workspace(tmp_path, {"content/s.yaml": SAMPLE, "presswork.toml": snippet})
    result = build(ws)
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {expected}"), result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert not (ws / "output").exists()


def test_a_collection_is_asked_for_when_several_exist(tmp_path):
    other = SAMPLE.replace("title: Sample study", "title: Other")
    ws = make_workspace(tmp_path, {"content/a.yaml": SAMPLE, "content/b.yaml": other,
                                   "presswork.toml": '[[materials]]\nname = "h"\nkind = "handout"\n'})
    result = build(ws)
    assert result.exit_code == 1
    assert ("presswork.toml:1: material 'h': the workspace has several collections (a, b) "
            "(choose one with collection = \"NAME\")") in result.output


def test_two_materials_writing_one_path_are_refused(tmp_path):
    config = HEAD + """\
[[materials]]
name = "poster"
kind = "poster"
per_excerpt = true
tags = ["red-line"]

[[materials]]
name = "poster-2020-04-life"
kind = "poster"
excerpts = ["2020-04-life"]
"""
    ws = make_workspace(tmp_path, {"content/s.yaml": SAMPLE, "presswork.toml": config})
    result = build(ws)
    assert result.exit_code == 1
    assert ("Error: presswork.toml:10: material 'poster-2020-04-life': writes output/poster-2020-04-life.pdf, "
            "which material 'poster' writes too (give one of them another name, so each file has one material)"
            ) in result.output
    assert not (ws / "output").exists()


def test_a_failing_pdf_after_a_docx_leaves_both_old_files_byte_identical(tmp_path):
    config = HEAD + '[[materials]]\nname = "handout"\nkind = "handout"\noutputs = ["docx", "pdf"]\n'
    ws = make_workspace(tmp_path, {"content/s.yaml": SAMPLE, "presswork.toml": config})
    assert build(ws).exit_code == 0
    before = snapshot(ws / "output")
    assert set(before) == {"handout.docx", "handout.pdf", ".presswork-manifest.json"}
    # the PDF now fails (a stylesheet reaching outside the workspace); the DOCX would still render
    (ws / "templates").mkdir()
    (ws / "templates" / "handout.css").write_text('@import url("https://example.org/x.css");\n', encoding="utf-8")
    (ws / "content" / "s.yaml").write_text(SAMPLE.replace("Sample study", "Changed study"), encoding="utf-8")
    result = build(ws)
    assert result.exit_code == 1 and "blocked a fetch" in result.output, result.output
    assert snapshot(ws / "output") == before


def test_the_single_commands_use_the_same_checks(tmp_path):
    ws = make_workspace(tmp_path, {"content/s.yaml": SAMPLE})
    result = CliRunner().invoke(cli, ["-w", str(ws), "handout", "--sign-in", "100000"])
    assert result.exit_code == 2 and "100000 is not in the range 0<=x<=500" in result.output
    result = CliRunner().invoke(cli, ["-w", str(ws), "handout", "--theme", "neon"])
    assert result.exit_code == 1 and "no theme 'neon' (use one of: calm, civic, hazard, mono, safety)" in result.output


DETERMINISM = HEAD + """\
[[materials]]
name = "poster"
kind = "poster"
excerpts = ["2013-06-06-human-life"]
qr = "https://example.org/fire"
outputs = ["pdf", "png", "html", "docx"]
dpi = 30

[[materials]]
name = "handout"
kind = "handout"
sign_in = 5
outputs = ["pdf", "docx"]

[[materials]]
name = "bulletin"
kind = "bulletin"
outputs = ["pdf", "docx"]
"""


def _build_in_process(ws: Path, env: dict) -> dict[str, str]:
    run = subprocess.run([sys.executable, "-m", "generator", "-w", str(ws), "build"],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    return snapshot(ws / "output")


def test_two_builds_in_separate_processes_give_byte_identical_files(tmp_path):
    ws = make_workspace(tmp_path, {"content/s.yaml": SAMPLE, "presswork.toml": DETERMINISM})
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    first = _build_in_process(ws, env)
    assert {Path(name).suffix for name in first} == {".pdf", ".png", ".html", ".docx", ".json"}
    os.utime(ws / "content" / "s.yaml")  # a newer file time, the same content
    (ws / "output" / ".presswork-manifest.json").unlink()  # so the second build renders everything again
    second = _build_in_process(ws, env)
    assert {k: v for k, v in second.items() if not k.startswith(".")} == \
        {k: v for k, v in first.items() if not k.startswith(".")}
