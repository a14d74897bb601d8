"""The workspace: a folder with presswork.toml, content/, templates/ and output/."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.yaml_format import load_collection
from generator.errors import ConfigError, ContentError, Problem
from generator.content.model import Collection
from generator.resources import Resources

CONFIG_NAME = "presswork.toml"


@dataclass(frozen=True, slots=True)
class Workspace:
    """Where content is read from and output written to; everything else has defaults."""

    root: Path
    config: dict = field(default_factory=dict)

    @classmethod
    def open(cls, root: Path | str = ".") -> "Workspace":
        root = Path(root).resolve()
        if not root.is_dir():
            raise ConfigError(Problem(f"workspace '{root}' is not a folder", fix="pass --workspace DIR"))
        config: dict = {}
        config_path = root / CONFIG_NAME
        if config_path.is_file():
            try:
                config = tomllib.loads(config_path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(_toml_problem(exc, config_path.read_text(encoding="utf-8"),
                                                _rel(config_path, root))) from None
            except UnicodeDecodeError:
                raise ConfigError(Problem("is not UTF-8 text", _rel(config_path, root),
                                          fix="save it as UTF-8")) from None
        return cls(root, config)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def resources(self) -> Resources:
        """Templates, stylesheets, themes and reference.docx: this workspace's templates/ first, then the built-ins."""
        return Resources.for_workspace(self.templates_dir)

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    def display(self, path: Path) -> str:
        """A path as the user should read it: relative to the workspace when inside it."""
        return _rel(path, self.root)

    def collection_paths(self) -> list[Path]:
        if not self.content_dir.is_dir():
            raise ConfigError(Problem(
                f"'{self.root}' has no content/ folder",
                fix="run presswork in a folder that holds content/*.yaml, or pass --workspace DIR"))
        paths = sorted(p for p in self.content_dir.iterdir()
                       if p.suffix in (".yaml", ".yml") and p.is_file())
        if not paths:
            raise ContentError(Problem(f"{self.display(self.content_dir)}/ holds no collections",
                                       fix="add a .yaml collection, or make one with `presswork import ARTICLE`"))
        return paths

    def load_collections(self, name: str | None = None) -> list[Collection]:
        """Load the workspace's collections (or just `name`), reporting every file's problems."""
        paths = self.collection_paths()
        if name is not None:
            chosen = [p for p in paths if p.stem == name]
            if not chosen:
                known = ", ".join(p.stem for p in paths)
                raise ContentError(Problem(f"no collection '{name}'", fix=f"known collections: {known}"))
            paths = chosen
        collections, problems = [], []
        for path in paths:
            try:
                collections.append(load_collection(path, self.display(path)))
            except ContentError as exc:
                problems.extend(exc.problems)
        if problems:
            raise ContentError(problems)
        return collections


def _toml_problem(exc: tomllib.TOMLDecodeError, text: str, where: str) -> Problem:
    """tomllib (before 3.14) puts the position only in its message: '(at line 2, column 9)'."""
    message = str(exc)
    m = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
    if m:
        line, message = int(m[1]), message[:m.start()]
    elif message.endswith("(at end of document)"):
        line, message = text.count("\n") or 1, message.removesuffix(" (at end of document)")
    else:
        line = None
    return Problem(f"is not valid TOML: {message}", where, line, "check quotes and brackets on this line")


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)
