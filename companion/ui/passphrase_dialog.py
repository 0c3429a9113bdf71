"""Setting a passphrase on an open journal, or changing it (from Settings).

The work runs on the database worker, so nothing else touches the file meanwhile. A wrong
current passphrase is said in the dialog, which stays open with what was typed.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from companion.storage import encryption
from companion.storage.cipher import WrongPassphrase
from companion.storage.encryption import Protected
from companion.storage.errors import StorageError
from companion.ui.context import AppContext
from companion.ui.dialog_frame import ScrollingDialog, dialog_buttons
from companion.ui.prefs import Prefs
from companion.ui.prepare_tick_box import TickLine
from companion.ui.unlock_screen import passphrase_problem, understood_box, warning_card


def _secret(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    field.setMinimumWidth(field.fontMetrics().averageCharWidth() * 28)
    return field


def _wrapping(box: QCheckBox, prefs: Prefs) -> TickLine:
    """``box``'s words and name on a tick box whose words wrap: a check box's own text does
    not, and at 200% text this one is wider than a laptop screen."""
    line = TickLine(box.text(), prefs)
    line.box.setAccessibleName(box.accessibleName())
    box.deleteLater()
    return line


class PassphraseDialog(ScrollingDialog):
    done_with = Signal(object)  # Protected, after success

    def __init__(self, parent: QWidget | None, ctx: AppContext) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.changing = ctx.worker.db.encrypted
        self.setWindowTitle("Change your passphrase" if self.changing else "Protect your journal")
        width = self.fontMetrics().averageCharWidth() * 64
        self.setMinimumWidth(width)
        layout = self.body
        layout.setSpacing(12)
        title = QLabel(self.windowTitle())
        title.setObjectName("ScreenTitle")
        layout.addWidget(title)
        lead = QLabel(
            "Your journal and its automatic backups will be encrypted again with the new "
            "passphrase."
            if self.changing
            else "Your journal and its automatic backups will be encrypted with this passphrase. "
            "Companion will ask for it each time it starts."
        )
        lead.setWordWrap(True)
        layout.addWidget(lead)

        form = QFormLayout()
        self.current = _secret("Current passphrase")
        if self.changing:
            form.addRow("&Current passphrase:", self.current)
        self.first = _secret("New passphrase")
        self.again = _secret("The new passphrase again")
        form.addRow("&New passphrase:", self.first)
        form.addRow("&Again:", self.again)
        layout.addLayout(form)
        self.label_beside(form)
        layout.addWidget(warning_card())
        understood = _wrapping(understood_box(ctx.prefs), ctx.prefs)
        self.understood = understood.box
        layout.addWidget(understood)
        self.message = QLabel("")
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.message.setVisible(False)
        layout.addWidget(self.message)

        buttons, self.ok_button = dialog_buttons(
            "&Change passphrase" if self.changing else "&Encrypt"
        )
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        self.buttons.addWidget(buttons)
        self.fit_to_screen()
        (self.current if self.changing else self.first).setFocus()

    def _say(self, text: str) -> None:
        self.message.setText(f"<b>{html.escape(text, quote=False)}</b>")
        self.message.setAccessibleDescription(text)
        self.message.setVisible(bool(text))

    def apply(self) -> None:
        problem = passphrase_problem(
            self.first.text(), self.again.text(), self.understood.isChecked()
        )
        if self.changing and not self.current.text():
            problem = "Please type your current passphrase."
        self._say(problem)
        if problem:
            return
        db = self.ctx.worker.db
        current, new = self.current.text(), self.first.text()

        def op(_session: object) -> Protected:
            if self.changing:
                return encryption.change_passphrase(db, current, new)
            return encryption.encrypt(db, new)

        self.ok_button.setEnabled(False)
        self._say("Encrypting… this takes a moment.")
        self.ctx.worker.submit(op, self._succeeded, self._failed)

    def _succeeded(self, protected: Protected) -> None:
        for field in (self.current, self.first, self.again):
            field.clear()
        self.done_with.emit(protected)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(error, WrongPassphrase):
            self._say("The current passphrase is not right. Nothing was changed.")
            self.current.selectAll()
            self.current.setFocus()
        elif isinstance(error, StorageError | OSError):
            self._say(f"{error} Your journal is as it was.")
        else:
            self._say("Something unexpected went wrong; your journal is as it was.")
