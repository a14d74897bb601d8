"""The one text-width estimator: how many ems a text sets in, by the role (face and weight) it is printed in.

Used where a plan must guess before any layout engine runs: the bulletin's boxes, the poster's
first auto-fit guess and the DOCX poster's quote size. CJK characters (from the CJK radicals,
U+2E80, on, full-width punctuation included) are a full em wide; other characters take the
measured average width of their role's face.
"""

from __future__ import annotations

CJK_FROM = "\u2e80"

# The average advance of a Latin character, in ems, measured on the Noto faces the themes use.
LATIN_EM = {
    "body": 0.48,      # Noto Serif text, justified and hyphenated (bulletin boxes)
    "quote": 0.50,     # a poster's quote, serif, often bold
    "source": 0.52,    # an attribution or source line (sans)
    "meta": 0.55,      # the organisation beside a masthead (sans, heading weight)
    "headline": 0.56,  # titles and slogans (sans, headline weight)
    "display": 0.60,   # a bold display line as a word processor sets it (LibreOffice runs wider)
}


def text_ems(text: str, role: str | float = "body") -> float:
    """The width of `text` on one line, in ems of its own size (`role` a name above, or a Latin width in ems)."""
    latin = LATIN_EM[role] if isinstance(role, str) else role
    cjk = sum(1 for c in text if c >= CJK_FROM)
    return cjk + latin * (len(text) - cjk)


def advance_em(text: str, role: str | float = "source") -> float:
    """The average width of one character of `text`, in ems."""
    return text_ems(text, role) / len(text) if text else text_ems("x", role)
