"""Bulletin-board sheets as printed: the shipped content on one A3 page, boxes never split, long excerpts shortened with a pointer to the full text."""

from __future__ import annotations

import ctypes
import io
import re
import subprocess
import textwrap
from xml.etree import ElementTree

import pytest
import yaml
from PIL import Image

from tests import engine as pipeline
from generator.materials.options import RenderOptions
from generator.writers.png import pdf_to_pngs
from generator.content.selection import Selection
from generator.content.workspace import Workspace
from tests.conftest import REPO, make_workspace
from tests.fidelity import _type_size, inspect
from tests.pdf_checks import fonts, page_sizes, page_texts

SHIPPED = (REPO / "content" / "safety-production-month.yaml").read_text(encoding="utf-8")
A3_LANDSCAPE = (1191, 842)
A2_PORTRAIT = (1191, 1684)

# The shipped excerpts in Chinese, about as long as the English ones.
ZH = textwrap.dedent("""\
    title: 习近平总书记关于安全生产的重要论述摘编
    series: 安全生产月｜专题学习
    lang: zh
    slogan: 人人讲安全，个个会应急
    excerpts:
      - id: 2013-06-06-renming-guantian
        date: 2013-06-06
        source: 就做好安全生产工作作出的重要指示
        text: |
          人命关天，发展决不能以牺牲人的生命为代价。这必须作为一条不可逾越的红线。始终把人民生命安全放在首位。
      - id: 2013-07-18-zeren-yishi
        date: 2013-07-18
        source: 在中央政治局第28次常委会会议上关于安全生产的讲话
        text: |
          各级党委和政府要增强责任意识，落实安全生产责任制。要落实行业主管部门直接监管、安全监管部门综合监管、地方政府属地监管，坚持管行业必须管安全、管业务必须管安全、管生产经营必须管安全，而且要党政同责、一岗双责、齐抓共管。该负责任的时候不负责任，就会影响党和政府的威信。当领导干部就要有责任意识。我为什么经常讲底线思维？就是要做好充分准备，要有忧患意识、危机意识，凡事从坏处准备，努力争取最好的结果。当干部不要那么潇洒，要经常临事而惧，这是一种负责任的态度。要经常有睡不着觉、半夜惊醒的情况，当官当得太潇洒，准要出事。要给干部讲清楚：当干部就要负责任，责任重于泰山；当干部就有风险，不要幻想当太平官。

          要审时度势、宽严有度，解决宽松软问题。对责任单位和责任人要打到疼处、痛处，让他们真正痛定思痛、痛改前非，有效防止悲剧重演。造成重大损失，如果责任人照样拿高薪，拿高额奖金，还分红，那是不合理的。

          安全检查要做到全覆盖、零容忍、严执法、重实效，要整改隐患、堵塞漏洞、强化措施。现在看，一种是隐患很多，视而不见，最后导致恶果；一种是隐患发现不了，没人整改，或者整改不及时、不到位，最后也要出事。我们强调一次安全生产，工作就紧一阵，过一阵又松了。要定期开展安全生产大检查，摸索检查工作的规律。不要等到出了很多事再搞。要防患于未然，把问题解决在萌芽之时。现在就是要找问题、集中解决问题。
      - id: 2020-04-fugong-fuchan
        date: 2020-04
        source: 对安全生产作出的重要指示
        text: |
          当前，全国正在复工复产，要加强安全生产监管，分区分类加强安全监管执法，强化企业主体责任落实，牢牢守住安全生产底线，切实维护人民群众生命财产安全。

          从2019年的情况看，全国安全生产事故总量、较大事故和重特大事故实现“三个继续下降”，安全生产形势进一步好转，但隐患仍然很多，这方面工作还有很多要做。

          生命重于泰山。各级党委和政府务必把安全生产摆到重要位置，树牢安全发展理念，绝不能只重发展不顾安全，更不能将其视作无关痛痒的事，搞形式主义、官僚主义。要针对安全生产事故主要特点和突出问题，层层压实责任，狠抓整改落实，强化风险防控，从根本上消除事故隐患，有效遏制重特大事故发生。
    """)

FLOWERS = ["Marigold", "Juniper", "Saffron", "Heather", "Bramble", "Clover",
           "Foxglove", "Hawthorn", "Lavender", "Primrose", "Rosemary", "Thistle"]


def long_collection() -> str:
    """Twelve excerpts of 1 to 3 paragraphs, 30 to 360 words, each opening and closing with its
    own flower, built from the shipped sentences; one is undated."""
    shipped = yaml.safe_load(SHIPPED)["excerpts"]
    sentences = [s for e in shipped for p in e["text"].split("\n\n")
                 for s in re.split(r"(?<=[.?!])\s+", p.strip()) if s]
    shapes = [(1, 2), (2, 3), (3, 6), (1, 1), (2, 4), (1, 9), (3, 4), (1, 3), (2, 2), (1, 5), (2, 3), (1, 2)]
    excerpts, k = [], 0
    for i, (paragraphs, per_paragraph) in enumerate(shapes):
        text = []
        for _ in range(paragraphs):
            text.append(" ".join(sentences[(k + j) % len(sentences)] for j in range(per_paragraph)))
            k += per_paragraph
        text[0] = f"{FLOWERS[i]} opens this note. {text[0]}"
        text[-1] = f"{text[-1]} So ends the {FLOWERS[i].lower()} note."
        excerpt = {"id": f"note-{i + 1:02d}", "source": f"Remarks at the {FLOWERS[i]} works safety meeting",
                   "text": "\n\n".join(text) + "\n"}
        if i != 5:
            excerpt["date"] = f"{2013 + i}-{i * 5 % 12 + 1:02d}"
        excerpts.append(excerpt)
    return yaml.safe_dump({"title": "Safety notes", "series": "Safety Production Month", "lang": "en",
                           "slogan": "Safety first, prevention foremost", "excerpts": excerpts},
                          allow_unicode=True, sort_keys=False, width=10_000)


def letters(text: str) -> str:
    """Only letters, digits and CJK, lower-cased: line breaks, hyphenation and spacing undone."""
    return re.sub(r"[^0-9a-z\u4e00-\u9fff]", "", text.lower())


def assert_in_order(text: str, *parts: str) -> None:
    stream, at = letters(text), 0
    for part in parts:
        found = stream.find(letters(part), at)
        assert found >= 0, f"{part!r} missing after …{stream[max(0, at - 60):at]}…"
        at = found + len(letters(part))


FULL_TEXT = "Full text in the study handout"


def plan_warnings(written) -> list[str]:
    """A render's warnings, less the plan's notes on what it shortened (each naming the excerpt and the fix)."""
    warnings = list(written[0].warnings)
    shortened = [w for w in warnings if w.startswith("bulletin: excerpt '")]
    assert all("is shortened to" in w and "larger --size to print it whole" in w for w in shortened), shortened
    return [w for w in warnings if w not in shortened]


def render(files: dict[str, str], tmp_path_factory, name: str, **options) -> tuple[bytes, list]:
    root = make_workspace(tmp_path_factory.mktemp(name), files)
    out = root / f"{name}.pdf"
    written = pipeline.render(Workspace.open(root), "bulletin", Selection(), RenderOptions(**options), out)
    return out.read_bytes(), written


# --- each sheet is rendered once per module ---------------------------------------------------

@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    return render({"content/safety-production-month.yaml": SHIPPED}, tmp_path_factory, "shipped",
                  issue="6", date="June 2026", org="Riverside Works Safety Committee")


@pytest.fixture(scope="module")
def long_sheet(tmp_path_factory):
    return render({"content/notes.yaml": long_collection()}, tmp_path_factory, "long", issue="7")


@pytest.fixture(scope="module")
def chinese(tmp_path_factory):
    return render({"content/anquan.yaml": ZH}, tmp_path_factory, "zh", issue="6", date="2026年6月")


@pytest.fixture(scope="module")
def a2(tmp_path_factory):
    return render({"content/safety-production-month.yaml": SHIPPED}, tmp_path_factory, "a2",
                  size="A2", landscape=False, issue="6")


@pytest.fixture(scope="module")
def chinese_a2(tmp_path_factory):
    return render({"content/anquan.yaml": ZH}, tmp_path_factory, "zh-a2", size="A2", issue="6")


# the body-type rule: 14 pt on A3, by the fourth root of the area elsewhere
RULE_PT = {"A3": 14.0, "A2": 16.65, "A4": 11.77}
# each box's text, where the hero above does not quote it: its first words (or a later sentence)
BOX_WORDS = {"en": ("This must be an insurmountable", "Party committees and governments", "At present, the whole"),
             "zh": ("这必须作为一条", "各级党委和政府", "当前，全国正在")}


def font_sizes_of(pdf: bytes, needle: str, page: int = 1) -> list[float]:
    """The type sizes of the characters of the first occurrence of `needle` on `page`, read across
    line breaks and hyphens (tests/fidelity.font_sizes_of needs the needle on one line)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(pdf)
    try:
        textpage = document[page - 1].get_textpage()
        text = textpage.get_text_range()
        kept = [i for i, c in enumerate(text) if letters(c)]
        at = "".join(letters(text[i]) for i in kept).find(letters(needle))
        if at < 0:
            return []
        sizes = [_type_size(raw.FPDFText_GetTextObject(textpage.raw, i)) for i in kept[at:at + len(letters(needle))]]
        textpage.close()
        return sizes
    finally:
        document.close()


def line_lengths(pdf: bytes) -> list[str]:
    """Every line of text on every page, as a reader sees it (poppler's lines, each within one column)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", "-", "-"], input=pdf, capture_output=True,
                         check=True).stdout.decode()
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    ns = "{http://www.w3.org/1999/xhtml}"
    return [" ".join(w.text or "" for w in line.iter(f"{ns}word")) for line in root.iter(f"{ns}line")]


# --- the shipped content, A3 landscape --------------------------------------------------------

def test_shipped_content_fits_one_a3_landscape_page(shipped):
    pdf, written = shipped
    assert [(w.format, w.pages) for w in written] == [("pdf", 1)]
    assert page_sizes(pdf) == [A3_LANDSCAPE]


def test_text_reads_masthead_hero_boxes_timeline_slogan(shipped):
    pdf, written = shipped
    excerpts = yaml.safe_load(SHIPPED)["excerpts"]
    # each box opens with its excerpt's first words and names its source; the first one is short
    # enough to print whole; the 540-word speech is too long for notice-board type on one sheet
    boxes = [part for e in excerpts for part in (e["text"].split()[:6], [e["source"]])]
    assert "Safety Production Month" in page_texts(pdf)[0]   # the title; the series line says what is left
    assert_in_order(page_texts(pdf)[0],
                    "Special Study", "Issue 6", "June 2026",
                    "Riverside Works Safety Committee",
                    excerpts[0]["pull_quote"], "June 6, 2013", excerpts[0]["source"],   # the hero
                    *(" ".join(words) for words in boxes),
                    "Timeline", "June 6, 2013", "July 18, 2013", "April 2020",
                    "Safety first, life above all")
    text = letters(page_texts(pdf)[0])
    assert letters(" ".join(excerpts[0]["text"].split()[-6:])) in text
    assert letters(" ".join(excerpts[1]["text"].split()[-6:])) not in text
    assert text.count(letters(FULL_TEXT)) == len(written[0].warnings) >= 1
    assert "2013-07-18-party-committees-and-governments-at" in " ".join(written[0].warnings)


def test_every_font_is_embedded(shipped):
    used = fonts(shipped[0])
    assert used and all(used.values()), used


def test_no_weasyprint_warnings(shipped):
    assert plan_warnings(shipped[1]) == []


# --- read from a step or two back: type sizes, the hero, full sheets, line lengths ------------------

@pytest.mark.parametrize("sheet, lang, size", [("shipped", "en", "A3"), ("chinese", "zh", "A3"), ("a2", "en", "A2"),
                                               ("chinese_a2", "zh", "A2")])
def test_box_text_is_never_below_the_body_type_rule(request, sheet, lang, size):
    pdf, _ = request.getfixturevalue(sheet)
    for words in BOX_WORDS[lang]:
        sizes = font_sizes_of(pdf, words)
        assert sizes and min(sizes) >= RULE_PT[size] - 0.05, (words, sizes)


@pytest.mark.parametrize("sheet, lang", [("shipped", "en"), ("chinese", "zh")])
def test_the_hero_quote_is_the_largest_text_after_the_title(request, sheet, lang):
    pdf, _ = request.getfixturevalue(sheet)
    hero = {"en": "Human life is at stake", "zh": "人命关天，发展决不能"}[lang]
    title = {"en": "Safety Production Month", "zh": "安全生产月"}[lang]
    others = [*BOX_WORDS[lang], {"en": "Safety first, life above all", "zh": "人人讲安全"}[lang],
              {"en": "Issue 6", "zh": "第6期"}[lang]]
    hero_pt = min(font_sizes_of(pdf, hero))
    assert all(max(font_sizes_of(pdf, words)) < hero_pt for words in others)
    assert hero_pt < min(font_sizes_of(pdf, title))
    # the hero comes first, under the masthead, with its date and source
    assert_in_order(page_texts(pdf)[0], hero, {"en": "June 6, 2013", "zh": "2013年6月6日"}[lang], BOX_WORDS[lang][0])


@pytest.mark.parametrize("sheet", ["shipped", "chinese", "a2", "chinese_a2", "long_sheet"])
def test_boxes_fill_every_sheet_and_nothing_is_clipped(request, sheet):
    pdf, _ = request.getfixturevalue(sheet)
    facts = inspect(pdf)
    assert [p.largest_blank for p in facts.pages if p.largest_blank > 0.10] == []
    assert facts.clipped == [] and facts.off_page == []


@pytest.mark.parametrize("sheet, most", [("shipped", 90), ("a2", 90), ("long_sheet", 90), ("chinese", 45),
                                         ("chinese_a2", 45)])
def test_no_line_runs_longer_than_a_reader_can_follow(request, sheet, most):
    pdf, _ = request.getfixturevalue(sheet)
    lines = line_lengths(pdf)
    assert lines and max(lines, key=len) and [line for line in lines if len(line) > most] == []


def test_timeline_labels_are_whole_sources(shipped):
    text = page_texts(shipped[0])[0]
    timeline = letters(text[text.index("Timeline"):])
    for excerpt in yaml.safe_load(SHIPPED)["excerpts"]:
        assert letters(excerpt["source"]) in timeline, excerpt["source"]
    assert "…" not in text[text.index("Timeline"):]


def test_a_qr_code_for_the_full_text_prints_at_the_foot(tmp_path_factory):
    pdf, written = render({"content/safety-production-month.yaml": SHIPPED}, tmp_path_factory, "qr",
                          issue="6", qr="https://example.org/safety-month/full-text")
    assert [w.pages for w in written] == [1] and plan_warnings(written) == []
    assert_in_order(page_texts(pdf)[0], FULL_TEXT, "Timeline", "Scan for the full text", "Safety first")


def bilingual_collection() -> str:
    """The Chinese excerpts with the shipped English ones as their translations (paragraphs aligned)."""
    zh, en = yaml.safe_load(ZH), yaml.safe_load(SHIPPED)
    for z, e in zip(zh["excerpts"], en["excerpts"]):
        z["translation"], z["translation_source"] = e["text"], e["source"]
    return yaml.safe_dump(zh, allow_unicode=True, sort_keys=False, width=10_000)


def test_a_box_taller_than_a_sheet_is_shortened_not_run_on_past_its_foot(tmp_path_factory):
    """Bilingual on A4 landscape, the long speeches are taller than a whole sheet: they are shortened
    (with a warning) so that every box ends on its own sheet, each sheet numbered "of N" with N the
    pages printed, rather than given a sheet each and run on over the next page."""
    pdf, written = render({"content/bi.yaml": bilingual_collection()}, tmp_path_factory, "bi-a4", bilingual=True,
                          size="A4", landscape=True, issue="6")
    pages = page_texts(pdf)
    assert len(pages) == written[0].pages
    assert all(f"Sheet {n} of {len(pages)}" in text for n, text in enumerate(pages, 1)), pages
    assert any("is shortened to" in w for w in written[0].warnings)
    facts = inspect(pdf)
    assert facts.clipped == [] and facts.off_page == []


def test_a_bilingual_box_prints_its_translation_smaller_under_it(tmp_path_factory):
    """A little smaller than its box's text, but never below the body-type rule (A2: 16.65 pt)."""
    from generator.materials.plans.bulletin_boxes import TRANSLATION_SCALE

    pdf, written = render({"content/bi.yaml": bilingual_collection()}, tmp_path_factory, "bi", bilingual=True,
                          size="A2", issue="6")
    assert [w.pages for w in written] == [1] and plan_warnings(written) == []
    text = page_texts(pdf)[0]
    assert_in_order(text, "第6期 Issue 6", "人命关天", "Human life is at stake", "各级党委和政府", "Party committees")
    for original, translation in (("这必须作为一条", "This must be an"), ("各级党委和政府", "Party committees and")):
        assert max(font_sizes_of(pdf, translation)) == pytest.approx(
            max(min(font_sizes_of(pdf, original)) * TRANSLATION_SCALE, RULE_PT["A2"]), abs=0.05)
    assert inspect(pdf).pages[0].largest_blank <= 0.10


def test_a_bilingual_sheet_at_the_rule_prints_its_translations_at_the_rule_too(tmp_path_factory):
    """A3 portrait, its boxes at the body-type rule's 14 pt (or just over): every translation
    character a reader sees, in the PDF and in the DOCX as LibreOffice prints it, is 14 pt or more
    (scaled by 0.88 it was 12.3 pt), and the sheet still holds it all on one page, nothing clipped."""
    from generator.content.text import split_sentences
    from tests.docx_helpers import convert_to_pdf

    root = make_workspace(tmp_path_factory.mktemp("bi-rule"), {"content/bi.yaml": bilingual_collection()})
    options = RenderOptions(bilingual=True, size="A3", landscape=False, issue="6")
    pdf_path, docx_path = root / "bi.pdf", root / "bi.docx"
    written = pipeline.render(Workspace.open(root), "bulletin", Selection(), options, pdf_path)
    pipeline.render(Workspace.open(root), "bulletin", Selection(), options, docx_path)
    lo = convert_to_pdf([docx_path], root / "lo", tmp_path_factory.mktemp("lo-profile"))["bi"]
    assert [w.pages for w in written] == [1] and plan_warnings(written) == []
    # a shortened box prints its translation's first sentences: each printed one is looked for
    sentences = [s for e in yaml.safe_load(SHIPPED)["excerpts"] for p in e["text"].split("\n\n")
                 for s in split_sentences(p.strip())]
    for pdf in (pdf_path.read_bytes(), lo.read_bytes()):
        report = inspect(pdf)
        assert len(report.pages) == 1 and report.clipped == []
        assert report.pages[0].largest_blank <= 0.10
        printed = [sizes for s in sentences if (sizes := font_sizes_of(pdf, s))]
        # each box's translation opens with its excerpt's first sentence
        assert len(printed) >= 3 and min(min(sizes) for sizes in printed) >= RULE_PT["A3"] - 0.01


# --- more content than a page -----------------------------------------------------------------

def test_long_collection_flows_on_and_no_box_is_split(long_sheet):
    pdf, written = long_sheet
    texts = [letters(t) for t in page_texts(pdf)]
    assert len(texts) > 1 and plan_warnings(written) == []
    assert set(page_sizes(pdf)) == {A3_LANDSCAPE}
    shortened = " ".join(written[0].warnings)
    for number, flower in enumerate(FLOWERS, start=1):
        # a box opens on one sheet, and ends there: with its last words, or (shortened) with the pointer
        first = [i for i, t in enumerate(texts) if letters(f"{flower} opens this note") in t]
        last = [i for i, t in enumerate(texts) if letters(f"So ends the {flower} note") in t]
        assert len(first) == 1, f"{flower}: opens on {first}"
        if f"note-{number:02d}" in shortened:
            assert not last and letters(FULL_TEXT) in texts[first[0]], flower
        else:
            assert first == last, f"{flower}: opens on {first}, ends on {last}"


def test_masthead_first_timeline_and_slogan_last(long_sheet):
    texts = [letters(t) for t in page_texts(long_sheet[0])]
    assert [letters("Issue 7") in t for t in texts] == [True] + [False] * (len(texts) - 1)
    # every sheet says which it is; the ones after the first under a short masthead with the title
    count = len(texts)
    for number, text in enumerate(texts, start=1):
        assert letters(f"Sheet {number} of {count}") in text
        if number > 1:
            assert text.startswith(letters(f"Safety Production Month Sheet {number} of {count}"))
    assert [letters("Safety first, prevention foremost") in t for t in texts][-1]
    assert sum(letters("Safety first, prevention foremost") in t for t in texts) == 1
    # the timeline lists the eleven dated excerpts in date order, and skips the undated one
    assert_in_order(page_texts(long_sheet[0])[-1], "Timeline", "January 2013", "June 2014",
                    "April 2016", "July 2019", "August 2024", "Safety first")


def test_an_undated_box_shows_its_source_in_its_head(long_sheet):
    # note 6 has no date: its head reads its number and source, and the source is not repeated under it
    stream = letters(" ".join(page_texts(long_sheet[0])))
    head = stream.find(letters("6 Remarks at the Clover works safety meeting Clover opens this note"))
    assert head >= 0 and stream.count(letters("Remarks at the Clover works safety meeting")) == 1


def test_boxes_read_in_number_order(long_sheet):
    stream = letters(" ".join(page_texts(long_sheet[0])))
    # the last time each opening is read: the hero above the boxes may quote one of them
    positions = [stream.rfind(letters(f"{flower} opens this note")) for flower in FLOWERS]
    assert positions == sorted(positions) and -1 not in positions


# --- Chinese, other sizes, the ink-saving theme ------------------------------------------------

def test_chinese_sheet_uses_sc_fonts_and_chinese_labels(chinese):
    pdf, written = chinese
    assert [w.pages for w in written] == [1] and plan_warnings(written) == []
    text = page_texts(pdf)[0]
    assert "第6期" in text and "时间线" in text and "2013年7月18日" in text and "人人讲安全，个个会应急" in text
    assert_in_order(text, "安全生产月｜专题学习", "第6期", "人命关天", "当前，全国正在复工复产", "时间线",
                    "人人讲安全，个个会应急")
    names = list(fonts(pdf))
    assert any("CJK" in n and "SC" in n for n in names), names
    assert not any("JP" in n for n in names), names


def test_a2_portrait(a2):
    pdf, written = a2
    assert page_sizes(pdf) == [A2_PORTRAIT]
    assert plan_warnings(written) == []
    assert_in_order(page_texts(pdf)[0], "Issue 6", "Human life is at stake", "Timeline",
                    "Safety first, life above all")


def test_a3_portrait_fits_one_page(tmp_path_factory):
    pdf, written = render({"content/safety-production-month.yaml": SHIPPED}, tmp_path_factory, "a3p",
                          landscape=False, issue="6", date="June 2026", org="Riverside Works Safety Committee")
    assert page_sizes(pdf) == [(842, 1191)] and plan_warnings(written) == []


def test_mono_is_black_on_white_only(tmp_path_factory):
    pdf, written = render({"content/safety-production-month.yaml": SHIPPED}, tmp_path_factory, "mono",
                          theme="mono", issue="6", date="June 2026")
    assert plan_warnings(written) == []
    for png in pdf_to_pngs(pdf, 40):
        image = Image.open(io.BytesIO(png)).convert("RGB")
        colours = image.getcolors(1 << 24)
        tinted = [c for _, c in colours if not c[0] == c[1] == c[2]]
        assert not tinted, f"coloured pixels in mono: {sorted(tinted)[:5]}"
        dark = sum(count for count, c in colours if c[0] < 128)
        assert dark / (image.width * image.height) < 0.12  # type and rules: no solid fills


def test_absent_parts_are_left_out(tmp_path_factory):
    bare = textwrap.dedent("""\
        title: Notes
        lang: en
        excerpts:
          - id: a
            text: An undated note with no source.
          - id: b
            text: Another undated note, with <b>markup</b> & an ampersand.
        """)
    pdf, written = render({"content/bare.yaml": bare}, tmp_path_factory, "bare")
    text = page_texts(pdf)[0]
    assert written[0].pages == 1 and written[0].warnings == ()
    # no pull quotes: the hero is the shortest excerpt's first sentence (b's whole text, so b's box
    # is not repeated); the undated box with no source has its number in its head, and nothing else
    assert_in_order(text, "Notes", "Another undated note", "1", "An undated note with no source.")
    assert letters(text).count(letters("Another undated note")) == 1
    # excerpt text is text, never markup (short content is set large, so a word may be hyphenated)
    assert "<b>markup</b> & an ampersand." in " ".join(text.replace("\u2010\n", "").split())
    assert "Issue" not in text and "Timeline" not in text and "—" not in text


def test_cli_writes_the_sheet(run, tmp_path):
    ws = make_workspace(tmp_path / "ws", {"content/safety-production-month.yaml": SHIPPED})
    result = run("bulletin", "--issue", "6", "--slogan", "Report every hazard", "-o", str(tmp_path / "b.pdf"), ws=ws)
    assert result.exit_code == 0, result.output
    assert "1 page, A3 landscape (1191 × 842 pt)" in result.output
    # what the plan shortened reaches the user, with the fix
    assert ("Warning: bulletin: excerpt '2013-07-18-party-committees-and-governments-at' is too long for "
            "notice-board type") in result.output and "larger --size to print it whole" in result.output
    assert "Report every hazard" in page_texts((tmp_path / "b.pdf").read_bytes())[0]


# --- short content is set large: each box's text fills most of its box ---------------------------

SHORT_ZH = textwrap.dedent("""\
    title: 安全生产重要论述摘编
    series: 安全生产月｜专题学习
    lang: zh
    excerpts:
    - id: 2013-06-06-renming
      date: 2013-06-06
      source: 就做好安全生产工作作出的重要指示
      text: |
        人命关天，发展决不能以牺牲人的生命为代价。这必须作为一条不可逾越的红线。
    - id: 2016-zeren
      date: 2016
      source: 中央财经领导小组会议上的讲话
      text: |
        各级党委和政府要增强责任意识，落实安全生产责任制。

        要坚持预防为主，把问题解决在萌芽之时。
    - id: 2020-04-fugong
      date: 2020-04
      source: 对安全生产作出重要指示
      text: |
        全国正在复工复产，要加强安全生产监管。
    - id: note-4-taishan
      source: 一次座谈会上的讲话
      text: |
        生命重于泰山。
    """)
SHORT_EN = textwrap.dedent("""\
    title: Safety Production Month
    series: Special Study
    lang: en
    excerpts:
    - id: 2013-06-06-life
      date: 2013-06-06
      source: Instructions on production safety
      pull_quote: Human life is at stake, and development must not come at the expense of human life.
      text: |
        Human life is at stake. This must be a red line that cannot be crossed.
    - id: 2016-duty
      date: 2016
      source: Remarks at a meeting on work safety
      text: |
        Party committees and governments at all levels must strengthen their sense of duty.
    - id: 2020-04-weight
      date: 2020-04
      source: Instructions on safe production
      text: |
        Life is more important than Mount Tai.
    """)
# each box's text (opening words, last words of its source), hero first
SHORT_BOXES = {"zh": ("全国正在复工复产", (("人命关天", "重要指示"), ("各级党委", "讲话"), ("生命重于", "讲话"))),
               "en": ("Human life is at stake, and", (("Human life is at stake. This", "production safety"),
                                                      ("Party committees", "work safety"),
                                                      ("Life is more", "safe production")))}


def box_fills(pdf: bytes, boxes) -> list[tuple[float, float]]:
    """For each box (its text's first words, its source's last words): (the share of the box's
    height its text and source cover, from the first glyph's top to the last one's foot; the text's
    type size). The box is the smallest filled rectangle round its first glyph."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    from tests.blank_space import _path_objects, _rectangle, _subpaths
    from tests.fidelity import _char_box

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        rects = []
        for obj, matrix in _path_objects(page.raw, (1, 0, 0, 1, 0, 0), 0):
            mode, stroke = ctypes.c_int(), ctypes.c_int()
            raw.FPDFPath_GetDrawMode(obj, mode, stroke)
            if mode.value:
                rects += [r for points, _ in _subpaths(obj, matrix) if (r := _rectangle(points))]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        flat = [(i, c) for i, c in enumerate(text) if letters(c)]
        joined = "".join(letters(c) for _, c in flat)
        out = []
        for first, last in boxes:
            at = joined.find(letters(first))
            end = joined.find(letters(last), at) + len(letters(last)) - 1
            chars = [_char_box(textpage, flat[k][0]) for k in range(at, end + 1)]
            chars = [c for c in chars if c]
            left, bottom, right, top = chars[0]
            x, y = (left + right) / 2, (bottom + top) / 2
            around = [r for r in rects if r[0] <= x <= r[2] and r[1] <= y <= r[3] and r[3] - r[1] > 40]
            box = min(around, key=lambda r: (r[2] - r[0]) * (r[3] - r[1]))
            height = max(c[3] for c in chars) - min(c[1] for c in chars)
            size = _type_size(raw.FPDFText_GetTextObject(textpage.raw, flat[at][0]))
            out.append((height / (box[3] - box[1]), size))
        textpage.close()
        return out
    finally:
        document.close()


@pytest.mark.parametrize("lang, size", [
    ("zh", "A2"),
    # three one-line English boxes stacked full width at ~31 pt: their text covers 45 % of each box
    # (the head, padding and source line stay at body size); side-by-side boxes are not tried yet
    pytest.param("en", "A3", marks=pytest.mark.xfail(strict=True, reason="text covers 45 % of each box"))])
def test_short_content_fills_its_boxes_with_type(tmp_path_factory, lang, size):
    content = SHORT_ZH if lang == "zh" else SHORT_EN
    pdf, written = render({"content/short.yaml": content}, tmp_path_factory, f"short-{lang}", size=size,
                          landscape=True, issue="6")
    assert [w.pages for w in written] == [1]
    hero, boxes = SHORT_BOXES[lang]
    hero_pt = min(font_sizes_of(pdf, hero))
    fills = box_fills(pdf, boxes)
    largest = 3 * RULE_PT[size]
    # each box's text covers half its box or more, unless it is as large as a box's text may be
    assert [(round(f, 2), s) for f, s in fills if f < 0.5 and s < largest - 0.3] == [], (hero_pt, fills)
    assert all(s < hero_pt for _, s in fills), (hero_pt, fills)
    facts = inspect(pdf)
    assert facts.clipped == [] and [p.largest_blank for p in facts.pages if p.largest_blank > 0.10] == []
