"""Templates: workspace overrides, `builtin:` inheritance, escaping, and a render confined to trusted files."""

from __future__ import annotations

import os

import pytest

from tests import engine as pipeline
from generator.errors import RenderError, TemplateError
from generator.materials.options import RenderOptions
from generator.content.selection import Selection
from generator.resources import BUILTIN_DIR as BUILTIN_TEMPLATES
from generator.writers.templating import make_environment
from generator.content.workspace import Workspace
from tests.conftest import SAMPLE, make_workspace
from tests.pdf_checks import flat, page_texts, reader

ATTACK = '<link rel="attachment" href="file:///etc/hostname"><script>alert(1)</script>'


def poster(ws_root, ref="2020-04-life", **options):
    ws = Workspace.open(ws_root)
    out = ws_root / "output" / "p.pdf"
    pipeline.render(ws, "poster", Selection(refs=(ref,)), RenderOptions(**options), out)
    return out.read_bytes()


def test_workspace_template_overrides_by_name_and_extends_builtin(tmp_path):
    root = make_workspace(tmp_path, {
        "content/s.yaml": SAMPLE,
        "templates/poster.html.j2": ('{% extends "builtin:poster.html.j2" %}'
                                     '{% block footer %}<footer class="footer"><p>Custom footer</p></footer>'
                                     '{% endblock %}'),
    })
    env = make_environment(root / "templates")
    assert env.get_template("poster.html.j2").filename.startswith(str(root / "templates"))
    assert env.get_template("builtin:poster.html.j2").filename.startswith(str(BUILTIN_TEMPLATES))
    text = flat(page_texts(poster(root))[0])
    assert "Custom footer" in text and "Life is more important than Mount Tai." in text


def test_excerpt_markup_prints_as_text_and_embeds_nothing(tmp_path):
    root = make_workspace(tmp_path, {"content/s.yaml": (
        "title: T\nexcerpts:\n  - id: attack\n    date: 2020\n    source: s\n"
        f"    text: '{ATTACK}'\n")})
    pdf = poster(root, "attack")
    # lines break after '/' in the URL; join the text without spaces to read it whole
    # printed as the text it is (its quotes made typographic, materials/quotes.py)
    assert '<linkrel=“attachment”href=“file:///etc/hostname”>' in "".join(page_texts(pdf)[0].split())
    assert "/EmbeddedFiles" not in reader(pdf).trailer["/Root"]
    assert b"/EmbeddedFile" not in pdf
    html = pipeline.build_html(Workspace.open(root), pipeline.compose(
        "poster", pipeline.choose_passages(Workspace.open(root), "poster", Selection(refs=("attack",))),
        RenderOptions(), pipeline.theme_for(Workspace.open(root), None)))
    assert "&lt;link rel=“attachment”" in html and "<script>" not in html


def test_autoescape_whatever_the_template_suffix(tmp_path):
    root = make_workspace(tmp_path, {
        "content/s.yaml": "title: T\nexcerpts:\n  - id: a\n    text: '<b>bold</b>'\n",
        "templates/snippet.txt": "{{ m.items[0].paragraphs[0] }}",
        "templates/poster.html.j2": ('{% extends "builtin:poster.html.j2" %}{% block footer %}'
                                     '<footer class="footer">{% include "snippet.txt" %}</footer>{% endblock %}'),
    })
    ws = Workspace.open(root)
    material = pipeline.compose("poster", pipeline.choose_passages(ws, "poster", Selection(refs=("a",))),
                                RenderOptions(), pipeline.theme_for(ws, None))
    html = pipeline.build_html(ws, material)
    assert "<b>bold</b>" not in html and html.count("&lt;b&gt;bold&lt;/b&gt;") == 2


@pytest.mark.parametrize("src, why", [
    ("file:///etc/hostname", "outside the workspace"),
    ("http://example.com/logo.png", "only files in the workspace and data: URLs"),
    ("link-out.png", "outside the workspace"),
])
def test_fetches_outside_the_workspace_fail_the_render(tmp_path, src, why):
    root = make_workspace(tmp_path / "ws", {
        "content/s.yaml": SAMPLE,
        "templates/poster.html.j2": ('{% extends "builtin:poster.html.j2" %}{% block footer %}'
                                     f'<footer class="footer"><img src="{src}"></footer>{{% endblock %}}'),
    })
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not really a png")
    os.symlink(secret, root / "link-out.png")
    with pytest.raises(RenderError, match=f"blocked a fetch: .*{why}"):
        poster(root)
    assert not (root / "output" / "p.pdf").exists()


def test_workspace_image_is_allowed(tmp_path):
    import segno

    root = make_workspace(tmp_path, {
        "content/s.yaml": SAMPLE,
        "templates/poster.html.j2": ('{% extends "builtin:poster.html.j2" %}{% block footer %}'
                                     '<footer class="footer"><img src="logo.png" style="width:20mm"></footer>'
                                     '{% endblock %}'),
    })
    segno.make("x").save(str(root / "logo.png"), scale=4)
    assert b"/Image" in poster(root)


def test_missing_glyph_fails_naming_the_code_point(tmp_path):
    root = make_workspace(tmp_path, {"content/s.yaml": "title: T\nexcerpts:\n  - id: a\n    text: \"Safe \\uE000 work\"\n"})
    with pytest.raises(RenderError, match=r"no installed font has these characters: U\+E000"):
        poster(root, "a")


def test_template_errors_name_the_file_and_line(tmp_path):
    root = make_workspace(tmp_path, {
        "content/s.yaml": SAMPLE,
        "templates/poster.html.j2": '{% extends "builtin:poster.html.j2" %}\n{% block footer %}{{ m.nope }}{% endblock %}',
    })
    with pytest.raises(TemplateError) as exc:
        poster(root)
    problem = exc.value.problems[0]
    assert problem.line == 2 and str(problem.file).endswith("templates/poster.html.j2")
    (root / "templates/poster.html.j2").write_text("{% block x %}\n{% endblok %}", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"poster.html.j2:2: template syntax error"):
        poster(root)


def test_stylesheet_warnings_are_reported_on_every_render(tmp_path):
    root = make_workspace(tmp_path, {"content/s.yaml": SAMPLE,
                                     "templates/poster.css": ".x { colr: red }\n"})
    ws = Workspace.open(root)
    for _ in range(2):
        written = pipeline.render(ws, "poster", Selection(refs=("2020-04-life",)), RenderOptions(),
                                  root / "output" / "p.pdf")
        assert any("poster.css" in w and "colr" in w for w in written[0].warnings), written[0].warnings
    (root / "templates/poster.css").write_text("@import 'missing.css';\n", encoding="utf-8")
    with pytest.raises(RenderError, match="blocked a fetch: .*missing.css' is not a regular file"):
        pipeline.render(ws, "poster", Selection(refs=("2020-04-life",)), RenderOptions(), root / "output" / "p.pdf")
