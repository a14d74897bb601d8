"""Handout pages a designer signs off: hyphenation limits, the questions and notes sharing a filled
page, the sign-in sheet in whole pages, Chinese indents; read off the printed PDF (pdftotext
-layout, pixels, glyph positions) and, for what text extraction cannot tell apart, the laid-out lines."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image

from generator.content.selection import Selection
from generator.content.workspace import Workspace
from generator.materials.material import compose
from generator.materials.options import RenderOptions
from generator.writers import pdf as pdf_writer
from generator.writers.png import pdf_to_pngs
from tests import engine as pipeline
from tests.conftest import REPO, SAMPLE, ZH_SAMPLE, make_workspace

LONG = "2013-07-18-party-committees-and-governments-at"   # the shipped collection's 540-word excerpt
SHIPPED = dict(meeting_date="June 12, 2026", time="14:30–16:00", venue="Training Room 2", host="Safety Office",
               sign_in=30)
HYPHEN = "\u2010"
DPI = 50
MM = 25.4 / DPI   # one pixel row in mm


def render(root: Path, tmp: Path, refs=(), **options) -> bytes:
    out = tmp / f"h-{abs(hash((str(root), refs, tuple(sorted(options.items())))))}.pdf"
    pipeline.render(Workspace.open(root), "handout", Selection(refs=tuple(refs)), RenderOptions(**options), out)
    return out.read_bytes()


def layout_lines(pdf: bytes) -> list[str]:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("utf-8").splitlines()


def hyphen_faults(pdf: bytes) -> tuple[int, list[str]]:
    """(hyphenated line ends, faults): two hyphenated lines in a row, or a word's end alone on a line
    (the last word of a paragraph hyphenated)."""
    lines = [line.rstrip() for line in layout_lines(pdf)]
    ends = [bool(re.search(rf"[^\W\d_]{HYPHEN}$", line)) for line in lines]
    faults = []
    for i, hyphenated in enumerate(ends[:-1]):
        if not hyphenated:
            continue
        if ends[i + 1]:
            faults.append(f"two hyphenated lines in a row: {lines[i].strip()[-30:]!r} / {lines[i + 1].strip()[-30:]!r}")
        if re.fullmatch(r"\s*[^\W\d_]+[.,;:!?’”\"')]*", lines[i + 1]):
            faults.append(f"a paragraph's last word hyphenated: {lines[i].strip()[-20:]!r} / {lines[i + 1].strip()!r}")
    return sum(ends), faults


def ink_rows(png: bytes) -> list[bool]:
    """Per pixel row of a page: whether anything is drawn in it (paper colour taken from the corner;
    a hairline in the rule colour differs from it by a few levels only)."""
    image = Image.open(io.BytesIO(png)).convert("L")
    paper = image.getpixel((0, 0))
    width = image.width
    data = image.tobytes()
    return [any(v != paper for v in data[y * width:(y + 1) * width]) for y in range(image.height)]


def gap_above_footer_mm(png: bytes, page_height_mm: float, footer_from_mm: float) -> float:
    """How far above the footer line's band the page's content stops, in mm (the footer is the
    last ink on the page, below `footer_from_mm` measured from the top)."""
    rows = ink_rows(png)
    limit = round(footer_from_mm / MM)
    content = [y for y, ink in enumerate(rows[:limit]) if ink]
    return (limit - (content[-1] if content else 0)) * MM


# --- fixtures -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The shipped collection as presswork.toml's handout prints it, on A4."""
    return render(REPO, tmp_path_factory.mktemp("shipped"), **SHIPPED)


# --- hyphenation ----------------------------------------------------------------------------------

@pytest.mark.parametrize("size, refs", [("letter", ()), ("A5", (LONG,))], ids=["letter", "a5-long"])
def test_no_ladders_and_no_hyphenated_last_word(tmp_path, size, refs):
    hyphens, faults = hyphen_faults(render(REPO, tmp_path, refs, size=size, sign_in=0))
    assert hyphens, "the justified English text should still hyphenate"
    assert not faults, faults


def test_the_shipped_handout_has_no_ladders(shipped):
    hyphens, faults = hyphen_faults(shipped)
    assert not faults, faults
    assert hyphens <= 12   # hyphenated only where a line would otherwise end 8% of the measure short


def test_ragged_and_display_text_is_never_hyphenated(tmp_path):
    """Titles, headings, the intro band, questions and attributions (read off the laid-out lines:
    extracted text cannot tell a ragged line's hyphen from a justified one's)."""
    words = " ".join(["responsibility", "rectification", "consolidation", "supervision", "bureaucratic"] * 12)
    collection = SAMPLE.replace("An intro paragraph.", words).replace(
        "What would you change first?", f"Which {words}?")
    ws = make_workspace(tmp_path, {"content/sample.yaml": collection})
    workspace = Workspace.open(ws)
    material = compose("handout", pipeline.choose_passages(workspace, "handout", Selection()),
                       RenderOptions(sign_in=0), pipeline.theme_for(workspace, None))
    material, _ = pipeline.fit(workspace, material)
    document, _ = pdf_writer.layout(pipeline.build_html(workspace, material), workspace.root,
                                    pipeline.allowed_roots(workspace), pipeline.stylesheet_paths(workspace, "handout"))
    checked = 0
    for page in document.pages:
        for box in page._page_box.descendants():
            if type(box).__name__ != "LineBox" or box.element is None:
                continue
            in_excerpt = box.element.get("data-p") is not None
            text = "".join(b.text for b in box.descendants() if isinstance(getattr(b, "text", None), str)).rstrip()
            if not in_excerpt:
                checked += 1
                assert not text.endswith(HYPHEN), f"{box.element.tag}.{box.element.get('class')}: {text[-40:]!r}"
    assert checked > 20


# --- the questions and notes --------------------------------------------------------------------

def test_questions_and_notes_share_a_page_and_the_notes_fill_it(shipped):
    document = pypdfium2.PdfDocument(shipped)
    texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    notes = [i for i, t in enumerate(texts) if re.search(r"^Notes\s*$", t, re.M)]
    assert len(notes) == 1 and "Discussion questions" in texts[notes[0]]
    png = pdf_to_pngs(shipped, DPI, [notes[0] + 1])[0]
    # A4: the page's content ends at 279 mm, the footer's band starts below it; lines 8 mm apart
    assert gap_above_footer_mm(png, 297, 281) < 8 + 3


def test_notes_without_questions_share_the_last_excerpt_page(tmp_path):
    ws = make_workspace(tmp_path, {"content/zh.yaml": ZH_SAMPLE.replace("questions:\n  - 如何守住安全生产这条红线？\n", "")})
    pdf = render(ws, tmp_path, size="A5", sign_in=0)
    texts = [" ".join(t.split()) for t in pipeline_texts(pdf)]
    notes = [i for i, t in enumerate(texts) if "学习笔记" in t]
    assert notes == [len(texts) - 1] and "生命重于泰山" in texts[notes[0]]


# The imported article's shape (tests/articles/anquan-shengchan.txt): short excerpts, the last a single
# line, a closing remark, no questions. On A5 the notes cannot join page 1, so they take company over.
SHORT_LAST = """\
title: 安全生产重要论述摘编
series: 安全生产月｜专题学习
lang: zh
intro: |
  安全生产事关人民福祉，事关经济社会发展大局。

  让我们一起重温这些重要论述：
excerpts:
  - id: a
    date: 2013-06-06
    source: 就做好安全生产工作作出的重要指示
    text: |
      人命关天，发展决不能以牺牲人的生命为代价。这必须作为一条不可逾越的红线。
  - id: b
    date: 2016
    source: 中央财经领导小组会议上的讲话
    text: |
      各级党委和政府要增强责任意识，落实安全生产责任制。

      要坚持预防为主，把问题解决在萌芽之时。
  - id: c
    date: 2020-04
    source: 对安全生产作出重要指示
    text: |
      全国正在复工复产，要加强安全生产监管。
  - id: d
    source: 一次座谈会上的讲话
    text: |
      生命重于泰山。
outro: |
  以上内容供学习参考。
"""


@pytest.mark.parametrize("org", ["河畔工厂安全办公室", None], ids=["org", "no-org"])
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_notes_take_only_the_closing_remark_along_not_the_last_excerpt(tmp_path, fmt, org):
    """Notes without questions never go to a page alone, but what they take along is the closing
    remark: chained to it, the short last excerpt went too and left the lower third of page 1 empty
    (32 %, with the organisation's byline). Without the byline the notes' fewest lines fit page 1,
    where the fit once counted them for a fresh page and sent a page-tall block over (6 pages, not 3)."""
    from tests.docx_helpers import convert_to_pdf
    from tests.fidelity import inspect

    ws = make_workspace(tmp_path / "ws", {"content/zh.yaml": SHORT_LAST})
    out = tmp_path / f"short.{fmt}"
    pipeline.render(Workspace.open(ws), "handout", Selection(), RenderOptions(
        size="A5", theme="mono", org=org, date="2026年6月" if org else None, sign_in=30,
        meeting_date="June 12, 2026", venue="Training Room 2"), out)
    if fmt == "docx":
        out = convert_to_pdf([out], tmp_path / "lo", tmp_path / "lo-profile")["short"]
    pdf = out.read_bytes()
    texts = ["".join(t.split()) for t in pipeline_texts(pdf)]
    notes = [i for i, t in enumerate(texts) if "学习笔记" in t]
    sheet = next(i for i, t in enumerate(texts) if "签到表" in t)
    assert "生命重于泰山" in texts[0]                                  # every excerpt on page 1
    assert len(notes) == 1 and "以上内容供学习参考" in texts[notes[0]]  # the notes' page is not theirs alone
    assert sheet == notes[0] + 1 and len(texts) == sheet + 2          # then the sheet's two pages
    for page in inspect(pdf).pages[:sheet]:
        assert page.largest_blank < 0.30, page.number                  # the fidelity matrix's bound

def pipeline_texts(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    return [document[i].get_textpage().get_text_range().replace("\u2060", "") for i in range(len(document))]


# --- the sign-in sheet ----------------------------------------------------------------------------

def sheet_pages(pdf: bytes) -> list[int]:
    return [i for i, t in enumerate(pipeline_texts(pdf)) if "Signature" in t]


def row_numbers(pdf: bytes, page: int) -> list[int]:
    text = pipeline_texts(pdf)[page].split("Signature", 1)[1].split("Page ")[0]
    return [int(n) for n in re.findall(r"\b\d+\b", text)]


def test_thirty_rows_print_as_one_full_page(shipped):
    pages = sheet_pages(shipped)
    assert len(pages) == 1 and row_numbers(shipped, pages[0]) == list(range(1, 31))
    png = pdf_to_pngs(shipped, DPI, [pages[0] + 1])[0]
    assert gap_above_footer_mm(png, 297, 281) < 8   # the rows reach the foot of the page


@pytest.mark.parametrize("asked", [10, 24])
def test_sign_in_sheet_in_whole_pages(tmp_path, asked):
    ws = make_workspace(tmp_path, {"content/sample.yaml": SAMPLE})
    pdf = render(ws, tmp_path, sign_in=asked)
    pages = sheet_pages(pdf)
    numbers = [n for p in pages for n in row_numbers(pdf, p)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= asked
    assert pages == list(range(pages[0], len(pipeline_texts(pdf))))   # the header row on every sheet page
    for page in pages:
        png = pdf_to_pngs(pdf, DPI, [page + 1])[0]
        # no page ends more than a quarter empty (10 rows fill their page; 24 print as one, not 22 + 2)
        assert gap_above_footer_mm(png, 297, 281) < 0.25 * 258, page


# --- Chinese indents ------------------------------------------------------------------------------

def char_x(pdf: bytes, needle: str, page: int = 0) -> float:
    """Where the first character of `needle` starts on the page (its advance box, not its ink), in pt."""
    document = pypdfium2.PdfDocument(pdf)
    textpage = document[page].get_textpage()
    text = textpage.get_text_range()
    at = text.find(needle)
    assert at >= 0, needle
    return textpage.get_charbox(at, loose=True)[0]


def test_chinese_indents_never_stack_on_the_number_gutter(tmp_path):
    """An excerpt's first paragraph starts at the text's edge beside its number (the number marks it);
    a later paragraph opens two characters in. The DOCX does the same (tests/test_docx_fidelity.py)."""
    ws = make_workspace(tmp_path, {"content/zh.yaml": ZH_SAMPLE})
    pdf = render(ws, tmp_path, sign_in=0)
    em = 10.5
    first, second, other = char_x(pdf, "当前"), char_x(pdf, "生命重于泰山"), char_x(pdf, "人命关天")
    assert abs(first - other) < 0.5                   # first paragraphs start alike, at the text's edge
    assert abs(second - first - 2 * em) < 1.0          # a later paragraph: two characters in


def test_a_chinese_excerpt_in_an_english_handout_keeps_the_gutter_and_no_indent_on_top(tmp_path):
    ws = make_workspace(tmp_path, {"content/sample.yaml": SAMPLE})
    pdf = render(ws, tmp_path, sign_in=0)
    assert abs(char_x(pdf, "人命关天") - char_x(pdf, "Human life")) < 0.5   # no 2-character indent on the gutter


# --- the running header ---------------------------------------------------------------------------

def header_lines(pdf: Path, top_mm: float) -> list[str]:
    """Page 2's running header as printed: its words above the text's top margin, line by line."""
    xml = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    words = [(round(float(y0)), w) for y0, y1, w in
             re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', xml)
             if float(y1) < top_mm * 72 / 25.4]
    lines: dict[int, list[str]] = {}
    for y, word in words:
        key = next((k for k in lines if abs(k - y) <= 2), y)
        lines.setdefault(key, []).append(word)
    return [" ".join(ws) for _, ws in sorted(lines.items())]


@pytest.mark.parametrize("lang, size, org, title", [
    ("en", "A5", "Riverside Works Safety and Environment Office", None),
    ("zh", "A5", "河畔工厂安全生产委员会办公室（安全环保部）", "习近平总书记关于安全生产重要论述专题学习材料摘编"),
    ("en", "A4", "Riverside Works Safety, Health and Environment Office, North Site and Harbour Depot", None),
])
def test_a_long_running_header_is_one_shortened_line_in_both_writers(tmp_path, lang, size, org, title):
    """The PDF's margin box cut a long organisation · title with an ellipsis (mid-word), LibreOffice
    wrapped the DOCX's onto two lines: both now print the same line, cut at a word (plans/footer.py)."""
    from tests.docx_helpers import convert_to_pdf

    files = {"en": {"content/spm.yaml": (REPO / "content/safety-production-month.yaml").read_text("utf-8")},
             "zh": {"content/zh.yaml": ZH_SAMPLE}}[lang]
    ws = Workspace.open(make_workspace(tmp_path / "ws", files))
    options = RenderOptions(size=size, org=org, title=title, sign_in=10)
    for suffix in ("pdf", "docx"):
        pipeline.render(ws, "handout", Selection(), options, tmp_path / f"h.{suffix}")
    printed = {"pdf": tmp_path / "h.pdf", "docx": convert_to_pdf([tmp_path / "h.docx"], tmp_path / "lo",
                                                                 tmp_path / "lo-profile")["h"]}
    top = 17 if size == "A5" else 21                       # handout.css's top margins
    seen = {which: header_lines(pdf, top) for which, pdf in printed.items()}
    assert all(len(lines) == 1 for lines in seen.values()), seen       # one line, never wrapped
    line = "".join(seen["pdf"][0].split())
    assert "".join(seen["docx"][0].split()) == line                     # the same text in both
    material = compose("handout", pipeline.choose_passages(ws, "handout", Selection()), options,
                       pipeline.theme_for(ws, None))
    assert line.endswith("…") and line == "".join(material.running_header.replace("\u2060", "").split())
    assert "".join(org.split()) in line                                 # cut in the title, at a word
