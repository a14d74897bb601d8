"""Chinese line breaking (clreq): typeset()'s rules, and the lines of real PDFs and DOCX read back by position."""

from __future__ import annotations

import ctypes
import re
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium
import pytest
from docx.oxml.ns import qn

import generator.campaign as campaign_package
from generator.content.selection import Selection
from generator.content.workspace import Workspace
from generator.materials.material import Material
from generator.materials.options import RenderOptions
from generator.materials.typography import JOINER, NNBSP, plain, typeset, typeset_all
from generator.writers.render import render_material
from tests import engine
from tests.fidelity import pdf_text as pdftotext
from tests.conftest import SAMPLE, ZH_SAMPLE, make_workspace

# clreq 6.1.1, basic rules: never at the start of a line / never at its end
NOT_AT_START = "、，。．：；！？”’）)］】》〉」』〕〗｝·・～"
NOT_AT_END = "“‘（(［【《〈「『〔〖｛"
CLAUSE_MARKS = tuple("，、；：。！？”’》）」』")
OPENING_MARKS = "“‘《（「『"
IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
UNIT = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[0-9A-Za-z.]+")
# what must never be split across lines, found in the text independently of typeset()'s own rules
PROTECTED = [
    re.compile(r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?"),                       # dates
    re.compile(r"\d+(?:\.\d+)?\s?(?:°C|℃|%|‰|个月|学时|米|次|起|人|个)"),     # a number and its unit
    re.compile(r"第\d+"),
    re.compile(r"[“‘《（「『][^“”‘’《》（）「」『』\s]{1,4}[”’》）」』]"),    # short quoted terms
]

# The nasty cases: 60 °C, a date in running text, “燃料”, a paragraph whose natural last line is 道。
NASTY = textwrap.dedent("""\
    title: 消防安全周学习材料
    series: 消防安全周
    lang: zh
    intro: |
      每年11月9日是全国消防日。本周我们学习消防安全的几项基本要求，请各班组认真组织讨论，结合本岗位实际查找隐患。
    questions:
      - 你所在的岗位上，哪些地方最容易出现明火作业？
      - 如果库房温度超过60 °C，应当怎样处置？
    excerpts:
      - id: 2013-06-06-hongxian
        date: 2013-06-06
        source: 在中央政治局第28次常委会会议上关于安全生产的讲话
        text: |
          人命关天，发展决不能以牺牲人的生命为代价。这必须作为一条不可逾越的红线。2013年6月6日以来，各地区各部门认真落实这一要求，安全生产形势总体稳定，但事故总量仍然较大，一些地方和企业安全意识淡薄、责任不落实的问题依然存在，必须从思想上高度重视，从制度上严格管理，从行动上狠抓落实，做到警钟长鸣、常抓不懈，坚决守住这条红线。我们常说的道理，大家都知道。

          易燃物品要远离明火，用后及时清理。仓库内温度不得超过60 °C，存放“燃料”的区域每班检查两次，并做好记录。作业人员每3 个月轮训一次，考核合格率要达到100%，新入职员工必须在岗前完成不少于24学时的培训。发现隐患要立即上报，不能等、不能拖、不能靠，这就是我们常说的道。
      - id: 2020-04-fugong
        date: 2020-04
        source: 对安全生产作出的重要指示
        text: |
          当前，全国正在复工复产，要加强安全生产监管，分区分类加强安全监管执法，强化企业主体责任落实，牢牢守住安全生产底线，切实维护人民群众生命财产安全。从2019年的情况看，全国安全生产事故总量、较大事故和重特大事故实现“三个继续下降”，安全生产形势进一步好转，但隐患仍然很多，这方面工作还有很多要做。

          生命重于泰山。各级党委和政府务必把安全生产摆到重要位置，树牢安全发展理念，绝不能只重发展不顾安全，更不能将其视作无关痛痒的事，搞形式主义、官僚主义。
      - id: 2022-11-09-tongdao
        date: 2022-11-09
        source: 在消防安全大检查部署会上的讲话
        text: |
          安全出口是生命通道，任何时候都不能堵塞。每一名员工都要知道离自己最近的出口在哪里，记住“一懂三会”：懂火灾危险性，会报警、会使用灭火器、会逃生自救。库房门口堆放的纸箱、托盘和《消防法》禁止的其他物品，要在当天清走。温度传感器报警值设为60°C，烟感探头每月测试一次，测试结果记入台账，由班组长签字确认后交安全办公室存档备查。这件事情的道理，其实每个人都懂。
      - id: 2023-dao
        date: 2023-03
        source: 重要讲话
        text: |
          隐患险于明火，防范胜于救灾，责任重于泰山。安全工作没有捷径，只有把每一项制度落到实处，才是长久之道。
    """)
# the Chinese sample collection `presswork init` writes
FIRE_SAFETY_ZH = Path(campaign_package.__file__).parent / "samples" / "content" / "fire-safety-zh.yaml"


# --- typeset(): the rules one by one ------------------------------------------------------------

def held(typeset_text: str, group: str) -> bool:
    """True when no line may break inside `group` in the typeset text: a joiner, a no-break space or
    a mark every engine keeps (。 after a character, “ before one, a digit beside a digit) at each seam."""
    at = plain(typeset_text).replace(NNBSP, " ").find(group)
    assert at >= 0, (group, typeset_text)
    # walk the typeset text, one seam at a time, over the group's characters
    i, seen = 0, 0
    while seen < at or typeset_text[i] == JOINER:
        if typeset_text[i] != JOINER:
            seen += 1
        i += 1
    for k in range(len(group) - 1):
        left = typeset_text[i]
        i += 1
        joined = typeset_text[i] == JOINER
        while typeset_text[i] == JOINER:
            i += 1
        right = typeset_text[i]
        engine_keeps = (right in "。，、；：？！”’）》」』…%" or left in "“‘（《「『" or left == NNBSP or right == NNBSP
                        or (not IDEOGRAPH.match(left) and not IDEOGRAPH.match(right) and " " not in (left, right)))
        if not (joined or engine_keeps):
            return False
    return True


@pytest.mark.parametrize("text", [
    "Human life is at stake, and development must not come at the expense of human life.",
    "Keep it below 60 °C: 3 months, 100 m, 50%, June 6, 2013 — “fuel” (see p. 4).",
    "",
])
def test_english_changes_only_by_keeping_its_last_two_words_together(text):
    set_text = typeset(text, "en")
    assert plain(set_text) == text
    if text:
        assert set_text.endswith("human\u2060 \u2060life.") or set_text.endswith("p.\u2060 \u20604).")


def test_a_one_word_last_line_cannot_happen_in_print(tmp_path):
    from weasyprint import HTML

    text = typeset("Always put the lives and safety of the people first and foremost in our life.", "en")
    html = f'<style>@page {{ size: 62mm 80mm; margin: 5mm }} p {{ font: 12pt "Noto Sans" }}</style><p>{text}</p>'
    lines = [line.strip() for line in pdftotext(HTML(string=html).write_pdf()).splitlines() if line.strip()]
    assert len(lines) >= 3 and len(lines[-1].split()) >= 2, lines
    assert typeset("Too short here.", "en") == "Too short here."


@pytest.mark.parametrize("text, groups", [
    ("仓库内温度不得超过60 °C，存放物品。", ["60 °C"]),
    ("温度传感器报警值设为60°C。", ["60°C"]),
    ("走了100 米才到，走了100米。", ["100 米", "100米"]),
    ("作业人员每3 个月轮训一次。", ["3 个月"]),
    ("考核合格率要达到50%以上。", ["50%"]),
    ("2013年6月6日以来，2020年4月，2016年。", ["2013年6月6日", "2020年4月", "2016年"]),
    ("在中央政治局第28次常委会会议上", ["第28次"]),
    ("存放“燃料”的区域，《消防法》禁止，记住“一懂三会”。", ["“燃料”", "《消防法》", "“一懂三会”"]),
    ("实现“三个继续下降”的目标。", ["“三个", "下降”"]),
    ("易燃物品要远离明火，用后及时清理。", ["明火，", "清理。"]),
    ("这就是我们常说的道。", ["的道。"]),
    ("他说：“安全第一！”", ["第一！”"]),
    ("克里斯蒂娜·罗塞蒂说过。", ["娜·"]),
    ("关于安全生产的重要指示", ["关于安全生产的重要指示"]),
    ("2013年6月6日，在消防安全大检查部署会上的讲话", ["在消防安全大检查部署会上的讲话"]),
    ("在中央政治局第28次常委会会议上关于安全生产的讲话", ["产的讲话"]),
])
def test_chinese_groups_are_held_together(text, groups):
    out = typeset(text, "zh")
    assert plain(out).replace(NNBSP, " ") == text
    for group in groups:
        assert held(out, group), (group, out.replace(JOINER, "|"))


def test_breaks_stay_allowed_between_other_ideographs():
    out = typeset("安全生产形势总体稳定，但事故总量仍然较大，一些地方和企业安全意识淡薄。", "zh")
    # only the clause ends and the last two characters are kept; the rest may break anywhere
    assert out.replace(JOINER, "|") == "安全生产形势总体稳|定，但事故总量仍然较|大，一些地方和企业安全意识淡|薄。"
    long_label = typeset("在中央政治局第28次常委会会议上关于安全生产的讲话", "zh")
    assert not held(long_label, "常委会会议上关于安全")
    long_term = typeset("实现“三个继续下降”的目标。", "zh")
    assert not held(long_term, "个继") and not held(long_term, "续下")


def test_a_number_keeps_a_narrow_no_break_space_that_justification_cannot_widen():
    # WeasyPrint widens U+0020 and U+00A0 to justify a line, never U+202F
    assert f"超过60{NNBSP}°C时" in typeset("温度超过60 °C时停止作业。", "zh")
    assert f"每3{NNBSP}个{JOINER}月轮" in typeset("每3 个月轮训一次。", "zh")
    assert f"人数 3{NNBSP}人以" in typeset("人数 3 人以上的班组。", "zh")  # the space before the number may break


def test_no_joiner_is_written_where_the_engines_already_hold():
    out = typeset("他说“燃料”用完了。PM2.5浓度，50%，60°C。", "zh")
    for seam in ("“" + JOINER, JOINER + "”", JOINER + "。", JOINER + "，", "P" + JOINER, "5" + JOINER + "0"):
        assert seam not in out, (seam, out.replace(JOINER, "|"))


def test_typeset_is_idempotent_and_keeps_an_authors_joiners():
    for text in ("人命关天，发展决不能以牺牲人的生命为代价。", "2013年6月6日，“燃料”60 °C", "安\u2060全出口"):
        once = typeset(text, "zh")
        assert typeset(once, "zh") == once
    assert "安" + JOINER + "全" in typeset("安\ufeff全出口是生命通道。", "zh")


def test_typeset_all_is_typeset_of_each():
    paragraphs = ("人命关天。", "易燃物品要远离明火。")
    assert typeset_all(paragraphs, "zh") == tuple(typeset(p, "zh") for p in paragraphs)
    assert typeset_all(paragraphs, "en") == paragraphs


def test_cost_is_linear_in_the_text():
    unit = "易燃物品要远离明火，用后及时清理。温度不得超过60 °C，存放“燃料”的区域每班检查。2013年6月6日以来，"
    def seconds(copies: int) -> float:
        text = unit * copies
        start = time.perf_counter()
        typeset(text, "zh")
        return time.perf_counter() - start
    seconds(50)  # warm the regular expressions
    small, large = min(seconds(400) for _ in range(3)), min(seconds(1600) for _ in range(3))
    assert large < 8 * small + 0.05, (small, large)  # four times the text: about four times the time
    assert seconds(4000) < 10  # 220,000 characters, a hundred handouts' worth: about a second


# --- reading lines back from a PDF ---------------------------------------------------------------

def pdf_lines(pdf: bytes) -> list[list[str]]:
    """Each page's lines, in the order the PDF draws them: a new line where the baseline moves or the
    pen goes back to the left (pdfium's character origins; joiners and spaces dropped)."""
    pages = []
    for page in pypdfium2.PdfDocument(pdf):
        text = page.get_textpage()
        lines: list[str] = []
        current: list[str] = []
        last = None
        x, y = ctypes.c_double(), ctypes.c_double()
        for i in range(text.count_chars()):
            if pdfium.FPDFText_IsGenerated(text, i) == 1:
                continue
            c = text.get_text_range(i, 1)
            if c.isspace() or c in (JOINER, "\ufeff", "\u200d") or not c:
                continue
            pdfium.FPDFText_GetCharOrigin(text, i, ctypes.byref(x), ctypes.byref(y))
            size = max(pdfium.FPDFText_GetFontSize(text, i), 1.0)
            if last is not None and (abs(y.value - last[1]) > 0.3 * size or x.value < last[0] - 0.3 * size):
                lines.append("".join(current))
                current = []
            current.append(c)
            last = (x.value, y.value)
        if current:
            lines.append("".join(current))
        pages.append(lines)
    return pages


@dataclass
class Stream:
    """All the lines of a document joined without spaces, and the offsets where a line starts."""

    text: str
    starts: set[int]

    @classmethod
    def of(cls, lines: list[str]) -> "Stream":
        text, starts = "", set()
        for line in lines:
            starts.add(len(text))
            text += line
        return cls(text, starts)


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", plain(text))


def line_problems(lines: list[str], texts: list[tuple[str, str]], name: str) -> list[str]:
    """Each (kind, text) in reading order: 'para' or 'label'. Problems found, in words."""
    stream = Stream.of(lines)
    problems, cursor = [], 0
    for kind, raw in texts:
        wanted = squeeze(raw)
        if not wanted:
            continue
        at = stream.text.find(wanted, cursor)
        if at < 0:
            problems.append(f"{name}: text not found in the PDF's lines: {wanted[:30]}…")
            continue
        cursor = at + len(wanted)
        end = at + len(wanted)
        breaks = sorted(b for b in stream.starts if at < b < end)
        for b in breaks:
            if stream.text[b] in NOT_AT_START:
                problems.append(f"{name}: line starts with {stream.text[b]!r}: …{stream.text[b - 6:b]}|{stream.text[b:b + 6]}…")
            if stream.text[b - 1] in NOT_AT_END:
                problems.append(f"{name}: line ends with {stream.text[b - 1]!r}: …{stream.text[b - 6:b]}|{stream.text[b:b + 6]}…")
            if (IDEOGRAPH.match(stream.text[b]) and IDEOGRAPH.match(stream.text[b - 1])
                    and stream.text[b + 1:b + 2] in CLAUSE_MARKS):
                problems.append(f"{name}: one character alone before its mark: …{stream.text[b - 6:b]}|{stream.text[b:b + 6]}…")
            if stream.text[b - 2] in OPENING_MARKS and IDEOGRAPH.match(stream.text[b - 1]) and IDEOGRAPH.match(stream.text[b]):
                problems.append(f"{name}: one character alone after its mark: …{stream.text[b - 6:b]}|{stream.text[b:b + 6]}…")
        for pattern in PROTECTED:
            for m in pattern.finditer(wanted):
                inside = [b for b in breaks if at + m.start() < b < at + m.end()]
                if inside:
                    problems.append(f"{name}: {m.group()!r} split across lines")
        last = stream.text[breaks[-1]:end] if breaks else wanted
        units = len(UNIT.findall(last))
        if kind == "para" and breaks and units < 2:
            problems.append(f"{name}: one-character last line {last!r} in {wanted[:20]}…")
        if kind == "label":
            whole = len(UNIT.findall(wanted.split("，")[-1]))
            if whole <= 16 and any(b > at + wanted.rfind("，") + 1 for b in breaks):
                problems.append(f"{name}: occasion {wanted!r} broken although it fits on a line")
            elif breaks and units < 4:
                problems.append(f"{name}: occasion ends on a short line {last!r}")
    return problems


def printed_texts(m: Material) -> list[tuple[str, str]]:
    """What each kind prints, in reading order, as ('para' | 'label', text)."""
    texts: list[tuple[str, str]] = []
    if m.kind == "poster":
        texts += [("para", p) for p in m.quote]
        return texts + [("label", m.items[0].source)]
    if m.kind == "handout":
        texts += [("para", p) for p in m.intro]
    for item in m.items:
        texts += [("para", p) for p in item.paragraphs]
        if item.source:
            texts.append(("label", item.source))
    if m.kind == "handout":
        texts += [("para", p) for p in (*m.outro, *m.questions)]
    return texts


# --- real PDFs: every Chinese collection at every size the shipped tests use ---------------------

COLLECTIONS = {"zh-sample": ZH_SAMPLE, "nasty": NASTY, "fire-safety-zh": FIRE_SAFETY_ZH.read_text(encoding="utf-8")}
SIZES = {"handout": ("A4", "A5"), "bulletin": ("A3", "A2"), "poster": ("A3", "A4")}


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Workspace:
    files = {f"content/{name}.yaml": text for name, text in COLLECTIONS.items()}
    files["content/mixed.yaml"] = SAMPLE  # an English collection with one Chinese excerpt
    return Workspace.open(make_workspace(tmp_path_factory.mktemp("typography"), files))


def material(ws: Workspace, kind: str, collection: str, size: str, refs: tuple[str, ...] = ()) -> Material:
    passages = engine.choose_passages(ws, kind, Selection(collection=collection, refs=refs))
    return engine.compose(kind, passages, RenderOptions(size=size),
                          engine.theme_for(ws, None))


def rendered(ws: Workspace, m: Material, fmt: str = "pdf"):
    artifact = render_material(m, (fmt,), engine.setting(ws))[fmt][0]
    assert artifact.warnings == (), artifact.warnings
    return artifact.data


def all_lines(pdf: bytes) -> list[str]:
    return [line for page in pdf_lines(pdf) for line in page]


def cases():
    for collection in COLLECTIONS:
        for kind in ("handout", "bulletin"):
            for size in SIZES[kind]:
                yield pytest.param(kind, collection, size, (), id=f"{kind}-{collection}-{size}")
    for collection, ids in (("nasty", ("2013-06-06-hongxian", "2020-04-fugong", "2022-11-09-tongdao", "2023-dao")),
                            ("zh-sample", ("2013-06-06-renming", "2020-04-shengming"))):
        for ref in ids:
            for size in SIZES["poster"]:
                yield pytest.param("poster", collection, size, (ref,), id=f"poster-{ref}-{size}")


@pytest.mark.parametrize("kind, collection, size, refs", list(cases()))
def test_pdf_lines_follow_clreq(ws, kind, collection, size, refs):
    m = material(ws, kind, collection, size, refs)
    lines = all_lines(rendered(ws, m))
    assert lines, "no text read back"
    assert line_problems(lines, printed_texts(m), f"{kind} {collection} {size}") == []


@pytest.mark.parametrize("size", SIZES["handout"])
def test_a_chinese_excerpt_in_an_english_handout_follows_clreq(ws, size):
    m = material(ws, "handout", "mixed", size)
    zh = [item for item in m.items if item.lang == "zh"]
    assert zh
    texts = [("para", p) for item in zh for p in item.paragraphs] + [("label", item.source) for item in zh]
    assert line_problems(all_lines(rendered(ws, m)), texts, f"mixed handout {size}") == []


def test_the_checks_catch_what_they_check():
    lines = ["人命关天，发展决不能以牺牲人的生命为代价。这必须作为一条不可逾越的红", "线。", "温度达到60", "°C时存放“燃", "料”的区域",
             "，后面", "重要讲", "话"]
    found = line_problems(lines, [("para", "人命关天，发展决不能以牺牲人的生命为代价。这必须作为一条不可逾越的红线。"),
                                  ("para", "温度达到60°C时存放“燃料”的区域，后面"), ("label", "重要讲话")], "probe")
    assert any("one-character last line" in p for p in found)
    assert any("'60°C' split" in p for p in found)
    assert any("'“燃料”' split" in p for p in found)
    assert any("line starts with '，'" in p for p in found)
    assert any("occasion '重要讲话' broken" in p for p in found)


# Every seam of every protected group brought to a line's end: each group after 0, 1, 2... filler
# characters, so that whatever the measure, some paragraph would break inside it if nothing held it.
SWEEP_FILLER = "安全生产责任重于泰山各级党委和政府务必把安全生产摆到重要位置树牢安全发展理念绝不能只重发展不顾安全"
SWEEP_GROUPS = ("60 °C", "100 米", "3 个月", "2013年6月6日", "2020年4月", "“燃料”", "《消防法》", "“一懂三会”",
                "“三个继续下降”", "第28次", "明火，")
MEASURE_EM = {"A4": 43, "A5": 33}  # handout.css: a Chinese excerpt's measure, whole characters


def sweep_collection(size: str) -> str:
    measure = MEASURE_EM[size]
    paragraphs = [SWEEP_FILLER[:k] + group + "用后及时清理。"
                  for group in SWEEP_GROUPS for k in range(measure - 12, measure + 1)]
    # a paragraph whose natural last line would be 道。: the filler fills the lines before it exactly
    paragraphs += [SWEEP_FILLER[:k] + "道。" for k in range(measure - 4, measure + 2)]
    body = "\n\n".join(paragraphs)
    return ("title: 断行\nlang: zh\nexcerpts:\n  - id: 2013-06-06-sweep\n    date: 2013-06-06\n"
            "    source: 重要讲话\n    text: |\n" + textwrap.indent(body, "      ") + "\n")


@pytest.fixture(scope="module")
def sweep_ws(tmp_path_factory) -> Workspace:
    files = {f"content/sweep-{size.lower()}.yaml": sweep_collection(size) for size in MEASURE_EM}
    return Workspace.open(make_workspace(tmp_path_factory.mktemp("sweep"), files))


@pytest.mark.parametrize("size", MEASURE_EM)
def test_no_protected_group_breaks_wherever_it_meets_the_end_of_a_line(sweep_ws, size):
    m = material(sweep_ws, "handout", f"sweep-{size.lower()}", size)
    problems = line_problems(all_lines(rendered(sweep_ws, m)), printed_texts(m), f"sweep {size}")
    assert problems == []


def test_without_typesetting_every_swept_group_breaks_somewhere(sweep_ws, monkeypatch):
    """The sweep reaches every rule: set without typeset(), each group is split (or left alone) somewhere."""
    import generator.materials.material as material_module

    monkeypatch.setattr(material_module, "typeset", lambda text, lang: text)
    monkeypatch.setattr(material_module, "typeset_all", lambda paragraphs, lang: tuple(paragraphs))
    m = material(sweep_ws, "handout", "sweep-a4", "A4")
    problems = "\n".join(line_problems(all_lines(rendered(sweep_ws, m)), printed_texts(m), "untypeset"))
    for caught in ("'2013年6月6日' split", "'60°C' split", "'2020年4月' split", "'“燃料”' split", "'《消防法》' split", "'100米' split",
                   "'3个月' split", "'第28' split", "'“一懂三会”' split", "alone before its mark: …", "alone after its mark: …", "one-character last line '道。'"):
        assert caught in problems, caught


def test_without_typesetting_the_nasty_cases_do_break(ws, monkeypatch):
    """The rules earn their place: the same handout set without them breaks somewhere they forbid."""
    import generator.materials.material as material_module

    monkeypatch.setattr(material_module, "typeset", lambda text, lang: text)
    monkeypatch.setattr(material_module, "typeset_all", lambda paragraphs, lang: tuple(paragraphs))
    problems = []
    for size in SIZES["handout"]:
        m = material(ws, "handout", "nasty", size)
        problems += line_problems(all_lines(rendered(ws, m)), printed_texts(m), f"untypeset {size}")
    assert problems


def test_the_pdf_text_has_no_joiners_and_no_missing_glyphs(ws):
    m = material(ws, "handout", "nasty", "A4")
    assert any(JOINER in p for item in m.items for p in item.paragraphs)
    pdf = rendered(ws, m)  # rendered() fails on any warning, a missing glyph among them
    import pypdf, io

    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert JOINER not in text and "\ufffd" not in text
    assert "2013年6月6日" in text and "“燃料”" in text


# --- DOCX: the styles carry East Asian line breaking; LibreOffice keeps kinsoku -------------------

def docx_of(ws: Workspace, m: Material):
    import io

    import docx

    return docx.Document(io.BytesIO(rendered(ws, m, "docx")))


def style_ind(document, name: str) -> dict[str, str]:
    ind = document.styles[name].element.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    return {} if ind is None else {k.split("}")[1]: v for k, v in ind.attrib.items()}


@pytest.mark.parametrize("collection", ["nasty", "mixed"])
def test_docx_defaults_set_east_asian_line_breaking(ws, collection):
    document = docx_of(ws, material(ws, "handout", collection, "A4"))
    ppr = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    values = {tag: ppr.find(qn(tag)).get(qn("w:val")) for tag in
              ("w:kinsoku", "w:overflowPunct", "w:autoSpaceDE", "w:autoSpaceDN")}
    assert values == {"w:kinsoku": "1", "w:overflowPunct": "0", "w:autoSpaceDE": "0", "w:autoSpaceDN": "0"}


def test_docx_indents_chinese_body_paragraphs_two_characters_where_the_pdf_does(ws):
    handout = docx_of(ws, material(ws, "handout", "nasty", "A4"))
    size = handout.styles["PW Excerpt Text"].font.size.pt
    assert style_ind(handout, "PW Excerpt Text") == {"left": "624", "firstLine": str(round(40 * size)),
                                                     "firstLineChars": "200"}
    # the first paragraph hangs its number in the margin and is not indented, as in the PDF
    assert "firstLineChars" not in style_ind(handout, "PW Excerpt First")
    bulletin = docx_of(ws, material(ws, "bulletin", "nasty", "A3"))
    assert style_ind(bulletin, "PW Box")["firstLineChars"] == "200"
    english = docx_of(ws, material(ws, "handout", "mixed", "A4"))
    assert "firstLineChars" not in style_ind(english, "PW Excerpt Text")


def test_a_paragraph_in_the_other_language_takes_its_own_indent(ws):
    from generator.writers.docx.styling import own_language_indent

    for collection, lang, expected in (("mixed", "zh", "200"), ("nasty", "en", "0")):
        m = material(ws, "handout", collection, "A4")
        document = docx_of(ws, m)
        paragraph = document.add_paragraph("text", style="PW Excerpt Text")
        own_language_indent(paragraph, lang, m.lang)
        ind = paragraph._p.pPr.find(qn("w:ind"))
        assert ind.get(qn("w:firstLineChars")) == expected, collection
        plain_paragraph = document.add_paragraph("text", style="PW Excerpt Text")
        own_language_indent(plain_paragraph, m.lang, m.lang)  # its document's own language: the style decides
        assert plain_paragraph._p.pPr.find(qn("w:ind")) is None


def test_libreoffice_keeps_kinsoku_in_the_chinese_docx(ws, tmp_path_factory):
    """LibreOffice honours the styles' kinsoku; it ignores word joiners between Chinese characters
    (measured: U+2060, U+200D, U+FEFF alike), so only the punctuation rules are asserted here."""
    from tests.docx_helpers import convert_to_pdf

    folder = tmp_path_factory.mktemp("typography-lo")
    materials = {"handout-a5": material(ws, "handout", "nasty", "A5"), "bulletin-a3": material(ws, "bulletin", "nasty", "A3")}
    files = []
    for name, m in materials.items():
        files.append(folder / f"{name}.docx")
        files[-1].write_bytes(rendered(ws, m, "docx"))
    pdfs = convert_to_pdf(files, folder / "pdf", tmp_path_factory.mktemp("lo-profile"))
    for name, m in materials.items():
        lines = all_lines(pdfs[name].read_bytes())
        stream = Stream.of(lines)
        starts = [b for b in stream.starts if b]
        assert len(starts) > 20, name
        bad = [stream.text[b - 4:b + 4] for b in starts
               if stream.text[b] in NOT_AT_START or stream.text[b - 1] in NOT_AT_END]
        assert bad == [], name
