"""Start the GUI: data folder, one instance, theme, the way in (first run, unlock, start-up
check, recovery), main window, and the app lock that closes the journal when left idle.

The main window's frame is shown first and the journal opened after its first paint, so a
patient sees the app at once; the database, its worker and the screens follow (issue 8).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget

from companion.errors import refusal_line
from companion.logs import LOG_NAME
from companion.qt_import_hook import read_sources_directly
from companion.storage import paths
from companion.storage.errors import NotOurDatabase, StorageError
from companion.ui.app_lock import AppLock
from companion.ui.fault import install_excepthook, show_error
from companion.ui.gate import Gate, session_running
from companion.ui.main_window import MainWindow, preload_screens
from companion.ui.prefs import Prefs
from companion.ui.theme import apply_theme

if TYPE_CHECKING:
    from companion.storage.database import Database

log = logging.getLogger("companion.app")


def _report(moment: str) -> None:
    """With COMPANION_REPORT_FIRST_PAINT set, print ``<moment> <epoch seconds>`` for ``make
    bench``: ``first-paint`` (compared with a bare Qt window) and ``ready`` (the first screen
    shows its data)."""
    if os.environ.get("COMPANION_REPORT_FIRST_PAINT"):
        print(f"{moment} {time.time():.6f}", flush=True)


class _FirstPaint(QObject):
    """Calls ``then`` once, right after the watched window's first paint (and reports it)."""

    def __init__(self, then: object) -> None:
        super().__init__()
        self._then = then
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            _report("first-paint")
            QTimer.singleShot(0, self._then)  # type: ignore[arg-type]
        return False


def _qt_messages(kind: QtMsgType, _context: object, message: str) -> None:
    level = logging.WARNING if kind != QtMsgType.QtDebugMsg else logging.DEBUG
    logging.getLogger("companion.qt").log(level, "%s", message)


class _Journal:
    """What exists only while the journal is open; the app lock closes all of it."""

    def __init__(self, window: MainWindow, data: Path, db: Database, headless: bool,
                 warm_up: bool) -> None:
        from companion.ui.context import AppContext
        from companion.ui.worker import DbWorker

        self.db = db
        self.worker = DbWorker(db)
        self.ctx = AppContext(worker=self.worker, prefs=window.prefs, data_dir=data)
        self.window = window
        window.attach(self.ctx, warm_up=warm_up)
        # Preparation reminders and daily backups while the app runs; a headless run has none.
        self.reminders: object = None
        self.backups: object = None
        if not headless:
            from companion.ui.daily_backup import DailyBackup
            from companion.ui.reminders import Reminders

            self.reminders = Reminders(self.ctx, window)
            self.backups = DailyBackup(self.ctx, window)

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
    from companion.storage.database import Database

    db = Database.open(paths.database_path(data))
    problems = db.quick_check()
    if problems:
        db.close()
        raise NotOurDatabase(f"{db.path} is damaged: {problems[0]} (the file was not changed)")
    return db


def run_gui(args: argparse.Namespace, data: Path) -> int:
    headless = bool(args.exit_after_startup or args.exit_after or args.screenshot)
    read_sources_directly()  # before the database layer and the screens are imported
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Companion")
    app.setDesktopFileName("companion")
    try:  # a file, or a folder Companion may not save in: said before anything is written
        paths.check_writable(paths.database_path(data))
    except StorageError as exc:
        print(refusal_line(exc), file=sys.stderr)
        if not headless:
            show_error(None, "Companion could not open your journal.", exc, mention_typing=False)
        return 2
    qInstallMessageHandler(_qt_messages)
    if not headless:
        from companion.single_instance import wake_running_instance  # Qt's network module

        if wake_running_instance(data):
            print("Companion is already open; its window was brought forward.")
            return 0

    prefs = Prefs(data)
    apply_theme(app, prefs)
    status = {"code": 0}
    state: dict[str, _Journal] = {}
    gate = Gate(data, prefs, preload_screens)

    def new_window(screen: str, payload: object = None) -> MainWindow:
        window = MainWindow(prefs, lambda: apply_theme(app, prefs))
        window.navigate(screen, payload)
        return window

    windows = [new_window(args.screen or "prepare")]  # the one window (a new one after a lock)
    # A timed run (--exit-after) behaves as the app does for that long, warm-up included.
    warm_up = not (args.exit_after_startup or args.screenshot)
    if args.start_session:
        windows[-1].navigate("session", {"start_minutes": args.start_session})

    def front() -> QWidget | None:
        return gate.screen or (windows[-1] if windows else None)

    # A headless run (tests, screenshots) must not take the name from a running window.
    server = None
    if not headless:
        from companion.single_instance import InstanceServer

        server = InstanceServer(data)
    if server is not None:
        server.wake.connect(lambda: _bring_forward(front()))
    def follow_the_system(_scheme: object) -> None:
        windows[-1].set_theme(prefs.theme)

    app.styleHints().colorSchemeChanged.connect(follow_the_system)
    install_excepthook(
        paths.log_dir(data) / LOG_NAME,
        lambda: state["journal"].window.flush() if "journal" in state else None,
        front,
    )
    app_lock = AppLock(
        lambda: prefs.lock_minutes if "journal" in state and state["journal"].db.encrypted else 0,
        lambda: session_running(windows[-1]),
    )
    if not headless:  # it sees every event: only where a patient can walk away
        app.installEventFilter(app_lock)

    def leave() -> None:
        journal = state.get("journal")
        if journal is None:  # it never opened (the refusal has already ended the app)
            return
        journal.window.flush()
        for _ in range(3 if args.screenshot else 1):  # let the screens' first loads arrive
            journal.worker.wait()
            app.processEvents()
        _report("ready")
        if args.screenshot and not journal.window.grab().save(args.screenshot):
            print(f"companion: could not write the screenshot {args.screenshot}", file=sys.stderr)
            status["code"] = 2
        journal.worker.wait()
        app.exit(status["code"])

    def open_journal(db: Database) -> None:
        state["journal"] = _Journal(windows[-1], data, db, headless, warm_up)
        windows[-1].show()
        if not headless:
            app_lock.start()

    def lock() -> None:
        journal = state.pop("journal")
        windows[:] = [new_window(journal.window.current_name())]
        gate.lock()  # the unlock screen is up before the window goes: the app keeps running
        journal.close()

    def quit_with(code: int) -> None:
        status["code"] = code
        app.exit(code)

    def open_headless() -> None:
        try:
            db = _open_headless(data)
        except StorageError as exc:
            log.error("could not open the database: %s", exc)
            print(refusal_line(exc), file=sys.stderr)
            quit_with(2)
            return
        if warm_up:
            preload_screens()  # as the app does while the journal opens
        gate.opened.emit(db)
        if args.exit_after_startup or args.screenshot:
            QTimer.singleShot(0, leave)

    app_lock.lock_due.connect(lock)
    gate.opened.connect(open_journal)
    gate.showing.connect(lambda: windows[-1].hide())
    gate.quit_requested.connect(quit_with)

    if not headless and gate.asks_first():
        gate.start()  # unlock or first run: the gate's screen is the first window
    else:
        first_paint = _FirstPaint(open_headless if headless else gate.open_plain)
        windows[-1].installEventFilter(first_paint)
        windows[-1].show()
        if args.exit_after:
            # Precise: a coarse timer may fire up to 5% early, and "after S seconds" is a promise.
            ending = QTimer(app)
            ending.setSingleShot(True)
            ending.setTimerType(Qt.TimerType.PreciseTimer)
            ending.timeout.connect(leave)
            ending.start(int(args.exit_after * 1000))

    code = app.exec()
    # Let go of all of it: the application object outlives this call (tests run it again).
    # A quit Qt posted when the last window closed may still be queued if the loop ended
    # first; the clean-up's processEvents would deliver it with no loop to end, leaving every
    # later event loop in this thread to quit at once.
    app.removePostedEvents(app, QEvent.Type.Quit)
    app_lock.stop()
    app.removeEventFilter(app_lock)
    app.styleHints().colorSchemeChanged.disconnect(follow_the_system)
    gate.wait()
    if "journal" in state:
        state.pop("journal").close()  # its timers (reminders, daily backup) go with the window
    windows.clear()
    del server
    return code or status["code"]


def _bring_forward(window: QWidget | None) -> None:
    if window is not None:
        window.showNormal()
        window.raise_()
        window.activateWindow()
