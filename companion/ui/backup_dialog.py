"""File > Back up… and File > Restore a backup… .

Both run on the database worker, so nothing else writes meanwhile. A restore first says what
it will do; what it replaces is kept as a dated copy, and a refused file changes nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from companion.errors import UserError
from companion.storage import backup
from companion.storage.backup import Restored
from companion.storage.errors import StorageError
from companion.ui.context import AppContext
from companion.ui.fault import show_error

BACKUP_FILTER = "Companion backups (*.sqlite3);;All files (*)"


def _tell(parent: QWidget, title: str, text: str) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent
    )
    box.open()
    return box


# --- backing up -------------------------------------------------------------------------------
def open_backup(parent: QWidget, ctx: AppContext) -> None:
    suggested = Path.home() / f"companion-backup-{date.today().isoformat()}.sqlite3"
    name, _filter = QFileDialog.getSaveFileName(
        parent, "Save a backup of your journal", str(suggested), BACKUP_FILTER
    )
    if name:
        write_backup(parent, ctx, Path(name))


def write_backup(parent: QWidget, ctx: AppContext, target: Path) -> None:
    if not target.suffix:
        target = target.with_suffix(".sqlite3")
    db = ctx.worker.db
    ctx.worker.submit(
        lambda _session: backup.write_backup(db, target),
        lambda written: _tell(parent, "Backup written", backup_summary(written, db.encrypted)),
        lambda error: show_error(parent, "The backup could not be written.", error),
    )


def backup_summary(written: Path, encrypted: bool) -> str:
    how = (
        "It is encrypted with your passphrase: you need the passphrase to restore it."
        if encrypted
        else "It is not encrypted: anyone who has the file can read your journal, so keep it "
        "somewhere private."
    )
    return f"Your journal was backed up to\n{written}\n\n{how}"


# --- restoring --------------------------------------------------------------------------------
def open_restore(parent: QWidget, ctx: AppContext) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Restore a backup",
        "Restoring replaces your journal with the backup you choose.\n\nYour journal as it "
        "is now is kept as a dated copy in the backups folder, so nothing is lost.",
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    choose = box.addButton("Choose a backup…", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(choose)
    box.buttonClicked.connect(lambda button: button is choose and _choose(parent, ctx))
    box.open()


def _choose(parent: QWidget, ctx: AppContext) -> None:
    name, _filter = QFileDialog.getOpenFileName(
        parent, "Choose a Companion backup", str(Path.home()), BACKUP_FILTER
    )
    if name:
        restore(parent, ctx, Path(name))


def restore(parent: QWidget, ctx: AppContext, source: Path, passphrase: str | None = None) -> None:
    db = ctx.worker.db
    ctx.worker.submit(
        lambda _session: backup.restore_into(db, source, passphrase),
        lambda restored: _restored(parent, restored),
        lambda error: _refused(parent, ctx, source, passphrase, error),
    )


def _restored(parent: QWidget, restored: Restored) -> None:
    kept = f"\n\nYour journal as it was is kept as\n{restored.kept}" if restored.kept else ""
    navigate = getattr(parent, "navigate", None)
    current = getattr(parent, "current_screen", None)
    screens = getattr(parent, "screens", {})
    if callable(navigate) and callable(current):  # let the open screen load the restored data
        shown = current()
        navigate(next((n for n, s in screens.items() if s is shown), "prepare"))
    _tell(parent, "Backup restored", f"The backup was restored.{kept}")


def _refused(
    parent: QWidget, ctx: AppContext, source: Path, passphrase: str | None, error: BaseException
) -> None:
    text = str(error).removeprefix("companion: ")
    if isinstance(error, UserError) and "passphrase" in text and passphrase is None:
        typed, ok = QInputDialog.getText(
            parent,
            "This backup is encrypted",
            "Type the passphrase this backup was made with:",
            QLineEdit.EchoMode.Password,
        )
        if ok and typed:
            restore(parent, ctx, source, typed)
        return
    if isinstance(error, UserError | StorageError):
        show_error(
            parent, "This file was not restored. Your journal is as it was.", StorageError(text)
        )
    else:
        show_error(parent, "The backup could not be restored. Your journal is as it was.", error)
