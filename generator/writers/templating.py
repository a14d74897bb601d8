"""The Jinja2 environment: sandboxed, autoescaped, strict; templates found through the one resource resolver."""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2
import jinja2.sandbox

from generator.errors import Problem, TemplateError
from generator.materials.typography import plain
from generator.resources import Resources, note_read


class ResourceLoader(jinja2.BaseLoader):
    """Loads `NAME` (workspace first) and `builtin:NAME` through `Resources.find`, so a template's
    includes obey the same lookup and confinement as everything else, and count as files read."""

    def __init__(self, resources: Resources):
        self.resources = resources

    def get_source(self, environment, template):
        path = self.resources.locate(template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        try:
            source = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise TemplateError(Problem(f"is not UTF-8 text (byte {exc.start})", str(path),
                                        fix="save the template as UTF-8")) from None
        mtime = path.stat().st_mtime

        def uptodate() -> bool:
            # Jinja asks this on every cached use, so a render that reuses the template still records it
            note_read(path)
            try:
                return path.stat().st_mtime == mtime
            except OSError:
                return False

        return source, str(path), uptodate


def make_environment(resources: Resources | Path | None) -> jinja2.Environment:
    """One environment per templates folder, so compiled templates are reused across renders
    (Jinja still reloads a template whose file changed)."""
    if not isinstance(resources, Resources):
        resources = Resources.for_workspace(resources)
    return _environment(resources)


@functools.lru_cache(maxsize=8)
def _environment(resources: Resources) -> jinja2.Environment:
    # Sandboxed: templates from colleagues are untrusted and must not reach Python internals.
    # Autoescape every template whatever its suffix: excerpt text must never become markup.
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(
        loader=ResourceLoader(resources), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True)
    # text without typography's joiners, for cutting what a reader sees to a length (`| plain | truncate`)
    env.filters["plain"] = plain
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
    except jinja2.sandbox.SecurityError as exc:
        where, line = _template_frame(exc)
        raise TemplateError(Problem(f"template tried something unsafe: {exc}", where, line,
                                    "templates may use the data they are given, not Python internals")) from None
    except jinja2.UndefinedError as exc:
        where, line = _template_frame(exc)
        raise TemplateError(Problem(f"template uses something undefined: {exc.message}", where, line,
                                    "check the variable name; see the README for what templates get")) from None
    except TemplateError:
        raise
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError, jinja2.TemplateError) as exc:
        # a template's own mistake at run time, e.g. {{ m.title + 1 }}
        where, line = _template_frame(exc)
        raise TemplateError(Problem(f"template failed: {type(exc).__name__}: {exc}", where, line,
                                    "fix the expression on this line")) from None
    except RecursionError:
        where, line = _template_frame_of_recursion()
        raise TemplateError(Problem("template calls itself without end", where, line,
                                    "check the macros and includes for a loop")) from None


def _template_frame_of_recursion() -> tuple[str | None, int | None]:
    return None, None


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    tb = exc.__traceback__
    found = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or "/templates/" in filename:
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
