"""Small building blocks of the Prepare screen: buttons, text boxes, and a saver that waits
for typing to pause."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSize, QTimer
from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QSizePolicy

from companion.ui.fold import FoldingButton

SAVE_DELAY_MS = 800


class Debounced(QObject):
    """Calls ``save`` once typing has paused, or at once on ``flush``."""

    def __init__(self, parent: QObject, save: Callable[[], None]) -> None:
        super().__init__(parent)
        self._save = save
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(save)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def poke(self) -> None:
        self._timer.start()

    def flush(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self._save()


def button(label: str, slot: Callable[[], object], description: str = "") -> QPushButton:
    widget = FoldingButton(label)  # two lines rather than past the edge of a narrow page
    widget.setAccessibleName(label.replace("&", "").rstrip("…"))
    if description:
        widget.setAccessibleDescription(description)
    widget.clicked.connect(lambda _=False: slot())
    return widget


class TextBox(QPlainTextEdit):
    """A text box a few lines high at any text size; it scrolls rather than grows."""

    def __init__(self, name: str, placeholder: str, lines: int) -> None:
        super().__init__()
        self._lines = lines
        self.setAccessibleName(name)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        height = self.fontMetrics().lineSpacing() * self._lines + 2 * self.frameWidth() + 24
        return QSize(super().sizeHint().width(), height)

    def show_stored(self, text: str, saver: Debounced) -> None:
        """Show stored text, unless the patient is typing something newer."""
        if self.toPlainText() != text and not saver.pending:
            self.blockSignals(True)
            self.setPlainText(text)
            self.blockSignals(False)
