"""Every content stream of a PDF parsed, with the font each text-showing operator uses, and written back.

Pages, form XObjects, tiling patterns, soft masks, Type 3 glyphs and annotation appearances are followed;
the font set by Tf is tracked through q/Q, as a viewer does. Anything this cannot follow for certain (text
before any Tf, a form reached with two different resource dictionaries, a stream that does not parse)
raises Unfollowable, and the caller leaves the whole PDF as it is.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import pikepdf

# operator -> position of the operand holding the shown string (or, for TJ, the array of strings and kerns)
SHOW = {"Tj": 0, "'": 0, '"': 2, "TJ": 0}


class Unfollowable(Exception):
    """The document's text cannot be followed for certain; nothing in it should be rewritten."""


@dataclass
class Content:
    """One content stream, parsed: `target` is the stream (or the page, for its /Contents), `shows` lists
    (instruction index, font dictionary) for each text-showing operator in it."""

    target: pikepdf.Object
    is_page: bool
    instructions: list
    shows: list[tuple[int, pikepdf.Object]] = field(default_factory=list)


def show_strings(instruction) -> list[bytes]:
    """The strings a text-showing instruction shows, as bytes."""
    operand = instruction.operands[SHOW[str(instruction.operator)]]
    if isinstance(operand, pikepdf.Array):
        return [bytes(item) for item in operand if isinstance(item, pikepdf.String)]
    return [bytes(operand)]


def replace_strings(instruction, recode) -> pikepdf.ContentStreamInstruction:
    """The instruction with each shown string passed through `recode` (bytes -> bytes)."""
    operands = list(instruction.operands)
    index = SHOW[str(instruction.operator)]
    operand = operands[index]
    if isinstance(operand, pikepdf.Array):
        operands[index] = pikepdf.Array([pikepdf.String(recode(bytes(item))) if isinstance(item, pikepdf.String)
                                         else item for item in operand])
    else:
        operands[index] = pikepdf.String(recode(bytes(operand)))
    return pikepdf.ContentStreamInstruction(operands, instruction.operator)


def write_back(doc: pikepdf.Pdf, content: Content) -> None:
    """Unparse the (changed) instructions into the stream they came from, compressed."""
    data = zlib.compress(pikepdf.unparse_content_stream(content.instructions), 9)
    if content.is_page:
        content.target.Contents = doc.make_stream(b"")
        content.target.Contents.write(data, filter=pikepdf.Name.FlateDecode)
    else:
        content.target.write(data, filter=pikepdf.Name.FlateDecode)


def _inherited_resources(page: pikepdf.Object) -> pikepdf.Object:
    node, hops = page, 0
    while node is not None and hops < 64:
        if "/Resources" in node:
            return node.Resources
        node, hops = node.get("/Parent"), hops + 1
    return pikepdf.Dictionary()


def _streams_in(value) -> list[pikepdf.Object]:
    """An appearance entry is a stream, or a dictionary of states to streams."""
    if isinstance(value, pikepdf.Stream):
        return [value]
    if isinstance(value, pikepdf.Dictionary):
        return [v for _, v in sorted(value.items()) if isinstance(v, pikepdf.Stream)]
    return []


def _font_names(resources: pikepdf.Object) -> tuple:
    """What a stream's font names mean in these resources: a form drawn twice must mean the same both times."""
    fonts = resources.get("/Font")
    if not isinstance(fonts, pikepdf.Dictionary):
        return ()
    return tuple(sorted((name, font.objgen if isinstance(font, pikepdf.Object) else None)
                        for name, font in fonts.items()))


class _Walker:
    def __init__(self) -> None:
        self.found: list[Content] = []
        self.seen: dict[tuple[int, int], tuple] = {}

    def visit(self, target: pikepdf.Object, resources: pikepdf.Object, is_page: bool = False) -> None:
        key, res_key = target.objgen, _font_names(resources)
        if key != (0, 0):
            if key in self.seen:
                if self.seen[key] != res_key and not is_page:
                    raise Unfollowable("a form is drawn with two different resource dictionaries")
                return
            self.seen[key] = res_key
        try:
            instructions = list(pikepdf.parse_content_stream(target))
        except (pikepdf.PdfError, ValueError) as exc:
            raise Unfollowable(f"a content stream does not parse: {exc}") from None
        content = Content(target, is_page, instructions)
        fonts = resources.get("/Font")
        current, stack = None, []
        for index, instruction in enumerate(instructions):
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                continue
            op = str(instruction.operator)
            if op == "q":
                stack.append(current)
            elif op == "Q":
                if stack:
                    current = stack.pop()
            elif op == "Tf":
                if not instruction.operands or not isinstance(instruction.operands[0], pikepdf.Name):
                    raise Unfollowable("a Tf operator without a font name")
                font = fonts.get(instruction.operands[0]) if fonts is not None else None
                if font is None:
                    raise Unfollowable(f"Tf names {instruction.operands[0]}, which the resources lack")
                current = font
            elif op in SHOW:
                if current is None:
                    raise Unfollowable("text is shown before any font is set")
                if len(instruction.operands) <= SHOW[op]:
                    raise Unfollowable(f"a {op} operator without its string")
                content.shows.append((index, current))
        self.found.append(content)
        self.visit_resources(resources)

    def visit_resources(self, resources: pikepdf.Object) -> None:
        xobjects = resources.get("/XObject")
        for _, xobject in sorted(xobjects.items()) if isinstance(xobjects, pikepdf.Dictionary) else []:
            if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == pikepdf.Name.Form:
                self.visit(xobject, xobject.get("/Resources", resources))
        patterns = resources.get("/Pattern")
        for _, pattern in sorted(patterns.items()) if isinstance(patterns, pikepdf.Dictionary) else []:
            if isinstance(pattern, pikepdf.Stream) and pattern.get("/PatternType") == 1:
                self.visit(pattern, pattern.get("/Resources", pikepdf.Dictionary()))
        fonts = resources.get("/Font")
        for _, font in sorted(fonts.items()) if isinstance(fonts, pikepdf.Dictionary) else []:
            procs = font.get("/CharProcs") if isinstance(font, pikepdf.Dictionary) else None
            if font.get("/Subtype") == pikepdf.Name.Type3 and isinstance(procs, pikepdf.Dictionary):
                for _, proc in sorted(procs.items()):
                    if isinstance(proc, pikepdf.Stream):
                        self.visit(proc, font.get("/Resources", resources))
        states = resources.get("/ExtGState")
        for _, state in sorted(states.items()) if isinstance(states, pikepdf.Dictionary) else []:
            mask = state.get("/SMask") if isinstance(state, pikepdf.Dictionary) else None
            group = mask.get("/G") if isinstance(mask, pikepdf.Dictionary) else None
            if isinstance(group, pikepdf.Stream):
                self.visit(group, group.get("/Resources", resources))


def contents(doc: pikepdf.Pdf) -> list[Content]:
    """Every content stream the document draws, each once, in page order; raises Unfollowable."""
    walker = _Walker()
    for page in doc.pages:
        resources = _inherited_resources(page.obj)
        if "/Contents" in page.obj:
            walker.visit(page.obj, resources, is_page=True)
        else:
            walker.visit_resources(resources)
        for annotation in page.obj.get("/Annots", pikepdf.Array()):
            appearance = annotation.get("/AP") if isinstance(annotation, pikepdf.Dictionary) else None
            if not isinstance(appearance, pikepdf.Dictionary):
                continue
            for state in ("/N", "/R", "/D"):
                for stream in _streams_in(appearance.get(state)):
                    walker.visit(stream, stream.get("/Resources", pikepdf.Dictionary()))
    return walker.found
