"""Settings (passphrase, app lock, backups, display) and File > Back up / Restore, driven as a
patient would, with the real database behind them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from companion.storage import backup, cipher, paths, snapshot
from companion.storage import models as m
from companion.storage.database import Database
from companion.storage.errors import StorageError
from companion.ui import backup_dialog
from companion.ui.context import AppContext
from companion.ui.passphrase_dialog import PassphraseDialog
from companion.ui.settings_dialog import SettingsDialog
from tests.conftest import drain
from tests.storage.bad_files import folder_fingerprint
from tests.storage.privacy_helpers import add_entry, fast_kdf, grep_folder

PASSPHRASE = "quiet river at dawn"
__all__ = ["fast_kdf"]


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _protect(qtbot: QtBot, dialog: PassphraseDialog, ctx: AppContext, current: str = "") -> None:
    if current:
        dialog.current.setText(current)
    dialog.first.setText(PASSPHRASE if not current else "a brand new phrase")
    dialog.again.setText(dialog.first.text())
    dialog.understood.setChecked(True)
    dialog.ok_button.click()
    drain(ctx)


@pytest.mark.usefixtures("fast_kdf")
def test_settings_encrypts_the_journal_and_then_offers_the_lock(
    qtbot: QtBot, ctx: AppContext, parent: QWidget
) -> None:
    add_entry(ctx.worker.db, "Private-marker-settings")
    backup.automatic_backup(ctx.worker.db)
    settings = SettingsDialog(parent, ctx)
    qtbot.addWidget(settings)
    assert "not protected" in settings.privacy_status.text()
    assert not settings.lock.isEnabled()

    dialog = settings.open_passphrase()
    assert dialog.windowTitle() == "Protect your journal"
    dialog.first.setText("short")
    dialog.ok_button.click()
    assert "at least 8" in dialog.message.text() and not ctx.worker.db.encrypted
    _protect(qtbot, dialog, ctx)

    assert ctx.worker.db.encrypted
    assert "encrypted with your passphrase" in settings.privacy_status.text()
    assert "1 backup(s) were encrypted too" in settings.privacy_status.text()
    assert settings.lock.isEnabled()
    assert grep_folder(ctx.data_dir, b"Private-marker-settings") == []
    with ctx.worker.db.transaction() as s:  # the open journal goes on working
        assert s.query(m.JournalEntry).filter_by(reflections="Private-marker-settings").count()


@pytest.mark.usefixtures("fast_kdf")
@pytest.mark.allow_warning_logs  # the worker logs the refused op
def test_changing_the_passphrase_needs_the_current_one(
    qtbot: QtBot, ctx: AppContext, parent: QWidget
) -> None:
    _protect(qtbot, PassphraseDialog(parent, ctx), ctx)
    dialog = PassphraseDialog(parent, ctx)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Change your passphrase"
    _protect(qtbot, dialog, ctx, current="not the one")
    assert "current passphrase is not right" in dialog.message.text()
    assert dialog.first.text() == "a brand new phrase"  # what was typed is kept
    _protect(qtbot, dialog, ctx, current=PASSPHRASE)
    path = ctx.worker.db.path
    assert cipher.key_for_file("a brand new phrase", path) == ctx.worker.db.key


def test_settings_keep_the_lock_and_backup_choices(
    qtbot: QtBot, ctx: AppContext, parent: QWidget
) -> None:
    settings = SettingsDialog(parent, ctx)
    qtbot.addWidget(settings)
    settings.lock.setCurrentIndex(settings.lock.findData(30))
    settings.auto_backup.setChecked(False)
    settings.text_size.setCurrentIndex(settings.text_size.findData(160))
    settings.theme.setCurrentIndex(settings.theme.findData("night"))
    settings.contrast.setChecked(True)
    assert (ctx.prefs.lock_minutes, ctx.prefs.auto_backup) == (30, False)
    assert (ctx.prefs.text_scale, ctx.prefs.theme, ctx.prefs.high_contrast) == (160, "night", True)
    again = SettingsDialog(parent, ctx)
    qtbot.addWidget(again)
    assert again.lock.currentData() == 30 and not again.auto_backup.isChecked()


def _boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        backup_dialog, "_tell", lambda _parent, title, text: shown.append(f"{title}: {text}")
    )
    monkeypatch.setattr(
        backup_dialog,
        "show_error",
        lambda _parent, summary, error=None: shown.append(f"{summary} {error}"),
    )
    return shown


def test_backup_and_restore_from_the_file_menu(
    qtbot: QtBot, ctx: AppContext, parent: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _boxes(monkeypatch)
    add_entry(ctx.worker.db, "kept in the backup")
    backup_dialog.write_backup(parent, ctx, tmp_path / "saved")
    drain(ctx)
    assert shown and "not encrypted" in shown[-1]
    saved = tmp_path / "saved.sqlite3"
    assert saved.is_file()

    add_entry(ctx.worker.db, "written after the backup")
    backup_dialog.restore(parent, ctx, saved)
    drain(ctx)
    assert shown[-1].startswith("Backup restored")
    with ctx.worker.db.transaction() as s:
        notes = {e.reflections for e in s.query(m.JournalEntry)}
    assert notes == {"kept in the backup"}
    assert list(paths.backups_dir(ctx.data_dir).glob("before-restore-*.sqlite3"))


@pytest.mark.allow_warning_logs  # the worker logs the refused op
def test_a_garbage_restore_from_the_file_menu_changes_nothing(
    qtbot: QtBot, ctx: AppContext, parent: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _boxes(monkeypatch)
    asked: list[str] = []
    monkeypatch.setattr(
        QInputDialog, "getText", lambda *_a, **_k: (asked.append("asked"), ("", False))[1]
    )
    add_entry(ctx.worker.db, "today's entry")
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"\x00garbage" * 1000)
    before = _files(ctx.data_dir)
    backup_dialog.restore(parent, ctx, garbage)
    drain(ctx)
    assert asked == ["asked"]  # it could be an encrypted backup: its passphrase is asked
    assert _files(ctx.data_dir) == before


@pytest.mark.allow_warning_logs  # the worker logs the failed op
def test_a_full_disk_during_a_backup_from_the_file_menu_says_so(
    qtbot: QtBot, ctx: AppContext, parent: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[BaseException | None] = []
    monkeypatch.setattr(
        backup_dialog, "show_error", lambda _parent, _summary, error=None: errors.append(error)
    )

    def full(_source: Path, _target: Path) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(snapshot, "_backup_api", full)
    target = tmp_path / "saved.sqlite3"
    backup_dialog.write_backup(parent, ctx, target)
    drain(ctx)
    # The dialog shows the words of a StorageError (and only of such faults).
    assert len(errors) == 1 and isinstance(errors[0], StorageError)
    assert str(errors[0]) == f"Could not write {target}: the disk is full. Nothing was changed."
    assert [p.name for p in tmp_path.iterdir() if "saved" in p.name] == []  # no half file


@pytest.mark.allow_warning_logs  # the worker logs the refused op
def test_an_empty_file_is_called_empty_and_no_passphrase_is_asked(
    qtbot: QtBot, ctx: AppContext, parent: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _boxes(monkeypatch)
    asked: list[str] = []
    monkeypatch.setattr(
        QInputDialog, "getText", lambda *_a, **_k: (asked.append("asked"), ("", False))[1]
    )
    empty = tmp_path / "backup.sqlite3"
    empty.write_bytes(b"")
    before = _files(ctx.data_dir)
    backup_dialog.restore(parent, ctx, empty)
    drain(ctx)
    assert asked == []
    assert shown[-1].startswith("This file was not restored.") and "is empty" in shown[-1]
    assert _files(ctx.data_dir) == before


@pytest.mark.allow_warning_logs  # the worker logs the refused op
def test_a_restore_while_another_companion_has_the_journal_open_is_refused(
    qtbot: QtBot, ctx: AppContext, parent: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _boxes(monkeypatch)
    add_entry(ctx.worker.db, "today's entry")
    saved = backup.write_backup(ctx.worker.db, tmp_path / "saved.sqlite3")
    other = Database.open(ctx.worker.db.path)  # a second Companion on the same data folder
    add_entry(other, "written in the other window")
    try:
        backup_dialog.restore(parent, ctx, saved)
        drain(ctx)
        add_entry(other, "written in the other window afterwards")
    finally:
        other.close()
    assert "Companion is open on this data folder; close it first" in shown[-1]
    with ctx.worker.db.transaction() as s:
        notes = {e.reflections for e in s.query(m.JournalEntry)}
    assert notes == {
        "today's entry",
        "written in the other window",
        "written in the other window afterwards",
    }


def _files(folder: Path) -> dict[str, str]:
    """The folder's fingerprint, less SQLite's shared-memory index (readers touch it)."""
    return {k: v for k, v in folder_fingerprint(folder).items() if not k.endswith("-shm")}


def test_the_restore_menu_says_what_will_happen_first(
    qtbot: QtBot, ctx: AppContext, parent: QWidget
) -> None:
    backup_dialog.open_restore(parent, ctx)
    box = parent.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    assert "kept as a dated copy" in box.text()
    box.reject()


def test_the_daily_backup_runs_on_the_worker_once_a_day_and_can_be_off(
    qtbot: QtBot, ctx: AppContext
) -> None:
    from PySide6.QtWidgets import QMainWindow

    from companion.ui.daily_backup import DailyBackup

    window = QMainWindow()
    qtbot.addWidget(window)
    daily = DailyBackup(ctx, window, first_ms=60_000)
    folder = paths.backups_dir(ctx.data_dir)
    ctx.prefs.auto_backup = False
    daily.run()
    drain(ctx)
    assert not folder.exists() or not list(folder.iterdir())
    ctx.prefs.auto_backup = True
    daily.run()
    daily.run()
    drain(ctx)
    assert [p.name.startswith("auto-") for p in folder.iterdir()] == [True]
