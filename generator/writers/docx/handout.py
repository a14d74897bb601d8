"""The study handout: title block, meeting details, numbered excerpts, questions, notes, sign-in sheet."""

from __future__ import annotations

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Length, Mm

from generator.materials.i18n import ATTRIBUTION_SEP
from generator.materials.material import Item, Material
from generator.materials.plans.handout import note_lines_min
from generator.writers.docx.cleaner import Cleaner, excerpt_where
from generator.writers.docx.languages import language_style, own_language_indent
from generator.writers.docx.ooxml import (
    TBLPR_ORDER, child, column_widths, empty, row_properties, table_look, text_width,
)
from generator.writers.docx.page_setup import running_header_and_footer
from generator.writers.docx.styling import hairline
from generator.writers.docx.tables import place_table

SIGN_IN_HEADER_MM = 8
# ruled lines the DOCX leaves off a notes section the PDF's fit filled to its page's foot
DOCX_NOTE_SLACK = 3
# the PW table styles' cell padding left and right (styling._define_table_style), in twips
TABLE_CELL_PADDING = 100


def note_lines(material: Material) -> int:
    """The PDF's fit gives the notes as many lines as fill the questions' page; LibreOffice and Word
    set the text a little longer, so the DOCX leaves a few of them off (never going below the
    least a notes section has), rather than send questions and notes to a page of their own."""
    if material.fitted_note_lines is None:
        return material.note_lines
    return max(note_lines_min(material.page.name), material.fitted_note_lines - DOCX_NOTE_SLACK)


def span_text_width(table) -> None:
    """The table from the text column's left edge to its right, as the PDF's tables: its width fixed,
    and indented by its cell padding (Word 2010's tblInd places the cell's text, not its border)."""
    tblpr = table._tbl.tblPr
    width = child(tblpr, "w:tblW", TBLPR_ORDER)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iterchildren(qn("w:gridCol")))))
    child(tblpr, "w:tblLayout", TBLPR_ORDER).set(qn("w:type"), "fixed")
    place_table(table, 0, TABLE_CELL_PADDING)


def write_handout(doc, material: Material, clean: Cleaner) -> None:
    """Title block, meeting details, intro, numbered excerpts, questions, notes and the sign-in sheet."""
    labels = material.labels
    zh = material.lang == "zh"
    section = doc.sections[0]
    running_header_and_footer(section, material, clean)
    title = clean(material.title, "title")
    series = clean(material.kicker, "series")
    if series:
        doc.add_paragraph(series, style="PW Subtitle")
    doc.add_paragraph(title, style="PW Title")
    org, date = clean(material.organisation, "organisation"), clean(material.date, "date")
    if org or date:
        byline = doc.add_paragraph(style="PW Byline")
        if org:
            byline.add_run(org, style="PW Strong")
        if org and date:
            byline.add_run(" · ")
        if date:
            byline.add_run(date)
    rows = [(label, clean(value, "meeting details")) for label, value in material.meeting.rows(labels)]
    if rows:
        _meeting_table(doc, rows, section)
    for paragraph in material.intro:
        doc.add_paragraph(clean(paragraph, "intro"), style="PW Intro")
    for item in material.items:
        _handout_item(doc, item, clean, material)
    remark = None
    for paragraph in material.outro:
        remark = doc.add_paragraph(clean(paragraph, "outro"), style="PW Outro")
    if remark is not None and material.notes and not material.questions:
        # notes without questions take the closing remark to their page, as the PDF's do
        remark.paragraph_format.keep_with_next = True
    if material.questions:
        doc.add_paragraph(labels["discussion_questions"], style="PW Heading")
        for number, question in enumerate(material.questions, start=1):
            line = doc.add_paragraph(style="PW Question")
            line.add_run(str(number), style="PW Question Number")
            line.add_run("\t" + clean(question, f"question {number}"))
            # the questions and the notes move to a page together, as the PDF's closing block
            line.paragraph_format.keep_with_next = material.notes or number < len(material.questions)
    if material.notes:
        doc.add_paragraph(labels["notes"], style="PW Heading")
        _notes_table(doc, material, section)
    if material.sign_in > 0:
        doc.add_paragraph(labels["sign_in"], style="PW Sign-in Heading")
        details = doc.add_paragraph(style="PW Sign-in Details")
        details.add_run(title, style="PW Strong")
        for label, value in rows:
            details.add_run(f" · {label}{'：' if zh else ': '}{value}")
        for index, numbers in enumerate(material.sign_in_sheets):
            if index:  # one table a page, each with its header row, as the PDF's fit planned them
                hairline(doc.add_paragraph(style="PW Table Text"), 1).paragraph_format.page_break_before = True
            _sign_in_table(doc, material, section, numbers)


def _meeting_table(doc, rows: list[tuple[str, str]], section) -> None:
    """Date, time, venue and host four across (two by two on A5), each label over its value."""
    across = min(len(rows), 2 if section.page_width < Mm(180) else 4)
    lines = [rows[i:i + across] for i in range(0, len(rows), across)]
    table = doc.add_table(len(lines), across, style="PW Meeting Table")
    table_look(table, header=False)
    column_widths(table, [Length(text_width(section) // across)] * across)
    span_text_width(table)
    for row, line in zip(table.rows, lines):
        for cell, (label, value) in zip(row.cells, line):
            empty(cell).add_paragraph(label, style="PW Meeting Label")
            cell.add_paragraph(value, style="PW Meeting Details")
        for cell in row.cells[len(line):]:
            empty(cell).add_paragraph(style="PW Meeting Details")


def _handout_item(doc, item: Item, clean: Cleaner, material: Material) -> None:
    """An excerpt's paragraphs, its number hanging in the margin, then its date and occasion in its
    own language; on a bilingual handout its translation follows, with its own attribution. Each
    paragraph takes its own language's style (language_style), so it breaks and hyphenates as that."""
    where = excerpt_where(item)
    theme, lang = material.theme, material.lang
    for index, text in enumerate([clean(p, where) for p in item.paragraphs] or [""]):
        if index == 0:
            last = doc.add_paragraph(style=language_style(doc, "PW Excerpt First", item.lang, theme, lang))
            # the number hangs in the margin: the hanging indent is the tab's stop
            last.add_run(f"\u00a0{item.number}\u00a0", style="PW Excerpt Number")
            last.add_run("\t" + text)
        else:
            last = doc.add_paragraph(text, style=language_style(doc, "PW Excerpt Text", item.lang, theme, lang))
            own_language_indent(last, item.lang, lang)
    if item.date or item.source:
        # the attribution must not start a page alone
        last.paragraph_format.keep_with_next = True
        last = _attribution(doc, language_style(doc, "PW Attribution", item.lang, theme, lang), item.dash, item.sep,
                            clean(item.date, where), clean(item.source, where))
    if item.translation:
        last.paragraph_format.keep_with_next = True
        own = item.translation_lang or lang
        for text in item.translation:
            last = doc.add_paragraph(clean(text, where), style=language_style(doc, "PW Translation", own, theme, lang))
        if item.translation_date or item.translation_source:
            last.paragraph_format.keep_with_next = True
            _attribution(doc, language_style(doc, "PW Attribution", own, theme, lang), item.translation_dash,
                         ATTRIBUTION_SEP[item.translation_lang], clean(item.translation_date, where),
                         clean(item.translation_source, where))


def _attribution(doc, style: str, dash: str, sep: str, date: str, source: str):
    line = doc.add_paragraph(dash, style=style)
    if date:
        line.add_run(date, style="PW Strong")
    if date and source:
        line.add_run(sep)
    if source:
        line.add_run(source)
    return line


def _notes_table(doc, material: Material, section) -> None:
    """Ruled lines as table rows: LibreOffice won't keep a heading with a run of bordered
    paragraphs (it merges their borders into one block), but keeps it with a table."""
    lines = note_lines(material)
    table = doc.add_table(lines, 1, style="PW Notes Table")
    table_look(table, header=False)
    column_widths(table, [text_width(section)])
    span_text_width(table)
    for number, row in enumerate(table.rows, start=1):
        row_properties(row, Mm(material.note_line_mm), header=False, exact=True)
        line = empty(row.cells[0]).add_paragraph(style="PW Notes Line")
        # the block moves to the next page whole rather than leave a line behind
        line.paragraph_format.keep_with_next = number < lines


def _sign_in_table(doc, material: Material, section, numbers: range) -> None:
    """Number, name, department and signature for the rows `numbers`, at the fit's row height; the
    header row repeats on every page the table runs onto."""
    labels = material.labels
    table = doc.add_table(len(numbers) + 1, 4, style="PW Sign-in Table")
    table_look(table, header=True)
    width = text_width(section)
    number_width = Mm(11)
    name, department = Length(int(width * 0.27)), Length(int(width * 0.30))
    column_widths(table, [number_width, name, department, Length(width - number_width - name - department)])
    span_text_width(table)
    for index, row in enumerate(table.rows):
        row_properties(row, Mm(SIGN_IN_HEADER_MM if index == 0 else material.sign_in_row_mm), header=index == 0)
        cells = row.cells
        if index == 0:
            for cell, key in zip(cells, ("no", "name", "department", "signature")):
                empty(cell).add_paragraph(labels[key], style="PW Table Heading")
            continue
        empty(cells[0]).add_paragraph(str(numbers[index - 1]), style="PW Table Number")
        for cell in cells[1:]:
            empty(cell).add_paragraph(style="PW Table Text")
        for cell in cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
