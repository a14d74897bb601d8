"""The footer option: one text both writers print in the footer line, from the CLI, presswork.toml or a CSV column."""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.content.selection import Selection
from generator.content.workspace import Workspace
from generator.materials.options import BY_NAME
from generator.materials.page import parse_page
from generator.materials.plans.footer import ELLIPSIS, fit_footer, handout_room, poster_room
from tests import engine
from tests.conftest import SAMPLE, ZH_SAMPLE, make_workspace
from tests.docx_helpers import convert_to_pdf, flat, open_docx, pdf_pages, story_text
from tests.fidelity import inspect
from tests.pdf_checks import page_texts

FOOTER = "Issued by the Safety Office — call 5555"
ZH_FOOTER = "安全办公室印发——咨询电话5555"
LONG = ("Issued by the Safety Office of Riverside Works, Building 4, Second Floor — for questions about this "
        "campaign call 5555 or write to safety@riverside.example, and report every hazard you see to your shift "
        "supervisor before the end of the shift, every day of the week, in every workshop")
POSTER = ("poster", "-e", "2013-06-06-human-life", "--org", "Riverside Works", "--date", "June 2026")
HANDOUT = ("handout", "--org", "Riverside Works", "--sign-in", "12")
# name -> (workspace, command line): each made as PDF and as DOCX, the DOCX read back through LibreOffice
CASES = {
    "poster": ("en", (*POSTER, "--footer", FOOTER)),
    "poster-qr": ("en", (*POSTER, "--footer", FOOTER, "--qr", "https://example.org/spm")),
    "poster-none": ("en", (*POSTER, "--footer", "")),
    "poster-long": ("en", (*POSTER, "--footer", LONG, "--qr", "https://example.org/spm")),
    "handout": ("en", (*HANDOUT, "--footer", FOOTER)),
    "handout-a5-long": ("en", (*HANDOUT, "--size", "A5", "--footer", LONG)),
    "handout-long": ("en", (*HANDOUT, "--footer", LONG)),
    "poster-zh": ("zh", ("poster", "-e", "2013-06-06-renming", "--org", "安全办公室", "--footer", ZH_FOOTER)),
    "handout-zh": ("zh", ("handout", "--sign-in", "12", "--footer", ZH_FOOTER)),
}


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, dict]:
    """Each case's PDF and DOCX, LibreOffice's PDF of the DOCX, and what the commands said."""
    root = tmp_path_factory.mktemp("footer")
    spaces = {"en": make_workspace(root / "en", {"content/sample.yaml": SAMPLE}),
              "zh": make_workspace(root / "zh", {"content/sample.yaml": ZH_SAMPLE})}
    out: dict[str, dict] = {}
    runner = CliRunner()
    for name, (lang, args) in CASES.items():
        case = out[name] = {}
        for suffix in ("pdf", "docx"):
            path = root / f"{name}.{suffix}"
            result = runner.invoke(cli, ["-w", str(spaces[lang]), *args, "-o", str(path)])
            assert result.exit_code == 0, (name, result.output)
            case[suffix], case[f"{suffix} said"] = path, result.output
    lo = convert_to_pdf([c["docx"] for c in out.values()], root / "lo", tmp_path_factory.mktemp("lo-profile"))
    for name, case in out.items():
        case["lo"] = lo[name]
    return out


def pdf_page_texts(case: dict) -> dict[str, list[str]]:
    """The pages' text as a reader sees it: WeasyPrint's PDF and LibreOffice's reading of the DOCX."""
    return {"pdf": page_texts(case["pdf"].read_bytes()), "docx": pdf_pages(case["lo"])}


def test_footer_is_one_option_of_posters_and_handouts_only():
    option = BY_NAME["footer"]
    assert option.kinds == ("poster", "handout") and option.cli_flag == "--footer"
    runner = CliRunner()
    for kind in ("poster", "handout"):
        assert "--footer TEXT" in runner.invoke(cli, [kind, "--help"]).output
    assert "--footer TEXT" not in runner.invoke(cli, ["bulletin", "--help"]).output


@pytest.mark.parametrize("name", ["poster", "poster-qr"])
def test_poster_footer_replaces_organisation_and_date_in_pdf_and_docx(made, name):
    for writer, pages in pdf_page_texts(made[name]).items():
        assert len(pages) == 1, writer
        text = flat(pages[0])
        assert flat(FOOTER) in text, writer
        # the footer's default line (organisation, date) is what the text replaced
        assert "riversideworks" not in text and "june2026" not in text, writer
        if name == "poster-qr":
            assert flat("Scan for the full text") in text, writer


def test_an_empty_footer_prints_no_footer_text(made):
    for writer, pages in pdf_page_texts(made["poster-none"]).items():
        text = flat(pages[0])
        assert "riversideworks" not in text and "june2026" not in text, writer
        assert flat("Instructions on production safety") in text, writer  # the rest still prints
    footer = open_docx(made["poster-none"]["docx"].read_bytes()).sections[0].footer
    assert story_text(footer._element).strip() == ""


@pytest.mark.parametrize("name, footer, label", [("handout", FOOTER, "Page {page} of {pages}"),
                                                 ("handout-zh", ZH_FOOTER, "第{page}页 共{pages}页")])
def test_handout_footer_prints_on_every_page_beside_page_x_of_y(made, name, footer, label):
    counts = set()
    for writer, pages in pdf_page_texts(made[name]).items():
        counts.add(len(pages))
        assert len(pages) >= 2, writer
        for number, page in enumerate(pages, start=1):
            text = flat(page)
            assert flat(footer) in text, (writer, number)
            assert flat(label.format(page=number, pages=len(pages))) in text, (writer, number)
    assert len(counts) == 1, counts  # the footer does not change the DOCX's page count against the PDF's


def test_chinese_poster_footer_in_both_writers(made):
    for writer, pages in pdf_page_texts(made["poster-zh"]).items():
        text = flat(pages[0])
        assert flat(ZH_FOOTER) in text and "安全办公室" not in text.replace(flat(ZH_FOOTER), ""), writer


@pytest.mark.parametrize("name", ["poster-long", "handout-long", "handout-a5-long"])
def test_a_long_footer_is_shortened_with_a_warning_never_clipped(made, name):
    case = made[name]
    for said in (case["pdf said"], case["docx said"]):
        assert "Warning: footer: 'Issued by the Safety Office" in said and "leaving off its last" in said, said
    kind = name.split("-")[0]
    ws = Workspace.open(case["pdf"].parent / "en")
    size = "A5" if "a5" in name else None
    passages = engine.choose_passages(ws, kind, Selection(refs=("2013-06-06-human-life",) if kind == "poster" else ()))
    material = engine.compose(kind, passages, engine.RenderOptions(footer=LONG, size=size, qr="https://example.org/spm"
                                                                   if kind == "poster" else None),
                              engine.theme_for(ws, None))
    printed = material.footer
    assert printed.endswith(ELLIPSIS) and LONG.startswith(printed[:-1].rstrip())
    for writer, pdf in (("pdf", case["pdf"].read_bytes()), ("docx", case["lo"].read_bytes())):
        facts = inspect(pdf)
        assert facts.clipped == [] and facts.off_page == [], (writer, facts.clipped, facts.off_page)
        for number, page in enumerate(facts.pages, start=1):
            # the same shortened text in both, whole, and nothing of what was left off
            text = flat(page.text)
            assert flat(printed) in text and flat("every day of the week") not in text, (writer, number)
    assert len(inspect(case["pdf"].read_bytes()).pages) == len(inspect(case["lo"].read_bytes()).pages)


def test_fit_keeps_a_footer_that_fits_and_cuts_one_that_does_not():
    a4 = parse_page("A4", None, "handout")
    assert fit_footer(FOOTER, handout_room(a4), "handout", "A4").text == FOOTER
    assert fit_footer(FOOTER, handout_room(a4), "handout", "A4").warning is None
    room = handout_room(parse_page("A5", None, "handout"))
    assert room.lines == 1
    fit = fit_footer(LONG, room, "handout", "A5")
    # cut at a word, the punctuation before the cut dropped, an ellipsis after it
    assert fit.text.endswith(ELLIPSIS) and fit.text[-2] != " " and LONG.startswith(fit.text[:-1])
    assert LONG[len(fit.text) - 1] in " ,"
    assert "(1 line)" in fit.warning and "give a shorter --footer" in fit.warning
    # Chinese breaks between characters; a pasted address with no spaces between its characters
    zh = fit_footer("安全第一" * 40, room, "handout", "A5")
    assert zh.text.endswith(ELLIPSIS) and 30 < len(zh.text) < 70
    url = fit_footer("https://example.org/" + "x" * 400, poster_room(parse_page("A3", None, "poster"), True),
                     "poster", "A3")
    assert url.text.endswith(ELLIPSIS) and url.lines == 2 and len(url.text) < 200


def test_poster_footer_room_follows_the_qr_code():
    a3 = parse_page("A3", None, "poster")
    beside, whole = poster_room(a3, qr=True), poster_room(a3, qr=False)
    assert beside.measure_pt < whole.measure_pt and beside.lines == whole.lines == 2
    assert round(whole.measure_pt / a3.width_pt, 2) == 0.84 and round(beside.measure_pt / a3.width_pt, 2) == 0.52


def test_footer_text_is_sanitised_like_other_text(tmp_path):
    ws = Workspace.open(make_workspace(tmp_path, {"content/sample.yaml": SAMPLE}))
    passages = engine.choose_passages(ws, "handout", Selection())
    material = engine.compose("handout", passages, engine.RenderOptions(footer='Call "5555"\x07 \u202enow'),
                              engine.theme_for(ws, None))
    assert material.footer == "Call “5555” now"
    assert any(w.startswith("footer: removed 1 control character") for w in material.warnings)
    assert any(w.startswith("footer: removed 1 bidirectional control") for w in material.warnings)


def docx_footers(path) -> list[str]:
    """The text of a DOCX's page footers: every page's and the first page's."""
    section = open_docx(path.read_bytes()).sections[0]
    return [story_text(f._element) for f in (section.footer, section.first_page_footer)]


BUILD = """\
[[materials]]
name = "wall"
kind = "poster"
excerpts = ["2020-04-life"]
org = "Riverside Works"
footer = "Issued by the Safety Office — call 5555"
outputs = ["pdf", "docx"]

[[materials]]
name = "study"
kind = "handout"
sign_in = 12
footer = "安全办公室印发——咨询电话5555"
outputs = ["pdf", "docx"]

[[materials]]
name = "units-{unit}"
kind = "poster"
excerpts = ["2020-04-life"]
data = "content/units.csv"
footer = "{unit} · call 5555"
outputs = ["pdf"]
"""


def test_presswork_toml_key_and_csv_column_reach_both_writers(tmp_path):
    units = "unit,footer\nNorth Works,\nSouth Yard,South Yard's own line\n"
    ws = make_workspace(tmp_path, {"content/sample.yaml": SAMPLE, "presswork.toml": BUILD,
                                   "content/units.csv": units})
    result = CliRunner().invoke(cli, ["-w", str(ws), "build"])
    assert result.exit_code == 0, result.output
    out = ws / "output"
    assert flat(FOOTER) in flat(page_texts((out / "wall.pdf").read_bytes())[0])
    assert "riversideworks" not in flat(page_texts((out / "wall.pdf").read_bytes())[0])
    pages = page_texts((out / "study.pdf").read_bytes())
    assert len(pages) >= 2 and all(flat(ZH_FOOTER) in flat(p) for p in pages)
    for name, text in (("wall", FOOTER), ("study", ZH_FOOTER)):
        footers = docx_footers(out / f"{name}.docx")
        assert any(flat(text) in flat(f) for f in footers), (name, footers)
    # an empty cell keeps the material's footer (its placeholder filled); a full one is the row's own
    assert flat("North Works · call 5555") in flat(page_texts((out / "units-north-works.pdf").read_bytes())[0])
    assert flat("South Yard’s own line") in flat(page_texts((out / "units-south-yard.pdf").read_bytes())[0])


def test_a_campaign_footer_reaches_every_poster_and_handout_in_its_language(tmp_path):
    """[campaign] footer for the campaign's language, [campaign.zh] footer for Chinese materials; a
    material's own footer wins, and a bulletin (no footer line) takes none and is not refused."""
    config = textwrap.dedent(f"""\
        [campaign]
        title = "Safety Production Month"
        footer = "{FOOTER}"
        [campaign.zh]
        footer = "{ZH_FOOTER}"

        [[materials]]
        name = "wall"
        kind = "poster"
        excerpts = ["2020-04-life"]
        outputs = ["pdf", "docx"]

        [[materials]]
        name = "own"
        kind = "poster"
        excerpts = ["2020-04-life"]
        footer = "Its own line"

        [[materials]]
        name = "study"
        kind = "handout"
        lang = "zh"
        outputs = ["pdf"]

        [[materials]]
        name = "board"
        kind = "bulletin"
        """)
    ws = make_workspace(tmp_path, {"content/sample.yaml": SAMPLE, "presswork.toml": config})
    result = CliRunner().invoke(cli, ["-w", str(ws), "build"])
    assert result.exit_code == 0, result.output
    out = ws / "output"
    assert flat(FOOTER) in flat(page_texts((out / "wall.pdf").read_bytes())[0])
    assert any(flat(FOOTER) in flat(f) for f in docx_footers(out / "wall.docx"))
    own = flat(page_texts((out / "own.pdf").read_bytes())[0])
    assert flat("Its own line") in own and flat(FOOTER) not in own
    assert all(flat(ZH_FOOTER) in flat(p) for p in page_texts((out / "study.pdf").read_bytes()))
    assert flat(FOOTER) not in flat(page_texts((out / "board.pdf").read_bytes())[0])


def test_footer_is_refused_where_it_does_not_print(tmp_path):
    config = '[[materials]]\nname = "sheet"\nkind = "bulletin"\nfooter = "x"\n'
    ws = make_workspace(tmp_path, {"content/sample.yaml": SAMPLE, "presswork.toml": config})
    result = CliRunner().invoke(cli, ["-w", str(ws), "build"])
    assert result.exit_code == 1
    assert "material 'sheet': footer: only posters and handouts use it, not a bulletin" in result.output


def test_a_template_override_changes_the_pdf_footer_only(tmp_path):
    """What the README says: the DOCX is written from the Material, not the HTML template."""
    override = ('{% extends "builtin:poster.html.j2" %}{% block footer %}<footer class="footer">'
                '<p>Hotline 1234</p></footer>{% endblock %}')
    ws = make_workspace(tmp_path, {"content/sample.yaml": SAMPLE, "templates/poster.html.j2": override})
    runner = CliRunner()
    for suffix in ("pdf", "docx"):
        result = runner.invoke(cli, ["-w", str(ws), *POSTER, "-o", str(tmp_path / f"p.{suffix}")])
        assert result.exit_code == 0, result.output
    assert "Hotline 1234" in page_texts((tmp_path / "p.pdf").read_bytes())[0]
    footer = story_text(open_docx((tmp_path / "p.docx").read_bytes()).sections[0].footer._element)
    assert "Hotline" not in footer and "Riverside Works" in footer and "June 2026" in footer


def test_footer_text_never_reaches_css(tmp_path):
    """The handout's footer goes into its margin box through string-set, so text that looks like CSS stays text."""
    ws = Workspace.open(make_workspace(tmp_path, {"content/sample.yaml": SAMPLE}))
    hostile = '"; } @page { background: red } .x { content: "'
    passages = engine.choose_passages(ws, "handout", Selection())
    material = engine.compose("handout", passages, engine.RenderOptions(footer=hostile), engine.theme_for(ws, None))
    html = engine.build_html(ws, material)
    style = html.split("<body>")[0]
    assert "background: red" not in style and "string(footer)" in style
    assert "@page { background: red }" in html.split("<body>")[1].replace("&#34;", '"').replace("&quot;", '"')


def test_no_footer_option_leaves_each_kind_as_it_was(tmp_path):
    ws = Workspace.open(make_workspace(tmp_path, {"content/sample.yaml": SAMPLE}))
    theme = engine.theme_for(ws, None)
    poster = engine.compose("poster", engine.choose_passages(ws, "poster", Selection(refs=("2020-04-life",))),
                            engine.RenderOptions(org="Riverside Works", date="June 2026"), theme)
    assert poster.footer_lines == (("org", "Riverside Works"), ("date", "June 2026"))
    handout = engine.compose("handout", engine.choose_passages(ws, "handout", Selection()),
                             engine.RenderOptions(org="Riverside Works"), theme)
    assert handout.footer_lines == ()
    html = engine.build_html(ws, handout)
    assert "@bottom-center" in html and "string(footer)" not in html
