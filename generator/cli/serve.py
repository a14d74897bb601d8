"""`presswork serve`: the local web app (live preview of the campaign, and the office page)."""

from __future__ import annotations

import click

from generator.cli.app import cli
from generator.cli.render import limit_options


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0 picks a free one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback lets other machines open the page.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the web browser.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), metavar="N",
              help="Render in N warm worker processes (default: the number of cores).")
@limit_options
@click.pass_context
def serve(ctx: click.Context, port: int, host: str, open_browser: bool, jobs: int | None,
          timeout: int | None, max_memory: int | None) -> None:
    """Serve the campaign on http://127.0.0.1:8000/: every material of presswork.toml as pages that
    update as you save, and a page where colleagues pick quotes, preview and download PDF or DOCX.

    \b
    Example:
      presswork serve --open
      presswork serve --port 8080 -j 1
    """
    from generator.campaign import run
    from generator.serve.server import is_loopback, serve as run_server

    ws = _open(ctx)
    limits = run.campaign_limits(ws, timeout=timeout, max_memory=max_memory)
    if not is_loopback(host):
        click.echo(f"Warning: serving on {host}: other machines on the network can open the page, pick "
                   "excerpts and add materials to presswork.toml. Use it only on a network you trust.", err=True)

    def ready(url: str) -> None:
        click.echo(f"Serving {ws.root} at {url}  (Ctrl+C to stop)")
        if open_browser:
            import threading
            import webbrowser

            threading.Timer(0.5, webbrowser.open, args=(url,)).start()

    run_server(ws.root, host, port, jobs, limits, debug=bool(ctx.meta.get("presswork.debug")), ready=ready)


def _open(ctx: click.Context):
    from generator.cli.app import workspace

    return workspace(ctx)
