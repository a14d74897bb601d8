"""The corpus of bad inputs in tests/bad/: each one is a clear error (exit 1, or 2 for usage), never an internal error.

Every file is put where a user would put it — a collection in content/, a presswork.toml, a
template or theme in templates/, an article to import, a spreadsheet a material merges — and
the command a user would run is run on it. A good output written before stays byte-identical.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import SAMPLE, make_workspace

BAD = Path(__file__).resolve().parent / "bad"
CASES = sorted(p for p in BAD.rglob("*") if p.is_file())
GOOD = b"%PDF- a good file from before"


def _setup(kind: str, path: Path, ws: Path) -> list[str]:
    data = path.read_bytes()
    if kind == "yaml":
        (ws / "content" / "s.yaml").unlink()
        (ws / "content" / path.name).write_bytes(data)
        return ["handout", "-o", "output/good.pdf"]
    if kind == "toml":
        (ws / "presswork.toml").write_bytes(data)
        return ["build"]
    if kind == "templates":
        (ws / "templates").mkdir(exist_ok=True)
        (ws / "templates" / "poster.html.j2").write_bytes(data)
        return ["poster", "-e", "2020-04-life", "-o", "output/good.pdf"]
    if kind == "stylesheets":
        (ws / "templates").mkdir(exist_ok=True)
        (ws / "templates" / "poster.css").write_bytes(data)
        return ["poster", "-e", "2020-04-life", "-o", "output/good.pdf"]
    if kind == "themes":
        (ws / "templates" / "themes").mkdir(parents=True, exist_ok=True)
        (ws / "templates" / "themes" / path.name).write_bytes(data)
        return ["poster", "-e", "2020-04-life", "--theme", path.stem, "-o", "output/good.pdf"]
    if kind == "articles":
        article = ws / path.name
        article.write_bytes(data)
        return ["import", str(article), "-o", str(ws / "output" / "good.yaml")]
    if kind == "csv":
        (ws / "content" / "units.csv").write_bytes(data)
        (ws / "presswork.toml").write_text('[[materials]]\nname = "poster-{unit}"\nkind = "poster"\n'
                                           'excerpts = ["2020-04-life"]\ndata = "content/units.csv"\n',
                                           encoding="utf-8")
        return ["build"]
    raise AssertionError(kind)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.relative_to(BAD).as_posix())
def test_a_bad_input_is_a_clear_error_and_keeps_good_output(tmp_path, path):
    ws = make_workspace(tmp_path, {"content/s.yaml": SAMPLE})
    (ws / "output").mkdir()
    for name in ("good.pdf", "good.yaml", "poster-a.pdf"):
        (ws / "output" / name).write_bytes(GOOD)
    args = _setup(path.parent.name, path, ws)
    result = CliRunner().invoke(cli, ["-w", str(ws), *args])
    assert result.exit_code in (1, 2), result.output
    assert "internal error" not in result.output and "Traceback" not in result.output, result.output
    assert result.output.startswith("Error: ") or "\nError: " in result.output, result.output
    for name in ("good.pdf", "good.yaml", "poster-a.pdf"):
        assert (ws / "output" / name).read_bytes() == GOOD, name
