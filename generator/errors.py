"""The one exception root for everything a user should read instead of a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the user's input, with where it is and how to fix it."""

    message: str
    file: Path | str | None = None
    line: int | None = None
    fix: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        fix = f" ({self.fix})" if self.fix else ""
        return f"{where}{self.message}{fix}"


class PressworkError(Exception):
    """A user-facing error; the CLI prints it as `Error: ...` and exits with `exit_code`."""

    exit_code = 1

    def __init__(self, problems: str | Problem | list[Problem]):
        if isinstance(problems, (str, Problem)):
            problems = [problems if isinstance(problems, Problem) else Problem(problems)]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ContentError(PressworkError):
    """An excerpt collection, article or passage reference is wrong."""


class SelectionError(PressworkError):
    """A selection matched nothing or referred to something that does not exist."""


class ConfigError(PressworkError):
    """presswork.toml or a command-line option has a value that cannot be used."""


class TemplateError(PressworkError):
    """A template is missing, fails to parse, or refers to something undefined."""


class RenderError(PressworkError):
    """A material could not be rendered (missing glyphs, blocked fetches, overflow)."""


class OutputError(PressworkError):
    """An output file cannot be written where it was asked for."""
