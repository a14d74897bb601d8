"""Dates that keep their precision (day, month or year) and print themselves per language."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")

MONTHS_EN = [calendar.month_name[m] for m in range(1, 13)]


class DateFormatError(ValueError):
    """Raised with a message that says what is wrong and what the accepted forms are."""


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, rejecting dates the calendar lacks."""
        m = _DATE_RE.match(text.strip())
        if not m:
            raise DateFormatError(f"'{text}' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
        year, month, day = int(m[1]), m[2], m[3]
        if month is None:
            return cls(year)
        if not 1 <= int(month) <= 12:
            raise DateFormatError(f"'{text}' has no month {int(month)} (use YYYY-MM with 01-12)")
        if day is None:
            return cls(year, int(month))
        try:
            dt.date(year, int(month), int(day))
        except ValueError:
            last = calendar.monthrange(year, int(month))[1]
            raise DateFormatError(
                f"'{text}' is not a day of {MONTHS_EN[int(month) - 1]} {year} (it has {last} days)"
            ) from None
        return cls(year, int(month), int(day))

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def iso(self) -> str:
        """The form it was written in: `2013-06-06`, `2020-04` or `2016`."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def format(self, lang: str = "en") -> str:
        """June 6, 2013 / April 2020 / 2016, or 2013年6月6日 / 2020年4月 / 2016年."""
        if lang.startswith("zh"):
            out = f"{self.year}年"
            if self.month:
                out += f"{self.month}月"
            if self.day:
                out += f"{self.day}日"
            return out
        if self.day:
            return f"{MONTHS_EN[self.month - 1]} {self.day}, {self.year}"
        if self.month:
            return f"{MONTHS_EN[self.month - 1]} {self.year}"
        return str(self.year)

    def overlaps(self, since: "PartialDate | None", until: "PartialDate | None") -> bool:
        """True when any day of this date lies within [since, until] (each end inclusive)."""
        if since is not None and self.last_day < since.first_day:
            return False
        if until is not None and self.first_day > until.last_day:
            return False
        return True

    def __str__(self) -> str:
        return self.iso()
