"""An uploaded article (.txt, .md, .docx) into a new collection in content/, through the importer's own checks.

The upload's name gives only the suffix and the collection's name (a slug): the bytes go to a
private temporary folder, `import_article` reads them as `presswork import` would, and the
collection is written as content/NAME.yaml, never over an existing file (NAME-2.yaml instead).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from generator.campaign.config import read_config
from generator.campaign.plan import plan_build
from generator.content.importer import import_article
from generator.content.text import slugify
from generator.content.workspace import CONFIG_NAME, Workspace
from generator.content.yaml_format import dump_collection
from generator.errors import ContentError, PressworkError, Problem
from generator.outputs import write_atomic

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SUFFIXES = (".txt", ".md", ".docx")


def upload_name(filename: str) -> tuple[str, str]:
    """(stem, suffix) of what the browser called the file: its last path part only, made safe."""
    base = re.split(r"[\\/]", filename or "")[-1].strip()
    path = Path(base)
    stem = re.sub(r"[\x00-\x1f<>:\"|?*]", "_", path.stem)[:120] or "article"
    return stem, path.suffix.lower()


def import_upload(ws: Workspace, filename: str, data: bytes) -> dict:
    """Import the bytes; what was written and the importer's warnings (with their line numbers)."""
    stem, suffix = upload_name(filename)
    shown = f"{stem}{suffix}"
    if suffix == ".doc":
        raise ContentError(Problem("is a Word 97-2003 .doc file, which presswork cannot read", shown,
                                   fix="open it in Word or LibreOffice and save it as .docx"))
    if suffix not in SUFFIXES:
        raise ContentError(Problem(f"cannot import {suffix or 'a file without a suffix'} files", shown,
                                   fix="upload the article as .txt (UTF-8) or .docx"))
    if len(data) > MAX_UPLOAD_BYTES:
        raise ContentError(Problem(f"is larger than {MAX_UPLOAD_BYTES // 2**20} MB", shown,
                                   fix="split the article, or import it with `presswork import`"))
    name = slugify(stem, max_words=8) or "article"
    ws.content_dir.mkdir(parents=True, exist_ok=True)
    target, number = ws.content_dir / f"{name}.yaml", 2
    while target.exists() or target.with_suffix(".yml").exists():
        target, number = ws.content_dir / f"{name}-{number}.yaml", number + 1
    with tempfile.TemporaryDirectory(prefix="presswork-upload-") as tmp:
        path = Path(tmp) / f"{stem}{suffix}"
        path.write_bytes(data)
        result = import_article(path, name=target.stem, display=shown)
    write_atomic(target, dump_collection(result.collection))
    coll = result.collection
    return {"collection": coll.name, "file": ws.display(target), "title": coll.title,
            "excerpts": len(coll.excerpts), "warnings": [str(w) for w in result.warnings],
            "campaign": campaign_problems(Workspace.open(ws.root))}


def campaign_problems(ws: Workspace) -> list[str]:
    """What presswork.toml's materials now say (a second collection: those naming none must name one)."""
    if not (ws.root / CONFIG_NAME).is_file():
        return []
    try:
        plan_build(ws, read_config(ws))
    except PressworkError as exc:
        return [str(p) for p in exc.problems]
    return []
