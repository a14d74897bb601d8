"""Mail merge: one material per CSV/XLSX row, placeholders, option columns, row-numbered errors, nothing written on failure."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from generator.campaign import data_files, merge
from generator.campaign.config import read_config
from generator.campaign.plan import plan_build
from generator.cli import cli
from generator.content.workspace import Workspace
from tests.conftest import SAMPLE, make_workspace
from tests.pdf_checks import flat, page_texts

DATA = Path(__file__).parent / "data"
UNITS = ["North Works", "South Yard", "East Depot", "West Wharf", "Hill Plant"]
HEAD = '[campaign]\ntitle = "Fire Safety Week"\n\n'
POSTER = HEAD + """\
[[materials]]
name = "poster-{unit}"
kind = "poster"
excerpts = ["2020-04-life"]
data = "content/units.csv"
org = "{unit} · Safety Office"
headline = "Stay safe, {unit}"
qr = "https://example.org/{code}"
"""


def workspace(tmp_path: Path, config: str, **files: str) -> Path:
    ws = make_workspace(tmp_path, {"content/s.yaml": SAMPLE, "presswork.toml": config, **files})
    shutil.copy(DATA / "units.csv", ws / "content" / "units.csv")
    return ws


def invoke(ws: Path, *args: str):
    return CliRunner().invoke(cli, ["-w", str(ws), *args])


def plan(ws: Path):
    workspace_ = Workspace.open(ws)
    return plan_build(workspace_, read_config(workspace_))


def pdf_text(path: Path) -> str:
    return flat(" ".join(page_texts(path.read_bytes())))


def xlsx(path: Path, rows: list[list], sheet: str = "Units", first: str | None = "Notes") -> Path:
    book = openpyxl.Workbook()
    if first:
        book.active.title = first
        book.active.append(["not", "this", "sheet"])
        table = book.create_sheet(sheet)
    else:
        table = book.active
        table.title = sheet
    for row in rows:
        table.append(row)
    book.save(path)
    return path


def test_a_csv_and_an_xlsx_give_one_file_per_row_each_with_its_units_text(tmp_path):
    config = POSTER + """
[[materials]]
name = "depot-{site}"
kind = "poster"
excerpts = ["2013-06-06-human-life"]
data = "content/sites.xlsx"
sheet = "Units"
size = "A4"
org = "{site} ({code})"
"""
    ws = workspace(tmp_path, config)
    xlsx(ws / "content" / "sites.xlsx", [["site", "code"], ["Dock Four", 4], ["Quarry", 5.0], ["Yard Nine", "q9"]])
    result = invoke(ws, "build")
    assert result.exit_code == 0, result.output
    names = [f"poster-{u.lower().replace(' ', '-')}.pdf" for u in UNITS] + \
        ["depot-dock-four.pdf", "depot-quarry.pdf", "depot-yard-nine.pdf"]
    assert sorted(p.name for p in (ws / "output").glob("*.pdf")) == sorted(names)
    for unit in UNITS:
        text = pdf_text(ws / "output" / f"poster-{unit.lower().replace(' ', '-')}.pdf")
        assert f"{unit} · Safety Office" in text and f"Stay safe, {unit}" in text
        assert "Life is more important than Mount Tai." in text
        assert not any(other in text for other in UNITS if other != unit)
    for site, code in (("Dock Four", "4"), ("Quarry", "5"), ("Yard Nine", "q9")):
        text = pdf_text(ws / "output" / f"depot-{site.lower().replace(' ', '-')}.pdf")
        assert f"{site} ({code})" in text and "Human life is at stake." in text


def test_placeholders_fill_org_headline_and_qr_and_the_row_travels_with_the_material(tmp_path):
    targets = plan(workspace(tmp_path, POSTER))
    assert [t.material.qr for t in targets] == [f"https://example.org/{c}" for c in ("n1", "s2", "e3", "w4", "h5")]
    first = targets[0].material
    assert (first.organisation, first.headline) == ("North Works · Safety Office", "Stay safe, North Works")
    assert first.row == {"unit": "North Works", "code": "n1", "hotline": "555-0101"}
    assert [t.row for t in targets] == [2, 3, 4, 5, 6] and targets[0].data == "content/units.csv"


def test_bad_rows_are_all_reported_with_their_row_numbers_with_the_toml_problems_and_nothing_is_written(tmp_path):
    config = HEAD + """\
[[materials]]
name = "handout-{unit}"
kind = "handout"
data = "content/bad.csv"
venue = "Room {room}"

[[materials]]
name = "poster"
kind = "poster"
excerpts = ["2020-04-life"]
colour = "red"
"""
    bad = "unit,code,sign_in,theme\nNorth Works,n1,5,mono\n,s2,,\nEast Depot,e3,lots,\n\nWest Wharf,w4,900,neon\n"
    ws = workspace(tmp_path, config, **{"content/bad.csv": bad})
    result = invoke(ws, "build")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: presswork.toml:14: material 'poster': colour: unknown key (did you mean columns?)",
        "Error: content/bad.csv:1: column 'room': is not in the header, and material 'handout-{unit}' uses it in "
        "venue (the columns are: unit, code, sign_in, theme)",
        "Error: content/bad.csv:3: column 'unit': is empty, and material 'handout-{unit}' uses it in name "
        "(fill it in, or delete the row)",
        "Error: content/bad.csv:4: column 'sign_in': 'lots' is not a whole number (use 0 to 500)",
        "Error: content/bad.csv:6: column 'sign_in': 900 is out of range (use 0 to 500)",
        "Error: content/bad.csv:6: column 'theme': no theme 'neon' (use one of: calm, civic, hazard, mono, safety)",
    ]
    assert not (ws / "output").exists()


def test_a_failed_merge_leaves_an_earlier_build_as_it_was(tmp_path):
    ws = workspace(tmp_path, POSTER.replace('qr = "https://example.org/{code}"\n', '') + 'outputs = ["html"]\n')
    assert invoke(ws, "build").exit_code == 0
    before = {p.name: p.read_bytes() for p in (ws / "output").iterdir()}
    (ws / "content" / "units.csv").write_text("unit,code\nNorth Works,n1\n,s2\n", encoding="utf-8")
    result = invoke(ws, "build")
    assert result.exit_code == 1 and "content/units.csv:3: column 'unit': is empty" in result.output
    assert {p.name: p.read_bytes() for p in (ws / "output").iterdir()} == before


def test_a_csv_with_a_byte_order_mark_and_crlf_lines_reads_its_first_column(tmp_path):
    ws = workspace(tmp_path, POSTER.replace("units.csv", "units-bom.csv"))
    shutil.copy(DATA / "units-bom.csv", ws / "content" / "units-bom.csv")
    targets = plan(ws)
    assert [t.outputs[0][1].name for t in targets] == ["poster-river-mill.pdf", "poster-lake-shed.pdf"]
    assert targets[1].material.organisation == "Lake Shed · Safety Office"


def test_semicolon_csv_and_tsv_are_read_by_their_separator(tmp_path):
    ws = workspace(tmp_path, POSTER)
    (ws / "content" / "units.csv").write_text("unit;code\nLake Shed;l2\n", encoding="utf-8")
    assert plan(ws)[0].material.qr == "https://example.org/l2"
    (ws / "presswork.toml").write_text(POSTER.replace("units.csv", "units.tsv"), encoding="utf-8")
    (ws / "content" / "units.tsv").write_text("unit\tcode\nRiver Mill\tr1\n", encoding="utf-8")
    assert plan(ws)[0].material.qr == "https://example.org/r1"


def test_per_excerpt_materials_merge_units_times_excerpts(tmp_path):
    config = HEAD + """\
[[materials]]
name = "poster-{code}"
kind = "poster"
per_excerpt = true
tags = ["red-line"]
data = "content/units.csv"
org = "{unit}"
outputs = ["html"]
"""
    ws = workspace(tmp_path, config)
    (ws / "content" / "units.csv").write_text("unit,code\nNorth Works,n1\nSouth Yard,s2\n", encoding="utf-8")
    result = invoke(ws, "build")
    assert result.exit_code == 0, result.output
    assert [ln.split()[0] for ln in result.output.splitlines()[2:-1]] == [
        "output/poster-n1-2013-06-06-human-life.html", "output/poster-n1-2020-04-life.html",
        "output/poster-s2-2013-06-06-human-life.html", "output/poster-s2-2020-04-life.html"]
    html = (ws / "output" / "poster-s2-2020-04-life.html").read_text(encoding="utf-8").replace("\u2060", "")
    assert "South Yard" in html and "Mount Tai" in html and "North Works" not in html


def test_a_sign_in_column_sets_it_per_row(tmp_path):
    config = HEAD + '[[materials]]\nname = "handout-{unit}"\nkind = "handout"\ndata = "content/units.csv"\nsign_in = 3\n'
    ws = workspace(tmp_path, config)
    (ws / "content" / "units.csv").write_text("unit,sign_in,notes\nNorth,12,no\nSouth,,\n", encoding="utf-8")
    north, south = (t.material for t in plan(ws))
    assert (north.sign_in, north.notes) == (12, False)
    assert (south.sign_in, south.notes) == (3, True)  # an empty cell keeps the material's own value


def test_an_option_column_a_kind_does_not_take_is_only_data(tmp_path):
    # one spreadsheet for posters and handouts: a poster ignores sign_in, though a template can still read it
    ws = workspace(tmp_path, POSTER)
    (ws / "content" / "units.csv").write_text("unit,code,sign_in\nNorth,n1,lots\n", encoding="utf-8")
    (target,) = plan(ws)
    assert target.material.row["sign_in"] == "lots"


def test_two_rows_writing_one_file_are_an_error_naming_both_rows(tmp_path):
    ws = workspace(tmp_path, POSTER)
    (ws / "content" / "units.csv").write_text("unit,code\nNorth Works,n1\nSouth,s2\nnorth works!,n3\n",
                                              encoding="utf-8")
    result = invoke(ws, "build")
    assert result.exit_code == 1
    assert result.output == (
        "Error: content/units.csv:4: material 'poster-{unit}': writes output/poster-north-works.pdf, which row 2 "
        "writes too (each row needs its own file: put a column whose values differ in name)\n")


@pytest.mark.parametrize("snippet, expected", [
    ('name = "poster"\n', "presswork.toml:7: material 'poster': name: each row needs its own file: put a {column} "
                          "in name (e.g. name = \"poster-{unit}\")"),
    ('name = "Poster {unit}"\n', "presswork.toml:7: material 'Poster {unit}': name: outside its {column}s, must be "
                                 "lower-case letters, digits, '-', '_' or '.'"),
    ('name = "poster-{unit"\n', "presswork.toml:7: material 'poster-{unit': name: the '{' at character 8 is never "
                                "closed (write {{ and }} for a brace that is not a placeholder)"),
    ('name = "p-{unit}"\ndata = "../units.csv"\n',
     "presswork.toml:8: material 'p-{unit}': data: '../units.csv' leads outside the workspace"),
    ('name = "p-{unit}"\ndata = "/etc/passwd.csv"\n',
     "presswork.toml:8: material 'p-{unit}': data: '/etc/passwd.csv' is an absolute path; data must be a file "
     "inside the workspace"),
    ('name = "p-{unit}"\ndata = "content/units.xls"\n',
     "presswork.toml:8: material 'p-{unit}': data: cannot read .xls files (save it as CSV UTF-8 (.csv) or an "
     "Excel workbook (.xlsx))"),
    ('name = "p-{unit}"\ndata = "content/missing.csv"\n',
     "presswork.toml:8: material 'p-{unit}': data: no file content/missing.csv"),
    ('name = "p-{unit}"\nsheet = "Units"\n',
     "presswork.toml:8: material 'p-{unit}': sheet: content/units.csv is a CSV file, which has no sheets"),
    ('name = "p-{unit}"\norg = "{unit} {{"\n', None),
    ('name = "p-{unit}"\norg = "{unit} {"\n',
     "presswork.toml:8: material 'p-{unit}': org: the '{' at character 8 is never closed"),
    ('name = "p-{unit}"\norg = "{unti}"\n',
     "content/units.csv:1: column 'unti': is not in the header, and material 'p-{unit}' uses it in org "
     "(did you mean {unit}? the columns are: unit, code, hotline)"),
])
def test_a_data_material_says_what_is_wrong_where(tmp_path, snippet, expected):
    config = HEAD + '[[materials]]\nkind = "poster"\nexcerpts = ["2020-04-life"]\n' + snippet
    if "data =" not in snippet:
        config += 'data = "content/units.csv"\n'
    ws = workspace(tmp_path, config)
    result = invoke(ws, "list", "materials")  # checks the whole plan, renders nothing
    if expected is None:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {expected}"), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output


def test_placeholders_need_data_and_literal_braces_are_doubled(tmp_path):
    config = HEAD + '[[materials]]\nname = "p"\nkind = "poster"\nexcerpts = ["2020-04-life"]\norg = "{unit}"\n'
    ws = workspace(tmp_path, config)
    result = invoke(ws, "build")
    assert result.exit_code == 1
    assert result.output.startswith("Error: presswork.toml:8: material 'p': org: {unit} is a column of a data file, "
                                    "and there is none (add data = \"content/units.csv\", or write {{ and }}")
    (ws / "presswork.toml").write_text(config.replace('"{unit}"', '"Set {{A}}"'), encoding="utf-8")
    assert plan(ws)[0].material.organisation == "Set {A}"


def test_a_data_file_outside_the_workspace_through_a_link_is_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(DATA / "units.csv", outside / "units.csv")
    ws = workspace(tmp_path / "ws", POSTER.replace("content/units.csv", "content/link.csv"))
    (ws / "content" / "link.csv").symlink_to(outside / "units.csv")
    result = invoke(ws, "build")
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: presswork.toml:8: material 'poster-{unit}': data: 'content/link.csv' leads outside the workspace")


def test_an_oversize_file_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    ws = workspace(tmp_path, POSTER.replace("units.csv", "units.xlsx"))
    with open(ws / "content" / "units.xlsx", "wb") as fh:
        fh.truncate(data_files.MAX_BYTES + 1)  # sparse: no disk, no time

    def never(*args, **kwargs):
        raise AssertionError("an oversize file was handed to openpyxl")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    result = invoke(ws, "build")
    assert result.exit_code == 1
    assert result.output == ("Error: content/units.xlsx: is 20.0 MB, more than the 20 MB a data file may have "
                             "(split it, or keep only the columns you merge)\n")


def test_row_and_column_limits(tmp_path, monkeypatch):
    monkeypatch.setattr(data_files, "MAX_ROWS", 3)
    monkeypatch.setattr(data_files, "MAX_COLUMNS", 2)
    ws = workspace(tmp_path, POSTER)
    result = invoke(ws, "build")
    assert "Error: content/units.csv:1: has 3 columns, more than 2 (keep only the columns you merge)" in result.output
    (ws / "content" / "units.csv").write_text("unit,code\n" + "a,b\n" * 4, encoding="utf-8")
    result = invoke(ws, "build")
    assert "Error: content/units.csv:5: has more than 3 rows (split it into several files)" in result.output


def test_xlsx_formulas_never_calculated_error_cells_and_broken_files_are_clear_errors(tmp_path):
    ws = workspace(tmp_path, POSTER.replace("units.csv", "units.xlsx"))
    xlsx(ws / "content" / "units.xlsx", [["unit", "code"], ["North", "n1"], ["South", '=A3&"2"'],
                                         ["East", "#DIV/0!"]], first=None)
    result = invoke(ws, "build")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: content/units.xlsx:3: column 'code': the formula =A3&\"2\" was never calculated (open the file in "
        "Excel or LibreOffice and save it, or paste the values)",
        "Error: content/units.xlsx:4: column 'code': the cell shows the error #DIV/0! (correct the formula, or type "
        "the value)",
    ]
    (ws / "content" / "units.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    result = invoke(ws, "build")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output == ("Error: content/units.xlsx: cannot be read as an Excel workbook (open it in Excel or "
                             "LibreOffice and save it again as .xlsx, or save it as CSV UTF-8)\n")


def test_a_missing_sheet_is_named_at_its_line(tmp_path):
    ws = workspace(tmp_path, POSTER.replace("units.csv", "units.xlsx") + 'sheet = "Unit"\n')
    xlsx(ws / "content" / "units.xlsx", [["unit", "code"], ["North", "n1"]])
    result = invoke(ws, "build")
    assert result.output == ("Error: presswork.toml:12: material 'poster-{unit}': sheet: content/units.xlsx has no "
                             "sheet 'Unit' (its sheets: Notes, Units)\n")


def test_not_utf8_and_duplicate_headers_are_named(tmp_path):
    ws = workspace(tmp_path, POSTER)
    (ws / "content" / "units.csv").write_bytes("unit,code\nNorth,n1\nSüd,s2\n".encode("latin-1"))
    result = invoke(ws, "build")
    assert result.output == 'Error: content/units.csv:3: is not UTF-8 text (save it as "CSV UTF-8", or as an .xlsx workbook)\n'
    (ws / "content" / "units.csv").write_text("unit,code,unit\nNorth,n1,x\n", encoding="utf-8")
    result = invoke(ws, "build")
    assert result.output == ("Error: content/units.csv:1: column 'unit': is in the header twice (columns A and C) "
                             "(give each column its own name)\n")


def test_data_on_a_single_command_makes_one_file_per_row(tmp_path):
    ws = workspace(tmp_path, HEAD)
    units = str(ws / "content" / "units.csv")
    out = ws / "out"
    result = invoke(ws, "poster", "-e", "2020-04-life", "--data", units, "--org", "{unit} · Safety Office",
                    "-o", f"{out}/poster-{{unit}}.pdf")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"poster-{u.lower().replace(' ', '-')}.pdf" for u in UNITS)
    assert "West Wharf · Safety Office" in pdf_text(out / "poster-west-wharf.pdf")
    # without -o: output/<default name>-<row number>.<format>
    result = invoke(ws, "poster", "-e", "2020-04-life", "--data", units, "--format", "html")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (ws / "output").iterdir()) == [f"poster-2020-04-life-{n}.html" for n in range(2, 7)]


def test_data_on_a_single_command_reports_rows_and_writes_nothing(tmp_path):
    ws = workspace(tmp_path, HEAD)
    units = ws / "content" / "units.csv"
    units.write_text("unit,code,sign_in\nNorth,n1,4\nSouth,,x\nNorth,n3,2\n", encoding="utf-8")
    result = invoke(ws, "handout", "--data", str(units), "--venue", "Room {code}", "-o", str(ws / "out" / "h-{unit}.pdf"))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines == [
        f"Error: {units}:3: column 'code': is empty, and presswork handout uses it in --venue "
        "(fill it in, or delete the row)",
        f"Error: {units}:3: column 'sign_in': 'x' is not a whole number (use 0 to 500)",
    ]
    units.write_text("unit,code\nNorth,n1\nNorth,n3\n", encoding="utf-8")
    result = invoke(ws, "handout", "--data", str(units), "-o", str(ws / "out" / "h-{unit}.pdf"))
    assert result.output == (f"Error: {units}:3: writes out/h-north.pdf, which row 2 writes too (each row needs its "
                             "own file: put a column whose values differ in -o, e.g. -o \"output/handout-{unit}.pdf\")\n")
    assert not (ws / "out").exists() and not (ws / "output").exists()


def test_single_command_placeholder_and_option_mistakes(tmp_path):
    ws = workspace(tmp_path, HEAD)
    result = invoke(ws, "poster", "-e", "2020-04-life", "--headline", "{unit}")
    assert result.exit_code == 1 and result.output.startswith(
        "Error: --headline: {unit} is a column of a data file, and there is none (pass --data FILE")
    result = invoke(ws, "poster", "-e", "2020-04-life", "--sheet", "Units")
    assert result.exit_code == 2 and "--sheet names a sheet of the --data workbook" in result.output
    result = invoke(ws, "poster", "-e", "2020-04-life", "--data", "nope.csv")
    assert result.exit_code == 1 and "Error: --data: no file nope.csv" in result.output


def test_a_workspace_template_reads_the_row(tmp_path):
    template = ('{% extends "builtin:poster.html.j2" %}{% block footer %}<footer class="footer">'
                '<p>Call {{ row.hotline }} ({{ row.unit }})</p></footer>{% endblock %}')
    ws = workspace(tmp_path, POSTER.replace("units.csv", "two.csv"), **{"templates/poster.html.j2": template,
                   "content/two.csv": "unit,code,hotline\nNorth Works,n1,555-0101\nSouth Yard,s2,555-0102\n"})
    result = invoke(ws, "build")
    assert result.exit_code == 0, result.output
    assert "Call 555-0102 (South Yard)" in pdf_text(ws / "output" / "poster-south-yard.pdf")


@pytest.mark.parametrize("template, row, expected", [
    ("poster-{unit}", {"unit": "North"}, "poster-North"),
    ("{{unit}} {unit}}}", {"unit": "x"}, "{unit} x}"),
    ("{a}{b}", {"a": "1", "b": "2"}, "12"),
    ("{unit.__class__}", {"unit.__class__": "just a column name"}, "just a column name"),
])
def test_placeholders_are_column_names_only(template, row, expected):
    assert merge.fill(template, row) == expected


@pytest.mark.parametrize("template", ["{", "}", "{}", "a{b", "{a{b}}"])
def test_a_stray_brace_is_refused(template):
    with pytest.raises(ValueError):
        merge.parse(template)


def test_attribute_access_and_format_specs_reach_nothing(tmp_path):
    ws = workspace(tmp_path, POSTER.replace('org = "{unit} · Safety Office"', 'org = "{unit.__class__} {0} {code:>9}"'))
    result = invoke(ws, "build")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 3
    for line, column in zip(lines, ("unit.__class__", "0", "code:>9")):
        assert line.startswith(f"Error: content/units.csv:1: column '{column}': is not in the header, and material "
                               "'poster-{unit}' uses it in org ("), line
    assert "did you mean {code}?" in lines[2]
