"""A drop-down list and its label that fit their row at any text size and window width: the
label goes above the list when both do not fit side by side, and a list narrower than its
entry shows the whole words that fit and "…", with the full entry as its tooltip."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics, QHelpEvent, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QToolTip,
    QWidget,
)


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
    (a long drop-down list at 200% text). The field keeps its own width up to the row's.

    Any two widgets can share a row this way, e.g. a figure and the words about it; a
    negative ``spacing`` is the style's."""

    def __init__(self, label: QWidget, field: QWidget, spacing: int = -1) -> None:
        super().__init__()
        self._label, self._field = label, field
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(spacing)
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
