"""The style catalogue: every PW style's defaults, and which theme tokens are set on it."""

from __future__ import annotations

from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH

from generator.writers.docx.ooxml import PBDR_SIDES, TABLE_SIDES

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
STYLE_TYPES = {"paragraph": WD_STYLE_TYPE.PARAGRAPH, "character": WD_STYLE_TYPE.CHARACTER,
               "table": WD_STYLE_TYPE.TABLE}


@dataclass(frozen=True, slots=True)
class StyleSpec:
    """One PW style's defaults, and which theme tokens the writer sets on it."""

    name: str
    type: str = "paragraph"        # paragraph, character or table
    font: str | None = "serif"     # theme font role: serif or sans (None: inherit)
    weight: str | None = "body"    # theme weight token; 600 and above is bold
    color: str | None = "ink"      # theme colour token for the text
    size: float | None = None      # points, for A4 handouts, A3 posters and A3 bulletin sheets
    scaled: str | None = None      # poster, bulletin or handout: sizes follow the page (see styling.scale_factor)
    align: str | None = None       # left, center, right, justify
    before: float = 0              # points
    after: float = 0               # points
    line: float | None = None      # multiple of Word's single line (about 1.36 em in Noto)
    exact: float | None = None     # exact line height, points
    keep_next: bool = False
    page_break: bool = False       # starts a new page
    indent: tuple[float, float] = (0, 0)  # left, first line (mm; negative hangs)
    right: float = 0               # right indent, mm
    caps: bool = False             # shown in capitals (the text stays as typed)
    borders: tuple[str, ...] = ()  # sides: top, left, bottom, right, between (tables: insideH, insideV)
    border_color: str = "rule"
    border_pt: float = 0.75
    border_space: float = 4        # points between text and border
    top_color: str | None = None   # a top border in another colour and width (bulletin boxes)
    top_pt: float | None = None
    shading: str | None = None     # theme colour token; dropped when the theme has no fills
    on_fill: bool = False          # set on a filled band or cell (not its own fill): ink when the theme has no fills
    header_shading: str | None = None  # table styles: the first row's fill
    outline: int | None = None     # 0 = level 1 in Word's navigation pane
    zh_justify: bool = False       # Chinese: justified, as in the PDF
    zh_indent: bool = False        # Chinese: a first-line indent of two characters
    description: str = ""


def _band(token: str) -> dict:
    """A paragraph set on a solid fill; borders of the fill's colour pad it like CSS padding."""
    return dict(borders=PBDR_SIDES, border_color=token, border_pt=6, border_space=10, shading=token)


STYLES: tuple[StyleSpec, ...] = (
    # handout and bulletin pages
    StyleSpec("PW Header", font="sans", color="muted", size=7.5, borders=("bottom",), border_pt=0.5,
              border_space=3, description="running header: organisation · title"),
    StyleSpec("PW Footer", font="sans", color="muted", size=7.5, align="center",
              description="page footer with the Page X of Y fields"),
    StyleSpec("PW Strong", "character", font=None, weight="heading", color="ink",
              description="organisation names, dates and labels set off in bold"),
    StyleSpec("PW Excerpt Number", "character", font="sans", weight="heading", color="accent_ink",
              shading="accent", description="the number that opens each excerpt"),
    # handout
    StyleSpec("PW Subtitle", font="sans", weight="heading", color="accent", size=8, scaled="handout",
              after=5, keep_next=True, caps=True, borders=("top",), border_color="accent", border_pt=2.5,
              border_space=10, description="series line above the title"),
    StyleSpec("PW Title", font="sans", weight="heading", color="ink", size=21.5, scaled="handout", line=0.9,
              after=6, keep_next=True, borders=("top",), border_color="accent", border_pt=2.5,
              border_space=10, description="title of a handout"),
    StyleSpec("PW Byline", font="sans", color="muted", size=9, scaled="handout", after=6,
              description="organisation and date under the title"),
    StyleSpec("PW Meeting Label", font="sans", weight="heading", color="muted", size=7, scaled="handout",
              after=1, caps=True, description="Date, Time, Venue, Host"),
    StyleSpec("PW Meeting Details", font="sans", weight="heading", size=10, scaled="handout",
              description="the meeting's date, time, venue and host"),
    StyleSpec("PW Meeting Table", "table", font=None, weight=None, color=None,
              borders=("top", "bottom", "insideH", "insideV"), border_color="muted", border_pt=0.5,
              description="meeting details, four across"),
    # indented by its padding, so the tinted band lines up with the text column
    StyleSpec("PW Intro", font="sans", color="band_ink", size=9.5, scaled="handout", line=1.14, before=12,
              after=5, indent=(5.6, 0), right=5.6, zh_justify=True, **_band("band"),
              description="the collection's introduction"),
    StyleSpec("PW Excerpt First", size=10.5, scaled="handout", line=1.1, after=5.5, align="justify",
              indent=(11, -11), description="first paragraph of an excerpt, its number in the margin"),
    StyleSpec("PW Excerpt Text", size=10.5, scaled="handout", line=1.1, after=5.5, align="justify",
              indent=(11, 0), zh_indent=True, description="further paragraphs of an excerpt"),
    StyleSpec("PW Translation", size=9.5, scaled="handout", line=1.1, after=4, align="justify",
              indent=(11, 0), description="an excerpt's translation, after its original (bilingual handouts)"),
    StyleSpec("PW Attribution", font="sans", color="muted", size=8.5, scaled="handout", align="right",
              indent=(17, 0), after=17, description="date and occasion under an excerpt"),
    StyleSpec("PW Outro", color="muted", size=9.5, scaled="handout", line=1.1, before=6, after=12,
              borders=("top",), border_pt=0.5, border_space=8, zh_justify=True,
              description="closing paragraphs after the excerpts"),
    StyleSpec("PW Heading", font="sans", weight="heading", color="ink", size=12, scaled="handout", before=14,
              after=6, keep_next=True, outline=0, description="section headings"),
    StyleSpec("PW Question", size=10.5, scaled="handout", line=1.1, after=4.5, indent=(7, -7),
              zh_justify=True, description="a discussion question, its number hanging"),
    StyleSpec("PW Question Number", "character", font="sans", weight="heading", color="accent",
              description="the number of a discussion question"),
    StyleSpec("PW Notes Line", font="sans", size=10, scaled="handout", description="text written on a notes line"),
    StyleSpec("PW Notes Table", "table", font=None, weight=None, color=None, borders=("bottom", "insideH"),
              border_pt=0.5, description="ruled lines for notes, one row each"),
    StyleSpec("PW Sign-in Heading", font="sans", weight="heading", color="ink", size=15, scaled="handout",
              after=3, keep_next=True, page_break=True, outline=0, description="heading of the sign-in sheet"),
    StyleSpec("PW Sign-in Details", font="sans", color="muted", size=9, scaled="handout", after=11,
              keep_next=True, description="title and meeting details above the sign-in table"),
    StyleSpec("PW Table Heading", font="sans", weight="heading", color="band_ink", size=8.5, scaled="handout",
              description="header cells of the sign-in table"),
    StyleSpec("PW Table Number", font="sans", color="muted", size=8, scaled="handout", align="center",
              description="row numbers of the sign-in table"),
    StyleSpec("PW Table Text", font="sans", size=10, scaled="handout", description="cells of the sign-in table"),
    StyleSpec("PW Sign-in Table", "table", font=None, weight=None, color=None, borders=TABLE_SIDES,
              border_color="muted", border_pt=0.6, header_shading="band", description="sign-in sheet"),
    # poster
    StyleSpec("PW Poster Series", font="sans", weight="heading", color="accent_ink", size=19, scaled="poster",
              after=6, caps=True, on_fill=True, description="series line in the headline band"),
    StyleSpec("PW Poster Headline", font="sans", weight="headline", color="accent_ink", size=38,
              scaled="poster", line=0.82, on_fill=True, description="headline band of a poster"),
    StyleSpec("PW Poster Quote Mark", weight="headline", color="accent", size=118, scaled="poster",
              exact=62, description="the opening quote mark over the quote"),
    StyleSpec("PW Poster Quote", weight="quote", size=36, zh_justify=True,
              description="the quote; its size and line height come from the poster's fit"),
    StyleSpec("PW Poster Translation", size=20, line=1.2,
              description="the quote's translation on a bilingual poster; sized with the quote"),
    StyleSpec("PW Poster Date", font="sans", weight="heading", size=20, scaled="poster", before=28,
              keep_next=True, borders=("top",), border_color="accent", border_pt=3, border_space=10,
              description="date under the quote"),
    StyleSpec("PW Poster Attribution", font="sans", color="muted", size=20, scaled="poster",
              description="occasion under the quote"),
    StyleSpec("PW Poster Footer", font="sans", color="muted", size=16, scaled="poster", borders=("top",),
              border_pt=1, border_space=8, description="organisation and date at the foot of a poster"),
    StyleSpec("PW Poster QR", font="sans", size=16, scaled="poster", align="right", borders=("top",),
              border_pt=1, border_space=8, description="the QR code beside the poster's footer"),
    # bulletin: sizes for an A3 sheet; the writer sets them as materials/plans/bulletin.py plans the PDF's
    StyleSpec("PW Masthead Series", font="sans", weight="heading", color="accent_ink", size=15.5, after=4,
              on_fill=True, description="series line in the masthead"),
    StyleSpec("PW Masthead", font="sans", weight="headline", color="accent_ink", size=40, line=0.8,
              on_fill=True, description="title of a bulletin sheet"),
    StyleSpec("PW Masthead Issue", font="sans", weight="headline", color="accent_ink", size=25, line=0.88,
              align="right", on_fill=True, description="the issue number, beside the title"),
    StyleSpec("PW Masthead Details", font="sans", weight="heading", color="accent_ink", size=13.5, line=0.92,
              align="right", on_fill=True, description="date and organisation under the issue number"),
    StyleSpec("PW Masthead Short", font="sans", weight="headline", color="accent_ink", size=24, line=0.8,
              on_fill=True, description="the title in the short masthead of a bulletin's later sheets"),
    StyleSpec("PW Hero", weight="quote", size=34, align="left",
              description="the quote set large under a bulletin's masthead"),
    StyleSpec("PW Hero Attribution", font="sans", weight="heading", color="muted", size=14, align="right",
              description="date and occasion under the bulletin's large quote"),
    StyleSpec("PW Box Table", "table", font=None, weight=None, color=None, borders=PBDR_SIDES,
              border_color="rule", border_pt=1.5, top_color="accent", top_pt=5.5, shading="box",
              description="one excerpt's box on a bulletin sheet: its frame and fill"),
    StyleSpec("PW Box Heading", font="sans", color="muted", size=9.5, after=5.5, keep_next=True,
              description="number and date at the top of a box"),
    StyleSpec("PW Box", size=10.5, after=5, align="justify", zh_indent=True, description="an excerpt's text in a box"),
    StyleSpec("PW Box Translation", size=9.25, after=4, align="justify",
              description="an excerpt's translation in a box (bilingual sheets)"),
    StyleSpec("PW Box Attribution", font="sans", color="muted", size=8.5, before=6, align="right",
              description="the occasion at the foot of a box"),
    StyleSpec("PW Box More", font="sans", weight="heading", color="accent", size=8.5,
              description="the line under a shortened box saying where its full text is"),
    StyleSpec("PW Box Gap", font="sans", size=2, exact=12, description="space between two boxes"),
    StyleSpec("PW Bulletin Heading", font="sans", weight="heading", color="accent", size=11, line=0.8,
              keep_next=True, outline=0, description="the timeline's title"),
    StyleSpec("PW Timeline Dot", font="sans", color="accent", size=16, align="center",
              description="a stop's dot on the timeline's line"),
    StyleSpec("PW Timeline", font="sans", weight="heading", size=10, align="center",
              description="a stop's date on the timeline"),
    StyleSpec("PW Timeline Source", font="sans", color="muted", size=8.5, align="center",
              description="the occasion under a stop's date"),
    StyleSpec("PW Slogan", font="sans", weight="headline", color="accent_ink", size=26, line=0.88,
              align="center", on_fill=True, description="the slogan band"),
)
