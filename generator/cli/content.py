"""Commands that read content: excerpts, show, lint, import."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click

from generator.cli.app import cli, selection_options, workspace as _workspace


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
@click.option("--translation", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="ARTICLE",
              help="The same article in the other language: each excerpt gets the translated excerpt of the "
                   "same date (else the same place among the undated) as its `translation:`.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.pass_context
def import_(ctx: click.Context, article: Path, output: Path | None, translation: Path | None, force: bool) -> None:
    """Turn an article (.txt, .md or .docx) into an excerpt collection.

    Warnings name the line of everything it tidied, guessed or could not place.

    \b
    Example:
      presswork import content/sources/safety-production-month.txt -o content/spm.yaml
      presswork import 学习材料.txt --translation study-notes.txt
    """
    from generator.content.yaml_format import dump_collection
    from generator.errors import OutputError, Problem
    from generator.content.importer import import_article, import_bilingual
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
    if translation is None:
        result = import_article(article, name=output.stem, display=str(article))
    else:
        result = import_bilingual(article, translation, name=output.stem, display=str(article),
                                  translation_display=str(translation))
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    write_atomic(output, dump_collection(result.collection))
    coll = result.collection
    translated = ""
    if translation is not None:
        translated = f" ({sum(bool(e.translation) for e in coll.excerpts)} with a translation)"
    click.echo(f"Wrote {ws.display(output)}: {len(coll.excerpts)} excerpt(s){translated}, "
               f"{len(coll.intro)} intro paragraph(s), {len(coll.outro)} outro paragraph(s)")
