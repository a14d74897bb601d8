"""`presswork init`, `eject` and `list`: a new workspace that builds, built-ins out for editing, what is available."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.campaign.config import CAMPAIGN_KEYS, ENTRY_KEYS, LANG_TABLE_KEYS, SELECTION_KEYS, read_config
from generator.campaign.plan import plan_build
from generator.campaign.scaffold import config_text
from generator.cli import cli
from generator.content.workspace import Workspace
from generator.materials.options import options_for
from generator.materials.page import ALLOWED_SIZES, PAGE_SIZES
from generator.materials.themes import load_theme
from generator.resources import BUILTIN_DIR, Resources, builtin_names
from tests.pdf_checks import flat, page_sizes, page_texts

A3_LANDSCAPE, A3_PORTRAIT = (1191, 842), (842, 1191)
COMMENTED_KEY = re.compile(r"^# ([a-z_]+) = ")


def presswork(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A workspace made by `presswork init`, then built once: (folder, init result, build result)."""
    ws = tmp_path_factory.mktemp("campaign") / "fire-safety-month"
    made = presswork("init", str(ws))
    assert made.exit_code == 0, made.output
    result = presswork("-w", str(ws), "build")
    return ws, made, result


def _table(output: str) -> list[list[str]]:
    """The rows of a format_table, split on its column gaps (two spaces or more)."""
    lines = output.splitlines()
    if lines and re.fullmatch(r"\d+ written, \d+ up to date.*", lines[-1]):
        lines = lines[:-1]  # build's summary line
    return [re.split(r"\s{2,}", line.strip()) for line in lines[2:] if line.strip()]


# --- init ------------------------------------------------------------------------------------


def test_init_writes_a_workspace_and_says_what_it_wrote(built):
    ws, made, _ = built
    wrote = [line.removeprefix("Wrote ") for line in made.output.splitlines() if line.startswith("Wrote ")]
    assert {Path(p).relative_to(ws).as_posix() for p in wrote} == {
        "presswork.toml", ".gitignore", "content/fire-safety.yaml", "content/fire-safety-zh.yaml",
        "content/sources/ladders-and-lifting.txt"}
    assert all(Path(p).is_file() for p in wrote)
    assert "output/" in (ws / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert f"presswork -w {ws} build" in made.output


def test_the_sample_collections_pass_lint_strictly_and_one_is_chinese(built):
    ws, _, _ = built
    result = presswork("-w", str(ws), "lint", "--strict")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("2 collection(s), 8 excerpt(s): 0 error(s), 0 warning(s)")
    rows = json.loads(presswork("-w", str(ws), "excerpts", "--json").output)
    by_collection = {r["collection"] for r in rows}
    assert by_collection == {"fire-safety", "fire-safety-zh"}
    zh = [r for r in rows if r["collection"] == "fire-safety-zh"]
    assert zh and all(re.search(r"[\u4e00-\u9fff]", r["text"]) for r in zh)
    assert "lang: zh" in (ws / "content/fire-safety-zh.yaml").read_text(encoding="utf-8")
    # written for presswork, not copied from the shipped campaign
    shipped = (Path(__file__).parent.parent / "content/safety-production-month.yaml").read_text(encoding="utf-8")
    assert not any(r["text"][:40] in shipped for r in rows)


def test_build_works_in_the_new_workspace_with_no_edits(built):
    ws, _, result = built
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.stderr
    rows = _table(result.stdout)
    files = {row[0]: int(row[2]) if row[2] != "-" else None for row in rows}
    assert all((ws / f).is_file() for f in files)

    english = json.loads(presswork("-w", str(ws), "excerpts", "--json", "--collection", "fire-safety").output)
    posters = sorted(f for f in files if f.startswith("output/poster-") and f.endswith(".pdf"))
    assert posters == sorted(f"output/poster-{r['id']}.pdf" for r in english)
    for poster in posters:
        pdf = (ws / poster).read_bytes()
        assert page_sizes(pdf) == [A3_PORTRAIT]
    pull = flat(page_texts((ws / posters[0]).read_bytes())[0])
    assert any(_pull_quote(ws, r["id"]) in pull for r in english)

    handout = (ws / "output/handout.pdf").read_bytes()
    texts = page_texts(handout)
    assert len(texts) == files["output/handout.pdf"] >= 2
    sign_in = tomllib.loads((ws / "presswork.toml").read_text(encoding="utf-8"))["materials"][1]["sign_in"]
    assert "Sign-in sheet" in texts[-1] and "Sign-in sheet" not in texts[0]
    assert str(sign_in) in texts[-1].split() and str(sign_in + 1) not in texts[-1].split()
    assert (ws / "output/handout.docx").is_file()

    bulletin = (ws / "output/bulletin.pdf").read_bytes()
    assert page_sizes(bulletin) == [A3_LANDSCAPE]  # short content: one sheet
    text = flat(page_texts(bulletin)[0])
    assert "消防安全 人人有责" in text and "第1期" in text and "通道畅通 人人平安" in text
    assert {"output/bulletin.png", "output/bulletin.docx"} <= set(files)


def _pull_quote(ws: Path, excerpt_id: str) -> str:
    import yaml

    data = yaml.safe_load((ws / "content/fire-safety.yaml").read_text(encoding="utf-8"))
    return next(e["pull_quote"] for e in data["excerpts"] if e["id"] == excerpt_id)


def test_the_sample_article_imports_and_the_build_still_knows_its_collections(tmp_path):
    ws = tmp_path / "ws"
    presswork("init", str(ws))
    result = presswork("-w", str(ws), "import", str(ws / "content/sources/ladders-and-lifting.txt"))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # nothing it could not place
    assert re.match(r"Wrote content/ladders-and-lifting.yaml: 3 excerpt\(s\), \d intro", result.stdout)
    assert presswork("-w", str(ws), "lint").exit_code == 0
    listed = presswork("-w", str(ws), "list", "materials")
    assert listed.exit_code == 0, listed.output  # each material names its collection


def test_init_twice_keeps_every_file_and_force_overwrites(tmp_path):
    ws = tmp_path / "ws"
    first = presswork("init", str(ws))
    config = ws / "presswork.toml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original + "# my edit\n", encoding="utf-8")
    written = sorted(line.removeprefix("Wrote ") for line in first.output.splitlines() if line.startswith("Wrote"))

    again = presswork("init", str(ws))
    assert again.exit_code == 0
    assert "Wrote" not in again.output
    skipped = sorted(re.findall(r"^Skipped (.+): it exists \(pass --force to overwrite it\)$", again.output, re.M))
    assert skipped == written
    assert config.read_text(encoding="utf-8").endswith("# my edit\n")

    forced = presswork("init", "--force", str(ws))
    assert sorted(line.removeprefix("Wrote ") for line in forced.output.splitlines()
                  if line.startswith("Wrote")) == written
    assert config.read_text(encoding="utf-8") == original


def test_init_without_a_folder_starts_the_workspace_given_with_w(tmp_path):
    result = presswork("-w", str(tmp_path), "init")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "presswork.toml").is_file() and (tmp_path / "content/fire-safety.yaml").is_file()


def test_init_into_a_file_is_an_error(tmp_path):
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "taken")])
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_init_and_list_do_not_import_renderers(tmp_path):
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom generator.cli import cli\n"
        f"for args in (['init', {str(tmp_path / 'ws')!r}], ['list', 'themes'], ['list', 'sizes']):\n"
        "    r = CliRunner().invoke(cli, args)\n    assert r.exit_code == 0, r.output\n"
        "heavy = [m for m in ('weasyprint', 'docx', 'pypdfium2') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)


# --- the sample presswork.toml ----------------------------------------------------------------


def test_the_sample_config_shows_every_key_with_its_help():
    text = config_text()
    campaign, *entries = re.split(r"(?m)^\[\[materials\]\]$", text)
    campaign, zh = re.split(r"(?m)^\[campaign\]$", campaign)[1].split("[campaign.zh]")
    for key in CAMPAIGN_KEYS:
        assert len(re.findall(rf"^(# )?{key} = ", campaign, re.M)) == 1, key
    for key in LANG_TABLE_KEYS:
        assert len(re.findall(rf"^(# )?{key} = ", zh, re.M)) == 1, key
    kinds = [tomllib.loads(e)["kind"] for e in entries]
    assert sorted(kinds) == ["bulletin", "handout", "poster"]
    for kind, entry in zip(kinds, entries):
        keys = [*ENTRY_KEYS, *SELECTION_KEYS] + [o.name for o in options_for(kind)]
        found = re.findall(r"^(?:# )?([a-z_]+) = ", entry, re.M)
        assert sorted(found) == sorted(keys), kind
        for option in options_for(kind):
            assert f"# {option.help}" in entry, (kind, option.name)
            if option.range:
                assert f"{option.range[0]} to {option.range[1]}" in entry


def test_the_sample_config_is_valid_and_every_commented_line_can_be_uncommented(tmp_path):
    presswork("init", str(tmp_path))
    config = tmp_path / "presswork.toml"
    text = config.read_text(encoding="utf-8")
    ws = Workspace.open(tmp_path)
    assert read_config(ws).problems == ()
    lines = text.splitlines()
    commented = [i for i, line in enumerate(lines) if COMMENTED_KEY.match(line)]
    assert len(commented) > 30

    everything = "\n".join(line[2:] if i in commented else line for i, line in enumerate(lines))
    config.write_text(everything, encoding="utf-8")
    assert read_config(Workspace.open(tmp_path)).problems == ()

    for i in commented:  # one at a time, each still plans: its example selects real excerpts
        config.write_text("\n".join(lines[:i] + [lines[i][2:]] + lines[i + 1:]), encoding="utf-8")
        ws = Workspace.open(tmp_path)
        assert plan_build(ws, read_config(ws)), lines[i]


# --- eject -------------------------------------------------------------------------------------


def test_eject_a_template_edit_it_and_see_it_used(tmp_path):
    presswork("init", str(tmp_path))
    result = presswork("-w", str(tmp_path), "eject", "poster.html.j2")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Wrote templates/poster.html.j2"
    ejected = tmp_path / "templates/poster.html.j2"
    assert ejected.read_bytes() == (BUILTIN_DIR / "poster.html.j2").read_bytes()
    assert Resources.for_workspace(tmp_path / "templates").locate("poster.html.j2") == ejected.resolve()

    text = ejected.read_text(encoding="utf-8")
    edited = text.replace('<h1 class="headline"', '<p class="ours">Ejected and edited</p><h1 class="headline"')
    assert edited != text
    ejected.write_text(edited, encoding="utf-8")
    ref = tomllib.loads(config_text())["materials"][0]
    excerpt = json.loads(presswork("-w", str(tmp_path), "excerpts", "--json", "--collection",
                                   ref["collection"]).output)[0]["id"]
    args = ["-w", str(tmp_path), "poster", "--collection", ref["collection"], "-e", excerpt]
    html = presswork(*args, "-o", str(tmp_path / "p.html"))
    assert html.exit_code == 0, html.output
    assert '<p class="ours">Ejected and edited</p>' in (tmp_path / "p.html").read_text(encoding="utf-8")
    pdf = presswork(*args, "-o", str(tmp_path / "p.pdf"))
    assert pdf.exit_code == 0, pdf.output
    assert "Ejected and edited" in flat(page_texts((tmp_path / "p.pdf").read_bytes())[0])

    again = presswork("-w", str(tmp_path), "eject", "poster.html.j2")
    assert again.exit_code == 0
    assert again.output.startswith("Skipped templates/poster.html.j2: it exists")
    assert ejected.read_text(encoding="utf-8") == edited


def test_eject_everything_and_unknown_names(tmp_path):
    bad = CliRunner().invoke(cli, ["-w", str(tmp_path), "eject", "poster.html.j2", "posterr.html.j2", "themes/x"])
    assert bad.exit_code == 1
    errors = bad.output.splitlines()
    assert [e.split(" (")[0] for e in errors] == ["Error: no built-in resource 'posterr.html.j2'",
                                                   "Error: no built-in resource 'themes/x'"]
    assert "themes/mono.toml" in errors[0] and "reference.docx" in errors[0]
    assert not (tmp_path / "templates").exists()  # nothing copied when a name is wrong

    (tmp_path / "templates/themes").mkdir(parents=True)
    (tmp_path / "templates/themes/mono.toml").write_text("# mine\n", encoding="utf-8")
    result = presswork("-w", str(tmp_path), "eject")
    assert result.exit_code == 0
    wrote = [line.removeprefix("Wrote templates/") for line in result.output.splitlines() if line.startswith("Wrote")]
    assert sorted(wrote + ["themes/mono.toml"]) == builtin_names()
    assert "Skipped templates/themes/mono.toml: it exists" in result.output
    assert (tmp_path / "templates/themes/mono.toml").read_text(encoding="utf-8") == "# mine\n"
    assert (tmp_path / "templates/reference.docx").read_bytes() == (BUILTIN_DIR / "reference.docx").read_bytes()


# --- list ------------------------------------------------------------------------------------


def test_list_themes_from_the_workspace_and_the_built_ins(tmp_path):
    resources = Resources.for_workspace(tmp_path / "templates")
    result = presswork("-w", str(tmp_path), "list", "themes")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split() == ["theme", "description", "from"]
    rows = _table(result.output)
    assert [r[0] for r in rows] == resources.theme_names()
    for name, description, where in rows:
        assert description == load_theme(name, resources).description and where == "built-in"

    themes = tmp_path / "templates/themes"
    themes.mkdir(parents=True)
    mono = (BUILTIN_DIR / "themes/mono.toml").read_text(encoding="utf-8")
    (themes / "ours.toml").write_text(re.sub(r'(?m)^description = .*$', 'description = "Our own look"', mono),
                                      encoding="utf-8")
    rows = _table(presswork("-w", str(tmp_path), "list", "themes").output)
    assert ["ours", "Our own look", "workspace"] in rows

    (themes / "broken.toml").write_text("description = 'half'\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["-w", str(tmp_path), "list", "themes"])
    assert result.exit_code == 1
    assert "ours" in result.stdout
    assert "Error: templates/themes/broken.toml: [colors] lacks 'ink'" in result.stderr


def test_list_sizes():
    result = presswork("list", "sizes")
    assert result.exit_code == 0
    rows = {r[0]: r for r in _table(result.output)}
    assert set(PAGE_SIZES) <= set(rows)
    for name, (w, h) in PAGE_SIZES.items():
        assert rows[name][1] == f"{w:g} × {h:g} mm"
        for kind, allowed in ALLOWED_SIZES.items():
            assert (kind in rows[name][2]) == (allowed is None or name in allowed), (name, kind)
    assert "handout (portrait)" in rows["A4"][3] and "bulletin (landscape)" in rows["A3"][3]
    assert rows["WxHmm, WxHin"][2] == "poster"


def test_list_materials_shows_the_files_a_build_writes(built):
    ws, _, build = built
    result = presswork("-w", str(ws), "list", "materials")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split() == ["material", "kind", "page", "outputs", "files"]
    rows = _table(result.output)
    named = [r for r in rows if len(r) == 5]
    config = tomllib.loads((ws / "presswork.toml").read_text(encoding="utf-8"))
    assert [(r[0], r[1], r[3]) for r in named] == [
        (m["name"], m["kind"], ", ".join(m["outputs"])) for m in config["materials"]]
    assert [r[2] for r in named] == [f"{m['size']} {'landscape' if m.get('landscape') else 'portrait'}"
                                     for m in config["materials"]]
    assert [r[-1] for r in rows] == [row[0] for row in _table(build.stdout)]


def test_list_materials_reports_every_problem_like_build(tmp_path):
    presswork("init", str(tmp_path))
    config = tmp_path / "presswork.toml"
    text = config.read_text(encoding="utf-8").replace("sign_in = 20", "sign_in = 900").replace(
        'size = "A3"\n# Page orientation', 'size = "B7"\n# Page orientation', 1)
    config.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    result = CliRunner().invoke(cli, ["-w", str(tmp_path), "list", "materials"])
    assert result.exit_code == 1
    size_line = lines.index('size = "B7"') + 1
    sign_line = lines.index("sign_in = 900") + 1
    errors = result.output.splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(f"Error: presswork.toml:{size_line}: material 'poster': size: 'B7' ")
    assert errors[1].startswith(f"Error: presswork.toml:{sign_line}: material 'handout': sign_in: 900 ")


def test_init_refuses_a_folder_that_already_holds_collections(tmp_path):
    from tests.conftest import SAMPLE, make_workspace

    ws = make_workspace(tmp_path / "old", {"content/mine.yaml": SAMPLE})
    result = CliRunner().invoke(cli, ["init", str(ws)])
    assert result.exit_code == 1
    assert "already holds collections (mine.yaml); init starts a new workspace" in result.output
    assert sorted(p.name for p in (ws / "content").iterdir()) == ["mine.yaml"]
    assert not (ws / "presswork.toml").exists()


def test_build_in_a_folder_without_presswork_toml_says_to_init(tmp_path):
    result = CliRunner().invoke(cli, ["-w", str(tmp_path), "build"])
    assert result.exit_code == 1
    assert f"Error: no presswork.toml in {tmp_path.resolve()} (run `presswork init` to start a campaign there" in result.output
