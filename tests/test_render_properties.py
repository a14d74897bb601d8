"""Hypothesis: any text in a collection renders to PDF and DOCX or fails with presswork's own error, and the PDF says what the sanitised text says."""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings, strategies as st

from generator.campaign import run
from generator.content.selection import Selection
from generator.content.workspace import Workspace
from generator.errors import PressworkError
from generator.materials.options import RenderOptions
from generator.materials.sanitise import Sanitiser
from tests.conftest import make_workspace
from tests.pdf_checks import page_texts

# letters of both languages, digits, punctuation, spaces, and the characters the sanitiser removes
TEXT = st.text(alphabet=st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789 .,;:!?'\"()-") + list("人命关天安全第一，。！？“”")
    + ["\x00", "\x07", "\x1f", "\u202e", "\u2066", "\u200f"]), min_size=1, max_size=120)
INVISIBLE = re.compile("[\\s\u200b\u2060\u2010\u00ad]")


def _collection(title: str, text: str, source: str) -> str:
    # JSON is YAML: every character arrives exactly as generated, escapes and all
    return json.dumps({"title": title or "t", "excerpts": [{"id": "a", "source": source, "text": text}]},
                      ensure_ascii=True)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXT, text=TEXT, source=TEXT)
def test_any_text_renders_or_fails_with_presswork_s_own_error(tmp_path_factory, title, text, source):
    root = make_workspace(tmp_path_factory.mktemp("prop"), {"content/s.yaml": _collection(title, text, source)})
    ws = Workspace.open(root)
    for fmt in ("pdf", "docx"):
        try:
            run.render(ws, "handout", Selection(), RenderOptions(notes=False), root / f"h.{fmt}")
        except PressworkError:
            continue  # e.g. a text that is blank once cleaned: a message, not a crash
        if fmt == "pdf":
            printed = INVISIBLE.sub("", "".join(page_texts((root / "h.pdf").read_bytes())))
            clean = Sanitiser()
            for paragraph in ws.load_collections()[0].excerpts[0].paragraphs:
                assert INVISIBLE.sub("", clean(paragraph, "x")) in printed
