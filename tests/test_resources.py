"""The one resource resolver: workspace first, then built-ins; links kept inside their folder; what a render read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.content.selection import Selection
from generator.errors import TemplateError
from generator.resources import BUILTIN_DIR, Resources, builtin_names, track_reads
from tests import engine
from tests.conftest import SAMPLE, make_workspace


def test_the_workspace_wins_and_builtin_prefix_reaches_the_original(tmp_path):
    ws = make_workspace(tmp_path, {"templates/poster.css": "/* mine */", "templates/themes/neon.toml": "x"})
    resources = Resources.for_workspace(ws / "templates")
    assert resources.find("poster.css") == (ws / "templates" / "poster.css").resolve()
    assert resources.find("builtin:poster.css") == BUILTIN_DIR.resolve() / "poster.css"
    assert resources.find("handout.css") == BUILTIN_DIR.resolve() / "handout.css"
    assert resources.is_overridden("poster.css") and not resources.is_overridden("handout.css")
    assert "neon" in resources.theme_names() and "mono" in resources.theme_names()
    assert resources.watch_dirs() == [(ws / "templates").resolve(), BUILTIN_DIR]


def test_a_workspace_without_templates_uses_only_the_builtins(tmp_path):
    resources = Resources.for_workspace(tmp_path / "templates")
    assert resources.dirs == [BUILTIN_DIR]
    with pytest.raises(TemplateError, match="stylesheet 'nope.css' not found"):
        resources.find("nope.css", "stylesheet")


@pytest.mark.parametrize("name", ["../secret.txt", "/etc/passwd", "themes/../../x"])
def test_names_cannot_leave_the_templates_folder(tmp_path, name):
    with pytest.raises(TemplateError, match="is not a name inside templates/"):
        Resources.for_workspace(tmp_path).find(name)


def test_a_link_out_of_templates_is_refused(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }", encoding="utf-8")
    ws = make_workspace(tmp_path / "ws", {"content/s.yaml": SAMPLE})
    (ws / "templates").mkdir()
    os.symlink(secret, ws / "templates" / "poster.css")
    with pytest.raises(TemplateError, match="links outside that folder"):
        Resources.for_workspace(ws / "templates").find("poster.css")


def test_builtin_names_list_every_editable_resource():
    names = builtin_names()
    for expected in ("poster.html.j2", "base.css", "reference.docx", "themes/mono.toml"):
        assert expected in names
    assert not any(n.startswith("previews/") for n in names)


def test_a_render_reports_the_files_it_read(tmp_path):
    ws_root = make_workspace(tmp_path, {"content/s.yaml": SAMPLE,
                                        "templates/poster.css": (BUILTIN_DIR / "poster.css").read_text(encoding="utf-8")})
    from generator.content.workspace import Workspace

    from generator.campaign.plan import plan_single
    from generator.campaign.pool import render_all

    ws = Workspace.open(ws_root)
    with track_reads() as here:  # in this process, the plan reads the theme
        targets = plan_single(ws, "poster", Selection(refs=("2020-04-life",)), engine.RenderOptions(),
                              tmp_path / "p.pdf")
    # the render runs in a worker process, which reports what it read
    rendered = render_all(targets, engine.setting(ws))
    reads = {Path(p) for p in rendered[0].reads} | here
    names = {p.name for p in reads}
    assert {"poster.html.j2", "base.html.j2", "base.css", "poster.css", "safety.toml"} <= names
    assert (ws_root / "templates" / "poster.css").resolve() in reads
    assert not any(p.name == "handout.css" for p in reads)
