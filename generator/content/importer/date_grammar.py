"""The dates articles write: `June 6, 2013`, `Sept. 11, 2015`, `May 18-19, 2018`, `2013-06`, `6/7/2013`, `2018年5月18日至19日`.

`find_date` returns where the earliest (then longest) date stands, what it means and, when
the reading is a guess a person might dispute (a range, a day/month order), a note saying so.
Rules where articles are ambiguous:

- a range (`May 18 to 19, 2018`, `2018年5月18日至19日`, `2013-2016`) is dated by its first day;
- `a/b/yyyy` and `a-b-yyyy` put the month first (US order) unless the first number is over
  12; `a.b.yyyy` puts the day first (the order everywhere dots are used); when both orders
  give real, different dates the note names both;
- a bare year counts at the start, after `in`, or at the end of the line (`Speech in Ontario, 2016`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from generator.content.dates import MONTHS_EN, PartialDate

__all__ = ["FoundDate", "find_date"]

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_MONTHS = {m.lower(): i for i, m in enumerate(MONTHS_EN, 1)}
_MONTHS.update({m[:3].lower(): i for i, m in enumerate(MONTHS_EN, 1)})
_MONTHS["sept"] = 9
_MONTH_WORDS = "|".join(sorted(_MONTHS, key=len, reverse=True))


def _mon(name: str) -> str:
    return rf"(?<![A-Za-z])(?P<{name}>(?i:{_MONTH_WORDS}))(?:\.|(?![A-Za-z]))"


def _day(name: str) -> str:
    return rf"(?<![0-9])(?P<{name}>[0-9]{{1,2}})(?i:st|nd|rd|th)?(?![0-9])"


_YEAR = r"(?<![0-9])(?P<y>[12][0-9]{3})(?![0-9])"
_PRE = r"(?:(?<![A-Za-z])(?i:on|in|from|dated)\s+)?"        # consumed with the date
_PRE_ZH = r"(?:于\s*)?"
_TO = r"(?:\s*[-‐‑‒–—―~～]\s*|\s+(?i:to|through|until|and|&)\s+)"  # between the ends of a range
_TO_ZH = r"\s*(?:至|到|[-‐‑‒–—―~～])\s*"
_M = r"(?P<m>[0-9]{1,2})"
_D_ZH = r"(?P<d>[0-9]{1,2})"
_ZH_NUM = "〇零○一二三四五六七八九十"

_PATTERNS = [re.compile(p) for p in (
    # June 6, 2013 · May 18 to 19, 2018 · May 30 - June 2, 2018
    rf"{_PRE}{_mon('mon')}\s*{_day('d')}(?P<range>{_TO}(?:{_mon('mon2')}\s*)?{_day('d2')})?,?\s*{_YEAR}",
    # 10 January 2016 · the 6th of June, 2013 · 18-19 May 2018
    rf"{_PRE}(?:(?i:the)\s+)?{_day('d')}(?P<range>{_TO}{_day('d2')})?\s*(?:(?i:of)\s+)?{_mon('mon')},?\s*{_YEAR}",
    # 30 May - 2 June 2018
    rf"{_PRE}{_day('d')}\s*{_mon('mon')}(?P<range>{_TO}{_day('d2')}\s*{_mon('mon2')}),?\s*{_YEAR}",
    # April 2020 · March, 2016 · May to June 2018
    rf"{_PRE}{_mon('mon')}(?P<range>{_TO}{_mon('mon2')})?,?\s*{_YEAR}",
    # 2013年6月6日 · 2018年5月18日至19日 · 2018年5月18日至6月2日 · 2018年5月18-19日
    rf"{_PRE}{_PRE_ZH}{_YEAR}\s*年\s*{_M}\s*月\s*{_D_ZH}\s*(?:[日号](?P<range>{_TO_ZH}(?:(?:[0-9]{{4}}\s*年\s*)?"
    rf"[0-9]{{1,2}}\s*月\s*)?[0-9]{{1,2}}\s*[日号])?|(?P<range2>{_TO_ZH}(?:[0-9]{{1,2}}\s*月\s*)?[0-9]{{1,2}}\s*[日号]))",
    # 2020年4月 · 2018年5月至6月
    rf"{_PRE}{_PRE_ZH}{_YEAR}\s*年\s*{_M}\s*月(?P<range>{_TO_ZH}(?:[0-9]{{4}}\s*年\s*)?[0-9]{{1,2}}\s*月)?",
    # 2016年 · 2013年至2016年
    rf"{_PRE}{_PRE_ZH}{_YEAR}\s*年(?P<range>{_TO_ZH}[0-9]{{4}}\s*年)?",
    # 二〇一三年六月六日 (read separately: the numerals are not digits)
    rf"{_PRE_ZH}(?P<cy>[〇零○一二三四五六七八九]{{4}})\s*年(?:\s*(?P<cm>[{_ZH_NUM}]{{1,2}})\s*月"
    rf"(?:\s*(?P<cd>[{_ZH_NUM}]{{1,3}})\s*[日号])?)?",
    # 2013-06-06 · 2013.6.6 · 2013/06/06 10:20 (a time of day goes with it)
    rf"{_PRE}{_PRE_ZH}{_YEAR}(?P<sep>[-/.])(?P<m>[0-9]{{1,2}})(?P=sep)(?P<d>[0-9]{{1,2}})(?![0-9])"
    r"(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9]))?",
    # 2013-06 · 2013/6 · 2013.06 (a year and month, not the start of a longer number)
    rf"{_PRE}{_PRE_ZH}{_YEAR}(?P<sep>[-/.])(?P<m>[0-9]{{1,2}})(?![0-9])(?![-/.][0-9])",
    # 6/7/2013 · 6.7.2013 · 6-7-2013: which number is the month is decided below
    rf"{_PRE}(?<![0-9./-])(?P<a>[0-9]{{1,2}})(?P<sep>[/.-])(?P<b>[0-9]{{1,2}})(?P=sep){_YEAR}",
    # 2013-2016 · 2013 to 2016: a span of years, dated by its first
    rf"{_PRE}{_YEAR}(?P<range>{_TO}[12][0-9]{{3}})(?![0-9])",
    r"(?<![A-Za-z])(?i:in)\s+" + _YEAR,                          # in 2016
    r"^" + _YEAR,                                                # 2016, ... (straight after the dash)
    r"(?:^|(?<=[\s,，、(（\[【]))" + _YEAR + r"(?=[\s)）\]】.。;；]*$)",  # Speech in Ontario, 2016
)]


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date found in a line: its span, its value (None when impossible) and why, and any guess made."""

    start: int
    end: int
    date: PartialDate | None
    error: str | None = None
    note: str | None = None
    written: str = ""


def _zh_number(text: str) -> int:
    """Chinese numerals of a date: `二〇一三` digit by digit, `十二` and `二十六` as numbers."""
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}
    if "十" not in text:
        return int("".join(str(digits[c]) for c in text))
    tens, _, units = text.partition("十")
    return (digits[tens] if tens else 1) * 10 + (digits[units] if units else 0)


def _checked(year: int, month: int | None, day: int | None, written: str) -> tuple[PartialDate | None, str | None]:
    if month is None:
        return PartialDate(year), None
    if not 1 <= month <= 12:
        return None, f"'{written}' is not a real date (there is no month {month})"
    last = calendar.monthrange(year, month)[1]
    if day is not None and not 1 <= day <= last:
        return None, f"'{written}' is not a real date ({MONTHS_EN[month - 1]} {year} has {last} days)"
    return PartialDate(year, month, day), None


def _real(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _read(m: re.Match[str], written: str) -> tuple[PartialDate | None, str | None, str | None]:
    """(date, error, note) for one match."""
    g = m.groupdict()
    if g.get("cy"):
        year = _zh_number(g["cy"])
        month = _zh_number(g["cm"]) if g.get("cm") else None
        day = _zh_number(g["cd"]) if g.get("cd") else None
        return (*_checked(year, month, day, written), None)
    year = int(g["y"])
    if g.get("a"):
        a, b = int(g["a"]), int(g["b"])
        day_first = g["sep"] == "."
        first = (b, a) if day_first else (a, b)         # (month, day) in the preferred order
        other = (a, b) if day_first else (b, a)
        note = None
        if not _real(year, *first) and _real(year, *other):
            first = other
        elif _real(year, *first) and _real(year, *other) and first != other:
            read = lambda md: f"{MONTHS_EN[md[0] - 1]} {md[1]}, {year}"  # noqa: E731
            order = "day first, as with dots" if day_first else "month first, the US order"
            note = (f"read '{written}' as {read(first)} ({order}); it could also be {read(other)}")
        return (*_checked(year, first[0], first[1], written), note)
    month = _MONTHS[g["mon"].lower()] if g.get("mon") else int(g["m"]) if g.get("m") else None
    day = int(g["d"]) if g.get("d") else None
    date, error = _checked(year, month, day, written)
    note = None
    if date and (g.get("range") or g.get("range2")):
        note = f"'{written}' is a range of dates; took its first, {date.format('en')}"
    return date, error, note


def find_date(text: str) -> FoundDate | None:
    """The earliest (then longest) date in `text`, or None."""
    digits = text.translate(_DIGITS)  # same length, so match offsets fit `text` too
    best = None
    for pattern in _PATTERNS:
        m = pattern.search(digits)
        if m and (best is None or (m.start(), -m.end()) < (best.start(), -best.end())):
            best = m
    if best is None:
        return None
    written = re.sub(r"^(?i:on|in|from|dated)\s+|^于\s*", "", text[best.start():best.end()].strip())
    date, error, note = _read(best, written)
    return FoundDate(best.start(), best.end(), date, error, note, written)
