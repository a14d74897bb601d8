"""Material -> HTML: the template context (theme tokens, font stacks, QR, bulletin plan) and the filled template."""

from __future__ import annotations

from urllib.parse import quote

from markupsafe import Markup

from generator.materials.i18n import html_lang
from generator.materials.material import QR_ERROR, Material
from generator.resources import Resources
from generator.writers.templating import make_environment, render_template


def fonts_for(material: Material, lang: str | None = None) -> dict[str, Markup]:
    """CSS font stacks: the language's own face first, so CJK is SC, never a JP fallback."""
    f = material.theme.fonts
    if (lang or material.lang) == "zh":
        serif = [f["serif_cjk"], f["serif"]]
        sans = [f["sans_cjk"], f["sans"]]
    else:
        serif = [f["serif"], f["serif_cjk"]]
        sans = [f["sans"], f["sans_cjk"]]
    stack = lambda names, generic: Markup(", ".join(f'"{n}"' for n in names) + f", {generic}")  # noqa: E731
    return {"serif": stack(serif, "serif"), "sans": stack(sans, "sans-serif")}


def stylesheet_names(kind: str) -> tuple[str, str]:
    """base.css, then the kind's own stylesheet."""
    return ("base.css", f"{kind}.css")


def stylesheets(resources: Resources, kind: str):
    return [resources.find(name, "stylesheet") for name in stylesheet_names(kind)]


def build_html(material: Material, resources: Resources, inline_css: bool = False) -> str:
    """Fill the kind's template; with inline_css the page is self-contained (for .html output)."""
    env = make_environment(resources)
    # a print shop's PDF/X-4 gets every colour as CMYK inks (themes.py), black text on the K plate alone
    cmyk = material.page.pdf_variant == "pdf/x-4"
    css = [Markup(p.read_text(encoding="utf-8")) for p in stylesheets(resources, material.kind)] if inline_css else []
    qr_uri = None
    if material.qr:
        import segno

        ink = material.theme.colors["ink"]
        if cmyk:
            # the code's one colour as the ink's CMYK, and no fill (SVG's default fill is RGB black), so
            # an X-4 file has no RGB in it; a stand-in colour first, as segno leaves black unwritten
            inks = " ".join(f"{v / 100:g}" for v in material.theme.cmyk_of("ink"))
            qr_uri = segno.make(material.qr, error=QR_ERROR).svg_data_uri(dark="#010203", border=0).replace(
                quote("stroke='#010203'", safe=""), quote(f"fill='none' stroke='device-cmyk({inks})'", safe=""))
        else:
            qr_uri = segno.make(material.qr, error=QR_ERROR).svg_data_uri(dark=ink, border=0)
    # bulletins: box sizes, regions and pages are planned in Python; the template writes the plan out
    plan = None
    if material.kind == "bulletin":
        from generator.materials.plans.bulletin import plan_bulletin

        plan = plan_bulletin(material)
    context = {
        "m": material,
        "theme_css": Markup(material.theme.css_variables(cmyk) + _layout_variables(material)),
        "fonts": fonts_for(material),
        # each excerpt is set in its own language's faces, whatever the material's language
        "fonts_by_lang": {lang: fonts_for(material, lang) for lang in ("en", "zh")},
        "inline_css": css,
        "qr_uri": qr_uri,
        "html_lang": html_lang(material.lang),
        "plan": plan,
        "row": material.row,  # a mail merge's row: {{ row.unit }}
    }
    return render_template(env, f"{material.kind}.html.j2", context)


def _layout_variables(material: Material) -> str:
    """The kind's geometry as CSS custom properties, from the one place Python reads it too."""
    if material.kind == "poster":
        from generator.materials.plans.poster import css_variables

        return "\n" + css_variables()
    return ""


def pdf_metadata(material: Material) -> dict:
    return {
        "title": material.title,
        "authors": [material.organisation] if material.organisation else None,
        "description": material.series or material.headline,
        "keywords": list(material.keywords) or None,
        "lang": html_lang(material.lang),
        "generator": "presswork",
        "created": material.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "modified": material.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
