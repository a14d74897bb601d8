"""Which files changed: the workspace's inputs polled by modification time, no dependency and no threads of its own.

Polling a few hundred files' `stat` every 0.1 s costs well under a millisecond and works the same
on every file system (network shares, containers, editors that save by renaming a temp file).
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.content.workspace import CONFIG_NAME
from generator.resources import Resources

MAX_FILES = 5000  # a folder tree larger than this is not a workspace's inputs; the rest are not watched
_SKIP_SUFFIXES = (".tmp", ".swp", ".swx", "~")


def watched_roots(root: Path, extra: list[Path] = ()) -> list[Path]:
    """presswork.toml, content/ (collections, data files), every folder resources are looked up in,
    and `extra` (data files elsewhere in the workspace); found without reading presswork.toml."""
    templates = root / "templates"
    roots = [root / CONFIG_NAME, root / "content", *Resources.for_workspace(templates).watch_dirs(), *extra]
    if not templates.is_dir():
        roots.append(templates)  # made later, it starts overriding the built-ins
    return list(dict.fromkeys(roots))


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """(size, mtime) of every file under `paths`, hidden files and editors' temporary files left out."""
    found: dict[str, tuple[int, int]] = {}
    for path in paths:
        if path.is_file():
            _add(found, path)
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith((".", "#")) or name.endswith(_SKIP_SUFFIXES):
                    continue
                _add(found, Path(folder) / name)
                if len(found) >= MAX_FILES:
                    return found
    return found


def _add(found: dict, path: Path) -> None:
    try:
        st = path.stat()
    except OSError:
        return
    found[str(path)] = (st.st_size, st.st_mtime_ns)


def changed(before: dict, after: dict) -> list[str]:
    """Files added, removed or changed between two snapshots."""
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
