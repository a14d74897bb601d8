"""Every render is bounded: a template that loops for ever or eats memory stops with a message, and old output stays."""

from __future__ import annotations

import pytest

from generator.campaign import run
from generator.campaign.pool import Limits
from generator.content.selection import Selection
from generator.content.workspace import Workspace
from generator.errors import RenderError, TemplateError
from generator.materials.options import RenderOptions
from tests.conftest import SAMPLE, make_workspace

LOOP = ('{% extends "builtin:poster.html.j2" %}{% block masthead %}'
        '{% for i in range(99999) %}{% for j in range(99999) %}.{% endfor %}{% endfor %}{% endblock %}')
GREEDY = '{% extends "builtin:poster.html.j2" %}{% block masthead %}{{ "x" * 3000000000 }}{% endblock %}'


def _poster(tmp_path, template: str, limits: Limits):
    root = make_workspace(tmp_path, {"content/s.yaml": SAMPLE, "templates/poster.html.j2": template})
    out = root / "output" / "p.pdf"
    out.parent.mkdir()
    out.write_bytes(b"%PDF- the good one")
    with pytest.raises((RenderError, TemplateError)) as caught:
        run.render(Workspace.open(root), "poster", Selection(refs=("2020-04-life",)), RenderOptions(), out,
                   limits=limits)
    assert out.read_bytes() == b"%PDF- the good one"
    return str(caught.value)


def test_a_template_that_loops_for_ever_is_stopped_in_time(tmp_path):
    message = _poster(tmp_path, LOOP, Limits(timeout_s=3))
    assert message == ("material 'poster' (p.pdf) took longer than 3 s to render and was stopped (check its "
                       "template for long loops and its text for its length, or raise the limit with "
                       "--timeout SECONDS)")


def test_a_template_that_eats_memory_is_stopped_at_the_limit(tmp_path):
    message = _poster(tmp_path, GREEDY, Limits(timeout_s=60, max_memory_mb=1024))
    assert "the 1024 MB memory limit" in message and "--max-memory MB" in message


def test_a_template_runtime_error_names_the_template_and_line(tmp_path):
    bad = '{% extends "builtin:poster.html.j2" %}\n{% block masthead %}\n{{ m.title + 1 }}{% endblock %}'
    message = _poster(tmp_path, bad, Limits())
    assert message.endswith("templates/poster.html.j2:3: template failed: TypeError: can only concatenate str "
                            '(not "int") to str (fix the expression on this line)')


def test_a_template_that_reaches_for_python_internals_is_refused(tmp_path):
    bad = ('{% extends "builtin:poster.html.j2" %}{% block masthead %}'
           "{{ lipsum.__globals__['os'].system('touch /tmp/presswork-pwned') }}{% endblock %}")
    message = _poster(tmp_path, bad, Limits())
    assert "template tried something unsafe" in message and "poster.html.j2:1" in message


def test_campaign_bounds_are_checked_for_the_single_commands_too(tmp_path):
    from click.testing import CliRunner

    from generator.cli import cli

    root = make_workspace(tmp_path, {"content/s.yaml": SAMPLE, "presswork.toml": '[campaign]\ntimeout = "soon"\n'})
    result = CliRunner().invoke(cli, ["-w", str(root), "poster", "-e", "2020-04-life", "-o", str(root / "p.pdf")])
    assert result.exit_code == 1 and "internal error" not in result.output
    assert "presswork.toml: [campaign]: timeout: must be a whole number, not 'soon' (use 1 to 3600)" in result.output
