"""One serial worker thread for all database work from the GUI (after Anki's taskman).

A user action hands ``op(session)`` to ``DbWorker.submit``; it runs in its own transaction on
the worker thread, and the result or the error comes back to the main thread by a queued
signal. Ops must not touch widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot
from sqlalchemy.orm import Session

from companion.storage.database import Database

log = logging.getLogger("companion.ui.worker")
T = TypeVar("T")


class _Relay(QObject):
    """Lives on the main thread; a signal emitted from the worker is delivered here queued."""

    deliver = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._call)

    @Slot(object, object)
    def _call(self, callback: Callable[[Any], None], payload: object) -> None:
        callback(payload)


class DbWorker(QObject):
    """Runs database operations one after another, off the GUI thread.

    A plain Python thread, not a QThreadPool with QRunnable subclasses: the pool deletes each
    runnable from C++ behind its Python wrapper's back, and with many of them (the test suite
    runs thousands) that ended in rare crashes in the garbage collector. The thread ends with
    its worker when that is let go.
    """

    failed = Signal(object)  # errors of ops submitted without their own handler

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="companion-db")
        self._relay = _Relay()

    def submit(self, op: Callable[[Session], T],
               on_done: Callable[[T], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> None:
        self._pool.submit(self._run, op, on_done or _ignore, on_error or self.failed.emit)

    def _run(self, op: Callable[[Session], Any], on_done: Callable[[Any], None],
             on_error: Callable[[BaseException], None]) -> None:
        try:
            with self.db.transaction() as session:
                result = op(session)
        except Exception as exc:
            log.exception("database operation failed")
            self._relay.deliver.emit(on_error, exc)
        else:
            self._relay.deliver.emit(on_done, result)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued work is done (shutdown and tests only)."""
        try:  # one worker, first in first out: this runs once everything before it has
            self._pool.submit(_ignore, None).result(timeout=msecs / 1000)
        except FuturesTimeout:
            return False
        return True


def _ignore(_result: object) -> None:
    """The default success handler: nothing to show."""
