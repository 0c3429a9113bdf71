"""PySide6's import hook, made to keep no module source in memory."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

import PySide6.QtCore  # noqa: F401  (installs the hook)
import pytest

from companion.qt_import_hook import read_sources_directly


@pytest.fixture
def modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "plain_module_for_hook.py").write_text("VALUE = 1\n", encoding="utf-8")
    (tmp_path / "qt_module_for_hook.py").write_text(
        "import PySide6.QtCore\nVALUE = 2\n", encoding="utf-8"
    )
    yield tmp_path
    for name in ("plain_module_for_hook", "qt_module_for_hook"):
        sys.modules.pop(name, None)


def test_imported_modules_leave_no_source_in_the_line_cache(modules: Path) -> None:
    read_sources_directly()
    read_sources_directly()  # a second call changes nothing
    plain = __import__("plain_module_for_hook")
    assert plain.VALUE == 1  # imported with the import statement's machinery, as the hook sees
    assert str(modules / "plain_module_for_hook.py") not in linecache.cache


def test_a_module_that_uses_pyside_is_still_told_apart(modules: Path) -> None:
    read_sources_directly()
    feature = sys.modules["shibokensupport.feature"]
    qt = __import__("qt_module_for_hook")
    plain = __import__("plain_module_for_hook")
    assert feature._mod_uses_pyside(qt) is True
    assert feature._mod_uses_pyside(plain) is False
    assert feature._mod_uses_pyside(sys) is False  # built in: the original answer
