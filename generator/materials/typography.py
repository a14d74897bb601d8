"""Line-breaking rules applied to text before any engine sets it: one place for PDF and DOCX alike.

WeasyPrint has no `text-wrap: pretty` and Word has no notion of presswork's rules, so the rules
are written into the text itself: U+2060 WORD JOINER between two characters that must not be
parted, U+202F NARROW NO-BREAK SPACE for a space between a number and its unit. Chinese text
only (W3C "Requirements for Chinese Text Layout", clreq); other languages pass through unchanged.

Pango (UAX #14 rule LB11) never breaks at a word joiner, draws nothing for it and leaves it out
of the PDF's text. LibreOffice draws nothing for it either, but its Chinese line breaking ignores
it (and U+200D and U+FEFF alike): in the DOCX the styles' kinsoku settings do that work. A
narrow no-break space is used, not U+00A0, because WeasyPrint widens U+00A0 to justify a line.

What the engines already do is not repeated: UAX #14 (and Word's and LibreOffice's kinsoku lists)
keep 。，、；：？！”’）」』》〉】 off the start of a line and “‘（「『《〈【 off its end, and keep digits,
Latin words, 50%, 60°C, …… and —— whole; no joiner is written beside those marks.
Added here, all in one pass over the text:

- kinsoku the engines miss: no line starts with an interpunct (·) or a wave dash (～);
- a number stays with its unit or classifier (60 °C, 100 米, 3 个月, 第28次) and a date stays
  whole (2013年6月6日, 2020年4月);
- a short bracketed term (“燃料”, 《消防法》, “一懂三会”: up to four characters inside) never
  breaks, and a longer one keeps two characters with each mark (“三个 | 继续下降”);
- a clause never leaves its last character alone: the two characters before a pause or stop
  mark stay together (明火，), so no line starts with one character and a comma;
- a paragraph's last line holds at least two characters (never 道。 alone);
- a label (a source or occasion: text with no final punctuation) keeps its last segment whole
  when it is short (关于安全生产的重要指示), else its last four characters (讲话 never alone).

Breaking between any two other ideographs stays allowed, as clreq allows it: splitting words
cannot be prevented without a dictionary, and each kept pair costs a line that is one
character short (WeasyPrint justifies CJK only at spaces).
"""

from __future__ import annotations

import re
import unicodedata

JOINER = "\u2060"
NNBSP = "\u202f"
# joiners an author (or an earlier pass) may already have put in the text
_JOINERS = {JOINER, "\ufeff"}

# --- character classes -------------------------------------------------------------------------

_IDEOGRAPH_RE = re.compile(r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_DIGITS = "0123456789０１２３４５６７８９"
_LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
# characters UAX #14 (Pango) lets start a line although clreq's basic rules forbid it
NO_START = "·・‧～〜~／"
# marks every engine already keeps off the start (or the end) of a line: no joiner needed beside them
KEPT_OFF_START = "。，、；：？！”’）」』》〉】〕〗］…"
KEPT_OFF_END = "“‘（「『《〈【〔〖［"
# pause and stop marks (点号) and the two-em marks: a clause ends here
CLAUSE_END = "，、；：。！？,;:!?…"
CLOSERS = "”’」』）)》〉】〕〗］"
BRACKETS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "〈": "〉", "（": "）", "(": ")",
            "【": "】", "〔": "〕", "〖": "〗"}
SPACES = " \u00a0\u202f\u3000"
_CLOSING_MARKS = frozenset(BRACKETS.values())
# a term inside brackets this short (in characters) is never broken: longer, an unbreakable run of
# eight ems left half a poster line empty (a poster's quote sets 12 to 16 characters a line)
TERM_CHARS = 4
# a label whose last segment has this many units or fewer keeps it whole; else its last LABEL_TAIL
LABEL_WHOLE = 16
LABEL_TAIL = 4
# Latin unit symbols after a number (60 °C, 5 kg, 80 km/h, 220 V)
_LATIN_UNIT_RE = re.compile(r"(?:°?[A-Za-zμΩ]{1,4}(?:/[A-Za-z]{1,3})?[²³]?|[°℃%‰′″])(?![A-Za-z])")
# units of two characters that are read as one after a number (3 个月, not 3 个 / 月)
_CJK_UNITS = ("个月", "个小时", "小时", "分钟", "公里", "千米", "厘米", "毫米", "平方米", "立方米", "千克",
              "公斤", "公顷", "万元", "亿元", "千瓦", "周年", "多人", "余人", "多起", "余起", "万人")
_DATE_PARTS = "年月"


def typeset(text: str, lang: str) -> str:
    """`text` as it should be set in `lang`: for Chinese, joiners where a line must not break; for
    other languages, a paragraph's last two words kept on one line."""
    if not text:
        return text
    if not (lang or "").startswith("zh"):
        return last_words_together(text)
    base, glue = _strip_joiners(text)
    if not any(_IDEOGRAPH_RE.match(c) for c in base):
        return last_words_together(text)
    nobreak_spaces: set[int] = set()
    _kinsoku(base, glue)
    _numbers(base, glue, nobreak_spaces)
    _terms(base, glue)
    _clause_ends(base, glue)
    _tail(base, glue)
    out = []
    for i, c in enumerate(base):
        if i in nobreak_spaces:
            out.append(NNBSP)
            continue
        before = base[i - 1] if i else " "
        if glue[i] and (_wide(before) or _wide(c)) and not (
                _is_space(before) or _is_space(c) or c in KEPT_OFF_START or before in KEPT_OFF_END):
            out.append(JOINER)  # between two narrow characters (60°C, PM2.5) UAX #14 already holds
        out.append(c)
    return "".join(out)


# a last line of one word ("life.") reads as an accident; two words joined longer than this would
# leave a ragged gap on the line before, so they are left to break
WIDOW_MAX_CHARS = 22
_LAST_SPACE_RE = re.compile(r" (?=\S+$)")


def last_words_together(text: str) -> str:
    """The last two words joined (joiner, space, joiner: UAX #14 breaks at neither side of the space,
    and the space keeps its width, unlike U+00A0 under justification) when there are four or more."""
    words = text.split()
    if len(words) < 4 or len(words[-2]) + len(words[-1]) + 1 > WIDOW_MAX_CHARS or JOINER in words[-1]:
        return text
    return _LAST_SPACE_RE.sub(JOINER + " " + JOINER, text.rstrip(), count=1)


def typeset_all(paragraphs: tuple[str, ...], lang: str) -> tuple[str, ...]:
    return tuple(typeset(p, lang) for p in paragraphs)


def plain(text: str) -> str:
    """`text` without the joiners typeset() put in: for counting or cutting what a reader sees."""
    return "".join(c for c in text if c not in _JOINERS)


# --- the rules: each marks glue[i] = True, "no break between base[i-1] and base[i]" ---------------

def _strip_joiners(text: str) -> tuple[str, list[bool]]:
    """The text without joiners, and glue[i] for each place one stood (before the i-th character)."""
    chars: list[str] = []
    glue: list[bool] = []
    pending = False
    for c in text:
        if c in _JOINERS:
            pending = True
            continue
        chars.append(c)
        glue.append(pending and len(chars) > 1)
        pending = False
    return "".join(chars), glue + [False]


def _kinsoku(s: str, glue: list[bool]) -> None:
    for i in range(1, len(s)):
        if s[i] in NO_START:
            glue[i] = True


def _numbers(s: str, glue: list[bool], nobreak_spaces: set[int]) -> None:
    """A number with its unit or classifier, 第 before it, and a date's parts, never parted."""
    n, i = len(s), 0
    while i < n:
        if s[i] not in _DIGITS:
            i += 1
            continue
        start = i
        while i < n and (s[i] in _DIGITS or (s[i] in ".,:．" and i + 1 < n and s[i + 1] in _DIGITS)):
            i += 1
        if start and s[start - 1] == "第":
            glue[start] = True
        if start and s[start - 1] in _DATE_PARTS and start >= 2 and s[start - 2] in _DIGITS:
            glue[start] = True  # 2013年 | 6月: the date goes on
        # the unit: right after the number, or after one space
        j = i + 1 if i < n and s[i] in " \u00a0\u202f" else i
        if j >= n:
            continue
        unit = _unit_length(s, j)
        if not unit or (j == i and not _IDEOGRAPH_RE.match(s[j])):
            continue  # 50%, 60°C, 5kg: UAX #14 keeps a number and what touches it together
        if j > i:
            nobreak_spaces.add(i)
        for k in range(i, j + unit):
            glue[k] = True
        i = j + unit


def _unit_length(s: str, j: int) -> int:
    """How many characters of a unit start at s[j] (0: no unit)."""
    for unit in _CJK_UNITS:
        if s.startswith(unit, j):
            return len(unit)
    if _IDEOGRAPH_RE.match(s[j]):
        return 1
    m = _LATIN_UNIT_RE.match(s, j)
    return len(m.group()) if m else 0


def _terms(s: str, glue: list[bool]) -> None:
    """A short term inside brackets or quotation marks stays on one line, its marks included; a
    longer one keeps two characters with each of its marks (never “三 at a line's end, nor 降” alone)."""
    n = len(s)
    for i, c in enumerate(s):
        close = BRACKETS.get(c)
        if close is not None:
            j = s.find(close, i + 1, min(n, i + TERM_CHARS + 2))
            if j > i + 1 and not any(_is_space(x) for x in s[i + 1:j]):
                for k in range(i + 1, j + 1):
                    glue[k] = True
            elif i + 2 < n and _IDEOGRAPH_RE.match(s[i + 1]) and _IDEOGRAPH_RE.match(s[i + 2]):
                glue[i + 2] = True
        elif c in _CLOSING_MARKS and i >= 2 and _IDEOGRAPH_RE.match(s[i - 1]) and _IDEOGRAPH_RE.match(s[i - 2]):
            glue[i - 1] = True


def _clause_ends(s: str, glue: list[bool]) -> None:
    """Before a pause or stop mark (and the closing marks before it), the last two characters stay together."""
    for p in range(2, len(s)):
        if s[p] not in CLAUSE_END or s[p - 1] in CLAUSE_END:
            continue
        k = p - 1
        while k > 0 and s[k] in CLOSERS:
            k -= 1
        if k >= 1 and _IDEOGRAPH_RE.match(s[k]) and _IDEOGRAPH_RE.match(s[k - 1]):
            glue[k] = True


def _tail(s: str, glue: list[bool]) -> None:
    """A paragraph's last two units stay together; a label's last segment (or last four units) too."""
    end = len(s)
    while end and _is_space(s[end - 1]):
        end -= 1
    if not end:
        return
    if _is_unit(s[end - 1]):
        # a label: the segment after its last pause mark, whole if short
        seg = end
        while seg and s[seg - 1] not in CLAUSE_END and not _is_space(s[seg - 1]):
            seg -= 1
        starts = _unit_starts(s, seg, end)
        keep = starts if len(starts) <= LABEL_WHOLE else starts[-LABEL_TAIL:]
    else:
        last = end
        while last and not _is_unit(s[last - 1]):
            last -= 1
        starts = _unit_starts(s, 0, last)[-2:]
        if len(starts) < 2 or not _IDEOGRAPH_RE.match(s[starts[-1]]):
            return  # a Latin word or number ends it: already more than one character
        keep = starts
    if len(keep) < 2:
        return
    for k in range(keep[0] + 1, end):
        if not _is_space(s[k]) and not _is_space(s[k - 1]):
            glue[k] = True


def _unit_starts(s: str, start: int, end: int) -> list[int]:
    """Where each unit of s[start:end] starts: an ideograph is one, a run of digits or Latin letters one."""
    starts = []
    for k in range(start, end):
        if _IDEOGRAPH_RE.match(s[k]):
            starts.append(k)
        elif _is_alnum(s[k]) and not (k > start and _is_alnum(s[k - 1])):
            starts.append(k)
    return starts


def _is_unit(c: str) -> bool:
    return bool(_IDEOGRAPH_RE.match(c)) or _is_alnum(c)


def _is_alnum(c: str) -> bool:
    return c in _DIGITS or c in _LATIN


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "WF"


def _is_space(c: str) -> bool:
    return c in SPACES or c == "\n"
