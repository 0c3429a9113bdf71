"""A line of text with its buttons: beside it while there is room, under it when there is not.

At 200% text in a narrow window, a row of text and buttons squeezes the text into a tall
column of a few words a line (or pushes the buttons out of sight). Under it, the text gets the
full width and the buttons wrap onto as many lines as they need.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QLayout, QSizePolicy, QWidget

from companion.ui.flow_layout import FlowLayout

#: Beside the buttons, the text keeps at least this many average characters a line.
ROOM_CHARS = 26


class _Buttons(QWidget):
    """The buttons, wrapping when they must; they ask for the width of one line."""

    def __init__(self, spacing: int) -> None:
        super().__init__()
        self.setProperty("plain", True)
        self._spacing = spacing
        self.flow = FlowLayout(self, spacing=spacing)

    def sizeHint(self) -> QSize:
        items = (self.flow.itemAt(i) for i in range(self.flow.count()))
        widths = [item.sizeHint().width() for item in items if item and not item.isEmpty()]
        line = sum(widths) + self._spacing * max(len(widths) - 1, 0)
        return QSize(line, super().sizeHint().height())


class BesideOrUnder(QWidget):
    """``text`` on the left and buttons on the right, or the buttons on a line below."""

    def __init__(self, text: QLabel, spacing: int = 10, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("plain", True)
        self.text = text
        text.setVisible(bool(text.text()))
        self.buttons = _Buttons(spacing)
        self.buttons.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._box.setSpacing(spacing)
        self._box.addWidget(text, 1)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        self._box.addWidget(self.buttons, 0, right)

    def add_button(self, button: QWidget) -> None:
        self.buttons.flow.addWidget(button)
        self.buttons.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        """As narrow as the text or the widest button: below the room for both side by side,
        the buttons go under the text rather than widen the window."""
        parts = [self.buttons.minimumSizeHint().width()]
        if not self.text.isHidden():
            parts.append(self.text.minimumSizeHint().width())
        return QSize(max(parts), super().minimumSizeHint().height())

    def say(self, text: str) -> None:
        """Show ``text`` (empty hides it, and the buttons need no room kept beside them)."""
        self.text.setText(text)
        self.text.setVisible(bool(text))
        self._arrange(self.width())

    def is_under(self) -> bool:
        return self._box.direction() == QBoxLayout.Direction.TopToBottom

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def _arrange(self, width: int) -> None:
        room = self.fontMetrics().averageCharWidth() * ROOM_CHARS if self.text.text() else 0
        needed = self.buttons.sizeHint().width() + self._box.spacing() + room
        wanted = (
            QBoxLayout.Direction.LeftToRight
            if width >= needed
            else QBoxLayout.Direction.TopToBottom
        )
        if self._box.direction() != wanted:
            self._box.setDirection(wanted)
