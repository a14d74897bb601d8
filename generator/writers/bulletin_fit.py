"""Bulletin fit: lay the sheets out with every box at its natural height, then stretch each region's boxes to the sheet's foot.

materials/plans/bulletin.py decides what each box shows and where it goes, from estimates that
are a few percent off either way; CSS cannot make a column of boxes end at the foot of a page
(WeasyPrint gives a table's spare height to no row, and lays nested flex boxes out many times
over, which made a sheet take half a minute). So the fit lays the sheets out once, reads where
each region's last box ends and where the foot begins, and gives each box of the region a
share of the room between them, in proportion to its body's height (Material.box_heights: the min-height of the box's body,
its text, source and translation, so a shortened box's "full text" line stands at its foot). The
second layout is the one written (the PDF writer keeps it). The boxes are read without
importing WeasyPrint (writers/pdf.py lays out).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.materials.material import Material
from generator.materials.plans.bulletin import BulletinPlan, plan_bulletin
from generator.writers.pdf import layout

PT_PER_PX = 0.75
# the share of each sheet's room the plan packs into: its own, then less when the boxes ran over
ROOMS = (1.0, 0.95, 0.9, 0.8)
# stop this far above the foot, so that rounding never pushes the foot onto a page of its own
SLACK_PT = 1.0


def fit_bulletin(material: Material, build_html, base_url: Path, roots: list[Path],
                 stylesheets) -> tuple[Material, tuple[str, ...]]:
    """The material with its boxes' stretched heights, and what the plan had to shorten.

    Where the boxes laid out ran longer than the plan's estimates (a sheet ran over onto another
    page), the plan is made again with less of each sheet's room, a few times at most."""
    material = replace(material, box_heights=())
    for room in ROOMS:
        planned = replace(material, box_room=room)
        plan = plan_bulletin(planned)
        document, _ = layout(build_html(planned), base_url, roots, stylesheets)
        if len(document.pages) == len(plan.pages):
            break
    return replace(planned, box_heights=stretched_heights(plan, document)), plan.warnings


def stretched_heights(plan: BulletinPlan, document) -> tuple[float, ...]:
    """Each box's body height (pt) that brings its region to its sheet's foot; 0 leaves a box as it is."""
    heights = [0.0] * len(plan.boxes)
    if len(document.pages) != len(plan.pages):
        return tuple(heights)   # the sheets did not lay out as planned: leave every box as it is
    for page, regions in zip(document.pages, plan.pages):
        page_box = page._page_box
        boxes = _boxes(page_box)
        foot = _foot(page_box)
        bottom = page_box.content_box_y() + page_box.height - (foot.margin_height() if foot is not None else 0)
        for region in regions:
            laid = [boxes.get(i) for i in region.items]
            if None in laid:
                continue
            box, _ = laid[-1]
            spare = (bottom - (box.position_y + box.margin_height())) * PT_PER_PX - SLACK_PT
            if spare <= 0:
                continue
            # each box a share of the room in proportion to its body, so a box of a line or two
            # (its type grown to fill its share) is not left mostly space
            bodies = [body.border_height() for _, body in laid]
            for i, body in zip(region.items, bodies):
                heights[i] = round(body * PT_PER_PX + spare * body / sum(bodies), 2)
    return tuple(heights)


def _boxes(page_box) -> dict[int, tuple[object, object]]:
    """Each box on the page (by its item index) and its body."""
    found = {}
    for child in page_box.descendants():
        element = getattr(child, "element", None)
        if element is not None and child.element_tag != "" and element.get("data-box") is not None \
                and "box" in (element.get("class") or "").split():
            body = next((b for b in child.children if "box-body" in (getattr(b, "element", None).get("class") or "")
                         .split()), None) if child.children else None
            if body is not None:
                found.setdefault(int(element.get("data-box")), (child, body))
    return found


def _foot(page_box):
    for child in page_box.descendants():
        element = getattr(child, "element", None)
        if element is not None and child.element_tag != "" and "sheet-foot" in (element.get("class") or "").split():
            return child
    return None
