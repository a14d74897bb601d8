"""The `presswork` command line: thin Click commands over the library (the only module that knows Click)."""

from __future__ import annotations

import functools
import json
import shutil
import sys
from pathlib import Path

import click

from generator import __version__
from generator.errors import PressworkError


class _UserError(click.ClickException):
    """Prints each problem on its own `Error:` line, as DESIGN.md's error format asks."""

    def __init__(self, error: PressworkError):
        super().__init__(str(error))
        self.exit_code = error.exit_code
        self.error = error

    def show(self, file=None) -> None:
        for problem in self.error.problems:
            click.echo(f"Error: {problem}", err=True)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PressworkError as exc:
            if ctx.meta.get("presswork.debug"):
                raise
            raise _UserError(exc) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if ctx.meta.get("presswork.debug"):
                raise
            raise click.ClickException(
                f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback, "
                "and please report it)") from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="presswork", message="%(prog)s %(version)s")
@click.option("-w", "--workspace", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Folder holding presswork.toml, content/, templates/ and output/.")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
@click.pass_context
def cli(ctx: click.Context, workspace: Path, debug: bool) -> None:
    """Print-ready posters, study handouts and bulletin-board sheets from excerpt collections.

    \b
    Example:
      presswork excerpts --tag red-line
    """
    ctx.meta["presswork.debug"] = debug
    ctx.obj = workspace


def _workspace(ctx: click.Context):
    from generator.content.workspace import Workspace

    return Workspace.open(ctx.find_root().obj)


def selection_options(func):
    """The options every command that takes excerpts shares, folded into one `selection` argument."""

    @click.option("-e", "--excerpt", "refs", multiple=True, metavar="REF",
                  help="Excerpt or passage: ID, ID:PARAGRAPH or ID:PARAGRAPH:S-S (repeatable; order kept).")
    @click.option("-t", "--tag", "tags", multiple=True, help="Only excerpts with this tag (repeatable: any of them).")
    @click.option("--since", metavar="DATE", help="Only excerpts dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
    @click.option("--until", metavar="DATE", help="Only excerpts dated on or before DATE.")
    @click.option("-s", "--search", metavar="TEXT", help="Only excerpts whose text or source contains TEXT (any case).")
    @click.option("--collection", metavar="NAME", help="Use only this collection (a file name in content/, without .yaml).")
    @functools.wraps(func)
    def wrapper(*args, refs, tags, since, until, search, collection, **kwargs):
        from generator.content.selection import Selection

        selection = Selection(tuple(refs), tuple(tags), since, until, search, collection)
        return func(*args, selection=selection, **kwargs)

    return wrapper


@cli.command()
@selection_options
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of objects instead of a table.")
@click.pass_context
def excerpts(ctx: click.Context, selection, as_json: bool) -> None:
    """List excerpts: id, date, source, words and tags.

    \b
    Example:
      presswork excerpts --since 2013 --until 2013-12 --tag red-line
    """
    from generator.console import format_table
    from generator.content.selection import select_passages

    passages = select_passages(_workspace(ctx).load_collections(selection.collection), selection)
    if as_json:
        rows = [{"collection": p.collection.name, "id": p.excerpt.id,
                 "date": p.excerpt.date.iso() if p.excerpt.date else None,
                 "source": p.excerpt.source, "tags": list(p.excerpt.tags),
                 "words": p.words, "text": p.text} for p in passages]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    several = len({p.collection.name for p in passages}) > 1
    headers = (["collection"] if several else []) + ["id", "date", "source", "words", "tags"]
    rows = [([p.collection.name] if several else []) +
            [p.ref, p.excerpt.date.iso() if p.excerpt.date else "-", p.excerpt.source or "-",
             str(p.words), ", ".join(p.excerpt.tags)] for p in passages]
    width = shutil.get_terminal_size((100, 24)).columns
    click.echo(format_table(headers, rows, max_width=width,
                            shrink=(headers.index("source"), headers.index("tags")),
                            right=(headers.index("words"),)))


@cli.command()
@click.argument("ref")
@click.option("--collection", metavar="NAME", help="Look in this collection only.")
@click.option("--lang", type=click.Choice(["en", "zh"]), help="Language for the date line (default: the excerpt's).")
@click.pass_context
def show(ctx: click.Context, ref: str, collection: str | None, lang: str | None) -> None:
    """Print one excerpt or passage with its date and source.

    \b
    Example:
      presswork show 2013-07-18-party-committees-and-governments-at:2:1-2
    """
    from generator.content.selection import Selection, select_passages

    passage = select_passages(_workspace(ctx).load_collections(collection),
                              Selection(refs=(ref,), collection=collection))[0]
    ex = passage.excerpt
    click.echo(click.style(passage.ref, bold=True))
    attribution = ex.attribution(lang)
    if attribution:
        click.echo(attribution)
    if ex.tags:
        click.echo("tags: " + ", ".join(ex.tags))
    click.echo()
    click.echo("\n\n".join(passage.paragraphs))


@cli.command()
@click.option("--collection", metavar="NAME", help="Check only this collection.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1 on any finding).")
@click.pass_context
def lint(ctx: click.Context, collection: str | None, strict: bool) -> None:
    """Check collections for debris, missing dates or sources, duplicates and unsafe characters.

    Exits 1 when there are errors (or, with --strict, any finding).

    \b
    Example:
      presswork lint --strict
    """
    from generator.content.lint import lint_collections

    ws = _workspace(ctx)
    collections = ws.load_collections(collection)
    findings = lint_collections(collections, ws.display)
    for finding in findings:
        click.echo(str(finding), err=finding.severity == "error")
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    excerpts_count = sum(len(c.excerpts) for c in collections)
    click.echo(f"{len(collections)} collection(s), {excerpts_count} excerpt(s): "
               f"{errors} error(s), {warnings} warning(s)")
    if errors or (strict and warnings):
        ctx.exit(1)


@cli.command("import")
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the collection (default: content/<article name>.yaml).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.pass_context
def import_(ctx: click.Context, article: Path, output: Path | None, force: bool) -> None:
    """Turn an article (.txt, .md or .docx) into an excerpt collection.

    \b
    Example:
      presswork import content/sources/safety-production-month.txt -o content/spm.yaml
    """
    from generator.content.yaml_format import dump_collection
    from generator.errors import OutputError, Problem
    from generator.content.importer import import_article
    from generator.outputs import write_atomic
    from generator.content.text import slugify
    from generator.content.workspace import Workspace

    ws = Workspace.open(ctx.find_root().obj)
    if output is None:
        output = ws.content_dir / f"{slugify(article.stem, max_words=8)}.yaml"
    elif not output.is_absolute():
        output = Path.cwd() / output
    if output.suffix not in (".yaml", ".yml"):
        raise OutputError(Problem(f"'{output}' does not end in .yaml", fix="name the output NAME.yaml"))
    if output.exists() and not force:
        raise OutputError(Problem(f"{ws.display(output)} already exists",
                                  fix="pass --force to replace it, or choose another name with -o"))
    result = import_article(article, name=output.stem, display=str(article))
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    write_atomic(output, dump_collection(result.collection))
    coll = result.collection
    click.echo(f"Wrote {ws.display(output)}: {len(coll.excerpts)} excerpt(s), "
               f"{len(coll.intro)} intro paragraph(s), {len(coll.outro)} outro paragraph(s)")


def render_options(kind: str):
    """Options shared by poster, handout and bulletin, plus the ones that only `kind` has."""

    def decorate(func):
        options = [
            click.option("-o", "--output", type=click.Path(),
                         help="File to write (.pdf, .png, .html, .docx), or DIR/ for one PNG per page. "
                              "Default: output/<kind>-<name>.pdf"),
            click.option("--format", "fmt", type=click.Choice(["pdf", "png", "html", "docx"]),
                         help="Output format when -o does not say it by its suffix."),
            click.option("--dpi", type=int, default=150, show_default=True, help="Resolution of PNG output."),
            click.option("--size", help="Page size: A5, A4, A3, A2, A1, A0, letter, legal, tabloid, or WxHmm / WxHin."),
            click.option("--landscape/--portrait", default=None, help="Page orientation (default: the kind's own)."),
            click.option("--theme", help="Theme: safety, hazard, civic, calm, or mono (black on white for laser printers)."),
            click.option("--lang", type=click.Choice(["en", "zh"]), help="Language of labels and dates (default: the collection's)."),
            click.option("--title", help="Title printed on the material (default: the collection's or campaign's)."),
            click.option("--org", help="Organisation printed in the footer or running header."),
            click.option("--date", help="Date printed on the material, as you want it to read (e.g. 'June 2026')."),
        ]
        if kind == "poster":
            options += [
                click.option("--headline", help="Headline above the quote (default: the campaign or collection title)."),
                click.option("--pull", is_flag=True, help="Use the excerpt's short pull_quote instead of the passage."),
                click.option("--qr", metavar="URL", help="Print a QR code linking to URL (vector in PDF, PNG in DOCX)."),
            ]
        elif kind == "handout":
            options += [
                click.option("--meeting-date", help="Date of the study meeting."),
                click.option("--time", help="Time of the meeting, e.g. '14:30-16:00'."),
                click.option("--venue", help="Where the meeting is held."),
                click.option("--host", help="Who chairs the meeting."),
                click.option("--question", "questions", multiple=True,
                             help="A discussion question (repeatable; default: the collection's questions)."),
                click.option("--notes/--no-notes", default=True, show_default=True, help="Ruled space for notes."),
                click.option("--sign-in", type=click.IntRange(0, 500), default=0, show_default=True,
                             help="Rows in the sign-in sheet (0 for none)."),
            ]
        else:
            options += [
                click.option("--issue", help="Issue number printed in the masthead."),
                click.option("--columns", type=click.IntRange(1, 4), help="Columns of excerpt boxes (default: 3 landscape, 2 portrait)."),
                click.option("--slogan", help="Slogan for the band at the foot (default: the collection's)."),
            ]
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def _render_command(kind: str, doc: str):
    @cli.command(kind, help=doc)
    @selection_options
    @render_options(kind)
    @click.pass_context
    def command(ctx: click.Context, selection, output, fmt, dpi, **values):
        from generator.campaign import run as pipeline
        from generator.materials.material import RenderOptions

        values["questions"] = tuple(values.get("questions", ()))
        ws = _workspace(ctx)
        _report(ws, pipeline.render(ws, kind, selection, RenderOptions(**values), output, fmt, dpi))

    return command


def _report(ws, written) -> None:
    for item in written:
        for warning in item.warnings:
            click.echo(f"Warning: {warning}", err=True)
        pages = f"{item.pages} page{'s' if item.pages != 1 else ''}, " if item.pages else ""
        click.echo(f"Wrote {ws.display(item.path)} ({pages}{item.page})")


_render_command("poster", """Render a one-page poster of one passage, the quote set as large as fits.

\b
Example:
  presswork poster -e 2013-06-06-human-life-is-at-stake --pull --size A3 --qr https://example.org
""")
_render_command("handout", """Render a study handout: meeting details, numbered excerpts, questions, notes, sign-in sheet.

\b
Example:
  presswork handout --meeting-date 2026-06-12 --venue "Room 301" --sign-in 30
""")
_render_command("bulletin", """Render a bulletin-board sheet: masthead, columns of boxed excerpts, timeline, slogan band.

\b
Example:
  presswork bulletin --issue 6 --size A3 --landscape
""")


@cli.command()
@click.argument("names", nargs=-1)
@click.pass_context
def build(ctx: click.Context, names: tuple[str, ...]) -> None:
    """Build the campaign's materials listed as [[materials]] in presswork.toml (all, or NAMES).

    \b
    Example:
      presswork build poster-red-line handout
    """
    from generator.campaign.build import build_materials
    from generator.console import format_table

    ws = _workspace(ctx)
    written = build_materials(ws, names)
    for item in written:
        for warning in item.warnings:
            click.echo(f"Warning: {item.path.name}: {warning}", err=True)
    rows = [[ws.display(w.path), w.format, str(w.pages or "-"), w.page] for w in written]
    click.echo(format_table(["file", "format", "pages", "page"], rows, max_width=200, right=(2,)))


def main() -> None:
    cli(prog_name="presswork")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
