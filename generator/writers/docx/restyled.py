"""What a workspace's reference.docx restyled: the styles (and aspects of them) that differ from the built-in one.

A workspace reference.docx wins over the theme, as pandoc's --reference-doc does: where its
author changed a PW style's fonts, weight, colour, borders or fill, the writer keeps them and
puts no theme token there. What they left as presswork made it (a copy from `presswork eject`
changes nothing) still takes the theme, so --theme keeps working with a workspace reference.
The comparison is with the built-in reference.docx, style by style and aspect by aspect.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

from generator.writers.docx.catalogue import STYLES

# aspect -> the elements of a style that say it (paths under w:style)
ASPECTS = {
    "fonts": ("w:rPr/w:rFonts",),
    "weight": ("w:rPr/w:b", "w:rPr/w:bCs"),
    "color": ("w:rPr/w:color",),
    "borders": ("w:pPr/w:pBdr", "w:tblPr/w:tblBorders"),
    "shading": ("w:pPr/w:shd", "w:rPr/w:shd", "w:tcPr/w:shd", "w:tblStylePr/w:tcPr/w:shd"),
}
DEFAULTS = "docDefaults"  # the key for the document defaults' fonts


def _path(path: str) -> str:
    return "/".join(qn(part) for part in path.split("/"))


def _signature(element, paths: tuple[str, ...]) -> tuple[bytes, ...]:
    found = []
    for path in paths:
        node = element.find(_path(path))
        found.append(etree.tostring(node, method="c14n") if node is not None else b"")
    return tuple(found)


def _signatures(styles_element) -> dict[str, dict[str, tuple[bytes, ...]]]:
    by_id = {}
    names = {spec.name for spec in STYLES}
    for style in styles_element.iterfind(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")) in names:
            by_id[name.get(qn("w:val"))] = {aspect: _signature(style, paths) for aspect, paths in ASPECTS.items()}
    defaults = styles_element.find(_path("w:docDefaults/w:rPrDefault"))
    if defaults is not None:
        by_id[DEFAULTS] = {"fonts": _signature(defaults, ASPECTS["fonts"])}
    return by_id


@lru_cache(maxsize=4)
def _builtin(path: str, mtime: float) -> dict[str, dict[str, tuple[bytes, ...]]]:
    return _signatures(docx.Document(path).styles.element)


def restyled(doc, builtin: Path) -> dict[str, frozenset[str]]:
    """Style name (or DEFAULTS) -> the aspects the reference document `doc` set otherwise than the built-in one."""
    base = _builtin(str(builtin), builtin.stat().st_mtime)
    own = _signatures(doc.styles.element)
    changed: dict[str, frozenset[str]] = {}
    for name, aspects in own.items():
        if name not in base:
            continue
        differ = frozenset(aspect for aspect, signature in aspects.items() if base[name].get(aspect) != signature)
        if differ:
            changed[name] = differ
    return changed
