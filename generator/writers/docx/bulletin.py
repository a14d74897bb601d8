"""The bulletin-board sheet: masthead, boxed excerpts in balanced columns, a timeline, the slogan band."""

from __future__ import annotations

from docx.enum.section import WD_SECTION

from generator.materials.material import Item, Material
from generator.materials.plans.bulletin import plan_bulletin
from generator.writers.docx.cleaner import Cleaner, excerpt_where
from generator.writers.docx.ooxml import set_columns
from generator.writers.docx.styling import own_language_indent, running_header_and_footer

FULL_SHEET_FILL = 0.9  # above this share of page 1 (materials/plans/bulletin.py), a sheet counts as full
BOX_KEEP_CHARS = 700  # boxes with less text than this stay in one column


def write_bulletin(doc, material: Material, clean: Cleaner) -> None:
    """Masthead, boxed excerpts in columns, the dated timeline and the slogan band."""
    section = doc.sections[0]
    running_header_and_footer(section, material, clean)
    slogan = clean(material.slogan, "slogan")
    plan = plan_bulletin(material)
    # A sheet the PDF's plan finds full (at its base type size) leaves no room under its columns:
    # its slogan band goes in the page footer (which the columns' section inherits), where the
    # boxes cannot push it onto a page alone.
    full = plan.em == plan.foot_em and plan.fill > FULL_SHEET_FILL
    if slogan and full:
        section.footer.paragraphs[0].insert_paragraph_before(slogan, style="PW Slogan")
    title = clean(material.title, "title")
    series = clean(material.kicker, "series")
    if series:
        doc.add_paragraph(series, style="PW Masthead Series")
    doc.add_paragraph(title, style="PW Masthead")
    details = [clean(material.issue_label, "issue"), clean(material.date, "date"),
               clean(material.organisation, "organisation")]
    details = [d for d in details if d]
    if details:
        doc.add_paragraph(" · ".join(details), style="PW Masthead Details")
    columns = doc.add_section(WD_SECTION.CONTINUOUS)
    set_columns(columns, material.columns)
    for index, item in enumerate(material.items):
        if index:
            doc.add_paragraph(style="PW Box Gap")
        _bulletin_item(doc, item, clean, material.lang)
    dated = sorted((i for i in material.items if i.iso_date), key=lambda i: i.iso_date)
    if dated:
        doc.add_paragraph(material.labels["timeline"], style="PW Bulletin Heading")
        for item in dated:
            where = excerpt_where(item)
            line = doc.add_paragraph(style="PW Timeline")
            line.add_run(clean(item.date, where), style="PW Strong")
            if item.source:
                line.add_run(f" — {clean(item.source, where)}")
    if not full:
        # a continuous break after the columns makes Word and LibreOffice balance them
        band = doc.add_section(WD_SECTION.CONTINUOUS)
        set_columns(band, 1)
        if slogan:
            doc.add_paragraph(slogan, style="PW Slogan")


def _bulletin_item(doc, item: Item, clean: Cleaner, document_lang: str) -> None:
    """One box: number and date, the text, the occasion (and on a bilingual sheet the translation
    and its occasion); short boxes never split across columns."""
    where = excerpt_where(item)
    paragraphs = [clean(p, where) for p in item.paragraphs] or [""]
    translation = [clean(p, where) for p in item.translation]
    keep_whole = sum(len(p) for p in paragraphs + translation) <= BOX_KEEP_CHARS
    head = doc.add_paragraph(style="PW Box Heading")
    head.add_run(f"\u00a0{item.number}\u00a0", style="PW Excerpt Number")
    if item.date:
        head.add_run("\u2002")
        head.add_run(clean(item.date, where), style="PW Strong")
    blocks = [(paragraphs, "PW Box", item.dash, item.source)]
    if translation:
        blocks.append((translation, "PW Box Translation", item.translation_dash, item.translation_source))
    for number, (texts, style, dash, source) in enumerate(blocks):
        for index, paragraph in enumerate(texts):
            text = doc.add_paragraph(paragraph, style=style)
            own_language_indent(text, item.translation_lang if number else item.lang, document_lang)
            more = index < len(texts) - 1 or bool(source) or number < len(blocks) - 1
            if keep_whole and more:
                text.paragraph_format.keep_with_next = True
        if source:
            # the occasion must not start a column alone
            text.paragraph_format.keep_with_next = True
            line = doc.add_paragraph(f"{dash.strip()} {clean(source, where)}", style="PW Box Attribution")
            if keep_whole and number < len(blocks) - 1:
                line.paragraph_format.keep_with_next = True
