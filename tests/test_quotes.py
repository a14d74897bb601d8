"""Straight quotes typed in content print as typographic ones, in every kind, both languages and both writers."""

from __future__ import annotations

import io

import pytest
from docx import Document

from generator.materials.quotes import curl
from tests.pdf_checks import flat, page_texts


@pytest.mark.parametrize("typed, printed", [
    ("people's lives", "people’s lives"),
    ('"Safety first," he said.', "“Safety first,” he said."),
    ('He said "stop".', "He said “stop”."),
    ("the '90s", "the ’90s"),
    ("'red line' words", "‘red line’ words"),
    ("it's \"the 'red line'\"", "it’s “the ‘red line’”"),
    ('要"安全"第一，"生命"至上', "要“安全”第一，“生命”至上"),
    ('("x")', "(“x”)"),
    ("“already curly”", "“already curly”"),
    ("no quotes at all", "no quotes at all"),
])
def test_quotes_curl_by_their_neighbours(typed, printed):
    assert curl(typed) == printed


@pytest.mark.parametrize("kind", ["poster", "handout", "bulletin"])
def test_every_kind_prints_the_apostrophe_curly_in_pdf_and_docx(run, workspace, kind):
    # the sample collection (tests/conftest.py) says "Always put people's lives first."
    extra = ["--pull"] if kind == "poster" else []
    for fmt in ("pdf", "docx"):
        out = workspace / f"out.{fmt}"
        result = run(kind, "-e", "2013-06-06-human-life", *extra, "-o", str(out))
        assert result.exit_code == 0, result.output
        if fmt == "pdf":
            text = flat(" ".join(page_texts(out.read_bytes())))
        else:
            text = " ".join(p.text for p in Document(io.BytesIO(out.read_bytes())).paragraphs)
            for table in Document(io.BytesIO(out.read_bytes())).tables:
                text += " ".join(c.text for row in table.rows for c in row.cells)
        assert "people’s" in text and "people's" not in text, (kind, fmt)
