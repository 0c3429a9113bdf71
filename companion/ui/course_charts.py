"""Small painted pictures for the Course screen: a goal's sparkline, the series as a row of
dots, and mood before and after each session.

Each picture has words next to it on the screen and an accessible description; shapes
(filled, ring, ring with a centre, ring with a stroke) carry the meaning, never colour alone.
Colours come from the theme at paint time; sizes follow the font, so 200% text grows them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from companion.domain.course import SeriesSlot, SlotStatus
from companion.domain.journal import SCALE_MAX
from companion.storage.courses import SessionMood
from companion.ui.prefs import Prefs
from companion.ui.theme import Theme, load_theme, resolve

STATUS_WORDS = {
    SlotStatus.DONE: "done",
    SlotStatus.BOOKED: "booked",
    SlotStatus.MISSED: "no session",  # not "missed": the patient may have been seen other days
    SlotStatus.OPEN: "still to come",
    SlotStatus.EXTRA_DONE: "done",
    SlotStatus.EXTRA_BOOKED: "booked",
}


@lru_cache(maxsize=8)
def _load(name: str, high_contrast: bool) -> Theme:
    return load_theme(name, high_contrast)


def theme_of(prefs: Prefs) -> Theme:
    """The current theme's colour tokens (cached: painting must not read files)."""
    return _load(resolve(prefs.theme), prefs.high_contrast)


def short_day(day: date) -> str:
    """E.g. "Thu 23 Oct"."""
    return f"{day:%a} {day.day} {day:%b}"


def long_day(day: date) -> str:
    """E.g. "Thu 23 Oct 2025"."""
    return f"{short_day(day)} {day.year}"


def day_words(day: date, today: date) -> str:
    """E.g. "Mon 17 Nov" this year, "Mon 17 Nov 2025" in any other (a course can span years)."""
    return short_day(day) if day.year == today.year else long_day(day)


def number_text(number: int | None) -> str:
    """A session's number in the whole app (see `SessionMood.number`), "–" for a session
    without an appointment, which has none (as in History and the exports)."""
    return "–" if number is None else str(number)


def _small(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.85)
    return small


class _Picture(QWidget):
    """A painted, read-only picture that repaints when the theme or text size changes."""

    def __init__(self, prefs: Prefs, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prefs = prefs
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def colour(self, token: str) -> QColor:
        return theme_of(self._prefs).colour(token)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (
            QEvent.Type.StyleChange,
            QEvent.Type.FontChange,
            QEvent.Type.PaletteChange,
        ):
            self.updateGeometry()
            self.update()
        super().changeEvent(event)


# --- one goal -----------------------------------------------------------------------------
class Sparkline(_Picture):
    """A goal's ratings over time: a thin line on a 0-10 band, the latest point marked."""

    def __init__(self, prefs: Prefs, parent: QWidget | None = None) -> None:
        super().__init__(prefs, "Ratings over time", parent)
        self._values: list[int] = []
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_ratings(self, ratings: Sequence[tuple[date, int]]) -> None:
        self._values = [value for _day, value in ratings]
        if ratings:
            listed = ", ".join(str(v) for v in self._values[-12:])
            more = " (the last 12)" if len(self._values) > 12 else ""
            self.setAccessibleDescription(f"Ratings over time{more}: {listed}, out of 10.")
        else:
            self.setAccessibleDescription("No ratings yet.")
        self.update()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 11, round(metrics.height() * 1.6))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius = max(3.0, self.fontMetrics().height() / 6)
        area = QRectF(self.rect()).adjusted(radius + 1, radius + 1, -radius - 1, -radius - 1)
        painter.setPen(QPen(self.colour("border"), 1, Qt.PenStyle.DotLine))
        for level in (0, SCALE_MAX):
            y = area.bottom() - area.height() * level / SCALE_MAX
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        if not self._values:
            return
        values = self._values[-24:]
        step = area.width() / max(1, len(values) - 1)
        points = [
            QPointF(
                area.left() + i * step if len(values) > 1 else area.center().x(),
                area.bottom() - area.height() * v / SCALE_MAX,
            )
            for i, v in enumerate(values)
        ]
        painter.setPen(QPen(self.colour("accent"), max(1.5, radius / 2)))
        painter.drawPolyline(points)
        painter.setBrush(self.colour("accent"))
        painter.drawEllipse(points[-1], radius, radius)


# --- the series ---------------------------------------------------------------------------
def paint_dot(
    painter: QPainter,
    centre: QPointF,
    radius: float,
    status: SlotStatus,
    accent: QColor,
    quiet: QColor,
) -> None:
    """Done: filled. Booked: ring with a centre. Still to come: ring. No session: ring, struck."""
    done = status in (SlotStatus.DONE, SlotStatus.EXTRA_DONE)
    booked = status in (SlotStatus.BOOKED, SlotStatus.EXTRA_BOOKED)
    colour = accent if done or booked else quiet
    pen = QPen(colour, max(1.5, radius / 4))
    painter.setPen(pen)
    painter.setBrush(colour if done else Qt.BrushStyle.NoBrush)
    painter.drawEllipse(centre, radius, radius)
    if booked:
        painter.setBrush(colour)
        painter.drawEllipse(centre, radius * 0.4, radius * 0.4)
    elif status is SlotStatus.MISSED:
        offset = radius * 0.7
        painter.drawLine(centre + QPointF(-offset, offset), centre + QPointF(offset, -offset))


class SeriesDots(_Picture):
    """The planned sessions as a calm row of numbered dots, wrapping onto more rows."""

    def __init__(self, prefs: Prefs, name: str, parent: QWidget | None = None) -> None:
        super().__init__(prefs, name, parent)
        self._slots: list[SeriesSlot] = []
        self._noun = "Session"
        self._prefix = ""
        self._today = date.today()
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_slots(
        self,
        slots: Sequence[SeriesSlot],
        today: date,
        *,
        noun: str = "Session",
        prefix: str = "",
    ) -> None:
        """``noun`` names a dot for screen readers ("Planned session"); ``prefix`` goes
        before each drawn number ("+" numbers extra sessions +1, +2...). Dates in another year
        than ``today``'s say their year."""
        self._slots = list(slots)
        self._noun, self._prefix, self._today = noun, prefix, today
        self.setAccessibleDescription("; ".join(self.describe(i) for i in range(len(slots))))
        self.updateGeometry()
        self.update()

    def describe(self, index: int) -> str:
        slot = self._slots[index]
        day = slot.session or slot.planned
        when = f", {day_words(day, self._today)}" if day else ""
        return f"{self._noun} {index + 1}{when}: {STATUS_WORDS[slot.status]}"

    def _cell(self) -> tuple[float, float, float]:
        """Radius, cell width and cell height, from the font."""
        height = self.fontMetrics().height()
        radius = height * 0.55
        return (
            radius,
            max(radius * 3.2, self.fontMetrics().horizontalAdvance("88") * 1.8),
            (radius * 2 + height * 1.6),
        )

    def _per_row(self, width: int) -> int:
        return max(1, int(width // self._cell()[1]))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        rows = math.ceil(len(self._slots) / self._per_row(width)) if self._slots else 0
        return math.ceil(rows * self._cell()[2])

    def sizeHint(self) -> QSize:
        width = round(self._cell()[1] * min(12, max(1, len(self._slots))))
        return QSize(width, self.heightForWidth(width))

    def _centre(self, index: int) -> QPointF:
        radius, cell_w, cell_h = self._cell()
        per_row = self._per_row(self.width())
        row, column = divmod(index, per_row)
        return QPointF(column * cell_w + cell_w / 2, row * cell_h + radius + 2)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius, cell_w, _cell_h = self._cell()
        accent, quiet, text = self.colour("accent"), self.colour("muted"), self.colour("text")
        small = _small(self.font())
        metrics_height = self.fontMetrics().height()
        for index, slot in enumerate(self._slots):
            centre = self._centre(index)
            paint_dot(painter, centre, radius, slot.status, accent, quiet)
            painter.setPen(text)
            painter.setFont(small)
            label = QRectF(
                centre.x() - cell_w / 2, centre.y() + radius + 2, cell_w, metrics_height * 1.3
            )
            painter.drawText(
                label,
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                f"{self._prefix}{index + 1}",
            )

    def index_at(self, x: float, y: float) -> int | None:
        radius = self._cell()[0]
        for index in range(len(self._slots)):
            centre = self._centre(index)
            if math.hypot(centre.x() - x, centre.y() - y) <= radius * 1.4:
                return index
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            index = self.index_at(event.pos().x(), event.pos().y())
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.describe(index), self)
            return True
        return super().event(event)


class DotGlyph(_Picture):
    """One dot, for the legend next to its word."""

    def __init__(self, prefs: Prefs, status: SlotStatus, parent: QWidget | None = None) -> None:
        super().__init__(prefs, "", parent)
        self._status = status
        self.setAccessibleName(STATUS_WORDS[status])
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        side = self.fontMetrics().height()
        return QSize(side + 4, side + 4)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius = self.fontMetrics().height() * 0.4
        paint_dot(
            painter,
            QRectF(self.rect()).center(),
            radius,
            self._status,
            self.colour("accent"),
            self.colour("muted"),
        )


# --- mood before and after ----------------------------------------------------------------
MOOD_CHART_LAST = 24


class MoodChart(_Picture):
    """Per session a short stem from mood before (ring) to mood after (filled dot), 0-10."""

    def __init__(self, prefs: Prefs, parent: QWidget | None = None) -> None:
        super().__init__(prefs, "Mood before and after each session", parent)
        self._moods: list[SessionMood] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_moods(self, moods: Sequence[SessionMood], today: date) -> None:
        self._moods = list(moods)[-MOOD_CHART_LAST:]
        self.setAccessibleDescription("; ".join(mood_words(m, today) for m in self._moods))
        self.update()

    def sizeHint(self) -> QSize:
        height = self.fontMetrics().height()
        return QSize(height * 20, height * 9)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().height() * 10, self.sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        line = metrics.height()
        small = _small(self.font())
        left = metrics.horizontalAdvance("10") + line
        plot = QRectF(
            left, line * 0.6, self.width() - left - line * 0.6, self.height() - line * 2.4
        )
        text, accent = self.colour("text"), self.colour("accent")
        painter.setFont(small)
        for level in (0, 5, SCALE_MAX):
            y = plot.bottom() - plot.height() * level / SCALE_MAX
            painter.setPen(QPen(self.colour("border"), 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y - line, left - line * 0.4, line * 2),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(level),
            )
        if not self._moods:
            return
        step = plot.width() / len(self._moods)
        radius = max(3.0, min(line * 0.3, step * 0.3))
        label_every = max(1, math.ceil(metrics.horizontalAdvance("888") / step))
        for i, mood in enumerate(self._moods):
            x = plot.left() + step * (i + 0.5)
            ys = {
                key: plot.bottom() - plot.height() * value / SCALE_MAX
                for key, value in (("before", mood.before), ("after", mood.after))
                if value is not None
            }
            painter.setPen(QPen(accent, max(1.5, radius / 2)))
            if len(ys) == 2:
                painter.drawLine(QPointF(x, ys["before"]), QPointF(x, ys["after"]))
            if "before" in ys:
                painter.setBrush(self.colour("surface"))
                painter.drawEllipse(QPointF(x, ys["before"]), radius, radius)
            if "after" in ys:
                painter.setBrush(accent)
                painter.drawEllipse(QPointF(x, ys["after"]), radius, radius)
            if mood.before is not None and mood.before == mood.after:
                # No change: the ring for "before" goes around the dot instead of under it.
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QPointF(x, ys["before"]), radius * 1.7, radius * 1.7)
            if (len(self._moods) - 1 - i) % label_every == 0:  # the latest always has its number
                painter.setPen(text)
                painter.drawText(
                    QRect(
                        round(x - step * label_every / 2),
                        round(plot.bottom() + radius + 3),
                        round(step * label_every),
                        line + 4,
                    ),
                    Qt.AlignmentFlag.AlignHCenter,
                    number_text(mood.number),
                )


def mood_words(mood: SessionMood, today: date) -> str:
    """E.g. "Session 42, Thu 23 Oct: before 3, after 6" (the year when not ``today``'s)."""
    before = "not noted" if mood.before is None else f"{mood.before}"
    after = "not noted" if mood.after is None else f"{mood.after}"
    when = day_words(mood.day, today)
    name = "Session" if mood.number is None else f"Session {mood.number}"
    return f"{name}, {when}: before {before}, after {after}"
