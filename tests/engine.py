"""The library calls tests make, in one place: render, choose, compose, lay out and measure in a workspace."""

from __future__ import annotations

from generator.campaign.plan import DEFAULT_THEME, choose_passages, theme_for  # noqa: F401
from generator.campaign.run import render, setting  # noqa: F401
from generator.materials.material import compose  # noqa: F401
from generator.materials.options import RenderOptions  # noqa: F401
from generator.writers.fit import quote_floor_pt  # noqa: F401
from generator.writers.render import fit as _fit


def build_html(ws, material, inline_css: bool = False) -> str:
    return setting(ws).html(material, inline_css)


def allowed_roots(ws):
    return setting(ws).allowed_roots


def stylesheet_paths(ws, kind: str):
    return setting(ws).stylesheets(kind)


def fit(ws, material):
    return _fit(material, setting(ws))


def reference(templates_dir):
    """The reference.docx a workspace's DOCX starts from, as the resolver finds it."""
    from generator.resources import Resources

    return Resources.for_workspace(templates_dir).find("reference.docx")
