"""`presswork build`: materials from presswork.toml, checked before anything is written."""

from __future__ import annotations

from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import SAMPLE, make_workspace
from tests.pdf_checks import page_sizes

CONFIG = """\
[campaign]
title = "Fire Safety Week"
organisation = "Riverside Works"
theme = "calm"

[[materials]]
name = "posters"
kind = "poster"
per_excerpt = true
tags = ["red-line"]
outputs = ["pdf", "html"]

[[materials]]
name = "one-a4"
kind = "poster"
excerpts = ["2020-04-life"]
size = "A4"
outputs = ["png"]
dpi = 30
"""


def test_build_writes_every_material_and_reports_a_table(tmp_path):
    ws = make_workspace(tmp_path, {"content/s.yaml": SAMPLE, "presswork.toml": CONFIG})
    result = CliRunner().invoke(cli, ["-w", str(ws), "build"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["file", "format", "pages", "page", "status"]
    assert lines[-1] == "5 written, 0 up to date"
    files = [ln.split()[0] for ln in lines[2:-1]]
    assert files == ["output/posters-2013-06-06-human-life.pdf", "output/posters-2013-06-06-human-life.html",
                     "output/posters-2020-04-life.pdf", "output/posters-2020-04-life.html",
                     "output/one-a4.png"]
    assert page_sizes((ws / files[0]).read_bytes()) == [(842, 1191)]
    html = (ws / files[1]).read_text(encoding="utf-8")
    # typographic apostrophe; the last two words held together by word joiners (materials/typography.py)
    assert "Riverside Works" in html and "Always put people’s lives\u2060 \u2060first." in html
    assert (ws / "output/one-a4.png").read_bytes().startswith(b"\x89PNG")


def test_build_only_named_materials(tmp_path):
    ws = make_workspace(tmp_path, {"content/s.yaml": SAMPLE, "presswork.toml": CONFIG})
    result = CliRunner().invoke(cli, ["-w", str(ws), "build", "one-a4"])
    assert result.exit_code == 0 and "output/one-a4.png" in result.output and "posters" not in result.output
    result = CliRunner().invoke(cli, ["-w", str(ws), "build", "nope"])
    assert result.exit_code == 1 and "no material named nope in presswork.toml (known: posters, one-a4)" in result.output


def test_bad_config_reports_every_problem_and_writes_nothing(tmp_path):
    config = CONFIG.replace('theme = "calm"', 'theme = "calm"\ncolour = "red"').replace(
        'kind = "poster"\nexcerpts', 'kind = "flyer"\nexcerpts').replace("dpi = 30", 'dpi = "high"\nsizes = "A4"')
    config += '\n[[materials]]\nname = "../escape"\nkind = "poster"\noutputs = ["pdf", "gif"]\n'
    ws = make_workspace(tmp_path, {"content/s.yaml": SAMPLE, "presswork.toml": config})
    result = CliRunner().invoke(cli, ["-w", str(ws), "build"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines == [
        "Error: presswork.toml:5: [campaign]: colour: unknown key (known keys: title, organisation, lang, theme, "
        "date, slogan, headline, footer, timeout, max_memory, sheet, and [campaign.en] / [campaign.zh] tables)",
        "Error: presswork.toml:16: material 'one-a4': kind: 'flyer' is not one of poster, handout, bulletin "
        "(e.g. kind = \"poster\")",
        "Error: presswork.toml:20: material 'one-a4': dpi: must be a whole number, not 'high' (use 20 to 600)",
        "Error: presswork.toml:21: material 'one-a4': sizes: unknown key (did you mean size?)",
        "Error: presswork.toml:24: material '../escape': name: must be lower-case letters, digits, '-', '_' "
        "or '.' (it names the output files, e.g. name = \"poster-red-line\")",
        "Error: presswork.toml:26: material '../escape': outputs: unknown output format gif (use pdf, png, html, docx)",
    ]
    assert not (ws / "output").exists()


def test_invalid_toml_names_the_line(tmp_path):
    ws = make_workspace(tmp_path, {"content/s.yaml": SAMPLE, "presswork.toml": "[campaign]\ntitle = 'x\n"})
    result = CliRunner().invoke(cli, ["-w", str(ws), "build"])
    assert result.exit_code == 1 and result.output.startswith("Error: presswork.toml:2: is not valid TOML")
