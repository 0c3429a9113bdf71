"""A calm strip above the journal: a sentence and a button or two (reminders, undo, problems).

`tone` is "info" or "alert"; the alert's border is stronger, and its words always say what
happened, so colour is never the only signal. The buttons go under the sentence when the
strip is too narrow for both side by side (large text, small window).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from companion.ui.beside_or_under import BesideOrUnder
from companion.ui.fold import FoldingButton


class Banner(QFrame):
    def __init__(self, name: str, tone: str = "info", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.setProperty("tone", tone)
        self.setAccessibleName(name)
        box = QVBoxLayout(self)
        box.setContentsMargins(18, 12, 14, 12)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.row = BesideOrUnder(self.text)
        box.addWidget(self.row)
        self.hide()

    def add_button(
        self,
        label: str,
        slot: Callable[[], object],
        *,
        primary: bool = False,
        description: str = "",
    ) -> QPushButton:
        button = FoldingButton(label)
        if description:
            button.setAccessibleDescription(description)
        button.clicked.connect(lambda _=False: slot())
        if primary:
            button.setProperty("emphasis", True)
        self.row.add_button(button)
        return button

    def say(self, text: str) -> None:
        """Show the banner with this text (empty text hides it)."""
        self.row.say(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))
