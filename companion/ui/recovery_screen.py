"""When the start-up check finds the journal file damaged: restore a backup, or quit.

Nothing is deleted here. Restoring keeps the damaged file as a dated copy in backups/, and
quitting leaves everything exactly as it was. Another program's SQLite file in the journal's
place is not called damaged: the patient is asked to check the data folder first.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from companion.errors import UserError
from companion.storage import backup
from companion.storage.backup import Restored
from companion.storage.errors import ForeignDatabase, StorageError
from companion.ui.gate_frame import GateFrame
from companion.ui.prefs import Prefs


def describe(path: Path) -> str:
    when = datetime.fromtimestamp(path.stat().st_mtime)
    return f"{when:%A %d %B %Y, %H:%M} ({path.name})"


def _wording(db_path: Path, problem: str | StorageError) -> tuple[str, str, str]:
    """The title, the explanation and what a restore keeps, by what is wrong with the file."""
    if isinstance(problem, ForeignDatabase):
        return (
            "This is not Companion's journal",
            "Companion found another program's file where your journal should be, and left "
            "it exactly as it is. Please check that this is the right data folder: "
            f"{db_path.parent}. Nothing has been deleted.",
            "the file there now is kept as a copy",
        )
    return (
        "Your journal file needs attention",
        "Companion checks your journal each time it starts, and this time the file looks "
        "damaged (a power cut or a full disk can do this). Nothing has been deleted.",
        "the damaged file is kept as a copy, so nothing is lost for good",
    )


class RecoveryScreen(GateFrame):
    recovered = Signal(object)  # Restored
    quit_requested = Signal()

    def __init__(
        self,
        db_path: Path,
        problem: str | StorageError,
        prefs: Prefs,
        passphrase: str | None = None,
    ) -> None:
        title, explanation, kept = _wording(db_path, problem)
        super().__init__(prefs, title, explanation)
        self._db_path = db_path
        self._passphrase = passphrase
        self._last_choice: Path | None = None
        self.latest = backup.latest_backup(db_path.parent)

        detail = QLabel(f"What the check found: {problem}")
        detail.setObjectName("Muted")
        detail.setWordWrap(True)
        self.body.addWidget(detail)
        card = QFrame()
        card.setObjectName("Card")
        box = QVBoxLayout(card)
        box.setContentsMargins(16, 12, 16, 12)
        title = QLabel("Restore a backup" if self.latest else "No backup was found")
        title.setObjectName("SectionTitle")
        box.addWidget(title)
        text = (
            f"The latest backup is from {describe(self.latest)}. Entries written after it "
            f"will not be in the restored journal; {kept}."
            if self.latest
            else "There is no automatic backup in your data folder yet. If you saved one "
            "yourself, choose it below."
        )
        info = QLabel(text)
        info.setWordWrap(True)
        box.addWidget(info)
        self.restore_button = QPushButton("&Restore this backup")
        self.restore_button.setObjectName("Primary")
        self.restore_button.setAccessibleName("Restore the latest backup")
        self.restore_button.setVisible(self.latest is not None)
        self.restore_button.clicked.connect(lambda: self.restore(self.latest))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.restore_button)
        box.addLayout(row)
        self.body.addWidget(card)

        self.backup_passphrase = QLineEdit()
        self.backup_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.backup_passphrase.setAccessibleName("The backup's passphrase")
        self._passphrase_row = QFormLayout()
        self._passphrase_row.addRow("Backup's &passphrase:", self.backup_passphrase)
        self._passphrase_row.setRowVisible(0, False)
        self.backup_passphrase.returnPressed.connect(lambda: self.restore(self._last_choice))
        self.body.addLayout(self._passphrase_row)
        self.message = self.message_label()
        self.body.addWidget(self.message)

        self.quit_button = QPushButton("&Quit")
        self.quit_button.setAccessibleName("Quit Companion and change nothing")
        self.quit_button.clicked.connect(self.quit_requested.emit)
        self.choose_button = QPushButton("&Choose another file…")
        self.choose_button.setAccessibleName("Choose another backup file")
        self.choose_button.clicked.connect(self.choose)
        self.actions.addWidget(self.quit_button)
        self.actions.addStretch(1)
        self.actions.addWidget(self.choose_button)
        (self.restore_button if self.latest else self.choose_button).setFocus()

    def choose(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            "Choose a Companion backup",
            str(self._db_path.parent),
            "Companion backups (*.sqlite3 *.db);;All files (*)",
        )
        if name:
            self.restore(Path(name))

    def restore(self, source: Path | None) -> None:
        if source is None or self.busy():
            return
        self._last_choice = source
        passphrase = self.backup_passphrase.text() or self._passphrase
        self._set_enabled(False)
        self.say(self.message, f"Restoring {source.name}…")
        self.run(
            lambda: backup.recover_from(self._db_path, source, passphrase),
            self._done,
            self._refused,
        )

    def _set_enabled(self, enabled: bool) -> None:
        for button in (self.quit_button, self.choose_button, self.restore_button):
            button.setEnabled(enabled)

    def _done(self, restored: Restored) -> None:
        self._set_enabled(True)
        self.say(self.message, "")
        self.recovered.emit(restored)

    def _refused(self, error: BaseException) -> None:
        self._set_enabled(True)
        if not isinstance(error, (UserError, StorageError, OSError)):
            raise error
        text = str(error).removeprefix("companion: ")
        if "passphrase" in text:
            self._passphrase_row.setRowVisible(0, True)
            self.backup_passphrase.setFocus()
            text += " Type the passphrase of that backup and press Enter."
        self.say(self.message, text)
