"""Small painted icons for the Prepare screen: the state of a timed item, and the tray icon.

Painted in code, in the theme's colours and at the text's size, so they follow the theme and
200% text. Each state has its own shape (clock, filled dot, tick): colour is never the only
difference, and the state is always written out beside the icon as well.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from companion.domain.checklist import ItemState


def _canvas(size: int, ratio: float = 1.0) -> tuple[QPixmap, QPainter]:
    """A transparent square of ``size`` logical pixels, sharp on a screen of that pixel ratio."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


def state_pixmap(state: ItemState, colour: QColor, size: int, ratio: float = 1.0) -> QPixmap:
    """Upcoming: a clock face. Now: a filled dot in a ring. Passed: a tick in a ring."""
    pixmap, painter = _canvas(size, ratio)
    stroke = max(1.5, size / 11)
    pen = QPen(colour, stroke, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    margin = stroke
    ring = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    painter.drawEllipse(ring)
    centre = ring.center()
    if state is ItemState.UPCOMING:
        painter.drawLine(centre, QPointF(centre.x(), ring.top() + ring.height() * 0.22))
        painter.drawLine(centre, QPointF(ring.right() - ring.width() * 0.25, centre.y()))
    elif state is ItemState.NOW:
        painter.setBrush(colour)
        radius = ring.width() * 0.26
        painter.drawEllipse(centre, radius, radius)
    else:
        tick = QPainterPath(QPointF(ring.left() + ring.width() * 0.26, centre.y()))
        tick.lineTo(ring.left() + ring.width() * 0.44, ring.bottom() - ring.height() * 0.3)
        tick.lineTo(ring.right() - ring.width() * 0.24, ring.top() + ring.height() * 0.32)
        painter.drawPath(tick)
    painter.end()
    return pixmap


def app_icon(accent: QColor, on_accent: QColor) -> QIcon:
    """Companion's mark for the tray: a soft rounded square with a crescent of light."""
    icon = QIcon()
    for size in (16, 22, 24, 32, 48, 64):
        pixmap, painter = _canvas(size)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        painter.drawRoundedRect(QRectF(0, 0, size, size), size * 0.24, size * 0.24)
        painter.setBrush(on_accent)
        outer = QPainterPath()
        outer.addEllipse(QRectF(size * 0.22, size * 0.22, size * 0.56, size * 0.56))
        inner = QPainterPath()
        inner.addEllipse(QRectF(size * 0.36, size * 0.16, size * 0.52, size * 0.52))
        painter.drawPath(outer.subtracted(inner))
        painter.end()
        icon.addPixmap(pixmap)
    return icon
