"""Font compaction, a press step: each embedded composite font re-subset to the glyphs its text shows, and
every embedded font named by a subset tag derived from what it holds.

For each Type0 font (two-byte codes: Identity-H, or an embedded CMap over <0000>-<ffff>) whose program is
TrueType (FontFile2) or OpenType CFF (FontFile3 /OpenType), the glyphs shown anywhere in the document are
kept, renumbered from 0 with CID = glyph id, and the PDF is rewritten to match: the codes in every Tj, TJ,
' and " string, the W widths, the ToUnicode map, the encoding, CIDToGIDMap and CIDSet. A font this cannot
follow for certain is left exactly as it was; a document whose text cannot be followed is returned as is.
The same input bytes give the same output bytes.
"""

from __future__ import annotations

import io
import zlib
from collections import defaultdict
from dataclasses import dataclass, field

import pikepdf

from generator.errors import Problem
from generator.press.cmap import CMapError, encoding_cmap, parse_cmap, read_widths, to_unicode_cmap, write_widths
from generator.press.document import PressError
from generator.press.font_program import Program, ProgramError, subset_tag, untagged
from generator.press.streams import Unfollowable, contents, replace_strings, show_strings, write_back

Key = tuple[int, int]


class _Skip(Exception):
    """This font (or the program it shares) is left as it is."""


@dataclass
class _Font:
    """A Type0 font the press can compact, and how its codes reach glyphs."""

    font: pikepdf.Object
    descendant: pikepdf.Object
    descriptor: pikepdf.Object
    program: pikepdf.Object
    cff: bool
    encoding: dict[int, int] | None          # code -> CID; None for Identity-H
    cid_to_gid: bytes | None                 # a CIDToGIDMap stream's bytes; None for Identity
    to_unicode: dict[int, bytes] | None
    widths: dict[int, object]
    default_width: object
    codes: set[int] = field(default_factory=set)

    def cid(self, code: int) -> int:
        return code if self.encoding is None else self.encoding.get(code, 0)

    def width(self, cid: int):
        return self.widths.get(cid, self.default_width)

    def gid(self, cid: int, program: Program) -> int:
        if self.cff:
            return program.gid(cid)
        if self.cid_to_gid is None:
            return cid
        if 2 * cid + 2 > len(self.cid_to_gid):
            return 0
        return int.from_bytes(self.cid_to_gid[2 * cid:2 * cid + 2], "big")


@dataclass
class _Plan:
    """What one font becomes: its codes old -> new, and its new tables."""

    member: _Font
    codes: dict[int, int]
    widths: dict[int, object]
    text: dict[int, bytes]
    extra: dict[int, int]


def compact_fonts(pdf: bytes, name: str = "the PDF") -> bytes:
    """The PDF with its composite fonts re-subset to the glyphs shown and every embedded font honestly tagged.

    Pages render the same and extract the same text; a PDF with nothing this can compact comes back with
    only its subset tags changed (or, when its text cannot be followed, byte for byte as it was)."""
    doc = _open(pdf, name)
    with doc:
        try:
            streams = contents(doc)
        except Unfollowable:
            return pdf
        fonts, broken = _read_fonts(doc)
        for content in streams:
            for index, font in content.shows:
                member = fonts.get(font.objgen) if font.is_indirect else None
                if member is None:
                    # a font this does not compact may still share its program with one it would
                    program = _program_of(font) if isinstance(font, pikepdf.Dictionary) else None
                    if program is not None:
                        broken.add(program.objgen)
                    continue
                for string in show_strings(content.instructions[index]):
                    if len(string) % 2:
                        broken.add(member.program.objgen)
                    member.codes.update(int.from_bytes(string[i:i + 2], "big") for i in range(0, len(string) - 1, 2))
        groups: dict[Key, list[_Font]] = defaultdict(list)
        for key, member in sorted(fonts.items()):
            groups[member.program.objgen].append(member)
        recode: dict[Key, dict[int, int]] = {}
        for program_key, members in sorted(groups.items()):
            if program_key in broken or not any(m.codes for m in members):
                continue
            try:
                recode.update(_compact(doc, members))
            except (_Skip, ProgramError, CMapError):
                continue
        for content in streams:
            changed = False
            for index, font in content.shows:
                codes = recode.get(font.objgen)
                if codes is not None:
                    content.instructions[index] = replace_strings(content.instructions[index],
                                                                  lambda s, c=codes: _recode(s, c))
                    changed = True
            if changed:
                write_back(doc, content)
        _retag(doc, done=set(recode))
        return _save(doc)


def _open(pdf: bytes, name: str) -> pikepdf.Pdf:
    if b"%PDF-" not in pdf[:1024]:
        raise PressError(Problem("is not a PDF file", file=name, fix="give the .pdf that presswork wrote"))
    try:
        doc = pikepdf.open(io.BytesIO(pdf))
    except pikepdf.PasswordError:
        raise PressError(Problem("is password-protected", file=name, fix="save an unprotected copy of it first")) from None
    except pikepdf.PdfError as exc:
        raise PressError(Problem(f"cannot be read as a PDF ({exc})", file=name,
                                 fix="render it again, or give another file")) from None
    if doc.is_encrypted:
        doc.close()
        raise PressError(Problem("is encrypted", file=name, fix="save an unencrypted copy of it first"))
    return doc


def _recode(string: bytes, codes: dict[int, int]) -> bytes:
    return b"".join(codes[int.from_bytes(string[i:i + 2], "big")].to_bytes(2, "big")
                    for i in range(0, len(string), 2))


def _font_dicts(doc: pikepdf.Pdf):
    for obj in doc.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Font and obj.is_indirect:
            yield obj


def _read_fonts(doc: pikepdf.Pdf) -> tuple[dict[Key, _Font], set[Key]]:
    """Every Type0 font this can compact, by object; and the programs one of their sharers rules out."""
    reserved = _form_fonts(doc)
    fonts: dict[Key, _Font] = {}
    broken: set[Key] = set()
    for obj in _font_dicts(doc):
        if obj.get("/Subtype") != pikepdf.Name.Type0:
            continue
        try:
            member = _read_type0(obj)
        except (_Skip, CMapError, ValueError, TypeError, pikepdf.PdfError):
            program = _program_of(obj)
            if program is not None:
                broken.add(program.objgen)
            continue
        if obj.objgen in reserved:
            broken.add(member.program.objgen)
        fonts[obj.objgen] = member
    return fonts, broken


def _form_fonts(doc: pikepdf.Pdf) -> set[Key]:
    """Fonts a form field types with: they must keep every glyph."""
    form = doc.Root.get("/AcroForm")
    resources = form.get("/DR") if isinstance(form, pikepdf.Dictionary) else None
    fonts = resources.get("/Font") if isinstance(resources, pikepdf.Dictionary) else None
    return {f.objgen for _, f in fonts.items()} if isinstance(fonts, pikepdf.Dictionary) else set()


def _descendant(font: pikepdf.Object) -> pikepdf.Object | None:
    kids = font.get("/DescendantFonts")
    if isinstance(kids, pikepdf.Array) and len(kids) == 1 and isinstance(kids[0], pikepdf.Dictionary):
        return kids[0]
    return None


def _program_of(font: pikepdf.Object) -> pikepdf.Object | None:
    holder = _descendant(font) if font.get("/Subtype") == pikepdf.Name.Type0 else font
    descriptor = holder.get("/FontDescriptor") if holder is not None else None
    if not isinstance(descriptor, pikepdf.Dictionary):
        return None
    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
        if isinstance(descriptor.get(key), pikepdf.Stream):
            return descriptor[key]
    return None


def _read_type0(font: pikepdf.Object) -> _Font:
    descendant = _descendant(font)
    if descendant is None or not descendant.is_indirect:
        raise _Skip("no single descendant font")
    descriptor = descendant.get("/FontDescriptor")
    if not isinstance(descriptor, pikepdf.Dictionary):
        raise _Skip("no font descriptor")
    subtype = descendant.get("/Subtype")
    if subtype == pikepdf.Name.CIDFontType2 and isinstance(descriptor.get("/FontFile2"), pikepdf.Stream):
        program, cff = descriptor.FontFile2, False
    elif (subtype == pikepdf.Name.CIDFontType0 and isinstance(descriptor.get("/FontFile3"), pikepdf.Stream)
          and descriptor.FontFile3.get("/Subtype") == pikepdf.Name.OpenType):
        program, cff = descriptor.FontFile3, True
    else:
        raise _Skip("a font program kind this does not subset")
    encoding = font.get("/Encoding")
    if encoding == pikepdf.Name("/Identity-H"):
        code_to_cid = None
    elif isinstance(encoding, pikepdf.Stream):
        cmap = parse_cmap(encoding.read_bytes())
        if not cmap.two_byte or cmap.vertical:
            raise _Skip("an encoding that is not two-byte horizontal")
        code_to_cid = cmap.cids
    else:
        raise _Skip("an encoding this does not follow")
    cid_map = descendant.get("/CIDToGIDMap")
    if cff or cid_map is None or cid_map == pikepdf.Name.Identity:
        cid_to_gid = None
    elif isinstance(cid_map, pikepdf.Stream):
        cid_to_gid = cid_map.read_bytes()
    else:
        raise _Skip("a CIDToGIDMap this does not follow")
    to_unicode = font.get("/ToUnicode")
    text = parse_cmap(to_unicode.read_bytes()).text if isinstance(to_unicode, pikepdf.Stream) else None
    return _Font(font, descendant, descriptor, program, cff, code_to_cid, cid_to_gid, text,
                 read_widths(descendant.get("/W")), descendant.get("/DW", 1000))


def _compact(doc: pikepdf.Pdf, members: list[_Font]) -> dict[Key, dict[int, int]]:
    """Re-subset one font program and plan its fonts' new codes; then write both. Raises to leave them."""
    first = members[0]
    program = Program.load(first.program.read_bytes(), first.cff)
    old_gids: set[int] = set()
    for member in members:
        for code in member.codes:
            gid = member.gid(member.cid(code), program)
            if gid >= program.glyphs:
                raise _Skip("a code shows a glyph the program does not have")
            old_gids.add(gid)
    compacted = program.subset(old_gids)
    plans = [_plan(member, compacted.new_gid, compacted.glyphs, program) for member in members]
    by_descendant: dict[Key, dict[int, object]] = {}
    for plan in plans:
        widths = by_descendant.setdefault(plan.member.descendant.objgen, {})
        for cid, width in plan.widths.items():
            if widths.setdefault(cid, width) != width:
                raise _Skip("one descendant font would need two widths for a glyph")
    data, tag = compacted.program(str(first.font.get("/BaseFont", "/Font"))[1:])
    first.program.write(zlib.compress(data, 9), filter=pikepdf.Name.FlateDecode)
    if not first.cff:
        first.program.Length1 = len(data)
    for plan in plans:
        _apply(doc, plan, tag, by_descendant[plan.member.descendant.objgen], compacted.glyphs)
    return {plan.member.font.objgen: plan.codes for plan in plans}


def _plan(member: _Font, new_gid: dict[int, int], glyphs: int, program: Program) -> _Plan:
    """New codes: a code's new glyph id, unless another code already shows that glyph as other text; then a
    code past the glyphs, mapped to the glyph by an encoding CMap (WeasyPrint's missing glyphs do this)."""
    codes: dict[int, int] = {}
    holder: dict[int, tuple] = {}
    extra: dict[int, int] = {}
    text: dict[int, bytes] = {}
    source = member.to_unicode or {}
    for code in sorted(member.codes):
        cid = member.cid(code)
        glyph = new_gid[member.gid(cid, program)]
        meaning = (source.get(code), member.width(cid))
        if glyph not in holder:
            holder[glyph] = meaning
            codes[code] = glyph
        elif holder[glyph][1] != meaning[1]:
            raise _Skip("two codes show one glyph at different widths")
        elif holder[glyph][0] == meaning[0]:
            codes[code] = glyph
        else:
            codes[code] = glyphs + len(extra)
            extra[codes[code]] = glyph
        if meaning[0] is not None:
            text[codes[code]] = meaning[0]
    if glyphs + len(extra) > 0x10000:
        raise _Skip("more codes than two bytes can hold")
    return _Plan(member, codes, {glyph: width for glyph, (_, width) in holder.items()}, text, extra)


def _apply(doc: pikepdf.Pdf, plan: _Plan, tag: str, widths: dict[int, object], glyphs: int) -> None:
    member = plan.member
    font, descendant, descriptor = member.font, member.descendant, member.descriptor
    name = pikepdf.Name(f"/{tag}+{untagged(str(font.get('/BaseFont', '/Font'))[1:])}")
    font.BaseFont = name
    descendant.BaseFont = pikepdf.Name(f"/{tag}+{untagged(str(descendant.get('/BaseFont', name))[1:])}")
    descriptor.FontName = descendant.BaseFont
    descendant.W = write_widths(widths)
    for key in ("/W2", "/DW2"):
        if key in descendant:
            del descendant[key]
    if member.cff:
        if "/CIDToGIDMap" in descendant:
            del descendant["/CIDToGIDMap"]
    else:
        descendant.CIDToGIDMap = pikepdf.Name.Identity
    info = descendant.get("/CIDSystemInfo")
    if not isinstance(info, pikepdf.Dictionary) or str(info.get("/Ordering", "")) != "Identity":
        descendant.CIDSystemInfo = pikepdf.Dictionary(Registry=pikepdf.String("Adobe"),
                                                      Ordering=pikepdf.String("Identity"), Supplement=0)
    if "/CIDSet" in descriptor:
        bits = bytearray(-(-glyphs // 8))
        for cid in range(glyphs):
            bits[cid // 8] |= 0x80 >> (cid % 8)
        descriptor.CIDSet = _stream(doc, bytes(bits))
    if member.to_unicode is not None or plan.text:
        font.ToUnicode = _stream(doc, to_unicode_cmap(plan.text))
    if plan.extra:
        cmap = _stream(doc, encoding_cmap("PW-Encod-0", glyphs, plan.extra))
        cmap.Type, cmap.CMapName = pikepdf.Name.CMap, pikepdf.Name("/PW-Encod-0")
        cmap.CIDSystemInfo = pikepdf.Dictionary(Registry=pikepdf.String("Adobe"),
                                                Ordering=pikepdf.String("Identity"), Supplement=0)
        font.Encoding = cmap
    else:
        font.Encoding = pikepdf.Name("/Identity-H")


def _stream(doc: pikepdf.Pdf, data: bytes) -> pikepdf.Stream:
    stream = doc.make_stream(b"")
    stream.write(zlib.compress(data, 9), filter=pikepdf.Name.FlateDecode)
    return stream


_NOT_TOP_LEVEL = (pikepdf.Name.Type3, pikepdf.Name.CIDFontType0, pikepdf.Name.CIDFontType2)


def _retag(doc: pikepdf.Pdf, done: set[Key]) -> None:
    """Every other embedded subset font: its tag from a digest of its name and the program it embeds."""
    for font in _font_dicts(doc):
        # a descendant CIDFont is named with the Type0 font above it
        if font.objgen in done or font.get("/Subtype") in _NOT_TOP_LEVEL:
            continue
        program = _program_of(font)
        base = font.get("/BaseFont")
        if program is None or not isinstance(base, pikepdf.Name) or untagged(str(base)[1:]) == str(base)[1:]:
            continue
        tag = subset_tag(untagged(str(base)[1:]).encode("utf-8"), program.read_bytes())
        font.BaseFont = pikepdf.Name(f"/{tag}+{untagged(str(base)[1:])}")
        holder = _descendant(font) if font.get("/Subtype") == pikepdf.Name.Type0 else font
        if holder is not font and isinstance(holder.get("/BaseFont"), pikepdf.Name):
            holder.BaseFont = pikepdf.Name(f"/{tag}+{untagged(str(holder.BaseFont)[1:])}")
        descriptor = holder.get("/FontDescriptor")
        if isinstance(descriptor, pikepdf.Dictionary) and "/FontName" in descriptor:
            descriptor.FontName = holder.get("/BaseFont", font.BaseFont)


def _save(doc: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    # object streams need PDF 1.5; a PDF/A-1 file (1.4) keeps its plain objects
    streams = (pikepdf.ObjectStreamMode.generate if doc.pdf_version >= "1.5"
               else pikepdf.ObjectStreamMode.preserve)
    # the writer's XMP packet keeps its words (pikepdf would re-serialise it to note the PDF version);
    # qpdf stores it unfiltered, as PDF/A readers like it
    doc.save(out, deterministic_id=True, compress_streams=True, object_stream_mode=streams,
             fix_metadata_version=False)
    return out.getvalue()
