"""An installed (not editable) Companion carries and finds its stylesheets and migrations.

The top-level ``assets/`` folder becomes the package ``companion.assets`` only because
pyproject.toml says so; this builds a real wheel from a copy of the sources, installs it into
an empty folder and starts the app from there. Each step is bounded so the test stays under a
minute.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "companion", "assets")
STEP_SECONDS = 25


def _pip(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", *args, "--quiet", "--disable-pip-version-check"],
        check=True,
        capture_output=True,
        timeout=STEP_SECONDS,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the sources (the build leaves nothing in the work tree)."""
    base = tmp_path_factory.mktemp("packaging")
    source = base / "source"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, source / name)
    _pip("wheel", "--no-deps", "--wheel-dir", str(base / "dist"), str(source))
    (built,) = (base / "dist").glob("companion_kap-*.whl")
    return built


def test_the_wheel_carries_the_assets_and_every_migration(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for theme in ("common", "light", "dark", "night"):
        assert f"companion/assets/styles/{theme}.qss" in names
    assert "companion/assets/__init__.py" in names
    assert "companion/storage/migrations/env.py" in names
    versions = ROOT / "companion" / "storage" / "migrations" / "versions"
    for migration in versions.glob("[0-9]*.py"):
        assert f"companion/storage/migrations/versions/{migration.name}" in names
    assert not any(name.startswith(("tests/", "assets/")) for name in names)


def test_an_installed_copy_starts_and_finds_its_files(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _pip("install", "--no-deps", "--no-index", "--target", str(site), str(wheel))
    env = {**os.environ, "PYTHONPATH": str(site), "QT_QPA_PLATFORM": "offscreen"}

    def python(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            capture_output=True,
            text=True,
            timeout=STEP_SECONDS,
            env=env,
            cwd=tmp_path,
            check=False,
        )

    where = python(
        "-c",
        "import companion, companion.assets as a; from companion.assets import asset; "
        "print(companion.__file__); print(a.__file__); "
        "print(len(asset('styles', 'common.qss').read_text(encoding='utf-8')))",
    )
    assert where.returncode == 0, where.stderr
    package, assets, qss_length = where.stdout.split()
    assert Path(package).is_relative_to(site) and Path(assets).is_relative_to(site)
    assert int(qss_length) > 1000

    started = python(
        "-m", "companion", "--data-dir", str(tmp_path / "data"), "--exit-after-startup"
    )
    assert started.returncode == 0, started.stderr
    assert (tmp_path / "data" / "companion.sqlite3").is_file()
