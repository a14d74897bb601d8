"""Text made fit for the DOCX: characters XML cannot hold removed (and reported with where they were), and
word joiners where Chinese meets a Latin letter or digit, so LibreOffice adds no space there.

LibreOffice puts a fifth of an em between Chinese and a Latin letter or digit ("2026 年 6 月"), its
"space between Asian and non-Asian text", and its DOCX import ignores w:autoSpaceDE and
w:autoSpaceDN, the settings that turn it off in Word. It adds that space only between two
letters or digits, so a U+2060 WORD JOINER between them (a zero-width character that is neither)
stops it; Word and LibreOffice draw nothing for it, and the PDF sets no such space either.
"""

from __future__ import annotations

import re

from generator.content.text import XML_INVALID_RE
from generator.materials.material import Item

JOINER = "\u2060"
# Han, kana and Hangul, against Latin letters and digits
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_LATIN = "0-9A-Za-z\u00c0-\u024f"
_AUTOSPACE_RE = re.compile(f"(?<=[{_CJK}])(?=[{_LATIN}])|(?<=[{_LATIN}])(?=[{_CJK}])")


def no_autospace(text: str) -> str:
    """`text` with a word joiner wherever a CJK character and a Latin letter or digit touch."""
    return _AUTOSPACE_RE.sub(JOINER, text) if text else text


class Cleaner:
    """Removes characters XML cannot hold, remembering where, so the user hears which excerpt had them."""

    def __init__(self) -> None:
        self.removed: dict[str, list[str]] = {}
        self.seen: set[tuple[str, str]] = set()  # a title printed twice is reported once

    def __call__(self, text: str | None, where: str) -> str | None:
        if not text:
            return text
        found = XML_INVALID_RE.findall(text)
        if not found:
            return no_autospace(text)
        if (where, text) not in self.seen:
            self.seen.add((where, text))
            self.removed.setdefault(where, []).extend(found)
        return no_autospace(XML_INVALID_RE.sub("", text))

    def warnings(self) -> list[str]:
        out = []
        for where, chars in self.removed.items():
            codes = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(chars))
            n = len(chars)
            out.append(f"{where}: removed {n} character{'s' if n != 1 else ''} XML cannot hold ({codes})")
        return out


def excerpt_where(item: Item) -> str:
    """An excerpt as warnings name it: by its id, without the ref's paragraph and sentence parts."""
    return f"excerpt '{item.ref.strip().split(':')[0]}'"
