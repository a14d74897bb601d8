"""The tables a PDF keeps beside a composite font, read and written: ToUnicode and encoding CMaps, W widths.

Only what a Type0 font with two-byte codes needs: the codespace, cidchar/cidrange (code -> CID), bfchar/
bfrange (code -> UTF-16 text), and the W array (CID -> width). Written back in WeasyPrint's own shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import pikepdf

_TOKEN = re.compile(rb"<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]<>(){}%]*|\((?:\\.|[^\\)])*\)|%[^\r\n]*|[^\s/\[\]<>(){}%]+",
                    re.S)


class CMapError(ValueError):
    """A CMap this module does not read: its font is left as it is."""


@dataclass
class CMap:
    """What a CMap maps: `codespace` as (low, high, bytes) ranges; `cids` code -> CID; `text` code -> UTF-16BE."""

    codespace: list[tuple[int, int, int]] = field(default_factory=list)
    cids: dict[int, int] = field(default_factory=dict)
    text: dict[int, bytes] = field(default_factory=dict)
    uses_other: bool = False
    vertical: bool = False

    @property
    def two_byte(self) -> bool:
        """Every code is two bytes, 0000 to FFFF: the only shape the press rewrites."""
        return self.codespace == [(0, 0xFFFF, 2)] and not self.uses_other


def _hex(token: bytes) -> bytes:
    if not (token.startswith(b"<") and token.endswith(b">")):
        raise CMapError(f"expected a <hex> string, found {token[:20]!r}")
    digits = re.sub(rb"\s", b"", token[1:-1])
    if len(digits) % 2:
        digits += b"0"
    return bytes.fromhex(digits.decode("ascii"))


def _int(token: bytes) -> int:
    try:
        return int(token)
    except ValueError:
        raise CMapError(f"expected a number, found {token[:20]!r}") from None


def _code(token: bytes) -> int:
    return int.from_bytes(_hex(token), "big")


def _increment(dst: bytes, by: int) -> bytes:
    # bfrange: the destination's last two bytes count up from the first (one UTF-16 unit per code)
    if len(dst) < 2:
        return (int.from_bytes(dst, "big") + by).to_bytes(max(len(dst), 1), "big")
    return dst[:-2] + ((int.from_bytes(dst[-2:], "big") + by) & 0xFFFF).to_bytes(2, "big")


def parse_cmap(data: bytes) -> CMap:
    """The mappings of a CMap stream's content; CMapError for what it cannot follow."""
    tokens = [t for t in _TOKEN.findall(data) if not t.startswith(b"%")]
    cmap = CMap()
    i, n = 0, len(tokens)

    def take() -> bytes:
        nonlocal i
        if i >= n:
            raise CMapError("the CMap ends inside a block")
        i += 1
        return tokens[i - 1]

    while i < n:
        token = take()
        if token == b"usecmap":
            cmap.uses_other = True
        elif token == b"/WMode" and i < n:
            cmap.vertical = take() == b"1"
        elif token == b"begincodespacerange":
            while (low := take()) != b"endcodespacerange":
                high = take()
                cmap.codespace.append((_code(low), _code(high), len(_hex(low))))
        elif token == b"begincidchar":
            while (code := take()) != b"endcidchar":
                cmap.cids[_code(code)] = _int(take())
        elif token == b"begincidrange":
            while (low := take()) != b"endcidrange":
                high, cid = _code(take()), _int(take())
                start = _code(low)
                if high - start > 0xFFFF:
                    raise CMapError("a cidrange wider than the codespace")
                for offset in range(high - start + 1):
                    cmap.cids[start + offset] = cid + offset
        elif token == b"beginbfchar":
            while (code := take()) != b"endbfchar":
                cmap.text[_code(code)] = _hex(take())
        elif token == b"beginbfrange":
            while (low := take()) != b"endbfrange":
                start, high = _code(low), _code(take())
                if high - start > 0xFFFF:
                    raise CMapError("a bfrange wider than the codespace")
                dst = take()
                if dst == b"[":
                    for offset in range(high - start + 2):
                        item = take()
                        if item == b"]":
                            break
                        cmap.text[start + offset] = _hex(item)
                    else:
                        raise CMapError("a bfrange array longer than its range")
                else:
                    first = _hex(dst)
                    for offset in range(high - start + 1):
                        cmap.text[start + offset] = _increment(first, offset)
    return cmap


def _batches(items: list[bytes], keyword: bytes) -> list[bytes]:
    lines = []
    for start in range(0, len(items), 100):
        batch = items[start:start + 100]
        lines.append(b"%d begin%s" % (len(batch), keyword))
        lines.extend(batch)
        lines.append(b"end" + keyword)
    return lines


def to_unicode_cmap(text: dict[int, bytes]) -> bytes:
    """A ToUnicode CMap for two-byte codes: code -> UTF-16BE text, in code order."""
    items = [b"<%04x> <%s>" % (code, text[code].hex().encode()) for code in sorted(text)]
    return b"\n".join([
        b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
        b"/CIDSystemInfo", b"<< /Registry (Adobe)", b"/Ordering (UCS)", b"/Supplement 0", b">> def",
        b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
        b"1 begincodespacerange", b"<0000> <ffff>", b"endcodespacerange",
        *_batches(items, b"bfchar"),
        b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"])


def encoding_cmap(name: str, identity_up_to: int, extra: dict[int, int]) -> bytes:
    """An encoding CMap: codes below `identity_up_to` are their own CID, and `extra` maps the codes above."""
    ranges = [b"<0000> <%04x> 0" % (identity_up_to - 1)] if identity_up_to else []
    chars = [b"<%04x> %d" % (code, extra[code]) for code in sorted(extra)]
    return b"\n".join([
        b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
        b"/CIDSystemInfo", b"3 dict dup begin", b"/Registry (Adobe) def", b"/Ordering (Identity) def",
        b"/Supplement 0 def", b"end def", b"/CMapName /%s def" % name.encode(), b"/CMapType 1 def",
        b"1 begincodespacerange", b"<0000> <ffff>", b"endcodespacerange",
        *_batches(ranges, b"cidrange"), *_batches(chars, b"cidchar"),
        b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"])


def read_widths(w: pikepdf.Array | None) -> dict[int, int | Decimal]:
    """A W array as CID -> width: `c [w1 w2 ...]` runs and `first last w` ranges."""
    widths: dict[int, int | Decimal] = {}
    items = list(w) if w is not None else []
    i = 0
    while i < len(items):
        first = int(items[i])
        if i + 1 >= len(items):
            raise CMapError("a W array ends after its first CID")
        nxt = items[i + 1]
        if isinstance(nxt, pikepdf.Array):
            for offset, width in enumerate(nxt):
                widths[first + offset] = _number(width)
            i += 2
        else:
            if i + 2 >= len(items):
                raise CMapError("a W range has no width")
            last, width = int(nxt), _number(items[i + 2])
            if last - first > 0xFFFF:
                raise CMapError("a W range wider than the CIDs")
            for cid in range(first, last + 1):
                widths[cid] = width
            i += 3
    return widths


def _number(value) -> int | Decimal:
    return value if isinstance(value, (int, Decimal)) else Decimal(str(value))


def write_widths(widths: dict[int, int | Decimal]) -> pikepdf.Array:
    """CID -> width as a W array: one `c [w ...]` run for each stretch of consecutive CIDs."""
    out: list = []
    run: list = []
    previous = None
    for cid in sorted(widths):
        if previous is None or cid != previous + 1:
            run = []
            out.extend([cid, run])
        run.append(widths[cid])
        previous = cid
    return pikepdf.Array([item if not isinstance(item, list) else pikepdf.Array(item) for item in out])
