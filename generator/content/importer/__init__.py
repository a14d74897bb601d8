"""Reading articles (.txt, .md, .docx) into excerpt collections: what `presswork import` runs.

Split by job: `date_grammar` (the dates articles write), `grammar` (attribution lines,
sources, separators, titles), `labels` (numbering labels, headings), `pageinfo` (a web
page's publishing information and lead-in markers), `markdown` (Markdown marks), `tokens`
(lines → paragraphs, attributions, breaks), `parser` (tokens → Collection), `docx_text` (the
visible text of a .docx, standard library only) and `bilingual` (an article and its
translation → one collection). Everything the reader tidies, guesses or cannot place comes
back as a warning with its line (for .docx: paragraph) number; input that cannot be imported
at all raises ContentError.
"""

from __future__ import annotations

from pathlib import Path

from generator.content.importer.bilingual import pair_translation
from generator.content.importer.docx_text import docx_lines
from generator.content.importer.parser import ImportResult, parse_article, parse_lines, title_from_name
from generator.content.text import slugify
from generator.errors import ContentError, Problem

__all__ = ["ImportResult", "import_article", "import_bilingual", "parse_article"]

MAX_ARTICLE_BYTES = 50 * 1024 * 1024


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
    title = title_from_name(path.stem)
    if suffix == ".docx" or data.startswith(b"PK\x03\x04"):
        return parse_lines(docx_lines(data, display), name, display, unit="paragraph", title=title)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fix = "save the file as UTF-8"
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            fix = "it is UTF-16 ('Unicode' in Notepad); save it as UTF-8"
        raise ContentError(Problem(f"is not UTF-8 text ({exc.reason} at byte {exc.start})", display,
                                   fix=fix)) from None
    return parse_article(text, name, display, markdown=suffix in (".md", ".markdown"), title=title)


def import_bilingual(path: Path, translation: Path, name: str | None = None, display: str | None = None,
                     translation_display: str | None = None) -> ImportResult:
    """One collection from an article and its translation: the article's excerpts, each with its translation.

    The article's language is the collection's; unpaired excerpts on either side are warnings.
    """
    display = display or str(path)
    translation_display = translation_display or str(translation)
    main = import_article(path, name=name, display=display)
    other = import_article(translation, display=translation_display)
    return pair_translation(main, other, display, translation_display)
