"""Keep the screen from blanking during a session, where the platform allows it.

Linux: the freedesktop ScreenSaver inhibit call on a private connection to the session D-Bus;
closing that connection lifts it (desktops drop the inhibits of a caller that leaves, which
also covers a crash). Windows: SetThreadExecutionState. macOS: ``caffeinate`` tied to our
process id. Everything is local; anything missing or refused leaves the screen to its usual
settings, silently: the session never depends on it.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from typing import Any

from PySide6.QtCore import QObject

log = logging.getLogger("companion.ui.keep_awake")

_CONNECTION = "companion-keep-awake"
_SERVICE = "org.freedesktop.ScreenSaver"
_PATH = "/org/freedesktop/ScreenSaver"
# Windows: ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED
_WIN_AWAKE, _WIN_RELEASE = 0x80000000 | 0x1 | 0x2, 0x80000000


def _windows_execution_state(flags: int) -> None:
    import ctypes  # Windows only: not loaded elsewhere

    ctypes.windll.kernel32.SetThreadExecutionState(flags)  # type: ignore[attr-defined]


class ScreenAwake(QObject):
    """``hold`` while a session runs, ``release`` after; both may be called any number of times."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: Any = None
        self._caffeinate: subprocess.Popen[bytes] | None = None
        self._held = False

    @property
    def held(self) -> bool:
        return self._held

    def hold(self, reason: str = "A session is running") -> None:
        if self._held:
            return
        self._held = True
        try:
            if sys.platform.startswith("win"):
                _windows_execution_state(_WIN_AWAKE)
            elif sys.platform == "darwin":
                self._start_caffeinate()
            else:
                self._inhibit_dbus(reason)
        except Exception:
            log.info("could not keep the screen awake", exc_info=True)

    def release(self) -> None:
        if not self._held:
            return
        self._held = False
        try:
            if sys.platform.startswith("win"):
                _windows_execution_state(_WIN_RELEASE)
            elif self._caffeinate is not None:
                self._caffeinate.terminate()
                self._caffeinate = None
            else:
                self._uninhibit_dbus()
        except Exception:
            log.info("could not let the screen sleep again", exc_info=True)

    # --- macOS ----------------------------------------------------------------------------------
    def _start_caffeinate(self) -> None:
        tool = shutil.which("caffeinate")
        if tool:
            self._caffeinate = subprocess.Popen([tool, "-d", "-w", str(os.getpid())])

    # --- Linux and other freedesktops -----------------------------------------------------------
    def _inhibit_dbus(self, reason: str) -> None:
        from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher

        bus = QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, _CONNECTION)
        if not bus.isConnected():
            log.info("no desktop session bus: the screen keeps its usual settings")
            QDBusConnection.disconnectFromBus(_CONNECTION)
            return
        message = QDBusMessage.createMethodCall(_SERVICE, _PATH, _SERVICE, "Inhibit")
        message.setArguments(["Companion", reason])
        # Asynchronous, so a slow or absent screensaver service never stalls the session.
        self._pending = QDBusPendingCallWatcher(bus.asyncCall(message), self)
        self._pending.finished.connect(self._answered)

    def _answered(self, watcher: Any) -> None:
        reply = watcher.reply()
        watcher.deleteLater()
        self._pending = None
        if reply.type() != reply.MessageType.ReplyMessage:
            log.info("the desktop did not agree to keep the screen awake: %s", reply.errorMessage())

    def _uninhibit_dbus(self) -> None:
        from PySide6.QtDBus import QDBusConnection

        QDBusConnection.disconnectFromBus(_CONNECTION)
