"""Material: everything one output needs, composed from a selection; both writers read it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from generator.errors import ConfigError, Problem
from generator.content.model import Collection, Passage
from generator.content.text import is_cjk
from generator.materials.i18n import (ATTRIBUTION_SEP, BILINGUAL_SEP, DASH, LABELS, bilingual_labels, html_lang, issue_label,
                                      other_lang)
from generator.materials.options import BY_NAME, KINDS, RenderOptions
from generator.materials.page import DEFAULT_PAGE, PageSpec, parse_page
from generator.materials.plans.handout import (NOTE_LINES, NOTE_LINES_DEFAULT, hyphenation_runs, note_line_mm,
                                               sign_in_row_mm)
from generator.materials.plans.footer import (HANDOUT_TEXT_SHARE, FooterRoom, fit_footer, handout_room, poster_room,
                                              running_header)
from generator.materials.plans.poster import MastheadFit, fit_masthead, mark_pt
from generator.materials.sanitise import Sanitiser
from generator.materials.themes import Theme
from generator.materials.typography import typeset, typeset_all


# A handout's ruled note lines and sign-in rows: materials/plans/handout.py, one number for PDF and DOCX.
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
    date: str  # formatted in the excerpt's own language
    iso_date: str | None
    source: str
    attribution: str
    tags: tuple[str, ...]
    lang: str
    # on a bilingual material: the same passage in the other language, its date and occasion in that language
    translation: tuple[str, ...] = ()
    translation_lang: str | None = None
    translation_date: str = ""
    translation_source: str = ""
    pull_quote: str = ""  # the excerpt's short pull quote, typeset ("" when it has none)

    @property
    def html_lang(self) -> str:
        return html_lang(self.lang)

    @property
    def dash(self) -> str:
        return DASH[self.lang]

    @property
    def sep(self) -> str:
        """Between the date and the occasion in this excerpt's attribution."""
        return ATTRIBUTION_SEP[self.lang]

    @property
    def translation_dash(self) -> str:
        return DASH.get(self.translation_lang or "", "")

    @property
    def translation_html_lang(self) -> str | None:
        return html_lang(self.translation_lang) if self.translation_lang else None

    @property
    def translation_attribution(self) -> str:
        if not self.translation_lang:
            return ""
        return ATTRIBUTION_SEP[self.translation_lang].join(
            p for p in (self.translation_date, self.translation_source) if p)


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
    bilingual: bool = False  # each passage printed with its translation; labels in both languages
    warnings: tuple[str, ...] = ()  # what composing it noticed (e.g. a passage with no translation)
    # a mail merge's row (column -> text) this material was made for; templates read it as row.COLUMN
    row: dict[str, str] = field(default_factory=dict)
    # the document's creation date: SOURCE_DATE_EPOCH, else the newest excerpt date; never the clock
    created: dt.datetime = FALLBACK_DATE
    # the footer line's text, fitted to its room (plans/footer.py); None: the kind's own, '' none
    footer: str | None = None
    # poster
    headline: str | None = None
    masthead: MastheadFit | None = None   # a poster's headline and series sizes (plans/poster.py)
    quote: tuple[str, ...] = ()
    quote_translation: tuple[str, ...] = ()
    qr: str | None = None
    qr_label: str | None = None      # the words beside the QR code
    allow_small: bool = False        # a poster's quote may be set below the legibility floor
    quote_pt: float | None = None  # set by the PDF auto-fit; the DOCX writer reuses it
    # handout
    meeting: Meeting = field(default_factory=Meeting)
    questions: tuple[str, ...] = ()
    notes: bool = True
    sign_in: int = 0  # the rows asked for; sign_in_rows is what prints
    # set by the PDF's handout fit (writers/handout_fit.py), which the DOCX writer then follows:
    fitted_note_lines: int | None = None      # ruled lines that fill the questions' page
    sign_in_pages: tuple[int, ...] = ()       # sign-in rows on each page (empty: one table, rows flowing)
    fitted_sign_in_row_mm: float | None = None
    # (paragraph key, word): words not to hyphenate, where they ended a second hyphenated line in a row
    unhyphenated: tuple[tuple[str, str], ...] = ()
    # bulletin
    issue: str | None = None
    columns: int = 3
    slogan: str | None = None
    # set by the PDF's bulletin fit (writers/bulletin_fit.py): each box's height (pt) stretched so its
    # region ends at the sheet's foot, parallel to items (empty: every box at its natural height)
    box_heights: tuple[float, ...] = ()
    # the share of each sheet's room the bulletin plan packs boxes into: the fit lowers it when the
    # laid-out boxes ran longer than the plan's estimates
    box_room: float = 1.0

    @property
    def kicker(self) -> str | None:
        """The series line above the title (or a poster's headline), less a part that only repeats it:
        "Safety Production Month | Special Study" over "Safety Production Month" reads "Special Study"."""
        if not self.series:
            return None
        lead = (self.headline or self.title or "").strip().casefold()
        series = self.series.strip()
        if series.casefold() == lead:
            return None
        folded = series.casefold()
        # the title as a whole part of the series: followed (or preceded) by a separator, not a word
        if lead and folded.startswith(lead) and series[len(lead):].lstrip()[:1] in KICKER_SEPARATORS[4:]:
            return series[len(lead):].strip(KICKER_SEPARATORS) or None
        if lead and folded.endswith(lead) and series[:-len(lead)].rstrip()[-1:] in KICKER_SEPARATORS[4:]:
            return series[:-len(lead)].strip(KICKER_SEPARATORS) or None
        return series

    @property
    def quote_mark_pt(self) -> float:
        """A poster's quote mark, hung in the margin beside the fitted quote."""
        return mark_pt(self.page, self.quote_pt or 36)

    @property
    def note_lines(self) -> int:
        if self.fitted_note_lines is not None:
            return self.fitted_note_lines
        return NOTE_LINES.get(self.page.name, NOTE_LINES_DEFAULT)

    @property
    def note_line_mm(self) -> float:
        return note_line_mm(self.page.name)

    @property
    def sign_in_row_mm(self) -> float:
        return self.fitted_sign_in_row_mm or sign_in_row_mm(self.page.name)

    @property
    def sign_in_rows(self) -> int:
        """The rows the sheet prints: the rows asked for, or more when the fit filled its last page."""
        return sum(self.sign_in_pages) if self.sign_in_pages else self.sign_in

    @property
    def sign_in_sheets(self) -> tuple[range, ...]:
        """The row numbers on each sign-in page (one range of flowing rows before the fit)."""
        if self.sign_in <= 0:
            return ()
        if not self.sign_in_pages:
            return (range(1, self.sign_in + 1),)
        starts = [1]
        for rows in self.sign_in_pages:
            starts.append(starts[-1] + rows)
        return tuple(range(a, b) for a, b in zip(starts, starts[1:]))

    def hyphenation_runs(self, text: str, lang: str, key: str) -> tuple[tuple[str, bool], ...]:
        """A paragraph cut into (text, may_hyphenate) runs: its last word and the fit's words stay whole."""
        return hyphenation_runs(text, lang, frozenset(w for k, w in self.unhyphenated if k == key))

    @property
    def footer_lines(self) -> tuple[tuple[str, str], ...]:
        """The footer's text as (class, text) lines, for the templates and the DOCX alike: the footer
        option's text when given, else a poster's organisation and date; a handout has no footer
        text of its own (its Page X of Y prints either way)."""
        if self.footer is not None:
            return (("line", self.footer),) if self.footer else ()
        if self.kind != "poster":
            return ()
        return tuple((role, text) for role, text in (("org", self.organisation), ("date", self.date)) if text)

    @property
    def footer_share(self) -> float:
        """A handout footer's text: its share of the line, Page X of Y right of it (plans/footer.py)."""
        return HANDOUT_TEXT_SHARE

    @property
    def running_header(self) -> str:
        """Organisation · title on one line, shortened with an ellipsis when longer (plans/footer.py)."""
        return running_header(self.organisation, self.title, self.page)

    def with_quote_size(self, points: float) -> "Material":
        return replace(self, quote_pt=points)

    def page_label(self, page: int, pages: int) -> str:
        return self.labels["page_x_of_y"].format(page=page, pages=pages)

    @property
    def issue_label(self) -> str | None:
        if not self.issue:
            return None
        label = issue_label(self.lang, self.issue)
        if self.bilingual:
            label += BILINGUAL_SEP + issue_label(other_lang(self.lang), self.issue)
        return label


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


# Every QR code is made at error level M (both writers); at M a version-40 code holds 2,331 bytes,
# and a longer link has no code at all.
QR_ERROR = "m"
QR_MAX_BYTES = 2331

# what is left between a series and the title it repeats: "Safety Production Month | Special Study"
KICKER_SEPARATORS = " \t\u3000\n|｜·•:：-–—/、，,"  # spaces (the first four), then marks

CAMPAIGN_TEXT = ("title", "organisation", "date", "slogan", "headline", "footer")


def campaign_text(campaign: dict, lang: str) -> dict:
    """The campaign's title, organisation, date, slogan, headline and footer for a material in `lang`.

    [campaign] speaks its own language (its `lang`, else the language its title is written in);
    [campaign.en] and [campaign.zh] give the text for materials of that language. A material in
    another language than [campaign]'s, with no table of its own, takes its collection's text
    rather than print the other language's.
    """
    base = {k: v for k, v in campaign.items() if k in CAMPAIGN_TEXT and isinstance(v, str)}
    own = campaign.get(lang) if isinstance(campaign.get(lang), dict) else {}
    own = {k: v for k, v in own.items() if k in CAMPAIGN_TEXT and isinstance(v, str)}
    base_lang = campaign.get("lang") or ("zh" if is_cjk(base.get("title", "")) else "en")
    return {**base, **own} if lang == base_lang else own


def _item(number: int, p: Passage, bilingual: bool, clean: Sanitiser) -> Item:
    ex = p.excerpt
    translated = bilingual and bool(p.translation)
    other = ex.translation_lang
    where = f"excerpt '{ex.id}'"
    return Item(number=number, ref=p.ref, paragraphs=typeset_all(clean.all(p.paragraphs, where), ex.lang),
                date=typeset(ex.date.format(ex.lang), ex.lang) if ex.date else "",
                iso_date=ex.date.iso() if ex.date else None,
                source=typeset(clean(ex.source or "", where), ex.lang),
                attribution=typeset(clean(ex.attribution(), where), ex.lang),
                tags=ex.tags, lang=ex.lang,
                translation=typeset_all(clean.all(p.translation, where), other) if translated else (),
                translation_lang=other if translated else None,
                translation_date=typeset(ex.date.format(other), other) if translated and ex.date else "",
                translation_source=typeset(clean(ex.translation_source or "", where), other) if translated else "",
                pull_quote=typeset(clean(ex.pull_quote or "", f"{where}: pull_quote"), ex.lang))


def _sanitised(material: "Material", clean: Sanitiser) -> "Material":
    """The material's own texts (not its excerpts, cleaned as they were read) through the sanitiser."""
    one = {name: clean(getattr(material, name), name) for name in
           ("title", "series", "organisation", "date", "headline", "slogan", "issue", "qr_label", "footer")}
    many = {name: clean.all(getattr(material, name), name) for name in ("intro", "outro", "questions")}
    meeting = replace(material.meeting, **{k: clean(getattr(material.meeting, k), k.replace("date", "meeting date"))
                                           for k in ("date", "time", "venue", "host")})
    if material.quote and not material.items[0].paragraphs == material.quote:
        many["quote"] = clean.all(material.quote, f"excerpt '{material.items[0].ref}': pull_quote")
    return replace(material, **one, **many, meeting=meeting,
                   warnings=material.warnings + tuple(dict.fromkeys(clean.warnings)))


def _fitted_footer(material: "Material", room: FooterRoom) -> "Material":
    """The footer option's text as it prints: shortened, with a warning, when its room cannot hold it."""
    if not material.footer:
        return material
    fit = fit_footer(material.footer, room, material.kind, material.page.name)
    return replace(material, footer=fit.text, warnings=material.warnings + ((fit.warning,) if fit.warning else ()))


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
    text = campaign_text(campaign, lang)
    size = DEFAULT_PAGE[kind][0]
    page = parse_page(options.size or size, options.landscape, kind)
    bilingual = bool(options.bilingual)
    # each excerpt speaks its own language: its date, attribution and line breaking follow it
    clean = Sanitiser()
    items = tuple(_item(i, p, bilingual, clean) for i, p in enumerate(passages, start=1))
    warnings: tuple[str, ...] = ()
    if bilingual:
        missing = [p.excerpt.id for p in passages if not p.translation]
        if missing:
            one = len(missing) == 1
            warnings = (f"bilingual: {', '.join(missing)} {'has' if one else 'have'} no translation and "
                        f"{'prints' if one else 'print'} in one language (add `translation:` to the excerpt)",)
    keywords = tuple(dict.fromkeys(t for p in passages for t in p.excerpt.tags))
    campaign_title = text.get("title") or collection.series
    org = options.org or text.get("organisation") or collection.organisation
    common = dict(kind=kind, page=page, theme=theme, lang=lang, series=collection.series,
                  organisation=org, date=options.date or text.get("date"), items=items,
                  labels=bilingual_labels(lang) if bilingual else LABELS[lang], keywords=keywords,
                  created=created or document_date(passages), bilingual=bilingual, warnings=warnings,
                  footer=(options.footer if options.footer is not None else text.get("footer"))
                  if kind in BY_NAME["footer"].kinds else None)
    if options.qr and len(options.qr.encode("utf-8")) > QR_MAX_BYTES:
        raise ConfigError(Problem(f"--qr is {len(options.qr.encode('utf-8'))} bytes long; the largest QR code "
                                  f"holds {QR_MAX_BYTES}", fix="link to a shorter address (a link shortener, "
                                                               "or the page's short URL)"))
    qr = dict(qr=options.qr, qr_label=(options.qr_label or common["labels"]["scan_qr"]) if options.qr else None)
    if kind == "poster":
        if len(passages) != 1:
            raise ConfigError(Problem(f"a poster shows one passage, and {len(passages)} were selected",
                                      fix="choose one with -e ID (see `presswork excerpts`)"))
        passage, item = passages[0], items[0]
        quote, quote_translation = item.paragraphs, item.translation
        if options.pull:
            if not passage.excerpt.pull_quote:
                raise ConfigError(Problem(f"excerpt '{passage.excerpt.id}' has no pull_quote",
                                          fix="add `pull_quote:` to it in the collection, or leave out --pull"))
            quote = (typeset(passage.excerpt.pull_quote, passage.excerpt.lang),)
            quote_translation = ()
            if bilingual:
                common["warnings"] += ("bilingual: a pull quote has no translation, so the poster prints it in one "
                                    "language (leave out --pull to print the passage with its translation)",)
        poster = _sanitised(Material(title=options.title or campaign_title or collection.title,
                            headline=options.headline or text.get("headline") or campaign_title or collection.title,
                            quote=quote, quote_translation=quote_translation, **qr,
                            allow_small=bool(options.allow_small), **common), clean)
        fit = fit_masthead(poster.page, poster.headline or "", poster.kicker)
        poster = replace(poster, masthead=fit, warnings=poster.warnings + ((fit.warning,) if fit.warning else ()))
        return _fitted_footer(poster, poster_room(poster.page, bool(poster.qr)))
    if kind == "handout":
        return _fitted_footer(_sanitised(Material(title=options.title or collection.title, intro=typeset_all(collection.intro, collection.lang),
                        outro=typeset_all(collection.outro, collection.lang),
                        meeting=Meeting(options.meeting_date, options.time, options.venue, options.host),
                        questions=typeset_all(tuple(options.questions) or collection.questions, lang),
                        notes=options.notes,
                        sign_in=options.sign_in, **common), clean), handout_room(page))
    columns = options.columns or (3 if page.landscape else 2)
    if not 1 <= columns <= 4:
        raise ConfigError(Problem(f"--columns {columns} does not fit a bulletin sheet", fix="use 1 to 4"))
    return _sanitised(Material(title=options.title or campaign_title or collection.title, issue=options.issue,
                               columns=columns, slogan=options.slogan or text.get("slogan") or collection.slogan,
                               **qr, **common), clean)
