"""Two parts side by side while there is room, one under the other when there is not.

At 200% text in a narrow window, a row squeezes its text into a tall column of a few words a
line (or pushes the rest out of sight, where nothing scrolls sideways). Under it, the part that
grows gets the full width: `BesideOrBelow` for any two widgets (a field and its button),
`BesideOrUnder` for a line of text and its buttons, which wrap onto as many lines as they need.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QLayout, QSizePolicy, QWidget

from companion.ui.announce import announce
from companion.ui.flow_layout import FlowLayout

#: Beside its button, a text field keeps room for at least this many average characters.
FIELD_CHARS = 14
#: Beside the buttons, a line of text keeps at least this many average characters a line.
ROOM_CHARS = 26


class BesideOrBelow(QWidget):
    """Two widgets side by side, or the second under the first when the one that takes the
    spare width (``grows``: a text field, a paragraph) would keep fewer than ``room_chars``
    characters of room beside the other. ``align`` places the other one."""

    def __init__(
        self,
        first: QWidget,
        second: QWidget,
        *,
        grows: QWidget,
        room_chars: int = FIELD_CHARS,
        spacing: int = 10,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setProperty("plain", True)
        self._parts = (first, second)
        self._grows = grows
        self._other = second if grows is first else first
        self._room_chars = room_chars
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._box.setSpacing(spacing)
        for part in self._parts:
            if part is grows:
                self._box.addWidget(part, 1)
            else:
                self._box.addWidget(part, 0, align)

    def minimumSizeHint(self) -> QSize:
        """As narrow as the wider of the two (a hidden one takes no room): below the room for
        both side by side, the second goes under the first rather than widen the page."""
        widths = [part.minimumSizeHint().width() for part in self._parts if not part.isHidden()]
        return QSize(max(widths, default=0), super().minimumSizeHint().height())

    def is_under(self) -> bool:
        return self._box.direction() == QBoxLayout.Direction.TopToBottom

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def _arrange(self, width: int) -> None:
        shown = not self._grows.isHidden()
        room = self.fontMetrics().averageCharWidth() * self._room_chars if shown else 0
        needed = room + self._box.spacing() + self._other.sizeHint().width()
        wanted = (
            QBoxLayout.Direction.LeftToRight
            if width >= needed
            else QBoxLayout.Direction.TopToBottom
        )
        if self._box.direction() != wanted:
            self._box.setDirection(wanted)


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


class BesideOrUnder(BesideOrBelow):
    """``text`` on the left and buttons on the right, or the buttons on a line below."""

    def __init__(self, text: QLabel, spacing: int = 10, parent: QWidget | None = None) -> None:
        self.text = text
        if not text.text():
            text.hide()  # never setVisible(True) here: without a parent yet, it would be a window
        self.buttons = _Buttons(spacing)
        self.buttons.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        super().__init__(text, self.buttons, grows=text, room_chars=ROOM_CHARS,
                         spacing=spacing, align=right, parent=parent)

    def add_button(self, button: QWidget) -> None:
        self.buttons.flow.addWidget(button)
        self.buttons.updateGeometry()

    def say(self, text: str) -> None:
        """Show ``text`` (empty hides it, and the buttons need no room kept beside them).

        The words are a status ("Saved", "Not imported: …") that a screen reader would not
        notice, so they are said aloud too: once the event loop has shown them (a banner shows
        itself after setting its text, and a focus move that goes with the message is heard
        first), and only if they show then: a row being built, or on a page out of sight,
        keeps quiet."""
        self.text.setText(text)
        self.text.setVisible(bool(text))
        self._arrange(self.width())
        if text and self.window().isVisible():
            QTimer.singleShot(0, self, lambda: self._speak(text))

    def _speak(self, text: str) -> None:
        if self.text.isVisible() and self.text.text() == text:
            announce(self.text, text)
