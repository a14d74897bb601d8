"""The build manifest in output/: what each file was made from, so an unchanged file is not made again.

A file is up to date when the target that makes it has the same digest (its Material — content,
data row, options, theme — its formats, the presswork version and the names in the workspace's
templates/), every file its last render read (templates, stylesheets, themes, reference.docx,
fonts) still has the same contents, and the file itself is as presswork left it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.outputs import write_atomic
from generator.resources import BUILTIN_DIR

MANIFEST_NAME = ".presswork-manifest.json"
FORMAT = 1


def file_digest(target, fmt: str) -> str:
    """Everything one file of a target depends on that is not a file read while rendering: the
    Material (content, data row, options, theme), the format (and PNG resolution), the presswork
    version."""
    key = repr((__version__, target.material, fmt, target.dpi if fmt == "png" else None, target.png_pages))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class FileHashes:
    """sha256 of files by content, remembered by (size, mtime) for one build."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, int, int], str] = {}

    def __call__(self, path: Path | str) -> str | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        key = (str(path), st.st_size, st.st_mtime_ns)
        if key not in self._seen:
            digest = hashlib.sha256()
            with open(path, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
            self._seen[key] = digest.hexdigest()
        return self._seen[key]


def font_files(families: list[str]) -> list[str]:
    """The font files fontconfig offers for these families (the render's fonts); [] without fc-list."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        listing = subprocess.run([fc_list, "--format", "%{file}\t%{family}\n"], capture_output=True,
                                 text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    wanted = set(families)
    files = []
    for line in listing.splitlines():
        path, _, names = line.partition("\t")
        if wanted & {n.strip() for n in names.split(",")}:
            files.append(path)
    return sorted(set(files))


@dataclass
class Manifest:
    """output/.presswork-manifest.json: for each file (relative to output/), its target digest,
    its size and time as written, and the files its render read with their hashes."""

    folder: Path
    templates_dir: Path | None = None  # the workspace's templates/: an override there replaces a built-in read
    files: dict[str, dict] = field(default_factory=dict)
    hashes: FileHashes = field(default_factory=FileHashes)

    @classmethod
    def load(cls, folder: Path, templates_dir: Path | None = None) -> "Manifest":
        path = folder / MANIFEST_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            files = data["files"] if data.get("format") == FORMAT and isinstance(data.get("files"), dict) else {}
        except (OSError, ValueError, KeyError, TypeError):
            files = {}  # no manifest, or one this version cannot read: everything is rebuilt
        return cls(folder, templates_dir, files)

    def key(self, path: Path) -> str | None:
        try:
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(self.folder)).as_posix()
        except ValueError:
            return None  # outside output/: never recorded, always written

    def is_current(self, path: Path, digest: str) -> bool:
        entry = self.files.get(self.key(path) or "")
        if not entry or entry.get("digest") != digest:
            return False
        try:
            st = os.stat(path)
        except OSError:
            return False
        if [st.st_size, st.st_mtime_ns] != entry.get("stat"):
            return False
        reads = entry.get("reads", {})
        return all(self.hashes(read) == sha for read, sha in reads.items()) and not self._overridden(reads)

    def _overridden(self, reads) -> bool:
        """A built-in the last render read now has a workspace file of the same name in front of it."""
        if self.templates_dir is None or not self.templates_dir.is_dir():
            return False
        builtin = BUILTIN_DIR.resolve()
        if self.templates_dir.resolve() == builtin:
            return False  # the checkout's own templates/ are the built-ins: nothing stands in front
        for read in reads:
            path = Path(read)
            if path.is_relative_to(builtin) and (self.templates_dir / path.relative_to(builtin)).exists():
                return True
        return False

    def record(self, path: Path, digest: str, reads: list[str], info: dict | None = None) -> None:
        """Note a file just written: `info` (format, pages, page) is what the table shows when it is up to date."""
        key = self.key(path)
        if key is None:
            return
        st = os.stat(path)
        self.files[key] = {"digest": digest, "stat": [st.st_size, st.st_mtime_ns],
                           "reads": {r: self.hashes(r) for r in sorted(set(reads))}, "info": info or {}}

    def forget(self, key: str) -> None:
        self.files.pop(key, None)

    def save(self) -> None:
        data = {"format": FORMAT, "presswork": __version__, "files": dict(sorted(self.files.items()))}
        write_atomic(self.folder / MANIFEST_NAME, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
