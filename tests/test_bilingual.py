"""Both languages: translations in the content model, each excerpt printed in its own language, bilingual materials."""

from __future__ import annotations

import pytest

from generator.content.selection import Selection, select_passages
from generator.content.yaml_format import dump_collection, parse_collection
from generator.errors import ContentError
from tests.conftest import BILINGUAL_PARTLY as BILINGUAL  # its second excerpt, 2023-fuel, untranslated

ORIGINAL = ("安全出口是生命通道，任何时候都不能堵塞。", "每一名员工都要知道离自己最近的出口在哪里。")
TRANSLATION = ("A safety exit is a lifeline and must never be blocked, whatever is stored near it.",
               "Every worker must know where the nearest exit is, and how to reach it in the dark.")


def test_a_translation_loads_aligned_and_round_trips():
    collection = parse_collection(BILINGUAL, "zh", "zh.yaml")
    exits = collection.excerpts[0]
    assert exits.lang == "zh" and exits.translation_lang == "en"
    assert exits.translation == TRANSLATION
    assert exits.translation_source == "Speech at the fire safety inspection meeting"
    assert parse_collection(dump_collection(collection), "zh", "zh.yaml") == collection


def test_a_translation_must_have_a_paragraph_for_each_paragraph():
    broken = BILINGUAL.replace(f"\n      {TRANSLATION[1]}\n", "\n")
    with pytest.raises(ContentError) as caught:
        parse_collection(broken, "zh", "zh.yaml")
    assert str(caught.value.problems[0]).startswith(
        "zh.yaml:13: excerpt '2022-11-09-exits': translation has 1 paragraph(s) and text has 2 "
        "(give the translation one paragraph for each paragraph of text, in the same order)")


def test_a_passage_carries_the_translation_of_what_was_chosen():
    collection = parse_collection(BILINGUAL, "zh", "zh.yaml")
    whole, second, sentence = select_passages(
        [collection], Selection(refs=("2022-11-09-exits", "2022-11-09-exits:2", "2022-11-09-exits:1:1-1")))
    assert whole.translation == collection.excerpts[0].translation
    assert second.translation == TRANSLATION[1:]
    assert sentence.translation == TRANSLATION[:1]
    assert select_passages([collection], Selection(refs=("2023-fuel",)))[0].translation == ()


# --- materials: each excerpt in its own language, the campaign's text per language, bilingual pages ----------

from click.testing import CliRunner  # noqa: E402

from generator.cli import cli  # noqa: E402
from tests.conftest import SAMPLE, make_workspace  # noqa: E402
from tests.docx_helpers import body_text, convert_to_pdf, in_order, open_docx, pdf_pages  # noqa: E402
from tests.pdf_checks import assert_in_order, flat, page_sizes, page_texts  # noqa: E402

CAMPAIGN = """\
[campaign]
title = "Fire Safety Week"
organisation = "Riverside Works"
date = "November 2026"
slogan = "Clear exits save lives"

[campaign.zh]
title = "消防安全周"
organisation = "河滨工厂安全办公室"
date = "2026年11月"
slogan = "通道畅通 人人平安"
"""
MATERIALS = """
[[materials]]
name = "poster"
kind = "poster"
collection = "zh"
excerpts = ["2022-11-09-exits"]
bilingual = true
outputs = ["pdf", "docx"]

[[materials]]
name = "handout"
kind = "handout"
collection = "zh"
bilingual = true
outputs = ["pdf", "docx"]

[[materials]]
name = "bulletin"
kind = "bulletin"
collection = "zh"
bilingual = true
outputs = ["pdf", "docx"]

[[materials]]
name = "english"
kind = "bulletin"
collection = "en"
outputs = ["pdf"]
"""


def _plain(text: str) -> str:
    """Extracted text without spaces, line breaks or the no-break joiners the typesetting adds."""
    return "".join(c for c in text if not c.isspace() and c not in "\u2060\u00ad")


@pytest.fixture(scope="module")
def campaign(tmp_path_factory):
    ws = make_workspace(tmp_path_factory.mktemp("bilingual"), {
        "content/zh.yaml": BILINGUAL, "content/en.yaml": SAMPLE, "presswork.toml": CAMPAIGN + MATERIALS})
    result = CliRunner().invoke(cli, ["-w", str(ws), "build"])
    assert result.exit_code == 0, result.output
    return ws, result


def test_a_passage_without_a_translation_is_named_once_per_file(campaign):
    _, result = campaign
    warning = ("bilingual: 2023-fuel has no translation and prints in one language "
               "(add `translation:` to the excerpt)")
    assert result.output.count(warning) == 4  # handout and bulletin, PDF and DOCX
    assert "poster.pdf: bilingual" not in result.output


def test_the_bilingual_pdfs_print_both_texts_in_order_with_labels_in_both_languages(campaign):
    ws, _ = campaign
    poster = (ws / "output" / "poster.pdf").read_bytes()
    assert page_sizes(poster) == [(842, 1191)]
    text = _plain(page_texts(poster)[0])
    assert_in_order(text, "消防安全周", *map(_plain, ORIGINAL + TRANSLATION), "2022年11月9日",
                    _plain("November 9, 2022"), "在消防安全大检查部署会上的讲话",
                    _plain("Speech at the fire safety inspection meeting"), "河滨工厂安全办公室")
    handout = _plain(" ".join(page_texts((ws / "output" / "handout.pdf").read_bytes())))
    assert_in_order(handout, "消防安全周学习材料", *map(_plain, ORIGINAL), "——2022年11月9日，",
                    *map(_plain, TRANSLATION), _plain("— November 9, 2022 · Speech at the fire"),
                    "易燃物品要远离明火", "——2023年3月，安全生产工作会议", _plain("学习笔记 Notes"))
    bulletin = (ws / "output" / "bulletin.pdf").read_bytes()
    assert page_sizes(bulletin) == [(1191, 842)]
    text = _plain(page_texts(bulletin)[0])
    assert_in_order(text, "消防安全周", "2026年11月", *map(_plain, ORIGINAL), *map(_plain, TRANSLATION),
                    _plain("时间线 Timeline"), "通道畅通人人平安")


def test_each_language_takes_the_campaign_text_written_for_it(campaign):
    ws, _ = campaign
    english = flat(page_texts((ws / "output" / "english.pdf").read_bytes())[0])
    assert "Fire Safety Week" in english and "Riverside Works" in english and "Clear exits save lives" in english
    assert "消防安全周" not in english and "河滨" not in english
    # the Chinese excerpt of the English collection prints a Chinese date and its own dash
    assert "2016年" in english and "—— 重要讲话" in english


def test_the_bilingual_docx_files_hold_both_texts_and_print_on_their_pages(campaign, tmp_path):
    ws, _ = campaign
    for name in ("poster", "handout", "bulletin"):
        text = body_text(open_docx((ws / "output" / f"{name}.docx").read_bytes()))
        assert in_order(text, [*ORIGINAL, *TRANSLATION]), name
    printed = convert_to_pdf([ws / "output" / f"{n}.docx" for n in ("poster", "handout", "bulletin")],
                             tmp_path / "lo", tmp_path / "profile")
    assert len(pdf_pages(printed["poster"])) == 1 and len(pdf_pages(printed["bulletin"])) == 1
    handout = _plain(" ".join(pdf_pages(printed["handout"])))
    assert_in_order(handout, *map(_plain, ORIGINAL), *map(_plain, TRANSLATION), _plain("学习笔记 Notes"))


def test_campaign_language_tables_are_checked(tmp_path):
    config = CAMPAIGN.replace('slogan = "通道畅通 人人平安"', 'slogan = "通道畅通 人人平安"\ncolour = "red"') + \
        '\n[campaign.fr]\ntitle = "x"\n' + MATERIALS
    ws = make_workspace(tmp_path, {"content/zh.yaml": BILINGUAL, "content/en.yaml": SAMPLE,
                                   "presswork.toml": config})
    result = CliRunner().invoke(cli, ["-w", str(ws), "build"])
    assert result.exit_code == 1
    assert ("presswork.toml:12: [campaign.zh]: colour: unknown key (known keys: title, organisation, date, "
            "slogan, headline, footer)") in result.output
    assert ("presswork.toml:14: [campaign.fr]: unknown table (the campaign's text per language goes in "
            "[campaign.en] or [campaign.zh])") in result.output
