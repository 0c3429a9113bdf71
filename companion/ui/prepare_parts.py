"""Small building blocks of the Prepare screen: cards, labels, buttons, text boxes, a
labelled drop-down list that fits any text size, and a saver that waits for typing to pause."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QHelpEvent, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QToolTip,
    QWidget,
)

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
    widget = QPushButton(label)
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


def elide_words(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` if it fits in ``width``, else as many whole words as fit, then "…" (a letter
    is cut only when not even the first word fits)."""

    def fits(candidate: str) -> bool:
        # Measured as QComboBox measures its entries for its width: by the ink of the text.
        return metrics.boundingRect(candidate).width() <= width

    if fits(text):
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        shown = " ".join(words).rstrip(" ·,") + "…"
        if fits(shown):
            return shown
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


class ElidingComboBox(QComboBox):
    """A drop-down list as wide as its longest entry, that may shrink to about ten characters;
    narrower than its text, it shows the words that fit and "…" rather than cutting a letter."""

    def __init__(self) -> None:
        super().__init__()
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setMinimumContentsLength(10)  # the smallest width, not the preferred one
        self.elided = False

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        shown = elide_words(option.currentText, self.fontMetrics(), field.width())
        self.elided = shown != option.currentText
        option.currentText = shown
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def event(self, event: QEvent) -> bool:
        # Pointing at a shortened entry shows it whole.
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip and self.elided:
            QToolTip.showText(event.globalPos(), self.currentText(), self)
            return True
        return super().event(event)


class LabelledRow(QWidget):
    """A label with its field beside it, or above it when the row is too narrow for both
    (a long drop-down list at 200% text). The field keeps its own width up to the row's."""

    def __init__(self, label: QLabel, field: QWidget) -> None:
        super().__init__()
        self._label, self._field = label, field
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(label)
        self._layout.addWidget(field, 1, Qt.AlignmentFlag.AlignLeft)

    def stacked(self) -> bool:
        return self._layout.direction() == QBoxLayout.Direction.TopToBottom

    def _fit(self) -> None:
        needed = (
            self._label.sizeHint().width() + self._layout.spacing() + self._field.sizeHint().width()
        )
        direction = (
            QBoxLayout.Direction.LeftToRight
            if needed <= self.width()
            else QBoxLayout.Direction.TopToBottom
        )
        if direction != self._layout.direction():
            self._layout.setDirection(direction)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit()
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        # New entries or a new text size change what the field needs.
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return super().event(event)
