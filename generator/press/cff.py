"""A CID-keyed CFF font in an OpenType wrapper (how WeasyPrint embeds Noto CJK) cut down to some of its
glyphs straight from its bytes.

fontTools' subsetter reads every glyph's charset entry, CharStrings offset, FDSelect entry and metrics
before it drops them: 65,000 of each for a CJK face whose page shows 150. Here only the kept glyphs' entries
are read from the tables' bytes; fontTools decompiles the small parts (Top DICT, FDArray, Private dicts,
name) and writes the result. The kept glyphs are renumbered 0..n-1 in their old order with CID = glyph id.
A font outside this shape gets `None` from `CidCut.open`, and the caller uses the subsetter instead.
"""

from __future__ import annotations

import bisect
import struct

from fontTools.cffLib import CharStrings, FDSelect
from fontTools.misc.psCharStrings import T2CharString
from fontTools.ttLib import TTFont, newTable

# the tables this rebuilds or keeps as they are; a font with any other table goes to the subsetter
KEPT = {"CFF ", "head", "hhea", "hmtx", "maxp", "OS/2", "name", "post"}
DROPPED = {"cmap", "VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "DSIG"}


def _card(data: bytes, pos: int, size: int) -> int:
    if pos < 0 or pos + size > len(data):
        raise ValueError("a CFF table points past its end")
    return int.from_bytes(data[pos:pos + size], "big")


class CidCut:
    """The raw tables of one CID-keyed CFF font, read only where a glyph asks."""

    def __init__(self, font: TTFont, data: bytes) -> None:
        self.font, self.data = font, data
        self.cff = font["CFF "].cff
        self.top = self.cff.topDictIndex[0]
        raw = self.top.rawDict
        self.count = _card(data, raw["CharStrings"], 2)
        self._charset(raw["charset"])
        self._fd_select = raw["FDSelect"]
        self._fd_format = _card(data, self._fd_select, 1)
        if self._fd_format not in (0, 3):
            raise ValueError(f"FDSelect format {self._fd_format}")

    @classmethod
    def open(cls, font: TTFont) -> CidCut | None:
        """The font read for cutting, or None when it is not the shape this handles."""
        tables = set(font.keys()) - {"GlyphOrder"}
        if not tables <= KEPT | DROPPED or "CFF " not in tables:
            return None
        if font.reader["post"][:4] != b"\x00\x03\x00\x00":
            return None
        try:
            data = font.reader["CFF "]
            cut = cls(font, data)
        except (KeyError, ValueError, AssertionError, IndexError, struct.error):
            return None
        top = cut.top
        if len(cut.cff.fontNames) != 1 or "ROS" not in top.rawDict or "FDArray" not in top.rawDict:
            return None
        if cut.count != font["maxp"].numGlyphs:
            return None
        return cut

    def _charset(self, offset: int) -> None:
        """Charset ranges as (first glyph, first CID, count), glyph 0 being CID 0."""
        data = self.data
        fmt = _card(data, offset, 1)
        self.ranges: list[tuple[int, int, int]] = [(0, 0, 1)]
        gid, pos = 1, offset + 1
        if fmt == 0:
            for gid in range(1, self.count):
                self.ranges.append((gid, _card(data, pos, 2), 1))
                pos += 2
            return
        if fmt not in (1, 2):
            raise ValueError(f"charset format {fmt}")
        size = 1 if fmt == 1 else 2
        while gid < self.count:
            first, left = _card(data, pos, 2), _card(data, pos + 2, size)
            self.ranges.append((gid, first, left + 1))
            gid, pos = gid + left + 1, pos + 2 + size

    def gid(self, cid: int) -> int:
        """The glyph a CID draws (0, .notdef, when the charset does not list it)."""
        if not hasattr(self, "_by_cid"):
            self._by_cid = sorted((c, g, n) for g, c, n in self.ranges)
            self._cid_starts = [r[0] for r in self._by_cid]
        i = bisect.bisect_right(self._cid_starts, cid) - 1
        if i < 0:
            return 0
        first_cid, first_gid, count = self._by_cid[i]
        return first_gid + cid - first_cid if cid < first_cid + count else 0

    def _fd(self, gid: int) -> int:
        data, pos = self.data, self._fd_select
        if self._fd_format == 0:
            return _card(data, pos + 1 + gid, 1)
        ranges = _card(data, pos + 1, 2)
        lo, hi = 0, ranges - 1
        while lo < hi:   # the last range whose first glyph is <= gid
            mid = (lo + hi + 1) // 2
            if _card(data, pos + 3 + 3 * mid, 2) <= gid:
                lo = mid
            else:
                hi = mid - 1
        return _card(data, pos + 3 + 3 * lo + 2, 1)

    def _charstring(self, gid: int) -> bytes:
        data, pos = self.data, self.top.rawDict["CharStrings"]
        size = _card(data, pos + 2, 1)
        offsets = pos + 3
        base = offsets + (self.count + 1) * size - 1
        start = _card(data, offsets + gid * size, size)
        end = _card(data, offsets + (gid + 1) * size, size)
        if end < start:
            raise ValueError("a CharStrings offset runs backwards")
        return data[base + start:base + end]

    def cut(self, gids: list[int]) -> None:
        """Keep these glyphs (sorted, 0 first) and nothing else, glyph n named `cidNNNNN`: CID n."""
        font, top = self.font, self.top
        names = [".notdef"] + [f"cid{i:05d}" for i in range(1, len(gids))]
        fds = [self._fd(gid) for gid in gids]
        used = sorted(set(fds))
        fd_array = top.FDArray
        if max(used) >= len(fd_array):
            raise ValueError("FDSelect names a font dictionary the FDArray lacks")
        fd_array.items = [fd_array[i] for i in used]
        for attr in ("file", "offsets"):
            if hasattr(fd_array, attr):
                delattr(fd_array, attr)
        select = FDSelect()
        select.gidArray = [used.index(fd) for fd in fds]
        strings = CharStrings(None, None, self.cff.GlobalSubrs, None, select, fd_array)
        for name, gid, fd in zip(names, gids, select.gidArray):
            charstring = T2CharString(bytecode=self._charstring(gid), private=fd_array[fd].Private,
                                      globalSubrs=self.cff.GlobalSubrs)
            charstring.fdSelectIndex = fd
            strings.charStrings[name] = charstring
        metrics = self._metrics(gids)
        top.charset, top.CharStrings, top.FDSelect = names, strings, select
        top.numGlyphs, top.CIDCount, top.ROS = len(names), len(names), ("Adobe", "Identity", 0)
        for tag in DROPPED:
            if tag in font:
                del font[tag]
        hmtx = newTable("hmtx")
        hmtx.metrics = dict(zip(names, metrics))
        font["hmtx"] = hmtx
        font["maxp"].numGlyphs = len(names)
        font.setGlyphOrder(names)

    def _metrics(self, gids: list[int]) -> list[tuple[int, int]]:
        raw, long_count = self.font.reader["hmtx"], self.font["hhea"].numberOfHMetrics
        if long_count < 1:
            raise ValueError("hhea has no horizontal metrics")
        out = []
        for gid in gids:
            if gid < long_count:
                out.append(struct.unpack_from(">Hh", raw, 4 * gid))
            else:
                advance = struct.unpack_from(">H", raw, 4 * (long_count - 1))[0]
                out.append((advance, struct.unpack_from(">h", raw, 4 * long_count + 2 * (gid - long_count))[0]))
        return out
