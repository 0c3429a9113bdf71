"""Test-wide set-up: no display, no real data folder, no silent warnings."""

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from companion.storage.database import Database
    from companion.ui.context import AppContext

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
def fail_on_warning_logs(
    caplog: pytest.LogCaptureFixture, request: pytest.FixtureRequest
) -> Iterator[None]:
    """A WARNING from our own loggers fails the test, unless marked ``allow_warning_logs``."""
    caplog.set_level(logging.INFO, logger="companion")
    yield
    if request.node.get_closest_marker("allow_warning_logs"):
        return
    unexpected = [
        r
        for r in caplog.get_records("call")
        if r.levelno >= logging.WARNING and r.name.startswith("companion")
    ]
    if unexpected:
        pytest.fail("unexpected warning logs: " + "; ".join(r.getMessage() for r in unexpected))


@pytest.fixture
def db(data_dir: Path) -> Iterator["Database"]:
    """A real, migrated SQLite database in the test's data folder."""
    from companion.storage import paths
    from companion.storage.database import Database

    database = Database.open(paths.database_path(data_dir))
    yield database
    database.close()


@pytest.fixture
def ctx(qapp: object, db: "Database", data_dir: Path) -> Iterator["AppContext"]:
    """What a screen gets in the app: a DB worker, display prefs, the data folder."""
    from companion.ui.context import AppContext
    from companion.ui.prefs import Prefs
    from companion.ui.worker import DbWorker

    worker = DbWorker(db)
    yield AppContext(worker=worker, prefs=Prefs(data_dir), data_dir=data_dir)
    worker.wait()


def drain(ctx: "AppContext") -> None:
    """Finish queued database work and deliver its results to the main thread."""
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        ctx.worker.wait()
        QApplication.processEvents()
