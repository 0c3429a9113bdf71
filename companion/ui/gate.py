"""The way into the journal: the first-run offer, unlocking, the start-up check, recovery.

``Gate`` shows whichever screen is needed and emits ``opened`` with a sound, open Database;
the app then builds the main window. The app lock brings it back with ``lock()``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from companion.storage import cipher, paths
from companion.storage.database import Database
from companion.storage.errors import NotOurDatabase, StorageError
from companion.ui.fault import show_error
from companion.ui.gate_frame import GateFrame
from companion.ui.prefs import Prefs
from companion.ui.recovery_screen import RecoveryScreen
from companion.ui.unlock_screen import PassphraseOffer, UnlockScreen

log = logging.getLogger("companion.ui.gate")


def is_new(path: Path) -> bool:
    return not path.exists() or path.stat().st_size == 0


def session_running(window: QWidget) -> bool:
    """True during a session, as the Session screen tells (the app lock waits for its end)."""
    screen = getattr(window, "screens", {}).get("session")
    return bool(screen is not None and screen.is_running())


class Gate(QObject):
    opened = Signal(object)  # a sound, open Database
    quit_requested = Signal(int)  # the exit code

    def __init__(self, data: Path, prefs: Prefs) -> None:
        super().__init__()
        self.prefs = prefs
        self.path = paths.database_path(data)
        self.screen: GateFrame | None = None

    # --- the ways in ------------------------------------------------------------------------
    def start(self) -> None:
        if cipher.is_encrypted(self.path):
            self._unlock(locked=False)
        elif is_new(self.path):
            offer = PassphraseOffer(self.prefs)
            offer.chosen.connect(lambda passphrase: self._create(offer, passphrase))
            self._show(offer)
        else:
            self._open(lambda: Database.open(self.path), None)

    def lock(self) -> None:
        """Back to the unlock screen (the app has already closed the journal)."""
        self._unlock(locked=True)

    def _unlock(self, locked: bool) -> None:
        screen = UnlockScreen(self.path, self.prefs, locked=locked)
        screen.unlocked.connect(self._check)
        screen.failed.connect(lambda error: self._failed(error, None))
        screen.quit_requested.connect(lambda: self.quit_requested.emit(0))
        self._show(screen)

    def _create(self, offer: PassphraseOffer, passphrase: str | None) -> None:
        if passphrase is None:
            self._open(lambda: Database.open(self.path), None)
            return
        offer.run(
            lambda: Database.open(self.path, passphrase),
            lambda db: self._check(db, passphrase),
            lambda error: self._failed(error, passphrase),
        )

    def _open(self, opener: Callable[[], Database], passphrase: str | None) -> None:
        try:
            db = opener()
        except StorageError as exc:
            self._failed(exc, passphrase)
            return
        self._check(db, passphrase)

    # --- after opening ----------------------------------------------------------------------
    def _check(self, db: Database, passphrase: str | None) -> None:
        problems = db.quick_check()
        if problems:
            db.close()
            log.error("the start-up check found damage: %s", problems[0])
            self._recover(problems[0], passphrase)
            return
        self._close_screen()
        self.opened.emit(db)

    def _failed(self, error: BaseException, passphrase: str | None) -> None:
        if isinstance(error, NotOurDatabase) and not is_new(self.path):
            log.error("could not open the database: %s", error)
            self._recover(str(error), passphrase)
            return
        if not isinstance(error, StorageError):
            raise error
        log.error("could not open the database: %s", error)
        show_error(self.screen, "Companion could not open your data. Nothing was changed.", error)
        self.quit_requested.emit(2)

    def _recover(self, problem: str, passphrase: str | None) -> None:
        screen = RecoveryScreen(self.path, problem, self.prefs, passphrase)
        screen.recovered.connect(lambda _restored: self.start())
        screen.quit_requested.connect(lambda: self.quit_requested.emit(0))
        self._show(screen)

    # --- windows ----------------------------------------------------------------------------
    def _show(self, screen: GateFrame) -> None:
        self._close_screen()
        self.screen = screen
        screen.show()  # a new window comes up in front; raise() would only warn offscreen
        screen.activateWindow()

    def _close_screen(self) -> None:
        if self.screen is not None:
            self.screen.wait()
            self.screen.hide()
            self.screen.deleteLater()
            self.screen = None
