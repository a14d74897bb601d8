"""Markdown in a .md article: emphasis, links, code and quote markers removed, headings told apart.

Only the marks are removed; list items (`- exits`) and rules (`***`, `---`) stay for the
parser, which keeps the first as text and reads the second as separators.
"""

from __future__ import annotations

import re

__all__ = ["strip_markdown"]

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_QUOTE = re.compile(r"^(\s{0,3}>\s?)+")
_RULES = [(re.compile(p), r) for p, r in (
    (r"!\[([^\]]*)\]\([^)]*\)", ""),                                   # images
    (r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)", r"\1"),                  # [text](url)
    (r"<(https?://[^>\s]+)>", r"\1"),                                  # <https://…>
    (r"`([^`]+)`", r"\1"),                                             # `code`
    (r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2"),                         # **strong**, __strong__
    (r"(?<![A-Za-z0-9*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![A-Za-z0-9*])", r"\1"),  # *em*
    (r"(?<![A-Za-z0-9\\])_(?=[^\s_])(.+?)(?<=[^\s_\\])_(?![A-Za-z0-9])", r"\1"),      # _em_ (not snake_case)
    (r"~~(?=\S)(.+?)(?<=\S)~~", r"\1"),                                # ~~struck~~
    (r"\\([\\`*_{}\[\]()#+\-.!>~|])", r"\1"),                          # \* and other escapes
)]


def strip_markdown(line: str) -> tuple[str, bool]:
    """(the line without Markdown marks, whether it was a `#` heading)."""
    heading = _HEADING.match(line)
    if heading:
        line = heading[2]
    else:
        line = _QUOTE.sub(lambda m: " " * (len(m.group(0)) - len(m.group(0).lstrip())), line)
    for pattern, replacement in _RULES:
        line = pattern.sub(replacement, line)
    return line, heading is not None
