"""Test-wide set-up: no display, no real data folder, no silent warnings."""

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_ENABLE_HIGHDPI_SCALING", "0")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder; the patient's real one is never touched."""
    folder = tmp_path / "data"
    monkeypatch.setenv("COMPANION_DATA_DIR", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return folder


@pytest.fixture(autouse=True)
def fail_on_warning_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """An unexpected WARNING from our own loggers fails the test (mark expected ones)."""
    caplog.set_level(logging.INFO, logger="companion")
    yield
    unexpected = [
        r for r in caplog.get_records("call")
        if r.levelno >= logging.WARNING and r.name.startswith("companion")
        and not getattr(r, "expected", False)
    ]
    if unexpected:
        pytest.fail("unexpected warning logs: " + "; ".join(r.getMessage() for r in unexpected))
