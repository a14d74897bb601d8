"""The CLI as a user meets it: output, exit status, help, and no needless heavy imports."""

from __future__ import annotations

import json
import subprocess
import sys

import click
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import REPO, make_workspace


def _commands(group: click.Group, prefix=()):
    for name, cmd in group.commands.items():
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + (name,))


def test_every_command_has_help_with_an_example():
    runner = CliRunner()
    for path, cmd in _commands(cli):
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, path
        assert "Example:" in result.output and f"presswork {path[0]}" in result.output, path
        for param in cmd.params:
            if isinstance(param, click.Option):
                assert param.help, f"{' '.join(path)} {param.opts[0]} has no help"


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("presswork 0.")


def test_excerpts_table(run):
    result = run("excerpts")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["id", "date", "source", "words", "tags"]
    assert [ln.split()[0] for ln in lines[2:]] == [
        "2013-06-06-human-life", "2013-07-18-responsibility", "2020-04-life", "2016-zh"]
    assert "red-line" in lines[2] and "2013-06-06" in lines[2]


def test_excerpts_json_has_exactly_the_documented_keys(run):
    result = run("excerpts", "--json", "-t", "red-line")
    rows = json.loads(result.output)
    assert [r["id"] for r in rows] == ["2013-06-06-human-life", "2020-04-life"]
    assert set(rows[0]) == {"collection", "id", "date", "source", "tags", "words", "text"}
    assert rows[1]["date"] == "2020-04" and rows[0]["collection"] == "sample"
    assert rows[0]["words"] == 16


def test_selection_filters(run):
    ids = lambda *a: [r["id"] for r in json.loads(run("excerpts", "--json", *a).output)]  # noqa: E731
    assert ids("--since", "2013-07", "--until", "2016") == ["2013-07-18-responsibility", "2016-zh"]
    assert ids("-s", "MOUNT TAI") == ["2020-04-life"]
    assert ids("-s", "safe production") == ["2020-04-life"]  # source is searched too
    assert ids("-e", "2020-04-life", "-e", "2013-06-06-human-life") == ["2020-04-life", "2013-06-06-human-life"]
    assert ids("-e", "2020-04-life", "-e", "2013-06-06-human-life", "-t", "red-line") == [
        "2020-04-life", "2013-06-06-human-life"]


def test_empty_selection_says_what_was_asked(run):
    result = run("excerpts", "-t", "nothing-like-this", "--since", "2014")
    assert result.exit_code == 1
    assert "Error: nothing matches tag 'nothing-like-this', since 2014" in result.output


def test_show_passage_and_bad_references(run):
    result = run("show", "2013-07-18-responsibility:2:2-3")
    assert result.exit_code == 0
    assert result.output.splitlines()[1] == "July 18, 2013, Speech on work safety"
    assert result.output.rstrip().endswith('Then he writes "all clear." He leaves!')
    assert "Mr. Smith" not in result.output
    bad = run("show", "2013-07-18-responsibility:4")
    assert bad.exit_code == 1
    assert "excerpt '2013-07-18-responsibility' has 3 paragraphs; paragraph 4 does not exist (use 1-3)" in bad.output
    bad = run("show", "2013-07-18-responsibility:2:2-9")
    assert "has 3 sentences; sentences 2-9 are out of range (use a range within 1-3)" in bad.output
    bad = run("show", "2013-07-18-responsibilty")
    assert "no excerpt '2013-07-18-responsibilty' (did you mean 2013-07-18-responsibility?)" in bad.output


def test_show_chinese_date(run):
    result = run("show", "2016-zh:1:1")
    assert result.output.splitlines()[1] == "2016年，重要讲话"
    assert result.output.rstrip().endswith("人命关天，发展决不能以牺牲人的生命为代价。")


def test_bad_content_reports_every_problem_without_traceback(tmp_path):
    ws = make_workspace(tmp_path, {"content/bad.yaml": (
        "title: Bad\nexcerpts:\n  - id: a\n    date: 2001-02-30\n    text: x\n"
        "  - id: b\n    date: 2013-13\n    colour: red\n    text: y\n  - date: 2013\n")})
    result = CliRunner().invoke(cli, ["-w", str(ws), "excerpts"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines == [
        "Error: content/bad.yaml:4: excerpt 'a': date '2001-02-30' is not a day of February 2001 (it has 28 days)",
        "Error: content/bad.yaml:7: excerpt 'b': date '2013-13' has no month 13 (use YYYY-MM with 01-12)",
        "Error: content/bad.yaml:8: excerpt 'b': unknown key 'colour' "
        "(known keys: id, date, source, tags, pull_quote, lang, text, translation, "
            "translation_source)",
        "Error: content/bad.yaml:10: an excerpt has no `id` (add `id: YYYY-MM-DD-first-words`)",
        "Error: content/bad.yaml:10: an excerpt has no `text` (add `text: |` followed by the indented quotation)",
    ]
    assert "Traceback" not in result.output


def test_usage_error_exits_2(run):
    assert run("excerpts", "--no-such-option").exit_code == 2


def test_not_a_workspace(tmp_path):
    result = CliRunner().invoke(cli, ["-w", str(tmp_path), "excerpts"])
    assert result.exit_code == 1
    assert "has no content/ folder (run presswork in a folder that holds content/*.yaml" in result.output


def test_lint_finds_what_would_print_wrong(tmp_path):
    ws = make_workspace(tmp_path, {"content/x.yaml": (
        "title: X\nexcerpts:\n"
        "  - id: a\n    date: 2013\n    source: s\n    text: \"Life < unk > first.\"\n"
        "  - id: b\n    text: \"bidi \\u202E here and \\x01 control\"\n"
        "  - id: c\n    date: 2013\n    source: s\n    text: \"Life < unk > first.\"\n"
        "    pull_quote: " + " ".join(["word"] * 30) + "\n")})
    result = CliRunner().invoke(cli, ["-w", str(ws), "lint"])
    assert result.exit_code == 1
    out = result.output
    assert "content/x.yaml:3: error: excerpt 'a' text holds extraction debris '< unk >' (delete it)" in out
    assert "content/x.yaml:7: error: excerpt 'b' text holds control character U+0001" in out
    assert "content/x.yaml:7: error: excerpt 'b' text holds bidi control U+202E" in out
    assert "content/x.yaml:7: warning: excerpt 'b' has no date" in out
    assert "content/x.yaml:7: warning: excerpt 'b' has no source" in out
    assert "content/x.yaml:9: error: excerpt 'c' repeats the text of 'a' in content/x.yaml" in out
    assert "content/x.yaml:9: warning: excerpt 'c' pull_quote has 30 words" in out
    assert out.rstrip().endswith("1 collection(s), 3 excerpt(s): 5 error(s), 3 warning(s)")


def test_lint_clean_and_strict(run, workspace):
    assert run("lint").exit_code == 0
    (workspace / "content/sample.yaml").write_text(
        "title: T\nexcerpts:\n  - id: a\n    text: no date here\n", encoding="utf-8")
    assert run("lint").exit_code == 0
    assert run("lint", "--strict").exit_code == 1


def test_lightweight_commands_do_not_import_renderers(workspace):
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom generator.cli import cli\n"
        f"for args in (['--help'], ['-w', {str(workspace)!r}, 'excerpts'], ['-w', {str(workspace)!r}, 'lint']):\n"
        "    r = CliRunner().invoke(cli, args)\n    assert r.exit_code == 0, r.output\n"
        "heavy = [m for m in ('weasyprint', 'docx', 'pypdfium2') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_python_dash_m_generator():
    out = subprocess.run([sys.executable, "-m", "generator", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("presswork ")


def test_page_size_errors(run):
    result = run("handout", "--size", "500x700mm")
    assert result.exit_code == 1
    assert "Error: --size 500x700mm: a handout comes in set sizes only (use one of: A4, letter, A5)" in result.output
    result = run("poster", "-e", "2020-04-life", "--size", "B7")
    assert result.exit_code == 1 and "--size 'B7' is not a page size" in result.output
    result = run("bulletin", "--size", "A5")
    assert "--size A5 is not offered for a bulletin (use one of: A3, A2, A4)" in result.output


SEED = REPO / "content" / "sources" / "safety-production-month.txt"


def test_import_writes_a_collection_and_never_overwrites_without_force(run, workspace):
    result = run("import", str(SEED))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == ("Wrote content/safety-production-month.yaml: 3 excerpt(s), "
                                     "2 intro paragraph(s), 0 outro paragraph(s)")
    assert "Warning: " in result.stderr and "unk" in result.stderr  # the debris it removed, by line
    written = workspace / "content" / "safety-production-month.yaml"
    before = written.read_text(encoding="utf-8")
    assert "< unk >" not in before
    again = run("import", str(SEED))
    assert again.exit_code == 1
    assert "content/safety-production-month.yaml already exists (pass --force to replace it" in again.output
    written.write_text(before + "# edited by hand\n", encoding="utf-8")
    assert run("import", str(SEED)).exit_code == 1
    assert written.read_text(encoding="utf-8").endswith("# edited by hand\n")
    assert run("import", str(SEED), "--force").exit_code == 0
    assert written.read_text(encoding="utf-8") == before
    listed = json.loads(run("excerpts", "--json", "--collection", "safety-production-month").output)
    assert [r["date"] for r in listed] == ["2013-06-06", "2013-07-18", "2020-04"]


def test_import_of_something_that_is_not_an_article(run, tmp_path):
    article = tmp_path / "notes.txt"
    article.write_text("Just a paragraph.\n\nAnd another, with no attribution at all.\n", encoding="utf-8")
    result = run("import", str(article))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: {article}")


def test_a_failed_render_leaves_the_last_good_output(run, workspace):
    out = workspace / "output" / "poster.pdf"
    assert run("poster", "-e", "2020-04-life", "-o", str(out)).exit_code == 0
    good = out.read_bytes()
    (workspace / "templates").mkdir()
    (workspace / "templates" / "poster.html.j2").write_text(
        '{% extends "builtin:poster.html.j2" %}{% block footer %}<img src="file:///etc/hostname">{% endblock %}',
        encoding="utf-8")
    result = run("poster", "-e", "2020-04-life", "-o", str(out))
    assert result.exit_code == 1 and "blocked a fetch" in result.output
    assert out.read_bytes() == good
    assert [p.name for p in out.parent.iterdir()] == ["poster.pdf"]  # no temporary file left behind


def test_several_collections_need_a_choice_for_handouts_and_ids_must_be_unambiguous(run, workspace):
    (workspace / "content" / "other.yaml").write_text(
        "title: Other\nexcerpts:\n  - id: 2020-04-life\n    text: Same id, another collection.\n", encoding="utf-8")
    result = run("handout", "-o", str(workspace / "h.pdf"))
    assert result.exit_code == 1
    assert "the workspace has several collections (other, sample) (choose one with --collection NAME)" in result.output
    result = run("show", "2020-04-life")
    assert result.exit_code == 1 and "is in several collections (other, sample)" in result.output
    assert run("show", "2020-04-life", "--collection", "other").output.rstrip().endswith("another collection.")
    listed = run("excerpts")
    assert listed.output.splitlines()[0].split()[:2] == ["collection", "id"]
