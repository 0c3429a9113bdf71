"""Long file work (writing an export, reading an import) on a thread of its own.

Not on the database worker: a big PDF or a 50 MB Daylio file must not hold up a journal save
queued behind it. The work gets a progress callback and a cancel check; its result, its
error or its progress come back to the main thread by queued signals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, Signal

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class FileJob(QThread):
    progressed = Signal(int, int)  # done, total
    succeeded = Signal(object)
    failed = Signal(object)  # the exception

    def __init__(self, work: Work, parent: Any = None) -> None:
        super().__init__(parent)
        self._work = work
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        try:
            result = self._work(self.progressed.emit, self._stop.is_set)
        except Exception as exc:  # handed to the main thread, which decides what to show
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)
