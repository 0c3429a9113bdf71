"""Start the GUI: data folder, one instance, theme, database, main window."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from companion.logs import LOG_NAME
from companion.single_instance import InstanceServer, wake_running_instance
from companion.storage import paths
from companion.storage.database import Database
from companion.storage.errors import StorageError
from companion.ui.context import AppContext
from companion.ui.fault import install_excepthook, show_error
from companion.ui.main_window import MainWindow
from companion.ui.prefs import Prefs
from companion.ui.theme import apply_theme
from companion.ui.worker import DbWorker

log = logging.getLogger("companion.app")


class _FirstPaint(QObject):
    """Calls ``then`` once, right after the watched window's first paint."""

    def __init__(self, then: object) -> None:
        super().__init__()
        self._then = then
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            QTimer.singleShot(0, self._then)  # type: ignore[arg-type]
        return False


def _qt_messages(kind: QtMsgType, _context: object, message: str) -> None:
    level = logging.WARNING if kind != QtMsgType.QtDebugMsg else logging.DEBUG
    logging.getLogger("companion.qt").log(level, "%s", message)


def run_gui(args: argparse.Namespace, data: Path) -> int:
    headless = bool(args.exit_after_startup or args.exit_after or args.screenshot)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Companion")
    app.setDesktopFileName("companion")
    qInstallMessageHandler(_qt_messages)
    if not headless and wake_running_instance(data):
        print("Companion is already open; its window was brought forward.")
        return 0

    prefs = Prefs(data)
    apply_theme(app, prefs)
    try:
        db = Database.open(paths.database_path(data))
    except StorageError as exc:
        log.error("could not open the database: %s", exc)
        if headless:
            print(str(exc), file=sys.stderr)
        else:
            show_error(None, "Companion could not open your data. Nothing was changed.", exc)
        return 2

    worker = DbWorker(db)
    ctx = AppContext(worker=worker, prefs=prefs, data_dir=data)
    window = MainWindow(ctx, lambda: apply_theme(app, prefs))
    server = InstanceServer(data)
    server.wake.connect(lambda: (window.showNormal(), window.raise_(), window.activateWindow()))
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: window.set_theme(prefs.theme))
    install_excepthook(paths.log_dir(data) / LOG_NAME, window.flush, lambda: window)

    status = {"code": 0}

    def leave() -> None:
        window.flush()
        if args.screenshot and not window.grab().save(args.screenshot):
            print(f"companion: could not write the screenshot {args.screenshot}", file=sys.stderr)
            status["code"] = 2
        worker.wait()
        app.exit(status["code"])

    window.navigate(args.screen or "prepare")
    if args.start_session:
        window.navigate("session", {"start_minutes": args.start_session})
    window.show()
    watcher = _FirstPaint(leave)
    if args.exit_after_startup:
        window.installEventFilter(watcher)
    elif args.exit_after:
        QTimer.singleShot(int(args.exit_after * 1000), leave)
    elif args.screenshot:
        window.installEventFilter(watcher)

    code = app.exec()
    worker.wait()
    db.close()
    del server
    return code or status["code"]
