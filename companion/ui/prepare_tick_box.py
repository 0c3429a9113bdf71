"""A large, clearly drawn tick box for the checklist and the reminder choices.

The themed Fusion indicator is small and loses its border on a card's background, which is
hard to see with blurred vision. This one is drawn at the text's size in the theme's colours:
an empty rounded square, or a filled one with a tick (shape, not only colour, tells them
apart), and a focus ring when it has keyboard focus. The whole widget is the click target.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from companion.ui.prefs import Prefs
from companion.ui.theme import current_theme

PADDING = 4


class TickBox(QCheckBox):
    def __init__(self, text: str, prefs: Prefs, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._prefs = prefs
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def _box_size(self) -> int:
        return round(self.fontMetrics().height() * 1.3)

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        box = self._box_size()
        text = self.text().replace("&", "")
        width = box + (metrics.horizontalAdvance(text) + box // 2 if text else 0)
        return QSize(width + 2 * PADDING, max(box, metrics.height()) + 2 * PADDING)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)

    def paintEvent(self, _event: QPaintEvent) -> None:
        theme = current_theme(self._prefs)
        box = self._box_size()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        top = (self.height() - box) / 2
        square = QRectF(PADDING + 1.5, top + 1.5, box - 3, box - 3)
        checked = self.isChecked()
        enabled = self.isEnabled()
        edge = theme.colour("accent" if checked and enabled else "muted")
        painter.setPen(QPen(edge, 2))
        painter.setBrush(edge if checked else theme.colour("surface"))
        painter.drawRoundedRect(square, box * 0.2, box * 0.2)
        if checked:
            pen = QPen(theme.colour("accent_text" if enabled else "surface"), max(2.0, box / 9))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            tick = QPainterPath(QPointF(square.left() + box * 0.24, square.center().y()))
            tick.lineTo(square.left() + box * 0.42, square.bottom() - box * 0.26)
            tick.lineTo(square.right() - box * 0.2, square.top() + box * 0.26)
            painter.drawPath(tick)
        if self.hasFocus():
            painter.setPen(QPen(theme.colour("focus"), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 6, 6)
        if self.text():
            left = PADDING + box + box // 2
            area = QRect(left, 0, self.width() - left, self.height())
            painter.setPen(theme.colour("text" if enabled else "muted"))
            flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
            self.style().drawItemText(
                painter,
                area,
                int(flags) | int(Qt.TextFlag.TextShowMnemonic),
                self.palette(),
                enabled,
                self.text(),
            )
        painter.end()


class ClickableLabel(QLabel):
    """Text beside a tick box: it wraps at any text size, and a click on it ticks the box."""

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class TickLine(QWidget):
    """A tick box with wrapping text; ``box`` is the focusable, accessible part. Without
    ``prefs`` the box is the theme's plain QCheckBox."""

    def __init__(self, text: str, prefs: Prefs | None = None) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.box: QCheckBox = TickBox("", prefs) if prefs is not None else QCheckBox()
        self.box.setAccessibleName(text.replace("&", ""))
        self.label = ClickableLabel(text)
        self.label.setWordWrap(True)
        self.label.setBuddy(self.box)
        self.label.clicked.connect(self.box.toggle)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)
