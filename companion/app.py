"""Start the GUI: data folder, one instance, theme, the way in (first run, unlock, start-up
check, recovery), main window, and the app lock that closes the journal when left idle."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget

from companion.logs import LOG_NAME
from companion.single_instance import InstanceServer, wake_running_instance
from companion.storage import paths
from companion.storage.database import Database
from companion.storage.errors import NotOurDatabase, StorageError
from companion.ui.app_lock import AppLock
from companion.ui.context import AppContext
from companion.ui.daily_backup import DailyBackup
from companion.ui.fault import install_excepthook
from companion.ui.gate import Gate, session_running
from companion.ui.main_window import MainWindow
from companion.ui.prefs import Prefs
from companion.ui.reminders import Reminders
from companion.ui.theme import apply_theme
from companion.ui.worker import DbWorker

log = logging.getLogger("companion.app")


class _FirstPaint(QObject):
    """Calls ``then`` once, right after the watched window's first paint.

    With COMPANION_REPORT_FIRST_PAINT set it also prints ``first-paint <epoch seconds>``, the
    figure ``make bench`` compares with a bare Qt window.
    """

    def __init__(self, then: object) -> None:
        super().__init__()
        self._then = then
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            if os.environ.get("COMPANION_REPORT_FIRST_PAINT"):
                print(f"first-paint {time.time():.6f}", flush=True)
            QTimer.singleShot(0, self._then)  # type: ignore[arg-type]
        return False


def _qt_messages(kind: QtMsgType, _context: object, message: str) -> None:
    level = logging.WARNING if kind != QtMsgType.QtDebugMsg else logging.DEBUG
    logging.getLogger("companion.qt").log(level, "%s", message)


class _Journal:
    """What exists only while the journal is open; the app lock closes all of it."""

    def __init__(self, app: QApplication, data: Path, prefs: Prefs, db: Database,
                 headless: bool) -> None:
        self.db = db
        self.worker = DbWorker(db)
        self.ctx = AppContext(worker=self.worker, prefs=prefs, data_dir=data)
        self.window = MainWindow(self.ctx, lambda: apply_theme(app, prefs))
        # Preparation reminders and daily backups while the app runs; a headless run has none.
        self.reminders = None if headless else Reminders(self.ctx, self.window)
        self.backups = None if headless else DailyBackup(self.ctx, self.window)

    def screen_name(self) -> str:
        current = self.window.current_screen()
        return next((n for n, s in self.window.screens.items() if s is current), "prepare")

    def close(self) -> None:
        """Save what was typed, then let go of the window, the worker and the key."""
        self.window.flush()
        self.ctx.prefs.set_geometry(self.window.saveGeometry())
        self.worker.wait()
        QApplication.processEvents()  # results on their way reach screens that still exist
        self.window.hide()
        self.window.deleteLater()
        self.db.close()


def _open_headless(data: Path) -> Database:
    """Tests and screenshots: no screens to ask with; COMPANION_PASSPHRASE unlocks."""
    db = Database.open(paths.database_path(data))
    problems = db.quick_check()
    if problems:
        db.close()
        raise NotOurDatabase(f"{db.path} is damaged: {problems[0]} (the file was not changed)")
    return db


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
    status = {"code": 0}
    state: dict[str, _Journal] = {}
    gate = Gate(data, prefs)

    def front() -> QWidget | None:
        return state["journal"].window if "journal" in state else gate.screen

    # A headless run (tests, screenshots) must not take the name from a running window.
    server = None if headless else InstanceServer(data)
    if server is not None:
        server.wake.connect(lambda: _bring_forward(front()))
    app.styleHints().colorSchemeChanged.connect(
        lambda _scheme: (
            state["journal"].window.set_theme(prefs.theme)
            if "journal" in state
            else apply_theme(app, prefs)
        )
    )
    install_excepthook(
        paths.log_dir(data) / LOG_NAME,
        lambda: state["journal"].window.flush() if "journal" in state else None,
        front,
    )
    app_lock = AppLock(
        lambda: prefs.lock_minutes if "journal" in state and state["journal"].db.encrypted else 0,
        lambda: session_running(state["journal"].window),
    )
    if not headless:  # it sees every event: only where a patient can walk away
        app.installEventFilter(app_lock)

    def leave() -> None:
        journal = state["journal"]
        journal.window.flush()
        for _ in range(3 if args.screenshot else 0):  # let the screens' first loads arrive
            journal.worker.wait()
            app.processEvents()
        if args.screenshot and not journal.window.grab().save(args.screenshot):
            print(f"companion: could not write the screenshot {args.screenshot}", file=sys.stderr)
            status["code"] = 2
        journal.worker.wait()
        app.exit(status["code"])

    def open_journal(db: Database, screen: str | None = None) -> None:
        journal = state["journal"] = _Journal(app, data, prefs, db, headless)
        journal.window.navigate(screen or args.screen or "prepare")
        if args.start_session and screen is None:
            journal.window.navigate("session", {"start_minutes": args.start_session})
        journal.window.show()
        if not headless:
            app_lock.start()

    def lock() -> None:
        journal = state.pop("journal")
        screen = journal.screen_name()
        gate.opened.disconnect()
        gate.opened.connect(lambda db: open_journal(db, screen))
        gate.lock()  # the unlock screen is up before the window goes: the app keeps running
        journal.close()

    def quit_with(code: int) -> None:
        status["code"] = code
        app.exit(code)

    app_lock.lock_due.connect(lock)
    gate.opened.connect(open_journal)
    gate.quit_requested.connect(quit_with)

    if headless:
        try:
            open_journal(_open_headless(data))
        except StorageError as exc:
            log.error("could not open the database: %s", exc)
            print(str(exc), file=sys.stderr)
            return 2
        watcher = _FirstPaint(leave)
        if args.exit_after_startup or args.screenshot:
            state["journal"].window.installEventFilter(watcher)
        elif args.exit_after:
            QTimer.singleShot(int(args.exit_after * 1000), leave)
    else:
        gate.start()

    code = app.exec()
    app_lock.stop()
    if "journal" in state:
        state["journal"].worker.wait()
        state["journal"].db.close()
    del server
    return code or status["code"]


def _bring_forward(window: QWidget | None) -> None:
    if window is not None:
        window.showNormal()
        window.raise_()
        window.activateWindow()
