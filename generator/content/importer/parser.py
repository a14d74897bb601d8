"""The article parser: numbered lines → paragraphs, attributions and separators → an excerpt Collection.

An article has the seed's shape: a `[Series] Title` line, intro paragraphs, then groups of
paragraphs, each closed by an attribution line such as
`   —— On June 6, 2013, important instructions on production safety`, and perhaps closing
paragraphs (the outro). The same parser reads text and .docx articles; only the unit its
warnings name differs (line or paragraph).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.content.importer.grammar import (Attribution, is_lead_in, is_separator, read_attribution,
                                                read_title)
from generator.content.model import Collection, Excerpt
from generator.content.text import DEBRIS_RE, XML_INVALID_RE, is_cjk, join_lines, slugify
from generator.errors import ContentError, Problem

__all__ = ["ImportResult", "parse_article", "parse_lines"]

ATTRIBUTION_FIX = "end each quotation with its own line like `—— On June 6, 2013, <occasion>`"


@dataclass(frozen=True, slots=True)
class ImportResult:
    collection: Collection
    warnings: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class _Para:
    line: int
    text: str


def parse_article(text: str, name: str, display: str = "<text>") -> ImportResult:
    """Parse the text of a .txt or .md article (any line endings, optional BOM)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines: list[tuple[int, str]] = []
    # Line numbers count only real newlines, as editors do; the rarer separators that
    # str.splitlines() also honours (\v, \f, \x1c-\x1e, \x85, U+2028/9) still break lines,
    # so no paragraph can hold one and the YAML written later reads back the same.
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
        lines.extend((number, part) for part in (line.splitlines() or [""]))
    return parse_lines(lines, name, display, unit="line")


def parse_lines(lines: list[tuple[int, str]], name: str, display: str, unit: str) -> ImportResult:
    """Parse numbered lines; warnings other than `unit="line"` ones name their unit (`paragraph 3: …`)."""
    return _Parser(lines, name, display, unit).parse()


class _Parser:
    def __init__(self, lines: list[tuple[int, str]], name: str, display: str, unit: str):
        self.name, self.display, self.unit = name, display, unit
        self.warnings: list[Problem] = []
        self.lines = [(number, self._clean(number, text)) for number, text in lines]

    def warn(self, number: int | None, message: str, fix: str | None = None) -> None:
        if self.unit != "line" and number:
            message = f"{self.unit} {number}: {message}"
        self.warnings.append(Problem(message, self.display, number, fix))

    def where(self, number: int) -> str:
        return f"{self.unit} {number}"

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

    def parse(self) -> ImportResult:
        start = next((i for i, (_, text) in enumerate(self.lines) if text.strip()), None)
        if start is None:
            raise ContentError(Problem("is empty", self.display, fix="import an article with a title, "
                                       "quotations and their attribution lines"))
        series = title = None
        number, first = self.lines[start]
        if not is_separator(first) and read_attribution(first, number, True) is None:
            series, title = read_title(first)
            start += 1
        tokens = self._tokens(start)
        attributions = [i for i, token in enumerate(tokens) if isinstance(token, Attribution)]
        if not attributions:
            raise ContentError(Problem("has no attribution line, so no quotation could be found", self.display,
                                       fix=ATTRIBUTION_FIX))
        intro, first_group = self._split_intro(tokens[:attributions[0]], tokens[attributions[0]].line)
        groups = [first_group] + [
            [t for t in tokens[a + 1:b] if isinstance(t, _Para)] for a, b in zip(attributions, attributions[1:])]
        outro = [t for t in tokens[attributions[-1] + 1:] if isinstance(t, _Para)]
        if outro:
            self.warn(outro[0].line, f"kept the {len(outro)} paragraph{'s' if len(outro) > 1 else ''} after the "
                      "last attribution as closing text (`outro`), not as an excerpt",
                      "if they are a quotation, end them with an attribution line")

        all_text = " ".join([title or ""] + [p.text for p in intro + outro] + [p.text for g in groups for p in g])
        lang = "zh" if is_cjk(all_text) else "en"
        excerpts = self._excerpts([tokens[i] for i in attributions], groups, lang)
        if not excerpts:
            raise ContentError([Problem("has attribution lines but no quotation text before any of them",
                                        self.display, fix=ATTRIBUTION_FIX)] + self.warnings)
        collection = Collection(
            name=self.name,
            title=title or self.name.replace("-", " ").replace("_", " ").strip().capitalize() or "Untitled",
            excerpts=tuple(excerpts),
            series=series,
            lang=lang,
            intro=tuple(p.text for p in intro),
            outro=tuple(p.text for p in outro),
        )
        if title is None:
            self.warn(None, f"has no title line; used '{collection.title}'",
                      "put `[Series] Title` on the first line, or edit `title:` in the YAML")
        return ImportResult(collection, tuple(sorted(self.warnings, key=lambda p: p.line or 0)))

    def _tokens(self, start: int) -> list[_Para | Attribution | int]:
        """Paragraphs, attributions and separators (their line numbers, as ints), in order."""
        tokens: list[_Para | Attribution | int] = []
        current: list[tuple[int, str]] = []

        def flush() -> None:
            if current:
                tokens.append(_Para(current[0][0], join_lines([text for _, text in current])))
                current.clear()

        for i in range(start, len(self.lines)):
            number, text = self.lines[i]
            if not text.strip():
                flush()
            elif is_separator(text):
                flush()
                tokens.append(number)
            else:
                standalone = not current and (i + 1 == len(self.lines) or not self.lines[i + 1][1].strip())
                attribution = read_attribution(text, number, standalone)
                if attribution is None:
                    current.append((number, text))
                else:
                    flush()
                    tokens.append(attribution)
        flush()
        return tokens

    def _split_intro(self, before: list[_Para | int], attribution_line: int) -> tuple[list[_Para], list[_Para]]:
        """Where the intro ends and the first excerpt begins (the one ambiguous boundary).

        An explicit separator line (`***`, `---`) wins; else the intro runs through the last
        lead-in paragraph; else all but the last paragraph are intro, with a warning.
        """
        paragraphs = [t for t in before if isinstance(t, _Para)]
        for i in range(len(before) - 1, -1, -1):
            if isinstance(before[i], int) and any(isinstance(t, _Para) for t in before[i + 1:]):
                cut = sum(isinstance(t, _Para) for t in before[:i])
                return paragraphs[:cut], paragraphs[cut:]
        for i in range(len(paragraphs) - 2, -1, -1):
            if is_lead_in(paragraphs[i].text):
                return paragraphs[:i + 1], paragraphs[i + 1:]
        if len(paragraphs) >= 2:
            self.warn(paragraphs[-1].line,
                      f"took the {len(paragraphs) - 1} paragraph{'s' if len(paragraphs) > 2 else ''} before this one "
                      f"as the introduction, and only this one as the first excerpt (closed at "
                      f"{self.where(attribution_line)})",
                      "put a line `***` where the introduction ends if that is wrong")
            return paragraphs[:-1], paragraphs[-1:]
        return [], paragraphs

    def _excerpts(self, attributions: list[Attribution], groups: list[list[_Para]], lang: str) -> list[Excerpt]:
        excerpts: list[Excerpt] = []
        used: set[str] = set()
        for attribution, paragraphs in zip(attributions, groups):
            if not paragraphs:
                self.warn(attribution.line, "this attribution has no quotation text before it, so it was not used",
                          "put the quotation's paragraphs before its attribution line")
                continue
            texts = tuple(p.text for p in paragraphs)
            # CJK runs are whole clauses to slugify: the first one is id enough
            slug = slugify(texts[0], max_words=1 if is_cjk(texts[0]) else 5)
            base = f"{attribution.date.iso()}-{slug}" if attribution.date else f"excerpt-{len(excerpts) + 1}-{slug}"
            excerpt_id, n = base, 1
            while excerpt_id in used:
                n += 1
                excerpt_id = f"{base}-{n}"
            used.add(excerpt_id)
            text = " ".join(texts)
            excerpt_lang = ("zh" if is_cjk(text) else "en") if any(c.isalpha() for c in text) else lang
            excerpts.append(Excerpt(id=excerpt_id, paragraphs=texts, date=attribution.date, source=attribution.source,
                                    lang=excerpt_lang, line=paragraphs[0].line))
            if attribution.error:
                self.warn(attribution.line, f"{attribution.error}; kept excerpt '{excerpt_id}' without a date",
                          "correct the date in the article, or add `date:` to that excerpt in the YAML")
        return excerpts
