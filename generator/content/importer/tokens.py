"""Numbered lines → the title and a stream of paragraphs, attributions and section breaks.

This is where an article's layout is read: blank lines or single line breaks between
paragraphs, attribution lines (dash-led, bracketed, dash-less in .docx, wrapped onto a second
line, two in a row), separators and Markdown headings, and the page's publishing information,
which is dropped. Every guess is reported through `warn(line, message, fix)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from generator.content.importer.grammar import (Attribution, continues_attribution, dash_rest, is_separator,
                                                is_series_title, looks_like_title, merge_attributions,
                                                read_attribution, read_bracketed, read_dashless, read_title,
                                                split_trailing_attribution)
from generator.content.importer.labels import split_label, width
from generator.content.importer.markdown import strip_markdown
from generator.content.importer.pageinfo import is_dateline, publishing_info, split_lead_in
from generator.content.text import CJK_RE, DEBRIS_RE, XML_INVALID_RE, is_cjk, join_lines

__all__ = ["Article", "Break", "Para", "tokenize"]

Warn = Callable[..., None]
LONG_LINE = 90  # columns: no one wraps a paragraph by hand wider than this, so such lines are paragraphs


@dataclass(frozen=True, slots=True)
class Para:
    line: int
    text: str
    lead_in: bool = False  # marked as introduction (`导语：`, `Editor's note:`)


@dataclass(frozen=True, slots=True)
class Break:
    """A separator line (`***`) or a section heading: the end of what came before."""

    line: int
    heading: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    series: str | None
    title: str | None
    first_line: int | None  # the first line of text, for the message when there is no title
    tokens: list[Para | Attribution | Break]
    empty: bool = False  # nothing but blank lines and debris


_SENTENCE_END = tuple(".!?。！？…”’\"")


def _indented(text: str) -> bool:
    return text.startswith(("\u3000", "  ", "\t", "\u00a0"))


def _glue(first: str, second: str) -> str:
    """A line and its continuation: a space between Latin words, nothing between CJK."""
    first, second = first.rstrip(), second.strip()
    if first and second and CJK_RE.match(first[-1]) and CJK_RE.match(second[0]):
        return first + second
    return f"{first} {second}"


class _Lines:
    """The cleaned lines, each with whether it was a Markdown heading."""

    def __init__(self, lines: list[tuple[int, str]], markdown: bool, warn: Warn):
        self.warn = warn
        self.rows: list[tuple[int, str, bool]] = []
        for number, text in lines:
            heading = False
            text = self._clean(number, text)
            if markdown and text.strip() and not is_separator(text):
                text, heading = strip_markdown(text)
            self.rows.append((number, text, heading))

    def _clean(self, number: int, text: str) -> str:
        controls = len(XML_INVALID_RE.findall(text))
        if controls:
            text = XML_INVALID_RE.sub("", text)
            self.warn(number, f"removed {controls} control character{'s' if controls > 1 else ''}")
        debris = DEBRIS_RE.findall(text)
        if debris:
            indent = text[:len(text) - len(text.lstrip())]
            body = re.sub(r"[ \t]{2,}", " ", DEBRIS_RE.sub("", text)).strip()
            text = indent + body if body else ""
            self.warn(number, "removed extraction debris " + ", ".join(f"'{d}'" for d in debris))
        return text


def _is_attribution_line(text: str, number: int) -> bool:
    return (dash_rest(text) is not None and read_attribution(text, number, True) is not None) or \
        read_bracketed(text, number) is not None


def tokenize(lines: list[tuple[int, str]], unit: str, markdown: bool, warn: Warn) -> Article:
    rows = _Lines(lines, markdown, warn).rows
    i = 0
    while i < len(rows) and not rows[i][1].strip():
        i += 1
    if i == len(rows):
        return Article(None, None, None, [], empty=True)
    while i < len(rows) and (publishing_info(rows[i][1]) or is_dateline(rows[i][1])):
        warn(rows[i][0], f"dropped the page's publishing information '{rows[i][1].strip()}'")
        i += 1
        while i < len(rows) and not rows[i][1].strip():
            i += 1
    if i == len(rows):
        return Article(None, None, None, [])
    series = title = None
    number, first, heading = rows[i]
    is_title = heading or is_series_title(first)
    if not is_title and not is_separator(first) and not _is_attribution_line(first, number) and \
            not split_label(first) and split_lead_in(first) is None and looks_like_title(first):
        following = rows[i + 1][1] if i + 1 < len(rows) else ""
        is_title = not following.strip() or not (unit == "line" and width(first) > LONG_LINE)
    if is_title:
        series, title = read_title(first)
        i += 1
    return Article(series, title, number, _Tokenizer(rows[i:], unit, warn).run())


class _Tokenizer:
    def __init__(self, rows: list[tuple[int, str, bool]], unit: str, warn: Warn):
        self.rows, self.unit, self.warn = rows, unit, warn
        self.tokens: list[Para | Attribution | Break] = []
        self.current: list[tuple[int, str]] = []
        self.lead_in = self.lead_next = False
        filled = [k for k, row in enumerate(rows) if row[1].strip()]
        self.line_mode = len(filled) >= 3 and all(rows[k][1].strip() for k in range(filled[0], filled[-1] + 1)) \
            and any(width(rows[k][1].strip()) > LONG_LINE and dash_rest(rows[k][1]) is None for k in filled)
        if self.line_mode:
            warn(rows[filled[0]][0], "found no blank lines between paragraphs, so each line is taken as a paragraph",
                 "separate paragraphs with blank lines if a paragraph spans several lines")
        self.split = [self.line_mode] * len(rows)
        k = 0
        while k < len(rows) and not self.line_mode:
            end = k
            while not self.blank(end):
                end += 1
            plain = [j for j in range(k, end) if dash_rest(rows[j][1]) is None]
            if any(width(rows[j][1].strip()) > LONG_LINE for j in plain if j < end - 1):
                self.split[k:end] = [True] * (end - k)
                if any(b == a + 1 for a, b in zip(plain, plain[1:])):
                    warn(rows[k][0], "took each line here as a paragraph of its own: some are too long to be one "
                         "paragraph wrapped by hand", "join the lines if they are one paragraph")
            k = end + 1

    def blank(self, k: int) -> bool:
        return k >= len(self.rows) or not self.rows[k][1].strip()

    def flush(self) -> None:
        if self.current:
            text = join_lines([text for _, text in self.current])
            if text:
                self.tokens.append(Para(self.current[0][0], text, self.lead_in or self.lead_next))
                self.lead_next = False
            self.current.clear()
        self.lead_in = False

    def text_since_attribution(self) -> bool:
        if self.current:
            return True
        for token in reversed(self.tokens):
            if isinstance(token, Para):
                return True
            if isinstance(token, Attribution):
                return False
        return False

    def push(self, attribution: Attribution) -> None:
        self.flush()
        for note in attribution.notes:
            self.warn(attribution.line, note)
        previous = self.tokens[-1] if self.tokens else None
        if isinstance(previous, Attribution) and previous.last + 1 == attribution.line and (
                previous.date is None or attribution.date is None or previous.date == attribution.date):
            zh = is_cjk((previous.source or "") + (attribution.source or ""))
            self.tokens[-1] = merge_attributions(previous, attribution, zh)
            self.warn(attribution.line, f"took this line and the attribution on {self.unit} {previous.line} above it "
                      "as one attribution", "leave a blank line and the quotation's text between two attributions")
            return
        self.tokens.append(attribution)

    def run(self) -> list[Para | Attribution | Break]:
        k = 0
        while k < len(self.rows):
            number, text, heading = self.rows[k]
            if not text.strip():
                self.flush()
                k += 1
                continue
            k = self.line(k, number, text, heading, self.split[k])
        self.flush()
        return self.tokens

    def line(self, k: int, number: int, text: str, heading: bool, split: bool) -> int:
        """Read row k; returns the next row to read."""
        if heading:
            self.flush()
            self.tokens.append(Break(number, text.strip()))
            self.warn(number, f"took the heading '{text.strip()}' as a section heading, not as excerpt text")
            return k + 1
        if is_separator(text):
            self.flush()
            self.tokens.append(Break(number))
            return k + 1
        if publishing_info(text):
            self.flush()
            self.warn(number, f"dropped the page's publishing information '{text.strip()}'")
            return k + 1
        lead = split_lead_in(text)
        if lead is not None:
            self.flush()
            if lead:
                self.current.append((number, lead))
                self.lead_in = True
            else:
                self.lead_next = True
            return k + 1
        taken = self.attribution(k, number, text, split)
        if taken:
            return taken
        trailing = split_trailing_attribution(text, number)
        if trailing:
            self.current.append((number, trailing[0]))
            self.warn(number, "took the bracketed text at the end of this line as the attribution of the text "
                      "before it", "put the attribution on a line of its own, led by `——`")
            self.push(trailing[1])
            return k + 1
        if split or (self.current and _indented(text) and self.current[-1][1].rstrip()[-1:] in _SENTENCE_END):
            self.flush()  # an indented line after a full stop starts a paragraph
        self.current.append((number, text))
        if split:
            self.flush()
        return k + 1

    def continuation(self, k: int, first: str, indent: bool) -> tuple[str, int]:
        """The attribution on row k joined with the lines below that continue it; and the row after them."""
        joined, j = first, k + 1
        while j < len(self.rows) and j - k <= 2 and not self.blank(j) and not self.rows[j][2] and \
                continues_attribution(dash_rest(joined) or joined.strip(), indent, self.rows[j][1]):
            joined = _glue(joined, self.rows[j][1])
            j += 1
        return joined, j

    def attribution(self, k: int, number: int, text: str, split: bool) -> int | None:
        previous = self.tokens[-1] if self.tokens else None
        after_attribution = not self.current and isinstance(previous, Attribution) and previous.last + 1 == number
        if dash_rest(text) is not None:
            joined, j = self.continuation(k, text, text[:1].isspace())
            candidates = [(joined, j), (text, k + 1)] if j > k + 1 else [(text, k + 1)]
            for line, after in candidates:
                # the first of two attribution lines in a row stands as one even straight under the text
                above_another = not self.blank(after) and read_attribution(self.rows[after][1], number, False)
                standalone = split or after_attribution or bool(above_another) or (
                    not self.current and self.blank(after))
                found = read_attribution(line, number, standalone)
                if found is not None:
                    return self.take(found, k, after)
            return None
        stripped = text.strip()
        if stripped[:1] in "（(【[":
            joined, j = self.continuation(k, text, False)
            for line, after in ([(joined, j)] if j > k + 1 else []) + [(text, k + 1)]:
                found = read_bracketed(line, number)
                if found is None:
                    continue
                if not self.text_since_attribution():
                    if is_dateline(line):
                        self.flush()
                        self.warn(number, f"dropped the dateline '{line.strip()}': there is no text before it "
                                  "for it to attribute")
                        return after
                    return None
                return self.take(found, k, after)
        if self.unit == "paragraph" and not self.current and self.blank(k + 1) and self.text_since_attribution():
            found = read_dashless(text, number)
            if found is not None:
                self.warn(number, "took this paragraph as an attribution although no dash leads it: it is "
                          "short and has a date at one end", "lead it with `——` if so, or end it with a full stop "
                          "if it is part of the quotation")
                return self.take(found, k, k + 1)
        return None

    def take(self, found: Attribution, k: int, after: int) -> int:
        if after > k + 1:
            last = self.rows[after - 1][0]
            for j in range(k + 1, after):
                self.warn(self.rows[j][0], f"joined this line to the attribution on {self.unit} {found.line} above: "
                          "it reads as its continuation", "put the whole attribution on one line")
            found = Attribution(found.line, found.date, found.source, found.error, found.notes, last)
        self.push(found)
        return after
