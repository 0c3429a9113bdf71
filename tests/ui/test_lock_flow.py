"""The whole way in and out, through ``run_gui``: unlock, the journal, the idle lock, unlock again.

Also the start-up contract for encrypted data without a screen to ask on
(``--exit-after-startup``): the passphrase comes from COMPANION_PASSPHRASE.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from companion.app import run_gui
from companion.storage import paths
from companion.storage.database import Database
from companion.ui import app_lock
from companion.ui.main_window import MainWindow
from companion.ui.unlock_screen import UnlockScreen
from tests.storage.privacy_helpers import add_entry, fast_kdf, one_line_refusal, run_cli

PASSPHRASE = "quiet river at dawn"
__all__ = ["fast_kdf"]


def _args(**given: object) -> argparse.Namespace:
    values: dict[str, object] = dict(
        screen=None,
        start_session=None,
        exit_after_startup=False,
        exit_after=None,
        screenshot=None,
    )
    values.update(given)
    return argparse.Namespace(**values)


def _loops_still_run() -> bool:
    """False if a quit left over from ``run_gui`` ends every later event loop at once (Qt's
    thread-wide "quit now"), which breaks any later wait, e.g. pytest-qt's ``waitSignal``."""
    loop = QEventLoop()
    QTimer.singleShot(0, lambda: loop.exit(7))
    return loop.exec() == 7


def _top(kind: type[QWidget]) -> QWidget | None:
    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None
    )


@pytest.mark.usefixtures("fast_kdf")
@pytest.mark.allow_warning_logs  # run_gui logs Qt's own notes, e.g. the offscreen plugin's
def test_unlock_lock_after_idle_and_unlock_again(
    qapp: QApplication, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database.open(paths.database_path(data_dir), PASSPHRASE)
    add_entry(db, "behind the lock")
    db.close()
    locks: list[app_lock.AppLock] = []
    original = app_lock.AppLock.__init__

    def keep(self: app_lock.AppLock, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        locks.append(self)

    monkeypatch.setattr(app_lock.AppLock, "__init__", keep)
    seen: list[str] = []

    def step(check: Callable[[], bool], then: Callable[[], None], tries: int = 200) -> None:
        if check():
            then()
        elif tries:
            QTimer.singleShot(50, lambda: step(check, then, tries - 1))
        else:
            seen.append("timed out")
            qapp.exit(3)

    def unlock(next_step: Callable[[], None]) -> Callable[[], None]:
        def go() -> None:
            screen = _top(UnlockScreen)
            assert isinstance(screen, UnlockScreen)
            seen.append(screen.title_label.text())
            screen.passphrase.setText(PASSPHRASE)
            screen.try_unlock()
            step(lambda: _top(MainWindow) is not None, next_step)

        return go

    def in_journal_then_lock() -> None:
        window = _top(MainWindow)
        assert isinstance(window, MainWindow)
        window.navigate("history")
        seen.append("journal open")
        assert locks[0]._minutes() == 10  # encrypted: the lock is on, 10 minutes by default
        locks[0].lock_due.emit()
        step(
            lambda: _top(UnlockScreen) is not None and _top(MainWindow) is None,
            unlock(back_on_history),
        )

    def back_on_history() -> None:
        window = _top(MainWindow)
        assert isinstance(window, MainWindow)
        seen.append(
            "back on " + next(n for n, s in window.screens.items() if s is window.current_screen())
        )
        window.close()  # saves and leaves, like Quit
        qapp.exit(0)  # windows other tests left open must not keep the loop running

    QTimer.singleShot(
        0, lambda: step(lambda: _top(UnlockScreen) is not None, unlock(in_journal_then_lock))
    )
    code = run_gui(_args(), data_dir)

    assert code == 0, seen
    assert seen == ["Welcome back", "journal open", "Companion is locked", "back on history"]
    assert _loops_still_run()  # the quit posted when the last window closed went with run_gui


def test_headless_start_takes_the_passphrase_from_the_environment(data_dir: Path) -> None:
    assert run_cli("demo-data", "--days", "20").returncode == 0
    assert run_cli("encrypt", passphrase=PASSPHRASE).returncode == 0
    started = run_cli("--exit-after-startup", passphrase=PASSPHRASE)
    assert started.returncode == 0, started.stderr
    wrong = one_line_refusal(run_cli("--exit-after-startup", passphrase="not the passphrase"))
    assert "passphrase does not open" in wrong
    missing = one_line_refusal(run_cli("--exit-after-startup"))
    assert "COMPANION_PASSPHRASE" in missing
