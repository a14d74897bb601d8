"""Both languages: translations in the content model, each excerpt printed in its own language, bilingual materials."""

from __future__ import annotations

import textwrap

import pytest

from generator.content.selection import Selection, select_passages
from generator.content.yaml_format import dump_collection, parse_collection
from generator.errors import ContentError

BILINGUAL = textwrap.dedent("""\
    title: 消防安全周学习材料
    series: 消防安全周
    lang: zh
    excerpts:
      - id: 2022-11-09-exits
        date: 2022-11-09
        source: 在消防安全大检查部署会上的讲话
        tags: [exits]
        text: |
          安全出口是生命通道，任何时候都不能堵塞。

          每一名员工都要知道离自己最近的出口在哪里。
        translation: |
          A safety exit is a lifeline and must never be blocked.

          Every worker must know where the nearest exit is.
        translation_source: Speech at the fire safety inspection meeting
      - id: 2023-fuel
        date: 2023
        source: 安全生产工作会议
        text: |
          易燃物品要远离明火，用后及时清理。
    """)


def test_a_translation_loads_aligned_and_round_trips():
    collection = parse_collection(BILINGUAL, "zh", "zh.yaml")
    exits = collection.excerpts[0]
    assert exits.lang == "zh" and exits.translation_lang == "en"
    assert exits.translation == ("A safety exit is a lifeline and must never be blocked.",
                                 "Every worker must know where the nearest exit is.")
    assert exits.translation_source == "Speech at the fire safety inspection meeting"
    assert parse_collection(dump_collection(collection), "zh", "zh.yaml") == collection


def test_a_translation_must_have_a_paragraph_for_each_paragraph():
    broken = BILINGUAL.replace("\n      Every worker must know where the nearest exit is.\n", "\n")
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
    assert second.translation == ("Every worker must know where the nearest exit is.",)
    assert sentence.translation == ("A safety exit is a lifeline and must never be blocked.",)
    assert select_passages([collection], Selection(refs=("2023-fuel",)))[0].translation == ()
