"""Regenerate templates/reference.docx, the built-in DOCX reference document with every PW style.

Usage:  .venv/bin/python scripts/make_reference_docx.py [OUTPUT]

It starts from python-docx's default template, makes its East Asian language zh-CN (the
template says ja-JP, which sets Chinese in Japanese glyph forms) and adds the PW styles with
the default theme's colours. The output is byte-for-byte the same on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.writers.docx.reference import REFERENCE_NAME, build_reference_docx  # noqa: E402
from generator.campaign.plan import DEFAULT_THEME  # noqa: E402
from generator.materials.themes import load_theme  # noqa: E402
from generator.resources import Resources  # noqa: E402


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else REPO / "templates" / REFERENCE_NAME
    theme = load_theme(DEFAULT_THEME, Resources())
    target.write_bytes(build_reference_docx(theme))
    print(f"Wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
