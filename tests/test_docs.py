"""README.md is the user's manual: every command is documented in it, and the files it names exist."""

from __future__ import annotations

import re

import click
import pytest

from generator.cli import cli
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield prefix + (name,)
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))


@pytest.mark.parametrize("path", [" ".join(p) for p in _commands(cli)])
def test_commands_are_documented(path):
    """A heading `### presswork NAME`, or an example `presswork [-w DIR] NAME ...` in a code block."""
    heading = re.search(rf"^#+ presswork {re.escape(path)}$", README, re.M)
    example = re.search(rf"^presswork (?:-w \S+ )?{re.escape(path)}(?: |$)", README, re.M)
    assert heading or example, f"README.md documents no `presswork {path}`"


def test_every_module_the_readme_names_exists():
    """The module table of README's Development section names real files and folders of generator/."""
    table = README.split("## Development", 1)[1]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "`" in line.split("|")[1]]
    assert rows
    named = []
    for row in rows:
        folder = ""
        for token in re.findall(r"`([^`]+)`", row.split("|")[1]):
            if "/" in token:
                folder = token if token.endswith("/") else token.rsplit("/", 1)[0] + "/"
                named.append(token)
            else:
                named.append(folder + token)
    missing = [n for n in named if not (REPO / "generator" / n).exists()]
    assert not missing, f"README.md names files that do not exist: {missing}"
    assert "campaign/scaffold.py" in named and "writers/docx/" in named
