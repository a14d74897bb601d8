"""Numbering labels above or before a quotation (`01`, `1.`, `一、`, `（一）`, `第一`, `①`) and section headings.

A label numbers the excerpts of an article; it is not part of the quotation, nor of its id.
`split_label` finds one at the start of a paragraph; `ordinal` tells whether it is the first.
Forms that are also ordinary text stay text: `第一，要…` (a speaker's own "first,"), `1.5
million`, `2016 was…`, `12 workers`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Label", "looks_like_heading", "split_label", "width"]

_ZH = "一二三四五六七八九十百零〇两"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽❶❷❸❹❺❻❼❽❾❿➀➁➂➃➄➅➆➇➈➉"
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
          "XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15, "XVI": 16, "XVII": 17, "XVIII": 18, "XIX": 19,
          "XX": 20}
_LABELS = [re.compile(p) for p in (
    rf"^[(（]\s*(?P<n>[0-9]{{1,3}}|[{_ZH}]{{1,4}})\s*[)）]\s*",               # (1) （一）
    rf"^[〔【［\[]\s*(?P<n>[0-9]{{1,3}}|[{_ZH}]{{1,4}})\s*[〕】］\]]\s*",         # 【一】 [1]
    rf"^(?P<n>[{_CIRCLED}])\s*",                                                # ①
    rf"^第\s*(?P<n>[0-9]{{1,3}}|[{_ZH}]{{1,4}})\s*(?:部分|条|点|篇|章|节|则|组|讲|课|单元)?"
    r"(?:\s*[、:：.．]\s*|\s+|$)",                                              # 第一 第二部分：
    rf"^(?P<n>[{_ZH}]{{1,4}})\s*[、．.]\s*",                                     # 一、
    r"^(?P<n>[0-9]{1,3})\s*(?:[、．)）]|\.(?![0-9]))\s*",                        # 1. 1、 1)
    r"^(?P<n>0[0-9]|[0-9]{1,2})(?:\s+|$)",                                     # 01 (bare numbers only alone: below)
    r"^(?:(?i:no\.|part\s)|#)\s*(?P<n>[0-9]{1,3})(?:\s*[:.．]\s*|\s+|$)",             # No. 4, Part 2
    r"^(?P<n>" + "|".join(sorted(_ROMAN, key=len, reverse=True)) + r")\.\s+",    # II.
)]


@dataclass(frozen=True, slots=True)
class Label:
    text: str          # as written, without the space after it
    number: int | None  # its value, when it can be read


def _number(written: str) -> int | None:
    if written.isdigit() and written.isascii():
        return int(written)
    if written in _ROMAN:
        return _ROMAN[written]
    if len(written) == 1 and written in _CIRCLED:
        return unicodedata.digit(written, None) or (_CIRCLED.index(written) % 20) + 1
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
    if all(c in digits or c in "十百" for c in written):
        total, current = 0, 0
        for c in written:
            if c == "百":
                total += (current or 1) * 100
                current = 0
            elif c == "十":
                total += (current or 1) * 10
                current = 0
            else:
                current = current * 10 + digits[c] if current else digits[c]
        return total + current
    return None


def split_label(paragraph: str) -> tuple[Label, str] | None:
    """(label, the rest of the paragraph) when the paragraph starts with a numbering label."""
    text = paragraph.strip()
    for i, pattern in enumerate(_LABELS):
        m = pattern.match(text)
        if not m:
            continue
        rest = text[m.end():].strip()
        if i == 6 and rest and not m["n"].startswith("0"):
            continue  # `12 workers`: a bare number is a label only alone or zero-padded (`01 Life first`)
        if rest[:1].isdigit() or rest[:1] in ("%", "％"):
            continue  # `1. 5 million`, `3、50%`
        label = m.group(0).strip()
        return Label(label, _number(m["n"])), rest
    return None


def width(text: str) -> int:
    """Columns on a terminal: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def looks_like_heading(text: str) -> bool:
    """Short, and not a sentence: `安全发展理念`, `Responsibility` (not `Keep a list of:` nor `Safety first.`)."""
    text = text.strip()
    return bool(text) and width(text) <= 40 and not re.search(r"[。！？!?；;:：.,，]\s*[”’\"')）]*$", text) and \
        not re.search(r"[。！？；]|[.!?;]\s", text)
