"""ONE lookup for templates, stylesheets, themes and reference.docx: the workspace's templates/ first, then the built-ins.

Every reader of a resource goes through `Resources.find`: the Jinja loader, the stylesheets the
PDF writer is given, the theme loader, the DOCX writer's reference document, `eject` (which
lists the built-ins), a watcher (`watch_dirs`) and the incremental build (`track_reads` records
every file a render read).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem, TemplateError

_PACKAGE = Path(__file__).resolve().parent
# In a wheel the templates ship inside the package; in a checkout they sit beside it.
BUILTIN_DIR = next(p for p in (_PACKAGE / "_builtin_templates", _PACKAGE.parent / "templates") if p.is_dir())
BUILTIN_PREFIX = "builtin:"
# Built-in files that are not resources to edit: the README's preview images.
_NOT_EJECTED = ("previews/",)

_READS: contextvars.ContextVar[tuple[set[Path], ...]] = contextvars.ContextVar("presswork_reads", default=())


@contextlib.contextmanager
def track_reads() -> Iterator[set[Path]]:
    """Collect every resource file found while the block runs (for the incremental build's digest);
    blocks nest, and an inner block's reads count for the outer ones too."""
    reads: set[Path] = set()
    token = _READS.set(_READS.get() + (reads,))
    try:
        yield reads
    finally:
        _READS.reset(token)


def note_read(path: Path) -> None:
    for reads in _READS.get():
        reads.add(path)


@dataclass(frozen=True, slots=True)
class Resources:
    """The folders resources come from, first match wins: the workspace's templates/ (if it has one), then the built-ins."""

    workspace_dir: Path | None = None

    @classmethod
    def for_workspace(cls, templates_dir: Path | None) -> "Resources":
        present = templates_dir if templates_dir is not None and templates_dir.is_dir() else None
        return cls(present.resolve() if present else None)

    @property
    def dirs(self) -> list[Path]:
        return ([self.workspace_dir] if self.workspace_dir else []) + [BUILTIN_DIR]

    def watch_dirs(self) -> list[Path]:
        """The folders a watcher should watch: the very list lookups search."""
        return list(self.dirs)

    def locate(self, name: str) -> Path | None:
        """The file `name` resolves to (`builtin:NAME` skips the workspace), or None when no folder has it.

        Links are followed, but the file they reach must stay inside the folder it was found in:
        a template shared by a colleague cannot read files elsewhere on the machine.
        """
        dirs = self.dirs
        if name.startswith(BUILTIN_PREFIX):
            name, dirs = name[len(BUILTIN_PREFIX):], [BUILTIN_DIR]
        parts = Path(name).parts
        if not parts or Path(name).is_absolute() or ".." in parts:
            raise TemplateError(Problem(f"'{name}' is not a name inside templates/",
                                        fix="name templates, stylesheets and themes by their path in templates/"))
        for folder in dirs:
            candidate = folder / name
            if not candidate.exists() and not candidate.is_symlink():
                continue
            resolved = candidate.resolve()
            if not resolved.is_relative_to(folder.resolve()):
                raise TemplateError(Problem(f"'{name}' in {folder} links outside that folder",
                                            str(candidate), fix="copy the file into templates/ instead of linking it"))
            if resolved.is_file():
                note_read(resolved)
                return resolved
        return None

    def find(self, name: str, what: str = "template") -> Path:
        path = self.locate(name)
        if path is None:
            raise TemplateError(Problem(f"{what} '{name}' not found",
                                        fix="restore it in templates/, or `presswork eject` to get the built-in one"))
        return path

    def is_overridden(self, name: str) -> bool:
        path = self.locate(name)
        return path is not None and self.workspace_dir is not None and path.is_relative_to(self.workspace_dir)

    def names(self, folder: str, suffix: str) -> list[str]:
        """Stems of the files in `folder` ending in `suffix`, from every folder searched (themes: 'safety', ...)."""
        found = {p.name[: -len(suffix)] for d in self.dirs if (d / folder).is_dir()
                 for p in (d / folder).iterdir() if p.name.endswith(suffix) and p.is_file()}
        return sorted(found)

    def theme_names(self) -> list[str]:
        return self.names("themes", ".toml")

    def theme_path(self, name: str) -> Path | None:
        return self.locate(f"themes/{name}.toml")


def builtin_names() -> list[str]:
    """Every built-in resource, as a name `find` and `eject` take (`poster.html.j2`, `themes/mono.toml`)."""
    names = [p.relative_to(BUILTIN_DIR).as_posix() for p in BUILTIN_DIR.rglob("*") if p.is_file()]
    return sorted(n for n in names if not n.startswith(_NOT_EJECTED) and not n.startswith("."))
