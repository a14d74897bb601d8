"""The Jinja2 environment: workspace templates override built-ins by name; `builtin:` reaches them."""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from generator.errors import Problem, TemplateError

_PACKAGE = Path(__file__).resolve().parent.parent
# In a wheel the templates ship inside the package; in a checkout they sit beside it.
BUILTIN_TEMPLATES = next(p for p in (_PACKAGE / "_builtin_templates", _PACKAGE.parent / "templates")
                         if p.is_dir())


def template_dirs(workspace_templates: Path | None) -> list[Path]:
    dirs = [workspace_templates] if workspace_templates and workspace_templates.is_dir() else []
    return dirs + [BUILTIN_TEMPLATES]


def make_environment(workspace_templates: Path | None) -> jinja2.Environment:
    """One environment per templates folder, so compiled templates are reused across renders
    (Jinja still reloads a template whose file changed)."""
    present = workspace_templates if workspace_templates and workspace_templates.is_dir() else None
    return _environment(present)


@functools.lru_cache(maxsize=8)
def _environment(workspace_templates: Path | None) -> jinja2.Environment:
    search = [str(d) for d in template_dirs(workspace_templates)]
    loader = jinja2.ChoiceLoader([
        jinja2.PrefixLoader({"builtin": jinja2.FileSystemLoader(str(BUILTIN_TEMPLATES))}, delimiter=":"),
        jinja2.FileSystemLoader(search),
    ])
    # Autoescape every template whatever its suffix: excerpt text must never become markup.
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    return env


def render_template(env: jinja2.Environment, name: str, context: dict) -> str:
    """Render `name`, turning Jinja's errors into messages that name the template and line."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(Problem(f"template '{exc.name}' not found",
                                    fix="check the name in templates/ or in {% extends %}")) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(Problem(f"template syntax error: {exc.message}", exc.filename or exc.name,
                                    exc.lineno, "fix the tag on this line")) from None
    except jinja2.UndefinedError as exc:
        where, line = _template_frame(exc)
        raise TemplateError(Problem(f"template uses something undefined: {exc.message}", where, line,
                                    "check the variable name; see the README for what templates get")) from None


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    tb = exc.__traceback__
    found = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or "/templates/" in filename:
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
