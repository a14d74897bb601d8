"""One sanitiser for both writers: control and bidi characters removed and named, over-long tokens made breakable."""

from __future__ import annotations

import re

from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from generator.cli import cli
from generator.materials.quotes import curl
from generator.materials.sanitise import ZWSP, Sanitiser
from tests.conftest import make_workspace
from tests.docx_helpers import body_text, open_docx
from tests.pdf_checks import assert_in_order, page_texts

URL = "https://example.org/" + "/".join(f"section{i:04d}" for i in range(400))  # 4,800 characters, no spaces

HOSTILE = f"""\
title: "Hostile\\x1f study"
lang: en
excerpts:
  - id: controls
    date: 2013-06-06
    source: "Speech\\x00 on safety"
    text: "Human life\\x07 is at stake.\\x1f Always put people first.\\x0b"
  - id: reversed
    text: "The exit is \\u202eon the left\\u202c of the stairs."
  - id: link
    text: "Read it at {URL} before the meeting."
"""


def test_hostile_text_renders_cleanly_in_pdf_and_docx_and_is_reported(tmp_path):
    ws = make_workspace(tmp_path, {"content/h.yaml": HOSTILE})
    for out in ("h.pdf", "h.docx"):
        result = CliRunner().invoke(cli, ["-w", str(ws), "handout", "-o", str(ws / out)])
        assert result.exit_code == 0, result.output
        assert "Warning: excerpt 'controls': removed 2 control characters that cannot print (U+0007, U+001F)" \
            in result.output
        assert "Warning: excerpt 'controls': removed 1 control character that cannot print (U+0000)" in result.output
        assert ("Warning: excerpt 'reversed': removed 2 bidirectional controls that would make the text read "
                "otherwise than it is written (U+202E, U+202C)") in result.output
        assert "Warning: title: removed 1 control character" in result.output
        assert "\x0b" not in result.output and "\x1f" not in result.output and "\u202e" not in result.output
    # WeasyPrint may hyphenate a segment at a line's end (U+2010): the reader sees it as a break
    # and the running header and page numbers in the margins are left out, so text can run across pages
    margins = re.compile(r"^(Hostile study|Page \d+ of \d+)$")
    pages = ["\n".join(ln for ln in page.splitlines() if not margins.match(ln))
             for page in page_texts((ws / "h.pdf").read_bytes())]
    pdf_text = "".join(pages).replace(ZWSP, "").replace("\u2010", "")
    flat = "".join(pdf_text.split())
    assert "Humanlifeisatstake.Alwaysputpeoplefirst." in flat
    assert "Theexitisontheleftofthestairs." in flat
    # all of it printed, broken over lines (and a page, under its running header), none of it off the page
    assert_in_order(flat, "https://example.org/", *(f"section{i:04d}" for i in range(400)), "beforethemeeting")
    docx_text = body_text(open_docx((ws / "h.docx").read_bytes())).replace(ZWSP, "").replace("\u2060", "")
    assert "Human life is at stake. Always put people first." in docx_text and URL in docx_text


def test_long_tokens_get_break_opportunities_and_nothing_else_changes():
    clean = Sanitiser()
    text = clean(URL, "x")
    assert text.replace(ZWSP, "") == URL and max(len(part) for part in text.split(ZWSP)) <= 12
    assert clean("An ordinary sentence with words.", "x") == "An ordinary sentence with words."
    chinese = "人命关天" * 20
    assert clean(chinese, "x") == chinese
    assert clean.warnings == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_comes_out_printable_and_otherwise_unchanged(text):
    out = Sanitiser()(text, "x") or ""
    from generator.materials.sanitise import BIDI_RE, CONTROL_RE

    assert not CONTROL_RE.search(out) and not BIDI_RE.search(out)
    # what is left is the text itself, its straight quotes made typographic (materials/quotes.py)
    assert out.replace(ZWSP, "") == curl(BIDI_RE.sub("", CONTROL_RE.sub("", text)).replace(ZWSP, ""))
