"""The study handout as a reader meets it: pages, text in order, page furniture, fonts, safety."""

from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from PIL import Image

from generator.writers import pdf as pdf_writer
from generator.writers.png import pdf_to_pngs
from tests import engine as pipeline
from generator.cli import cli
from generator.materials.material import compose
from generator.materials.options import RenderOptions
from generator.materials.quotes import curl
from generator.content.selection import Selection
from generator.content.workspace import Workspace
from tests.conftest import REPO, SAMPLE, make_workspace
from tests.conftest import ZH_SAMPLE as ZH

A4 = (595, 842)
A5 = (420, 595)
LETTER = (612, 792)
QUESTIONS = ("Which red line matters most in your workshop?", "What would you inspect first next week?")
SIGN_IN_ROWS = 60


NO_QUESTIONS = textwrap.dedent("""\
    title: Plain study
    lang: en
    excerpts:
      - id: 2013-06-06-one
        date: 2013-06-06
        source: Instructions on production safety
        text: |
          Human life is at stake. <b>Bold & brave</b> is not markup here.
    """)

MARKUP = '<link rel="attachment" href="file:///etc/hostname">'
INJECTION = textwrap.dedent(f"""\
    title: Injection study
    lang: en
    excerpts:
      - id: 2013-06-06-link
        date: 2013-06-06
        source: Test
        text: |
          Before {MARKUP} after.
    """)


def break_test_collection(count: int = 24, base: int = 6) -> str:
    """Excerpts of stepped lengths, so that excerpt ends fall at many places on the page.

    With this layout, plain CSS would set at least one attribution alone at the top of a page
    (checked by hand by dropping `break-before: avoid` and the last paragraph's widows).
    """
    sentence = "Every shift begins with a check of the guards, the exits and the alarms. "
    lines = ["title: Break test", "lang: en", "excerpts:"]
    for i in range(count):
        text = (sentence * (base + (i * 7) % 11)).strip() + f" End of excerpt {i + 1}."
        lines += [f"  - id: e{i + 1:02d}", f"    date: 2014-03-{i + 1:02d}",
                  f"    source: Remarks number {i + 1}", "    text: |", f"      {text}"]
    return "\n".join(lines) + "\n"


# --- helpers ---------------------------------------------------------------------------------

def flat(text: str) -> str:
    """Extracted text as one line: hyphenated line ends joined, whitespace collapsed."""
    text = re.sub(r"[\u2010-]\n", "", text)
    return re.sub(r"\s+", " ", text).strip()


def pages_text(reader: pypdf.PdfReader) -> list[str]:
    return [flat(page.extract_text()) for page in reader.pages]


def page_size(page) -> tuple[int, int]:
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


def fonts(reader: pypdf.PdfReader):
    """(name, descriptor or None, subtype) for every font every page uses."""
    seen = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            name = str(font.get("/BaseFont") or (descriptor or {}).get("/FontName"))
            seen[name] = (descriptor.get_object() if descriptor else None, font["/Subtype"])
    return seen


def in_order(text: str, parts) -> None:
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} missing after position {at}: …{text[max(0, at - 80):at + 80]}…"
        at = found + len(part)


def cli_render(ws: Path, *args: str):
    result = CliRunner().invoke(cli, ["--workspace", str(ws), "handout", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


# --- fixtures: each PDF is rendered once per module -----------------------------------------

@pytest.fixture(scope="module")
def english(tmp_path_factory):
    """The full handout: meeting details, questions, notes and a 60-row sign-in sheet."""
    ws = make_workspace(tmp_path_factory.mktemp("en"), {"content/sample.yaml": SAMPLE})
    options = RenderOptions(meeting_date="June 12, 2026", time="14:30–16:00", venue="Room 301",
                            host="Li Wei", org="Riverside Works", questions=QUESTIONS, sign_in=SIGN_IN_ROWS)
    written = pipeline.render(Workspace.open(ws), "handout", Selection(), options, ws / "handout.pdf")
    reader = pypdf.PdfReader(ws / "handout.pdf")
    return written, reader, pages_text(reader)


@pytest.fixture(scope="module")
def chinese(tmp_path_factory):
    ws = make_workspace(tmp_path_factory.mktemp("zh"), {"content/anquan.yaml": ZH})
    result = cli_render(ws, "--lang", "zh", "--meeting-date", "2026年6月12日", "--venue", "三楼会议室",
                        "--org", "滨江制造公司", "--sign-in", "10", "-o", str(ws / "zh.pdf"))
    reader = pypdf.PdfReader(ws / "zh.pdf")
    return result, reader, pages_text(reader)


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """No meeting details, no questions, --no-notes, --sign-in 0; PDF and HTML."""
    ws = make_workspace(tmp_path_factory.mktemp("plain"), {"content/plain.yaml": NO_QUESTIONS})
    cli_render(ws, "--no-notes", "--sign-in", "0", "-o", str(ws / "plain.pdf"))
    cli_render(ws, "--no-notes", "--sign-in", "0", "-o", str(ws / "plain.html"))
    reader = pypdf.PdfReader(ws / "plain.pdf")
    return reader, pages_text(reader), (ws / "plain.html").read_text(encoding="utf-8")


# --- the English handout --------------------------------------------------------------------

def test_pages_are_a4_and_the_sign_in_sheet_takes_its_own_pages(english):
    written, reader, texts = english
    assert [w.format for w in written] == ["pdf"] and written[0].pages == len(reader.pages)
    assert all(page_size(p) == A4 for p in reader.pages)
    first_sheet = next(i for i, t in enumerate(texts) if "Sign-in sheet" in t)
    # four short excerpts, the questions and the notes fit page 1; 60 rows take two whole pages more
    assert first_sheet == 1 and len(reader.pages) == 3
    assert "Sign-in sheet" not in " ".join(texts[:first_sheet])  # the sheet starts a new page


def test_text_reads_in_order(english):
    _, _, texts = english
    text = " ".join(texts)
    in_order(text, [
        "FIRE SAFETY WEEK", "Sample study",
        "DATE", "June 12, 2026", "TIME", "14:30–16:00", "VENUE", "Room 301", "HOST", "Li Wei",
        "An intro paragraph.",
        "Human life is at stake. This must be a red line. Always put people’s lives first.",
        "— June 6, 2013 · Instructions on production safety",
        "Party committees should enhance their sense of responsibility.",
        'Mr. Smith checks the site. Then he writes “all clear.” He leaves!',
        "A third paragraph about inspection.",
        "— July 18, 2013 · Speech on work safety",
        "Life is more important than Mount Tai.", "— April 2020 · Instructions on safe production",
        "人命关天", "——2016年，重要讲话",
        "Discussion questions", "1 " + QUESTIONS[0], "2 " + QUESTIONS[1],
        "Notes",
        "Sign-in sheet", "No. Name Department Signature",
    ])


def test_page_x_of_y_on_every_page_and_the_running_header_from_page_2(english):
    _, reader, texts = english
    total = len(reader.pages)
    assert f"Page 1 of {total}" in texts[0]
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text
        assert ("Riverside Works · Sample study" in text) == (number > 1), number
    # page 1's title block says it below, larger; the element feeding the header is not drawn either
    assert "Riverside Works · Sample study" not in texts[0]


def test_sign_in_header_row_repeats_and_every_row_is_there_once(english):
    _, _, texts = english
    sheets = [t for t in texts if "No. Name Department Signature" in t]
    assert len(sheets) == 2 and texts[-1] == sheets[-1]
    numbers = []
    for text in sheets:
        body = text.split("No. Name Department Signature", 1)[1]
        numbers += [int(n) for n in re.findall(r"\b\d+\b", body.split("Page ")[0])]
    # every row once, in order; more only where they fill the last page
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= SIGN_IN_ROWS


def test_every_font_is_embedded(english):
    _, reader, _ = english
    used = fonts(reader)
    assert used
    for name, (descriptor, subtype) in used.items():
        assert subtype != "/Type3", name
        assert descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), name
    # the Chinese excerpt in the English collection is set in the SC face, not a JP fallback
    assert any("CJK" in n and "SC" in n for n in used)


def test_no_weasyprint_warnings(english):
    written, _, _ = english
    assert written[0].warnings == ()


def test_attribution_is_never_alone_at_the_top_of_a_page(tmp_path):
    ws = make_workspace(tmp_path, {"content/breaks.yaml": break_test_collection()})
    cli_render(ws, "--no-notes", "-o", str(ws / "breaks.pdf"))
    reader = pypdf.PdfReader(ws / "breaks.pdf")
    assert len(reader.pages) >= 5  # several page breaks to land on
    raw = [page.extract_text().strip().splitlines() for page in reader.pages]
    for number, lines in enumerate(raw, start=1):
        assert not lines[0].startswith("—"), f"page {number} starts with an attribution: {lines[0]}"
    texts = [flat("\n".join(lines)) for lines in raw]
    for n in range(1, 25):
        ends = [i for i, t in enumerate(texts) if f"End of excerpt {n}." in t]
        attributions = [i for i, t in enumerate(texts) if re.search(rf"Remarks number {n}\b", t)]
        assert ends == attributions, f"excerpt {n} ends on page {ends} but is attributed on {attributions}"


def laid_out_pages(ws: Path, options: RenderOptions):
    """The handout laid out as it prints, fitted (no PDF written): one list of (tag, class, box) per page."""
    workspace = Workspace.open(ws)
    material = compose("handout", pipeline.choose_passages(workspace, "handout", Selection()), options,
                       pipeline.theme_for(workspace, None))
    material, _ = pipeline.fit(workspace, material)
    document, _ = pdf_writer.layout(pipeline.build_html(workspace, material), workspace.root,
                                    pipeline.allowed_roots(workspace), pipeline.stylesheet_paths(workspace, "handout"))
    return [[(box.element_tag, box.element.get("class"), box) for box in page._page_box.descendants()
             if getattr(box, "element", None) is not None and box.element_tag]
            for page in document.pages]


def test_notes_stay_together_and_sign_in_rows_never_split(tmp_path):
    # three excerpts end low on page 1: ruled lines that could split would start there
    ws = make_workspace(tmp_path, {"content/breaks.yaml": break_test_collection(3)})
    pages = laid_out_pages(ws, RenderOptions(sign_in=40))
    notes = [i for i, boxes in enumerate(pages) if any(c == "notes" for _, c, _ in boxes)]
    assert len(notes) == 1
    assert any(c == "excerpt" for _, c, _ in pages[notes[0]])  # fewer lines, and never a page of notes alone
    sheet_pages = [boxes for boxes in pages if any(c == "sheet" for _, c, _ in boxes)]
    assert len(sheet_pages) == 2
    rows = []
    for boxes in sheet_pages:
        assert sum(tag == "thead" for tag, _, _ in boxes) == 1  # the header row repeats
        rows += [row for tag, _, group in boxes if tag == "tbody" for row in group.children]
    assert len(rows) >= 40  # a row split across pages would be counted twice
    assert all(box.height / (96 / 25.4) >= 7 for box in rows)  # at least 7 mm to sign in


# --- parts left out -------------------------------------------------------------------------

def test_no_notes_no_sign_in_no_questions_no_meeting(plain):
    reader, texts, html = plain
    text = " ".join(texts)
    assert len(reader.pages) == 1 and "Page 1 of 1" in text
    for absent in ("Notes", "Sign-in sheet", "Signature", "Discussion questions", "DATE", "VENUE"):
        assert absent not in text
    assert 'class="meeting"' not in html and 'class="notes"' not in html and 'class="sign-in"' not in html


def test_excerpt_text_is_text_not_markup(plain):
    _, texts, html = plain
    assert "<b>Bold & brave</b> is not markup here." in texts[0]
    # the last two words are held by word joiners (materials/typography.py) and set whole (no
    # hyphenation) in a span of the template's own
    assert "&lt;b&gt;Bold &amp; brave&lt;/b&gt; is not markup here." in re.sub(r'</?span[^>]*>', "", html.replace("\u2060", ""))
    assert "<b>Bold" not in html


def test_a_link_in_excerpt_text_prints_as_text_and_attaches_nothing(tmp_path):
    ws = make_workspace(tmp_path, {"content/injection.yaml": INJECTION})
    cli_render(ws, "-o", str(ws / "injection.pdf"))
    data = (ws / "injection.pdf").read_bytes()
    reader = pypdf.PdfReader(ws / "injection.pdf")
    # printed as the text it is, its quotes made typographic
    assert f"Before {curl(MARKUP)} after." in flat(reader.pages[0].extract_text())
    names = reader.trailer["/Root"].get("/Names")
    assert names is None or "/EmbeddedFiles" not in names.get_object()
    assert b"/EmbeddedFiles" not in data and b"/FileAttachment" not in data


# --- Chinese ----------------------------------------------------------------------------------

def test_chinese_labels_page_numbers_and_sc_font(chinese):
    result, reader, texts = chinese
    assert "Warning" not in result.stderr
    total = len(reader.pages)
    for number, text in enumerate(texts, start=1):
        assert f"第{number}页 共{total}页" in text
        assert ("滨江制造公司 · 安全生产专题学习" in text) == (number > 1)  # no running header on page 1
    text = " ".join(texts)
    in_order(text, ["安全生产月", "安全生产专题学习", "日期", "2026年6月12日", "地点", "三楼会议室",
                    "人命关天", "——2013年6月6日，关于安全生产的重要指示",
                    "生命重于泰山", "——2020年4月，对安全生产作出的重要指示",
                    "讨论题", "如何守住安全生产这条红线？", "学习笔记", "签到表", "序号 姓名 部门 签名"])
    names = fonts(reader)
    assert all(d is not None and ("/FontFile" in d or "/FontFile2" in d or "/FontFile3" in d)
               for d, _ in names.values())
    assert any("CJK" in n and "SC" in n for n in names)
    assert not any("JP" in n or "CJK-TC" in n for n in names)


# --- other sizes and the ink-saving theme -----------------------------------------------------

@pytest.mark.parametrize("size, expected", [("A5", A5), ("letter", LETTER)])
def test_other_sizes(run, workspace, size, expected):
    out = workspace / f"{size}.pdf"
    result = run("handout", "--collection", "sample", "--size", size, "--sign-in", "40", "-o", str(out))
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out)
    assert all(page_size(p) == expected for p in reader.pages)
    texts = pages_text(reader)
    assert all(f"Page {i} of {len(texts)}" in t for i, t in enumerate(texts, start=1))
    sheets = [i for i, t in enumerate(texts) if "No. Name Department Signature" in t]
    assert len(sheets) >= 2 and sheets == list(range(sheets[0], len(texts)))  # the header row on every sheet page


def test_mono_prints_black_on_white_only(run, workspace):
    out = workspace / "mono.pdf"
    result = run("handout", "--theme", "mono", "--meeting-date", "June 12", "--sign-in", "5", "-o", str(out))
    assert result.exit_code == 0, result.output
    for png in pdf_to_pngs(out.read_bytes(), 40):
        image = Image.open(io.BytesIO(png)).convert("RGB")
        colours = {c for _, c in image.getcolors(1 << 20)}
        tinted = [c for c in colours if max(c) - min(c) > 12]
        assert not tinted, f"coloured pixels in mono: {sorted(tinted)[:5]}"
        dark = sum(n for n, c in image.getcolors(1 << 20) if max(c) < 128)
        assert dark / (image.width * image.height) < 0.08  # text and rules, no solid areas


def test_the_discussion_questions_stay_together_with_their_heading(tmp_path):
    """The shipped handout fills page 2 to the point where a split list would strand the heading."""
    ws = Workspace.open(REPO)
    out = tmp_path / "h.pdf"
    pipeline.render(ws, "handout", Selection(), RenderOptions(sign_in=10), out)
    pages = [" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(out).pages]
    collection = ws.load_collections()[0]
    heading_pages = [i for i, text in enumerate(pages) if "Discussion questions" in text]
    assert len(heading_pages) == 1
    for question in collection.questions:
        assert question[:40] in pages[heading_pages[0]], question
