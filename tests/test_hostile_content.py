"""Collections are untrusted: what no collection needs is refused before composing, with the line and the fix."""

from __future__ import annotations

from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import SAMPLE, make_workspace


def lint(tmp_path, text: str):
    ws = make_workspace(tmp_path, {"content/a.yaml": text})
    result = CliRunner().invoke(cli, ["-w", str(ws), "lint"])
    assert result.exit_code == 1 and "Traceback" not in result.output and "internal error" not in result.output
    return result.output


def test_explicit_python_and_custom_tags_are_refused_with_their_lines(tmp_path):
    text = ("title: T\nexcerpts:\n  - id: a\n    tags: [!!python/object/apply:os.system [\"echo hi\"]]\n"
            "    text: !!python/str hello\n  - id: b\n    text: !shout loud\n")
    assert lint(tmp_path, text).splitlines() == [
        "Error: content/a.yaml:4: the YAML tag !!python/object/apply:os.system is not allowed "
        "(remove it: write the value as plain text)",
        "Error: content/a.yaml:5: the YAML tag !!python/str is not allowed (remove it: write the value as plain text)",
        "Error: content/a.yaml:7: the YAML tag !shout is not allowed (remove it: write the value as plain text)",
    ]


def test_core_tags_are_still_fine(tmp_path):
    ws = make_workspace(tmp_path, {"content/a.yaml": "title: T\nexcerpts:\n  - id: a\n    text: !!str 08\n"})
    assert CliRunner().invoke(cli, ["-w", str(ws), "excerpts"]).exit_code == 0


def test_deep_nesting_is_refused_before_it_exhausts_the_composer(tmp_path):
    text = "title: T\nexcerpts:\n  - id: a\n    text: hi\n    tags: " + "[" * 990 + "]" * 990 + "\n"
    assert lint(tmp_path, text).startswith("Error: content/a.yaml:5: nests more than 20 levels deep")


def test_too_many_excerpts_or_bytes_are_refused(tmp_path):
    many = "title: Big\nexcerpts:\n" + "".join(f"  - id: e{i}\n    text: text {i}\n" for i in range(5001))
    assert "holds 5001 excerpts, more than the 5000 a collection may hold (split it into several " \
        "collections in content/)" in lint(tmp_path / "many", many)
    big = SAMPLE + "# " + "x" * (5 * 1024 * 1024) + "\n"
    assert "is 5.0 MB, more than the 5 MB a collection may hold" in lint(tmp_path / "big", big)
