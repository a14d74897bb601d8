"""Typographic quotes: straight `"` and `'` typed in content or presswork.toml become “ ” ‘ ’ in print.

One rule for every language and both writers (the sanitiser applies it to every text a material
prints). Chinese uses the same characters as English (“安全” and ‘燃料’); its fonts draw them full
width. What a quote is decides by its neighbours, as SmartyPants and Pandoc's `smart` do:

- `'` between two letters or digits is an apostrophe (people's, don't, 1990's): ’
- `'` at a word's start before a digit is an elision ('90s): ’
- a quote after a space, an opening bracket or dash, or at the start, opens; one before a space,
  punctuation or the end closes;
- where the neighbours do not say (between two ideographs: 要"安全"第一), double quotes alternate
  open, close, open within the text, single quotes likewise.
"""

from __future__ import annotations

OPEN_DOUBLE, CLOSE_DOUBLE, OPEN_SINGLE, CLOSE_SINGLE = "\u201c", "\u201d", "\u2018", "\u2019"
# after these a quote opens
_OPENS_AFTER = set(" \t\n\u00a0\u202f\u3000([{<\u2014\u2013-/\u201c\u2018\u300c\u300e\uff08\u3010\u300a")
# before these a quote closes
_CLOSES_BEFORE = set(" \t\n\u00a0\u202f\u3000.,;:!?)]}>\u2014\u2013-/\u2026\u3002\uff0c\u3001\uff1b\uff1a"
                     "\uff01\uff1f\uff09\u3011\u300b\u201d\u2019")


def curl(text: str) -> str:
    """`text` with typographic quotes for straight ones; text without straight quotes is returned as it is."""
    if '"' not in text and "'" not in text:
        return text
    out: list[str] = []
    open_double = open_single = False
    n = len(text)
    for i, c in enumerate(text):
        if c not in "\"'":
            out.append(c)
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < n else " "
        if c == "'" and (before.isalnum() and after.isalnum()):
            out.append(CLOSE_SINGLE)            # an apostrophe
            continue
        if c == "'" and before in _OPENS_AFTER and after.isdigit():
            out.append(CLOSE_SINGLE)            # '90s
            continue
        opens = before in _OPENS_AFTER and after not in _CLOSES_BEFORE
        closes = after in _CLOSES_BEFORE and before not in _OPENS_AFTER
        if c == '"':
            is_open = opens or (not closes and not open_double)
            open_double = is_open
            out.append(OPEN_DOUBLE if is_open else CLOSE_DOUBLE)
        else:
            is_open = opens or (not closes and not open_single and not before.isalnum())
            open_single = is_open
            out.append(OPEN_SINGLE if is_open else CLOSE_SINGLE)
    return "".join(out)
