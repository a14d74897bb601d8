"""The content model: dates with precision, sentence splitting, strict YAML loading."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.yaml_format import dump_collection, parse_collection
from generator.content.dates import DateFormatError, PartialDate
from generator.errors import ContentError
from generator.content.text import count_words, split_sentences
from tests.conftest import SAMPLE


@pytest.mark.parametrize("text,en,zh,precision", [
    ("2013-06-06", "June 6, 2013", "2013年6月6日", "day"),
    ("2020-04", "April 2020", "2020年4月", "month"),
    ("2016", "2016", "2016年", "year"),
])
def test_dates_keep_precision(text, en, zh, precision):
    d = PartialDate.parse(text)
    assert (d.iso(), d.format("en"), d.format("zh"), d.precision) == (text, en, zh, precision)


@pytest.mark.parametrize("text", ["2001-02-30", "2013-13", "2013-00", "13-06-06", "June 2013", ""])
def test_invalid_dates_are_rejected(text):
    with pytest.raises(DateFormatError):
        PartialDate.parse(text)


def test_date_overlap_is_inclusive_at_both_ends():
    d = PartialDate.parse("2020-04")
    assert d.overlaps(PartialDate.parse("2020-04-30"), None)
    assert d.overlaps(None, PartialDate.parse("2020-04-01"))
    assert not d.overlaps(PartialDate.parse("2020-05"), None)


def test_english_sentences():
    text = 'He said "stop." Then Mr. Lee left! Was it 3 p.m.? Yes. (Quite so.) The U.S. agreed.'
    assert split_sentences(text) == ['He said "stop."', "Then Mr. Lee left!", "Was it 3 p.m.?", "Yes.",
                                     "(Quite so.)", "The U.S. agreed."]


def test_chinese_sentences_keep_closing_quotes():
    text = "他说：“安全第一。”我们同意！真的吗？是的……好。"
    assert split_sentences(text) == ["他说：“安全第一。”", "我们同意！", "真的吗？", "是的……", "好。"]


def test_word_count_mixes_latin_and_cjk():
    assert count_words("Safety first 安全第一") == 6


def test_yaml_is_never_retyped():
    coll = parse_collection("title: NO\nexcerpts:\n  - id: '08'\n    date: 2016\n    tags: [yes, 08, on]\n"
                            "    text: NO\n    source: 1.0\n", "x")
    ex = coll.excerpts[0]
    assert (coll.title, ex.id, ex.tags, ex.text, ex.source) == ("NO", "08", ("yes", "08", "on"), "NO", "1.0")


def test_aliases_and_duplicate_keys_are_rejected_with_both_lines():
    text = "title: T\ntitle: U\nexcerpts:\n  - &a\n    id: a\n    text: x\n  - *a\n"
    with pytest.raises(ContentError) as exc:
        parse_collection(text, "x", "c.yaml")
    assert [str(p) for p in exc.value.problems] == [
        "c.yaml:2: the collection: duplicate key 'title' (first at line 1) (keep one of them)",
        "c.yaml:7: YAML alias *a is not allowed (write the value out in full)",
    ]


def test_duplicate_ids_and_bad_yaml():
    with pytest.raises(ContentError, match=r"c.yaml:5: duplicate excerpt id 'a' \(first at line 3\)"):
        parse_collection("title: T\nexcerpts:\n  - id: a\n    text: x\n  - id: a\n    text: y\n", "x", "c.yaml")
    with pytest.raises(ContentError, match=r"c.yaml:4: is not valid YAML: .* \(while parsing a flow sequence that starts at line 3\)"):
        parse_collection("title: T\nexcerpts:\n  - id: [a\n", "x", "c.yaml")


def test_round_trip_through_yaml():
    coll = parse_collection(SAMPLE, "sample")
    again = parse_collection(dump_collection(coll), "sample")
    assert again.excerpts == coll.excerpts
    assert (again.title, again.series, again.intro, again.questions) == (
        coll.title, coll.series, coll.intro, coll.questions)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_loader_raises_only_content_errors_on_arbitrary_text(text):
    try:
        parse_collection(text, "x")
    except ContentError:
        pass


yaml_fragments = st.sampled_from([
    "title: T\n", "excerpts:\n", "  - id: a\n", "    text: |\n      hi\n", "    date: 2013-02-30\n",
    "    tags: [a, *b]\n", "- &b x\n", "  key: [\n", "\t", "!!python/object:os.system\n", "? x\n",
    "    date: 2013\n", ": :\n", "'\n", "excerpts: []\n", "excerpts: 5\n", "  - 3\n", "\u202e", "\x00",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(yaml_fragments, max_size=12).map("".join))
def test_loader_raises_only_content_errors_on_yaml_like_text(text):
    try:
        coll = parse_collection(text, "x")
    except ContentError:
        return
    assert parse_collection(dump_collection(coll), "x").excerpts == coll.excerpts
