"""One serial worker thread for all database work from the GUI (after Anki's taskman).

A user action hands ``op(session)`` to ``DbWorker.submit``; it runs in its own transaction on
the worker thread, and the result or the error comes back to the main thread by a queued
signal. Ops must not touch widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
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


class _Task(QRunnable):
    def __init__(self, db: Database, op: Callable[[Session], Any], relay: _Relay,
                 on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> None:
        super().__init__()
        self._db, self._op, self._relay = db, op, relay
        self._on_done, self._on_error = on_done, on_error

    def run(self) -> None:
        try:
            with self._db.transaction() as session:
                result = self._op(session)
        except Exception as exc:
            log.exception("database operation failed")
            self._relay.deliver.emit(self._on_error, exc)
        else:
            self._relay.deliver.emit(self._on_done, result)


class DbWorker(QObject):
    """Runs database operations one after another, off the GUI thread."""

    failed = Signal(object)  # errors of ops submitted without their own handler

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay()

    def submit(self, op: Callable[[Session], T],
               on_done: Callable[[T], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> None:
        self._pool.start(_Task(self.db, op, self._relay, on_done or _ignore,
                               on_error or self.failed.emit))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued work is done (shutdown and tests only)."""
        return self._pool.waitForDone(msecs)


def _ignore(_result: object) -> None:
    """The default success handler: nothing to show."""
