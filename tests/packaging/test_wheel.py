"""The built wheel carries scenarios/ and assets/ and works outside the repository."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_installs_and_lists_scenarios(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(dist.glob("litvinov-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "game/scenarios/tutorial.yaml" in names
    assert any(n.startswith("game/assets/") for n in names)
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=True).create(env_dir)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    litvinov = env_dir / "bin" / "litvinov"
    out = subprocess.run([str(litvinov), "list"], cwd=elsewhere, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": ""})
    assert out.returncode == 0, out.stderr
    assert "tutorial" in out.stdout and "[bundled]" in out.stdout
    assert str(ROOT) not in subprocess.run([str(python), "-c", "import game; print(game.__file__)"], cwd=elsewhere,
                                           capture_output=True, text=True).stdout
