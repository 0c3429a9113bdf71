"""Preparation reminders while the app runs: a tray icon where the desktop has one.

Every minute the database worker is asked which reminders are due (the timing rules are in
``companion.domain.reminders``; what was shown is remembered there too). They appear as a
desktop notification from the tray icon, or, on a desktop without a tray, in the window's
status bar with the window asking for attention.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QSystemTrayIcon

from companion.domain.reminders import Reminder
from companion.storage.reminders import take_due_reminders
from companion.ui.context import AppContext
from companion.ui.prepare_icons import app_icon
from companion.ui.theme import current_theme

POLL_MS = 60_000
FIRST_POLL_MS = 3_000  # after start-up has settled
SHOW_MS = 20_000


def local_now() -> datetime:
    return datetime.now().astimezone()


class Reminders(QObject):
    def __init__(
        self,
        ctx: AppContext,
        window: QMainWindow,
        clock: Callable[[], datetime] = local_now,
        tray_available: bool | None = None,
    ) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.clock = clock
        self.tray: QSystemTrayIcon | None = None
        available = (
            QSystemTrayIcon.isSystemTrayAvailable() if tray_available is None else (tray_available)
        )
        if available:
            self.tray = self._make_tray()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._timer.start()
        QTimer.singleShot(FIRST_POLL_MS, self, self.poll)

    def _make_tray(self) -> QSystemTrayIcon:
        theme = current_theme(self.ctx.prefs)
        tray = QSystemTrayIcon(app_icon(theme.colour("accent"), theme.colour("accent_text")), self)
        tray.setToolTip("Companion")
        menu = QMenu()
        menu.addAction("Open Companion", self.bring_forward)
        menu.addAction("Prepare for the next appointment", self._open_prepare)
        tray.setContextMenu(menu)
        self._menu = menu  # the tray does not own its menu
        tray.activated.connect(self._activated)
        tray.show()
        return tray

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.bring_forward()

    def bring_forward(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def _open_prepare(self) -> None:
        self.bring_forward()
        navigate = getattr(self.window, "navigate", None)
        if callable(navigate):
            navigate("prepare")

    def poll(self) -> None:
        now = self.clock()
        self.ctx.worker.submit(lambda s: take_due_reminders(s, now), self.show)

    def show(self, reminders: list[Reminder]) -> None:
        for reminder in reminders:
            if self.tray is not None and self.tray.supportsMessages():
                self.tray.showMessage(reminder.title, reminder.message, self.tray.icon(), SHOW_MS)
            else:
                self.window.statusBar().showMessage(f"{reminder.title}. {reminder.message}")
                QApplication.alert(self.window)

    def stop(self) -> None:
        self._timer.stop()
        if self.tray is not None:
            self.tray.hide()
