"""Embedded font programs re-subset with fontTools: only the glyphs shown, numbered from 0, with a tag
derived from what the subset holds.

WeasyPrint subsets with retained glyph ids, so a CJK face keeps an empty slot for each of its 65,000 glyphs
(hmtx, vmtx, the CFF charset and CharStrings index): at least 115 KB a face. Here the used glyphs are kept
in their order and renumbered 0..n-1; a CID-keyed CFF font also gets CID = glyph id, so a viewer that looks
glyphs up by CID (through the charset) and one that takes the code as a glyph id draw the same glyph.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import struct
from dataclasses import dataclass

from fontTools import subset
from fontTools.ttLib import TTFont, TTLibError

from generator.press.cff import CidCut

TAG = re.compile(r"^[A-Z]{6}\+")
# tables a PDF viewer never reads from an embedded font: shaping was done when the page was laid out,
# and the writing is horizontal
DROP = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern", "morx", "mort", "feat", "VORG", "vhea", "vmtx")


# what fontTools raises on a damaged or unexpected font
FAILURES = (TTLibError, KeyError, AssertionError, ValueError, IndexError, TypeError, AttributeError, EOFError,
            struct.error)


class ProgramError(ValueError):
    """A font program fontTools cannot read or subset: its fonts are left as they are."""


def untagged(name: str) -> str:
    return TAG.sub("", name)


def subset_tag(*parts: bytes) -> str:
    """Six capital letters from a digest of `parts`: the same glyphs of the same font, the same tag."""
    digest = hashlib.sha256(b"\0".join(parts)).digest()
    return "".join(chr(65 + byte % 26) for byte in digest[:6])


@dataclass
class Program:
    """A font program as the PDF embeds it: `cff` for an OpenType-wrapped CFF font, else TrueType.

    A CID-keyed CFF font in the shape WeasyPrint embeds is cut straight from its bytes (press/cff.py);
    any other goes through fontTools' subsetter."""

    font: TTFont
    cff: bool
    cid_keyed: bool
    glyphs: int
    fast: CidCut | None = None
    _charset: dict[int, int] | None = None

    @classmethod
    def load(cls, data: bytes, cff: bool) -> Program:
        options = _options()
        try:
            font = subset.load_font(io.BytesIO(data), options, dontLoadGlyphNames=True)
            has_cff, has_glyf = "CFF " in font, "glyf" in font
            if cff != has_cff or (not cff and not has_glyf) or "CFF2" in font:
                raise ProgramError("the font program is not the kind its font dictionary says")
            cid_keyed = cff and "ROS" in font["CFF "].cff.topDictIndex[0].rawDict
            fast = CidCut.open(font) if cid_keyed else None
            return cls(font, cff, cid_keyed, font["maxp"].numGlyphs, fast)
        except FAILURES as exc:
            raise ProgramError(f"fontTools cannot read the font program ({exc})") from None

    def gid(self, cid: int) -> int:
        """The glyph a CID draws: through the charset of a CID-keyed CFF font, else the CID itself."""
        if not self.cid_keyed:
            return cid
        if self.fast is not None:
            return self.fast.gid(cid)
        if self._charset is None:
            order = self.font.getGlyphOrder()
            self._charset = {(0 if name == ".notdef" else int(name[3:])): gid for gid, name in enumerate(order)}
        return self._charset.get(cid, 0)

    def subset(self, gids: set[int]) -> Subset:
        """Keep glyph 0 and `gids` (and what composite glyphs need), renumbered in their old order."""
        keep = sorted({0, *(g for g in gids if 0 <= g < self.glyphs)})
        if self.fast is not None:
            try:
                self.fast.cut(keep)
            except FAILURES as exc:
                raise ProgramError(f"cannot cut the CFF font ({exc})") from None
            return Subset(self.font, self.cff, {old: new for new, old in enumerate(keep)}, len(keep))
        font = self.font
        old_order = font.getGlyphOrder()
        with _quiet():
            try:
                subsetter = subset.Subsetter(_options())
                subsetter.populate(gids=keep)
                subsetter.subset(font)
            except FAILURES as exc:
                raise ProgramError(f"fontTools cannot subset the font program ({exc})") from None
        new_order = font.getGlyphOrder()
        position = {name: gid for gid, name in enumerate(new_order)}
        new_gid = {old: position[old_order[old]] for old in keep if old_order[old] in position}
        if len(new_gid) != len(keep) or new_gid[0] != 0:
            raise ProgramError("the subset lost a glyph it was asked to keep")
        if self.cid_keyed:
            try:
                _number_cids(font)
            except FAILURES as exc:
                raise ProgramError(f"fontTools cannot renumber the subset ({exc})") from None
        return Subset(font, self.cff, new_gid, len(new_order))


@dataclass
class Subset:
    """The re-subset font: `new_gid` maps each kept old glyph id to its new one; `glyphs` is the new count."""

    font: TTFont
    cff: bool
    new_gid: dict[int, int]
    glyphs: int

    def program(self, base_name: str) -> tuple[bytes, str]:
        """The font program's bytes with its PostScript and CFF names tagged, and the tag.

        The tag is a digest of the untagged subset itself (names, glyph outlines and metrics), so two
        different subsets never share a name and the same subset always gets the same one."""
        self._name(untagged)
        plain = self._save()
        tag = subset_tag(untagged(base_name).encode("utf-8"), plain)
        self._name(lambda name: f"{tag}+{untagged(name)}")
        return self._save(), tag

    def _name(self, rename) -> None:
        if self.cff:
            cff = self.font["CFF "].cff
            cff.fontNames = [rename(name) for name in cff.fontNames]
        if "name" in self.font:
            for record in self.font["name"].names:
                if record.nameID == 6:
                    record.string = rename(record.toUnicode())

    def _save(self) -> bytes:
        out = io.BytesIO()
        try:
            with _quiet():
                self.font.save(out, reorderTables=False)
        except FAILURES as exc:
            raise ProgramError(f"fontTools cannot write the subset ({exc})") from None
        return out.getvalue()


def _number_cids(font: TTFont) -> None:
    """Rename glyph n of a CID-keyed CFF font `cidNNNNN` (n itself), in every table that names glyphs."""
    unknown = set(font.keys()) - {"GlyphOrder", "CFF ", "hmtx", "vmtx", "cmap", "head", "hhea", "maxp", "OS/2",
                                  "name", "post", "gasp", "meta", "STAT", "DSIG"}
    if unknown:
        raise ProgramError(f"cannot renumber a CFF font with {', '.join(sorted(unknown))} tables")
    old = font.getGlyphOrder()
    new = [".notdef"] + [f"cid{gid:05d}" for gid in range(1, len(old))]
    rename = dict(zip(old, new))
    top = font["CFF "].cff.topDictIndex[0]
    strings = top.CharStrings
    strings.charStrings = {rename[name]: value for name, value in strings.charStrings.items()}
    top.charset = new
    top.ROS = ("Adobe", "Identity", 0)
    for tag in ("hmtx", "vmtx"):
        if tag in font:
            font[tag].metrics = {rename[name]: value for name, value in font[tag].metrics.items()}
    if "cmap" in font:
        for table in font["cmap"].tables:
            table.cmap = {code: rename[name] for code, name in table.cmap.items() if name in rename}
            if hasattr(table, "uvsDict"):
                table.uvsDict = {selector: [(uni, rename.get(name, name) if name else name)
                                            for uni, name in pairs] for selector, pairs in table.uvsDict.items()}
    font.setGlyphOrder(new)


def _options() -> subset.Options:
    options = subset.Options()
    options.retain_gids = False
    options.notdef_outline = True        # a code that maps to .notdef still draws what it drew
    options.hinting = True               # keep whatever hints the writer kept
    options.layout_features = []         # no glyph closure over GSUB: only the glyphs shown
    options.drop_tables = options.drop_tables + [t for t in DROP if t not in options.drop_tables]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.glyph_names = False
    options.ignore_missing_glyphs = True
    options.prune_unicode_ranges = False
    options.prune_codepage_ranges = False
    return options


class _quiet:
    """fontTools logs what it drops or cannot subset at WARNING; a press step reports through its result."""

    def __enter__(self):
        self.logger = logging.getLogger("fontTools")
        self.level = self.logger.level
        self.logger.setLevel(logging.ERROR)

    def __exit__(self, *exc):
        self.logger.setLevel(self.level)
