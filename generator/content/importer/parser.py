"""The article parser: tokens → intro, excerpts (labels and headings taken off) and outro → an excerpt Collection.

An article has the seed's shape: a `[Series] Title` line, intro paragraphs, then groups of
paragraphs, each closed by an attribution line such as
`   —— On June 6, 2013, important instructions on production safety`, and perhaps closing
paragraphs (the outro). `tokens` reads the layout; this module decides what each paragraph
is. The same parser reads text and .docx articles; only the unit its warnings name differs
(line or paragraph).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from generator.content.importer.grammar import Attribution, is_lead_in
from generator.content.importer.labels import looks_like_heading, split_label
from generator.content.importer.tokens import Break, Para, tokenize
from generator.content.model import Collection, Excerpt
from generator.content.text import is_cjk, slugify
from generator.errors import ContentError, Problem

__all__ = ["ImportResult", "parse_article", "parse_lines"]

ATTRIBUTION_FIX = "end each quotation with its own line like `—— On June 6, 2013, <occasion>`"


@dataclass(frozen=True, slots=True)
class ImportResult:
    collection: Collection
    warnings: tuple[Problem, ...]


def parse_article(text: str, name: str, display: str = "<text>", markdown: bool = False,
                  title: str | None = None) -> ImportResult:
    """Parse the text of a .txt or .md article (any line endings, optional BOM).

    `markdown` removes Markdown marks; `title` is the title to use when the article has no
    title line (default: made from `name`).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines: list[tuple[int, str]] = []
    # Line numbers count only real newlines, as editors do; the rarer separators that
    # str.splitlines() also honours (\v, \f, \x1c-\x1e, \x85, U+2028/9) still break lines,
    # so no paragraph can hold one and the YAML written later reads back the same.
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
        lines.extend((number, part) for part in (line.splitlines() or [""]))
    return parse_lines(lines, name, display, unit="line", markdown=markdown, title=title)


def parse_lines(lines: list[tuple[int, str]], name: str, display: str, unit: str, markdown: bool = False,
                title: str | None = None) -> ImportResult:
    """Parse numbered lines; warnings other than `unit="line"` ones name their unit (`paragraph 3: …`)."""
    return _Parser(name, display, unit, title).parse(lines, markdown)


def title_from_name(name: str) -> str:
    """`safety-notes_2023` → `Safety notes 2023`."""
    title = re.sub(r"[-_\s]+", " ", name).strip()
    return (title[0].upper() + title[1:]) if title else "Untitled"


class _Parser:
    def __init__(self, name: str, display: str, unit: str, title: str | None):
        self.name, self.display, self.unit, self.fallback_title = name, display, unit, title
        self.warnings: list[Problem] = []

    def warn(self, number: int | None, message: str, fix: str | None = None) -> None:
        if self.unit != "line" and number:
            message = f"{self.unit} {number}: {message}"
        self.warnings.append(Problem(message, self.display, number, fix))

    def where(self, number: int) -> str:
        return f"{self.unit} {number}"

    def parse(self, lines: list[tuple[int, str]], markdown: bool) -> ImportResult:
        article = tokenize(lines, self.unit, markdown, self.warn)
        if article.empty:
            raise ContentError(Problem("is empty", self.display, fix="import an article with a title, "
                                       "quotations and their attribution lines"))
        tokens = article.tokens
        attributions = [i for i, token in enumerate(tokens) if isinstance(token, Attribution)]
        if not attributions:
            raise ContentError(Problem("has no attribution line, so no quotation could be found", self.display,
                                       fix=ATTRIBUTION_FIX))
        intro, first_group = self._split_intro(tokens[:attributions[0]], tokens[attributions[0]].line)
        groups = [first_group] + [
            [t for t in tokens[a + 1:b] if isinstance(t, Para)] for a, b in zip(attributions, attributions[1:])]
        groups = [self._quotation(group, intro) for group in groups]
        outro = [t for t in tokens[attributions[-1] + 1:] if isinstance(t, Para)]
        if outro:
            self.warn(outro[0].line, f"kept the {len(outro)} paragraph{'s' if len(outro) > 1 else ''} after the "
                      "last attribution as closing text (`outro`), not as an excerpt",
                      "if they are a quotation, end them with an attribution line")

        title = article.title
        all_text = " ".join([title or ""] + [p.text for p in intro + outro] + [p.text for g in groups for p in g])
        lang = "zh" if is_cjk(all_text) else "en"
        excerpts = self._excerpts([tokens[i] for i in attributions], groups, lang)
        if not excerpts:
            raise ContentError([Problem("has attribution lines but no quotation text before any of them",
                                        self.display, fix=ATTRIBUTION_FIX)] + self.warnings)
        collection = Collection(
            name=self.name,
            title=title or self.fallback_title or title_from_name(self.name),
            excerpts=tuple(excerpts),
            series=article.series,
            lang=lang,
            intro=tuple(p.text for p in intro),
            outro=tuple(p.text for p in outro),
        )
        if title is None:
            self.warn(article.first_line, f"has no title line (this first line reads as text, not as a title); "
                      f"used '{collection.title}', made from the file name",
                      "put `[Series] Title` on the first line, or edit `title:` in the YAML")
        return ImportResult(collection, tuple(sorted(self.warnings, key=lambda p: p.line or 0)))

    def _split_intro(self, before: list[Para | Break], attribution_line: int) -> tuple[list[Para], list[Para]]:
        """Where the intro ends and the first excerpt begins (the one ambiguous boundary).

        An explicit separator line (`***`, `---`) or heading wins; else the intro runs through
        the last paragraph marked as a lead-in (`导语：`), and then up to the first excerpt's
        numbering label (`1.`, `一、`), or through the last lead-in paragraph (a colon or no
        full stop at its end); else, when nothing was marked, all but the last paragraph are
        intro, with a warning.
        """
        paragraphs = [t for t in before if isinstance(t, Para)]
        for i in range(len(before) - 1, -1, -1):
            if isinstance(before[i], Break) and any(isinstance(t, Para) for t in before[i + 1:]):
                cut = sum(isinstance(t, Para) for t in before[:i])
                return paragraphs[:cut], paragraphs[cut:]
        marked = max((i + 1 for i, p in enumerate(paragraphs) if p.lead_in), default=0)
        rest = paragraphs[marked:]
        labels = [(i, found[0]) for i, p in enumerate(rest) if (found := split_label(p.text))]
        if labels:
            cut = next((i for i, label in labels if label.number == 1), labels[0][0])
            return paragraphs[:marked + cut], rest[cut:]
        for i in range(len(rest) - 2, -1, -1):
            if is_lead_in(rest[i].text):
                return paragraphs[:marked + i + 1], rest[i + 1:]
        if len(rest) >= 2 and not marked:
            self.warn(rest[-1].line,
                      f"took the {len(paragraphs) - 1} paragraph{'s' if len(paragraphs) > 2 else ''} before this one "
                      f"as the introduction, and only this one as the first excerpt (closed at "
                      f"{self.where(attribution_line)})",
                      "put a line `***` where the introduction ends if that is wrong")
            return paragraphs[:-1], paragraphs[-1:]
        if len(rest) >= 2:
            self.warn(rest[0].line, f"took the {len(rest)} paragraphs after the lead-in as the first excerpt (closed "
                      f"at {self.where(attribution_line)})", "put a line `***` where the introduction ends if that "
                      "is wrong")
        return paragraphs[:marked], rest

    def _quotation(self, group: list[Para], intro: list[Para]) -> list[Para]:
        """A group's paragraphs without numbering labels, section headings or lead-ins."""
        out = []
        for p in group:
            if p.lead_in:
                intro.append(p)
                self.warn(p.line, "moved this lead-in paragraph to the introduction: a lead-in is never excerpt text")
            else:
                out.append(p)
        labelled = False
        while out and (found := split_label(out[0].text)) and not found[1]:
            self.warn(out[0].line, f"removed the numbering label '{found[0].text}' (it is not part of the quotation)")
            out.pop(0)
            labelled = True
        if out and (found := split_label(out[0].text)):
            labelled = True
            if len(out) > 1 and looks_like_heading(found[1]):
                self.warn(out[0].line, f"took '{out[0].text}' as a section heading, not as excerpt text")
                out.pop(0)
            else:
                self.warn(out[0].line, f"removed the numbering label '{found[0].text}' (it is not part of the "
                          "quotation)")
                out[0] = replace(out[0], text=found[1])
                labelled = False
        if labelled and len(out) > 1 and looks_like_heading(out[0].text):
            self.warn(out[0].line, f"took '{out[0].text}' as a section heading, not as excerpt text")
            out.pop(0)
        return out

    def _excerpts(self, attributions: list[Attribution], groups: list[list[Para]], lang: str) -> list[Excerpt]:
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
