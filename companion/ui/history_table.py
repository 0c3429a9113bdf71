"""The History list as a table that fits its width at any text size.

Nothing scrolls sideways: the notes column takes the room that is left and elides (its tooltip
and what a screen reader says hold everything), and when even that room runs out the less
important columns step aside one by one, see ``FITS``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from companion.ui.history_model import (
    ANXIETY,
    DATE,
    KIND,
    MOOD,
    NOTES,
    SIDE_EFFECTS,
    Fit,
    HistoryModel,
    date_text,
)

#: From the widest way of showing the list to the narrowest; the first that fits is used.
FITS = (
    Fit(),
    Fit(frozenset({SIDE_EFFECTS})),
    Fit(frozenset({SIDE_EFFECTS}), short_dates=True),
    Fit(frozenset({SIDE_EFFECTS, ANXIETY}), short_dates=True),
    Fit(frozenset({SIDE_EFFECTS, ANXIETY, KIND}), short_dates=True),
)
#: The widest dates: every month and every weekday.
DATE_SAMPLES = [date(2026, month, 28) for month in range(1, 13)] + [
    date(2026, 1, day) for day in range(19, 26)
]
#: Rows a table keeps room for, however short the window.
LEAST_ROWS = 2
#: Characters the notes column shows at the least before other columns step aside.
LEAST_NOTES = 16
ROW_HEIGHT = 1.8  # lines of text


class EntryTable(QTableView):
    """The entry list; row height and column widths follow the text size and the width."""

    def __init__(self, model: HistoryModel) -> None:
        super().__init__()
        self.setModel(model)
        self._model = model
        self.setAccessibleName("Journal entries")
        self.setAccessibleDescription("Newest first. Enter or double-click opens the entry.")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(NOTES, QHeaderView.ResizeMode.Stretch)
        self._fit_to_font()

    def _fit_to_font(self) -> None:
        row = round(self.fontMetrics().height() * ROW_HEIGHT)
        self.verticalHeader().setDefaultSectionSize(row)
        frame = 2 * self.frameWidth()
        self.setMinimumHeight(
            self.horizontalHeader().sizeHint().height() + LEAST_ROWS * row + frame
        )
        self._fit_columns()

    def _widths(self, short_dates: bool) -> dict[int, int]:
        """What each column but the notes needs to show its heading and text in full."""
        metrics = self.fontMetrics()
        bold = self.horizontalHeader().fontMetrics()
        pad = metrics.height() + 8  # the cells' and the header's padding in common.qss
        samples = {
            DATE: [date_text(day, short=short_dates) for day in DATE_SAMPLES],
            KIND: ["Session 888"],
            MOOD: ["10"],
            ANXIETY: ["10"],
            SIDE_EFFECTS: ["Nausea (mild)"],
        }
        return {
            column: max(
                bold.horizontalAdvance(
                    str(self._model.headerData(column, Qt.Orientation.Horizontal))
                ),
                *(metrics.horizontalAdvance(text) for text in texts),
            )
            + pad
            for column, texts in samples.items()
        }

    def _fit_columns(self) -> None:
        """Choose the widest ``FITS`` that leaves the notes room; side effects (when shown)
        take a third of what is left and the notes the rest."""
        # The vertical scroll bar is counted as shown, so that its coming and going (a short
        # list, a filter) does not change what is shown.
        room = self.maximumViewportSize().width() - self.verticalScrollBar().sizeHint().width()
        notes = self.fontMetrics().averageCharWidth() * LEAST_NOTES
        for fit in FITS:
            widths = {
                column: width
                for column, width in self._widths(fit.short_dates).items()
                if column not in fit.hidden
            }
            if sum(widths.values()) + notes <= room:
                break
        if SIDE_EFFECTS in widths:
            free = room - sum(width for c, width in widths.items() if c != SIDE_EFFECTS)
            widths[SIDE_EFFECTS] = min(max(widths[SIDE_EFFECTS], free // 3), free - notes)
        self._model.set_fit(fit)
        for column in range(self._model.columnCount()):
            self.setColumnHidden(column, column in fit.hidden)
            if column in widths:
                self.setColumnWidth(column, widths[column])

    def sizeHint(self) -> QSize:
        """No more than the least height: the list takes whatever room the screen leaves it
        (a taller wish would make a short window scroll the page for nothing)."""
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_to_font()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()
