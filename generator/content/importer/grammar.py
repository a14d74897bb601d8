"""The article grammar: attribution lines (dash-led, bracketed, dash-less), their sources, separators, lead-ins and titles."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from generator.content.dates import PartialDate
from generator.content.importer.date_grammar import FoundDate, find_date
from generator.content.importer.labels import split_label, width
from generator.content.importer.pageinfo import is_dateline, publishing_info, split_lead_in
from generator.content.text import CJK_RE

__all__ = ["Attribution", "continues_attribution", "dash_rest", "find_date", "is_lead_in", "is_separator", "is_series_title",
           "looks_like_title", "merge_attributions", "read_attribution", "read_bracketed", "read_dashless", "read_title",
           "split_trailing_attribution", "tidy_source"]

_DASHES = "-‐‑‒–—―－─━"
_DASH_LINE = re.compile(rf"^(?P<indent>\s*)(?P<dash>[{_DASHES}]{{1,4}})(?P<rest>.*)$")
_SEPARATOR_CHARS = set("*-_—–＊─━=")
_LEAD_WORDS = re.compile(r"^(?:(?:an|a|the)\s+|在\s*)", re.IGNORECASE)
_EDGE_PUNCT = " ,，、;；:：.。|｜"
_SENTENCE_END = ".!?。！？…"
_CLOSERS = "\"'”’」』）)】》]"
_OPEN, _CLOSE = "（(【[［〔", "）)】]］〕"
_PAIRS = dict(zip(_OPEN, _CLOSE))
_EMPTY_BRACKETS = re.compile(r"[（(【\[［〔][\s,，、;；:：.。\-–—]*[）)】\]］〕]")
_AGENCY = re.compile(r"([社网台报])\s*(?:[\u4e00-\u9fff]{1,3}\s*)?[电讯]$")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])")
_TITLE_RE = re.compile(r"^[\[【［〖]\s*(?P<series>[^\]】］〗]*?)\s*[\]】］〗]\s*(?P<title>.*)$")
# what a wrapped attribution's first line ends with when its occasion goes on below
_OPEN_END = re.compile(r"(?:[,，、;；:：（(【\[]|(?<![A-Za-z])(?i:of|the|and|at|in|on|for|to|a|an|with|by|from|"
                       r"during|about|into|before|after|between|among|his|her|their))$")
# what the tail of a wrapped Chinese attribution starts or ends with
_ZH_TAIL = re.compile(r"^(?:的|之|上|中|时|后|前|期间)|(?:讲话|指示|批示|报告|贺信|回信|信|致辞|发言|谈话|文章|演讲|讲话要点|"
                      r"讲话精神|要求|节选|摘要|会议|座谈会|考察|调研)[）)】\]]?[。.]?$")


@dataclass(frozen=True, slots=True)
class Attribution:
    """An attribution: where it stands (first and last line), its date and source, and what to tell the user."""

    line: int
    date: PartialDate | None
    source: str | None
    error: str | None = None  # why there is no date
    notes: tuple[str, ...] = ()  # guesses a person might dispute (a range, a day/month order, a second date)
    end: int | None = None  # its last line, when it was wrapped or merged

    @property
    def last(self) -> int:
        return self.end or self.line


def tidy_source(text: str, capitalize: bool = True) -> str | None:
    """`, an important speech on work safety.` → `Important speech on work safety`; `( ) a speech` → `Speech`."""
    text = re.sub(r"\s+", " ", text).strip()
    for _ in range(3):
        text = _EMPTY_BRACKETS.sub(" ", text)
        text = re.sub(r"([（(【\[])\s*([^（(【\[）)】\]]*?)\s*([）)】\]])",
                      lambda m: m[1] + _AGENCY.sub(r"\1", m[2]) + m[3], text)
    text = _CJK_GAP.sub("", re.sub(r"\s+", " ", text).strip())
    text = re.sub(r" ([,，、;；:：)）】\]])", r"\1", text)
    text = re.sub(r"([（(【\[]) ", r"\1", text)
    text = re.sub(r"([,，、;；:：])[ ,，、;；:：]*[,，、;；:：]", r"\1", text)
    while True:
        trimmed = _LEAD_WORDS.sub("", text.lstrip(_EDGE_PUNCT + "-–—"), count=1).strip()
        if trimmed == text or not trimmed.strip(_EDGE_PUNCT):
            break
        text = trimmed
    text = _AGENCY.sub(r"\1", text.rstrip(_EDGE_PUNCT + "-–—"))  # a dateline's `新华社…电` → `新华社`
    whole = re.fullmatch(r"[（(【\[](?P<inner>[^（(【\[）)】\]]*)[）)】\]]", text)
    if whole:  # the source is one bracketed piece: `（新华社）` → `新华社`
        return tidy_source(whole["inner"], capitalize)
    if capitalize and text[:1].isascii() and text[:1].islower():
        text = text[0].upper() + text[1:]
    return text or None


def _attribution(text: str, number: int, found: FoundDate | None, capitalize: bool = True) -> Attribution:
    if found is None:
        return Attribution(number, None, tidy_source(text, capitalize), "found no date in this attribution")
    rest = text[:found.start] + " " + text[found.end:]
    notes = [found.note] if found.note else []
    second = find_date(rest)
    if second is not None:
        notes.append(f"used the first date, '{found.written}'; the source keeps '{second.written}'")
    return Attribution(number, found.date, tidy_source(rest, capitalize), found.error, tuple(notes))


def dash_rest(line: str) -> str | None:
    """The text after the dash of a dash-led line (`—— On June 6, 2013, …`), or None."""
    m = _DASH_LINE.match(line)
    if not m:
        return None
    rest = m["rest"].strip()
    return rest if rest and rest[0] not in _DASHES else None


def read_attribution(line: str, number: int, standalone: bool) -> Attribution | None:
    """A dash-led attribution line, or None when the line is ordinary text.

    A dash-led line holding a date (even an impossible one) is an attribution wherever it
    stands. Without a date it counts only as a paragraph of its own that is indented or led
    by a long dash, so that a column-0 `- item` list or a wrapped line starting with `——`
    stays in the text.
    """
    m = _DASH_LINE.match(line)
    rest = dash_rest(line)
    if rest is None:
        return None
    found = find_date(rest)
    if found is None and (not standalone or not (m["indent"] or m["dash"] != "-")):
        return None
    return _attribution(rest, number, found)


def _date_at_an_end(text: str, found: FoundDate | None) -> bool:
    return found is not None and (not text[:found.start].strip(" ,，、:：") or
                                  not text[found.end:].strip(" ,，、;；.。" + _CLOSERS))


def read_bracketed(line: str, number: int) -> Attribution | None:
    """A line that is one bracketed attribution with a date at either end, `（2013年6月6日在…的讲话）`, or a dateline."""
    text = line.strip()
    if len(text) < 3 or text[0] not in _PAIRS or text[-1] != _PAIRS[text[0]]:
        return None
    inner = text[1:-1]
    if any(c in inner for c in _OPEN + _CLOSE):
        return None
    found = find_date(inner)
    if _date_at_an_end(inner, found) or (found is not None and is_dateline(text)):
        return _attribution(inner, number, found)
    return None


def read_dashless(line: str, number: int) -> Attribution | None:
    """A .docx paragraph that is an attribution without its dash: `On June 6, 2013, a speech`, `在…的讲话，2016年`.

    It must read like one: one clause, no sentence end, short, with the date at its start or end.
    """
    text = line.strip()
    if not text or width(text) > 200 or text[-1] in _SENTENCE_END or publishing_info(text):
        return None
    if re.search(r"[。！？；]|[.!?;](?:\s|$)", text.rstrip(_CLOSERS)):
        return None
    found = find_date(text)
    return _attribution(text, number, found) if _date_at_an_end(text, found) else None


def split_trailing_attribution(line: str, number: int) -> tuple[str, Attribution] | None:
    """`…红线。（2013年6月6日在…的讲话）` → (the text, the attribution in brackets at its end)."""
    text = line.rstrip()
    if not text or text[-1] not in _CLOSE:
        return None
    opener = {v: k for k, v in _PAIRS.items()}[text[-1]]
    start = text.rfind(opener)
    if start <= 0 or text[:start].rstrip()[-1:] not in tuple(_SENTENCE_END + "”’\"") or not text[:start].strip():
        return None
    attribution = read_bracketed(text[start:], number)
    if attribution is None or attribution.date is None:
        return None
    return text[:start].rstrip(), attribution


def merge_attributions(first: Attribution, second: Attribution, zh: bool) -> Attribution:
    """Two attribution lines in a row: one attribution, the first date, both sources."""
    sep = "，" if zh else ", "
    source = sep.join(s for s in (first.source, tidy_source(second.source or "", capitalize=False)) if s) or None
    date = first.date or second.date
    return replace(first, date=date, source=source, error=None if date else first.error or second.error,
                   notes=first.notes + second.notes, end=second.last)


def continues_attribution(attribution_text: str, indent: bool, line: str) -> bool:
    """Whether `line`, straight below an attribution, is the rest of it wrapped onto a second line."""
    text = line.strip()
    if not text or dash_rest(line) is not None or split_label(text) or publishing_info(text) or \
            split_lead_in(text) is not None or width(text) > 100:
        return False
    found_here = find_date(text)
    if find_date(attribution_text) is None and found_here is not None and _date_at_an_end(text, found_here):
        return True  # `— Speech at the conference,` / `Sept. 11, 2015`
    if re.search(r"[。！？]|[.!?](?:\s|$)", text.rstrip("。.!?" + _CLOSERS)):
        return False  # sentences inside it: text, not an occasion's tail
    opened = sum(attribution_text.count(c) for c in _OPEN) > sum(attribution_text.count(c) for c in _CLOSE)
    if opened or _OPEN_END.search(attribution_text.rstrip()) or text[:1].isascii() and text[:1].islower():
        return True
    ends_open = attribution_text.rstrip()[-1:] not in _SENTENCE_END + _CLOSERS
    short = width(text) <= 40 and text[-1] not in _SENTENCE_END
    if ends_open and short and indent and line[:1].isspace() and width(attribution_text) >= 30:
        return True
    return ends_open and CJK_RE.match(text[0]) is not None and width(text) <= 40 and bool(_ZH_TAIL.search(text))


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


def looks_like_title(line: str) -> bool:
    """A first line that can be a title: short, not a sentence, not a list or a field (`Title`, `…safety?`)."""
    text = line.strip()
    return 0 < width(text) <= 160 and text[-1] not in ".。,，;；:：、…" and \
        not re.search(r"[。；]|[.;](?:\s|$)", text.rstrip(_CLOSERS + ".。"))


def is_series_title(line: str) -> bool:
    """A `[Series] Title` line (any bracket style, optional Markdown `#`)."""
    return bool(_TITLE_RE.match(re.sub(r"^#{1,6}\s+", "", line.strip())))


def read_title(line: str) -> tuple[str | None, str | None]:
    """(series, title) from a `[Series] Title` line (any bracket style, optional Markdown `#`)."""
    line = re.sub(r"^#{1,6}\s+", "", line.strip()).strip()
    m = _TITLE_RE.match(line)
    series, title = (m["series"].strip() or None, m["title"].strip() or None) if m else (None, line or None)
    return (None, series) if title is None else (series, title)
