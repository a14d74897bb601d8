"""The DOCX writer, the only python-docx import: write_docx() turns a Material into an editable Word file.

The look lives in styles, not on runs: templates/reference.docx (or a workspace's own, as
pandoc's --reference-doc) defines every PW style once (catalogue.py); styling.py sets the
theme's colours, fonts and weights on those styles, except what a workspace reference restyled
(restyled.py), and languages.py the East Asian faces, languages and hyphenation. Each kind is
laid out as the PDF lays it out, from the same numbers in materials/: the poster on poster.css's
geometry (poster.py), the handout on handout.css's page (handout.py, page_setup.py), the bulletin
on the PDF's own plan of the sheet (bulletin.py, bulletin_parts.py, bulletin_foot.py). ooxml.py
and tables.py hold the XML python-docx has no API for.
"""

from __future__ import annotations

import io
from datetime import timezone
from pathlib import Path

import docx

from generator.materials.material import Material
from generator.resources import BUILTIN_DIR
from generator.writers.docx.bulletin import write_bulletin
from generator.writers.docx.cleaner import Cleaner
from generator.writers.docx.handout import write_handout
from generator.writers.docx.ooxml import clear_body, normalise_zip
from generator.writers.docx.poster import write_poster
from generator.writers.docx.reference import REFERENCE_NAME, open_reference
from generator.writers.docx.restyled import restyled
from generator.writers.docx.page_setup import set_page
from generator.writers.docx.styling import prepare_styles

__all__ = ["write_docx"]

WRITERS = {"poster": write_poster, "handout": write_handout, "bulletin": write_bulletin}
WORD_MAX_PAGE_MM = 558.8  # Word's page set-up stops at 22 in


def write_docx(material: Material, reference: Path | None = None) -> tuple[bytes, list[str]]:
    """The Material as DOCX bytes, and warnings (characters removed, page sizes Word can't set).

    `reference` is the reference document to start from, as the resource resolver found it
    (a workspace's templates/reference.docx, or the built-in one when None).

    The same Material gives the same bytes in every process: dates come from material.created,
    never the clock, and the zip is normalised.
    """
    builtin = BUILTIN_DIR / REFERENCE_NAME
    doc = open_reference(reference or builtin)
    # a workspace's own reference.docx: what its author restyled wins over the theme
    own = reference is not None and Path(reference).resolve() != builtin.resolve()
    clear_body(doc)
    prepare_styles(doc, material, restyled(doc, builtin) if own else None)
    clean = Cleaner()
    warnings: list[str] = []
    set_page(doc.sections[0], material)
    WRITERS[material.kind](doc, material, clean)
    _set_properties(doc, material, clean)
    if max(material.page.width_mm, material.page.height_mm) > WORD_MAX_PAGE_MM + 0.5:
        warnings.append(f"{material.page.name} is larger than Word's largest page (558.8 mm, 22 in): "
                        "LibreOffice opens this DOCX at full size; for Word, choose --size A3 or smaller")
    out = io.BytesIO()
    doc.save(out)
    return normalise_zip(out.getvalue(), moment=material.created), clean.warnings() + warnings


def _set_properties(doc, material: Material, clean: Cleaner) -> None:
    """File > Properties: what the document is, and when it was made (material.created, not the clock)."""
    props = doc.core_properties
    props.title = clean(material.title, "title") or ""
    props.subject = clean(material.series or material.headline, "series") or ""
    props.author = props.last_modified_by = clean(material.organisation, "organisation") or ""
    props.keywords = clean(", ".join(material.keywords), "keywords") or ""
    props.language = "zh-CN" if material.lang == "zh" else "en-GB"
    props.comments = "Made with presswork"
    props.category = material.kind
    # python-docx writes these as UTC ("...Z") whatever the zone, so convert first
    props.created = props.modified = material.created.astimezone(timezone.utc)
    props.revision = 1
    # a reference document saved from Word says when it was last printed; this file never was
    props._element._remove_lastPrinted()
