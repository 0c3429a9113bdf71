"""A calm strip above the journal: a sentence and a button or two (reminders, undo, problems).

`tone` is "info" or "alert"; the alert's border is stronger, and its words always say what
happened, so colour is never the only signal.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class Banner(QFrame):
    def __init__(self, name: str, tone: str = "info", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.setProperty("tone", tone)
        self.setAccessibleName(name)
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 12, 14, 12)
        row.setSpacing(10)
        self.text = QLabel()
        self.text.setWordWrap(True)
        row.addWidget(self.text, 1)
        self._buttons = row
        self.hide()

    def add_button(
        self,
        label: str,
        slot: Callable[[], object],
        *,
        primary: bool = False,
        description: str = "",
    ) -> QPushButton:
        button = QPushButton(label)
        if description:
            button.setAccessibleDescription(description)
        button.clicked.connect(lambda _=False: slot())
        if primary:
            button.setProperty("emphasis", True)
        self._buttons.addWidget(button)
        return button

    def say(self, text: str) -> None:
        """Show the banner with this text (empty text hides it)."""
        self.text.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))
