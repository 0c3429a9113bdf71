"""The Trends view: a range choice, the painted charts and the same facts in words below them.

The charts are drawn by ``companion.export.charts`` (shared with the PDF report); this module
only loads the data off the GUI thread and calls it from ``paintEvent``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from companion.export.charts import (
    RANGES,
    chart_colours,
    draw_trends,
    trend_summary,
    trends_height,
    window_for,
)
from companion.storage.history import TrendSeries, trend_series
from companion.ui.context import AppContext
from companion.ui.flow_layout import FlowLayout
from companion.ui.prefs import Prefs
from companion.ui.screen import LateScrollArea
from companion.ui.theme import current_theme, resolve

MNEMONICS = {"3m": "3 &months", "1y": "1 &year", "all": "&All"}


class TrendsChart(QWidget):
    """Paints the trend charts for one range; colours follow the current theme."""

    def __init__(self, prefs: Prefs, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self._prefs = prefs
        self._today = today
        self._data: TrendSeries | None = None
        self._span = "3m"
        self._colours: tuple[tuple[str, bool], dict[str, QColor]] | None = None
        self.setAccessibleName("Trends chart")
        self.setAccessibleDescription("Loading trends…")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setMinimumHeight(240)

    @property
    def data(self) -> TrendSeries | None:
        return self._data

    @property
    def span(self) -> str:
        return self._span

    def set_data(self, data: TrendSeries | None) -> None:
        self._data = data
        self.update()

    def set_span(self, span: str) -> None:
        if span not in RANGES:
            raise ValueError(f"unknown range {span!r}")
        self._span = span
        self.update()

    def colours(self) -> dict[str, QColor]:
        """Chart colours of the current theme, re-read only when the theme changes."""
        key = (resolve(self._prefs.theme), self._prefs.high_contrast)
        if self._colours is None or self._colours[0] != key:
            theme = current_theme(self._prefs)
            colours = chart_colours(theme.colours)
            colours["focus"] = theme.colour("focus")
            self._colours = (key, colours)
        return self._colours[1]

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()  # the height follows the text size

    def sizeHint(self) -> QSize:
        return QSize(640, round(trends_height(QFontMetricsF(self.font()).height())))

    def paintEvent(self, _event: QPaintEvent) -> None:
        colours = self.colours()
        painter = QPainter(self)
        try:
            if self.hasFocus():
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.setPen(QPen(colours["focus"], 2))
                painter.drawRoundedRect(QRectF(self.rect()).adjusted(2, 2, -2, -2), 10, 10)
            if self._data is None:
                painter.setPen(colours["muted"])
                painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), "Loading trends…")
                return
            window = window_for(self._data, self._span, self._today())
            margin = QFontMetricsF(self.font()).height()
            area = QRectF(self.rect()).adjusted(margin, margin, -margin, -margin)
            draw_trends(painter, area, self._data, colours, window)
        finally:
            painter.end()


class _Caption(QLabel):
    """A word before a row of controls, as tall as ``beside`` so its text lines up with theirs
    (a flow layout gives each its own height)."""

    def __init__(self, text: str, beside: QWidget) -> None:
        super().__init__(text)
        self._beside = beside

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self._beside.sizeHint().height()))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class TrendsView(QWidget):
    """Range buttons, the chart and its summary; ``load()`` fetches the data by the worker."""

    def __init__(self, ctx: AppContext, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.ctx = ctx
        self._generation = 0
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 12, 0, 0)
        box.setSpacing(12)

        choice = FlowLayout(spacing=16)  # the choices wrap on a narrow page
        self.ranges = QButtonGroup(self)
        self.range_buttons: dict[str, QRadioButton] = {}
        for span, label in MNEMONICS.items():
            button = QRadioButton(label)
            button.setProperty("answer", True)  # the well visible radio style of common.qss
            button.setAccessibleName(f"Show {RANGES[span]}")
            button.toggled.connect(lambda on, s=span: on and self.chart.set_span(s))
            self.ranges.addButton(button)
            self.range_buttons[span] = button
        choice.addWidget(_Caption("Show", self.range_buttons["3m"]))
        for button in self.range_buttons.values():
            choice.addWidget(button)
        box.addLayout(choice)

        self.chart = TrendsChart(ctx.prefs, today)
        self.summary = QLabel("")
        self.summary.setObjectName("TrendsSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAccessibleName("Trends in words")

        column = QWidget()
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 12, 0)
        inner.setSpacing(14)
        frame = QFrame()
        frame.setObjectName("Card")
        framed = QVBoxLayout(frame)
        framed.setContentsMargins(4, 4, 4, 4)
        framed.addWidget(self.chart)
        inner.addWidget(frame)
        title = QLabel("In words")
        title.setObjectName("SectionTitle")
        inner.addWidget(title)
        inner.addWidget(self.summary)
        inner.addStretch(1)
        box.addWidget(LateScrollArea(column), 1)
        self.range_buttons["3m"].setChecked(True)
        self.stale = True
        self.summary_lines: list[str] = []

    def load(self) -> None:
        """Fetch the trend data off the GUI thread; the chart says "Loading" meanwhile."""
        self._generation += 1
        generation = self._generation
        self.stale = False
        self.ctx.worker.submit(
            trend_series,
            lambda data: self._show(generation, data),
            lambda error: self._failed(generation, error),
        )

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self.stale = True  # try again the next time the tab is shown
            self.summary_lines = ["The trends could not be loaded just now."]
            self.summary.setText(self.summary_lines[0])
        self.ctx.worker.failed.emit(error)

    def _show(self, generation: int, data: TrendSeries) -> None:
        if generation != self._generation:
            return
        self.chart.set_data(data)
        self.summary_lines = trend_summary(data)
        # One short paragraph per fact, a little apart, so the eye finds each.
        self.summary.setText(
            "".join(
                f'<p style="margin: 0 0 8px 0">{escape(line)}</p>' for line in self.summary_lines
            )
        )
        self.chart.setAccessibleDescription(" ".join(self.summary_lines))
