"""The screens before the journal opens: unlock with retry, the first-run offer, recovery."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from companion.storage import backup, cipher, paths
from companion.storage.database import Database
from companion.ui import gate as gate_module
from companion.ui.app_lock import AppLock
from companion.ui.gate import Gate, open_journal, session_running
from companion.ui.prefs import Prefs
from companion.ui.recovery_screen import RecoveryScreen
from companion.ui.unlock_screen import PassphraseOffer, UnlockScreen
from tests.storage.bad_files import damaged_pages, folder_fingerprint, foreign, sound_database
from tests.storage.privacy_helpers import add_entry, all_rows, fast_kdf
from tests.storage.test_unusable_files import deny_writing
from tests.ui.test_fault import drive_message_box


def quit_at_the_gate(
    qtbot: QtBot, data_dir: Path, prefs: Prefs, monkeypatch: pytest.MonkeyPatch, *, code: int
) -> QMessageBox:
    """Start the gate on ``data_dir``; it shows one message box, then quits with ``code``."""
    shown = drive_message_box(monkeypatch)
    gate = Gate(data_dir, prefs)
    with qtbot.waitSignal(gate.quit_requested) as signal:
        gate.start()
    assert signal.args == [code]
    (box,) = shown
    return box


PASSPHRASE = "quiet river at dawn"
__all__ = ["fast_kdf"]


@pytest.fixture
def prefs(data_dir: Path) -> Prefs:
    return Prefs(data_dir)


@pytest.fixture
def encrypted(data_dir: Path, fast_kdf: None) -> Path:
    path = paths.database_path(data_dir)
    db = Database.open(path, PASSPHRASE)
    add_entry(db, "behind the lock")
    db.close()
    return path


def _type_and_unlock(qtbot: QtBot, screen: UnlockScreen, text: str) -> None:
    screen.passphrase.clear()
    qtbot.keyClicks(screen.passphrase, text)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not screen.busy() and screen.unlock_button.isEnabled(), timeout=10_000)


def test_a_wrong_passphrase_can_be_tried_again(qtbot: QtBot, encrypted: Path, prefs: Prefs) -> None:
    screen = UnlockScreen(encrypted, prefs, open_journal)
    qtbot.addWidget(screen)
    screen.show()
    opened: list[Database] = []
    screen.unlocked.connect(lambda db, _text: opened.append(db))

    _type_and_unlock(qtbot, screen, "not it at all")
    assert opened == [] and screen.attempts == 1
    assert "did not open your journal" in screen.message.text()
    assert screen.passphrase.text() == "not it at all"  # kept, selected, to type over

    _type_and_unlock(qtbot, screen, PASSPHRASE)
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    assert opened[0].encrypted and opened[0].quick_check() == []
    assert screen.passphrase.text() == ""
    opened[0].close()


def test_an_empty_passphrase_is_not_tried(qtbot: QtBot, encrypted: Path, prefs: Prefs) -> None:
    screen = UnlockScreen(encrypted, prefs, open_journal)
    qtbot.addWidget(screen)
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not screen.busy() and screen.attempts == 0
    assert "Type your passphrase" in screen.message.text()


def test_the_first_run_offer_explains_and_checks_before_it_protects(
    qtbot: QtBot, prefs: Prefs
) -> None:
    offer = PassphraseOffer(prefs)
    qtbot.addWidget(offer)
    chosen: list[object] = []
    offer.chosen.connect(chosen.append)

    qtbot.keyClicks(offer.first, "short")
    offer.protect()
    assert "at least 8" in offer.message.text() and chosen == []
    offer.first.setText(PASSPHRASE)
    offer.again.setText(PASSPHRASE + "!")
    offer.protect()
    assert "not the same" in offer.message.text() and chosen == []
    offer.again.setText(PASSPHRASE)
    offer.protect()
    assert "cannot be recovered" in offer.message.text() and chosen == []
    offer.understood.setChecked(True)
    offer.protect()
    assert chosen == [PASSPHRASE]


def test_the_first_run_offer_can_be_skipped(qtbot: QtBot, prefs: Prefs) -> None:
    offer = PassphraseOffer(prefs)
    qtbot.addWidget(offer)
    with qtbot.waitSignal(offer.chosen) as signal:
        qtbot.mouseClick(offer.skip_button, Qt.MouseButton.LeftButton)
    assert signal.args == [None]


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 2, len(data), 4096):
        data[offset : offset + 64] = b"\xee" * 64
    path.write_bytes(bytes(data))


@pytest.mark.allow_warning_logs
def test_recovery_restores_the_latest_backup_and_keeps_the_damaged_file(
    qtbot: QtBot, data_dir: Path, prefs: Prefs
) -> None:
    path = paths.database_path(data_dir)
    sound_database(path, days=40)
    db = Database.open(path)
    backup.automatic_backup(db)
    db.close()
    rows = all_rows(path)
    _damage(path)
    damaged = path.read_bytes()

    screen = RecoveryScreen(path, "database disk image is malformed", prefs)
    qtbot.addWidget(screen)
    assert screen.latest is not None and screen.restore_button.isVisibleTo(screen)
    with qtbot.waitSignal(screen.recovered, timeout=10_000):
        qtbot.mouseClick(screen.restore_button, Qt.MouseButton.LeftButton)
    assert all_rows(path) == rows
    kept = list(paths.backups_dir(data_dir).glob("damaged-*.sqlite3"))
    assert [k.read_bytes() for k in kept] == [damaged]


def test_recovery_refuses_a_bad_file_calmly_and_quitting_changes_nothing(
    qtbot: QtBot, data_dir: Path, prefs: Prefs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = paths.database_path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)  # the prefs fixture may have made it
    path.write_bytes(b"a damaged journal" * 300)
    before = folder_fingerprint(data_dir)
    bad = tmp_path / "holiday-photo.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not a database")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(bad), ""))

    screen = RecoveryScreen(path, "file is not a database", prefs)
    qtbot.addWidget(screen)
    assert screen.latest is None and not screen.restore_button.isVisibleTo(screen)
    qtbot.mouseClick(screen.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not screen.busy() and screen.choose_button.isEnabled())
    assert "not a Companion backup" in screen.message.text()
    with qtbot.waitSignal(screen.quit_requested):
        qtbot.mouseClick(screen.quit_button, Qt.MouseButton.LeftButton)
    assert folder_fingerprint(data_dir) == before


def test_the_gate_offers_a_passphrase_on_first_run_and_opens_after_a_skip(
    qtbot: QtBot, data_dir: Path, prefs: Prefs
) -> None:
    gate = Gate(data_dir, prefs)
    gate.start()
    assert isinstance(gate.screen, PassphraseOffer)
    with qtbot.waitSignal(gate.opened) as signal:
        gate.screen.skip_button.click()
    db = signal.args[0]
    assert not db.encrypted and gate.screen is None
    db.close()


def test_a_plain_journal_opens_off_the_gui_thread_and_preloads_there(
    qtbot: QtBot, data_dir: Path, prefs: Prefs
) -> None:
    sound_database(paths.database_path(data_dir), days=5)
    threads: list[str] = []
    gate = Gate(data_dir, prefs, lambda: threads.append(threading.current_thread().name))
    assert not gate.asks_first()
    with qtbot.waitSignal(gate.opened) as signal:
        gate.open_plain()
    signal.args[0].close()
    assert len(threads) == 1 and threads[0] != threading.main_thread().name
    assert gate.screen is None  # no screen of the gate's for a plain, sound journal


def test_the_gate_creates_an_encrypted_journal_when_asked(
    qtbot: QtBot, data_dir: Path, prefs: Prefs, fast_kdf: None
) -> None:
    gate = Gate(data_dir, prefs)
    gate.start()
    offer = gate.screen
    assert isinstance(offer, PassphraseOffer)
    offer.first.setText(PASSPHRASE)
    offer.again.setText(PASSPHRASE)
    offer.understood.setChecked(True)
    with qtbot.waitSignal(gate.opened, timeout=10_000) as signal:
        offer.protect_button.click()
    db = signal.args[0]
    assert db.encrypted and cipher.is_encrypted(paths.database_path(data_dir))
    db.close()


def test_the_gate_asks_for_the_passphrase_and_locks_again(
    qtbot: QtBot, data_dir: Path, prefs: Prefs, encrypted: Path
) -> None:
    gate = Gate(data_dir, prefs)
    gate.start()
    assert isinstance(gate.screen, UnlockScreen)
    assert gate.screen.title_label.text() == "Welcome back"
    gate.lock()
    assert isinstance(gate.screen, UnlockScreen)
    assert gate.screen.title_label.text() == "Companion is locked"
    gate.screen.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(gate.opened, timeout=10_000) as signal:
        gate.screen.try_unlock()
    signal.args[0].close()


@pytest.mark.allow_warning_logs
def test_the_gate_sends_a_damaged_journal_to_recovery(
    qtbot: QtBot, data_dir: Path, prefs: Prefs
) -> None:
    path = paths.database_path(data_dir)
    sound_database(path, days=40)
    _damage(path)
    gate = Gate(data_dir, prefs)
    gate.start()  # a plain journal opens on a thread; the check follows
    qtbot.waitUntil(lambda: isinstance(gate.screen, RecoveryScreen))


def _texts(widget: QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


@pytest.mark.allow_warning_logs
def test_the_gate_sends_a_journal_with_damaged_pages_to_recovery(
    qtbot: QtBot, data_dir: Path, prefs: Prefs
) -> None:
    path = paths.database_path(data_dir)
    damaged_pages(path)  # the check itself stops with "malformed" instead of listing findings
    before = folder_fingerprint(data_dir)
    gate = Gate(data_dir, prefs)
    quits: list[int] = []
    gate.quit_requested.connect(quits.append)
    gate.start()
    qtbot.waitUntil(lambda: isinstance(gate.screen, RecoveryScreen))
    assert gate.screen is not None
    assert gate.screen.title_label.text() == "Your journal file needs attention"
    assert "What the check found: database disk image is malformed" in _texts(gate.screen)
    assert quits == []
    assert folder_fingerprint(data_dir) == before


@pytest.mark.allow_warning_logs
def test_another_programs_file_is_not_called_damaged(
    qtbot: QtBot, data_dir: Path, prefs: Prefs
) -> None:
    foreign(paths.database_path(data_dir))
    gate = Gate(data_dir, prefs)
    gate.start()
    qtbot.waitUntil(lambda: isinstance(gate.screen, RecoveryScreen))
    screen = gate.screen
    assert screen is not None
    assert screen.title_label.text() == "This is not Companion's journal"
    explanation = screen.subtitle_label.text()
    assert "another program's file" in explanation and str(data_dir) in explanation
    assert "damaged" not in explanation and "power cut" not in explanation


@pytest.mark.allow_warning_logs
def test_a_newer_journal_is_refused_in_one_short_message(
    qtbot: QtBot, data_dir: Path, prefs: Prefs, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = paths.database_path(data_dir)
    sound_database(path, days=3)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    conn.close()
    before = folder_fingerprint(data_dir)
    box = quit_at_the_gate(qtbot, data_dir, prefs, monkeypatch, code=2)
    assert box.text() == "Companion could not open your journal."
    info = box.informativeText()
    assert "written by a newer version of Companion" in info
    assert "What you typed" not in info  # nothing could have been typed yet
    assert (box.text() + info).count("changed") == 1
    assert folder_fingerprint(data_dir) == before


@pytest.mark.allow_warning_logs
def test_a_read_only_data_folder_is_refused_at_the_gate(
    qtbot: QtBot, data_dir: Path, prefs: Prefs, monkeypatch: pytest.MonkeyPatch
) -> None:
    sound_database(paths.database_path(data_dir), days=3)
    before = folder_fingerprint(data_dir)
    deny_writing(monkeypatch, data_dir)
    box = quit_at_the_gate(qtbot, data_dir, prefs, monkeypatch, code=2)
    assert box.informativeText() == (
        f"The data folder {data_dir} is read-only: Companion cannot save there."
    )
    assert folder_fingerprint(data_dir) == before


@pytest.mark.allow_warning_logs
def test_an_unexpected_fault_while_opening_ends_the_app_instead_of_hanging(
    qtbot: QtBot, data_dir: Path, prefs: Prefs, monkeypatch: pytest.MonkeyPatch
) -> None:
    sound_database(paths.database_path(data_dir), days=3)

    def broken(_path: Path, _passphrase: str | None) -> Database:
        raise RuntimeError("a bug, not the patient's fault")

    monkeypatch.setattr(gate_module, "open_journal", broken)
    box = quit_at_the_gate(qtbot, data_dir, prefs, monkeypatch, code=1)
    assert "unexpected problem" in box.text()
    assert str(paths.log_dir(data_dir) / "companion.log") in box.informativeText()
    assert "a bug" not in box.informativeText()


def test_the_app_lock_waits_for_idle_minutes_and_never_locks_in_a_session(
    qtbot: QtBot,
) -> None:
    now = [1000.0]
    busy = [False]
    lock = AppLock(lambda: 10, lambda: busy[0], clock=lambda: now[0])
    due: list[bool] = []
    lock.lock_due.connect(lambda: due.append(True))
    lock.start()
    now[0] += 9 * 60
    lock.check()
    assert due == []
    busy[0] = True
    now[0] += 2 * 60
    lock.check()
    assert due == []  # a session is running: the wait starts over
    busy[0] = False
    now[0] += 9 * 60
    lock.check()
    assert due == []
    now[0] += 61
    lock.check()
    assert due == [True]


def test_the_app_lock_counts_input_and_can_be_off(qtbot: QtBot) -> None:
    now = [0.0]
    minutes = [5]
    lock = AppLock(lambda: minutes[0], lambda: False, clock=lambda: now[0])
    due: list[bool] = []
    lock.lock_due.connect(lambda: due.append(True))
    lock.start()
    now[0] = 290
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    lock.eventFilter(
        lock, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
    )
    now[0] = 500
    lock.check()
    assert due == []
    minutes[0] = 0
    now[0] = 10_000
    lock.check()
    assert due == []


def test_a_running_session_is_asked_of_the_session_screen(qtbot: QtBot) -> None:
    class Screen:
        running = True

        def is_running(self) -> bool:
            return self.running

    window = QWidget()
    qtbot.addWidget(window)
    window.screens = {"session": Screen()}  # type: ignore[attr-defined]
    assert session_running(window)
    window.screens["session"].running = False  # type: ignore[attr-defined]
    assert not session_running(window)
