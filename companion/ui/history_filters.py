"""The History filters: a search field always in view and, behind a toggle, kind, side effect
and dates: in one row in a wide window, in a short form at 200% text.

Each filter has its label beside it rather than above, and the two date fields show only for
"Choose dates", so that at 200% text the open filters still leave room for the list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from itertools import pairwise

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.export.charts import add_months
from companion.storage.history import HistoryFilter, SideEffectOption
from companion.ui.date_field import DateField
from companion.ui.field_grid import FieldGrid
from companion.ui.fitting_picker import ElidingComboBox

SEARCH_DELAY_MS = 350
KINDS = (("All entries", None), ("After a session", "session"), ("Daily check-ins", "daily"))
CUSTOM = "custom"
#: (label, months back): None is any time; CUSTOM takes the two date fields as they are.
PERIODS: tuple[tuple[str, int | str | None], ...] = (
    ("Any time", None),
    ("Last month", 1),
    ("Last 3 months", 3),
    ("Last 12 months", 12),
    ("Choose dates", CUSTOM),
)
#: Characters of a side effect a narrow box shows at the least (its list shows them whole).
SIDE_EFFECT_CHARS = 8


def _to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class FilterBar(QWidget):
    """Search, then kind, side effect and dates, which can be folded away.
    ``on_change`` runs at once for a choice, after a pause for typing."""

    def __init__(
        self,
        on_change: Callable[[], None],
        today: Callable[[], date],
        panel_open: bool = True,
    ) -> None:
        super().__init__()
        self._on_change = on_change
        self._today = today
        self._span: tuple[date, date] | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._changed)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Words in reflections, notes or tags")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search entries")
        self.search.setAccessibleDescription(
            "Shows entries whose reflections, notes for your therapist or tags contain every word"
        )
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 10)  # fits 200% text
        self.search.textChanged.connect(lambda _text: self._debounce.start())

        self.kind = ElidingComboBox()
        for label, value in KINDS:
            self.kind.addItem(label, value)
        self.kind.setAccessibleName("Kind of entry")

        self.side_effect = ElidingComboBox()
        # As wide as its longest choice where there is room; narrower where there is not.
        self.side_effect.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.side_effect.setMinimumContentsLength(SIDE_EFFECT_CHARS)
        self.side_effect.setAccessibleName("Side effect")
        self.side_effect.setAccessibleDescription("Shows only entries that noted this side effect")

        self.period = ElidingComboBox()
        for label, value in PERIODS:
            self.period.addItem(label, value)
        self.period.setAccessibleName("Dates")
        self.period.setAccessibleDescription(
            "Any time, a recent stretch, or between two dates you choose"
        )
        self.start = self._date_edit("From date")
        self.end = self._date_edit("To date")

        self.toggle = QPushButton()
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName("Filters")
        self.toggle.setAccessibleDescription("Shows or hides kind, side effect and date filters")
        searching = QWidget()
        row = QHBoxLayout(searching)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        row.addWidget(self.search, 1)
        row.addWidget(self.toggle)

        self.grid = FieldGrid()
        self.grid.add("&Search", searching, wide=True).setBuddy(self.search)
        for label, field in (
            ("&Kind", self.kind),
            ("Side effe&ct", self.side_effect),
            ("&Dates", self.period),
        ):
            self.grid.add(label, field)
        self.grid.add("Fr&om", self.start, new_row=True)  # Alt+F is the File menu
        self.grid.add("&Until", self.end)  # Alt+T is the Trends tab
        self.set_side_effects([])
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.grid)
        order = (self.search, self.toggle, self.kind, self.side_effect, self.period, self.start)
        for first, second in pairwise((*order, self.end)):
            QWidget.setTabOrder(first, second)
        self.toggle.toggled.connect(self._show_panel)
        self.toggle.setChecked(panel_open)
        self._show_panel(panel_open)

        self.kind.currentIndexChanged.connect(lambda _i: self._changed())
        self.side_effect.currentIndexChanged.connect(lambda _i: self._changed())
        self.period.currentIndexChanged.connect(lambda _i: self._period_chosen())
        for edit in (self.start, self.end):
            edit.dateChanged.connect(lambda _d: self._dates_typed())

    @property
    def last(self) -> QWidget:
        """The last filter in the Tab order."""
        return self.end

    def _changed(self) -> None:
        self._label_toggle()
        self._on_change()

    @property
    def panel_open(self) -> bool:
        return self.toggle.isChecked()

    def _show_panel(self, shown: bool) -> None:
        for field in (self.kind, self.side_effect, self.period):
            self.grid.set_shown(field, shown)
        self._show_period()
        self._label_toggle()

    def _label_toggle(self) -> None:
        """Say in words whether the panel is open and how many of its filters are on."""
        on = sum(
            (
                self.kind.currentIndex() > 0,
                self.side_effect.currentIndex() > 0,
                self.period.currentIndex() > 0,
            )
        )
        arrow = "▾" if self.toggle.isChecked() else "▸"
        self.toggle.setText(f"F&ilters ({on} on) {arrow}" if on else f"F&ilters {arrow}")

    def _date_edit(self, name: str) -> DateField:
        edit = DateField()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setAccessibleName(name)
        edit.setMinimumDate(QDate(1900, 1, 1))
        return edit

    # --- what the fields say -----------------------------------------------------------------
    def set_side_effects(self, options: list[SideEffectOption]) -> None:
        """Offer the recorded side effects, keeping the current choice when it still exists."""
        chosen = self.side_effect.currentData()
        self.side_effect.blockSignals(True)
        self.side_effect.clear()
        self.side_effect.addItem("Any side effect", ())
        for option in options:
            noun = "entry" if option.entries == 1 else "entries"
            self.side_effect.addItem(f"{option.label} ({option.entries} {noun})", option.names)
        index = self.side_effect.findData(chosen) if chosen else 0
        self.side_effect.setCurrentIndex(max(0, index))
        self.side_effect.blockSignals(False)
        self.grid.refit()  # the longest name may have changed
        if chosen and index < 0:
            self._changed()  # the chosen side effect is gone (entries deleted)

    def set_span(self, span: tuple[date, date] | None) -> None:
        self._span = span
        self._show_period()

    def _period_range(self) -> tuple[date, date]:
        today = self._today()
        months = self.period.currentData()
        if isinstance(months, int):
            return add_months(today, -months) + timedelta(days=1), today
        first = self._span[0] if self._span else today
        return min(first, today), max(today, self._span[1] if self._span else today)

    def _show_period(self) -> None:
        """Fill the date fields with what a preset means (custom dates are left alone); they
        are shown only for custom dates."""
        custom = self.period.currentData() == CUSTOM
        for edit in (self.start, self.end):
            self.grid.set_shown(edit, custom and self.panel_open)
        if custom:
            return
        first, last = self._period_range()
        for edit, day in ((self.start, first), (self.end, last)):
            edit.blockSignals(True)
            edit.setDate(_to_qdate(day))
            edit.blockSignals(False)

    def _period_chosen(self) -> None:
        self._show_period()
        self._changed()

    def _dates_typed(self) -> None:
        """Editing a date means "Choose dates"."""
        self.period.blockSignals(True)
        self.period.setCurrentIndex(self.period.findData(CUSTOM))
        self.period.blockSignals(False)
        self._show_period()
        self._changed()

    def current(self) -> HistoryFilter:
        self._debounce.stop()
        period = self.period.currentData()
        start: date | None = None
        end: date | None = None
        if period == CUSTOM:
            start, end = sorted((self.start.date().toPython(), self.end.date().toPython()))
        elif isinstance(period, int):
            start, end = self._period_range()
        return HistoryFilter(
            start=start,
            end=end,
            kind=self.kind.currentData(),
            side_effects=tuple(self.side_effect.currentData() or ()),
            text=self.search.text().strip(),
        )

    def clear(self) -> None:
        for combo in (self.kind, self.side_effect, self.period):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._show_period()
        self._changed()
