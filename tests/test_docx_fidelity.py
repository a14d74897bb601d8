"""The DOCX as LibreOffice prints it, against the PDF of the same material: what a reader of both sees.

Every kind in English, Chinese and both languages is rendered twice through the CLI, as PDF and
as DOCX; LibreOffice prints the DOCX files in one run. The checks read the printed pages (page
counts, word boxes from `pdftotext -bbox`, pixels) and, where the question is about the file
itself (table widths, hyphenation settings, languages), the XML.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from docx.shared import RGBColor
from PIL import Image

from generator.cli import cli
from generator.content.selection import Selection
from generator.content.workspace import Workspace
from generator.materials.options import RenderOptions
from generator.materials.plans.bulletin import plan_bulletin
from tests import engine as pipeline
from tests.conftest import BILINGUAL, REPO, ZH_SAMPLE, make_workspace
from generator.materials.typography import plain
from tests.docx_helpers import convert_to_pdf, flat, open_docx, part_xml
from tests.fidelity import inspect
from tests.test_bulletin import long_collection


WORKSPACES = {
    "en": {"content/spm.yaml": (REPO / "content/safety-production-month.yaml").read_text("utf-8")},
    "zh": {"content/zh.yaml": ZH_SAMPLE},
    "bi": {"content/bi.yaml": BILINGUAL},
    "long": {"content/notes.yaml": long_collection()},
}
EN_DATE, ZH_DATE = "June 12, 2026", "2026年6月12日"
# kind -> language -> (excerpt refs, render options); the command line says the same (cli_args)
OPTIONS = {
    "poster": {"en": (("2013-06-06-human-life-is-at-stake",),
                      dict(size="A3", org="Riverside Works", date="June 2026", qr="https://example.org/spm")),
               "zh": (("2020-04-shengming",), dict(size="A3", org="某某公司", date="2026年6月")),
               "bi": (("2022-11-09-exits",), dict(size="A3", org="某某公司", bilingual=True))},
    "handout": {"en": ((), dict(org="Riverside Works", meeting_date=EN_DATE, time="14:30–16:00",
                                venue="Training Room 2", host="Safety Office", sign_in=30)),
                "zh": ((), dict(org="某某公司", meeting_date=ZH_DATE, venue="三楼会议室", sign_in=12)),
                "bi": ((), dict(org="某某公司", meeting_date=ZH_DATE, sign_in=12, bilingual=True))},
    "bulletin": {"en": ((), dict(size="A3", landscape=True, issue="6", date="June 2026", org="Riverside Works")),
                 "zh": ((), dict(size="A3", landscape=True, issue="6", date=ZH_DATE, org="某某公司")),
                 "bi": ((), dict(size="A3", landscape=True, issue="6", date=ZH_DATE, bilingual=True)),
                 # more than one sheet holds
                 "long": ((), dict(size="A3", landscape=True, issue="7", org="Riverside Works"))},
}


def cli_args(kind: str, lang: str) -> list[str]:
    refs, options = OPTIONS[kind][lang]
    args = [a for ref in refs for a in ("-e", ref)]
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        args += [flag] if value is True else [flag, str(value)]
    return args


CASES = [f"{kind}-{lang}" for kind in OPTIONS for lang in OPTIONS[kind]]


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Printed:
    """One material as both writers print it."""

    ws: Path
    pdf: Path
    docx: Path
    lo: Path  # LibreOffice's PDF of the DOCX

    def words(self, which: str = "lo") -> list[Word]:
        return reading_order(words_of(self.lo if which == "lo" else self.pdf))

    def size(self, which: str = "lo") -> tuple[float, float]:
        out = subprocess.run(["pdfinfo", str(self.lo if which == "lo" else self.pdf)], capture_output=True,
                             text=True, check=True).stdout
        w, h = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", out).groups()
        return float(w), float(h)


def pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M)[1])


def words_of(path: Path) -> list[Word]:
    """Every word LibreOffice (or WeasyPrint) printed, page by page, in the order it was drawn."""
    xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    found: list[Word] = []
    for number, page in enumerate(xml.split("<page ")[1:], start=1):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                             page):
            x0, y0, x1, y1 = map(float, m.groups()[:4])
            found.append(Word(number, x0, y0, x1, y1, m[5].replace("&amp;", "&")))
    return found


def reading_order(words: list[Word]) -> list[Word]:
    """Words line by line, left to right, as the page shows them: LibreOffice draws a page's words in
    no reading order (a shaded run, a table cell, a footer each on their own), so the drawing order
    cannot say what follows what. Lines span the page, across columns: look for short needles."""
    out: list[Word] = []
    for page in sorted({w.page for w in words}):
        on_page = sorted((w for w in words if w.page == page), key=lambda w: (w.y0 + w.y1) / 2)
        line: list[Word] = []
        for w in on_page:
            if line and (w.y0 + w.y1) / 2 - (line[0].y0 + line[0].y1) / 2 > 0.4 * (line[0].y1 - line[0].y0):
                out += sorted(line, key=lambda w: w.x0)
                line = []
            line.append(w)
        out += sorted(line, key=lambda w: w.x0)
    return out


def type_size(path: Path, needle: str, last: bool = False) -> float:
    """The size, in points, the first (or `last`) text that reads `needle` is set in (pieces of text
    joined as they are drawn, since LibreOffice may draw a line glyph by glyph)."""
    from pypdf import PdfReader

    pieces: list[tuple[str, float]] = []

    def visit(text, cm, tm, font, size):
        if flat(text):
            pieces.append((flat(text), abs(size * tm[3] * cm[3]) or abs(size * tm[0] * cm[0])))

    for page in PdfReader(str(path)).pages:
        page.extract_text(visitor_text=visit)
    joined = "".join(text for text, _ in pieces)
    at = joined.rfind(flat(needle)) if last else joined.find(flat(needle))
    assert at >= 0, f"{needle!r} not found in {path.name}"
    for text, size in pieces:
        if at < len(text):
            return size
        at -= len(text)
    raise AssertionError(needle)


def span(words: list[Word], needles: list[str]) -> list[Word]:
    """The words from the first needle's start to the last needle's end, the needles found in order."""
    text, owner = "", []
    for index, word in enumerate(words):
        piece = flat(word.text)
        text += piece
        owner += [index] * len(piece)
    start = at = text.find(flat(needles[0]))
    assert start >= 0, needles[0]
    for needle in needles:
        found = text.find(flat(needle), at)
        assert found >= 0, (needle, needles[0])
        at = found + len(flat(needle))
    return words[owner[start]:owner[at - 1] + 1]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Printed]:
    root = tmp_path_factory.mktemp("fidelity")
    out: dict[str, Printed] = {}
    runner = CliRunner()
    for lang, files in WORKSPACES.items():
        make_workspace(root / lang, files)
    docx_files = []
    for name in CASES:
        kind, lang = name.split("-")
        ws = root / lang
        for suffix in ("pdf", "docx"):
            result = runner.invoke(cli, ["--workspace", str(ws), kind, *cli_args(kind, lang), "-o",
                                         str(root / f"{name}.{suffix}")], catch_exceptions=False)
            assert result.exit_code == 0, (name, result.output)
        docx_files.append(root / f"{name}.docx")
    lo = convert_to_pdf(docx_files, root / "lo", tmp_path_factory.mktemp("lo-profile"))
    for name in CASES:
        lang = name.split("-")[1]
        out[name] = Printed(root / lang, root / f"{name}.pdf", root / f"{name}.docx", lo[name])
    return out


def material_of(case: Printed, name: str):
    """The Material both writers were given (the poster's unfitted: its text is the same)."""
    kind, lang = name.split("-")
    refs, options = OPTIONS[kind][lang]
    ws = Workspace.open(case.ws)
    passages = pipeline.choose_passages(ws, kind, Selection(refs=refs))
    return pipeline.compose(kind, passages, RenderOptions(**options), pipeline.theme_for(ws, None))


def occurrences(words: list[Word], needle: str) -> list[list[Word]]:
    """Every run of words that reads `needle`."""
    found, at = [], 0
    while True:
        try:
            run = span(words[at:], [needle])
        except AssertionError:
            return found
        found.append(run)
        at = words.index(run[-1], at) + 1


# --- pages -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", CASES)
def test_page_count_is_within_one_of_the_pdfs(printed, name):
    case = printed[name]
    pdf, lo = pages(case.pdf), pages(case.lo)
    if name.startswith("poster"):
        assert lo == pdf == 1, (name, pdf, lo)
    if name.startswith("bulletin"):
        # a page a sheet of the plan (the shipped content: one)
        assert lo == pdf == len(plan_bulletin(material_of(case, name)).pages), (name, pdf, lo)
    assert abs(lo - pdf) <= 1, (name, pdf, lo)


@pytest.mark.parametrize("name", [n for n in CASES if n.startswith("handout")])
def test_no_page_holds_only_a_row_or_a_heading(printed, name):
    """Every page has more than a heading, or a header row and one more row, on it."""
    case = printed[name]
    _, height = case.size()
    for page in range(1, pages(case.lo) + 1):
        body = [w for w in case.words() if w.page == page and 0.08 * height < w.y0 < 0.92 * height]
        lines = {round(w.y0) for w in body}
        assert len(lines) >= 3, (name, page, [w.text for w in body])


# --- bulletins ------------------------------------------------------------------------------------------

BULLETINS = [n for n in CASES if n.startswith("bulletin")]


def box_ends(m, box) -> tuple[str, str]:
    """Needles for a box's first words and its last line: its source, else the "full text" line,
    else its text's last words."""
    zh = box.lang == "zh"
    opening = plain(box.paragraphs[0])[:4 if zh else 12]
    if box.source:
        closing = plain(box.source)
    elif box.more:
        closing = m.labels["full_text"]
    else:
        closing = plain(box.paragraphs[-1])[-3 if zh else -12:]
    return opening, closing


@pytest.mark.parametrize("name", BULLETINS)
def test_no_bulletin_box_runs_on_into_another_column_or_page(printed, name):
    """Under a box's head, within its region's width on the same page, stand the start of its text
    and then its last line: the box did not run on into the next column or page."""
    case = printed[name]
    m = material_of(case, name)
    plan = plan_bulletin(m)
    width, _ = case.size()
    column = (width - 2 * plan.side) / m.columns
    words = case.words()
    for number, page in enumerate(plan.pages, start=1):
        on_page = [w for w in words if w.page == number]
        right = plan.side
        for region in page:
            # the region's own width, from where the one before it ends
            start, right = right, right + region.width * column
            for index in region.items:
                box = plan.boxes[index]
                opening, closing = box_ends(m, box)
                # the box's own head (the hero and the timeline may print its words and date too)
                runs = occurrences(on_page, f"{box.number}{box.head}" if box.head else f"{box.number}{opening}")
                inside = [run for run in runs if start - 2 <= run[0].x0 < right]
                assert inside, (name, box.number, "head not in its region")
                head = min(inside, key=lambda run: run[0].y0)[0]
                # the region's words from the head down: a column of its own, in reading order
                below = [w for w in on_page if w.y0 >= head.y0 - 1 and start - 2 <= w.x0 and w.x1 <= right + 2]
                text = occurrences(below, opening)
                assert text, (name, box.number, "text not under its head")
                assert occurrences([w for w in below if w.y0 >= text[0][0].y0], closing), \
                    (name, box.number, "last line not under its text", closing)


@pytest.mark.parametrize("name", BULLETINS)
def test_the_timeline_is_a_line_of_stops_in_date_order(printed, name):
    """The dates stand side by side on one line, left to right in date order, as the PDF has them,
    on the last sheet, each with its whole label under it."""
    case = printed[name]
    plan = plan_bulletin(material_of(case, name))
    last = [w for w in case.words() if w.page == len(plan.pages)]
    for row, labels in zip(plan.timeline, plan.stop_labels):
        # a stop's date is the lowest of its occurrences: the boxes' heads print it too
        stops = [max(occurrences(last, item.date), key=lambda run: run[0].y0) for item in row]
        ys = {round(s[0].y0) for s in stops}
        xs = [s[0].x0 for s in stops]
        assert len(ys) == 1, (name, ys)
        assert xs == sorted(xs), (name, xs)
        # each label under its date, within half the way to the next date on either side
        centres = [(s[0].x0 + s[-1].x1) / 2 for s in stops]
        reach = min((b - a for a, b in zip(centres, centres[1:])), default=1000) / 2
        for stop, centre, label in zip(stops, centres, labels):
            under = [w for w in last if w.y0 > stop[0].y1 - 1 and abs((w.x0 + w.x1) / 2 - centre) < reach]
            assert label and span(under, [label]), (name, label)


@pytest.mark.parametrize("name", BULLETINS)
def test_the_slogan_band_stands_at_the_foot_of_the_sheet(printed, name):
    case = printed[name]
    m = material_of(case, name)
    if not m.slogan:
        pytest.skip("no slogan")
    _, height = case.size()
    last = pages(case.lo)
    band = span([w for w in case.words() if w.page == last], [m.slogan])
    assert min(w.y0 for w in band) > 0.85 * height, (name, [w.y0 for w in band])


@pytest.mark.parametrize("name", BULLETINS)
def test_bulletin_text_is_set_as_large_as_in_the_pdf(printed, name):
    """Every box's text is set as the PDF sets it (±0.6 pt) and never below the body-type rule (14 pt
    on A3); the hero quote as large as the PDF's, larger than any box. Each box is found by its
    text's last words, which the hero (its quote set large) does not share."""
    case = printed[name]
    m = material_of(case, name)
    plan = plan_bulletin(m)
    largest = 0.0
    for box in plan.boxes:
        if box.shows == "none":
            continue
        tail = plain(box.paragraphs[-1]).rstrip("。.!?！？”’\"'")[-4 if box.lang == "zh" else -10:]
        lo, pdf = type_size(case.lo, tail, last=True), type_size(case.pdf, tail, last=True)
        assert lo == pytest.approx(pdf, abs=0.6), (name, box.number, lo, pdf)
        assert lo >= plan.em - 0.05, (name, box.number, lo, plan.em)
        largest = max(largest, lo)
    if plan.hero:
        needle = plain(plan.hero.text)[:8]
        lo, pdf = type_size(case.lo, needle), type_size(case.pdf, needle)
        assert lo == pytest.approx(pdf, rel=0.06) and lo > largest, (name, lo, pdf, largest)


@pytest.mark.parametrize("name", BULLETINS)
def test_bulletin_prints_the_hero_and_where_the_full_text_is(printed, name):
    """The hero quote under the masthead, and a "full text" line for each box the plan shortened,
    in the DOCX as LibreOffice prints it, as in the PDF."""
    case = printed[name]
    m = material_of(case, name)
    plan = plan_bulletin(m)
    for which in ("lo", "pdf"):
        words = case.words(which)
        if plan.hero:
            hero = span(words, [plain(plan.hero.text)])
            title = span(words, [m.title])
            assert hero[0].page == 1 and hero[0].y0 > title[0].y0, (name, which)
        shortened = sum(box.more for box in plan.boxes)
        assert len(occurrences(words, m.labels["full_text"])) == shortened, (name, which)


@pytest.mark.parametrize("name", BULLETINS)
def test_nothing_in_a_bulletin_is_clipped(printed, name):
    facts = inspect(printed[name].lo.read_bytes())
    assert not facts.clipped and not facts.off_page, (name, facts.clipped[:3], facts.off_page[:3])


@pytest.mark.parametrize("name", [n for n in CASES if not n.startswith("handout")])
def test_one_sheet_materials_print_no_running_header_or_page_number(printed, name):
    case = printed[name]
    text = flat(" ".join(w.text for w in case.words()))
    for label in ("Page 1 of 1", "第1页 共1页", "Riverside Works · ", "某某公司 · "):
        assert flat(label) not in text, (name, label)
    if pages(case.lo) == 1:  # a one-sheet bulletin is not numbered
        assert flat("Sheet 1 of") not in text and flat("第1张") not in text, name


# --- posters ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [n for n in CASES if n.startswith("poster")])
def test_poster_has_its_quote_mark_and_a_band_across_the_page(printed, name, tmp_path):
    """The opening quote mark hangs in the margin beside the quote, and the headline band's fill runs
    to both edges of the page, as in the PDF."""
    case = printed[name]
    words = case.words()
    m = material_of(case, name)
    quote = span(words, [plain(m.quote[0])[:4]])[0]
    # hung in the margin, as the PDF hangs it: left of the quote's first line, level with it
    marks = [w for w in words if w.text == "“" and w.x1 <= quote.x0 + 1 and w.y0 < quote.y1 and w.y1 > quote.y0]
    assert marks, (name, "no opening quote mark beside the quote's first line")
    # the band's fill reaches both edges of the page, as the PDF's does
    subprocess.run(["pdftoppm", "-r", "20", "-png", "-singlefile", str(case.lo), str(tmp_path / "p")], check=True)
    image = Image.open(tmp_path / "p.png").convert("RGB")
    accent = RGBColor.from_string(m.theme.colors["accent"].lstrip("#"))
    y = round(image.height * 0.08)
    for x in (0, image.width - 1):
        pixel = image.getpixel((x, y))
        assert all(abs(a - b) <= 40 for a, b in zip(pixel, accent)), (name, x, pixel)


# --- text --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["handout-zh", "bulletin-zh"])
def test_chinese_dates_print_without_spaces(printed, name):
    """LibreOffice puts no space between the digits and 年月日 (it would, without word joiners)."""
    words = [w.text.replace("\u2060", "") for w in printed[name].words()]
    assert ZH_DATE in words, (name, [w for w in words if "2026" in w])


@pytest.mark.parametrize("name", [n for n in CASES if n.endswith(("zh", "bi"))])
def test_chinese_punctuation_stays_inside_the_margin(printed, name):
    """No 。or ，is hung past the text's right edge: every word ends inside the page's margins."""
    case = printed[name]
    width, height = case.size()
    document = docx.Document(str(case.docx))
    right = width - document.sections[0].right_margin.pt
    for w in case.words():
        if 0.05 * height < w.y0 < 0.95 * height and w.text[-1:] in "。，、；：！？":
            assert w.x1 <= right + 1, (name, w)


def test_chinese_indents_follow_the_pdf(printed):
    """An excerpt's first paragraph starts at the text's edge (its number marks it), a later one two
    characters in, in the DOCX as in the PDF."""
    case = printed["handout-zh"]
    second = "生命重于泰山。"  # the second paragraph of 2020-04-shengming

    def indent(which: str) -> float:
        words = case.words(which)
        first_line = span(words, [second[:4]])[0]
        following = span(words, ["当前，全国"])[0]  # the first paragraph's first line, after its number
        return first_line.x0 - following.x0

    pdf, lo = indent("pdf"), indent("lo")
    assert pdf > 10 and lo == pytest.approx(pdf, abs=4), (pdf, lo)


@pytest.mark.parametrize("name", ["handout-en", "bulletin-en"])
def test_justified_english_is_hyphenated(printed, name):
    """Hyphenation is on in the file, no two hyphenated lines in a row, and LibreOffice (with its
    hyphenation patterns installed) hyphenates: some of its lines end in a hyphen it put there."""
    case = printed[name]
    settings = part_xml(case.docx.read_bytes(), "word/settings.xml")
    assert '<w:autoHyphenation w:val="1"/>' in settings and '<w:consecutiveHyphenLimit w:val="1"/>' in settings
    m = material_of(case, name)
    written = {re.sub(r"\W", "", w) for p in (*m.intro, *(t for i in m.items for t in i.paragraphs)) for w in p.split()}
    drawn = words_of(case.lo)  # in drawing order, a line's last word is followed by the next line's first
    # "respon-" then "sibility": a word of the text LibreOffice broke (not one written with a hyphen)
    broken = [a.text + b.text for a, b in zip(drawn, drawn[1:])
              if a.text.endswith("-") and a.text[:-1].isalpha() and re.sub(r"\W", "", a.text + b.text) in written]
    assert broken, name


@pytest.mark.parametrize("name", [n for n in CASES if n.startswith("handout")])
def test_tables_are_as_wide_as_the_text(printed, name):
    """Meeting details, notes and sign-in tables run from the text column's left edge to its right."""
    document = docx.Document(str(printed[name].docx))
    section = document.sections[0]
    text = round((section.page_width - section.left_margin - section.right_margin) / 635)
    for table in document.tables:
        grid = sum(int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iterchildren(qn("w:gridCol")))
        padding = int(table.style.element.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}/{qn('w:left')}").get(qn("w:w")))
        indent = int(table._tbl.tblPr.find(qn("w:tblInd")).get(qn("w:w")))
        assert abs(grid - text) <= 3, (name, table.style.name, grid, text)
        assert indent == padding, (name, table.style.name, indent, padding)


@pytest.mark.parametrize("name", CASES)
def test_languages_are_said_consistently(printed, name):
    """Chinese documents say zh-CN, English ones en-GB, in styles and runs; East Asian text is zh-CN."""
    data = printed[name].docx.read_bytes()
    own = "zh-CN" if name.endswith(("zh", "bi")) else "en-GB"
    for part in ("word/styles.xml", "word/document.xml"):
        xml = part_xml(data, part)
        assert "en-US" not in xml and "ja-JP" not in xml, (name, part)
        assert set(re.findall(r'w:eastAsia="([a-z]{2}-[A-Z]{2})"', xml)) <= {"zh-CN"}, (name, part)
    styles = open_docx(data).styles
    assert styles["PW Excerpt Text"].element.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == own
