"""Plain-text rules shared by every stage: paragraphs, sentences, slugs, unsafe characters."""

from __future__ import annotations

import re
import unicodedata

CJK_RE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

# Extraction debris left by OCR and machine-translation pipelines: `< unk >`, `<unk>`, `[UNK]`.
DEBRIS_RE = re.compile(r"<\s*unk\s*>|\[\s*UNK\s*\]", re.IGNORECASE)

# Characters XML 1.0 cannot hold (C0 controls except tab/newline/CR, surrogates, U+FFFE/F).
XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Bidirectional overrides and isolates can make printed text read differently from its source.
BIDI_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")

_CLOSERS = "\"'”’」』）)】》]"
# English: a terminator, optional closing quotes/brackets, then space and a plausible start.
_EN_BREAK = re.compile(r"([.!?…]+[" + re.escape(_CLOSERS) + r"]*)\s+(?=[\"'“‘(\[A-Z0-9\u4e00-\u9fff])")
# Chinese: a full-width terminator (or run of them), closing quotes kept with their sentence.
_ZH_BREAK = re.compile(r"([。！？!?]+|…{1,2}|\.{3,})([" + re.escape(_CLOSERS) + r"]*)")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "vs", "etc", "e.g", "i.e", "fig",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "p.r.c", "inc", "ltd", "co", "art", "para", "vol",
}


def is_cjk(text: str) -> bool:
    """True when CJK characters make up at least a third of the letters in `text`."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    return sum(1 for c in letters if CJK_RE.match(c)) * 3 >= len(letters)


def join_lines(lines: list[str]) -> str:
    """Join the lines of one paragraph: a space between Latin words, nothing between CJK."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if out and not (CJK_RE.match(out[-1]) and CJK_RE.match(line[0])):
            out += " "
        out += line
    return out


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; lines inside one are joined."""
    paragraphs, current = [], []
    for line in text.splitlines():
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(join_lines(current))
            current = []
    if current:
        paragraphs.append(join_lines(current))
    return paragraphs


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences, right for English and Chinese.

    Closing quotes stay with the sentence they close; common English abbreviations
    (`Mr.`, `e.g.`, `No.`) and initials do not end a sentence.
    """
    paragraph = paragraph.strip()
    if not paragraph:
        return []
    pieces: list[str] = []
    start = 0
    for m in _ZH_BREAK.finditer(paragraph):
        end = m.end()
        mark = m.group(1)
        if mark[0] in "!?." and not _ascii_break_ok(paragraph, m.start(), end):
            continue
        if mark[0] in "!?.":
            # an ASCII mark inside Chinese text is a break only when followed by CJK or the end
            nxt = paragraph[end:end + 1]
            if nxt and not CJK_RE.match(nxt):
                continue
        pieces.append(paragraph[start:end])
        start = end
    pieces.append(paragraph[start:])
    sentences: list[str] = []
    for piece in pieces:
        sentences.extend(_split_english(piece))
    return [s.strip() for s in sentences if s.strip()]


def _ascii_break_ok(text: str, start: int, end: int) -> bool:
    return end >= len(text) or CJK_RE.match(text[end]) is not None


def _split_english(text: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _EN_BREAK.finditer(text):
        before = text[start:m.start()]
        word = re.split(r"\s", before)[-1].lower() if before else ""
        if m.group(1) == "." and (word.rstrip(".") in _ABBREVIATIONS or re.fullmatch(r"[a-z]", word)):
            continue
        out.append(text[start:m.end(1)])
        start = m.end()
    out.append(text[start:])
    return out


def count_words(text: str) -> int:
    """Latin words plus one per CJK character, the way word processors count mixed text."""
    cjk = len(CJK_RE.findall(text))
    latin = len(re.findall(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’-][A-Za-z0-9\u00c0-\u024f]+)*", CJK_RE.sub(" ", text)))
    return cjk + latin


def slugify(text: str, max_words: int = 6, max_len: int = 60) -> str:
    """A readable, filesystem- and CLI-safe slug; CJK characters are kept, not dropped."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.lower().replace("’", "").replace("'", "")
    words = []
    for token in re.findall(r"[a-z0-9]+|[\u4e00-\u9fff\u3400-\u4dbf]+", text):
        words.append(token[:8] if CJK_RE.match(token[0]) else token)
        if len(words) >= max_words:
            break
    slug = "-".join(words)[:max_len].strip("-")
    if slug.split(".")[0] in WINDOWS_RESERVED:
        slug += "-file"  # `con`, `nul`, `com1`... cannot be file names on Windows, where campaigns are shared
    return slug or "untitled"


WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def remove_debris(text: str) -> str:
    """Drop extraction debris and tidy the space it leaves."""
    cleaned = DEBRIS_RE.sub("", text)
    return re.sub(r"[ \t]{2,}", " ", cleaned).strip()
