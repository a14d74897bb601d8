"""Text made fit for XML: characters it cannot hold removed, and reported with where they were."""

from __future__ import annotations

from generator.content.text import XML_INVALID_RE
from generator.materials.material import Item


class Cleaner:
    """Removes characters XML cannot hold, remembering where, so the user hears which excerpt had them."""

    def __init__(self) -> None:
        self.removed: dict[str, list[str]] = {}
        self.seen: set[tuple[str, str]] = set()  # a title printed twice is reported once

    def __call__(self, text: str | None, where: str) -> str | None:
        if not text:
            return text
        found = XML_INVALID_RE.findall(text)
        if not found:
            return text
        if (where, text) not in self.seen:
            self.seen.add((where, text))
            self.removed.setdefault(where, []).extend(found)
        return XML_INVALID_RE.sub("", text)

    def warnings(self) -> list[str]:
        out = []
        for where, chars in self.removed.items():
            codes = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(chars))
            n = len(chars)
            out.append(f"{where}: removed {n} character{'s' if n != 1 else ''} XML cannot hold ({codes})")
        return out


def excerpt_where(item: Item) -> str:
    """An excerpt as warnings name it: by its id, without the ref's paragraph and sentence parts."""
    return f"excerpt '{item.ref.strip().split(':')[0]}'"
