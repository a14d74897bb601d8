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
from generator.content.importer import docx_text, import_article, parse_article

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
    assert c.outro == ("以上内容供学习参考。", "编辑：安全生产委员会办公室")
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


@pytest.mark.parametrize("name", ["workplace-notes.txt", "anquan-shengchan.txt", "prevention-notes.md"])
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
])
LINE = st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), min_size=1, max_size=8).map("".join)
ATTRIBUTION = st.tuples(
    st.sampled_from(["", "  ", "\u00a0 \u00a0 ", "\u3000\u3000", "\t", " \u00a0\u3000"]),
    st.sampled_from(["-", "--", "—", "——", "–", "- ", "— ", "—— "]),
    st.sampled_from(["On June 6, 2013", "June 6, 2013", "On 10 January 2016", "On March 3rd, 2021", "In April 2020",
                     "In 2016", "2013年6月6日", "2020年4月", "2016年", "June 31, 2019", "2021年13月", ""]),
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
