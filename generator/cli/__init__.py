"""The `presswork` command line: thin Click commands over the library (only cli/ knows Click)."""

from __future__ import annotations

import sys

from generator.cli import campaign, content, press, render, sheet  # noqa: F401  (each registers its commands)
from generator.cli import serve  # noqa: F401
from generator.cli.app import cli


def main() -> None:
    cli(prog_name="presswork")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
