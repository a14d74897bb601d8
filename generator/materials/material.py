"""Material: everything one output needs, composed from a selection; both writers read it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from generator.errors import ConfigError, Problem
from generator.content.model import Collection, Passage
from generator.materials.i18n import LABELS
from generator.materials.options import KINDS, RenderOptions
from generator.materials.page import DEFAULT_PAGE, PageSpec, parse_page
from generator.materials.themes import Theme
from generator.materials.typography import typeset, typeset_all


# Ruled lines in a handout's notes section, by page size: one number for the PDF and the DOCX.
NOTE_LINES = {"A5": 7}
NOTE_LINES_DEFAULT = 8
NOTE_LINE_MM = {"A5": 7.5}
NOTE_LINE_MM_DEFAULT = 8.0
# A document's date when neither SOURCE_DATE_EPOCH nor the content gives one.
FALLBACK_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)

@dataclass(frozen=True, slots=True)
class Meeting:
    date: str | None = None
    time: str | None = None
    venue: str | None = None
    host: str | None = None

    def rows(self, labels: dict) -> list[tuple[str, str]]:
        return [(labels[k], v) for k, v in (("date", self.date), ("time", self.time),
                                            ("venue", self.venue), ("host", self.host)) if v]


@dataclass(frozen=True, slots=True)
class Item:
    """One numbered excerpt as printed: its text, attribution and where it came from."""

    number: int
    ref: str
    paragraphs: tuple[str, ...]
    date: str  # formatted for the material's language
    iso_date: str | None
    source: str
    attribution: str
    tags: tuple[str, ...]
    lang: str


@dataclass(frozen=True, slots=True)
class Material:
    kind: str
    page: PageSpec
    theme: Theme
    lang: str
    title: str
    series: str | None
    organisation: str | None
    date: str | None
    items: tuple[Item, ...]
    labels: dict
    intro: tuple[str, ...] = ()
    outro: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    # the document's creation date: SOURCE_DATE_EPOCH, else the newest excerpt date; never the clock
    created: dt.datetime = FALLBACK_DATE
    # poster
    headline: str | None = None
    quote: tuple[str, ...] = ()
    qr: str | None = None
    quote_pt: float | None = None  # set by the PDF auto-fit; the DOCX writer reuses it
    # handout
    meeting: Meeting = field(default_factory=Meeting)
    questions: tuple[str, ...] = ()
    notes: bool = True
    sign_in: int = 0
    # bulletin
    issue: str | None = None
    columns: int = 3
    slogan: str | None = None

    @property
    def kicker(self) -> str | None:
        """The series line above the title (or a poster's headline), unless it only repeats it."""
        lead = self.headline or self.title
        if self.series and self.series.casefold() != (lead or "").casefold():
            return self.series
        return None

    @property
    def note_lines(self) -> int:
        return NOTE_LINES.get(self.page.name, NOTE_LINES_DEFAULT)

    @property
    def note_line_mm(self) -> float:
        return NOTE_LINE_MM.get(self.page.name, NOTE_LINE_MM_DEFAULT)

    @property
    def running_header(self) -> str:
        return " · ".join(p for p in (self.organisation, self.title) if p)

    def with_quote_size(self, points: float) -> "Material":
        return replace(self, quote_pt=points)

    def page_label(self, page: int, pages: int) -> str:
        return self.labels["page_x_of_y"].format(page=page, pages=pages)

    @property
    def issue_label(self) -> str | None:
        if not self.issue:
            return None
        if self.lang == "zh":
            return self.labels["issue"].format(issue=self.issue)
        return f"{self.labels['issue']} {self.issue}"


def document_date(passages: list[Passage], source_date_epoch: str | None = None) -> dt.datetime:
    """The date written into a file's metadata: reproducible builds take SOURCE_DATE_EPOCH; otherwise
    the newest excerpt's date, so the same content always gives the same bytes."""
    if source_date_epoch:
        try:
            return dt.datetime.fromtimestamp(int(source_date_epoch), dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise ConfigError(Problem(f"SOURCE_DATE_EPOCH={source_date_epoch!r} is not a number of seconds",
                                      fix="set it to a Unix time such as 1780000000, or unset it")) from None
    dates = [p.excerpt.date.iso() for p in passages if p.excerpt.date]
    if not dates:
        return FALLBACK_DATE
    newest = max(dates)
    year, month, day = (list(map(int, newest.split("-"))) + [1, 1])[:3]
    return dt.datetime(year, month, day, tzinfo=dt.timezone.utc)


def compose(kind: str, passages: list[Passage], options: RenderOptions, theme: Theme,
            campaign: dict | None = None, created: dt.datetime | None = None) -> Material:
    """Build the Material for one output from the selected passages and the user's options."""
    if kind not in KINDS:
        raise ConfigError(Problem(f"unknown kind '{kind}'", fix="use one of: " + ", ".join(KINDS)))
    campaign = campaign or {}
    collection: Collection = passages[0].collection
    lang = options.lang or campaign.get("lang") or collection.lang
    if lang not in LABELS:
        raise ConfigError(Problem(f"--lang '{lang}' is not supported", fix="use en or zh"))
    size = DEFAULT_PAGE[kind][0]
    page = parse_page(options.size or size, options.landscape, kind)
    # each excerpt speaks its own language: its date, attribution and line breaking follow it
    items = tuple(
        Item(number=i, ref=p.ref, paragraphs=typeset_all(p.paragraphs, p.excerpt.lang),
             date=p.excerpt.date.format(p.excerpt.lang) if p.excerpt.date else "",
             iso_date=p.excerpt.date.iso() if p.excerpt.date else None,
             source=typeset(p.excerpt.source or "", p.excerpt.lang),
             attribution=typeset(p.excerpt.attribution(), p.excerpt.lang),
             tags=p.excerpt.tags, lang=p.excerpt.lang)
        for i, p in enumerate(passages, start=1))
    keywords = tuple(dict.fromkeys(t for p in passages for t in p.excerpt.tags))
    campaign_title = campaign.get("title") or collection.series
    org = options.org or campaign.get("organisation") or collection.organisation
    common = dict(kind=kind, page=page, theme=theme, lang=lang, series=collection.series,
                  organisation=org, date=options.date or campaign.get("date"), items=items,
                  labels=LABELS[lang], keywords=keywords,
                  created=created or document_date(passages))
    if kind == "poster":
        if len(passages) != 1:
            raise ConfigError(Problem(f"a poster shows one passage, and {len(passages)} were selected",
                                      fix="choose one with -e ID (see `presswork excerpts`)"))
        passage = passages[0]
        quote = items[0].paragraphs
        if options.pull:
            if not passage.excerpt.pull_quote:
                raise ConfigError(Problem(f"excerpt '{passage.excerpt.id}' has no pull_quote",
                                          fix="add `pull_quote:` to it in the collection, or leave out --pull"))
            quote = (typeset(passage.excerpt.pull_quote, passage.excerpt.lang),)
        return Material(title=options.title or campaign_title or collection.title,
                        headline=options.headline or campaign_title or collection.title,
                        quote=quote, qr=options.qr, **common)
    if kind == "handout":
        return Material(title=options.title or collection.title, intro=typeset_all(collection.intro, collection.lang),
                        outro=typeset_all(collection.outro, collection.lang),
                        meeting=Meeting(options.meeting_date, options.time, options.venue, options.host),
                        questions=typeset_all(tuple(options.questions) or collection.questions, lang),
                        notes=options.notes,
                        sign_in=options.sign_in, **common)
    columns = options.columns or (3 if page.landscape else 2)
    if not 1 <= columns <= 4:
        raise ConfigError(Problem(f"--columns {columns} does not fit a bulletin sheet", fix="use 1 to 4"))
    return Material(title=options.title or campaign_title or collection.title, issue=options.issue,
                    columns=columns, slogan=options.slogan or campaign.get("slogan") or collection.slogan,
                    **common)
