"""The build's progress bar on stderr: files done of all, the material in hand, time gone and left; only on a terminal."""

from __future__ import annotations

import sys
import time

import click


class Progress:
    """A progress callback for campaign.run.build; silent unless stderr is a terminal."""

    def __init__(self, enabled: bool = True, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.started = time.monotonic()
        self.shown = False

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        if self.shown:
            click.echo("\r\x1b[2K", file=self.stream, nl=False)

    def update(self, done: int, total: int, target) -> None:
        if not self.enabled or total == 0:
            return
        elapsed = time.monotonic() - self.started
        left = elapsed / done * (total - done) if done else 0.0
        width = 24
        filled = round(width * done / total)
        name = target.source if target is not None else "starting"
        line = (f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:30]:<30} "
                f"{_clock(elapsed)} elapsed, {_clock(left) if done else '--:--'} left")
        click.echo("\r\x1b[2K" + line, file=self.stream, nl=False)
        self.shown = True


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    return f"{minutes:02d}:{secs:02d}"
