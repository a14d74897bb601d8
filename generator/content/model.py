"""The content model: immutable Collection, Excerpt and Passage records."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.content.dates import PartialDate
from generator.content.text import count_words


@dataclass(frozen=True, slots=True)
class Excerpt:
    """One dated quotation: one or more paragraphs, the occasion, tags."""

    id: str
    paragraphs: tuple[str, ...]
    date: PartialDate | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()
    pull_quote: str | None = None
    lang: str = "en"
    # the same text in the other language, paragraphs aligned one to one with `paragraphs`
    translation: tuple[str, ...] = ()
    translation_source: str | None = None
    line: int | None = field(default=None, compare=False)  # where it starts in its file, for messages

    @property
    def translation_lang(self) -> str:
        """presswork prints English and Chinese: a translation is in the one the excerpt is not."""
        return "en" if self.lang == "zh" else "zh"

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def words(self) -> int:
        return count_words(self.text)

    def attribution(self, lang: str | None = None) -> str:
        """`June 6, 2013, Important instructions…` — date and occasion, whichever exist."""
        lang = lang or self.lang
        date = self.date.format(lang) if self.date else ""
        sep = "，" if lang.startswith("zh") else ", "
        return sep.join(p for p in (date, self.source or "") if p)


@dataclass(frozen=True, slots=True)
class Collection:
    """An excerpt collection, as loaded from one YAML file."""

    name: str
    title: str
    excerpts: tuple[Excerpt, ...]
    path: Path | None = None
    series: str | None = None
    lang: str = "en"
    intro: tuple[str, ...] = ()
    outro: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    slogan: str | None = None
    organisation: str | None = None


@dataclass(frozen=True, slots=True)
class Passage:
    """What a selection yields: all or part of one excerpt, ready to print."""

    excerpt: Excerpt
    collection: Collection
    paragraphs: tuple[str, ...]
    ref: str = field(default="")
    partial: bool = False
    # the translation of what was chosen: its paragraphs, or the whole translated paragraph for a sentence range
    translation: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def words(self) -> int:
        return count_words(self.text)
