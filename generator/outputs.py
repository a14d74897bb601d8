"""Writing files safely: atomically, inside the folder they belong to, never over good work by accident."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from generator.errors import OutputError, Problem


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write to a temporary file beside `path`, then rename: a failure never leaves half a file."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(Problem(f"cannot write into {path.parent}: {exc.strerror}",
                                  fix="choose another output folder")) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(Problem(f"cannot write {path}: {exc.strerror}")) from None
    return path
