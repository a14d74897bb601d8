"""The package layout's rules: each stage imports only the stages below it, each engine in one place."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
MODULES = sorted(PACKAGE.rglob("*.py"))
# The stages, lowest first: a module may import its own stage and any stage listed before it.
STAGES = ["content", "materials", "writers", "press", "campaign", "serve", "cli"]
SHARED = {"errors", "console", "outputs", "resources", "__init__", "__main__"}


def _where(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _stage(path: Path) -> str | None:
    first = path.relative_to(PACKAGE).parts[0]
    return first if first in STAGES else None


@pytest.mark.parametrize("path", MODULES, ids=_where)
def test_engines_are_imported_in_one_place_each(path):
    where, imports = _where(path), _imports(path)
    roots = {name.split(".")[0] for name in imports}
    assert "click" not in roots or where.startswith("cli/"), where
    assert "weasyprint" not in roots or where == "writers/pdf.py", where
    assert "docx" not in roots or where.startswith("writers/docx/"), where


@pytest.mark.parametrize("path", MODULES, ids=_where)
def test_stages_import_only_downwards(path):
    stage = _stage(path)
    if _where(path) == "__main__.py":
        stage = "cli"  # `python -m generator` is the CLI's other door
    if stage is None:
        allowed = set()  # the shared modules stand below every stage
    else:
        allowed = set(STAGES[:STAGES.index(stage) + 1])
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] != "generator" or len(parts) < 2:
            continue
        if parts[1] in STAGES:
            assert parts[1] in allowed, f"{_where(path)} imports {name}"


@pytest.mark.parametrize("path", MODULES, ids=_where)
def test_every_module_says_what_it_owns(path):
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    doc = ast.get_docstring(tree)
    assert doc and source.lstrip().startswith('"""'), f"{_where(path)} has no docstring first"


@pytest.mark.parametrize("path", MODULES, ids=_where)
def test_every_module_keeps_to_one_job_in_a_readable_length(path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"{_where(path)} has {lines} lines: split it by job"
