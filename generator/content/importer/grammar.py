"""The article grammar: patterns and small recognisers for dates, attribution lines, separators, lead-ins and titles."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from generator.content.dates import MONTHS_EN, PartialDate

__all__ = ["Attribution", "find_date", "is_lead_in", "is_separator", "read_attribution", "read_title",
           "tidy_source"]

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_MONTH_NUMBERS = {m.lower(): i for i, m in enumerate(MONTHS_EN, 1)}
_MONTH_NUMBERS.update({m[:3].lower(): i for i, m in enumerate(MONTHS_EN, 1)})
_MONTH_NUMBERS["sept"] = 9
_MON = (r"(?<![A-Za-z])(?P<mon>" + "|".join(sorted((m.capitalize() for m in _MONTH_NUMBERS), key=len, reverse=True))
        + r")(?:\.|(?![A-Za-z]))")
_YEAR = r"(?<![0-9])(?P<y>[12][0-9]{3})(?![0-9])"
_DAY = r"(?<![0-9])(?P<d>[0-9]{1,2})"
_ORD = r"(?:st|nd|rd|th)?(?![0-9A-Za-z])"
_ON_IN = r"(?:(?<![A-Za-z])(?:[Oo]n|[Ii]n)\s+)?"
_DATE_PATTERNS = [re.compile(p) for p in (
    rf"{_ON_IN}{_MON}\s*{_DAY}{_ORD},?\s*{_YEAR}",                    # (On) June 6, 2013
    rf"{_ON_IN}(?:the\s+)?{_DAY}{_ORD}\s*(?:of\s+)?{_MON},?\s*{_YEAR}",  # (On) 10 January 2016
    rf"{_ON_IN}{_MON},?\s*{_YEAR}",                                   # (In) April 2020
    rf"{_ON_IN}{_YEAR}\s*年\s*(?P<m>[0-9]{{1,2}})\s*月\s*{_DAY}\s*[日号]",  # 2013年6月6日
    rf"{_ON_IN}{_YEAR}\s*年\s*(?P<m>[0-9]{{1,2}})\s*月",                # 2020年4月
    rf"{_ON_IN}{_YEAR}\s*年",                                          # 2016年
    rf"{_ON_IN}{_YEAR}(?P<sep>[-/.])(?P<m>[0-9]{{1,2}})(?P=sep){_DAY}(?![0-9])",  # 2013-06-06, 2013.6.6
    rf"(?<![A-Za-z])[Ii]n\s+{_YEAR}",                                 # In 2016
    rf"^{_YEAR}",                                                     # 2016, ... (straight after the dash)
)]

_DASHES = "-‐‑‒–—―－"
_DASH_LINE = re.compile(rf"^(?P<indent>\s*)(?P<dash>[{_DASHES}]{{1,4}})(?P<rest>.*)$")
_SEPARATOR_CHARS = set("*-_—–＊")
_LEAD_WORDS = re.compile(r"^(?:(?:on|in|an|a|the)\s+|在\s*)", re.IGNORECASE)
_EDGE_PUNCT = " ,，、;；:：.。"
_SENTENCE_END = ".!?。！？…"
_CLOSERS = "\"'”’」』）)】》]"
_TITLE_RE = re.compile(r"^[\[【［〖]\s*(?P<series>[^\]】］〗]*?)\s*[\]】］〗]\s*(?P<title>.*)$")


@dataclass(frozen=True, slots=True)
class Attribution:
    """An attribution line: where it stands, its date and source, and why there is no date."""

    line: int
    date: PartialDate | None
    source: str | None
    error: str | None = None  # why there is no date


def find_date(text: str) -> tuple[re.Match[str], PartialDate | None, str | None] | None:
    """The earliest (then longest) date in `text`; with the reason when it is not a real date."""
    digits = text.translate(_DIGITS)  # same length, so match offsets fit `text` too
    best = None
    for pattern in _DATE_PATTERNS:
        m = pattern.search(digits)
        if m and (best is None or (m.start(), -m.end()) < (best.start(), -best.end())):
            best = m
    if best is None:
        return None
    groups = best.groupdict()
    year = int(groups["y"])
    month = _MONTH_NUMBERS[groups["mon"].lower()] if groups.get("mon") else groups.get("m")
    day = int(groups["d"]) if groups.get("d") else None
    written = re.sub(r"^(?:[Oo]n|[Ii]n)\s+", "", text[best.start():best.end()].strip())
    if month is None:
        return best, PartialDate(year), None
    month = int(month)
    if not 1 <= month <= 12:
        return best, None, f"'{written}' is not a real date (there is no month {month})"
    last = calendar.monthrange(year, month)[1]
    if day is not None and not 1 <= day <= last:
        return best, None, f"'{written}' is not a real date ({MONTHS_EN[month - 1]} {year} has {last} days)"
    return best, PartialDate.parse(f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")), None


def tidy_source(text: str) -> str | None:
    """`, an important speech on work safety.` → `Important speech on work safety`."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r" ([,，、;；:：])", r"\1", text)
    text = re.sub(r"([,，、;；:：])[ ,，、;；:：]*[,，、;；:：]", r"\1", text)
    while True:
        trimmed = _LEAD_WORDS.sub("", text.lstrip(_EDGE_PUNCT + "-–—"), count=1).strip()
        if trimmed == text or not trimmed.strip(_EDGE_PUNCT):
            break
        text = trimmed
    text = text.rstrip(_EDGE_PUNCT)
    if text[:1].isascii() and text[:1].islower():
        text = text[0].upper() + text[1:]
    return text or None


def read_attribution(line: str, number: int, standalone: bool) -> Attribution | None:
    """An attribution line, or None when the line is ordinary text.

    A dash-led line holding a date (even an impossible one) is an attribution wherever it
    stands. Without a date it counts only as a paragraph of its own that is indented or led
    by a long dash, so that a column-0 `- item` list or a wrapped line starting with `——`
    stays in the text.
    """
    m = _DASH_LINE.match(line)
    if not m:
        return None
    rest = m["rest"].strip()
    if not rest or rest[0] in _DASHES:
        return None
    found = find_date(rest)
    if found is None:
        if not standalone or not (m["indent"] or m["dash"] != "-"):
            return None
        return Attribution(number, None, tidy_source(rest), "found no date in this attribution")
    match, date, error = found
    source = tidy_source(rest[:match.start()] + " " + rest[match.end():])
    return Attribution(number, date, source, error)


def is_separator(line: str) -> bool:
    """A line of three or more of one separator character (`***`, `- - -`, `———`)."""
    compact = "".join(line.split())
    return len(compact) >= 3 and len(set(compact)) == 1 and compact[0] in _SEPARATOR_CHARS


def is_lead_in(paragraph: str) -> bool:
    """Ends with a colon, or without sentence-final punctuation (`…safety"` but not `….”`)."""
    if paragraph.endswith((":", "：")):
        return True
    body = paragraph.rstrip(_CLOSERS)
    return not body or body[-1] not in _SENTENCE_END


def read_title(line: str) -> tuple[str | None, str | None]:
    """(series, title) from a `[Series] Title` line (any bracket style, optional Markdown `#`)."""
    line = re.sub(r"^#{1,6}\s+", "", line.strip()).strip()
    m = _TITLE_RE.match(line)
    series, title = (m["series"].strip() or None, m["title"].strip() or None) if m else (None, line or None)
    return (None, series) if title is None else (series, title)
