"""The way into the journal: the first-run offer, unlocking, the start-up check, recovery.

``Gate`` shows whichever screen is needed and emits ``opened`` with a sound, open Database;
the app then attaches the main window. The app lock brings it back with ``lock()``.
A plain journal opens without a screen of the gate's, on a thread, while the window's frame
is already up; the screens and the database are imported only when needed, so that frame
(or the unlock screen) paints quickly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from companion.logs import LOG_NAME
from companion.storage import paths
from companion.storage.errors import NotOurDatabase, StorageError
from companion.ui.fault import show_error
from companion.ui.file_job import FileJob
from companion.ui.gate_frame import GateFrame
from companion.ui.prefs import Prefs

if TYPE_CHECKING:
    from companion.storage.database import Database

log = logging.getLogger("companion.ui.gate")


def is_new(path: Path) -> bool:
    return not path.exists() or path.stat().st_size == 0


def session_running(window: QWidget) -> bool:
    """True during a session, as the Session screen tells (the app lock waits for its end)."""
    screen = getattr(window, "screens", {}).get("session")
    return bool(screen is not None and screen.is_running())


class Gate(QObject):
    opened = Signal(object)  # a sound, open Database
    showing = Signal()  # a screen of the gate's is up (the app hides its window meanwhile)
    quit_requested = Signal(int)  # the exit code

    def __init__(self, data: Path, prefs: Prefs,
                 preload: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.prefs = prefs
        self.path = paths.database_path(data)
        self._log_path = paths.log_dir(data) / LOG_NAME
        self._preload = preload  # also run on the opening thread: what the journal needs next
        self.screen: GateFrame | None = None
        self._job: FileJob | None = None

    # --- the ways in ------------------------------------------------------------------------
    def asks_first(self) -> bool:
        """Whether a screen of the gate's comes before the journal (unlock or first run)."""
        from companion.storage import cipher

        return cipher.is_encrypted(self.path) or is_new(self.path)

    def start(self) -> None:
        from companion.storage import cipher

        if cipher.is_encrypted(self.path):
            self._unlock(locked=False)
        elif is_new(self.path):
            from companion.ui.unlock_screen import PassphraseOffer

            offer = PassphraseOffer(self.prefs)
            offer.chosen.connect(lambda passphrase: self._create(offer, passphrase))
            self._show(offer)
        else:
            self.open_plain()

    def lock(self) -> None:
        """Back to the unlock screen (the app has already closed the journal)."""
        self._unlock(locked=True)

    def _unlock(self, locked: bool) -> None:
        from companion.ui.unlock_screen import UnlockScreen

        screen = UnlockScreen(self.path, self.prefs, self._open, locked=locked)
        screen.unlocked.connect(self._check)
        screen.failed.connect(lambda error: self._failed(error, None))
        screen.quit_requested.connect(lambda: self.quit_requested.emit(0))
        self._show(screen)

    def _create(self, offer: GateFrame, passphrase: str | None) -> None:
        if passphrase is None:
            self.open_plain()
            return
        offer.run(
            lambda: self._open(self.path, passphrase),
            lambda db: self._check(db, passphrase),
            lambda error: self._failed(error, passphrase),
        )

    def open_plain(self) -> None:
        """A plain journal: open it on a thread; the start-up check follows on this one."""
        job = FileJob(lambda _progress, _cancelled: self._open(self.path, None), self)
        job.succeeded.connect(lambda db: self._check(db, None))
        job.failed.connect(lambda error: self._failed(error, None))
        self._job = job
        job.start()

    def _open(self, path: Path, passphrase: str | None) -> Database:
        """Runs on a thread: open the journal, then load what comes next (``preload``)."""
        db = open_journal(path, passphrase)
        if self._preload is not None:
            self._preload()
        return db

    # --- after opening ----------------------------------------------------------------------
    def _check(self, db: Database, passphrase: str | None) -> None:
        try:
            problems = db.quick_check()
        except StorageError as error:  # the file could not even be read for the check
            db.close()
            self._failed(error, passphrase)
            return
        if problems:
            db.close()
            log.error("the start-up check found damage: %s", problems[0])
            self._recover(problems[0], passphrase)
            return
        self._close_screen()
        self.opened.emit(db)

    def _failed(self, error: BaseException, passphrase: str | None) -> None:
        """A journal that did not open: recovery for a bad file, else a refusal and the end.

        Every way ends on a screen or in quitting: a window left on "Opening your journal…"
        with nothing to do would be the worst answer. Nothing has been typed yet, so the
        message does not say that it was kept.
        """
        if isinstance(error, NotOurDatabase) and not is_new(self.path):
            log.error("could not open the database: %s", error)
            self._recover(error, passphrase)
            return
        if isinstance(error, StorageError):
            log.error("could not open the database: %s", error)
            show_error(self.screen, "Companion could not open your journal.", error,
                       mention_typing=False)
            self.quit_requested.emit(2)
            return
        log.error("unexpected fault while opening the database", exc_info=error)
        show_error(self.screen, "Companion ran into an unexpected problem opening your journal.",
                   error, self._log_path, mention_typing=False)
        self.quit_requested.emit(1)

    def _recover(self, problem: str | StorageError, passphrase: str | None) -> None:
        from companion.ui.recovery_screen import RecoveryScreen

        screen = RecoveryScreen(self.path, problem, self.prefs, passphrase)
        screen.recovered.connect(lambda _restored: self.start())
        screen.quit_requested.connect(lambda: self.quit_requested.emit(0))
        self._show(screen)

    # --- windows ----------------------------------------------------------------------------
    def _show(self, screen: GateFrame) -> None:
        self._close_screen()
        self.screen = screen
        self.showing.emit()
        screen.show()  # a new window comes up in front; raise() would only warn offscreen
        screen.activateWindow()

    def wait(self) -> None:
        """Block until a journal being opened in the background is open (shutdown and tests)."""
        if self._job is not None:
            self._job.wait()

    def _close_screen(self) -> None:
        if self.screen is not None:
            self.screen.wait()
            self.screen.hide()
            self.screen.deleteLater()
            self.screen = None


def open_journal(path: Path, passphrase: str | None) -> Database:
    """Open the database. SQLAlchemy is imported here, on the thread that opens it, so the
    window frame and the unlock screen paint without waiting for it."""
    from companion.storage.database import Database

    return Database.open(path, passphrase)
