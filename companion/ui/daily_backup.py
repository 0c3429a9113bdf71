"""Automatic rolling backups while the journal is open: one a day, the last 7 kept.

The first runs a little after start-up, so the screens' first loads go first; an hourly
look catches the change of day for a window left open overnight.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMainWindow

from companion.storage import backup
from companion.ui.context import AppContext

log = logging.getLogger("companion.ui.daily_backup")


class DailyBackup(QObject):
    def __init__(self, ctx: AppContext, window: QMainWindow, first_ms: int = 20_000) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        QTimer.singleShot(first_ms, self, self.run)
        self._hourly = QTimer(self)
        self._hourly.setInterval(3_600_000)
        self._hourly.timeout.connect(self.run)
        self._hourly.start()

    def run(self) -> None:
        if not self.ctx.prefs.auto_backup:
            return
        db = self.ctx.worker.db
        self.ctx.worker.submit(
            lambda _session: backup.automatic_backup(db), self._done, self._failed
        )

    def _done(self, written: object) -> None:
        if written is not None:
            log.info("wrote the daily backup %s", written)

    def _failed(self, error: BaseException) -> None:
        log.warning("the daily backup could not be written: %s", error)
        self.window.statusBar().showMessage(
            f"Today's automatic backup could not be written: {error}", 15_000
        )
