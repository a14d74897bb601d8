"""The built-in templates travel in the wheel: an installed presswork renders outside the repository."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

from tests.conftest import REPO, SAMPLE, make_workspace
from tests.pdf_checks import page_sizes


def test_installed_wheel_renders_a_poster_in_an_empty_folder(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("presswork-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/_builtin_templates/poster.html.j2" in names
    assert "generator/_builtin_templates/themes/mono.toml" in names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.check_output([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                        text=True).strip())
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    # Dependencies come from the test's own environment, added after the wheel on sys.path
    # (a plain path line: the repository's editable-install .pth files there are not processed).
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")

    ws = make_workspace(tmp_path / "empty", {"content/sample.yaml": SAMPLE})
    result = subprocess.run(
        [str(python), "-c", "import generator, sys; print(generator.__file__); "
         "from generator.cli import main; sys.argv = ['presswork', 'poster', '-e', '2020-04-life', '-o', 'p.pdf']; main()"],
        cwd=ws, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(str(site)), "ran the repository's code, not the wheel's"
    assert "Wrote p.pdf (1 page, A3 portrait (842 × 1191 pt))" in result.stdout
    assert page_sizes((ws / "p.pdf").read_bytes()) == [(842, 1191)]
