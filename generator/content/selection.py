"""Selection: which passages of which excerpts an output uses (refs, tags, dates, text)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from generator.content.dates import DateFormatError, PartialDate
from generator.errors import SelectionError
from generator.content.model import Collection, Excerpt, Passage
from generator.content.text import split_sentences

_REF_RE = re.compile(r"^(?P<id>[^:\s]+)(?::(?P<para>\d+)(?::(?P<first>\d+)(?:-(?P<last>\d+))?)?)?$")


@dataclass(frozen=True, slots=True)
class Selection:
    """What the user asked for, exactly as they asked (for messages) and ready to apply."""

    refs: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    search: str | None = None
    collection: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.refs or self.tags or self.since or self.until or self.search)

    def describe(self) -> str:
        parts = [f"excerpt {r}" for r in self.refs]
        parts += [f"tag '{t}'" for t in self.tags]
        if self.since:
            parts.append(f"since {self.since}")
        if self.until:
            parts.append(f"until {self.until}")
        if self.search:
            parts.append(f"text containing '{self.search}'")
        if self.collection:
            parts.append(f"in collection '{self.collection}'")
        return ", ".join(parts) or "everything"


@dataclass(frozen=True, slots=True)
class Ref:
    excerpt_id: str
    paragraph: int | None = None
    first: int | None = None
    last: int | None = None

    @classmethod
    def parse(cls, text: str) -> "Ref":
        m = _REF_RE.match(text.strip())
        if not m:
            raise SelectionError(f"'{text}' is not a passage reference (use ID, ID:PARAGRAPH or ID:PARAGRAPH:S-S)")
        first = int(m["first"]) if m["first"] else None
        last = int(m["last"]) if m["last"] else first
        return cls(m["id"], int(m["para"]) if m["para"] else None, first, last)


def _parse_date(value: str | None, option: str) -> PartialDate | None:
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except DateFormatError as exc:
        raise SelectionError(f"{option} {exc}") from None


def resolve_ref(excerpt: Excerpt, collection: Collection, ref: Ref, text: str) -> Passage:
    """The passage a reference names, or an error naming the excerpt and the valid range."""
    if ref.paragraph is None:
        return Passage(excerpt, collection, excerpt.paragraphs, ref=text, translation=excerpt.translation)
    count = len(excerpt.paragraphs)
    if not 1 <= ref.paragraph <= count:
        raise SelectionError(
            f"excerpt '{excerpt.id}' has {count} paragraph{'s' if count != 1 else ''}; "
            f"paragraph {ref.paragraph} does not exist (use 1{f'-{count}' if count > 1 else ''})")
    paragraph = excerpt.paragraphs[ref.paragraph - 1]
    # sentences cannot be matched across languages, so a sentence range keeps its paragraph's translation
    translated = (excerpt.translation[ref.paragraph - 1],) if excerpt.translation else ()
    if ref.first is None:
        return Passage(excerpt, collection, (paragraph,), ref=text, partial=count > 1, translation=translated)
    sentences = split_sentences(paragraph)
    n = len(sentences)
    if not (1 <= ref.first <= ref.last <= n):
        raise SelectionError(
            f"paragraph {ref.paragraph} of excerpt '{excerpt.id}' has {n} sentence{'s' if n != 1 else ''}; "
            f"sentences {ref.first}-{ref.last} are out of range (use a range within 1-{n})")
    joiner = "" if excerpt.lang == "zh" else " "
    chosen = joiner.join(sentences[ref.first - 1:ref.last])
    return Passage(excerpt, collection, (chosen,), ref=text, partial=True, translation=translated)


def select_passages(collections: list[Collection], selection: Selection) -> list[Passage]:
    """Apply a selection: explicit refs in the order given, then tag/date/text filters."""
    if selection.collection is not None:
        collections = [c for c in collections if c.name == selection.collection]
        if not collections:
            raise SelectionError(f"no collection '{selection.collection}'")
    since = _parse_date(selection.since, "--since")
    until = _parse_date(selection.until, "--until")
    if selection.refs:
        passages = [_lookup(collections, r) for r in selection.refs]
    else:
        passages = [Passage(e, c, e.paragraphs, ref=e.id, translation=e.translation)
                    for c in collections for e in c.excerpts]
    needle = selection.search.casefold() if selection.search else None
    wanted_tags = {t.casefold() for t in selection.tags}
    chosen = []
    for p in passages:
        ex = p.excerpt
        if wanted_tags and not wanted_tags & {t.casefold() for t in ex.tags}:
            continue
        if (since or until) and (ex.date is None or not ex.date.overlaps(since, until)):
            continue
        if needle and needle not in p.text.casefold() and needle not in (ex.source or "").casefold():
            continue
        chosen.append(p)
    if not chosen:
        raise SelectionError(f"nothing matches {selection.describe()}"
                             " (run `presswork excerpts` to see ids, dates and tags)")
    return chosen


def _lookup(collections: list[Collection], text: str) -> Passage:
    ref = Ref.parse(text)
    found = [(c, e) for c in collections for e in c.excerpts if e.id == ref.excerpt_id]
    if not found:
        ids = [e.id for c in collections for e in c.excerpts]
        close = difflib.get_close_matches(ref.excerpt_id, ids, n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(close)}?" if close else "run `presswork excerpts` to list ids"
        raise SelectionError(f"no excerpt '{ref.excerpt_id}' ({hint})")
    if len(found) > 1:
        names = ", ".join(c.name for c, _ in found)
        raise SelectionError(f"excerpt '{ref.excerpt_id}' is in several collections ({names}); "
                             "choose one with --collection NAME")
    collection, excerpt = found[0]
    return resolve_ref(excerpt, collection, ref, text)
