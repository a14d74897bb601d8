"""Reading articles (.txt, .md, .docx) into excerpt collections: what `presswork import` runs.

An article has the seed's shape: a `[Series] Title` line, intro paragraphs, then groups of
paragraphs, each closed by an attribution line such as
`   —— On June 6, 2013, important instructions on production safety`, and perhaps closing
paragraphs (the outro). Everything the reader tidies or cannot place comes back as a
warning with its line (for .docx: paragraph) number; input that cannot be imported at all
raises ContentError.
"""

from __future__ import annotations

import calendar
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from generator.content.dates import MONTHS_EN, PartialDate
from generator.errors import ContentError, Problem
from generator.content.model import Collection, Excerpt
from generator.content.text import DEBRIS_RE, XML_INVALID_RE, is_cjk, join_lines, slugify

__all__ = ["ImportResult", "import_article", "parse_article"]

MAX_ARTICLE_BYTES = 50 * 1024 * 1024
MAX_DOCX_XML_BYTES = 50 * 1024 * 1024

ATTRIBUTION_FIX = "end each quotation with its own line like `—— On June 6, 2013, <occasion>`"


@dataclass(frozen=True, slots=True)
class ImportResult:
    collection: Collection
    warnings: tuple[Problem, ...]


def import_article(path: Path, name: str | None = None, display: str | None = None) -> ImportResult:
    """Import a .txt, .md or .docx article; `name` defaults to the slug of the file's stem."""
    path = Path(path)
    display = display or str(path)
    name = name or slugify(path.stem, max_words=12)
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise ContentError(Problem("is a Word 97-2003 .doc file, which presswork cannot read", display,
                                   fix="open it in Word or LibreOffice and save it as .docx"))
    try:
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            raise ContentError(Problem(f"is larger than {MAX_ARTICLE_BYTES // 2**20} MB, too large for an article",
                                       display, fix="split it into smaller articles"))
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(Problem(f"cannot be read: {exc.strerror or exc}", display)) from None
    if suffix == ".docx" or data.startswith(b"PK\x03\x04"):
        return _Parser(_docx_lines(data, display), name, display, unit="paragraph").parse()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fix = "save the file as UTF-8"
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            fix = "it is UTF-16 ('Unicode' in Notepad); save it as UTF-8"
        raise ContentError(Problem(f"is not UTF-8 text ({exc.reason} at byte {exc.start})", display,
                                   fix=fix)) from None
    return parse_article(text, name, display)


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
    return _Parser(lines, name, display, unit="line").parse()


# ---------------------------------------------------------------------------------------------
# Dates and attribution lines

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_MONTH_NUMBERS = {m.lower(): i for i, m in enumerate(MONTHS_EN, 1)}
_MONTH_NUMBERS.update({m[:3].lower(): i for i, m in enumerate(MONTHS_EN, 1)})
_MONTH_NUMBERS["sept"] = 9
_MON = (r"(?<![A-Za-z])(?P<mon>" + "|".join(sorted((m.capitalize() for m in _MONTH_NUMBERS), key=len, reverse=True))
        + r")(?:\.|(?![A-Za-z]))")
_YEAR = r"(?<![0-9])(?P<y>[12][0-9]{3})(?![0-9])"
_DAY = r"(?<![0-9])(?P<d>[0-9]{1,2})"
_ORD = r"(?:st|nd|rd|th)?(?![0-9A-Za-z])"
_ON_IN = r"(?:(?<![A-Za-z])(?:[Oo]n|[Ii]n)\s+)?"
_DATE_PATTERNS = [re.compile(p) for p in (
    rf"{_ON_IN}{_MON}\s*{_DAY}{_ORD},?\s*{_YEAR}",                    # (On) June 6, 2013
    rf"{_ON_IN}(?:the\s+)?{_DAY}{_ORD}\s*(?:of\s+)?{_MON},?\s*{_YEAR}",  # (On) 10 January 2016
    rf"{_ON_IN}{_MON},?\s*{_YEAR}",                                   # (In) April 2020
    rf"{_ON_IN}{_YEAR}\s*年\s*(?P<m>[0-9]{{1,2}})\s*月\s*{_DAY}\s*[日号]",  # 2013年6月6日
    rf"{_ON_IN}{_YEAR}\s*年\s*(?P<m>[0-9]{{1,2}})\s*月",                # 2020年4月
    rf"{_ON_IN}{_YEAR}\s*年",                                          # 2016年
    rf"{_ON_IN}{_YEAR}(?P<sep>[-/.])(?P<m>[0-9]{{1,2}})(?P=sep){_DAY}(?![0-9])",  # 2013-06-06, 2013.6.6
    rf"(?<![A-Za-z])[Ii]n\s+{_YEAR}",                                 # In 2016
    rf"^{_YEAR}",                                                     # 2016, ... (straight after the dash)
)]

_DASH_LINE = re.compile(r"^(?P<indent>\s*)(?P<dash>[-‐‑‒–—―－]{1,4})(?P<rest>.*)$")
_SEPARATOR_CHARS = set("*-_—–＊")
_LEAD_WORDS = re.compile(r"^(?:(?:on|in|an|a|the)\s+|在\s*)", re.IGNORECASE)
_EDGE_PUNCT = " ,，、;；:：.。"
_SENTENCE_END = ".!?。！？…"
_CLOSERS = "\"'”’」』）)】》]"
_TITLE_RE = re.compile(r"^[\[【［〖]\s*(?P<series>[^\]】］〗]*?)\s*[\]】］〗]\s*(?P<title>.*)$")


@dataclass(frozen=True, slots=True)
class _Attribution:
    line: int
    date: PartialDate | None
    source: str | None
    error: str | None = None  # why there is no date


@dataclass(frozen=True, slots=True)
class _Para:
    line: int
    text: str


def _find_date(text: str) -> tuple[re.Match[str], PartialDate | None, str | None] | None:
    """The earliest (then longest) date in `text`; with the reason when it is not a real date."""
    digits = text.translate(_DIGITS)  # same length, so match offsets fit `text` too
    best = None
    for pattern in _DATE_PATTERNS:
        m = pattern.search(digits)
        if m and (best is None or (m.start(), -m.end()) < (best.start(), -best.end())):
            best = m
    if best is None:
        return None
    groups = best.groupdict()
    year = int(groups["y"])
    month = _MONTH_NUMBERS[groups["mon"].lower()] if groups.get("mon") else groups.get("m")
    day = int(groups["d"]) if groups.get("d") else None
    written = re.sub(r"^(?:[Oo]n|[Ii]n)\s+", "", text[best.start():best.end()].strip())
    if month is None:
        return best, PartialDate(year), None
    month = int(month)
    if not 1 <= month <= 12:
        return best, None, f"'{written}' is not a real date (there is no month {month})"
    last = calendar.monthrange(year, month)[1]
    if day is not None and not 1 <= day <= last:
        return best, None, f"'{written}' is not a real date ({MONTHS_EN[month - 1]} {year} has {last} days)"
    return best, PartialDate.parse(f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")), None


def _tidy_source(text: str) -> str | None:
    """`, an important speech on work safety.` → `Important speech on work safety`."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r" ([,，、;；:：])", r"\1", text)
    text = re.sub(r"([,，、;；:：])[ ,，、;；:：]*[,，、;；:：]", r"\1", text)
    while True:
        trimmed = _LEAD_WORDS.sub("", text.lstrip(_EDGE_PUNCT + "-–—"), count=1).strip()
        if trimmed == text or not trimmed.strip(_EDGE_PUNCT):
            break
        text = trimmed
    text = text.rstrip(_EDGE_PUNCT)
    if text[:1].isascii() and text[:1].islower():
        text = text[0].upper() + text[1:]
    return text or None


def _read_attribution(line: str, number: int, standalone: bool) -> _Attribution | None:
    """An attribution line, or None when the line is ordinary text.

    A dash-led line holding a date (even an impossible one) is an attribution wherever it
    stands. Without a date it counts only as a paragraph of its own that is indented or led
    by a long dash, so that a column-0 `- item` list or a wrapped line starting with `——`
    stays in the text.
    """
    m = _DASH_LINE.match(line)
    if not m:
        return None
    rest = m["rest"].strip()
    if not rest or rest[0] in "-‐‑‒–—―－":
        return None
    found = _find_date(rest)
    if found is None:
        if not standalone or not (m["indent"] or m["dash"] != "-"):
            return None
        return _Attribution(number, None, _tidy_source(rest), "found no date in this attribution")
    match, date, error = found
    source = _tidy_source(rest[:match.start()] + " " + rest[match.end():])
    return _Attribution(number, date, source, error)


def _is_separator(line: str) -> bool:
    compact = "".join(line.split())
    return len(compact) >= 3 and len(set(compact)) == 1 and compact[0] in _SEPARATOR_CHARS


def _is_lead_in(paragraph: str) -> bool:
    """Ends with a colon, or without sentence-final punctuation (`…safety"` but not `….”`)."""
    if paragraph.endswith((":", "：")):
        return True
    body = paragraph.rstrip(_CLOSERS)
    return not body or body[-1] not in _SENTENCE_END


def _read_title(line: str) -> tuple[str | None, str | None]:
    line = re.sub(r"^#{1,6}\s+", "", line.strip()).strip()
    m = _TITLE_RE.match(line)
    series, title = (m["series"].strip() or None, m["title"].strip() or None) if m else (None, line or None)
    return (None, series) if title is None else (series, title)


# ---------------------------------------------------------------------------------------------
# The parser shared by text and .docx articles

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
        if not _is_separator(first) and _read_attribution(first, number, True) is None:
            series, title = _read_title(first)
            start += 1
        tokens = self._tokens(start)
        attributions = [i for i, token in enumerate(tokens) if isinstance(token, _Attribution)]
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

    def _tokens(self, start: int) -> list[_Para | _Attribution | int]:
        """Paragraphs, attributions and separators (their line numbers, as ints), in order."""
        tokens: list[_Para | _Attribution | int] = []
        current: list[tuple[int, str]] = []

        def flush() -> None:
            if current:
                tokens.append(_Para(current[0][0], join_lines([text for _, text in current])))
                current.clear()

        for i in range(start, len(self.lines)):
            number, text = self.lines[i]
            if not text.strip():
                flush()
            elif _is_separator(text):
                flush()
                tokens.append(number)
            else:
                standalone = not current and (i + 1 == len(self.lines) or not self.lines[i + 1][1].strip())
                attribution = _read_attribution(text, number, standalone)
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
            if _is_lead_in(paragraphs[i].text):
                return paragraphs[:i + 1], paragraphs[i + 1:]
        if len(paragraphs) >= 2:
            self.warn(paragraphs[-1].line,
                      f"took the {len(paragraphs) - 1} paragraph{'s' if len(paragraphs) > 2 else ''} before this one "
                      f"as the introduction, and only this one as the first excerpt (closed at "
                      f"{self.where(attribution_line)})",
                      "put a line `***` where the introduction ends if that is wrong")
            return paragraphs[:-1], paragraphs[-1:]
        return [], paragraphs

    def _excerpts(self, attributions: list[_Attribution], groups: list[list[_Para]], lang: str) -> list[Excerpt]:
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


# ---------------------------------------------------------------------------------------------
# .docx: paragraphs from word/document.xml, read with the standard library only

_W_NAMESPACES = {"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                 "http://purl.oclc.org/ooxml/wordprocessingml/main"}
_MC_NAMESPACE = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_SKIPPED = {"del", "moveFrom"}  # tracked deletions: not part of the visible text
_INLINE = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}


class _Refused(Exception):
    pass


class _DocxText:
    """Streams document.xml: each w:p becomes one string, in document order."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.open: list[tuple[int, list[str]]] = []  # nested paragraphs (text boxes) stack up
        self.in_text = 0
        self.skip = 0

    def start(self, tag: str, _attrs: dict) -> None:
        namespace, _, local = tag.rpartition("}")
        if self.skip or (namespace == _MC_NAMESPACE and local == "Fallback") or (
                namespace in _W_NAMESPACES and local in _SKIPPED):
            self.skip += 1  # mc:Fallback repeats what mc:Choice already holds
            return
        if namespace not in _W_NAMESPACES:
            return
        if local == "p":
            self.paragraphs.append("")
            self.open.append((len(self.paragraphs) - 1, []))
        elif local == "t":
            self.in_text += 1
        elif local in _INLINE and self.open:
            self.open[-1][1].append(_INLINE[local])

    def end(self, tag: str) -> None:
        if self.skip:
            self.skip -= 1
            return
        namespace, _, local = tag.rpartition("}")
        if namespace not in _W_NAMESPACES:
            return
        if local == "p" and self.open:
            index, pieces = self.open.pop()
            self.paragraphs[index] = "".join(pieces)
        elif local == "t":
            self.in_text -= 1

    def text(self, data: str) -> None:
        if self.in_text and not self.skip and self.open:
            self.open[-1][1].append(data)


def _docx_lines(data: bytes, display: str) -> list[tuple[int, str]]:
    """The article's lines, numbered by Word paragraph, with a blank line after each paragraph."""
    def unreadable(why: str) -> ContentError:
        return ContentError(Problem(f"is not a readable .docx file ({why})", display,
                                    fix="open it in Word or LibreOffice and save it again as .docx"))

    too_large = ContentError(Problem(f"holds more than {MAX_DOCX_XML_BYTES // 2**20} MB of document text, "
                                     "too much for an article", display, fix="split it into smaller documents"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                info = archive.getinfo("word/document.xml")
            except KeyError:
                raise unreadable("it has no word/document.xml") from None
            if info.file_size > MAX_DOCX_XML_BYTES:
                raise too_large
            with archive.open(info) as member:
                xml = member.read(MAX_DOCX_XML_BYTES + 1)  # the header's size may lie
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError,
            ValueError, zlib.error) as exc:
        raise unreadable(f"not a valid zip archive: {exc}" if isinstance(exc, zipfile.BadZipFile)
                         else f"its zip archive cannot be read: {exc}") from None
    if len(xml) > MAX_DOCX_XML_BYTES:
        raise too_large

    reader = _DocxText()
    parser = expat.ParserCreate(namespace_separator="}")

    def refuse(*_args: object) -> None:
        raise _Refused

    parser.StartDoctypeDeclHandler = refuse  # no DTD means no entity expansion bombs
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.text
    try:
        parser.Parse(xml, True)
    except _Refused:
        raise unreadable("its document.xml declares a DTD, which Word documents never do") from None
    except expat.ExpatError as exc:
        raise unreadable(f"its document.xml is not well-formed XML: {expat.ErrorString(exc.code)}, "
                         f"line {exc.lineno}") from None
    lines: list[tuple[int, str]] = []
    for number, paragraph in enumerate(reader.paragraphs, 1):
        lines.extend((number, part) for part in paragraph.splitlines())
        lines.append((number, ""))
    return lines
