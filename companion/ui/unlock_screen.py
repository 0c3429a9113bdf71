"""Unlocking an encrypted journal, and the first-run offer to protect one with a passphrase."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from companion.storage.cipher import MIN_PASSPHRASE, WARNING, WrongPassphrase
from companion.ui.gate_frame import GateFrame
from companion.ui.prefs import Prefs
from companion.ui.prepare_tick_box import TickBox

if TYPE_CHECKING:
    from companion.storage.database import Database

Opener = Callable[[Path, str], "Database"]  # run on a thread of its own


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    field.setMinimumWidth(field.fontMetrics().averageCharWidth() * 28)
    return field


def _show_text_box(fields: list[QLineEdit], prefs: Prefs) -> QCheckBox:
    box = TickBox("&Show what I type", prefs)
    box.setAccessibleName("Show the passphrase as plain text")

    def toggle(shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for field in fields:
            field.setEchoMode(mode)

    box.toggled.connect(toggle)
    return box


class UnlockScreen(GateFrame):
    """Asks for the passphrase until it opens the journal; a wrong one can be tried again."""

    unlocked = Signal(object, str)  # the open Database, the passphrase (for a recovery only)
    failed = Signal(object)  # a fault other than a wrong passphrase (a damaged file, ...)
    quit_requested = Signal()

    def __init__(self, path: Path, prefs: Prefs, opener: Opener, *, locked: bool = False) -> None:
        super().__init__(
            prefs,
            "Companion is locked" if locked else "Welcome back",
            "Companion locked itself while you were away. Type your passphrase to go on."
            if locked
            else "Your journal is protected. Type your passphrase to open it.",
        )
        self._path = path
        self._opener = opener
        self.attempts = 0
        self.passphrase = _password_field("Passphrase")
        self.passphrase.returnPressed.connect(self.try_unlock)
        form = QFormLayout()
        form.addRow("&Passphrase:", self.passphrase)
        self.body.addLayout(form)
        self.body.addWidget(_show_text_box([self.passphrase], prefs))
        self.message = self.message_label()
        self.body.addWidget(self.message)
        forgot = QLabel(
            "Forgot it? A lost passphrase cannot be reset or recovered: that is what keeps "
            "your journal private."
        )
        forgot.setObjectName("Muted")
        forgot.setWordWrap(True)
        self.body.addWidget(forgot)

        self.quit_button = QPushButton("&Quit")
        self.quit_button.setAccessibleName("Quit Companion")
        self.quit_button.clicked.connect(self.quit_requested.emit)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setObjectName("Primary")
        self.unlock_button.setAccessibleName("Unlock your journal")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.actions.addWidget(self.quit_button)
        self.actions.addStretch(1)
        self.actions.addWidget(self.unlock_button)
        self.setTabOrder(self.passphrase, self.unlock_button)
        self.passphrase.setFocus()

    def try_unlock(self) -> None:
        text = self.passphrase.text()
        if self.busy():
            return
        if not text:
            self.say(self.message, "Type your passphrase first.")
            return
        self._working(True)
        self.say(self.message, "Opening your journal…")
        self.run(
            lambda: self._opener(self._path, text), lambda db: self._opened(db, text), self._refused
        )

    def _working(self, working: bool) -> None:
        self.unlock_button.setEnabled(not working)
        self.passphrase.setEnabled(not working)

    def _opened(self, db: Database, text: str) -> None:
        self._working(False)
        self.passphrase.clear()
        self.say(self.message, "")
        self.unlocked.emit(db, text)

    def _refused(self, error: BaseException) -> None:
        self._working(False)
        if not isinstance(error, WrongPassphrase):
            self.say(self.message, "")
            self.failed.emit(error)
            return
        self.attempts += 1
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        self.say(
            self.message,
            "That passphrase did not open your journal. Check Caps Lock and the keyboard "
            "layout, then try again.",
        )


class PassphraseOffer(GateFrame):
    """First run: recommend a passphrase, say plainly what forgetting it means, allow a skip."""

    chosen = Signal(object)  # the passphrase, or None to go on without one

    def __init__(self, prefs: Prefs) -> None:
        super().__init__(
            prefs,
            "Protect your journal",
            "What you write here is private. A passphrase locks it, so that nobody else who "
            "uses this computer can read it. We recommend it.",
        )
        self.first = _password_field("New passphrase")
        self.again = _password_field("The same passphrase again")
        self.first.setPlaceholderText(f"at least {MIN_PASSPHRASE} characters")
        form = QFormLayout()
        form.addRow("&Passphrase:", self.first)
        form.addRow("&Again:", self.again)
        self.body.addLayout(form)
        self.body.addWidget(_show_text_box([self.first, self.again], prefs))
        self.body.addWidget(warning_card())
        self.understood = understood_box(prefs)
        self.body.addWidget(self.understood)
        self.message = self.message_label()
        self.body.addWidget(self.message)

        self.skip_button = QPushButton("&Not now")
        self.skip_button.setAccessibleName("Continue without a passphrase")
        self.skip_button.setToolTip("You can add a passphrase later in Settings")
        self.skip_button.clicked.connect(lambda: self.chosen.emit(None))
        self.protect_button = QPushButton("P&rotect my journal")
        self.protect_button.setObjectName("Primary")
        self.protect_button.setDefault(True)
        self.protect_button.clicked.connect(self.protect)
        self.again.returnPressed.connect(self.protect)
        self.actions.addWidget(self.skip_button)
        self.actions.addStretch(1)
        self.actions.addWidget(self.protect_button)
        self.first.setFocus()

    def protect(self) -> None:
        problem = passphrase_problem(
            self.first.text(), self.again.text(), self.understood.isChecked()
        )
        self.say(self.message, problem)
        if not problem:
            self.protect_button.setEnabled(False)
            self.skip_button.setEnabled(False)
            self.say(self.message, "Setting up your protected journal…")
            self.chosen.emit(self.first.text())


def passphrase_problem(first: str, again: str, understood: bool) -> str:
    """What is wrong with a new passphrase, in words for the patient; empty when it is fine."""
    if len(first) < MIN_PASSPHRASE:
        return f"Please use at least {MIN_PASSPHRASE} characters; a short sentence works well."
    if first != again:
        return "The two passphrases are not the same. Please type them again."
    if not understood:
        return "Please tick the box to confirm that a forgotten passphrase cannot be recovered."
    return ""


def understood_box(prefs: Prefs) -> QCheckBox:
    box = TickBox("I &understand: if I forget it, my journal is gone", prefs)
    box.setAccessibleName("I understand that a forgotten passphrase means my journal is gone")
    return box


def warning_card() -> QFrame:
    """The plain warning, set apart (by its border and its bold lead, not by colour alone)."""
    card = QFrame()
    card.setObjectName("Card")
    card.setProperty("tone", "alert")
    card.setAccessibleName(WARNING)
    label = QLabel(f"<b>Please keep it safe.</b> {WARNING}")
    label.setWordWrap(True)
    box = QVBoxLayout(card)
    box.setContentsMargins(16, 12, 16, 12)
    box.addWidget(label)
    return card
