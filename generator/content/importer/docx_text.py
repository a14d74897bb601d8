"""The visible text lines of a .docx, read from word/document.xml with the standard library only (zip + expat)."""

from __future__ import annotations

import io
import zipfile
import zlib
from xml.parsers import expat

from generator.errors import ContentError, Problem

__all__ = ["MAX_DOCX_XML_BYTES", "docx_lines"]

MAX_DOCX_XML_BYTES = 50 * 1024 * 1024

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


def docx_lines(data: bytes, display: str) -> list[tuple[int, str]]:
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
