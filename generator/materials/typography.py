"""Line-breaking rules applied to text before any engine sets it: one place for PDF and DOCX alike.

WeasyPrint has no `text-wrap: pretty` and Word has no notion of presswork's rules, so the
rules are written into the text itself (no-break joiners where a line must not break).
"""

from __future__ import annotations


def typeset(text: str, lang: str) -> str:
    """`text` as it should be set in `lang`: today unchanged (Chinese rules are being written)."""
    return text


def typeset_all(paragraphs: tuple[str, ...], lang: str) -> tuple[str, ...]:
    return tuple(typeset(p, lang) for p in paragraphs)
