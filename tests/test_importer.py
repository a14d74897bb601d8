"""Importing articles: the seed, sample articles in every attribution form, .docx, robustness."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.yaml_format import dump_collection, parse_collection
from generator.errors import ContentError
from generator.content.importer import docx_text, import_article, import_bilingual, parse_article
from generator.content.importer.bilingual import align_paragraphs

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "content" / "sources" / "safety-production-month.txt"
ARTICLES = Path(__file__).resolve().parent / "articles"


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def summary(collection) -> list[tuple]:
    return [(e.date.iso() if e.date else None, e.source, len(e.paragraphs)) for e in collection.excerpts]


def warning_at(result, line: int, words: str) -> bool:
    return any(w.line == line and words in w.message for w in result.warnings)


# --- the seed -------------------------------------------------------------------------------

def test_seed_imports_exactly():
    result = import_article(SEED)
    c = result.collection
    assert c.name == "safety-production-month"
    assert c.series == "Safety Production Month | Special Study"
    assert c.title == "What does General Secretary Xi Jinping say about safety production?"
    assert c.lang == "en"
    assert len(c.intro) == 2
    assert c.intro[0].startswith("Safety in production is related to")
    assert c.intro[1].startswith("This year, we usher in the 20th national")
    assert [e.date.iso() for e in c.excerpts] == ["2013-06-06", "2013-07-18", "2020-04"]
    assert [len(e.paragraphs) for e in c.excerpts] == [1, 3, 3]
    assert c.excerpts[0].paragraphs == ("Human life is at stake, and development must not come at the expense of "
                                        "human life. This must be an insurmountable red line. Always put people's "
                                        "lives first.",)
    assert c.excerpts[0].id == "2013-06-06-human-life-is-at-stake"
    assert c.excerpts[1].source == ("Important speech on work safety at the 28th Standing Committee of the "
                                    "Political Bureau of the Central Committee")
    assert c.excerpts[2].paragraphs[2].startswith("Life is more important than Mount Tai.")
    assert c.outro == ()
    assert "unk" not in dump_collection(c).lower()
    debris_line = line_of(SEED, "< unk >")
    assert debris_line == 23
    assert warning_at(result, debris_line, "debris")
    assert all(w.file == str(SEED) for w in result.warnings)


def test_shipped_collection_matches_the_seed():
    from generator.content.yaml_format import load_collection

    shipped = load_collection(REPO / "content" / "safety-production-month.yaml")
    imported = import_article(SEED).collection
    assert [e.id for e in shipped.excerpts] == [e.id for e in imported.excerpts]
    assert [e.paragraphs for e in shipped.excerpts] == [e.paragraphs for e in imported.excerpts]
    assert [e.date for e in shipped.excerpts] == [e.date for e in imported.excerpts]
    assert shipped.intro == imported.intro
    assert len(shipped.questions) == 3 and shipped.slogan
    for excerpt in shipped.excerpts:
        assert excerpt.pull_quote and excerpt.pull_quote in excerpt.text and excerpt.tags


# --- sample articles ------------------------------------------------------------------------

def test_english_article_with_every_english_form():
    path = ARTICLES / "workplace-notes.txt"  # CRLF line endings
    result = import_article(path)
    c = result.collection
    assert (c.series, c.title, c.lang) == ("Workplace Safety | Reading Notes", "Keeping people safe at work", "en")
    assert c.intro == ("These notes gather remarks on safety at work for the June study meeting.",
                       "They are arranged by date.")  # the `***` line ends the intro
    assert summary(c) == [
        ("2016-01-10", "At the national work safety conference", 1),            # `--`, spaces, On 10 January 2016
        ("2021-03-03", "Remarks during an inspection of a chemical plant", 2),  # `—`, NBSP+space, On March 3rd, 2021
        ("2016", "Letter to the safety inspectors", 1),                         # `–`, U+3000, In 2016
        ("2013-06-06", "Speech to new apprentices", 1),                         # `-`, date at the end
        (None, "Annual safety review", 1),                                      # `——`, NBSP, June 31
        ("2020-04", "Circular to all branches", 1),                             # In April 2020
    ]
    assert c.excerpts[1].paragraphs == ("Accidents are never accidents. Every one of them has a cause.",
                                        "Find the cause before it finds you.")
    assert c.excerpts[4].id == "excerpt-5-check-the-exits-every-morning"
    assert c.outro == ("Thank you for reading.", "Share these notes with your team.")
    assert warning_at(result, line_of(path, "June 31, 2019"), "June 2019 has 30 days")
    assert warning_at(result, line_of(path, "<unk>"), "debris")
    assert warning_at(result, line_of(path, "Thank you"), "outro")


def test_chinese_article_with_every_chinese_form():
    path = ARTICLES / "anquan-shengchan.txt"  # starts with a BOM
    result = import_article(path)
    c = result.collection
    assert (c.series, c.title, c.lang) == ("安全生产月｜专题学习", "安全生产重要论述摘编", "zh")
    assert c.intro == ("安全生产事关人民福祉，事关经济社会发展大局。", "让我们一起重温这些重要论述：")  # colon lead-in
    assert summary(c) == [
        ("2013-06-06", "就做好安全生产工作作出的重要指示", 1),  # `——` after U+3000, no space
        ("2016", "中央财经领导小组会议上的讲话", 2),            # space+NBSP+U+3000 indent, 2016年 at the end
        ("2020-04", "对安全生产作出重要指示", 1),              # 2020年4月
        (None, "一次座谈会上的讲话", 1),                       # 2021年13月
    ]
    # lines of one paragraph join with no space between CJK characters
    assert c.excerpts[0].paragraphs == ("人命关天，发展决不能以牺牲人的生命为代价。这必须作为一条不可逾越的红线。",)
    assert [e.id for e in c.excerpts] == ["2013-06-06-人命关天", "2016-各级党委和政府要", "2020-04-全国正在复工复产",
                                          "excerpt-4-生命重于泰山"]
    assert all(e.lang == "zh" for e in c.excerpts)
    # an editor's credit is the page's publishing information: dropped, with a warning
    assert c.outro == ("以上内容供学习参考。",)
    assert warning_at(result, line_of(path, "编辑："), "publishing information")
    assert warning_at(result, line_of(path, "2021年13月"), "no month 13")


def test_markdown_article_fallback_intro_clashes_and_undated_attributions():
    path = ARTICLES / "prevention-notes.md"
    result = import_article(path)
    c = result.collection
    assert (c.series, c.title) == ("Prevention Week", "Remarks on prevention")
    # no separator, no lead-in: all but the last paragraph before the first attribution are intro
    assert len(c.intro) == 2
    assert warning_at(result, line_of(path, "Inspection must be regular"), "introduction")
    assert summary(c) == [
        ("2013-06-06", "Instructions on production safety", 1),      # `-` at column 0, On June 6, 2013
        ("2013-06-06", "Speech at the same meeting", 2),             # `--June 6, 2013`, no space
        ("2013-06-06", "Second speech at the same meeting", 1),      # `—June 6, 2013:`
        ("2020-04", "Important instructions on safe production", 1),  # `—In April 2020`
        (None, "Remarks at a staff meeting", 1),                     # indented, no date at all
    ]
    assert [e.id for e in c.excerpts] == [
        "2013-06-06-inspection-must-be-regular-not",
        "2013-06-06-rectify-hidden-dangers-at-once",
        "2013-06-06-rectify-hidden-dangers-at-once-2",
        "2020-04-plan-the-drills-for-the",
        "excerpt-5-look-for-hazards-before-they",
    ]
    # a column-0 `- item` list without dates stays in the text
    assert c.excerpts[1].paragraphs[1] == "Keep a list of: - exits - extinguishers"
    assert c.excerpts[4].paragraphs == ("Look for hazards before they look for you.",)
    assert c.outro == ()
    assert warning_at(result, line_of(path, "a note that has no text"), "no quotation text")
    assert warning_at(result, line_of(path, "Remarks at a staff meeting"), "found no date")


@pytest.mark.parametrize("attribution,date,source", [
    ("- On June 6, 2013, important instructions were made", "2013-06-06", "Important instructions were made"),
    ("-- June 6, 2013, a speech", "2013-06-06", "Speech"),
    ("— On 10 January 2016 the speech", "2016-01-10", "Speech"),
    ("—— On March 3rd, 2021, remarks", "2021-03-03", "Remarks"),
    ("– In April 2020, instructions", "2020-04", "Instructions"),
    ("\u3000\u3000- In 2016, a letter", "2016", "Letter"),
    ("\u00a0 \u00a0 ——2013年6月6日，在会议上的讲话", "2013-06-06", "会议上的讲话"),
    ("   —— 2020年4月、对安全生产作出重要指示", "2020-04", "对安全生产作出重要指示"),
    ("—— 2016年：讲话", "2016", "讲话"),
    ("—— ２０１６年，讲话", "2016", "讲话"),
    ("  - Remarks at the conference on 6th of June, 2013.", "2013-06-06", "Remarks at the conference"),
    ("  - An article, Sept. 9, 2019", "2019-09-09", "Article"),
    ("  - 2013-06-06, a speech", "2013-06-06", "Speech"),
    ("  - 2013.6.6 讲话", "2013-06-06", "讲话"),
    ("  - In April 2020", "2020-04", None),
])
def test_attribution_forms(attribution, date, source):
    c = parse_article(f"Title\n\nThe quotation.\n\n{attribution}\n", "t").collection
    assert [(str(e.date), e.source) for e in c.excerpts] == [(date, source)]


def test_attribution_directly_under_text_closes_the_excerpt():
    c = parse_article("T\n\nOne.\nTwo.\n—— On June 6, 2013, a speech\nAfter.\n", "t").collection
    assert c.excerpts[0].paragraphs == ("One. Two.",)
    assert c.outro == ("After.",)


def test_lead_in_rule_treats_a_closing_quote_after_a_period_as_a_sentence_end():
    text = "T\n\nHe said “be careful.”\n\nThe quotation.\n\n— In 2016, a speech\n"
    result = parse_article(text, "t")
    assert result.collection.intro == ("He said “be careful.”",)  # fallback rule, with its warning
    assert warning_at(result, 5, "introduction")
    lead_in = parse_article("T\n\nIntro.\n\nHe said “listen”\n\nQ1.\n\nQ2.\n\n— In 2016, a speech\n", "t")
    assert lead_in.collection.intro == ("Intro.", "He said “listen”")
    assert lead_in.collection.excerpts[0].paragraphs == ("Q1.", "Q2.")
    assert not lead_in.warnings


def test_separator_wins_over_lead_in_and_one_paragraph_needs_no_intro():
    text = "T\n\nIntro:\n\n---\n\nQ1:\n\nQ2.\n\n— In 2016, a speech\n"
    c = parse_article(text, "t").collection
    assert c.intro == ("Intro:",) and c.excerpts[0].paragraphs == ("Q1:", "Q2.")
    c = parse_article("T\n\nOnly.\n\n— In 2016, a speech\n", "t").collection
    assert c.intro == () and c.excerpts[0].paragraphs == ("Only.",)


def test_title_forms():
    assert parse_article("# Plain title\n\nQ.\n\n— In 2016, x\n", "t").collection.title == "Plain title"
    c = parse_article("【系列】标题\n\n问。\n\n——2016年，讲话\n", "t").collection
    assert (c.series, c.title) == ("系列", "标题")
    result = parse_article("— In 2015, nothing\n\nQ.\n\n— In 2016, x\n", "my-notes")
    assert result.collection.title == "My notes" and any("title" in w.message for w in result.warnings)


@pytest.mark.parametrize("text,words", [
    ("", "is empty"),
    ("  \n\u3000\n< unk >\n", "is empty"),
    ("Title\n\nJust some text.\n", "no attribution"),
    ("Title\n\n— In 2016, a speech\n", "no quotation text"),
])
def test_articles_that_cannot_be_imported(text, words):
    with pytest.raises(ContentError) as info:
        parse_article(text, "t", "a.txt")
    assert words in str(info.value) and info.value.problems[0].file == "a.txt"


def test_unreadable_files(tmp_path):
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\xe9\n\nQ.\n\n- In 2016, x\n".encode("latin-1"))
    with pytest.raises(ContentError, match="not UTF-8"):
        import_article(latin1)
    with pytest.raises(ContentError, match="cannot be read"):
        import_article(tmp_path / "missing.txt")
    with pytest.raises(ContentError, match="docx"):
        (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
        import_article(tmp_path / "old.doc")


# --- articles copied from web pages ---------------------------------------------------------

def warned(result, path: Path, needle: str, words: str) -> bool:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    number = next((i for i, line in enumerate(lines, 1) if line.strip() == needle), None) or line_of(path, needle)
    return warning_at(result, number, words)


def test_chinese_web_page_with_single_line_breaks_labels_and_page_info():
    path = ARTICLES / "xinhua-anquan-web.txt"
    result = import_article(path)
    c = result.collection
    assert (c.series, c.title, c.lang) == (None, "习近平谈安全生产：人命关天，发展决不能以牺牲人的生命为代价", "zh")
    # the breadcrumb and `来源：… 浏览次数` line are dropped; the paragraph after 【编前语】 is the intro
    assert c.intro == ("今年6月是第22个全国“安全生产月”。安全生产事关人民群众生命财产安全，事关改革发展稳定大局。党的十八大以来，"
                       "习近平总书记高度重视安全生产工作，作出一系列重要论述。让我们一起学习。",)
    assert summary(c) == [
        ("2013-06-06", "就做好安全生产工作作出的重要指示", 1),
        ("2013-07-18", "中共中央政治局第二十八次常委会会议上的讲话", 1),  # wrapped onto a second line
        ("2020-04-10", "对安全生产作出的重要指示", 1),                  # a bracketed line, no dash
        ("2018-05-18", "全国生态环境保护大会上的讲话", 1),              # 2018年5月18日至19日: the first day
        ("2013-06", "中央政治局常委会会议上的讲话", 1),                 # 2013年6月
    ]
    # labels (`一、` above, `三、` before, `（四）`, `第五`) are in neither the text nor the ids
    assert [e.id for e in c.excerpts] == ["2013-06-06-人命关天", "2013-07-18-各级党委和政府要", "2020-04-10-生命重于泰山",
                                          "2018-05-18-要坚持底线思维", "2013-06-安全生产是民生大"]
    assert c.excerpts[0].paragraphs == ("人命关天，发展决不能以牺牲人的生命为代价。这必须作为一条不可逾越的红线。",)
    assert c.excerpts[2].paragraphs[0].startswith("生命重于泰山。")
    assert c.outro == ("以上内容根据新华网报道整理。",)  # 责任编辑 and 【打印本页】【关闭窗口】 dropped
    assert warned(result, path, "当前位置", "publishing information")
    assert warned(result, path, "浏览次数", "publishing information")
    assert warned(result, path, "责任编辑", "publishing information")
    assert warned(result, path, "【打印本页】", "publishing information")
    assert warned(result, path, "来源", "no blank lines between paragraphs")
    for label in ("一、", "二、", "三、", "（四）", "第五"):
        assert warned(result, path, label, f"numbering label '{label}'"), label
    assert warned(result, path, "的讲话", "joined this line to the attribution on line 11")
    assert warned(result, path, "2018年5月18日至19日", "range of dates; took its first, May 18, 2018")
    assert all(w.line for w in result.warnings)


def test_english_web_page_with_single_line_breaks_labels_and_page_info():
    path = ARTICLES / "safety-remarks-web.txt"
    result = import_article(path)
    c = result.collection
    assert (c.title, c.lang) == ("Ten remarks on work safety, from the plant floor to the boardroom", "en")
    assert c.intro == ("June is safety month at Riverside Works. We collected what managers, inspectors and union "
                       "officers have said about safety at work over the last ten years, and numbered the remarks "
                       "in the order they were made.",)  # `Editor's note:` taken off
    assert summary(c) == [
        ("2015-09-11", "Remarks to the board on the annual safety plan", 1),  # `…, Sept. 11, 2015` at the end
        ("2013-06-06", "Speech to new shift leaders at the training centre of the northern plant", 1),  # (June 6, 2013)
        ("2018-05-18", "Closing address at the inspectors' conference", 1),   # May 18-19, 2018
        ("2013-06-06", "Remarks to shift leaders", 1),                        # two lines, `june 6, 2013` below
        ("2016", "Letter to the union branch in Ontario", 1),                 # a bare year at the end
    ]
    assert [e.id for e in c.excerpts] == [
        "2015-09-11-human-life-is-at-stake", "2013-06-06-every-manager-is-responsible-for",
        "2018-05-18-inspections-must-be-regular-and", "2013-06-06-training-saves-lives-and-it",
        "2016-a-safe-plant-is-a"]
    assert c.excerpts[3].paragraphs == ("Training saves lives, and it costs less than a single accident. Train every "
                                        "new starter before the first shift, not after.",)
    assert c.outro == ()
    assert warned(result, path, "Home > News", "publishing information")
    assert warned(result, path, "Source: Riverside", "publishing information")
    assert warned(result, path, "Share this", "publishing information")
    assert warned(result, path, "01", "numbering label '01'")
    assert warned(result, path, "04 Training", "numbering label '04'")
    assert warned(result, path, "northern plant", "joined this line to the attribution")
    assert warned(result, path, "june 6, 2013", "as one attribution")
    assert warned(result, path, "May 18-19, 2018", "range of dates")
    assert not any("no quotation" in w.message for w in result.warnings)


def test_article_without_a_title_line_takes_the_file_name():
    path = ARTICLES / "remarks-without-title.txt"
    result = import_article(path)
    c = result.collection
    assert (c.series, c.title) == (None, "Remarks without title")
    assert warning_at(result, 1, "no title line") and warning_at(result, 1, "Remarks without title")
    assert c.intro == ("These remarks were collected for the safety week of the northern depot. Read one at each "
                       "morning briefing.",)
    assert summary(c) == [
        ("2013-06", "Speech to the depot managers", 1),                    # 2013-06, not 2013 and `06, a speech`
        ("2016-03", "In Maine, at the regional drivers' meeting", 2),      # a real leading `in` stays
        ("2013-06-07", "Toolbox talk", 1),                                 # 6/7/2013: month first, warned
        ("2013-06-06", "Inspection of the paint store", 1),                # JUNE 6, 2013
    ]
    assert [e.id for e in c.excerpts] == ["2013-06-human-life-first-no-schedule", "2016-03-report-every-near-miss-the",
                                          "2013-06-07-safety-rules-are-written-in",
                                          "2013-06-06-keep-every-fire-exit-clear"]
    assert c.excerpts[0].paragraphs == ("Human life first. No schedule is worth a life.",)
    assert c.excerpts[1].paragraphs == ("Report every near miss, the same day.",
                                        "Near misses are free lessons; accidents are expensive ones.")
    assert c.excerpts[3].paragraphs == ("Keep every fire exit clear and every extinguisher in date.",)
    assert warned(result, path, "Editor: Li Ming", "publishing information")
    assert warned(result, path, "Views: 1,024", "publishing information")
    assert warned(result, path, "6/7/2013", "read '6/7/2013' as June 7, 2013 (month first, the US order); "
                                            "it could also be July 6, 2013")
    assert warned(result, path, "(3)", "numbering label '(3)'")
    assert warned(result, path, "No. 4", "numbering label 'No. 4'")
    assert warned(result, path, "II. Fire safety", "section heading")


def test_markdown_article_loses_its_marks_and_headings():
    path = ARTICLES / "xuexi-zhaibian.md"
    result = import_article(path)
    c = result.collection
    assert (c.series, c.title, c.lang) == ("学习园地", "安全生产重要论述摘编", "zh")
    assert c.intro == ("安全生产是民生大事，一丝一毫不能放松。本期摘编几段重要论述，供各支部学习讨论。",)  # **导语：** off
    assert summary(c) == [
        ("2013-06-06", "中央政治局常委会会议上的讲话", 1),  # bracketed at the end of the quotation's line
        ("2013-07", "中央政治局常委会会议上的讲话", 1),     # 二〇一三年七月
        ("2013-06-06", "讲话", 1),                         # 2013年6月6日至7日，讲话: source `讲话`
    ]
    assert c.excerpts[0].paragraphs == ("人命关天，发展决不能以牺牲人的生命为代价。这必须作为一条不可逾越的红线。",)
    assert c.excerpts[2].paragraphs == ("落实安全生产责任制，要坚持党政同责、一岗双责、齐抓共管、失职追责。",)
    assert c.outro == ("详见新华网专题。",)  # a link keeps its text
    assert "*" not in dump_collection(c) and "#" not in dump_collection(c)
    assert warned(result, path, "## 一、", "section heading")
    assert warned(result, path, "（2013年6月6日", "bracketed text at the end of this line")
    assert warned(result, path, "至7日", "range of dates")


@pytest.mark.parametrize("attribution,date,source", [
    ("—— 2013-06, a speech", "2013-06", "Speech"),
    ("— June 6-7, 2013", "2013-06-06", None),
    ("— May 18 to 19, 2018, a conference", "2018-05-18", "Conference"),
    ("——2013年6月6日至7日，讲话", "2013-06-06", "讲话"),
    ("——2018年5月18日—19日，讲话", "2018-05-18", "讲话"),
    ("— (June 6, 2013) a speech", "2013-06-06", "Speech"),
    ("——习近平在会议上的讲话（新华社2015年6月2日电）", "2015-06-02", "习近平在会议上的讲话（新华社）"),
    ("——（新华社2015年6月2日电）", "2015-06-02", "新华社"),
    ("— june 6, 2013", "2013-06-06", None),
    ("— JUNE 6, 2013, remarks", "2013-06-06", "Remarks"),
    ("— Speech in Ontario, 2016", "2016", "Speech in Ontario"),
    ("— 6/6/2013", "2013-06-06", None),
    ("— 13/6/2013, a talk", "2013-06-13", "Talk"),
    ("— March, 2016 in Maine", "2016-03", "In Maine"),
    ("— June 2013, a visit", "2013-06", "Visit"),
    ("——2013年6月，讲话", "2013-06", "讲话"),
    ("— Speech at the conference, Sep 11, 2015", "2015-09-11", "Speech at the conference"),
    ("— 2013-2016 plan review", "2013", "Plan review"),
])
def test_attribution_forms_found_on_web_pages(attribution, date, source):
    c = parse_article(f"Title\n\nThe quotation.\n\n{attribution}\n", "t").collection
    assert [(str(e.date), e.source) for e in c.excerpts] == [(date, source)]


@pytest.mark.parametrize("attribution,words", [
    ("— June 6-7, 2013", "'June 6-7, 2013' is a range of dates; took its first, June 6, 2013"),
    ("— 6/7/2013", "could also be July 6, 2013"),
    ("— 6.7.2013", "read '6.7.2013' as July 6, 2013 (day first, as with dots)"),
    ("——2013年6月6日，在2013年全国安全生产工作会议上的讲话", "the source keeps '2013年'"),
])
def test_disputable_dates_are_warned_at_their_line(attribution, words):
    result = parse_article(f"Title\n\nThe quotation.\n\n{attribution}\n", "t")
    assert warning_at(result, 5, words)


@pytest.mark.parametrize("text,ident,paragraph", [
    ("1. Human life first.", "2013-06-06-human-life-first", "Human life first."),
    ("一、人命关天。", "2013-06-06-人命关天", "人命关天。"),
    ("（一）人命关天。", "2013-06-06-人命关天", "人命关天。"),
    ("01\nHuman life first.", "2013-06-06-human-life-first", "Human life first."),
    ("① 人命关天。", "2013-06-06-人命关天", "人命关天。"),
    ("第一\n\n人命关天。", "2013-06-06-人命关天", "人命关天。"),
    ("第一，要坚持人民至上。", "2013-06-06-第一", "第一，要坚持人民至上。"),  # a speaker's own "first," stays
    ("12 workers were hurt.", "2013-06-06-12-workers-were-hurt", "12 workers were hurt."),
    ("要阅读100本书。", "2013-06-06-要阅读", "要阅读100本书。"),  # not a `阅读：100` counter
])
def test_numbering_labels_stay_out_of_text_and_ids(text, ident, paragraph):
    c = parse_article(f"Title\n\n{text}\n\n—— 2013年6月6日，讲话\n", "t").collection
    assert [(e.id, e.paragraphs) for e in c.excerpts] == [(ident, (paragraph,))]


def test_publishing_info_and_lead_ins_are_never_excerpt_text():
    text = ("Title\n\nSource: Xinhua | 2023-06-01\n\n导语：安全生产事关人民福祉。\n\n浏览次数：123\n\n"
            "Editor: Zhang San\n\nThe quotation.\n\n— June 6, 2013, a speech\n\n责任编辑：李四\n")
    result = parse_article(text, "t")
    c = result.collection
    assert c.intro == ("安全生产事关人民福祉。",)
    assert c.excerpts[0].paragraphs == ("The quotation.",) and c.outro == ()
    for line in (3, 7, 9, 15):
        assert warning_at(result, line, "publishing information"), line
    lead = parse_article("T\n\n【编前语】\n\nThe lead.\n\nThe quotation.\n\n— In 2016, x\n", "t").collection
    assert lead.intro == ("The lead.",) and lead.excerpts[0].paragraphs == ("The quotation.",)
    note = parse_article("T\n\nEditor's note: We chose these.\n\nQ.\n\n— In 2016, x\n", "t")
    assert note.collection.intro == ("We chose these.",) and not note.warnings


def test_wrapped_and_doubled_attributions():
    text = ("T\n\nOne.\n\n—— 2013年7月18日，在中共中央政治局第二十八次常委会会议上\n的讲话\n\nTwo.\n\n"
            "— Speech at the conference,\n  Sept. 11, 2015\n\nThree.\n— Remarks to shift leaders\n— June 6, 2013\n\n"
            "Four.\n\n— In 2016, a letter\nAfter.\n")
    result = parse_article(text, "t")
    c = result.collection
    assert summary(c) == [("2013-07-18", "中共中央政治局第二十八次常委会会议上的讲话", 1),
                          ("2015-09-11", "Speech at the conference", 1),
                          ("2013-06-06", "Remarks to shift leaders", 1),
                          ("2016", "Letter", 1)]
    assert c.outro == ("After.",)  # a sentence under an attribution is not its continuation
    assert warning_at(result, 6, "joined this line to the attribution on line 5")
    assert warning_at(result, 11, "joined this line to the attribution on line 10")
    assert warning_at(result, 15, "as one attribution")
    assert not any("no quotation" in w.message for w in result.warnings)


def test_single_line_breaks_only():
    long = "Safety is everyone's job, every shift, every day, from the gate to the loading bay and back again."
    text = f"Title\n{long}\nSecond paragraph.\n— June 6, 2013, a speech\n{long}\n— In 2016, a letter\n"
    result = parse_article(text, "t")
    c = result.collection
    assert c.intro == (long,) and c.excerpts[0].paragraphs == ("Second paragraph.",)
    assert warning_at(result, 2, "no blank lines")
    # with blank lines, a block of long lines is one paragraph per line; short lines still join
    text = f"Title\n\nIntro:\n\n{long}\n{long}\n\n— In 2016, x\n\nShort one.\nShort two.\n\n— In 2017, y\n"
    result = parse_article(text, "t")
    assert [e.paragraphs for e in result.collection.excerpts] == [(long, long), ("Short one. Short two.",)]
    assert warning_at(result, 5, "paragraph of its own")
    # an indented line after a full stop starts a paragraph
    result = parse_article("标题\n\n导语：引言。\n\n　　第一段。\n　　第二段。\n\n——2016年，讲话\n", "t")
    assert result.collection.intro == ("引言。",)
    assert result.collection.excerpts[0].paragraphs == ("第一段。", "第二段。")
    assert warning_at(result, 5, "took the 2 paragraphs after the lead-in as the first excerpt")


def test_datelines_without_text_before_them_are_not_attributions():
    text = "标题\n\n（新华社2015年6月2日电）\n\n人命关天。\n\n（2013年6月6日在会议上的讲话）\n\n要坚持。\n\n（新华社2015年6月2日电）\n"
    result = parse_article(text, "t")
    c = result.collection
    assert summary(c) == [("2013-06-06", "会议上的讲话", 1), ("2015-06-02", "新华社", 1)]
    assert c.intro == () and warning_at(result, 3, "dateline")


# --- an article and its translation ---------------------------------------------------------

ZH, EN = ARTICLES / "fire-week-zh.txt", ARTICLES / "fire-week-en.txt"


def test_article_and_translation_make_one_bilingual_collection():
    result = import_bilingual(ZH, EN)
    c = result.collection
    assert (c.name, c.title, c.series, c.lang) == ("fire-week-zh", "消防安全重要论述摘编", "消防安全周｜学习材料", "zh")
    assert [(e.id, e.translation, e.translation_source) for e in c.excerpts] == [
        # same date; the translation's one paragraph split at a sentence end, to match the text's two
        ("2022-11-09-安全出口是生命通", ("A safety exit is a lifeline and must never be blocked.",
                                      "Every worker must know where the nearest exit is."),
         "Speech at the fire safety inspection meeting"),
        # same date; the translation's two paragraphs joined, to match the text's one
        ("2023-易燃物品要远离明", ("Keep flammable materials away from open flames. Clear them away after use.",),
         "Speech at the work safety conference"),
        ("2019-03-电气线路要定期检", (), None),   # the translation has nothing from March 2019
        ("excerpt-4-灭火器要放在明处", (), None),  # undated pair, but one sentence cannot fill two paragraphs
        ("2021-05-04-夜间值班人员每两", ("Night-shift staff patrol every two hours.",),
         "Instructions on night-shift management"),
    ]
    assert all(e.lang == "zh" and e.translation_lang == "en" for e in c.excerpts)

    def said(path, needle, *words):
        line = line_of(path, needle)
        return any(w.file == str(path) and w.line == line and all(x in w.message for x in words)
                   for w in result.warnings)

    assert said(ZH, "安全出口是生命通道", f"{EN}:{line_of(EN, 'A safety exit')}", "split its 1 paragraph into 2")
    assert said(ZH, "易燃物品", f"{EN}:{line_of(EN, 'Keep flammable')}", "joined its 2 paragraphs into 1")
    assert said(ZH, "电气线路", "has no translation", f"{EN} has no excerpt dated 2019-03")
    assert said(ZH, "灭火器要放在明处", "left without its translation", f"{EN}:{line_of(EN, 'Extinguishers')}",
                "only 1 sentence")
    assert said(EN, "Gas cylinders", "pairs with no excerpt of", str(ZH), "not used")
    assert said(ZH, "在班组长培训班上", "found no date")  # each article's own warnings come along
    files = [w.file for w in result.warnings]
    assert files == sorted(files, key=lambda f: f != str(ZH))  # the article's warnings first, by line
    # the YAML it writes loads back: every translation has one paragraph per paragraph
    loaded = parse_collection(dump_collection(c), name=c.name)
    assert [e.translation for e in loaded.excerpts] == [e.translation for e in c.excerpts]


def test_english_article_with_a_chinese_translation_is_an_english_collection():
    result = import_bilingual(EN, ZH)
    c = result.collection
    assert (c.lang, c.title) == ("en", "Remarks on fire safety")
    assert [e.translation for e in c.excerpts] == [
        ("安全出口是生命通道，任何时候都不能堵塞。每一名员工都要知道离自己最近的出口在哪里。",),  # two joined into one
        (),                                        # one Chinese sentence cannot fill two paragraphs
        ("灭火器要放在明处。每月检查一次压力。",),    # the undated pair
        ("夜间值班人员每两小时巡查一次。",),
        (),                                        # August 2020: not in the Chinese article
    ]
    assert c.excerpts[0].translation_source == "消防安全大检查部署会上的讲话"
    assert warning_at(result, line_of(EN, "Keep flammable"), "left without its translation")
    assert warning_at(result, line_of(EN, "Gas cylinders"), f"{ZH} has no excerpt dated 2020-08")
    assert warning_at(result, line_of(ZH, "电气线路"), "pairs with no excerpt of")


def test_pairing_by_date_then_by_precision_then_by_order_among_the_undated():
    from generator.content.importer.bilingual import pair_translation

    zh = parse_article("标题\n\n一。\n\n——2013年6月6日，讲话\n\n二。\n\n——2013年6月6日，讲话\n\n三。\n\n——讲话\n\n"
                       "四。\n\n——2016年，讲话\n", "zh", "zh.txt")
    en = parse_article("Title\n\nTwo.\n\n— June 2013, a speech\n\nOne.\n\n— June 6, 2013, a speech\n\n"
                       "Three.\n\n— A speech\n", "en", "en.txt")
    result = pair_translation(zh, en, "zh.txt", "en.txt")
    assert [e.translation for e in result.collection.excerpts] == [("One.",), ("Two.",), ("Three.",), ()]
    assert warning_at(result, 7, "with the translation's excerpt dated 2013-06 (en.txt:3): the dates differ in "
                                 "precision only")
    assert warning_at(result, 15, "en.txt has no excerpt dated 2016 left")


def test_a_translation_in_the_same_language_is_refused():
    with pytest.raises(ContentError) as info:
        import_bilingual(ZH, ARTICLES / "anquan-shengchan.txt")
    assert "same language (zh)" in str(info.value)


@pytest.mark.parametrize("text,translation,aligned", [
    (("一。", "二。"), ("One. Two.",), ("One.", "Two.")),
    (("一。",), ("One.", "Two."), ("One. Two.",)),
    (("短。", "这一段长得多，长得多，长得多。", "短。"), ("Short. A much longer one, much longer.", "Short."),
     ("Short.", "A much longer one, much longer.", "Short.")),
    (("一。", "二。", "三。"), ("Only one sentence.",), None),
])
def test_translation_paragraphs_are_aligned_one_to_one(text, translation, aligned):
    assert align_paragraphs(text, translation)[0] == aligned


def test_import_command_with_a_translation(tmp_path):
    from click.testing import CliRunner

    from generator.cli import cli

    out = tmp_path / "fire.yaml"
    result = CliRunner().invoke(cli, ["-w", str(tmp_path), "import", str(ZH), "--translation", str(EN),
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == ("Wrote fire.yaml: 5 excerpt(s) (3 with a translation), 1 intro paragraph(s), "
                                     "0 outro paragraph(s)")
    assert f"Warning: {EN}:{line_of(EN, 'Gas cylinders')}: the translation's excerpt" in result.stderr
    loaded = parse_collection(out.read_text(encoding="utf-8"), name="fire")
    assert loaded.lang == "zh" and loaded.excerpts[0].translation_source == "Speech at the fire safety inspection meeting"


# --- .docx ----------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes(body: str, *, extra: dict[str, bytes] | None = None, prolog: str = "") -> bytes:
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
                f'<w:document xmlns:w="{W}" '
                'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
                f"<w:body>{body}<w:sectPr/></w:body></w:document>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml",
                         '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"><Default Extension="rels" ContentType="application/'
                         'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
                         '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("_rels/.rels",
                         '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
                         '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                         'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                         'Target="word/document.xml"/></Relationships>')
        archive.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def paragraph_xml(lines: list[str]) -> str:
    """One w:p; each line split over two runs, lines joined by w:br."""
    parts = []
    for i, line in enumerate(lines):
        if i:
            parts.append("<w:r><w:br/></w:r>")
        half = len(line) // 2
        parts.append(run(line[:half]) + run(line[half:]))
    return "<w:p>" + "".join(parts) + "</w:p>"


@pytest.mark.parametrize("name", ["workplace-notes.txt", "anquan-shengchan.txt", "prevention-notes.md",
                                  "remarks-without-title.txt"])
def test_docx_imports_like_the_text_article(tmp_path, name):
    text = (ARTICLES / name).read_text(encoding="utf-8-sig")
    blocks = [block.splitlines() for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]
    docx = tmp_path / (Path(name).stem + ".docx")
    docx.write_bytes(docx_bytes("".join(paragraph_xml(b) for b in blocks) + "<w:p/>"))
    from_docx, from_text = import_article(docx).collection, import_article(ARTICLES / name).collection
    for field in ("name", "title", "series", "lang", "intro", "outro"):
        assert getattr(from_docx, field) == getattr(from_text, field)
    assert [(e.id, e.paragraphs, e.date, e.source, e.lang) for e in from_docx.excerpts] == \
           [(e.id, e.paragraphs, e.date, e.source, e.lang) for e in from_text.excerpts]


def test_docx_messages_name_paragraphs(tmp_path):
    body = "".join(paragraph_xml([t]) for t in ["Title", "Q <unk> one.", "— In 2016, a speech"])
    docx = tmp_path / "a.docx"
    docx.write_bytes(docx_bytes(body))
    result = import_article(docx)
    assert [(w.line, w.message) for w in result.warnings] == [(2, "paragraph 2: removed extraction debris '<unk>'")]


def test_docx_tabs_breaks_text_boxes_and_tracked_deletions(tmp_path):
    body = (
        "<w:p>" + run("Title") + "</w:p><w:p>" + run("Intro:") + "</w:p>"
        '<w:p><w:r><w:t>Keep</w:t></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del>'
        '<w:r><w:tab/><w:t>going.</w:t></w:r>'
        '<w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>Box text.</w:t></w:r></w:p>'
        "</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>Box text.</w:t></w:r></w:p>"
        "</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>"
        "<w:p><w:r><w:tab/><w:t>— On June 6, 2013, a speech</w:t></w:r></w:p>"
    )
    docx = tmp_path / "a.docx"
    docx.write_bytes(docx_bytes(body))
    c = import_article(docx).collection
    assert c.excerpts[0].paragraphs == ("Keep\tgoing.", "Box text.")
    assert str(c.excerpts[0].date) == "2013-06-06"


def test_docx_attribution_paragraph_without_a_dash(tmp_path):
    paragraphs = [
        "[Safety Week] Remarks on safety",
        "These remarks were collected for the safety week:",
        "Human life first. No schedule is worth a life.",
        "On June 6, 2013, important instructions on production safety",   # no dash, date first
        "In 2016, the plant had no accidents at all.",                     # a sentence: quotation text
        "Keep the exits clear",
        "Speech at the annual safety conference, 2016",                    # no dash, date last
        "安全生产是民生大事，一丝一毫不能放松。",
        "2013年6月6日，在中央政治局常委会会议上的讲话",
        "Remember the exits",
    ]
    docx = tmp_path / "remarks.docx"
    docx.write_bytes(docx_bytes("".join(paragraph_xml([p]) for p in paragraphs)))
    result = import_article(docx)
    c = result.collection
    assert c.intro == ("These remarks were collected for the safety week:",)
    assert summary(c) == [("2013-06-06", "Important instructions on production safety", 1),
                          ("2016", "Speech at the annual safety conference", 2),
                          ("2013-06-06", "中央政治局常委会会议上的讲话", 1)]
    assert c.excerpts[1].paragraphs == ("In 2016, the plant had no accidents at all.", "Keep the exits clear")
    assert c.excerpts[2].lang == "zh" and c.outro == ("Remember the exits",)
    for number in (4, 7, 9):
        assert warning_at(result, number, f"paragraph {number}: took this paragraph as an attribution although "
                                          "no dash leads it"), number
    # the same lines in a .txt file are text: only .docx paragraphs are read without their dash
    text = "\n\n".join(paragraphs[:5]) + "\n\n— In 2017, x\n"
    assert len(parse_article(text, "t").collection.excerpts) == 1


def test_bad_docx_files_raise_content_errors_naming_the_file(tmp_path, monkeypatch):
    cases = {
        "notzip.docx": b"this is not a zip",
        "truncated.docx": docx_bytes(run("x"))[:100],
        "nodoc.docx": _zip_without_document(),
        "badxml.docx": _zip_with_document(b"<w:document><w:body>"),
        "dtd.docx": docx_bytes("<w:p>" + run("&a;") + "</w:p>",
                               prolog='<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">]>'),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(ContentError) as info:
            import_article(path)
        assert info.value.problems[0].file == str(path), name
    monkeypatch.setattr(docx_text, "MAX_DOCX_XML_BYTES", 1000)
    big = tmp_path / "big.docx"
    big.write_bytes(docx_bytes("<w:p>" + run("x" * 5000) + "</w:p>"))
    with pytest.raises(ContentError, match="too much"):
        import_article(big)


def _zip_with_document(xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/other.xml", b"<x/>")
    return buffer.getvalue()


# --- round trip and robustness --------------------------------------------------------------

def same_content(a, b) -> None:
    assert (a.title, a.series, a.lang, a.intro, a.outro) == (b.title, b.series, b.lang, b.intro, b.outro)
    assert [(e.id, e.paragraphs, e.date, e.source, e.lang) for e in a.excerpts] == \
           [(e.id, e.paragraphs, e.date, e.source, e.lang) for e in b.excerpts]


@pytest.mark.parametrize("path", [SEED, *sorted(ARTICLES.iterdir())], ids=lambda p: p.name)
def test_round_trip_through_yaml(path):
    collection = import_article(path).collection
    same_content(parse_collection(dump_collection(collection), name=collection.name), collection)


FRAGMENTS = st.sampled_from([
    "\n", "\n\n", "\r\n", "\r", "\u2028", "\x85", "\x0c", "\x00", "\ufeff", " ", "\u00a0 ", "\u3000", "\t",
    "-", "--", "—", "——", "–", "- ", "—— ", "***", "* * *", "---", "#", "# ", "[", "]", "【", "】", "[S] T",
    "On ", "In ", "on ", "the ", "a ", "an ", "在", "June 6, 2013", "June 31, 2019", "10 January 2016",
    "March 3rd, 2021", "April 2020", "2016", "2013年6月6日", "2020年4月", "2016年", "2021年13月", "0000年",
    "2013-06-06", "9999", "< unk >", "<unk>", "[UNK]", "Text.", "Human life.", "人命关天。", ":", "：", "“", "”",
    '"', "'", ",", "，", "、", "null", "~", "yes", "- id: x", "&a", "*b", "|", ">", "%", "@", "`", "{", "}",
    # what web pages add
    "01", "1. ", "一、", "（一）", "第一", "①", "No. 4", "II. ", "（", "）", "(", ")", "【编前语】", "导语：", "来源：",
    "Source: ", "Views: 12", "责任编辑：", "Editor: ", "Editor's note: ", "Home > News", "(June 6, 2013)",
    "6/7/2013", "May 18-19, 2018", "2018年5月18日至19日", "2013-06", "二〇一三年七月", "（新华社2015年6月2日电）",
    "Sept. 11, 2015", "june 6, 2013", "**", "_", "## ", "[a](b)", "\u3000\u3000", "的讲话", " of the", "x" * 95,
])
LINE = st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), min_size=1, max_size=8).map("".join)
ATTRIBUTION = st.tuples(
    st.sampled_from(["", "  ", "\u00a0 \u00a0 ", "\u3000\u3000", "\t", " \u00a0\u3000"]),
    st.sampled_from(["-", "--", "—", "——", "–", "- ", "— ", "—— "]),
    st.sampled_from(["On June 6, 2013", "June 6, 2013", "On 10 January 2016", "On March 3rd, 2021", "In April 2020",
                     "In 2016", "2013年6月6日", "2020年4月", "2016年", "June 31, 2019", "2021年13月", "",
                     "May 18-19, 2018", "2018年5月18日至19日", "(June 6, 2013)", "6/7/2013", "2013-06"]),
    LINE,
).map(lambda parts: f"{parts[0]}{parts[1]}{parts[2]}, {parts[3]}")
PARAGRAPH = st.lists(LINE, min_size=1, max_size=3).map("\n".join)
GROUP = st.tuples(st.lists(PARAGRAPH, max_size=3), ATTRIBUTION).map(lambda g: "\n\n".join([*g[0], g[1]]))
STRUCTURED = st.tuples(LINE, st.lists(PARAGRAPH, max_size=3), st.lists(GROUP, min_size=1, max_size=4),
                       st.lists(PARAGRAPH, max_size=2)).map(
    lambda a: "\n\n".join([a[0], *a[1], *a[2], *a[3]]))
ARTICLE_TEXT = st.one_of(
    st.text(),
    st.lists(st.one_of(FRAGMENTS, st.text(max_size=6)), max_size=40).map("".join),
    STRUCTURED,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARTICLE_TEXT)
def test_parse_article_raises_only_content_errors_and_round_trips(text):
    try:
        result = parse_article(text, "fuzz")
    except ContentError:
        return
    collection = result.collection
    assert collection.excerpts
    same_content(parse_collection(dump_collection(collection), name="fuzz"), collection)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([".txt", ".md", ".docx"]))
def test_import_article_raises_only_content_errors_on_arbitrary_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_bytes(data)
        try:
            import_article(path)
        except ContentError:
            pass
