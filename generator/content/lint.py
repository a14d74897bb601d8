"""Checks on collections that catch what would print wrong: debris, gaps, unsafe characters."""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import Problem
from generator.content.model import Collection
from generator.content.text import BIDI_RE, DEBRIS_RE, XML_INVALID_RE, count_words

PULL_QUOTE_MAX_WORDS = 25


@dataclass(frozen=True, slots=True)
class Finding:
    severity: str  # "error" prints wrong or not at all; "warning" prints, but a reader would notice
    problem: Problem

    def __str__(self) -> str:
        p = self.problem
        where = f"{p.file}:{p.line}: " if p.line else f"{p.file}: "
        fix = f" ({p.fix})" if p.fix else ""
        return f"{where}{self.severity}: {p.message}{fix}"


def lint_collections(collections: list[Collection], display) -> list[Finding]:
    """Every finding in every collection, in file and line order."""
    findings: list[Finding] = []
    seen_text: dict[str, tuple[str, str]] = {}
    for coll in collections:
        where = display(coll.path) if coll.path else coll.name

        def add(severity: str, line: int | None, message: str, fix: str | None = None) -> None:
            findings.append(Finding(severity, Problem(message, where, line, fix)))

        for label, text in (("title", coll.title), ("series", coll.series or ""),
                            ("intro", "\n".join(coll.intro)), ("outro", "\n".join(coll.outro))):
            _check_text(add, None, label, text)
        for ex in coll.excerpts:
            label = f"excerpt '{ex.id}'"
            for field, text in (("text", ex.text), ("source", ex.source or ""), ("pull_quote", ex.pull_quote or "")):
                _check_text(add, ex.line, f"{label} {field}", text)
            if ex.date is None:
                add("warning", ex.line, f"{label} has no date", "add `date: YYYY-MM-DD` (or YYYY-MM, YYYY)")
            if not ex.source:
                add("warning", ex.line, f"{label} has no source", "add `source:` naming the occasion")
            if ex.pull_quote and count_words(ex.pull_quote) > PULL_QUOTE_MAX_WORDS:
                add("warning", ex.line,
                    f"{label} pull_quote has {count_words(ex.pull_quote)} words (posters want at most "
                    f"{PULL_QUOTE_MAX_WORDS})", "shorten it to one striking sentence")
            key = " ".join(ex.text.casefold().split())
            if key in seen_text:
                other_where, other_id = seen_text[key]
                add("error", ex.line, f"{label} repeats the text of '{other_id}' in {other_where}",
                    "remove one of the two")
            else:
                seen_text[key] = (where, ex.id)
    return findings


def _check_text(add, line: int | None, label: str, text: str) -> None:
    if m := DEBRIS_RE.search(text):
        add("error", line, f"{label} holds extraction debris '{m.group(0)}'", "delete it")
    if m := XML_INVALID_RE.search(text):
        add("error", line, f"{label} holds control character U+{ord(m.group(0)):04X}",
            "delete it; it cannot be printed or saved in DOCX")
    if m := BIDI_RE.search(text):
        add("error", line, f"{label} holds bidi control U+{ord(m.group(0)):04X}, which can make "
            "printed text read differently from its source", "delete it")
