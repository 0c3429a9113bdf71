"""Measure how long the GUI thread goes without running its event loop."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer


class StallMonitor(QObject):
    """A 5 ms timer that records the longest gap between its ticks (a frozen GUI shows here)."""

    def __init__(self) -> None:
        super().__init__()
        self.longest_ms = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer(self)
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest_ms = max(self.longest_ms, (now - self._last) * 1000)
        self._last = now

    def reset(self) -> None:
        self.longest_ms = 0.0
        self._last = time.perf_counter()
