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


def _render(tmp_path, *args, files=None):
    ws = make_workspace(tmp_path, {"content/s.yaml": SAMPLE, **(files or {})})
    result = CliRunner().invoke(cli, ["-w", str(ws), *args])
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    return ws, result


def test_a_qr_link_too_long_for_any_code_is_a_clear_error(tmp_path):
    _, result = _render(tmp_path, "poster", "-e", "2020-04-life", "--qr", "https://example.org/" + "x" * 3000)
    assert result.exit_code == 1
    assert "--qr is 3020 bytes long; the largest QR code holds 2331 (link to a shorter address" in result.output


def test_a_png_too_large_to_hold_in_memory_names_dpi_and_size(tmp_path):
    ws, result = _render(tmp_path, "poster", "-e", "2020-04-life", "--size", "5000x5000mm", "--dpi", "600",
                         "-o", "big.png")
    assert result.exit_code == 1
    assert "a PNG of this 5000 × 5000 mm page at 600 dpi would be 13950 megapixels" in result.output
    assert "use --dpi 62 or less, a smaller --size, or PDF output" in result.output


def test_a_malformed_data_url_is_named_as_such(tmp_path):
    css = "body { background: url('data:image/png;base64') }"
    _, result = _render(tmp_path, "poster", "-e", "2020-04-life", "-o", "p.pdf", files={"templates/base.css": css})
    assert result.exit_code == 1 and "a data: URL is malformed" in result.output


def test_emoji_get_advice_that_can_work(tmp_path):
    text = SAMPLE.replace("Life is more important than Mount Tai.", "Life is more important than Mount Tai. 🔥")
    ws = make_workspace(tmp_path, {"content/s.yaml": text})
    result = CliRunner().invoke(cli, ["-w", str(ws), "poster", "-e", "2020-04-life", "-o", "p.pdf"])
    assert result.exit_code == 1
    assert ("no installed font has these characters: U+1F525 '🔥' (presswork prints with text fonts, which have no "
            "emoji or pictographs: remove them from the text)") in result.output


def test_file_names_that_windows_reserves_are_made_safe():
    from generator.content.text import slugify

    assert slugify("CON") == "con-file" and slugify("nul") == "nul-file" and slugify("Console") == "console"


def test_an_output_name_that_is_a_folder_is_refused_not_filled_with_pngs(tmp_path):
    ws = make_workspace(tmp_path, {"content/s.yaml": SAMPLE})
    (ws / "report.pdf").mkdir()
    result = CliRunner().invoke(cli, ["-w", str(ws), "poster", "-e", "2020-04-life", "-o", str(ws / "report.pdf")])
    assert result.exit_code == 1 and "is a folder, not a .pdf file" in result.output
    assert list((ws / "report.pdf").iterdir()) == []


def test_material_names_windows_reserves_or_too_long_are_refused(tmp_path):
    config = '[[materials]]\nname = "con"\nkind = "handout"\n\n[[materials]]\nname = "' + "x" * 120 + \
        '"\nkind = "handout"\n'
    ws = make_workspace(tmp_path, {"content/s.yaml": SAMPLE, "presswork.toml": config})
    result = CliRunner().invoke(cli, ["-w", str(ws), "build"])
    assert result.exit_code == 1
    assert "presswork.toml:2: material 'con': name: cannot name a file everywhere (Windows reserves it)" in result.output
    assert "name: cannot name a file everywhere (longer than 100 characters)" in result.output
