"""Test-wide set-up: no display, no real data folder, no silent warnings."""

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

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


@pytest.fixture
def app_look(qapp: "QApplication") -> Iterator["QApplication"]:
    """For tests that apply a theme or start the GUI: the application's style, palette, font
    and stylesheet are put back afterwards, so later tests see the plain application."""
    style = qapp.style().name()
    sheet, palette, font = qapp.styleSheet(), qapp.palette(), qapp.font()
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)
    qapp.setStyle(style)


@pytest.fixture
def gui_in_process(app_look: "QApplication", monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """For tests that start the whole GUI (``companion.cli.main`` without a command) here:
    no crash dialog waiting for a click, Qt's messages left to pytest-qt (and its ignore
    list), and no window or system-theme hook left behind."""
    from PySide6.QtCore import SIGNAL, QEvent
    from PySide6.QtWidgets import QApplication, QMainWindow

    monkeypatch.setattr("companion.app.install_excepthook", lambda *_args: None)
    monkeypatch.setattr("companion.app.qInstallMessageHandler", lambda _handler: None)
    yield
    hints = app_look.styleHints()
    if hints.receivers(SIGNAL("colorSchemeChanged(Qt::ColorScheme)")) > 0:
        hints.colorSchemeChanged.disconnect()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMainWindow):
            widget.hide()
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def _detach_log_files() -> Iterator[None]:
    """``companion.cli.main`` logs to a file in the test's data folder; detach it afterwards."""
    yield
    from logging.handlers import RotatingFileHandler

    root = logging.getLogger("companion")
    for handler in [h for h in root.handlers if isinstance(h, RotatingFileHandler)]:
        root.removeHandler(handler)
        handler.close()


def drain(ctx: "AppContext") -> None:
    """Finish queued database work and deliver its results to the main thread."""
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        ctx.worker.wait()
        QApplication.processEvents()
