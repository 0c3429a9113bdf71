"""The app lock: after some idle minutes an encrypted journal closes itself.

It watches the patient's input application-wide and, every few seconds, compares the idle
time with the setting. It never locks while something says it is busy (a running session).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
}


class AppLock(QObject):
    lock_due = Signal()

    def __init__(
        self,
        minutes: Callable[[], int],
        busy: Callable[[], bool],
        clock: Callable[[], float] = time.monotonic,
        check_ms: int = 5000,
    ) -> None:
        super().__init__()
        self._minutes = minutes
        self._busy = busy
        self._clock = clock
        self.last_input = clock()
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        self.last_input = self._clock()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.last_input = self._clock()
        return False

    def check(self) -> None:
        minutes = self._minutes()
        if minutes <= 0 or self._clock() - self.last_input < minutes * 60:
            return
        if self._busy():
            self.last_input = self._clock()  # a session counts as use: the wait starts again
            return
        self.stop()
        self.lock_due.emit()
