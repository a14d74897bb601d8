"""Languages in a document: fonts per language (SC faces for Chinese), w:lang, East Asian line breaking,
first-line indents, hyphenation, and styles for a paragraph in the document's other language."""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from generator.materials.themes import Theme
from generator.writers.docx.catalogue import STYLES
from generator.writers.docx.ooxml import PPR_ORDER, RPR_ORDER, SETTINGS_ORDER, STYLE_ORDER, child, style_value

LANG_TAGS = {"zh": "zh-CN", "en": "en-GB"}
LANG_NAMES = {"zh": "Chinese", "en": "English"}

# --- East Asian line breaking and indents ------------------------------------------------------------

# Set on the document defaults, so every paragraph has them, a Chinese excerpt in an English
# document too: kinsoku on (Word's and LibreOffice's lists keep 。，、 off a line's start and “（《
# off its end, as Pango does for the PDF); no punctuation hanging into the margin and no extra
# space between Chinese and Latin letters or digits, as the PDF sets neither (and the poster's
# and bulletin's plans measure text without them). typography.py writes the rest into the text.
EAST_ASIAN_BREAKING = (("w:kinsoku", "1"), ("w:overflowPunct", "0"), ("w:autoSpaceDE", "0"), ("w:autoSpaceDN", "0"))


def east_asian_breaking(doc) -> None:
    """EAST_ASIAN_BREAKING on the document's paragraph defaults (w:pPrDefault), which every style inherits."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = OxmlElement("w:pPrDefault")
        defaults.find(qn("w:rPrDefault")).addnext(ppr_default)
    ppr = ppr_default.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        ppr_default.append(ppr)
    for tag, value in EAST_ASIAN_BREAKING:
        child(ppr, tag, PPR_ORDER).set(qn("w:val"), value)


def indent_two_characters(ppr, size_pt: float) -> None:
    """A first-line indent of two characters: Word reads w:firstLineChars (hundredths of a character,
    so it follows the font size); LibreOffice reads only w:firstLine, the same two ems in twips."""
    ind = child(ppr, "w:ind", PPR_ORDER)
    ind.attrib.pop(qn("w:hanging"), None)
    ind.attrib.pop(qn("w:hangingChars"), None)
    ind.set(qn("w:firstLine"), str(round(2 * size_pt * 20)))
    ind.set(qn("w:firstLineChars"), "200")


def own_language_indent(paragraph, lang: str, document_lang: str) -> None:
    """A body paragraph in another language than its document gets its own language's first-line
    indent, as the PDF indents each paragraph by its own language: two characters for Chinese in an
    English document, none for English in a Chinese one. Only for styles that indent Chinese."""
    style = paragraph.style
    spec = next((s for s in STYLES if s.name == style.name), None)
    if spec is None or not spec.zh_indent or (lang == "zh") == (document_lang == "zh"):
        return
    ppr = paragraph._p.get_or_add_pPr()
    if lang == "zh":
        indent_two_characters(ppr, style_value(style, lambda s: s.font.size, Pt(10.5)).pt)
    else:
        ind = child(ppr, "w:ind", PPR_ORDER)
        ind.set(qn("w:firstLine"), "0")
        ind.set(qn("w:firstLineChars"), "0")


def font_pair(theme: Theme, role: str, lang: str) -> tuple[str, str]:
    """(Latin face, East Asian face); Chinese documents use the SC face for Latin too, as the PDF does."""
    cjk = theme.fonts[f"{role}_cjk"]
    return (cjk if lang == "zh" else theme.fonts[role]), cjk


def set_fonts(rpr, pair: tuple[str, str]) -> None:
    fonts = child(rpr, "w:rFonts", RPR_ORDER)
    # theme-font attributes outrank named faces, so a Word-made reference could keep its own
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    latin, east_asian = pair
    for attr, face in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asian), ("cs", latin)):
        fonts.set(qn(f"w:{attr}"), face)


def set_lang(rpr, lang: str) -> None:
    el = child(rpr, "w:lang", RPR_ORDER)
    el.set(qn("w:val"), LANG_TAGS.get(lang, "en-GB"))
    # East Asian text is Simplified Chinese whatever the document's language: SC glyphs, not JP
    el.set(qn("w:eastAsia"), "zh-CN")


def apply_language(doc, lang: str, theme: Theme, keep_fonts: bool = False) -> None:
    """Document defaults and settings: serif body faces (unless `keep_fonts`: a workspace reference
    chose its own), the document's language and zh-CN for East Asian text, hyphenation."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    if not keep_fonts:
        set_fonts(rpr, font_pair(theme, "serif", lang))
    set_lang(rpr, lang)
    settings = doc.settings.element
    font_lang = child(settings, "w:themeFontLang", SETTINGS_ORDER)
    font_lang.set(qn("w:val"), LANG_TAGS.get(lang, "en-GB"))
    font_lang.set(qn("w:eastAsia"), "zh-CN")
    # Justified English needs hyphenation, as the PDF hyphenates it (Chinese is never hyphenated,
    # so a Chinese document turns it on too, for its English translations); never two hyphenated
    # lines in a row, nor a word in capitals. Styles that are not justified turn it off
    # (w:suppressAutoHyphens, see catalogue.StyleSpec.hyphenate).
    for tag, value in HYPHENATION:
        child(settings, tag, SETTINGS_ORDER).set(qn("w:val"), value)


HYPHENATION = (("w:autoHyphenation", "1"), ("w:consecutiveHyphenLimit", "1"), ("w:hyphenationZone", "284"),
               ("w:doNotHyphenateCaps", "1"))


def language_style(doc, name: str, lang: str, theme: Theme, document_lang: str) -> str:
    """The style for a paragraph of `name` written in `lang`: `name` itself in the document's own
    language, else "<name> English" (or Chinese), based on it, that says the paragraph's language
    and its faces, so LibreOffice and Word break, hyphenate and set it as that language (an
    English translation in a Chinese document is hyphenated, not broken between any two letters)."""
    if lang == document_lang or lang not in LANG_NAMES:
        return name
    variant = f"{name} {LANG_NAMES[lang]}"
    if variant in doc.styles:
        return variant
    base = doc.styles[name]
    spec = next((s for s in STYLES if s.name == name), None)
    style = doc.styles.add_style(variant, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = base
    style.next_paragraph_style = style
    style.hidden = False
    style.quick_style = False
    rpr = child(style.element, "w:rPr", STYLE_ORDER)
    if spec is not None and spec.font:
        set_fonts(rpr, font_pair(theme, spec.font, lang))
    set_lang(rpr, lang)
    if spec is not None and spec.zh_indent:
        ppr = style.element.get_or_add_pPr()
        if lang == "zh":
            indent_two_characters(ppr, style_value(base, lambda s: s.font.size, Pt(10.5)).pt)
        else:
            ind = child(ppr, "w:ind", PPR_ORDER)
            ind.set(qn("w:firstLine"), "0")
            ind.set(qn("w:firstLineChars"), "0")
    return variant
