"""One sanitiser for every text a material prints, before either writer sees it: what cannot print is removed and named.

- control characters (`\\x00`, `\\x0b`, `\\x1f`, … and the C1 range) are removed: no font has
  them, XML cannot hold most of them, and a terminal would act on them;
- bidirectional controls (U+202A–U+202E, U+2066–U+2069, and the marks U+200E, U+200F, U+061C) are removed: they make printed text
  read otherwise than its source (a U+202E turns the rest of a line round);
- a token too long for any line (a pasted URL of thousands of characters) gets break
  opportunities (U+200B) every few characters, after its own punctuation where it has some;
- straight quotes become typographic ones (materials/quotes.py): every printed text passes here,
  so the rule reaches every kind and both writers.

Each removal is reported once per text, naming where it was (`excerpt '2013-06-06-…'`, `title`).
Linear in the length of the text.
"""

from __future__ import annotations

import re
import unicodedata

from generator.materials.quotes import curl

CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
BIDI_RE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Runs of this many characters with no space or break opportunity cannot be trusted to fit a line.
LONG_TOKEN = 30
BREAK_EVERY = 12
ZWSP = "\u200b"
_TOKEN_RE = re.compile(r"[^\s\u200b]{%d,}" % LONG_TOKEN)
_URL_PUNCT = set("/.-_?&=#:,;~+%")


class Sanitiser:
    """Cleans texts for one material and remembers what it removed, by where it was."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def __call__(self, text: str | None, where: str) -> str | None:
        if not text:
            return text
        controls = CONTROL_RE.findall(text)
        if controls:
            text = CONTROL_RE.sub("", text)
            self.warnings.append(f"{where}: removed {_count(controls, 'control character')} that cannot "
                                 f"print ({_codes(controls)})")
        bidi = BIDI_RE.findall(text)
        if bidi:
            text = BIDI_RE.sub("", text)
            self.warnings.append(f"{where}: removed {_count(bidi, 'bidirectional control')} that would make "
                                 f"the text read otherwise than it is written ({_codes(bidi)})")
        if len(text) >= LONG_TOKEN:
            text = _TOKEN_RE.sub(lambda m: _breakable(m.group()), text)
        return curl(text)

    def all(self, texts: tuple[str, ...], where: str) -> tuple[str, ...]:
        return tuple(self(t, where) or "" for t in texts)


def _breakable(token: str) -> str:
    """A break opportunity after each run of punctuation, and at least every BREAK_EVERY characters.

    CJK text already breaks between characters, so a run made mostly of it is left alone."""
    if sum(1 for c in token if unicodedata.east_asian_width(c) in "WF") * 2 > len(token):
        return token
    out: list[str] = []
    since = 0
    for i, char in enumerate(token):
        out.append(char)
        since += 1
        last = i == len(token) - 1
        if not last and ((char in _URL_PUNCT and token[i + 1] not in _URL_PUNCT) or since >= BREAK_EVERY):
            out.append(ZWSP)
            since = 0
    return "".join(out)


def _count(found: list[str], what: str) -> str:
    return f"{len(found)} {what}{'s' if len(found) != 1 else ''}"


def _codes(found: list[str]) -> str:
    return ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in found))
